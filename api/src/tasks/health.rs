//! Task health, derived from status, progress and the time elapsed between start and due date.
//! This module is the only definition of the rule: the database applies it through the SQL
//! function `task_health` (see [`sql_case`]).
//!
//! - `done`: completed or cancelled;
//! - `overdue`: past the due date and not completed;
//! - otherwise the gap between the expected progress (the share of the time from start to due that
//!   has passed, 0–100) and the actual progress decides: up to [`ON_TRACK_GAP`] points behind is
//!   `on_track`, up to [`AT_RISK_GAP`] is `at_risk`, more is `off_track`.

use chrono::NaiveDate;

use super::TaskStatus;
use crate::db::BackendKind;

pub const ON_TRACK_GAP: f64 = 10.0;
pub const AT_RISK_GAP: f64 = 25.0;

text_enum!(
    /// How a task is doing against its schedule (read-only, derived).
    Health { OnTrack => "on_track", AtRisk => "at_risk", OffTrack => "off_track", Overdue => "overdue", Done => "done" }
);

/// The progress (0–100) a task should have reached by `today`.
pub fn expected_progress(start: NaiveDate, due: NaiveDate, today: NaiveDate) -> f64 {
    let span = (due - start).num_days().max(1) as f64;
    let elapsed = (today - start).num_days() as f64;
    (100.0 * elapsed / span).clamp(0.0, 100.0)
}

pub fn of(
    status: TaskStatus,
    progress: f64,
    start: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
) -> Health {
    if status.is_closed() {
        return Health::Done;
    }
    if due < today {
        return Health::Overdue;
    }
    of_gap(progress, expected_progress(start, due, today))
}

/// The health of a progress against the progress expected by now (the gap rule alone).
pub fn of_gap(progress: f64, expected: f64) -> Health {
    if progress >= expected - ON_TRACK_GAP {
        Health::OnTrack
    } else if progress >= expected - AT_RISK_GAP {
        Health::AtRisk
    } else {
        Health::OffTrack
    }
}

/// The share of a scope's open tasks that decides its health: [`of_scope`].
pub const SCOPE_SHARE: f64 = 0.25;

/// The health of a scope (an agency's row in the ranking, a cell of the heat map) from how many of
/// its open tasks are in each health: `overdue` when at least a quarter of them are overdue,
/// else `off_track` when at least a quarter are overdue or off track, else `at_risk` when at least
/// a quarter are behind at all, else `on_track`; `done` when no task is open; `None` when the
/// scope has no task. A leader sees where the work is behind its schedule, not where it merely
/// started late in absolute terms.
pub fn of_scope(
    on_track: i64,
    at_risk: i64,
    off_track: i64,
    overdue: i64,
    done: i64,
) -> Option<Health> {
    let open = on_track + at_risk + off_track + overdue;
    if open == 0 {
        return (done > 0).then_some(Health::Done);
    }
    let share = |n: i64| n as f64 >= SCOPE_SHARE * open as f64;
    Some(if share(overdue) {
        Health::Overdue
    } else if share(overdue + off_track) {
        Health::OffTrack
    } else if share(overdue + off_track + at_risk) {
        Health::AtRisk
    } else {
        Health::OnTrack
    })
}

/// The rule as the database applies it: `task_health(status, progress, start_date, due_date,
/// today)`, for filters and the daily refresh (`today` is formatted by us, never taken from input).
/// The database's triggers call the same function, which is this module's rule on both backends:
/// on SQLite every connection registers [`of`] itself (`db::establish`), on PostgreSQL the function
/// is (re)defined from [`postgres_function`] whenever the service migrates the database.
pub fn sql_case(kind: BackendKind, today: NaiveDate) -> String {
    let today = today.format("%Y-%m-%d");
    let today = match kind {
        BackendKind::Sqlite => format!("'{today}'"),
        BackendKind::Postgres => format!("DATE '{today}'"),
    };
    format!("task_health(tasks.status, tasks.progress, tasks.start_date, tasks.due_date, {today})")
}

/// What SQLite's `task_health` answers: the health's text, or NULL for a status this version does
/// not know (the NOT NULL column then refuses the write instead of storing a made-up health).
pub fn of_stored(
    status: &str,
    progress: f64,
    start: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
) -> Option<&'static str> {
    let status: TaskStatus = status.parse().ok()?;
    Some(of(status, progress, start, due, today).as_str())
}

/// [`of`] as PostgreSQL functions: with an explicit day, and with today's UTC date (the triggers').
pub fn postgres_function() -> String {
    let (done, overdue, on_track, at_risk, off_track) = (
        Health::Done.as_str(),
        Health::Overdue.as_str(),
        Health::OnTrack.as_str(),
        Health::AtRisk.as_str(),
        Health::OffTrack.as_str(),
    );
    let closed = TaskStatus::ALL
        .iter()
        .filter(|s| s.is_closed())
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let expected =
        "GREATEST(0.0, LEAST(100.0, 100.0 * (today - start_date) / GREATEST(1, due_date - start_date)))";
    format!(
        "CREATE OR REPLACE FUNCTION task_health(status TEXT, progress DOUBLE PRECISION, \
             start_date DATE, due_date DATE, today DATE) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ \
           SELECT CASE \
             WHEN status IN ({closed}) THEN '{done}' \
             WHEN due_date < today THEN '{overdue}' \
             WHEN progress >= {expected} - {ON_TRACK_GAP:.1} THEN '{on_track}' \
             WHEN progress >= {expected} - {AT_RISK_GAP:.1} THEN '{at_risk}' \
             ELSE '{off_track}' END $$; \
         CREATE OR REPLACE FUNCTION task_health(status TEXT, progress DOUBLE PRECISION, \
             start_date DATE, due_date DATE) RETURNS TEXT LANGUAGE sql STABLE AS $$ \
           SELECT task_health(status, progress, start_date, due_date, \
             (now() AT TIME ZONE 'UTC')::date) $$;"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_scope_is_judged_by_the_share_of_its_open_tasks_behind_schedule() {
        // One overdue task among twenty open ones does not turn the scope red.
        assert_eq!(of_scope(17, 2, 0, 1, 5), Some(Health::OnTrack));
        // A quarter behind at all: at risk.
        assert_eq!(of_scope(15, 4, 0, 1, 0), Some(Health::AtRisk));
        // A quarter off track or overdue: off track; a quarter overdue: overdue.
        assert_eq!(of_scope(10, 5, 3, 2, 0), Some(Health::OffTrack));
        assert_eq!(of_scope(3, 0, 0, 1, 0), Some(Health::Overdue));
        // Nothing open: done, or nothing to judge.
        assert_eq!(of_scope(0, 0, 0, 0, 4), Some(Health::Done));
        assert_eq!(of_scope(0, 0, 0, 0, 0), None);
    }

    #[test]
    fn the_gap_rule_alone() {
        assert_eq!(of_gap(45.0, 50.0), Health::OnTrack);
        assert_eq!(of_gap(30.0, 50.0), Health::AtRisk);
        assert_eq!(of_gap(20.0, 50.0), Health::OffTrack);
    }

    #[test]
    fn thresholds() {
        let (start, due) = (d("2025-01-01"), d("2025-12-31"));
        let mid = d("2025-07-02"); // about 50% of the time has passed
        assert_eq!(
            of(TaskStatus::InProgress, 45.0, start, due, mid),
            Health::OnTrack
        );
        assert_eq!(
            of(TaskStatus::InProgress, 30.0, start, due, mid),
            Health::AtRisk
        );
        assert_eq!(
            of(TaskStatus::InProgress, 10.0, start, due, mid),
            Health::OffTrack
        );
        assert_eq!(
            of(TaskStatus::InProgress, 99.0, start, due, d("2026-01-01")),
            Health::Overdue
        );
        assert_eq!(
            of(TaskStatus::Completed, 10.0, start, due, d("2026-01-01")),
            Health::Done
        );
        assert_eq!(
            of(TaskStatus::NotStarted, 0.0, start, due, d("2024-06-01")),
            Health::OnTrack
        );
        assert_eq!(
            of(TaskStatus::InProgress, 0.0, start, due, due),
            Health::OffTrack
        );
    }
}
