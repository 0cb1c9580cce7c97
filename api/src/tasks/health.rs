//! Task health, derived from status, progress and the time elapsed between start and due date.
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
    let expected = expected_progress(start, due, today);
    if progress >= expected - ON_TRACK_GAP {
        Health::OnTrack
    } else if progress >= expected - AT_RISK_GAP {
        Health::AtRisk
    } else {
        Health::OffTrack
    }
}

/// The same rule as SQL, for filtering lists by health (the only backend-specific SQL of tasks:
/// date arithmetic differs). `today` is formatted by us, never taken from input.
pub fn sql_case(kind: BackendKind, today: NaiveDate) -> String {
    let today = today.format("%Y-%m-%d");
    let expected = match kind {
        BackendKind::Sqlite => format!(
            "MAX(0.0, MIN(100.0, 100.0 * (julianday('{today}') - julianday(tasks.start_date)) \
             / MAX(1.0, julianday(tasks.due_date) - julianday(tasks.start_date))))"
        ),
        BackendKind::Postgres => format!(
            "GREATEST(0.0, LEAST(100.0, 100.0 * (DATE '{today}' - tasks.start_date) \
             / GREATEST(1, tasks.due_date - tasks.start_date)))"
        ),
    };
    format!(
        "(CASE WHEN tasks.status IN ('completed', 'cancelled') THEN 'done' \
         WHEN tasks.due_date < '{today}' THEN 'overdue' \
         WHEN tasks.progress >= {expected} - {ON_TRACK_GAP} THEN 'on_track' \
         WHEN tasks.progress >= {expected} - {AT_RISK_GAP} THEN 'at_risk' \
         ELSE 'off_track' END)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
