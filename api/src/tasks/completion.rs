//! Completion is proposed, then accepted: the lead agency proposes completion with a result
//! summary and evidence (the task is `awaiting_acceptance`); the assigning agency accepts it (the
//! task is `completed` on the day of the proposal, with who accepted it and when) or returns it
//! with a reason (back to `in_progress`). A task whose sub-tasks are not all completed or cancelled
//! can be neither proposed nor accepted. Each step is audited on the task.

use actix_web::{get, post, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::ensure_live;
use super::{facts_of, rollup, view, Task, TaskRow, TaskStatus};
use crate::attachments::{self, Attachment, EvidenceOf};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{task_completions, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{Json, Visible};
use crate::page::Page;
use crate::policy::{self, TaskFacts};
use crate::state::AppState;

text_enum!(
    /// pending → accepted | returned.
    CompletionStatus { Pending => "pending", Accepted => "accepted", Returned => "returned" }
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeCompletion {
    /// The result: what was done and what it produced.
    #[validate(custom(function = "crate::validate::text"), length(max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub summary: String,
    /// Evidence: files of the lead agency from `POST /attachments`, at most 10.
    #[validate(length(max = 10))]
    #[schema(max_items = 10)]
    #[serde(default)]
    pub attachment_ids: Vec<uuid::Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Why (shown to the lead agency).
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub reason: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = task_completions)]
pub struct CompletionRow {
    pub id: String,
    pub task_id: String,
    pub summary: String,
    #[diesel(deserialize_as = String)]
    pub status: CompletionStatus,
    pub proposed_by: String,
    pub proposed_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
}

/// What the caller may do with a completion proposal now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CompletionActions {
    /// `POST /tasks/{id}/completion/accept`.
    pub accept: bool,
    /// `POST /tasks/{id}/completion/return`.
    pub r#return: bool,
}

/// A completion proposal and the assigning agency's decision on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Completion {
    pub id: String,
    pub task_id: String,
    pub summary: String,
    pub status: CompletionStatus,
    pub proposed_by: String,
    pub proposed_by_name: String,
    pub proposed_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was returned.
    pub reason: Option<String>,
    pub attachments: Vec<Attachment>,
    pub actions: CompletionActions,
}

fn views(
    conn: &mut DbConn,
    caller: &Caller,
    facts: &TaskFacts,
    rows: Vec<CompletionRow>,
) -> Result<Vec<Completion>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = attachments::of(conn, EvidenceOf::Completion, &ids)?;
    let decide = facts.resolution_open && policy::decide_task(caller, facts).is_ok();
    let people = crate::users::display_names(
        conn,
        rows.iter().flat_map(|r| {
            [Some(&r.proposed_by), r.decided_by.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
        }),
    )?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let pending = r.status == CompletionStatus::Pending;
            Completion {
                attachments: files.remove(&r.id).unwrap_or_default(),
                actions: CompletionActions {
                    accept: pending && decide,
                    r#return: pending && decide,
                },
                proposed_by_name: people.get(&r.proposed_by).cloned().unwrap_or_default(),
                decided_by_name: r.decided_by.as_ref().and_then(|d| people.get(d).cloned()),
                id: r.id,
                task_id: r.task_id,
                summary: r.summary,
                status: r.status,
                proposed_by: r.proposed_by,
                proposed_at: r.proposed_at.and_utc(),
                decided_by: r.decided_by,
                decided_at: r.decided_at.map(|t| t.and_utc()),
                reason: r.reason,
            }
        })
        .collect())
}

/// The task as the audit trail records one supervision step: the task row with the proposal,
/// request or decision that moved it.
#[derive(Serialize)]
pub(super) struct Step<'a, T: Serialize> {
    #[serde(flatten)]
    pub task: &'a TaskRow,
    pub step: &'a T,
}

pub(super) fn reload(conn: &mut DbConn, id: &str) -> Result<TaskRow, ApiError> {
    Ok(tasks::table
        .find(id)
        .select(TaskRow::as_select())
        .first(conn)?)
}

/// Records a supervision step on the task's audit trail.
pub(super) fn audit_step<T: Serialize>(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    before: &TaskRow,
    after: &TaskRow,
    step: &T,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "task",
            entity_id: &after.id,
            agency_id: Some(&after.lead_agency_id),
            before: Some(before),
            after: Some(&Step { task: after, step }),
        },
    )
}

/// 409 unless every sub-task is completed or cancelled.
pub(super) fn ensure_subtasks_closed(conn: &mut DbConn, task: &TaskRow) -> Result<(), ApiError> {
    let closed: Vec<&str> = TaskStatus::ALL
        .iter()
        .filter(|s| s.is_closed())
        .map(|s| s.as_str())
        .collect();
    let open: i64 = tasks::table
        .filter(tasks::parent_id.eq(&task.id))
        .filter(tasks::status.ne_all(closed))
        .count()
        .get_result(conn)?;
    if open > 0 {
        return Err(ApiError::conflict(
            ErrorCode::OpenSubtasks,
            format!("{open} sub-tasks are neither completed nor cancelled"),
        ));
    }
    Ok(())
}

fn pending(conn: &mut DbConn, task: &TaskRow) -> Result<CompletionRow, ApiError> {
    if task.status != TaskStatus::AwaitingAcceptance {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            "no completion proposal is waiting for a decision",
        ));
    }
    Ok(task_completions::table
        .filter(task_completions::task_id.eq(&task.id))
        .filter(task_completions::status.eq(CompletionStatus::Pending.as_str()))
        .select(CompletionRow::as_select())
        .first(conn)?)
}

fn bump(conn: &mut DbConn, id: &str, status: TaskStatus) -> Result<(), ApiError> {
    diesel::update(tasks::table.find(id))
        .set((
            tasks::status.eq(status.as_str()),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

fn decided(
    conn: &mut DbConn,
    caller: &Caller,
    row: &CompletionRow,
    status: CompletionStatus,
    reason: Option<&str>,
) -> Result<CompletionRow, ApiError> {
    diesel::update(task_completions::table.find(&row.id))
        .set((
            task_completions::status.eq(status.as_str()),
            task_completions::decided_by.eq(Some(&caller.user_id)),
            task_completions::decided_at.eq(Some(now())),
            task_completions::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(task_completions::table
        .find(&row.id)
        .select(CompletionRow::as_select())
        .first(conn)?)
}

/// The lead agency proposes completion; the task waits for the assigning agency's acceptance.
pub fn propose_in(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    input: &ProposeCompletion,
) -> Result<Task, ApiError> {
    policy::propose_completion(caller, &facts_of(conn, caller, task)?)?;
    ensure_live(conn, task)?;
    match task.status {
        TaskStatus::NotStarted | TaskStatus::InProgress => {}
        TaskStatus::AwaitingAcceptance => {
            return Err(ApiError::conflict(
                ErrorCode::CompletionPending,
                "a completion proposal is already waiting for a decision",
            ))
        }
        other => {
            return Err(ApiError::conflict(
                ErrorCode::IllegalTransition,
                format!("a {} task cannot be proposed as completed", other.as_str()),
            ))
        }
    }
    ensure_subtasks_closed(conn, task)?;
    let id = new_id();
    diesel::insert_into(task_completions::table)
        .values((
            task_completions::id.eq(&id),
            task_completions::task_id.eq(&task.id),
            task_completions::summary.eq(input.summary.trim()),
            task_completions::status.eq(CompletionStatus::Pending.as_str()),
            task_completions::proposed_by.eq(&caller.user_id),
            task_completions::proposed_at.eq(now()),
        ))
        .execute(conn)?;
    attachments::link(
        conn,
        caller,
        EvidenceOf::Completion,
        &id,
        &input.attachment_ids,
    )?;
    bump(conn, &task.id, TaskStatus::AwaitingAcceptance)?;
    let row: CompletionRow = task_completions::table
        .find(&id)
        .select(CompletionRow::as_select())
        .first(conn)?;
    let after = reload(conn, &task.id)?;
    audit_step(conn, caller, "completion_proposed", task, &after, &row)?;
    crate::webhooks::emit_task(
        conn,
        crate::webhooks::WebhookEvent::TaskCompletionProposed,
        &after,
    )?;
    view(conn, caller, after)
}

/// The assigning agency accepts the waiting proposal: the task is completed on the day of the
/// proposal (a leaf's progress becomes 100), and the parents' progress rolls up.
pub fn accept_in(conn: &mut DbConn, caller: &Caller, task: &TaskRow) -> Result<Task, ApiError> {
    policy::decide_task(caller, &facts_of(conn, caller, task)?)?;
    ensure_live(conn, task)?;
    let proposal = pending(conn, task)?;
    ensure_subtasks_closed(conn, task)?;
    let is_leaf = tasks::table
        .filter(tasks::parent_id.eq(&task.id))
        .count()
        .get_result::<i64>(conn)?
        == 0;
    let at = now();
    diesel::update(tasks::table.find(&task.id))
        .set((
            tasks::status.eq(TaskStatus::Completed.as_str()),
            tasks::completed_on.eq(Some(proposal.proposed_at.date())),
            tasks::accepted_at.eq(Some(at)),
            tasks::accepted_by.eq(Some(&caller.user_id)),
            is_leaf.then_some(tasks::progress.eq(100.0)),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row = decided(conn, caller, &proposal, CompletionStatus::Accepted, None)?;
    rollup::from_parent(conn, &task.resolution_id, task.parent_id.clone())?;
    let after = reload(conn, &task.id)?;
    audit_step(conn, caller, "completion_accepted", task, &after, &row)?;
    crate::webhooks::emit_task(conn, crate::webhooks::WebhookEvent::TaskAccepted, &after)?;
    crate::notify::decided(
        conn,
        task,
        crate::notify::NotificationKind::CompletionDecided,
        &row.id,
        &row.proposed_by,
        "đề nghị hoàn thành được chấp nhận",
        None,
    )?;
    view(conn, caller, after)
}

/// The assigning agency returns the waiting proposal with a reason: back to `in_progress`.
pub fn return_in(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    reason: &str,
) -> Result<Task, ApiError> {
    policy::decide_task(caller, &facts_of(conn, caller, task)?)?;
    ensure_live(conn, task)?;
    let proposal = pending(conn, task)?;
    let row = decided(
        conn,
        caller,
        &proposal,
        CompletionStatus::Returned,
        Some(reason.trim()),
    )?;
    bump(conn, &task.id, TaskStatus::InProgress)?;
    let after = reload(conn, &task.id)?;
    audit_step(conn, caller, "completion_returned", task, &after, &row)?;
    crate::notify::decided(
        conn,
        task,
        crate::notify::NotificationKind::CompletionDecided,
        &row.id,
        &row.proposed_by,
        "đề nghị hoàn thành bị trả lại",
        Some(reason.trim()),
    )?;
    view(conn, caller, after)
}

/// Proposes the task's completion (planners and reporters of the lead agency itself) with a result
/// summary and evidence; the task is then `awaiting_acceptance`.
#[utoipa::path(
    operation_id = "propose_task_completion",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = ProposeCompletion,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already proposed, not a running task, open sub-tasks, closed resolution", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing summary or an attachment that is not the agency's", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/completion")]
pub async fn propose(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
    body: Json<ProposeCompletion>,
) -> Result<web::Json<Task>, ApiError> {
    let Visible { caller, object } = task;
    let input = body.0;
    let task = state
        .db
        .write(move |conn| propose_in(conn, &caller, &object, &input))
        .await?;
    Ok(web::Json(task))
}

/// Accepts the waiting completion proposal (the planners of the assigning agency: the parent
/// task's lead agency, or the resolution's owner for a top-level task).
#[utoipa::path(
    operation_id = "accept_task_completion",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing waiting, or open sub-tasks", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/completion/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Task>, ApiError> {
    let Visible { caller, object } = task;
    let task = state
        .db
        .write(move |conn| accept_in(conn, &caller, &object))
        .await?;
    Ok(web::Json(task))
}

/// Returns the waiting completion proposal with a reason (the assigning agency's planners).
#[utoipa::path(
    operation_id = "return_task_completion",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = Reason,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing waiting", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/completion/return")]
pub async fn send_back(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
    body: Json<Reason>,
) -> Result<web::Json<Task>, ApiError> {
    let Visible { caller, object } = task;
    let reason = body.0.reason;
    let task = state
        .db
        .write(move |conn| return_in(conn, &caller, &object, &reason))
        .await?;
    Ok(web::Json(task))
}

/// The task's completion proposals and their decisions, newest first.
#[utoipa::path(
    operation_id = "list_task_completions",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Completion>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/completions")]
pub async fn list(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Page<Completion>>, ApiError> {
    let Visible { caller, object } = task;
    let page = state
        .db
        .run(move |conn| {
            let rows: Vec<CompletionRow> = task_completions::table
                .filter(task_completions::task_id.eq(&object.id))
                .order((
                    task_completions::proposed_at.desc(),
                    task_completions::id.desc(),
                ))
                .select(CompletionRow::as_select())
                .load(conn)?;
            let facts = facts_of(conn, &caller, &object)?;
            Ok(Page::whole(views(conn, &caller, &facts, rows)?))
        })
        .await?;
    Ok(web::Json(page))
}
