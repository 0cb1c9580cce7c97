//! The dashboards as they were at the end of a day (`?as_of=DATE` on the summary and the
//! scorecard). Computed from the histories rather than the maintained aggregates (those only know
//! today): the hierarchy from `agency_versions`, each task's lead, status and progress from
//! `task_versions` (health derived with that day's date), the KPI figures approved by then, and
//! the alerts open then. Slower than today's dashboards (it reads the scope's rows); meant for
//! looking back, not for the home page.

use crate::agencies::AgencyStatus;
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::{pct, round1, AlertCounts, KpiCounts, Summary, TaskCounts};
use crate::agencies::history::{self, end_of};
use crate::agencies::AgencyRow;
use crate::db::schema::{
    agency_closure, alerts, indicator_reporters, indicator_targets, indicator_values, indicators,
    task_versions, tasks,
};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::indicators::stats::KPI_ON_TRACK_PCT;
use crate::indicators::{IndicatorGroup, IndicatorRow};
use crate::period::Period;
use crate::tasks::evaluation::{self, EvaluationCounts, PeriodEvaluation, TaskEvaluation};
use crate::tasks::health::{self, Health};
use crate::tasks::TaskStatus;

/// The hierarchy of one day, as seen from the caller's scope.
pub struct Past {
    date: NaiveDate,
    agencies: HashMap<String, AgencyRow>,
    children: HashMap<String, Vec<String>>,
}

impl Past {
    pub fn load(conn: &mut DbConn, scope_root: &str, date: NaiveDate) -> Result<Self, ApiError> {
        let rows = history::as_of(conn, scope_root, date)?;
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for r in &rows {
            if let Some(p) = &r.parent_id {
                children.entry(p.clone()).or_default().push(r.id.clone());
            }
        }
        Ok(Self {
            date,
            agencies: rows.into_iter().map(|r| (r.id.clone(), r)).collect(),
            children,
        })
    }

    /// The agency as it was, or 404 if it did not exist then.
    pub fn agency(&self, id: &str) -> Result<&AgencyRow, ApiError> {
        self.agencies
            .get(id)
            .ok_or_else(|| ApiError::not_found("agency"))
    }

    /// The active children of that day, by code.
    pub fn active_children(&self, id: &str) -> Vec<&AgencyRow> {
        let mut kids: Vec<&AgencyRow> = self
            .children
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|c| self.agencies.get(c))
            .filter(|a| a.status == AgencyStatus::Active)
            .collect();
        kids.sort_by(|a, b| a.code.cmp(&b.code));
        kids
    }

    fn subtree(&self, root: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut stack = vec![root.to_string()];
        while let Some(id) = stack.pop() {
            if out.insert(id.clone()) {
                stack.extend(self.children.get(&id).into_iter().flatten().cloned());
            }
        }
        out
    }
}

/// A task's version of a day: id, parent, status, progress, weight, start and due date.
type Version = (
    String,
    Option<String>,
    String,
    f64,
    f64,
    NaiveDate,
    NaiveDate,
);

/// The summary of `root`'s subtree as it was at the end of the day.
pub fn summary(
    conn: &mut DbConn,
    past: &Past,
    root: &str,
    resolution: Option<&str>,
    period: &super::EvalPeriod,
) -> Result<Summary, ApiError> {
    past.agency(root)?;
    let scope = past.subtree(root);
    let ids: Vec<String> = scope.iter().cloned().collect();
    let end = end_of(past.date);
    let mut versions: Vec<Version> = Vec::new();
    for chunk in ids.chunks(500) {
        let mut q = task_versions::table
            .filter(task_versions::lead_agency_id.eq_any(chunk))
            .filter(task_versions::valid_from.lt(end))
            .filter(
                task_versions::valid_to
                    .is_null()
                    .or(task_versions::valid_to.ge(end)),
            )
            .into_boxed();
        if let Some(r) = resolution {
            q = q.filter(task_versions::resolution_id.eq(r.to_string()));
        }
        versions.extend(
            q.select((
                task_versions::task_id,
                task_versions::parent_id,
                task_versions::status,
                task_versions::progress,
                task_versions::weight,
                task_versions::start_date,
                task_versions::due_date,
            ))
            .load::<Version>(conn)?,
        );
    }
    let in_scope: HashSet<&str> = versions.iter().map(|v| v.0.as_str()).collect();
    let mut c = TaskCounts::default();
    let (mut wp, mut w) = (0.0, 0.0);
    for (_, parent, status, progress, weight, start, due) in &versions {
        let status: TaskStatus = status.parse()?;
        c.total += 1;
        match status {
            TaskStatus::NotStarted => c.not_started += 1,
            TaskStatus::InProgress => c.in_progress += 1,
            TaskStatus::AwaitingAcceptance => c.awaiting_acceptance += 1,
            TaskStatus::Completed => c.completed += 1,
            TaskStatus::Paused => c.paused += 1,
            TaskStatus::Cancelled => c.cancelled += 1,
        }
        match health::of(status, *progress, *start, *due, past.date) {
            Health::OnTrack => c.on_track += 1,
            Health::AtRisk => c.at_risk += 1,
            Health::OffTrack => c.off_track += 1,
            Health::Overdue => c.overdue += 1,
            Health::Done => c.done += 1,
        }
        // Top tasks: their parent is led outside the scope (or they have none).
        if parent.as_deref().is_none_or(|p| !in_scope.contains(p))
            && status != TaskStatus::Cancelled
        {
            wp += weight * progress;
            w += weight;
        }
    }
    let evaluation = evaluate(conn, period, &versions)?;
    let k = kpis(conn, past, &scope)?;
    let mut alert_counts = AlertCounts::default();
    for chunk in ids.chunks(500) {
        let rows: Vec<String> = alerts::table
            .filter(alerts::agency_id.eq_any(chunk))
            .filter(alerts::raised_at.lt(end))
            .filter(
                alerts::resolved_at
                    .is_null()
                    .or(alerts::resolved_at.ge(end)),
            )
            .select(alerts::severity)
            .load(conn)?;
        for s in rows {
            match s.as_str() {
                "critical" => alert_counts.critical += 1,
                "warning" => alert_counts.warning += 1,
                _ => alert_counts.info += 1,
            }
        }
    }
    Ok(Summary {
        agency_id: root.to_string(),
        resolution_id: resolution.map(str::to_string),
        tasks: c,
        weighted_progress: if w > 1e-9 { round1(wp / w) } else { 0.0 },
        completeness_pct: pct(k.1 .0, k.1 .1),
        timeliness_pct: pct(k.2 .0, k.2 .1),
        kpis: k.0,
        alerts: alert_counts,
        evaluation,
    })
}

/// The evaluation of the scope's tasks of that day (their lead and status then), with their
/// deadlines and completion days as recorded now, classified on the day.
fn evaluate(
    conn: &mut DbConn,
    period: &super::EvalPeriod,
    versions: &[Version],
) -> Result<PeriodEvaluation, ApiError> {
    let status_then: HashMap<&str, &str> = versions
        .iter()
        .map(|v| (v.0.as_str(), v.2.as_str()))
        .collect();
    let ids: Vec<&str> = status_then.keys().copied().collect();
    let mut counts = EvaluationCounts::default();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, NaiveDate, Option<NaiveDate>)> = tasks::table
            .filter(tasks::id.eq_any(chunk))
            .filter(tasks::evaluation_due_date.between(period.from, period.to))
            .select((tasks::id, tasks::evaluation_due_date, tasks::completed_on))
            .load(conn)?;
        for (id, deadline, completed_on) in rows {
            let status: TaskStatus = status_then[id.as_str()].parse()?;
            match evaluation::classify(status, completed_on, deadline, period.day) {
                Some(TaskEvaluation::CompletedOnTime) => counts.completed_on_time += 1,
                Some(TaskEvaluation::CompletedLate) => counts.completed_late += 1,
                Some(TaskEvaluation::NotCompletedWithinDeadline) => {
                    counts.not_completed_within_deadline += 1
                }
                Some(TaskEvaluation::NotCompletedOverdue) => counts.not_completed_overdue += 1,
                None => {}
            }
        }
    }
    Ok(PeriodEvaluation {
        from: period.from,
        to: period.to,
        as_of: period.day,
        counts,
    })
}

/// One revision of a figure.
#[derive(Queryable)]
struct Revision {
    agency: String,
    period: String,
    period_end: NaiveDate,
    revision: i32,
    value: f64,
    submitted_at: Option<NaiveDateTime>,
    approved_at: Option<NaiveDateTime>,
}

/// KPI counts, (reported, expected) and (timely, reported) of the scope on that day. A series is
/// expected of the agencies active then that report the indicator: by kind (under its owner), by
/// the explicit list, or because they had sent figures of it by then (duties move with merges).
/// A figure counts if it had been approved by then (the latest such revision of its period).
#[allow(clippy::type_complexity)]
fn kpis(
    conn: &mut DbConn,
    past: &Past,
    scope: &HashSet<String>,
) -> Result<(KpiCounts, (i64, i64), (i64, i64)), ApiError> {
    let end = end_of(past.date);
    let mut counts = KpiCounts::default();
    let (mut completeness, mut timely) = ((0, 0), (0, 0));
    let list: Vec<IndicatorRow> = indicators::table
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = scope.iter().cloned().collect();
    // Deadlines follow today's calendars (calendars keep no history); without one, the grace days.
    let calendars = crate::reporting::calendar::load_many(
        conn,
        &list.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
    )?;
    // The subtree of each owner (indicators share a few owners).
    let mut owner_subtrees: HashMap<String, HashSet<String>> = HashMap::new();
    for ind in list
        .iter()
        .filter(|i| i.group() != IndicatorGroup::Composite)
    {
        let mut revisions: Vec<Revision> = Vec::new();
        for chunk in ids.chunks(500) {
            revisions.extend(
                indicator_values::table
                    .filter(indicator_values::indicator_id.eq(&ind.id))
                    .filter(indicator_values::agency_id.eq_any(chunk))
                    .filter(indicator_values::created_at.lt(end))
                    .select((
                        indicator_values::agency_id,
                        indicator_values::period,
                        indicator_values::period_end,
                        indicator_values::revision,
                        indicator_values::value,
                        indicator_values::submitted_at,
                        indicator_values::approved_at,
                    ))
                    .load::<Revision>(conn)?,
            );
        }
        let explicit: HashSet<String> = indicator_reporters::table
            .filter(indicator_reporters::indicator_id.eq(&ind.id))
            .select(indicator_reporters::agency_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        if ind.reporting_agency_kind.is_some() && !owner_subtrees.contains_key(&ind.owner_agency_id)
        {
            let subtree: HashSet<String> = agency_closure::table
                .filter(agency_closure::ancestor_id.eq(&ind.owner_agency_id))
                .select(agency_closure::descendant_id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            owner_subtrees.insert(ind.owner_agency_id.clone(), subtree);
        }
        let no_owner = HashSet::new();
        let under_owner = owner_subtrees
            .get(&ind.owner_agency_id)
            .unwrap_or(&no_owner);
        let reported: HashSet<&str> = revisions.iter().map(|r| r.agency.as_str()).collect();
        let mut expected: Vec<&AgencyRow> = scope
            .iter()
            .filter_map(|a| past.agencies.get(a))
            .filter(|a| a.status == AgencyStatus::Active)
            .filter(|a| {
                ind.reporting_agency_kind
                    .as_deref()
                    .is_some_and(|k| a.kind.as_str() == k && under_owner.contains(&a.id))
                    || explicit.contains(&a.id)
                    || reported.contains(a.id.as_str())
                    || (ind.reporting_agency_kind.is_none()
                        && explicit.is_empty()
                        && a.id == ind.owner_agency_id)
            })
            .collect();
        expected.sort_by(|a, b| a.code.cmp(&b.code));
        if expected.is_empty() {
            continue;
        }
        let targets: Vec<(String, String, f64)> = indicator_targets::table
            .filter(indicator_targets::indicator_id.eq(&ind.id))
            .select((
                indicator_targets::period,
                indicator_targets::agency_id,
                indicator_targets::value,
            ))
            .load(conn)?;
        let frequency = ind.frequency().period_frequency();
        let last_period = Period::containing(
            Period::containing(past.date, frequency).bounds().0 - TimeDelta::days(1),
            frequency,
        );
        let last = last_period.to_string();
        for agency in expected {
            counts.series += 1;
            // The counted figure of each period then: its latest revision approved by then.
            let mut counted: HashMap<&str, &Revision> = HashMap::new();
            for r in revisions
                .iter()
                .filter(|r| r.agency == agency.id && r.approved_at.is_some_and(|t| t < end))
            {
                let slot = counted.entry(r.period.as_str()).or_insert(r);
                if r.revision > slot.revision {
                    *slot = r;
                }
            }
            match counted.values().max_by_key(|r| r.period_end) {
                None => counts.no_data += 1,
                Some(r) => {
                    let target =
                        crate::indicators::stats::target_for(ind, &targets, &r.period, &agency.id);
                    match target.and_then(|t| {
                        crate::indicators::series::achievement(ind.direction(), r.value, t)
                    }) {
                        None => counts.no_target += 1,
                        Some(p) if p >= KPI_ON_TRACK_PCT => counts.on_track += 1,
                        Some(_) => counts.off_track += 1,
                    }
                }
            }
            completeness.1 += 1;
            let sent = revisions
                .iter()
                .filter(|r| r.agency == agency.id && r.period == last)
                .filter_map(|r| r.submitted_at.filter(|t| *t < end))
                .min();
            if let Some(at) = sent {
                completeness.0 += 1;
                timely.1 += 1;
                let deadline = calendars[&ind.id].report_deadline(agency.kind, last_period);
                if at.date() <= deadline {
                    timely.0 += 1;
                }
            }
        }
    }
    Ok((counts, completeness, timely))
}
