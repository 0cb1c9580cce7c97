//! Roll-up of approved figures over an agency's subtree, per period, by each indicator's
//! aggregation rule, with targets, achievement and completeness; composite indicators computed
//! from their components; KPI-driven task progress.

use std::collections::{BTreeMap, HashMap};

use actix_web::{get, web};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::values::period_bound;
use super::{
    formula, reporting_agencies, visible, Aggregation, Direction, IndicatorGroup, IndicatorRow,
};
use crate::audit::{self, Actor, Change};
use crate::auth::Caller;
use crate::db::schema::{indicator_targets, indicator_values, indicators, tasks};
use crate::db::DbConn;
use crate::error::{ApiError, ErrorCode};
use crate::extract::{object_id, Query};
use crate::scope;
use crate::state::AppState;
use crate::tasks::rollup;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SeriesQuery {
    /// The agency whose subtree is rolled up (default: the caller's agency).
    pub agency_id: Option<String>,
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub from: Option<String>,
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub to: Option<String>,
    /// `recorded` (default): the figures as they were reported; `today`: history restated on
    /// today's map (the figures of an agency split between successors count in each successor's
    /// series before the split, weighted by its share for sums).
    pub map: Option<SeriesMap>,
}

text_enum!(
    /// Which map a series is shown on.
    SeriesMap { Recorded => "recorded", Today => "today" }
);

/// A component's contribution to a composite figure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComponentValue {
    pub code: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesPoint {
    pub period: String,
    /// The approved figures of the subtree combined by the indicator's aggregation.
    pub value: Option<f64>,
    pub target: Option<f64>,
    /// Direction-aware: value ÷ target for `increase`, target ÷ value for `decrease`, in %.
    pub achievement_pct: Option<f64>,
    /// Reporting agencies of the subtree with an approved figure for the period.
    pub reported: i64,
    /// Reporting agencies of the subtree expected to report.
    pub expected: i64,
    pub completeness_pct: Option<f64>,
    /// For composite indicators: each component's rolled-up value.
    pub components: Vec<ComponentValue>,
    /// On today's map: the value includes figures of a split predecessor reported before the
    /// split (weighted by the successor's share for sums, unweighted for other aggregations).
    pub restated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub indicator_id: String,
    pub agency_id: String,
    pub aggregation: Aggregation,
    pub direction: Direction,
    /// The map the series is shown on.
    pub map: SeriesMap,
    /// `agency_id` reports the indicator itself (which is not computed): one agency's own series,
    /// not the roll-up of its subtree.
    pub single: bool,
    pub points: Vec<SeriesPoint>,
    /// What the caller may do with the series of `agency_id` now (nothing when `agency_id` does
    /// not report the indicator itself and the series is its subtree's roll-up).
    pub actions: crate::policy::SeriesActions,
}

pub fn achievement(direction: Direction, value: f64, target: f64) -> Option<f64> {
    let pct = match direction {
        Direction::Increase if target != 0.0 => 100.0 * value / target,
        Direction::Decrease if value != 0.0 => 100.0 * target / value,
        _ => return None,
    };
    pct.is_finite().then_some((pct * 10.0).round() / 10.0)
}

fn combine(aggregation: Aggregation, figures: &[(f64, Option<NaiveDateTime>)]) -> Option<f64> {
    if figures.is_empty() {
        return None;
    }
    let values = figures.iter().map(|(v, _)| *v);
    Some(match aggregation {
        Aggregation::Sum => values.sum(),
        Aggregation::Average => values.sum::<f64>() / figures.len() as f64,
        Aggregation::Min => values.fold(f64::INFINITY, f64::min),
        Aggregation::Max => values.fold(f64::NEG_INFINITY, f64::max),
        // The most recently approved figure.
        Aggregation::Last => figures.iter().max_by_key(|(_, at)| *at).map(|(v, _)| *v)?,
    })
}

/// A period, ordered by its end date.
type PeriodKey = (NaiveDate, String);

/// One period of a rolled-up series.
#[derive(Clone)]
struct PeriodFigure {
    value: Option<f64>,
    reported: i64,
    components: Vec<ComponentValue>,
    restated: bool,
}

/// An approved figure with the time of its approval (for `last`).
type Figure = (f64, Option<NaiveDateTime>);
type Figures = Vec<Figure>;

type Rolled = BTreeMap<PeriodKey, PeriodFigure>;

/// How many indicators one series may read through composite formulas (its own included). The
/// catalogue refuses formulas past [`MAX_FORMULA_DEPTH`] levels or this many indicators, so this
/// only guards graphs that grew after their formulas were checked.
pub const MAX_FORMULA_INDICATORS: usize = 200;
/// How deep composites may nest (a composite of composites of …).
pub const MAX_FORMULA_DEPTH: usize = 8;

/// One evaluation of a series: each indicator of a formula graph is rolled up once (memoised by
/// code), within an overall budget, so shared components cost nothing extra and a wide, deep graph
/// cannot make one request take exponential time.
struct Evaluation<'a> {
    agency: &'a str,
    /// Restate split predecessors' figures on today's map.
    restate: bool,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    done: HashMap<String, Rolled>,
    evaluated: usize,
}

impl Evaluation<'_> {
    fn component(
        &mut self,
        conn: &mut DbConn,
        code: &str,
        depth: usize,
    ) -> Result<Option<Rolled>, ApiError> {
        if let Some(r) = self.done.get(code) {
            return Ok(Some(r.clone()));
        }
        let component: Option<IndicatorRow> = indicators::table
            .filter(indicators::code.eq(code))
            .select(IndicatorRow::as_select())
            .first(conn)
            .optional()?;
        let Some(c) = component else {
            return Ok(None);
        };
        let rolled = self.rolled_up(conn, &c, depth)?;
        self.done.insert(code.to_string(), rolled.clone());
        Ok(Some(rolled))
    }

    /// Per period: the rolled-up value and how many agencies (or components) reported.
    fn rolled_up(
        &mut self,
        conn: &mut DbConn,
        ind: &IndicatorRow,
        depth: usize,
    ) -> Result<Rolled, ApiError> {
        self.evaluated += 1;
        if self.evaluated > MAX_FORMULA_INDICATORS || depth > MAX_FORMULA_DEPTH {
            return Err(ApiError::conflict(
                ErrorCode::FormulaTooComplex,
                format!(
                    "the composite formula reaches more than {MAX_FORMULA_INDICATORS} indicators or \
                     {MAX_FORMULA_DEPTH} levels; simplify it"
                ),
            ));
        }
        if ind.group() == IndicatorGroup::Composite {
            return self.composite(conn, ind, depth);
        }
        let mut q = indicator_values::table
            .filter(indicator_values::indicator_id.eq(&ind.id))
            .filter(indicator_values::counted.eq(true))
            .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(self.agency)))
            .into_boxed();
        if let Some(f) = self.from {
            q = q.filter(indicator_values::period_end.ge(f));
        }
        if let Some(t) = self.to {
            q = q.filter(indicator_values::period_end.le(t));
        }
        let rows: Vec<(String, NaiveDate, f64, Option<NaiveDateTime>)> = q
            .select((
                indicator_values::period,
                indicator_values::period_end,
                indicator_values::value,
                indicator_values::approved_at,
            ))
            .load(conn)?;
        let mut grouped: BTreeMap<PeriodKey, Figures> = BTreeMap::new();
        for (period, end, value, at) in rows {
            grouped.entry((end, period)).or_default().push((value, at));
        }
        let mut restated = std::collections::HashSet::new();
        if self.restate {
            for (key, figure) in self.restated(conn, ind)? {
                grouped.entry(key.clone()).or_default().push(figure);
                restated.insert(key);
            }
        }
        Ok(grouped
            .into_iter()
            .map(|(k, figures)| {
                let n = figures.len() as i64;
                let restated = restated.contains(&k);
                (
                    k,
                    PeriodFigure {
                        value: combine(ind.aggregation(), &figures),
                        reported: n,
                        components: Vec::new(),
                        restated,
                    },
                )
            })
            .collect())
    }

    /// The figures of agencies split between successors in this subtree (the source itself
    /// outside it), from before each split took effect: weighted by the successors' shares for a
    /// sum, as reported otherwise (one figure per source and period).
    fn restated(
        &self,
        conn: &mut DbConn,
        ind: &IndicatorRow,
    ) -> Result<Vec<(PeriodKey, Figure)>, ApiError> {
        let sources = crate::agencies::lineage::split_sources(conn, self.agency)?;
        let mut out = Vec::new();
        for (source, (share, effective)) in sources {
            let mut q = indicator_values::table
                .filter(indicator_values::indicator_id.eq(&ind.id))
                .filter(indicator_values::counted.eq(true))
                .filter(indicator_values::agency_id.eq(&source))
                .filter(indicator_values::period_end.lt(effective))
                .into_boxed();
            if let Some(f) = self.from {
                q = q.filter(indicator_values::period_end.ge(f));
            }
            if let Some(t) = self.to {
                q = q.filter(indicator_values::period_end.le(t));
            }
            let rows: Vec<(String, NaiveDate, f64, Option<NaiveDateTime>)> = q
                .select((
                    indicator_values::period,
                    indicator_values::period_end,
                    indicator_values::value,
                    indicator_values::approved_at,
                ))
                .load(conn)?;
            for (period, end, value, at) in rows {
                let value = if ind.aggregation() == Aggregation::Sum {
                    value * share
                } else {
                    value
                };
                out.push(((end, period), (value, at)));
            }
        }
        Ok(out)
    }

    fn composite(
        &mut self,
        conn: &mut DbConn,
        ind: &IndicatorRow,
        depth: usize,
    ) -> Result<Rolled, ApiError> {
        let Some(expr) = ind.formula.as_deref().and_then(|f| formula::parse(f).ok()) else {
            return Ok(BTreeMap::new());
        };
        let codes = formula::codes(&expr);
        let mut per_component: HashMap<String, Rolled> = HashMap::new();
        for code in &codes {
            if let Some(r) = self.component(conn, code, depth + 1)? {
                per_component.insert(code.clone(), r);
            }
        }
        let mut periods: Vec<PeriodKey> = per_component
            .values()
            .flat_map(|m| m.keys().cloned())
            .collect();
        periods.sort();
        periods.dedup();
        let mut out = BTreeMap::new();
        for key in periods {
            let lookup = |code: &str| {
                per_component
                    .get(code)
                    .and_then(|m| m.get(&key))
                    .and_then(|f| f.value)
            };
            let components: Vec<ComponentValue> = codes
                .iter()
                .map(|code| ComponentValue {
                    value: lookup(code),
                    code: code.clone(),
                })
                .collect();
            let value = formula::eval(&expr, &|code| lookup(code));
            let reported = components.iter().filter(|c| c.value.is_some()).count() as i64;
            let restated = per_component
                .values()
                .any(|m| m.get(&key).is_some_and(|f| f.restated));
            out.insert(
                key,
                PeriodFigure {
                    value,
                    reported,
                    components,
                    restated,
                },
            );
        }
        Ok(out)
    }
}

fn target_for(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    agency: &str,
    period: &str,
) -> Result<Option<f64>, ApiError> {
    let rows: Vec<(String, f64)> = indicator_targets::table
        .filter(indicator_targets::indicator_id.eq(&ind.id))
        .filter(indicator_targets::period.eq(period))
        .select((indicator_targets::agency_id, indicator_targets::value))
        .load(conn)?;
    let specific = rows.iter().find(|(a, _)| a == agency).map(|(_, v)| *v);
    let general = rows.iter().find(|(a, _)| a.is_empty()).map(|(_, v)| *v);
    Ok(specific.or(general).or_else(|| {
        (ind.target_period.as_deref() == Some(period))
            .then_some(ind.target_value)
            .flatten()
    }))
}

pub fn compute(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    agency: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    map: SeriesMap,
) -> Result<Series, ApiError> {
    let expected: i64 = if ind.group() == IndicatorGroup::Composite {
        formula::parse(ind.formula.as_deref().unwrap_or_default())
            .map(|e| formula::codes(&e).len() as i64)
            .unwrap_or(0)
    } else {
        let all = reporting_agencies(conn, ind)?;
        let mut n = 0;
        for a in &all {
            if scope::contains(conn, agency, a)? {
                n += 1;
            }
        }
        n
    };
    let mut points = Vec::new();
    let mut evaluation = Evaluation {
        agency,
        restate: map == SeriesMap::Today,
        from,
        to,
        done: HashMap::new(),
        evaluated: 0,
    };
    for (
        (_, period),
        PeriodFigure {
            value,
            reported,
            components,
            restated,
        },
    ) in evaluation.rolled_up(conn, ind, 0)?
    {
        let target = target_for(conn, ind, agency, &period)?;
        points.push(SeriesPoint {
            achievement_pct: match (value, target) {
                (Some(v), Some(t)) => achievement(ind.direction(), v, t),
                _ => None,
            },
            completeness_pct: (expected > 0)
                .then(|| ((reported as f64 * 1000.0 / expected as f64).round() / 10.0).min(100.0)),
            period,
            value,
            target,
            reported,
            expected,
            components,
            restated,
        });
    }
    Ok(Series {
        indicator_id: ind.id.clone(),
        agency_id: agency.to_string(),
        aggregation: ind.aggregation(),
        direction: ind.direction(),
        map,
        points,
        single: false,
        actions: Default::default(),
    })
}

/// Approved figures rolled up over the agency's subtree, per period, with target and achievement.
#[utoipa::path(
    operation_id = "get_indicator_series",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id"), SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Series),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The composite formula reaches too many indicators", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/series")]
pub async fn get_series(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<SeriesQuery>,
) -> Result<web::Json<Series>, ApiError> {
    let id = object_id(&id, "indicator")?;
    let q = query.0;
    let from = period_bound("from", &q.from)?;
    let to = period_bound("to", &q.to)?;
    let series = state
        .db
        .run(move |conn| {
            let ind = visible(conn, &caller, &id)?;
            let agency = q
                .agency_id
                .clone()
                .unwrap_or_else(|| caller.agency_id.clone());
            // The owner agency (a ministry over its sector line) follows its indicator wherever
            // it is reported: its own series is the national one, and it may open any reporting
            // part of the country (a province's).
            let owner_view = caller.sees_agency(conn, &ind.owner_agency_id)?;
            let reachable = caller.sees_agency(conn, &agency)?
                || (owner_view && super::within_reach(conn, &ind.owner_agency_id, &agency)?);
            if !reachable {
                return Err(ApiError::not_found("agency"));
            }
            let rollup = if owner_view && agency == ind.owner_agency_id {
                national_root(conn)?
            } else {
                agency.clone()
            };
            let single = crate::directives::is_single_series(conn, &ind, &agency)?;
            let actions = crate::directives::series_actions(conn, &caller, &ind, &agency, single)?;
            Ok(Series {
                single,
                actions,
                agency_id: agency.clone(),
                ..compute(
                    conn,
                    &ind,
                    &rollup,
                    from,
                    to,
                    q.map.unwrap_or(SeriesMap::Recorded),
                )?
            })
        })
        .await?;
    Ok(web::Json(series))
}

/// The top of the hierarchy (the Party Central Office), whose subtree is the whole country.
fn national_root(conn: &mut DbConn) -> Result<String, ApiError> {
    Ok(crate::db::schema::agencies::table
        .filter(crate::db::schema::agencies::parent_id.is_null())
        .select(crate::db::schema::agencies::id)
        .order(crate::db::schema::agencies::created_at)
        .first(conn)?)
}

/// The task progress an indicator implies: how far the latest approved figure at the task's lead
/// agency has come from the baseline to the target, 0–100.
pub fn implied_progress(ind: &IndicatorRow, latest: f64) -> Option<f64> {
    let target = ind.target_value?;
    let pct = match ind.baseline_value {
        Some(base) if target != base => 100.0 * (latest - base) / (target - base),
        _ => match ind.direction() {
            Direction::Increase if target != 0.0 => 100.0 * latest / target,
            Direction::Decrease if latest != 0.0 => 100.0 * target / latest,
            _ => return None,
        },
    };
    pct.is_finite().then_some(pct.clamp(0.0, 100.0))
}

/// Sets the linked leaf task's progress from the indicator, rolls it up, and audits the change on
/// the task (the KPI, its figure and who caused it). Only links that [`crate::tasks::may_link_kpi`]
/// allowed exist, so this moves only progress that the lead agency or its assigners tied to the KPI.
pub fn drive_task_progress(
    conn: &mut DbConn,
    actor: &Actor,
    ind: &IndicatorRow,
) -> Result<(), ApiError> {
    let Some(task_id) = ind.task_id.as_deref().filter(|_| ind.drives_task_progress) else {
        return Ok(());
    };
    let (lead, resolution, parent, before): (String, String, Option<String>, f64) = tasks::table
        .find(task_id)
        .select((
            tasks::lead_agency_id,
            tasks::resolution_id,
            tasks::parent_id,
            tasks::progress,
        ))
        .first(conn)?;
    let children: i64 = tasks::table
        .filter(tasks::parent_id.eq(task_id))
        .count()
        .get_result(conn)?;
    if children > 0 {
        return Ok(());
    }
    let series = compute(conn, ind, &lead, None, None, SeriesMap::Recorded)?;
    let Some((period, latest)) = series
        .points
        .iter()
        .rev()
        .find_map(|p| p.value.map(|v| (p.period.clone(), v)))
    else {
        return Ok(());
    };
    let Some(progress) = implied_progress(ind, latest) else {
        return Ok(());
    };
    if (progress - before).abs() < 1e-9 {
        return Ok(());
    }
    diesel::update(tasks::table.find(task_id))
        .set(tasks::progress.eq(progress))
        .execute(conn)?;
    rollup::from_parent(conn, &resolution, parent)?;
    #[derive(Serialize)]
    struct KpiProgress<'a> {
        progress: f64,
        indicator_id: &'a str,
        indicator_code: &'a str,
        period: &'a str,
        value: f64,
    }
    audit::record(
        conn,
        actor,
        Change {
            action: "kpi_progress",
            entity_type: "task",
            entity_id: task_id,
            agency_id: Some(&lead),
            before: Some(&serde_json::json!({ "progress": before })),
            after: Some(&KpiProgress {
                progress,
                indicator_id: &ind.id,
                indicator_code: &ind.code,
                period: &period,
                value: latest,
            }),
        },
    )
}

/// After an approval: the indicator's task, and the tasks of composites built on it.
pub fn after_approval(
    conn: &mut DbConn,
    actor: &Actor,
    ind: &IndicatorRow,
) -> Result<(), ApiError> {
    drive_task_progress(conn, actor, ind)?;
    let composites: Vec<IndicatorRow> = indicators::table
        .filter(
            indicators::id.eq_any(
                crate::db::schema::indicator_components::table
                    .filter(crate::db::schema::indicator_components::component_id.eq(&ind.id))
                    .select(crate::db::schema::indicator_components::composite_id),
            ),
        )
        .select(IndicatorRow::as_select())
        .load(conn)?;
    for c in composites {
        drive_task_progress(conn, actor, &c)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregations() {
        let f = [(2.0, None), (6.0, None), (4.0, None)];
        assert_eq!(combine(Aggregation::Sum, &f), Some(12.0));
        assert_eq!(combine(Aggregation::Average, &f), Some(4.0));
        assert_eq!(combine(Aggregation::Min, &f), Some(2.0));
        assert_eq!(combine(Aggregation::Max, &f), Some(6.0));
        assert_eq!(combine(Aggregation::Sum, &[]), None);
    }

    #[test]
    fn achievement_is_direction_aware() {
        assert_eq!(achievement(Direction::Increase, 80.0, 100.0), Some(80.0));
        assert_eq!(achievement(Direction::Decrease, 20.0, 10.0), Some(50.0));
        assert_eq!(achievement(Direction::Increase, 5.0, 0.0), None);
    }
}
