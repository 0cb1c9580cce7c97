//! An indicator compared across provinces for one period: the sector view of a ministry that owns
//! an indicator its line reports from every province (docs/roles.md), and a province's own row.

use actix_web::{get, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::series::{compute, SeriesMap};
use super::values::period_bound;
use super::{reporting_agencies, visible, Direction, IndicatorRow};
use crate::agencies::{AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::{agencies, indicator_values};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::{object_id, Query};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ByProvinceQuery {
    /// The period compared (default: the latest period with an approved figure anywhere the
    /// caller may look).
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: Option<String>,
}

/// One province's part of the indicator for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceRow {
    pub agency_id: String,
    pub code: String,
    pub name: String,
    /// The approved figures of the province's reporting agencies, combined by the indicator's
    /// aggregation; null when none is approved yet.
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub achievement_pct: Option<f64>,
    /// Reporting agencies of the province with an approved figure for the period.
    pub reported: i64,
    /// Reporting agencies of the province.
    pub expected: i64,
    pub completeness_pct: Option<f64>,
    /// 1 for the best value in the indicator's direction, among the provinces with a value;
    /// null without one.
    pub rank: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ByProvince {
    pub indicator_id: String,
    /// The period compared; null when nothing has been approved yet.
    pub period: Option<String>,
    pub direction: Direction,
    /// The provinces the caller may look at that report the indicator, best first, then those
    /// without a value by name.
    pub items: Vec<ProvinceRow>,
}

/// The provinces whose part the caller may open: for the indicator's owner (and above it) every
/// province with a reporting agency; for anyone else the provinces of its own part of the tree.
fn provinces_seen(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let owner_view = caller.sees_agency(conn, &ind.owner_agency_id)?;
    let mut q = agencies::table
        .filter(agencies::kind.eq(AgencyKind::Province.as_str()))
        .filter(agencies::status.eq(AgencyStatus::Active.as_str()))
        .into_boxed();
    if !owner_view {
        let me = caller.agency_id.as_str();
        q = q.filter(
            agencies::id
                .eq_any(scope::subtree_ids(me))
                .or(agencies::id.eq_any(scope::ancestor_ids(me))),
        );
    }
    Ok(q.select((agencies::id, agencies::code, agencies::name))
        .order(agencies::code)
        .load(conn)?)
}

pub fn by_province(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
    period: Option<&str>,
) -> Result<ByProvince, ApiError> {
    let reporting = reporting_agencies(conn, ind)?;
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (id, code, name) in provinces_seen(conn, caller, ind)? {
        let expected = scope::contained(conn, &id, &reporting)?.len() as i64;
        // A province caller above nothing that reports is not a row; neither is one outside
        // the indicator's reach.
        if expected > 0 {
            parts.push((id, code, name, expected));
        }
    }
    let period = match period {
        Some(p) => Some(p.to_string()),
        None => latest_period(conn, ind, &parts)?,
    };
    let bound = period_bound("period", &period)?;
    for (id, code, name, expected) in parts {
        let point = match bound {
            Some(end) => compute(conn, ind, &id, Some(end), Some(end), SeriesMap::Recorded)?
                .points
                .into_iter()
                .next(),
            None => None,
        };
        let reported = point.as_ref().map_or(0, |p| p.reported);
        rows.push(ProvinceRow {
            agency_id: id,
            code,
            name,
            value: point.as_ref().and_then(|p| p.value),
            target: point.as_ref().and_then(|p| p.target),
            achievement_pct: point.as_ref().and_then(|p| p.achievement_pct),
            reported,
            expected,
            completeness_pct: Some(
                ((reported as f64 * 1000.0 / expected as f64).round() / 10.0).min(100.0),
            ),
            rank: None,
        });
    }
    rank(&mut rows, ind.direction());
    Ok(ByProvince {
        indicator_id: ind.id.clone(),
        period,
        direction: ind.direction(),
        items: rows,
    })
}

/// Best first in the indicator's direction; provinces without a value after, by code.
fn rank(rows: &mut [ProvinceRow], direction: Direction) {
    rows.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => {
            let order = x.total_cmp(&y);
            let order = if direction == Direction::Increase {
                order.reverse()
            } else {
                order
            };
            order.then_with(|| a.code.cmp(&b.code))
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.code.cmp(&b.code),
    });
    let mut last: Option<(f64, i64)> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(v) = row.value else { break };
        // Equal values share a rank (1, 2, 2, 4).
        let r = match last {
            Some((prev, r)) if prev == v => r,
            _ => i as i64 + 1,
        };
        row.rank = Some(r);
        last = Some((v, r));
    }
}

/// The latest period with a counted figure from one of the provinces' reporting agencies.
fn latest_period(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    parts: &[(String, String, String, i64)],
) -> Result<Option<String>, ApiError> {
    let mut latest: Option<(chrono::NaiveDate, String)> = None;
    for (province, ..) in parts {
        let found: Option<(chrono::NaiveDate, String)> = indicator_values::table
            .filter(indicator_values::indicator_id.eq(&ind.id))
            .filter(indicator_values::counted.eq(true))
            .filter(indicator_values::agency_id.eq_any(scope::subtree_ids(province)))
            .order(indicator_values::period_end.desc())
            .select((indicator_values::period_end, indicator_values::period))
            .first(conn)
            .optional()?;
        if let Some(f) = found {
            if latest.as_ref().is_none_or(|l| f.0 > l.0) {
                latest = Some(f);
            }
        }
    }
    Ok(latest.map(|(_, p)| p))
}

/// The indicator compared across provinces for one period: for its owner (a ministry over its
/// sector line) every reporting province, for a province its own row.
#[utoipa::path(
    operation_id = "get_indicator_by_province",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id"), ByProvinceQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ByProvince),
        (status = 400, description = "Malformed period", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/provinces")]
pub async fn get_by_province(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<ByProvinceQuery>,
) -> Result<web::Json<ByProvince>, ApiError> {
    let id = object_id(&id, "indicator")?;
    let period = query.0.period;
    period_bound("period", &period)?;
    let view = state
        .db
        .run(move |conn| {
            let ind = visible(conn, &caller, &id)?;
            by_province(conn, &caller, &ind, period.as_deref())
        })
        .await?;
    Ok(web::Json(view))
}
