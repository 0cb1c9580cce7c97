//! A task's deadline belongs to its assigning agency: every change of the due date (a granted
//! extension, or the assigner's own change of the plan) goes through [`move_due_date`], which keeps
//! the change as history and moves the evaluation's deadline by the rule of
//! [`evaluation::deadline_after`](super::evaluation::deadline_after).

use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::{evaluation, today, TaskRow};
use crate::auth::Caller;
use crate::db::schema::{task_due_dates, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::extract::Visible;
use crate::page::Page;
use crate::state::AppState;

/// Why a due date moved.
pub struct Move<'a> {
    pub to: NaiveDate,
    pub reason: Option<&'a str>,
    /// The extension request granted, if it was one.
    pub request_id: Option<&'a str>,
}

/// Records the move of `task`'s due date and sets the task's due date and evaluation deadline
/// (the caller bumps the version and writes the audit entry with the rest of its change).
pub fn move_due_date(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    step: Move<'_>,
) -> Result<(), ApiError> {
    if step.to == task.due_date {
        return Ok(());
    }
    let at = now();
    diesel::insert_into(task_due_dates::table)
        .values((
            task_due_dates::id.eq(new_id()),
            task_due_dates::task_id.eq(&task.id),
            task_due_dates::due_date_before.eq(task.due_date),
            task_due_dates::due_date_after.eq(step.to),
            task_due_dates::reason.eq(step.reason),
            task_due_dates::request_id.eq(step.request_id),
            task_due_dates::changed_by.eq(&caller.user_id),
            task_due_dates::changed_at.eq(at),
        ))
        .execute(conn)?;
    diesel::update(tasks::table.find(&task.id))
        .set((
            tasks::due_date.eq(step.to),
            tasks::evaluation_due_date.eq(evaluation::deadline_after(
                task.evaluation_due_date,
                step.to,
                today(),
            )),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = task_due_dates)]
struct DueDateRow {
    id: String,
    due_date_before: NaiveDate,
    due_date_after: NaiveDate,
    reason: Option<String>,
    request_id: Option<String>,
    changed_by: String,
    changed_at: NaiveDateTime,
}

/// One change of a task's due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueDateChange {
    pub id: String,
    pub due_date_before: NaiveDate,
    pub due_date_after: NaiveDate,
    /// The reason of the granted request, if the change granted one.
    pub reason: Option<String>,
    /// The extension request this change granted; null for a change of the plan.
    pub request_id: Option<String>,
    pub changed_by: String,
    /// Who changed it, by name.
    pub changed_by_name: String,
    pub changed_at: DateTime<Utc>,
}

/// The history of the task's due date, oldest first (the first entry's `due_date_before` is the
/// original due date).
#[utoipa::path(
    operation_id = "list_task_due_dates",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<DueDateChange>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/due-dates")]
pub async fn list(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Page<DueDateChange>>, ApiError> {
    let task = task.object;
    let page = state
        .db
        .run(move |conn| {
            let rows: Vec<DueDateRow> = task_due_dates::table
                .filter(task_due_dates::task_id.eq(&task.id))
                .order((task_due_dates::changed_at.asc(), task_due_dates::id.asc()))
                .select(DueDateRow::as_select())
                .load(conn)?;
            let names =
                crate::users::display_names(conn, rows.iter().map(|r| r.changed_by.as_str()))?;
            let items: Vec<DueDateChange> = rows
                .into_iter()
                .map(|r| DueDateChange {
                    changed_by_name: names.get(&r.changed_by).cloned().unwrap_or_default(),
                    id: r.id,
                    due_date_before: r.due_date_before,
                    due_date_after: r.due_date_after,
                    reason: r.reason,
                    request_id: r.request_id,
                    changed_by: r.changed_by,
                    changed_at: r.changed_at.and_utc(),
                })
                .collect();
            Ok(Page::whole(items))
        })
        .await?;
    Ok(web::Json(page))
}
