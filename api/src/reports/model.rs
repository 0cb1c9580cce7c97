//! What a periodic report says, gathered once and written out in every format (HTML, CSV, Excel,
//! Word, PDF). The counts are the dashboard's own: the summary and the scorecard of the scope as
//! they were at the end of the period (`as_of` its last day, or today while it runs), so a report
//! for a past quarter says what the dashboard said on the quarter's last day.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::period::Span;
use crate::agencies::history::end_of;
use crate::dashboard::{self, as_of, EvalPeriod, ScorecardRow, Summary};
use crate::db::schema::{
    agencies, directives, indicator_targets, indicator_values, indicators, progress_reports,
    resolutions, tasks,
};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::indicators::IndicatorRow;
use crate::scope;
use crate::tasks::health::{self, Health};
use crate::tasks::{today, TaskStatus};

/// Rows of the KPI table at most; the rest are counted in [`PeriodicReport::kpis_left_out`].
pub const MAX_KPI_ROWS: usize = 500;
/// Obstacles, directives and overdue tasks listed at most (the most recent or most overdue first).
pub const MAX_LIST_ROWS: i64 = 200;

/// One resolution's part of the scope.
#[derive(Debug, Clone)]
pub struct ResolutionLine {
    pub code: String,
    pub title: String,
    pub summary: Summary,
    /// The weighted progress the scope's top tasks of this resolution should have reached on the
    /// report's day (their current schedule).
    pub expected_progress: Option<f64>,
}

/// One series' figure of the period against its targets.
#[derive(Debug, Clone)]
pub struct KpiLine {
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: String,
    pub agency_name: String,
    /// The latest period of the report's span with an approved figure.
    pub period: String,
    pub value: f64,
    /// The interim target of that period (for the agency, or for everyone).
    pub interim_target: Option<f64>,
    pub final_target: Option<f64>,
    pub final_period: Option<String>,
    /// Value against the interim target, direction-aware (100 = reached).
    pub achievement_pct: Option<f64>,
    /// Value against the final target, direction-aware.
    pub final_achievement_pct: Option<f64>,
}

/// Obstacles and proposals reported in the period, with the answer given to them.
#[derive(Debug, Clone)]
pub struct ObstacleLine {
    pub task_code: String,
    pub task_title: String,
    pub agency_name: String,
    pub reported_on: NaiveDate,
    pub obstacles: String,
    pub proposals: String,
    pub answer: Option<String>,
}

/// A directive still open at the end of the period.
#[derive(Debug, Clone)]
pub struct DirectiveLine {
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub addressee: String,
    pub subject: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    pub answer: Option<String>,
}

/// An open task behind its schedule on the report's day, with its latest obstacles.
#[derive(Debug, Clone)]
pub struct LaggingLine {
    pub code: String,
    pub title: String,
    pub lead: String,
    pub due: NaiveDate,
    pub progress: f64,
    pub expected: f64,
    pub health: Health,
    pub obstacles: String,
    pub proposals: String,
}

#[derive(Debug, Clone)]
pub struct PeriodicReport {
    pub agency_id: String,
    pub agency_code: String,
    pub agency_name: String,
    pub resolution: Option<(String, String)>,
    pub span: Span,
    /// The day the report describes: the period's last day, or today while the period runs.
    pub day: NaiveDate,
    pub produced_on: NaiveDate,
    pub summary: Summary,
    /// The period compared with (`Span::previous`); none before the calendar's start.
    pub previous_span: Option<Span>,
    /// The same summary for the previous period (absent when the scope did not exist then).
    pub previous: Option<Summary>,
    /// The child agencies, ranked among their peers (see `dashboard::ranking`).
    pub agencies: Vec<ScorecardRow>,
    pub resolutions: Vec<ResolutionLine>,
    pub kpis: Vec<KpiLine>,
    pub kpis_left_out: usize,
    pub obstacles: Vec<ObstacleLine>,
    pub directives: Vec<DirectiveLine>,
    pub lagging: Vec<LaggingLine>,
}

/// What a report is about: an agency's subtree (already checked to be in the reader's scope),
/// optionally one resolution (already checked too), over a span.
pub struct Request<'a> {
    pub viewer_root: &'a str,
    pub root: &'a str,
    pub resolution: Option<&'a str>,
    pub span: Span,
}

fn summary_on(
    conn: &mut DbConn,
    viewer_root: &str,
    root: &str,
    resolution: Option<&str>,
    span: Span,
) -> Result<(Summary, Option<NaiveDate>), ApiError> {
    let day = span.to.min(today());
    let as_of = (day < today()).then_some(day);
    let period = EvalPeriod::of(Some(span.from), Some(span.to), as_of)?;
    let summary = match as_of {
        Some(date) => {
            let past = as_of::Past::load(conn, viewer_root, date)?;
            as_of::summary(conn, &past, root, resolution, &period)?
        }
        None => {
            let evaluation = period.evaluate(conn, root, resolution)?;
            dashboard::summary(conn, root, resolution, evaluation)?
        }
    };
    Ok((summary, as_of))
}

pub fn build(conn: &mut DbConn, req: &Request) -> Result<PeriodicReport, ApiError> {
    let day = req.span.to.min(today());
    let (summary, as_of) = summary_on(conn, req.viewer_root, req.root, req.resolution, req.span)?;
    let previous_span = req.span.previous();
    // A scope that did not exist at the end of the previous period has nothing to compare with.
    let previous = match previous_span
        .map(|span| summary_on(conn, req.viewer_root, req.root, req.resolution, span))
    {
        Some(Ok((s, _))) => Some(s),
        Some(Err(e)) if e.status.as_u16() == 404 => None,
        Some(Err(e)) => return Err(e),
        None => None,
    };
    let period = EvalPeriod::of(Some(req.span.from), Some(req.span.to), as_of)?;
    let agencies = dashboard::scorecard(
        conn,
        req.viewer_root,
        req.root,
        req.resolution,
        &period,
        as_of,
    )?;
    let (agency_code, agency_name): (String, String) = agencies::table
        .find(req.root)
        .select((agencies::code, agencies::name))
        .first(conn)?;
    let resolution = match req.resolution {
        Some(id) => Some(
            resolutions::table
                .find(id)
                .select((resolutions::code, resolutions::title))
                .first(conn)?,
        ),
        None => None,
    };
    let resolutions = resolution_lines(conn, req, day)?;
    let (kpis, kpis_left_out) = kpi_lines(conn, req, day)?;
    Ok(PeriodicReport {
        agency_id: req.root.to_string(),
        agency_code,
        agency_name,
        resolution,
        span: req.span,
        day,
        produced_on: today(),
        summary,
        previous_span,
        previous,
        agencies,
        resolutions,
        kpis,
        kpis_left_out,
        obstacles: obstacle_lines(conn, req)?,
        directives: directive_lines(conn, req, day)?,
        lagging: lagging_lines(conn, req, day)?,
    })
}

/// A top task of the scope: its resolution, weight, start and due date.
type TopTask = (String, f64, NaiveDate, NaiveDate);

/// Every resolution with tasks led in the scope (or the one asked for), with its summary.
fn resolution_lines(
    conn: &mut DbConn,
    req: &Request,
    day: NaiveDate,
) -> Result<Vec<ResolutionLine>, ApiError> {
    let mut q = tasks::table
        .inner_join(resolutions::table)
        .filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(req.root)))
        .select((resolutions::id, resolutions::code, resolutions::title))
        .distinct()
        .order(resolutions::code)
        .into_boxed();
    if let Some(r) = req.resolution {
        q = q.filter(resolutions::id.eq(r.to_string()));
    }
    let list: Vec<(String, String, String)> = q.load(conn)?;
    let mut out = Vec::new();
    for (id, code, title) in list {
        let (summary, _) = summary_on(conn, req.viewer_root, req.root, Some(&id), req.span)?;
        // The scope's top tasks: led in it, under a parent led outside it or none.
        let rows: Vec<(String, Option<String>, f64, NaiveDate, NaiveDate, String)> = tasks::table
            .filter(tasks::resolution_id.eq(&id))
            .filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(req.root)))
            .filter(tasks::status.ne(TaskStatus::Cancelled.as_str()))
            .select((
                tasks::id,
                tasks::parent_id,
                tasks::weight,
                tasks::start_date,
                tasks::due_date,
                tasks::status,
            ))
            .load(conn)?;
        let in_scope: std::collections::HashSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        let tops: Vec<TopTask> = rows
            .iter()
            .filter(|r| r.1.as_deref().is_none_or(|p| !in_scope.contains(p)))
            .map(|r| (r.0.clone(), r.2, r.3, r.4))
            .collect();
        let weight: f64 = tops.iter().map(|t| t.1).sum();
        let expected_progress = (weight > 1e-9).then(|| {
            let e: f64 = tops
                .iter()
                .map(|(_, w, start, due)| w * health::expected_progress(*start, *due, day))
                .sum();
            crate::resolutions::round1(e / weight)
        });
        out.push(ResolutionLine {
            code,
            title,
            summary,
            expected_progress,
        });
    }
    Ok(out)
}

/// A figure: indicator, agency, period, period end, revision, value, approved at.
type Figure = (
    String,
    String,
    String,
    NaiveDate,
    i32,
    f64,
    Option<NaiveDateTime>,
);

/// The latest figure of the span approved by the report's day for each series of the scope,
/// against its interim and final target; the lowest achievements first.
fn kpi_lines(
    conn: &mut DbConn,
    req: &Request,
    day: NaiveDate,
) -> Result<(Vec<KpiLine>, usize), ApiError> {
    let mut q = indicator_values::table
        .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(req.root)))
        .filter(indicator_values::period_end.between(req.span.from, req.span.to))
        .filter(indicator_values::approved_at.lt(end_of(day)))
        .into_boxed();
    if let Some(r) = req.resolution {
        q = q.filter(
            indicator_values::indicator_id.eq_any(
                indicators::table
                    .inner_join(tasks::table.on(indicators::task_id.eq(tasks::id.nullable())))
                    .filter(tasks::resolution_id.eq(r.to_string()))
                    .select(indicators::id),
            ),
        );
    }
    let figures: Vec<Figure> = q
        .select((
            indicator_values::indicator_id,
            indicator_values::agency_id,
            indicator_values::period,
            indicator_values::period_end,
            indicator_values::revision,
            indicator_values::value,
            indicator_values::approved_at,
        ))
        .load(conn)?;
    // The latest period, then the latest approved revision, of each series.
    let mut latest: HashMap<(String, String), Figure> = HashMap::new();
    for f in figures {
        let key = (f.0.clone(), f.1.clone());
        match latest.get(&key) {
            Some(old) if (old.3, old.4) >= (f.3, f.4) => {}
            _ => {
                latest.insert(key, f);
            }
        }
    }
    let ids: Vec<String> = latest.keys().map(|k| k.0.clone()).collect();
    let catalogue: HashMap<String, IndicatorRow> = indicators::table
        .filter(indicators::id.eq_any(&ids))
        .select(IndicatorRow::as_select())
        .load::<IndicatorRow>(conn)?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    let targets: HashMap<(String, String, String), f64> = indicator_targets::table
        .filter(indicator_targets::indicator_id.eq_any(&ids))
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
    let agency_ids: Vec<String> = latest.keys().map(|k| k.1.clone()).collect();
    let names: HashMap<String, String> = agencies::table
        .filter(agencies::id.eq_any(&agency_ids))
        .select((agencies::id, agencies::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut lines = Vec::new();
    for ((indicator, agency), (_, _, period, _, _, value, _)) in latest {
        let Some(ind) = catalogue.get(&indicator) else {
            continue;
        };
        let interim_target = targets
            .get(&(indicator.clone(), period.clone(), agency.clone()))
            .or_else(|| targets.get(&(indicator.clone(), period.clone(), String::new())))
            .copied()
            .or_else(|| {
                (ind.target_period.as_deref() == Some(period.as_str()))
                    .then_some(ind.target_value)
                    .flatten()
            });
        lines.push(KpiLine {
            indicator_code: ind.code.clone(),
            indicator_name: ind.name.clone(),
            unit: ind.unit.clone(),
            agency_name: names.get(&agency).cloned().unwrap_or_default(),
            achievement_pct: interim_target
                .and_then(|t| crate::indicators::series::achievement(ind.direction(), value, t)),
            final_achievement_pct: ind
                .target_value
                .and_then(|t| crate::indicators::series::achievement(ind.direction(), value, t)),
            period,
            value,
            interim_target,
            final_target: ind.target_value,
            final_period: ind.target_period.clone(),
        });
    }
    lines.sort_by(|a, b| {
        let key = |l: &KpiLine| l.achievement_pct.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then(a.indicator_code.cmp(&b.indicator_code))
            .then(a.agency_name.cmp(&b.agency_name))
    });
    let left_out = lines.len().saturating_sub(MAX_KPI_ROWS);
    lines.truncate(MAX_KPI_ROWS);
    Ok((lines, left_out))
}

/// Progress report columns read for the obstacle list.
type ReportRow = (
    String,
    String,
    String,
    NaiveDateTime,
    String,
    String,
    Option<String>,
);

/// Obstacles or proposals reported in the period by the scope's agencies, newest first.
fn obstacle_lines(conn: &mut DbConn, req: &Request) -> Result<Vec<ObstacleLine>, ApiError> {
    let mut q = progress_reports::table
        .inner_join(tasks::table)
        .inner_join(agencies::table.on(agencies::id.eq(progress_reports::agency_id)))
        .filter(progress_reports::agency_id.eq_any(scope::subtree_ids(req.root)))
        .filter(
            progress_reports::created_at.ge(req.span.from.and_hms_opt(0, 0, 0).expect("midnight")),
        )
        .filter(progress_reports::created_at.lt(end_of(req.span.to)))
        .filter(
            progress_reports::obstacles
                .ne("")
                .or(progress_reports::proposals.ne("")),
        )
        .into_boxed();
    if let Some(r) = req.resolution {
        q = q.filter(tasks::resolution_id.eq(r.to_string()));
    }
    let rows: Vec<ReportRow> = q
        .order((
            progress_reports::created_at.desc(),
            progress_reports::id.desc(),
        ))
        .limit(MAX_LIST_ROWS)
        .select((
            tasks::code,
            tasks::title,
            agencies::name,
            progress_reports::created_at,
            progress_reports::obstacles,
            progress_reports::proposals,
            progress_reports::proposals_answer,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(task_code, task_title, agency_name, at, obstacles, proposals, answer)| ObstacleLine {
                task_code,
                task_title,
                agency_name,
                reported_on: at.date(),
                obstacles,
                proposals,
                answer,
            },
        )
        .collect())
}

/// Directive columns read for the list.
type DirectiveRow = (
    NaiveDateTime,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<NaiveDate>,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Directives to the scope's agencies issued by the report's day and not closed by then.
fn directive_lines(
    conn: &mut DbConn,
    req: &Request,
    day: NaiveDate,
) -> Result<Vec<DirectiveLine>, ApiError> {
    let end = end_of(day);
    let issuers = diesel::alias!(agencies as issuers);
    let mut q = directives::table
        .inner_join(
            issuers.on(issuers
                .field(agencies::id)
                .eq(directives::issuing_agency_id)),
        )
        .left_join(tasks::table.on(tasks::id.nullable().eq(directives::task_id)))
        .left_join(indicators::table.on(indicators::id.nullable().eq(directives::indicator_id)))
        .filter(directives::agency_id.eq_any(scope::subtree_ids_nullable(req.root)))
        .filter(directives::created_at.lt(end))
        .filter(
            directives::closed_at
                .is_null()
                .or(directives::closed_at.ge(end)),
        )
        .into_boxed();
    if let Some(r) = req.resolution {
        q = q.filter(tasks::resolution_id.eq(r.to_string()));
    }
    let rows: Vec<DirectiveRow> = q
        .order((directives::created_at.desc(), directives::id.desc()))
        .limit(MAX_LIST_ROWS)
        .select((
            directives::created_at,
            issuers.field(agencies::name),
            directives::agency_id,
            tasks::code.nullable(),
            indicators::code.nullable(),
            directives::text,
            directives::due_date,
            directives::answer,
            directives::answered_at,
            directives::closed_at,
        ))
        .load(conn)?;
    let addressees: Vec<String> = rows.iter().filter_map(|r| r.2.clone()).collect();
    let names: HashMap<String, String> = agencies::table
        .filter(agencies::id.eq_any(&addressees))
        .select((agencies::id, agencies::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(at, issuer, addressee, task, indicator, text, due_date, answer, answered_at, _)| {
                DirectiveLine {
                    issued_on: at.date(),
                    issuer,
                    addressee: addressee
                        .and_then(|a| names.get(&a).cloned())
                        .unwrap_or_default(),
                    subject: task.or(indicator).unwrap_or_default(),
                    text,
                    due_date,
                    // An answer given after the report's day was not given yet on it.
                    answer: answer.filter(|_| answered_at.is_some_and(|a| a < end)),
                }
            },
        )
        .collect())
}

/// An open task: id, code, title, lead, start, due, progress, status.
type OpenTask = (
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    f64,
    String,
);

/// The scope's open tasks overdue, off track or at risk on the report's day (their status and
/// progress as recorded now), the earliest due first, with the obstacles and proposals of each
/// one's latest progress report.
fn lagging_lines(
    conn: &mut DbConn,
    req: &Request,
    day: NaiveDate,
) -> Result<Vec<LaggingLine>, ApiError> {
    let mut q = tasks::table
        .inner_join(agencies::table.on(agencies::id.eq(tasks::lead_agency_id)))
        .filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(req.root)))
        .filter(tasks::status.ne_all([
            TaskStatus::Completed.as_str(),
            TaskStatus::Cancelled.as_str(),
        ]))
        .into_boxed();
    if let Some(r) = req.resolution {
        q = q.filter(tasks::resolution_id.eq(r.to_string()));
    }
    let open: Vec<OpenTask> = q
        .order((tasks::due_date.asc(), tasks::code.asc()))
        .select((
            tasks::id,
            tasks::code,
            tasks::title,
            agencies::name,
            tasks::start_date,
            tasks::due_date,
            tasks::progress,
            tasks::status,
        ))
        .load(conn)?;
    let mut lines = Vec::new();
    let mut ids = Vec::new();
    for (id, code, title, lead, start, due, progress, status) in open {
        let h = health::of(status.parse::<TaskStatus>()?, progress, start, due, day);
        if matches!(h, Health::Overdue | Health::OffTrack | Health::AtRisk) {
            ids.push(id);
            lines.push(LaggingLine {
                code,
                title,
                lead,
                due,
                progress,
                expected: crate::resolutions::round1(health::expected_progress(start, due, day)),
                health: h,
                obstacles: String::new(),
                proposals: String::new(),
            });
            if lines.len() as i64 >= MAX_LIST_ROWS {
                break;
            }
        }
    }
    // The latest report of each listed task, in one read.
    let mut latest: HashMap<String, (NaiveDateTime, String, String, String)> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, NaiveDateTime, String, String, String)> = progress_reports::table
            .filter(progress_reports::task_id.eq_any(chunk))
            .select((
                progress_reports::task_id,
                progress_reports::created_at,
                progress_reports::id,
                progress_reports::obstacles,
                progress_reports::proposals,
            ))
            .load(conn)?;
        for (task, at, id, obstacles, proposals) in rows {
            let newer = latest
                .get(&task)
                .is_none_or(|(t, i, _, _)| (at, &id) > (*t, i));
            if newer {
                latest.insert(task, (at, id, obstacles, proposals));
            }
        }
    }
    for (line, id) in lines.iter_mut().zip(&ids) {
        if let Some((_, _, obstacles, proposals)) = latest.remove(id) {
            line.obstacles = obstacles;
            line.proposals = proposals;
        }
    }
    Ok(lines)
}
