//! The Government Office's evaluation of tasks due in a period: completed on time, completed
//! late, not completed but within the deadline, not completed and overdue. This module is the one
//! definition of the classification; [`counts_by_scope`] applies the same rule in SQL (a unit test
//! and the API tests hold the two together).
//!
//! - The deadline is the task's `evaluation_due_date`: the due date it was assigned with, moved by
//!   each extension granted on or before the deadline then in force; an extension granted after
//!   the deadline moves the due date but not the evaluation's deadline (see [`deadline_after`]).
//! - A task is completed on the day its accepted completion was proposed (`completed_on`); the
//!   assigning agency's acceptance may come later without making it late.
//! - "Due in a period" means the deadline falls in it; cancelled tasks are not evaluated (a
//!   cancellation counts as not completed until it is granted).
//! - Classified as of a day (today, or a dashboard's `as_of`): work completed after that day is
//!   not completed yet on it, and a deadline on that very day is still within the deadline.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::TaskStatus;
use crate::db::schema::tasks;
use crate::db::DbConn;
use crate::error::ApiError;

text_enum!(
    /// How a task stands against its deadline, in the Government Office's four classes.
    TaskEvaluation {
        CompletedOnTime => "completed_on_time",
        CompletedLate => "completed_late",
        NotCompletedWithinDeadline => "not_completed_within_deadline",
        NotCompletedOverdue => "not_completed_overdue",
    }
);

/// The class of one task as of `day`; `None` for a cancelled task.
pub fn classify(
    status: TaskStatus,
    completed_on: Option<NaiveDate>,
    deadline: NaiveDate,
    day: NaiveDate,
) -> Option<TaskEvaluation> {
    if status == TaskStatus::Cancelled {
        return None;
    }
    Some(match completed_on.filter(|c| *c <= day) {
        Some(c) if c <= deadline => TaskEvaluation::CompletedOnTime,
        Some(_) => TaskEvaluation::CompletedLate,
        None if deadline >= day => TaskEvaluation::NotCompletedWithinDeadline,
        None => TaskEvaluation::NotCompletedOverdue,
    })
}

/// The evaluation's deadline after the due date moves to `new_due` on `day`: a move made on or
/// before the deadline in force replaces it; a later one leaves the lateness standing.
pub fn deadline_after(
    current_deadline: NaiveDate,
    new_due: NaiveDate,
    day: NaiveDate,
) -> NaiveDate {
    if day <= current_deadline {
        new_due
    } else {
        current_deadline
    }
}

/// Tasks due in a period, by class.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct EvaluationCounts {
    pub completed_on_time: i64,
    pub completed_late: i64,
    pub not_completed_within_deadline: i64,
    pub not_completed_overdue: i64,
}

/// The period evaluated and its counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeriodEvaluation {
    /// First day of the period (tasks whose deadline falls in it are evaluated).
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// The day the classification is made on (today, or the `as_of` day).
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub counts: EvaluationCounts,
}

/// The counts for the tasks led in `root`'s subtree (optionally of one resolution) whose deadline
/// falls in `from..=to`, classified as of `day`.
pub fn counts(
    conn: &mut DbConn,
    root: &str,
    resolution: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    day: NaiveDate,
) -> Result<PeriodEvaluation, ApiError> {
    let counts = counts_by_scope(conn, &[root.to_string()], resolution, from, to, day)?
        .remove(root)
        .unwrap_or_default();
    Ok(PeriodEvaluation {
        from,
        to,
        as_of: day,
        counts,
    })
}

/// A scope and its four sums (null when it has no task due in the period).
type ScopeSums = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

/// [`counts`] for many scopes at once (a scorecard's rows): one scan of the period's tasks joined
/// to the agency closure, the four classes summed per scope by [`classify`]'s rule in SQL.
pub fn counts_by_scope(
    conn: &mut DbConn,
    scopes: &[String],
    resolution: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    day: NaiveDate,
) -> Result<std::collections::HashMap<String, EvaluationCounts>, ApiError> {
    use crate::db::schema::agency_closure;
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable};
    // `day` is formatted here, never taken from input as text; a date literal on both backends.
    let day = match conn {
        DbConn::Sqlite(_) => format!("'{}'", day.format("%Y-%m-%d")),
        DbConn::Pg(_) => format!("DATE '{}'", day.format("%Y-%m-%d")),
    };
    let done = format!("tasks.completed_on IS NOT NULL AND tasks.completed_on <= {day}");
    let sum =
        |when: String| sql::<Nullable<BigInt>>(&format!("SUM(CASE WHEN {when} THEN 1 ELSE 0 END)"));
    let mut out = std::collections::HashMap::new();
    for chunk in scopes.chunks(500) {
        let mut q = tasks::table
            .inner_join(
                agency_closure::table.on(agency_closure::descendant_id.eq(tasks::lead_agency_id)),
            )
            .filter(agency_closure::ancestor_id.eq_any(chunk))
            .filter(tasks::evaluation_due_date.between(from, to))
            .filter(tasks::status.ne(TaskStatus::Cancelled.as_str()))
            .group_by(agency_closure::ancestor_id)
            .select((
                agency_closure::ancestor_id,
                sum(format!(
                    "{done} AND tasks.completed_on <= tasks.evaluation_due_date"
                )),
                sum(format!(
                    "{done} AND tasks.completed_on > tasks.evaluation_due_date"
                )),
                sum(format!(
                    "NOT ({done}) AND tasks.evaluation_due_date >= {day}"
                )),
                sum(format!(
                    "NOT ({done}) AND tasks.evaluation_due_date < {day}"
                )),
            ))
            .into_boxed();
        if let Some(r) = resolution {
            q = q.filter(tasks::resolution_id.eq(r.to_string()));
        }
        let rows: Vec<ScopeSums> = q.load(conn)?;
        for (scope, on_time, late, within, overdue) in rows {
            out.insert(
                scope,
                EvaluationCounts {
                    completed_on_time: on_time.unwrap_or(0),
                    completed_late: late.unwrap_or(0),
                    not_completed_within_deadline: within.unwrap_or(0),
                    not_completed_overdue: overdue.unwrap_or(0),
                },
            );
        }
    }
    Ok(out)
}

/// [`classify`] as a filter of a task query: the tasks of `class` as of `day` (cancelled tasks have
/// no class). The overview's counts open the task list with it, so a count and its list agree.
pub fn filter<'a>(
    sel: tasks::BoxedQuery<'a, crate::db::Backend>,
    class: TaskEvaluation,
    day: NaiveDate,
) -> tasks::BoxedQuery<'a, crate::db::Backend> {
    let sel = sel.filter(tasks::status.ne(TaskStatus::Cancelled.as_str()));
    let done = || {
        tasks::completed_on
            .is_not_null()
            .and(tasks::completed_on.le(day))
    };
    let not_done = || {
        tasks::completed_on
            .is_null()
            .or(tasks::completed_on.gt(day))
    };
    let deadline = || tasks::evaluation_due_date.nullable();
    match class {
        TaskEvaluation::CompletedOnTime => {
            sel.filter(done().and(tasks::completed_on.le(deadline())))
        }
        TaskEvaluation::CompletedLate => sel.filter(done().and(tasks::completed_on.gt(deadline()))),
        TaskEvaluation::NotCompletedWithinDeadline => {
            sel.filter(not_done().and(tasks::evaluation_due_date.ge(day)))
        }
        TaskEvaluation::NotCompletedOverdue => {
            sel.filter(not_done().and(tasks::evaluation_due_date.lt(day)))
        }
    }
}

/// The period a dashboard evaluates when none is given: the calendar year of `day`.
pub fn default_period(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    (
        NaiveDate::from_ymd_opt(day.year(), 1, 1).expect("1 January"),
        NaiveDate::from_ymd_opt(day.year(), 12, 31).expect("31 December"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_four_classes_at_their_boundaries() {
        let due = d("2026-06-30");
        let c = |status, done: Option<&str>, day| classify(status, done.map(d), due, d(day));
        use TaskEvaluation::*;
        use TaskStatus::*;
        assert_eq!(
            c(Completed, Some("2026-06-30"), "2026-07-15"),
            Some(CompletedOnTime)
        );
        assert_eq!(
            c(Completed, Some("2026-07-01"), "2026-07-15"),
            Some(CompletedLate)
        );
        assert_eq!(
            c(InProgress, None, "2026-06-30"),
            Some(NotCompletedWithinDeadline)
        );
        assert_eq!(c(InProgress, None, "2026-07-01"), Some(NotCompletedOverdue));
        assert_eq!(
            c(AwaitingAcceptance, None, "2026-07-01"),
            Some(NotCompletedOverdue)
        );
        assert_eq!(c(Cancelled, None, "2026-07-01"), None);
        // Completed after the day of the classification: not completed on that day.
        assert_eq!(
            c(Completed, Some("2026-07-10"), "2026-07-05"),
            Some(NotCompletedOverdue)
        );
    }

    #[test]
    fn an_extension_after_the_deadline_does_not_erase_the_lateness() {
        let due = d("2026-06-30");
        assert_eq!(
            deadline_after(due, d("2026-09-30"), d("2026-06-30")),
            d("2026-09-30")
        );
        assert_eq!(deadline_after(due, d("2026-09-30"), d("2026-07-01")), due);
    }
}
