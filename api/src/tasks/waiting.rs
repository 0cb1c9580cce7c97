//! What a task waits for from its assigning agency: a completion proposal to accept or return, an
//! extension or a cancellation request to grant or refuse. The supervisor's list
//! (`GET /tasks?awaiting_decision=true`) carries it on each task, read for the whole page in two
//! queries, so a client never asks task by task.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::completion::CompletionStatus;
use super::requests::{RequestKind, RequestStatus};
use crate::db::schema::{task_completions, task_requests};
use crate::db::DbConn;
use crate::error::ApiError;

text_enum!(
    /// A decision the assigning agency owes: on a completion proposal, or on a request.
    WaitingKind { Completion => "completion", Extension => "extension", Cancellation => "cancellation" }
);

/// One decision a task waits for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Waiting {
    pub kind: WaitingKind,
    /// The completion proposal's or the request's id (`/task-requests/{id}` for requests).
    #[schema(format = Uuid)]
    pub id: String,
    /// When the lead agency sent it.
    pub since: DateTime<Utc>,
    /// The due date an extension asks for.
    pub due_date: Option<NaiveDate>,
}

impl From<RequestKind> for WaitingKind {
    fn from(k: RequestKind) -> Self {
        match k {
            RequestKind::Extension => WaitingKind::Extension,
            RequestKind::Cancellation => WaitingKind::Cancellation,
        }
    }
}

/// The pending proposals and requests of `task_ids`, oldest first per task.
pub fn of_tasks(
    conn: &mut DbConn,
    task_ids: &[String],
) -> Result<HashMap<String, Vec<Waiting>>, ApiError> {
    let mut out: HashMap<String, Vec<Waiting>> = HashMap::new();
    for chunk in task_ids.chunks(500) {
        let proposals: Vec<(String, String, NaiveDateTime)> = task_completions::table
            .filter(task_completions::task_id.eq_any(chunk))
            .filter(task_completions::status.eq(CompletionStatus::Pending.as_str()))
            .select((
                task_completions::task_id,
                task_completions::id,
                task_completions::proposed_at,
            ))
            .load(conn)?;
        for (task, id, at) in proposals {
            out.entry(task).or_default().push(Waiting {
                kind: WaitingKind::Completion,
                id,
                since: at.and_utc(),
                due_date: None,
            });
        }
        let requests: Vec<(String, String, String, NaiveDateTime, Option<NaiveDate>)> =
            task_requests::table
                .filter(task_requests::task_id.eq_any(chunk))
                .filter(task_requests::status.eq(RequestStatus::Pending.as_str()))
                .select((
                    task_requests::task_id,
                    task_requests::id,
                    task_requests::kind,
                    task_requests::requested_at,
                    task_requests::due_date,
                ))
                .load(conn)?;
        for (task, id, kind, at, due) in requests {
            out.entry(task).or_default().push(Waiting {
                kind: kind.parse::<RequestKind>()?.into(),
                id,
                since: at.and_utc(),
                due_date: due,
            });
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| (a.since, &a.id).cmp(&(b.since, &b.id)));
    }
    Ok(out)
}
