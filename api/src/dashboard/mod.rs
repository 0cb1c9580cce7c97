//! Dashboards for a scope (an agency's subtree, optionally one resolution): summary tiles, a
//! scorecard row per child agency for ranking, progress and KPI trends, data quality, and a
//! periodic report (`reports`).

pub mod as_of;
pub mod ranking;

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::{get, web};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::agencies::AgencyKind;
use crate::auth::Caller;
use crate::db::schema::{
    agencies, alerts, indicator_targets, indicator_values, indicators, progress_reports, tasks,
};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::Query;
use crate::indicators::series::SeriesMap;
use crate::indicators::{reporting_agencies, IndicatorGroup, IndicatorRow};
use crate::period::{Frequency, Period};
use crate::scope;
use crate::state::AppState;
use crate::tasks::evaluation::{self, EvaluationCounts, PeriodEvaluation};
use crate::tasks::health::Health;
use crate::tasks::stats;
use crate::tasks::{today, TaskStatus};

pub use crate::indicators::stats::KPI_ON_TRACK_PCT;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScopeQuery {
    /// The agency whose subtree is summarised (default: the caller's agency).
    pub agency_id: Option<String>,
    pub resolution_id: Option<String>,
    /// The summary as it was at the end of this day: that day's hierarchy, the tasks' status and
    /// progress then, the figures approved by then and the alerts open then (summary only).
    pub as_of: Option<NaiveDate>,
    /// First day of the period whose tasks are evaluated (default: 1 January of `to`'s year, or
    /// of this year).
    pub from: Option<NaiveDate>,
    /// Last day of that period (default: 31 December of `from`'s year, or of this year).
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChildrenQuery {
    /// Whose child agencies are compared (default: the caller's agency).
    pub parent_id: Option<String>,
    pub resolution_id: Option<String>,
    /// The comparison as it was at the end of this day, between the child agencies of that day
    /// (scorecard only).
    pub as_of: Option<NaiveDate>,
    /// First day of the period whose tasks are evaluated (as for the summary).
    pub from: Option<NaiveDate>,
    /// Last day of that period.
    pub to: Option<NaiveDate>,
}

/// The scope of the trend (itself a history, so without `as_of`).
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TrendQuery {
    /// The agency whose subtree is summarised (default: the caller's agency).
    pub agency_id: Option<String>,
    pub resolution_id: Option<String>,
    /// `recorded` (default): KPI figures where they were reported; `today`: on today's map, the
    /// figures of an agency split between successors in this scope (itself outside it) count before
    /// the split took effect, as in a restated series.
    pub map: Option<SeriesMap>,
}

/// The agencies compared for data quality (about today, so without `as_of`).
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QualityQuery {
    /// Whose child agencies are compared (default: the caller's agency).
    pub parent_id: Option<String>,
    pub resolution_id: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct TaskCounts {
    pub total: i64,
    pub not_started: i64,
    pub in_progress: i64,
    /// Proposed as completed, waiting for the assigning agency's acceptance (reported, not yet
    /// verified).
    pub awaiting_acceptance: i64,
    /// Completed and accepted by the assigning agency (verified).
    pub completed: i64,
    pub paused: i64,
    pub cancelled: i64,
    pub on_track: i64,
    pub at_risk: i64,
    pub off_track: i64,
    pub overdue: i64,
    pub done: i64,
}

#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct KpiCounts {
    /// Series (indicator × reporting agency) of the scope.
    pub series: i64,
    /// Latest approved figure at or above 85% of its target (direction-aware).
    pub on_track: i64,
    pub off_track: i64,
    /// Approved figures but no target for their period.
    pub no_target: i64,
    /// No approved figure yet.
    pub no_data: i64,
}

#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct AlertCounts {
    pub info: i64,
    pub warning: i64,
    pub critical: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Summary {
    pub agency_id: String,
    pub resolution_id: Option<String>,
    pub tasks: TaskCounts,
    /// Weighted mean progress of the scope's top tasks (those whose parent is led outside it).
    pub weighted_progress: f64,
    pub kpis: KpiCounts,
    pub alerts: AlertCounts,
    /// Share of expected figures of each indicator's last finished period that were reported.
    pub completeness_pct: Option<f64>,
    /// Share of those reported figures submitted by their deadlines (each indicator's reporting
    /// calendar, or the grace days after the period for one without).
    pub timeliness_pct: Option<f64>,
    /// The scope's tasks due in the period, in the Government Office's four classes.
    pub evaluation: PeriodEvaluation,
}

/// The period whose tasks a dashboard evaluates, and the day it classifies them on.
#[derive(Debug, Clone, Copy)]
pub struct EvalPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub day: NaiveDate,
}

impl EvalPeriod {
    /// From the query's `from`, `to` and `as_of` (see [`ScopeQuery`]); `from` after `to` is 400.
    pub fn of(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        as_of: Option<NaiveDate>,
    ) -> Result<Self, ApiError> {
        let day = as_of.unwrap_or_else(today);
        let (from, to) = match (from, to) {
            (Some(f), Some(t)) => (f, t),
            (Some(f), None) => (f, evaluation::default_period(f).1),
            (None, Some(t)) => (evaluation::default_period(t).0, t),
            (None, None) => evaluation::default_period(day),
        };
        if from > to {
            let mut err = ApiError::bad_request(
                crate::error::ErrorCode::BadQuery,
                "the period ends before it starts",
            );
            err.errors = vec![crate::error::FieldError::coded(
                "to",
                crate::error::FieldCode::Range,
                "must not be before from",
            )];
            return Err(err);
        }
        Ok(EvalPeriod { from, to, day })
    }

    pub fn evaluate(
        &self,
        conn: &mut DbConn,
        root: &str,
        resolution: Option<&str>,
    ) -> Result<PeriodEvaluation, ApiError> {
        evaluation::counts(conn, root, resolution, self.from, self.to, self.day)
    }
}

fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64) * 1000.0 / whole as f64).round() / 10.0)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The id and weight of every task of the scope.
fn scope_tasks(
    conn: &mut DbConn,
    root: &str,
    resolution: Option<&str>,
) -> Result<Vec<(String, f64)>, ApiError> {
    let mut q = tasks::table
        .filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(root)))
        .into_boxed();
    if let Some(r) = resolution {
        q = q.filter(tasks::resolution_id.eq(r.to_string()));
    }
    Ok(q.select((tasks::id, tasks::weight)).load(conn)?)
}

/// Task counts and the weighted progress of the scope's top tasks, from the maintained aggregates.
/// Task counts and weighted progress of a scope from its maintained buckets.
fn task_figures(buckets: &[stats::Bucket]) -> (TaskCounts, f64) {
    let mut c = TaskCounts::default();
    let (mut wp, mut w) = (0.0, 0.0);
    for b in buckets {
        c.total += b.n;
        match b.status {
            TaskStatus::NotStarted => c.not_started += b.n,
            TaskStatus::InProgress => c.in_progress += b.n,
            TaskStatus::AwaitingAcceptance => c.awaiting_acceptance += b.n,
            TaskStatus::Completed => c.completed += b.n,
            TaskStatus::Paused => c.paused += b.n,
            TaskStatus::Cancelled => c.cancelled += b.n,
        }
        match b.health {
            Health::OnTrack => c.on_track += b.n,
            Health::AtRisk => c.at_risk += b.n,
            Health::OffTrack => c.off_track += b.n,
            Health::Overdue => c.overdue += b.n,
            Health::Done => c.done += b.n,
        }
        wp += b.top_wp;
        w += b.top_w;
    }
    (c, if w > 1e-9 { round1(wp / w) } else { 0.0 })
}

/// A figure of a series, current or counted.
#[derive(Queryable)]
struct Figure {
    agency: String,
    period: String,
    period_end: NaiveDate,
    value: f64,
    counted: bool,
    status: String,
    submitted_at: Option<NaiveDateTime>,
}

struct KpiFigures {
    counts: KpiCounts,
    completeness: (i64, i64),
    timely: (i64, i64),
}

fn kpi_figures(conn: &mut DbConn, root: &str, today: NaiveDate) -> Result<KpiFigures, ApiError> {
    let list: Vec<IndicatorRow> = indicators::table
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let in_scope: HashSet<String> = scope::subtree_ids(root)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut out = KpiFigures {
        counts: KpiCounts::default(),
        completeness: (0, 0),
        timely: (0, 0),
    };
    // Each series' deadline comes from its indicator's calendar (or the grace days without one).
    let calendars = crate::reporting::calendar::load_many(
        conn,
        &list.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
    )?;
    let kinds = crate::reporting::calendar::kinds_of(conn, in_scope.iter().cloned())?;
    for ind in list
        .iter()
        .filter(|i| i.group() != IndicatorGroup::Composite)
    {
        let expected: Vec<String> = reporting_agencies(conn, ind)?
            .into_iter()
            .filter(|a| in_scope.contains(a))
            .collect();
        if expected.is_empty() {
            continue;
        }
        let frequency = ind.frequency().period_frequency();
        let last = Period::containing(
            Period::containing(today, frequency).bounds().0 - TimeDelta::days(1),
            frequency,
        );
        let rows: Vec<Figure> = indicator_values::table
            .filter(indicator_values::indicator_id.eq(&ind.id))
            .filter(indicator_values::agency_id.eq_any(&expected))
            .filter(
                indicator_values::counted
                    .eq(true)
                    .or(indicator_values::is_current.eq(true)),
            )
            .select((
                indicator_values::agency_id,
                indicator_values::period,
                indicator_values::period_end,
                indicator_values::value,
                indicator_values::counted,
                indicator_values::status,
                indicator_values::submitted_at,
            ))
            .load(conn)?;
        let targets: Vec<(String, String, f64)> = indicator_targets::table
            .filter(indicator_targets::indicator_id.eq(&ind.id))
            .select((
                indicator_targets::period,
                indicator_targets::agency_id,
                indicator_targets::value,
            ))
            .load(conn)?;
        for agency in &expected {
            out.counts.series += 1;
            let latest = rows
                .iter()
                .filter(|r| &r.agency == agency && r.counted)
                .max_by_key(|r| r.period_end);
            match latest {
                None => out.counts.no_data += 1,
                Some(Figure { period, value, .. }) => {
                    let target =
                        crate::indicators::stats::target_for(ind, &targets, period, agency);
                    match target.and_then(|t| {
                        crate::indicators::series::achievement(ind.direction(), *value, t)
                    }) {
                        None => out.counts.no_target += 1,
                        Some(p) if p >= KPI_ON_TRACK_PCT => out.counts.on_track += 1,
                        Some(_) => out.counts.off_track += 1,
                    }
                }
            }
            out.completeness.1 += 1;
            let reported = rows.iter().find(|r| {
                &r.agency == agency
                    && r.period == last.to_string()
                    && r.status != crate::indicators::values::ValueStatus::Draft.as_str()
            });
            if let Some(r) = reported {
                out.completeness.0 += 1;
                out.timely.1 += 1;
                let deadline = calendars[&ind.id].report_deadline(
                    kinds
                        .get(agency)
                        .copied()
                        .unwrap_or(crate::agencies::AgencyKind::Other),
                    last,
                );
                if r.submitted_at.is_some_and(|at| at.date() <= deadline) {
                    out.timely.0 += 1;
                }
            }
        }
    }
    Ok(out)
}

// Open alerts counted per scope and severity in one grouped read.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    crate::db::schema::agency_closure::ancestor_id,
    crate::db::schema::alerts::severity,
);

/// Open alerts by severity in each scope's subtree: one grouped read per 500 scopes.
fn alert_counts(
    conn: &mut DbConn,
    scopes: &[String],
) -> Result<HashMap<String, AlertCounts>, ApiError> {
    use crate::db::schema::agency_closure;
    let mut out: HashMap<String, AlertCounts> = HashMap::new();
    for chunk in scopes.chunks(500) {
        let rows: Vec<(String, String, i64)> = alerts::table
            .inner_join(
                agency_closure::table.on(agency_closure::descendant_id.eq(alerts::agency_id)),
            )
            .filter(agency_closure::ancestor_id.eq_any(chunk))
            .filter(alerts::status.ne("resolved"))
            .group_by((agency_closure::ancestor_id, alerts::severity))
            .select((
                agency_closure::ancestor_id,
                alerts::severity,
                diesel::dsl::count_star(),
            ))
            .load(conn)?;
        for (scope, severity, n) in rows {
            let c = out.entry(scope).or_default();
            match severity.as_str() {
                "critical" => c.critical += n,
                "warning" => c.warning += n,
                _ => c.info += n,
            }
        }
    }
    Ok(out)
}

/// The summaries of several scopes (a scorecard's rows) from the maintained aggregates: one
/// grouped read per table for all of them, whatever their number (up to 500 per read).
pub fn summaries(
    conn: &mut DbConn,
    roots: &[String],
    resolution: Option<&str>,
    mut evaluations: HashMap<String, PeriodEvaluation>,
) -> Result<Vec<Summary>, ApiError> {
    // The deadlines are applied when the series states are derived.
    let mut buckets = stats::read_many(conn, roots, resolution)?;
    let mut kpis = crate::indicators::stats::read_many(conn, roots)?;
    let mut alerts = alert_counts(conn, roots)?;
    roots
        .iter()
        .map(|root| {
            let (tasks, weighted_progress) =
                task_figures(&buckets.remove(root).unwrap_or_default());
            let k = kpis.remove(root).unwrap_or_default();
            let evaluation = evaluations.remove(root).ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!("no evaluation for scope {root}"))
            })?;
            Ok(Summary {
                agency_id: root.to_string(),
                resolution_id: resolution.map(str::to_string),
                tasks,
                weighted_progress,
                kpis: KpiCounts {
                    series: k.series,
                    on_track: k.on_track,
                    off_track: k.off_track,
                    no_target: k.no_target,
                    no_data: k.no_data,
                },
                alerts: alerts.remove(root).unwrap_or_default(),
                completeness_pct: pct(k.reported, k.series),
                timeliness_pct: pct(k.timely, k.reported),
                evaluation,
            })
        })
        .collect()
}

pub fn summary(
    conn: &mut DbConn,
    root: &str,
    resolution: Option<&str>,
    evaluation: PeriodEvaluation,
) -> Result<Summary, ApiError> {
    let mut all = summaries(
        conn,
        &[root.to_string()],
        resolution,
        HashMap::from([(root.to_string(), evaluation)]),
    )?;
    Ok(all.remove(0))
}

/// The scope root: the given agency (in the caller's scope) or the caller's own.
pub fn root_of(
    conn: &mut DbConn,
    caller: &Caller,
    agency: Option<&str>,
) -> Result<String, ApiError> {
    match agency {
        Some(a) if caller.sees_agency(conn, a)? => Ok(a.to_string()),
        Some(_) => Err(ApiError::not_found("agency")),
        None => Ok(caller.agency_id.clone()),
    }
}

pub fn check_resolution(
    conn: &mut DbConn,
    caller: &Caller,
    resolution: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(r) = resolution {
        crate::resolutions::visible(conn, caller, r)?;
    }
    Ok(())
}

/// Tiles for a scope: tasks by status and health, weighted progress, KPI achievement, open alerts,
/// data completeness and timeliness.
#[utoipa::path(
    operation_id = "get_dashboard_summary",
    tag = "dashboard",
    params(ScopeQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Summary), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/dashboard/summary")]
pub async fn get_summary(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ScopeQuery>,
) -> Result<web::Json<Summary>, ApiError> {
    let q = query.0;
    let result = state
        .db
        .run(move |conn| {
            let period = EvalPeriod::of(q.from, q.to, q.as_of)?;
            let root = root_of(conn, &caller, q.agency_id.as_deref())?;
            check_resolution(conn, &caller, q.resolution_id.as_deref())?;
            if let Some(date) = q.as_of {
                let past = as_of::Past::load(conn, &caller.agency_id, date)?;
                return as_of::summary(conn, &past, &root, q.resolution_id.as_deref(), &period);
            }
            let evaluation = period.evaluate(conn, &root, q.resolution_id.as_deref())?;
            summary(conn, &root, q.resolution_id.as_deref(), evaluation)
        })
        .await?;
    Ok(web::Json(result))
}

/// A scorecard row for ranking agencies on a common basis.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScorecardRow {
    pub agency_id: String,
    pub code: String,
    pub name: String,
    /// Place among the rows of the same `peer_group` (1 = best weighted progress); agencies whose
    /// data quality is `insufficient` come after every other peer, whatever their progress, and
    /// those with no task and no figure expected last.
    pub rank: i64,
    /// Who the agency is compared with: ministries with ministries, provinces with provinces,
    /// communes with the communes of their province (the rows of one parent).
    pub peer_group: ranking::PeerGroup,
    /// The mark next to the score: how complete and timely the agency's figures are.
    pub data_quality: ranking::DataQuality,
    pub tasks: i64,
    pub completed: i64,
    pub overdue: i64,
    /// Open tasks within ten points of their expected progress.
    pub on_track: i64,
    /// Open tasks 10–25 points behind their expected progress.
    pub at_risk: i64,
    /// Open tasks more than 25 points behind their expected progress.
    pub off_track: i64,
    /// The agency's health against the schedule (a quarter of its open tasks behind decides, see
    /// `docs/tasks.md`); null when it has no task. The heat map and the ranking colour by it.
    pub health: Option<Health>,
    pub weighted_progress: f64,
    /// Share of KPI series on track among those with a target.
    pub kpi_on_track_pct: Option<f64>,
    pub completeness_pct: Option<f64>,
    pub timeliness_pct: Option<f64>,
    pub open_alerts: i64,
    /// The agency's tasks due in the period, in the Government Office's four classes.
    pub evaluation: EvaluationCounts,
}

/// A child agency: id, code, name and kind.
type Child = (String, String, String, AgencyKind);

fn children(conn: &mut DbConn, parent: &str) -> Result<Vec<Child>, ApiError> {
    let rows: Vec<(String, String, String, String)> = agencies::table
        .filter(agencies::parent_id.eq(parent))
        .filter(agencies::status.eq("active"))
        .order(agencies::code)
        .select((agencies::id, agencies::code, agencies::name, agencies::kind))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, code, name, kind)| Ok((id, code, name, kind.parse()?)))
        .collect()
}

/// One row per child agency of `parent_id`: tasks, completed, overdue, weighted progress, KPI
/// achievement, completeness, timeliness and open alerts, ranked by progress.
#[utoipa::path(
    operation_id = "get_dashboard_scorecard",
    tag = "dashboard",
    params(ChildrenQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ScorecardRow>), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/dashboard/agencies")]
pub async fn get_scorecard(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ChildrenQuery>,
) -> Result<web::Json<Vec<ScorecardRow>>, ApiError> {
    let q = query.0;
    let rows = state
        .db
        .run(move |conn| scorecard_for(conn, &caller, &q))
        .await?;
    Ok(web::Json(rows))
}

/// The scorecard the query asks for, its parent and resolution checked against the caller's scope
/// (the dashboard and its export).
pub fn scorecard_for(
    conn: &mut DbConn,
    caller: &Caller,
    q: &ChildrenQuery,
) -> Result<Vec<ScorecardRow>, ApiError> {
    let period = EvalPeriod::of(q.from, q.to, q.as_of)?;
    let parent = root_of(conn, caller, q.parent_id.as_deref())?;
    check_resolution(conn, caller, q.resolution_id.as_deref())?;
    scorecard(
        conn,
        &caller.agency_id,
        &parent,
        q.resolution_id.as_deref(),
        &period,
        q.as_of,
    )
}

/// The scorecard of `parent`'s child agencies for a period, today or as it was at the end of
/// `as_of` (between the children of that day, seen from `viewer_root`), ranked among peers.
pub fn scorecard(
    conn: &mut DbConn,
    viewer_root: &str,
    parent: &str,
    resolution: Option<&str>,
    period: &EvalPeriod,
    as_of: Option<NaiveDate>,
) -> Result<Vec<ScorecardRow>, ApiError> {
    let past = match as_of {
        Some(date) => Some(as_of::Past::load(conn, viewer_root, date)?),
        None => None,
    };
    let kids = match &past {
        Some(past) => {
            past.agency(parent)?;
            past.active_children(parent)
                .into_iter()
                .map(|a| (a.id.clone(), a.code.clone(), a.name.clone(), a.kind))
                .collect()
        }
        None => children(conn, parent)?,
    };
    let summaries = match &past {
        Some(past) => kids
            .iter()
            .map(|(id, _, _, _)| as_of::summary(conn, past, id, resolution, period))
            .collect::<Result<Vec<_>, _>>()?,
        None => {
            // The live evaluation of every child in one scan.
            let ids: Vec<String> = kids.iter().map(|(id, _, _, _)| id.clone()).collect();
            let mut counts = evaluation::counts_by_scope(
                conn,
                &ids,
                resolution,
                period.from,
                period.to,
                period.day,
            )?;
            let evaluations = ids
                .iter()
                .map(|id| {
                    let evaluation = PeriodEvaluation {
                        from: period.from,
                        to: period.to,
                        as_of: period.day,
                        counts: counts.remove(id).unwrap_or_default(),
                    };
                    (id.clone(), evaluation)
                })
                .collect();
            summaries(conn, &ids, resolution, evaluations)?
        }
    };
    let mut rows: Vec<ScorecardRow> = kids
        .into_iter()
        .zip(summaries)
        .map(|((id, code, name, kind), s)| ScorecardRow::of(id, code, name, kind, &s))
        .collect();
    ranking::rank_among_peers(&mut rows);
    Ok(rows)
}

impl ScorecardRow {
    fn of(id: String, code: String, name: String, kind: AgencyKind, s: &Summary) -> Self {
        let with_target = s.kpis.on_track + s.kpis.off_track;
        ScorecardRow {
            rank: 0,
            peer_group: ranking::PeerGroup::of(kind),
            data_quality: ranking::DataQuality::of(s.completeness_pct, s.timeliness_pct),
            tasks: s.tasks.total,
            completed: s.tasks.completed,
            overdue: s.tasks.overdue,
            on_track: s.tasks.on_track,
            at_risk: s.tasks.at_risk,
            off_track: s.tasks.off_track,
            health: crate::tasks::health::of_scope(
                s.tasks.on_track,
                s.tasks.at_risk,
                s.tasks.off_track,
                s.tasks.overdue,
                s.tasks.done,
            ),
            weighted_progress: s.weighted_progress,
            kpi_on_track_pct: pct(s.kpis.on_track, with_target),
            completeness_pct: s.completeness_pct,
            timeliness_pct: s.timeliness_pct,
            open_alerts: s.alerts.info + s.alerts.warning + s.alerts.critical,
            evaluation: s.evaluation.counts,
            agency_id: id,
            code,
            name,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    /// A quarter, for example `2026-Q3`.
    pub period: String,
    /// Weighted mean of the progress reported for the scope's tasks in that quarter.
    pub reported_progress: Option<f64>,
    /// Mean achievement of the approved KPI figures of that quarter that have a target.
    pub kpi_achievement_pct: Option<f64>,
    /// With `map=today`: figures of split predecessors count in this quarter's KPI achievement.
    pub restated: bool,
}

/// Progress and KPI achievement of a scope over the last eight quarters, as recorded or on today's
/// map (`map=today`).
#[utoipa::path(
    operation_id = "get_dashboard_trend",
    tag = "dashboard",
    params(TrendQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<TrendPoint>), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/dashboard/trend")]
pub async fn get_trend(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<TrendQuery>,
) -> Result<web::Json<Vec<TrendPoint>>, ApiError> {
    let q = query.0;
    let points = state
        .db
        .run(move |conn| {
            let root = root_of(conn, &caller, q.agency_id.as_deref())?;
            check_resolution(conn, &caller, q.resolution_id.as_deref())?;
            let mut quarters = vec![Period::containing(today(), Frequency::Quarterly)];
            while quarters.len() < 8 {
                let before = quarters[0].bounds().0 - TimeDelta::days(1);
                quarters.insert(0, Period::containing(before, Frequency::Quarterly));
            }
            let split_sources = if q.map == Some(SeriesMap::Today) {
                crate::agencies::lineage::split_sources(conn, &root)?
            } else {
                HashMap::new()
            };
            let list = scope_tasks(conn, &root, q.resolution_id.as_deref())?;
            let weights: HashMap<String, f64> = list.iter().cloned().collect();
            let ids: Vec<String> = list.into_iter().map(|t| t.0).collect();
            // task → quarter → (revision, progress)
            let mut by_quarter: BTreeMap<String, HashMap<String, (i32, f64)>> = BTreeMap::new();
            for chunk in ids.chunks(500) {
                for (task, period, revision, progress) in progress_reports::table
                    .filter(progress_reports::task_id.eq_any(chunk))
                    .select((
                        progress_reports::task_id,
                        progress_reports::period,
                        progress_reports::revision,
                        progress_reports::progress,
                    ))
                    .load::<(String, String, i32, f64)>(conn)?
                {
                    let Ok(p) = period.parse::<Period>() else {
                        continue;
                    };
                    let quarter =
                        Period::containing(p.bounds().1, Frequency::Quarterly).to_string();
                    let slot = by_quarter
                        .entry(quarter)
                        .or_default()
                        .entry(task)
                        .or_insert((revision, progress));
                    if revision >= slot.0 {
                        *slot = (revision, progress);
                    }
                }
            }
            // The catalogue and its targets, once, for every quarter's figures.
            let catalogue: HashMap<String, IndicatorRow> = indicators::table
                .select(IndicatorRow::as_select())
                .load::<IndicatorRow>(conn)?
                .into_iter()
                .map(|i| (i.id.clone(), i))
                .collect();
            let targets: HashMap<(String, String, String), f64> = indicator_targets::table
                .select((
                    indicator_targets::indicator_id,
                    indicator_targets::period,
                    indicator_targets::agency_id,
                    indicator_targets::value,
                ))
                .load::<(String, String, String, f64)>(conn)?
                .into_iter()
                .map(|(i, p, a, v)| ((i, p, a), v))
                .collect();
            let mut out = Vec::new();
            for quarter in quarters {
                let label = quarter.to_string();
                let reported_progress = by_quarter.get(&label).and_then(|m| {
                    let (wp, w) = m.iter().fold((0.0, 0.0), |(wp, w), (task, (_, p))| {
                        let weight = weights.get(task).copied().unwrap_or(1.0);
                        (wp + weight * p, w + weight)
                    });
                    (w > 0.0).then(|| round1(wp / w))
                });
                let (start, end) = quarter.bounds();
                let figures: Vec<(String, String, String, f64)> = indicator_values::table
                    .filter(indicator_values::counted.eq(true))
                    .filter(indicator_values::period_end.ge(start))
                    .filter(indicator_values::period_end.le(end))
                    .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(&root)))
                    .select((
                        indicator_values::indicator_id,
                        indicator_values::agency_id,
                        indicator_values::period,
                        indicator_values::value,
                    ))
                    .load(conn)?;
                let mut restated_figures = Vec::new();
                // A split predecessor's achievement is its figure against its own target: the
                // same for every share, so it counts unweighted, once per figure.
                for (source, (_, effective)) in &split_sources {
                    let before: Vec<(String, String, String, f64)> = indicator_values::table
                        .filter(indicator_values::counted.eq(true))
                        .filter(indicator_values::agency_id.eq(source))
                        .filter(indicator_values::period_end.ge(start))
                        .filter(indicator_values::period_end.le(end))
                        .filter(indicator_values::period_end.lt(*effective))
                        .select((
                            indicator_values::indicator_id,
                            indicator_values::agency_id,
                            indicator_values::period,
                            indicator_values::value,
                        ))
                        .load(conn)?;
                    restated_figures.extend(before);
                }
                let mut achievements = Vec::new();
                // Marked restated when a predecessor's figure counted (had a target).
                let mut restated = false;
                let all = figures
                    .into_iter()
                    .map(|f| (f, false))
                    .chain(restated_figures.into_iter().map(|f| (f, true)));
                for ((indicator, agency, period, value), is_restated) in all {
                    let Some(ind) = catalogue.get(&indicator) else {
                        continue;
                    };
                    let target = targets
                        .get(&(indicator.clone(), period.clone(), agency))
                        .or_else(|| {
                            targets.get(&(indicator.clone(), period.clone(), String::new()))
                        })
                        .copied()
                        .or_else(|| {
                            (ind.target_period.as_deref() == Some(period.as_str()))
                                .then_some(ind.target_value)
                                .flatten()
                        });
                    if let Some(a) = target.and_then(|t| {
                        crate::indicators::series::achievement(ind.direction(), value, t)
                    }) {
                        achievements.push(a);
                        restated |= is_restated;
                    }
                }
                let kpi_achievement_pct = (!achievements.is_empty())
                    .then(|| round1(achievements.iter().sum::<f64>() / achievements.len() as f64));
                out.push(TrendPoint {
                    period: label,
                    reported_progress,
                    kpi_achievement_pct,
                    restated,
                });
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(points))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DataQualityRow {
    pub agency_id: String,
    pub code: String,
    pub name: String,
    pub completeness_pct: Option<f64>,
    pub timeliness_pct: Option<f64>,
    /// Share of submitted figures of the subtree that were returned for revision at least once.
    pub returned_pct: Option<f64>,
    pub submitted: i64,
}

/// Data quality per child agency: completeness, timeliness and the returned-for-revision rate.
#[utoipa::path(
    operation_id = "get_dashboard_data_quality",
    tag = "dashboard",
    params(QualityQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<DataQualityRow>), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/dashboard/data-quality")]
pub async fn get_data_quality(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<QualityQuery>,
) -> Result<web::Json<Vec<DataQualityRow>>, ApiError> {
    let q = query.0;
    let rows = state
        .db
        .run(move |conn| {
            let parent = root_of(conn, &caller, q.parent_id.as_deref())?;
            let mut rows = Vec::new();
            for (id, code, name, _) in children(conn, &parent)? {
                let k = kpi_figures(conn, &id, today())?;
                let submitted: i64 = indicator_values::table
                    .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(&id)))
                    .filter(indicator_values::submitted_by.is_not_null())
                    .count()
                    .get_result(conn)?;
                let returned: i64 = indicator_values::table
                    .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(&id)))
                    .filter(indicator_values::return_reason.is_not_null())
                    .count()
                    .get_result(conn)?;
                rows.push(DataQualityRow {
                    completeness_pct: pct(k.completeness.0, k.completeness.1),
                    timeliness_pct: pct(k.timely.0, k.timely.1),
                    returned_pct: pct(returned, submitted),
                    submitted,
                    agency_id: id,
                    code,
                    name,
                });
            }
            Ok(rows)
        })
        .await?;
    Ok(web::Json(rows))
}
