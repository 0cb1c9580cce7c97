//! Reporting calendars (lịch báo cáo): for each indicator, how many days after a period's last day
//! its figures are due — per level (agency kind), else a default — and by when they must be
//! approved. A figure is on time when it was submitted on or before its series' deadline day; the
//! day after the approval deadline the period is locked (see [`super::locks`]). An indicator
//! without a calendar of its own is due the server's grace period after each period
//! (`RESTRACK_ALERT_REPORT_GRACE_DAYS`) and never locks.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::agencies::AgencyKind;
use crate::db::schema::{agencies, reporting_calendar_levels, reporting_calendars};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::period::Period;

static GRACE_DAYS: AtomicI64 = AtomicI64::new(15);

/// The days after a period's end within which a figure of an indicator without a calendar counts
/// as on time (`RESTRACK_ALERT_REPORT_GRACE_DAYS`, set once at start).
pub fn set_grace_days(days: i64) {
    GRACE_DAYS.store(days, Ordering::Relaxed);
}

pub fn grace_days() -> i64 {
    GRACE_DAYS.load(Ordering::Relaxed)
}

/// The longest a deadline may lie after its period (a year and a day).
pub const MAX_DAYS: i32 = 366;

/// An indicator's calendar, or the fallback for one without.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Whether the indicator has a calendar of its own.
    pub configured: bool,
    /// Days after the period for agencies of a kind without its own line.
    pub report_days: i64,
    /// Days after the period per agency kind.
    pub levels: BTreeMap<AgencyKind, i64>,
    /// Days after the period by which figures are approved; the period locks after that day.
    pub approval_days: Option<i64>,
}

impl Calendar {
    /// The calendar of an indicator that has none: the grace period, no lock.
    pub fn fallback() -> Self {
        Self {
            configured: false,
            report_days: grace_days(),
            levels: BTreeMap::new(),
            approval_days: None,
        }
    }

    pub fn report_days_for(&self, kind: AgencyKind) -> i64 {
        self.levels.get(&kind).copied().unwrap_or(self.report_days)
    }

    /// The last day on which a figure of an agency of `kind` for `period` is on time.
    pub fn report_deadline(&self, kind: AgencyKind, period: Period) -> NaiveDate {
        period.bounds().1 + TimeDelta::days(self.report_days_for(kind))
    }

    /// The last day on which figures for `period` are approved (and may still be written).
    pub fn approval_deadline(&self, period: Period) -> Option<NaiveDate> {
        self.approval_days
            .map(|d| period.bounds().1 + TimeDelta::days(d))
    }

    /// Whether `period` is locked on `today` (before any unlock).
    pub fn locks(&self, period: Period, today: NaiveDate) -> bool {
        self.approval_deadline(period).is_some_and(|d| today > d)
    }
}

/// Whether a figure submitted at `submitted_at` met `deadline`; `None` while it is not submitted.
pub fn on_time(submitted_at: Option<NaiveDateTime>, deadline: NaiveDate) -> Option<bool> {
    submitted_at.map(|at| at.date() <= deadline)
}

/// The calendars of the given indicators (the fallback for those without), in two queries.
pub fn load_many(
    conn: &mut DbConn,
    indicator_ids: &[String],
) -> Result<HashMap<String, Calendar>, ApiError> {
    let mut out: HashMap<String, Calendar> = HashMap::new();
    for chunk in indicator_ids.chunks(500) {
        let rows: Vec<(String, i32, Option<i32>)> = reporting_calendars::table
            .filter(reporting_calendars::indicator_id.eq_any(chunk))
            .select((
                reporting_calendars::indicator_id,
                reporting_calendars::report_days,
                reporting_calendars::approval_days,
            ))
            .load(conn)?;
        for (id, report_days, approval_days) in rows {
            out.insert(
                id,
                Calendar {
                    configured: true,
                    report_days: report_days.into(),
                    levels: BTreeMap::new(),
                    approval_days: approval_days.map(i64::from),
                },
            );
        }
        let levels: Vec<(String, String, i32)> = reporting_calendar_levels::table
            .filter(reporting_calendar_levels::indicator_id.eq_any(chunk))
            .select((
                reporting_calendar_levels::indicator_id,
                reporting_calendar_levels::agency_kind,
                reporting_calendar_levels::report_days,
            ))
            .load(conn)?;
        for (id, kind, days) in levels {
            if let Some(c) = out.get_mut(&id) {
                c.levels.insert(kind.parse::<AgencyKind>()?, days.into());
            }
        }
    }
    for id in indicator_ids {
        out.entry(id.clone()).or_insert_with(Calendar::fallback);
    }
    Ok(out)
}

/// The calendar of one indicator.
pub fn load(conn: &mut DbConn, indicator_id: &str) -> Result<Calendar, ApiError> {
    Ok(load_many(conn, &[indicator_id.to_string()])?
        .remove(indicator_id)
        .unwrap_or_else(Calendar::fallback))
}

/// The kinds of the given agencies, in one query per 500.
pub fn kinds_of(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, AgencyKind>, ApiError> {
    let ids: Vec<String> = ids.into_iter().collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for (id, kind) in agencies::table
            .filter(agencies::id.eq_any(chunk))
            .select((agencies::id, agencies::kind))
            .load::<(String, String)>(conn)?
        {
            out.insert(id, kind.parse::<AgencyKind>()?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn deadlines_per_level_and_lock() {
        let c = Calendar {
            configured: true,
            report_days: 15,
            levels: BTreeMap::from([(AgencyKind::Commune, 10), (AgencyKind::Ministry, 20)]),
            approval_days: Some(30),
        };
        let q3 = Period::Quarter(2026, 3);
        assert_eq!(c.report_deadline(AgencyKind::Commune, q3), d(2026, 10, 10));
        assert_eq!(c.report_deadline(AgencyKind::Province, q3), d(2026, 10, 15));
        assert_eq!(c.report_deadline(AgencyKind::Ministry, q3), d(2026, 10, 20));
        assert_eq!(c.approval_deadline(q3), Some(d(2026, 10, 30)));
        assert!(
            !c.locks(q3, d(2026, 10, 30)),
            "open on the approval deadline itself"
        );
        assert!(c.locks(q3, d(2026, 10, 31)), "locked the day after");
        assert!(!Calendar::fallback().locks(q3, d(2030, 1, 1)));
    }

    #[test]
    fn on_time_is_inclusive_of_the_deadline_day() {
        let deadline = d(2026, 10, 10);
        let at = |day: u32| Some(d(2026, 10, day).and_hms_opt(23, 59, 59).unwrap());
        assert_eq!(on_time(at(10), deadline), Some(true));
        assert_eq!(on_time(at(11), deadline), Some(false));
        assert_eq!(on_time(None, deadline), None);
    }
}
