//! Deadlines and cancellation belong to the assigner: the lead agency requests an extension (with
//! the due date it asks for) or a cancellation, with a reason; the assigning agency grants or
//! refuses it. One request of each kind waits at a time. A granted extension moves the due date
//! through [`deadlines::move_due_date`] (history, and the evaluation's deadline rule); a granted
//! cancellation cancels the task (it leaves the roll-up and the evaluation only then).

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::completion::{audit_step, reload, Reason};
use super::deadlines::{self, Move};
use super::ensure_live;
use super::{facts_of, rollup, visible, Task, TaskRow, TaskStatus};
use crate::auth::Caller;
use crate::db::schema::{task_requests, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode};
use crate::extract::{Json, Load, Visible};
use crate::page::Page;
use crate::policy::{self, TaskFacts};
use crate::state::AppState;

text_enum!(
    /// What the lead agency asks the assigning agency for.
    RequestKind { Extension => "extension", Cancellation => "cancellation" }
);

text_enum!(
    /// pending → granted | refused.
    RequestStatus { Pending => "pending", Granted => "granted", Refused => "refused" }
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRequest {
    pub kind: RequestKind,
    /// Why the lead agency asks.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub reason: String,
    /// The due date asked for: required for an extension (later than the current due date and
    /// not after the parent task's), absent for a cancellation.
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = task_requests)]
pub struct RequestRow {
    pub id: String,
    pub task_id: String,
    #[diesel(deserialize_as = String)]
    pub kind: RequestKind,
    pub reason: String,
    pub due_date: Option<NaiveDate>,
    #[diesel(deserialize_as = String)]
    pub status: RequestStatus,
    pub requested_by: String,
    pub requested_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
}

/// What the caller may do with a request now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequestActions {
    /// `POST /task-requests/{id}/grant`.
    pub grant: bool,
    /// `POST /task-requests/{id}/refuse`.
    pub refuse: bool,
}

/// An extension or cancellation request and the decision on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskRequest {
    pub id: String,
    pub task_id: String,
    pub kind: RequestKind,
    pub reason: String,
    /// The due date asked for (extensions).
    pub due_date: Option<NaiveDate>,
    pub status: RequestStatus,
    pub requested_by: String,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was refused.
    pub decision_reason: Option<String>,
    pub actions: RequestActions,
}

fn views(
    conn: &mut DbConn,
    caller: &Caller,
    facts: &TaskFacts,
    rows: Vec<RequestRow>,
) -> Result<Vec<TaskRequest>, ApiError> {
    let people = crate::users::display_names(
        conn,
        rows.iter().flat_map(|r| {
            [Some(&r.requested_by), r.decided_by.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
        }),
    )?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let requested = people.get(&r.requested_by).cloned().unwrap_or_default();
            let decided = r.decided_by.as_ref().and_then(|d| people.get(d).cloned());
            view(caller, facts, r, requested, decided)
        })
        .collect())
}

fn one(
    conn: &mut DbConn,
    caller: &Caller,
    facts: &TaskFacts,
    row: RequestRow,
) -> Result<TaskRequest, ApiError> {
    Ok(views(conn, caller, facts, vec![row])?
        .pop()
        .expect("one request"))
}

fn view(
    caller: &Caller,
    facts: &TaskFacts,
    r: RequestRow,
    requested_by_name: String,
    decided_by_name: Option<String>,
) -> TaskRequest {
    let decide = r.status == RequestStatus::Pending
        && facts.resolution_open
        && !facts.status.is_closed()
        && policy::decide_task(caller, facts).is_ok();
    TaskRequest {
        actions: RequestActions {
            grant: decide,
            refuse: decide,
        },
        id: r.id,
        task_id: r.task_id,
        kind: r.kind,
        reason: r.reason,
        due_date: r.due_date,
        status: r.status,
        requested_by: r.requested_by,
        requested_by_name,
        decided_by_name,
        requested_at: r.requested_at.and_utc(),
        decided_by: r.decided_by,
        decided_at: r.decided_at.map(|t| t.and_utc()),
        decision_reason: r.decision_reason,
    }
}

/// A request the caller may see (it sees the request's task), with that task.
pub struct Loaded {
    pub row: RequestRow,
    pub task: TaskRow,
}

impl Load for Loaded {
    const WHAT: &'static str = "task request";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        let row: RequestRow = task_requests::table
            .find(id)
            .select(RequestRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("task request"))?;
        let task =
            visible(conn, caller, &row.task_id).map_err(|_| ApiError::not_found("task request"))?;
        Ok(Loaded { row, task })
    }
}

fn ensure_running(task: &TaskRow) -> Result<(), ApiError> {
    if task.status.is_closed() {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            format!("the task is {}", task.status.as_str()),
        ));
    }
    Ok(())
}

/// The extension's due date must be later than the current one and fit under the parent task.
fn check_extension(
    conn: &mut DbConn,
    task: &TaskRow,
    due: Option<NaiveDate>,
) -> Result<NaiveDate, ApiError> {
    let Some(due) = due else {
        return Err(ApiError::invalid_as(
            "due_date",
            FieldCode::Required,
            "an extension asks for a due date",
        ));
    };
    if due <= task.due_date {
        return Err(ApiError::invalid(
            "due_date",
            format!("must be later than the current due date {}", task.due_date),
        ));
    }
    if let Some(parent) = &task.parent_id {
        let parent_due: NaiveDate = tasks::table
            .find(parent)
            .select(tasks::due_date)
            .first(conn)?;
        if due > parent_due {
            return Err(ApiError::invalid(
                "due_date",
                format!("must not be after the parent task's due date {parent_due}"),
            ));
        }
    }
    Ok(due)
}

fn load_row(conn: &mut DbConn, id: &str) -> Result<RequestRow, ApiError> {
    Ok(task_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)?)
}

/// The lead agency files an extension or cancellation request.
pub fn file_in(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    input: &FileRequest,
) -> Result<TaskRequest, ApiError> {
    let facts = facts_of(conn, caller, task)?;
    policy::request_change(caller, &facts)?;
    ensure_live(conn, task)?;
    ensure_running(task)?;
    let due = match input.kind {
        RequestKind::Extension => Some(check_extension(conn, task, input.due_date)?),
        RequestKind::Cancellation if input.due_date.is_some() => {
            return Err(ApiError::invalid(
                "due_date",
                "only an extension asks for a due date",
            ))
        }
        RequestKind::Cancellation => None,
    };
    let waiting: i64 = task_requests::table
        .filter(task_requests::task_id.eq(&task.id))
        .filter(task_requests::kind.eq(input.kind.as_str()))
        .filter(task_requests::status.eq(RequestStatus::Pending.as_str()))
        .count()
        .get_result(conn)?;
    if waiting > 0 {
        return Err(ApiError::conflict(
            ErrorCode::RequestPending,
            format!(
                "an {} request is already waiting for a decision",
                input.kind.as_str()
            ),
        ));
    }
    let id = new_id();
    diesel::insert_into(task_requests::table)
        .values((
            task_requests::id.eq(&id),
            task_requests::task_id.eq(&task.id),
            task_requests::kind.eq(input.kind.as_str()),
            task_requests::reason.eq(input.reason.trim()),
            task_requests::due_date.eq(due),
            task_requests::status.eq(RequestStatus::Pending.as_str()),
            task_requests::requested_by.eq(&caller.user_id),
            task_requests::requested_at.eq(now()),
        ))
        .execute(conn)?;
    let row = load_row(conn, &id)?;
    let action = match input.kind {
        RequestKind::Extension => "extension_requested",
        RequestKind::Cancellation => "cancellation_requested",
    };
    audit_step(conn, caller, action, task, task, &row)?;
    one(conn, caller, &facts, row)
}

fn waiting(row: &RequestRow) -> Result<(), ApiError> {
    if row.status != RequestStatus::Pending {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyDecided,
            format!("the request was already {}", row.status.as_str()),
        ));
    }
    Ok(())
}

fn decide(
    conn: &mut DbConn,
    caller: &Caller,
    row: &RequestRow,
    status: RequestStatus,
    reason: Option<&str>,
) -> Result<RequestRow, ApiError> {
    diesel::update(task_requests::table.find(&row.id))
        .set((
            task_requests::status.eq(status.as_str()),
            task_requests::decided_by.eq(Some(&caller.user_id)),
            task_requests::decided_at.eq(Some(now())),
            task_requests::decision_reason.eq(reason),
        ))
        .execute(conn)?;
    load_row(conn, &row.id)
}

/// The assigning agency grants a request: the due date moves (kept as history), or the task is
/// cancelled.
pub fn grant_in(conn: &mut DbConn, caller: &Caller, loaded: &Loaded) -> Result<Task, ApiError> {
    let Loaded { row, task } = loaded;
    policy::decide_task(caller, &facts_of(conn, caller, task)?)?;
    ensure_live(conn, task)?;
    waiting(row)?;
    ensure_running(task)?;
    match row.kind {
        RequestKind::Extension => {
            let due = check_extension(conn, task, row.due_date)?;
            deadlines::move_due_date(
                conn,
                caller,
                task,
                Move {
                    to: due,
                    reason: Some(&row.reason),
                    request_id: Some(&row.id),
                },
            )?;
        }
        RequestKind::Cancellation => {
            if task.status == TaskStatus::AwaitingAcceptance {
                return Err(ApiError::conflict(
                    ErrorCode::CompletionPending,
                    "decide the waiting completion proposal first",
                ));
            }
        }
    }
    let cancels = row.kind == RequestKind::Cancellation;
    diesel::update(tasks::table.find(&task.id))
        .set((
            cancels.then_some(tasks::status.eq(TaskStatus::Cancelled.as_str())),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let decided = decide(conn, caller, row, RequestStatus::Granted, None)?;
    if cancels {
        rollup::from_parent(conn, &task.resolution_id, task.parent_id.clone())?;
    }
    let after = reload(conn, &task.id)?;
    audit_step(conn, caller, "request_granted", task, &after, &decided)?;
    crate::notify::decided(
        conn,
        task,
        crate::notify::NotificationKind::RequestDecided,
        &decided.id,
        &decided.requested_by,
        match decided.kind {
            RequestKind::Extension => "đề nghị gia hạn được chấp thuận",
            RequestKind::Cancellation => "đề nghị hủy nhiệm vụ được chấp thuận",
        },
        None,
    )?;
    super::view(conn, caller, after)
}

/// The assigning agency refuses a request with a reason; the task stays as it was.
pub fn refuse_in(
    conn: &mut DbConn,
    caller: &Caller,
    loaded: &Loaded,
    reason: &str,
) -> Result<TaskRequest, ApiError> {
    let Loaded { row, task } = loaded;
    let facts = facts_of(conn, caller, task)?;
    policy::decide_task(caller, &facts)?;
    ensure_live(conn, task)?;
    waiting(row)?;
    let decided = decide(
        conn,
        caller,
        row,
        RequestStatus::Refused,
        Some(reason.trim()),
    )?;
    audit_step(conn, caller, "request_refused", task, task, &decided)?;
    crate::notify::decided(
        conn,
        task,
        crate::notify::NotificationKind::RequestDecided,
        &decided.id,
        &decided.requested_by,
        match decided.kind {
            RequestKind::Extension => "đề nghị gia hạn không được chấp thuận",
            RequestKind::Cancellation => "đề nghị hủy nhiệm vụ không được chấp thuận",
        },
        Some(reason.trim()),
    )?;
    one(conn, caller, &facts, decided)
}

/// Requests an extension or a cancellation (planners and reporters of the lead agency itself).
#[utoipa::path(
    operation_id = "file_task_request",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = FileRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, body = TaskRequest),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request of this kind is waiting, the task is closed, or the resolution is", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason, or a due date that is missing, not later, or after the parent's", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/requests")]
pub async fn file(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
    body: Json<FileRequest>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = task;
    let input = body.0;
    let request = state
        .db
        .write(move |conn| file_in(conn, &caller, &object, &input))
        .await?;
    Ok(HttpResponse::Created().json(request))
}

/// The task's requests and their decisions, newest first.
#[utoipa::path(
    operation_id = "list_task_requests",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<TaskRequest>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/requests")]
pub async fn list(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Page<TaskRequest>>, ApiError> {
    let Visible { caller, object } = task;
    let page = state
        .db
        .run(move |conn| {
            let rows: Vec<RequestRow> = task_requests::table
                .filter(task_requests::task_id.eq(&object.id))
                .order((task_requests::requested_at.desc(), task_requests::id.desc()))
                .select(RequestRow::as_select())
                .load(conn)?;
            let facts = facts_of(conn, &caller, &object)?;
            Ok(Page::whole(views(conn, &caller, &facts, rows)?))
        })
        .await?;
    Ok(web::Json(page))
}

/// Grants a waiting request (the planners of the assigning agency); answers the task as it is now.
#[utoipa::path(
    operation_id = "grant_task_request",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Request id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided, the task is closed or awaiting acceptance", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The due date no longer fits (the task's or its parent's moved)", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/task-requests/{id}/grant")]
pub async fn grant(
    state: web::Data<AppState>,
    request: Visible<Loaded>,
) -> Result<web::Json<Task>, ApiError> {
    let Visible { caller, object } = request;
    let task = state
        .db
        .write(move |conn| grant_in(conn, &caller, &object))
        .await?;
    Ok(web::Json(task))
}

/// Refuses a waiting request with a reason (the planners of the assigning agency).
#[utoipa::path(
    operation_id = "refuse_task_request",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Request id")),
    request_body = Reason,
    security(("bearer" = [])),
    responses(
        (status = 200, body = TaskRequest),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/task-requests/{id}/refuse")]
pub async fn refuse(
    state: web::Data<AppState>,
    request: Visible<Loaded>,
    body: Json<Reason>,
) -> Result<web::Json<TaskRequest>, ApiError> {
    let Visible { caller, object } = request;
    let reason = body.0.reason;
    let request = state
        .db
        .write(move |conn| refuse_in(conn, &caller, &object, &reason))
        .await?;
    Ok(web::Json(request))
}
