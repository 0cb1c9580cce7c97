//! Directives (chỉ đạo): an agency above a task's lead agency directs it, with an optional due
//! date; the lead agency answers (and may revise its answer until the directive is closed); the
//! directing agency, or one above it, closes it. Each step is audited and answered with the
//! directive's `actions`.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{facts_of, visible, TaskRow, TaskStatus};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::directives;
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{Json, Load, Visible};
use crate::page::Page;
use crate::policy::{self, DirectiveActions};
use crate::resolutions::ResolutionStatus;
use crate::state::AppState;

text_enum!(
    /// open → answered (the lead agency answered; it may revise) → closed (by the directing side).
    DirectiveStatus { Open => "open", Answered => "answered", Closed => "closed" }
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueDirective {
    /// What the lead agency is directed to do.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// By when an answer is expected (optional; today or later).
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerDirective {
    /// What the lead agency did or will do.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = directives)]
pub struct DirectiveRow {
    pub id: String,
    pub task_id: String,
    pub issuing_agency_id: String,
    pub issued_by: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    #[diesel(deserialize_as = String)]
    pub status: DirectiveStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A directive on a task, with its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Directive {
    pub id: String,
    pub task_id: String,
    /// The directing agency.
    pub issuing_agency_id: String,
    pub issuing_agency_name: String,
    pub issued_by: String,
    pub issued_by_name: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    pub status: DirectiveStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// What the caller may do with this directive now.
    pub actions: DirectiveActions,
}

/// A directive the caller may see (it sees the directive's task), with that task.
pub struct Loaded {
    pub row: DirectiveRow,
    pub task: TaskRow,
}

impl Load for Loaded {
    const WHAT: &'static str = "directive";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        let row: DirectiveRow = directives::table
            .find(id)
            .select(DirectiveRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("directive"))?;
        let task =
            visible(conn, caller, &row.task_id).map_err(|_| ApiError::not_found("directive"))?;
        Ok(Loaded { row, task })
    }
}

fn views(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    rows: Vec<DirectiveRow>,
) -> Result<Vec<Directive>, ApiError> {
    let facts = facts_of(conn, caller, task)?;
    let issuers = crate::scope::contained(
        conn,
        &caller.agency_id,
        rows.iter().map(|r| r.issuing_agency_id.as_str()),
    )?;
    let agency_names =
        crate::agencies::names(conn, rows.iter().map(|r| r.issuing_agency_id.as_str()))?;
    let people = crate::users::display_names(
        conn,
        rows.iter().flat_map(|r| {
            [
                Some(&r.issued_by),
                r.answered_by.as_ref(),
                r.closed_by.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
        }),
    )?;
    let name = |id: &Option<String>| id.as_ref().and_then(|i| people.get(i).cloned());
    Ok(rows
        .into_iter()
        .map(|r| {
            let actions = if facts.resolution_open && task.status != TaskStatus::Cancelled {
                policy::directive_actions(
                    caller,
                    &facts,
                    issuers.contains(&r.issuing_agency_id),
                    r.status == DirectiveStatus::Closed,
                )
            } else {
                DirectiveActions::default()
            };
            Directive {
                actions,
                issuing_agency_name: agency_names
                    .get(&r.issuing_agency_id)
                    .cloned()
                    .unwrap_or_default(),
                issued_by_name: people.get(&r.issued_by).cloned().unwrap_or_default(),
                answered_by_name: name(&r.answered_by),
                closed_by_name: name(&r.closed_by),
                id: r.id,
                task_id: r.task_id,
                issuing_agency_id: r.issuing_agency_id,
                issued_by: r.issued_by,
                text: r.text,
                due_date: r.due_date,
                status: r.status,
                answer: r.answer,
                answered_by: r.answered_by,
                answered_at: r.answered_at.map(|t| t.and_utc()),
                closed_by: r.closed_by,
                closed_at: r.closed_at.map(|t| t.and_utc()),
                created_at: r.created_at.and_utc(),
            }
        })
        .collect())
}

fn view(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    row: DirectiveRow,
) -> Result<Directive, ApiError> {
    Ok(views(conn, caller, task, vec![row])?
        .pop()
        .expect("one directive"))
}

/// A closed resolution, or a cancelled task, takes no more reports, directives or answers (409).
pub fn ensure_live(conn: &mut DbConn, task: &TaskRow) -> Result<(), ApiError> {
    use crate::db::schema::resolutions;
    let status: String = resolutions::table
        .find(&task.resolution_id)
        .select(resolutions::status)
        .first(conn)?;
    if status.parse::<ResolutionStatus>()? == ResolutionStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::ResolutionClosed,
            "the resolution is closed",
        ));
    }
    if task.status == TaskStatus::Cancelled {
        return Err(ApiError::conflict(
            ErrorCode::TaskCancelled,
            "the task is cancelled",
        ));
    }
    Ok(())
}

fn reload(conn: &mut DbConn, id: &str) -> Result<DirectiveRow, ApiError> {
    Ok(directives::table
        .find(id)
        .select(DirectiveRow::as_select())
        .first(conn)?)
}

fn audit_step(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    task: &TaskRow,
    before: Option<&DirectiveRow>,
    after: &DirectiveRow,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "directive",
            entity_id: &after.id,
            agency_id: Some(&task.lead_agency_id),
            before,
            after: Some(after),
        },
    )
}

/// Directs the task's lead agency: the service behind `POST /tasks/{id}/directives`.
pub fn issue_in(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    input: &IssueDirective,
) -> Result<Directive, ApiError> {
    policy::issue_directive(caller, &facts_of(conn, caller, task)?)?;
    if input.due_date.is_some_and(|d| d < super::today()) {
        return Err(ApiError::invalid("due_date", "must not be in the past"));
    }
    ensure_live(conn, task)?;
    let id = new_id();
    let at = now();
    diesel::insert_into(directives::table)
        .values((
            directives::id.eq(&id),
            directives::task_id.eq(&task.id),
            directives::issuing_agency_id.eq(&caller.agency_id),
            directives::issued_by.eq(&caller.user_id),
            directives::text.eq(input.text.trim()),
            directives::due_date.eq(input.due_date),
            directives::status.eq(DirectiveStatus::Open.as_str()),
            directives::created_at.eq(at),
            directives::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row = reload(conn, &id)?;
    audit_step(conn, caller, "issue", task, None, &row)?;
    crate::notify::directive_issued(conn, task, &row.id, &row.text, row.due_date)?;
    view(conn, caller, task, row)
}

/// The lead agency answers: the service behind `POST /directives/{id}/answer`.
pub fn answer_in(
    conn: &mut DbConn,
    caller: &Caller,
    loaded: &Loaded,
    text: &str,
) -> Result<Directive, ApiError> {
    let Loaded { row: before, task } = loaded;
    policy::answer_directive(caller, &facts_of(conn, caller, task)?)?;
    ensure_live(conn, task)?;
    if before.status == DirectiveStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            "the directive is closed",
        ));
    }
    let at = now();
    diesel::update(directives::table.find(&before.id))
        .set((
            directives::status.eq(DirectiveStatus::Answered.as_str()),
            directives::answer.eq(Some(text.trim())),
            directives::answered_by.eq(Some(&caller.user_id)),
            directives::answered_at.eq(Some(at)),
            directives::updated_at.eq(at),
        ))
        .execute(conn)?;
    let after = reload(conn, &before.id)?;
    audit_step(conn, caller, "answer", task, Some(before), &after)?;
    view(conn, caller, task, after)
}

/// Directs the task's lead agency (planners and approvers of an agency above it).
#[utoipa::path(
    operation_id = "issue_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = IssueDirective,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed resolution or cancelled task", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/directives")]
pub async fn issue(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
    body: Json<IssueDirective>,
) -> Result<HttpResponse, ApiError> {
    let Visible {
        caller,
        object: task,
    } = task;
    let input = body.0;
    let directive = state
        .db
        .write(move |conn| issue_in(conn, &caller, &task, &input))
        .await?;
    Ok(HttpResponse::Created().json(directive))
}

/// The task's directives, newest first.
#[utoipa::path(
    operation_id = "list_directives",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Directive>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/directives")]
pub async fn list(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Page<Directive>>, ApiError> {
    let Visible {
        caller,
        object: task,
    } = task;
    let page = state
        .db
        .run(move |conn| {
            let rows: Vec<DirectiveRow> = directives::table
                .filter(directives::task_id.eq(&task.id))
                .order((directives::created_at.desc(), directives::id.desc()))
                .select(DirectiveRow::as_select())
                .load(conn)?;
            Ok(Page::whole(views(conn, &caller, &task, rows)?))
        })
        .await?;
    Ok(web::Json(page))
}

/// Answers a directive (the task's lead agency); a later answer replaces it until it is closed.
#[utoipa::path(
    operation_id = "answer_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Directive id")),
    request_body = AnswerDirective,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directives/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    directive: Visible<Loaded>,
    body: Json<AnswerDirective>,
) -> Result<web::Json<Directive>, ApiError> {
    let Visible { caller, object } = directive;
    let text = body.0.text;
    let directive = state
        .db
        .write(move |conn| answer_in(conn, &caller, &object, &text))
        .await?;
    Ok(web::Json(directive))
}

/// Closes a directive (the directing agency, or one above it), answered or not.
#[utoipa::path(
    operation_id = "close_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Directive id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directives/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    directive: Visible<Loaded>,
) -> Result<web::Json<Directive>, ApiError> {
    let Visible { caller, object } = directive;
    let directive = state
        .db
        .write(move |conn| {
            let Loaded { row: before, task } = object;
            let issuer_in_scope = caller.sees_agency(conn, &before.issuing_agency_id)?;
            policy::close_directive(&caller, issuer_in_scope)?;
            ensure_live(conn, &task)?;
            if before.status == DirectiveStatus::Closed {
                return Err(ApiError::conflict(
                    ErrorCode::IllegalTransition,
                    "the directive is already closed",
                ));
            }
            let at = now();
            diesel::update(directives::table.find(&before.id))
                .set((
                    directives::status.eq(DirectiveStatus::Closed.as_str()),
                    directives::closed_by.eq(Some(&caller.user_id)),
                    directives::closed_at.eq(Some(at)),
                    directives::updated_at.eq(at),
                ))
                .execute(conn)?;
            let after = reload(conn, &before.id)?;
            audit_step(conn, &caller, "close", &task, Some(&before), &after)?;
            view(conn, &caller, &task, after)
        })
        .await?;
    Ok(web::Json(directive))
}
