//! Administrative reorganisation: merging an agency into its successor without losing history.
//! The source becomes `merged` (with `merged_into_id`) and a child of the successor, so every
//! roll-up over the successor's subtree includes the predecessor's history; its open work, duties,
//! users, child agencies and keys move to the successor; its approved values, reports, audit and
//! closed tasks stay attributed to it.

use actix_web::{post, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::handlers::visible;
use super::tree::move_subtree;
use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::schema::{
    agencies, api_keys, indicator_reporters, indicator_values, indicators, task_coordinators,
    tasks, users,
};
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::extract::{object_id, Json, Query};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The successor agency.
    #[validate(custom(function = "crate::validate::uuid"))]
    pub into_id: String,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MergeQuery {
    /// Report what would move and what conflicts, changing nothing.
    pub dry_run: Option<bool>,
}

/// Both agencies have an approved figure of the same indicator for the same period.
#[derive(Debug, Serialize, ToSchema)]
pub struct MergeConflict {
    pub indicator_code: String,
    pub period: String,
    pub source_value: f64,
    pub successor_value: f64,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct MergeReport {
    pub source_id: String,
    pub into_id: String,
    pub dry_run: bool,
    /// Open tasks the source leads, now led by the successor.
    pub tasks_moved: i64,
    /// Open tasks the source coordinates.
    pub coordinations_moved: i64,
    /// Indicators the source reports (explicit lists), owns or supplies.
    pub reporting_duties_moved: i64,
    pub indicators_moved: i64,
    pub users_moved: i64,
    pub child_agencies_moved: i64,
    pub api_keys_moved: i64,
    /// Closed tasks and approved values that stay attributed to the source.
    pub closed_tasks_kept: i64,
    pub values_kept: i64,
    /// Overlapping figures. Rule: nothing is dropped — each figure stays with the agency that
    /// reported it, and the successor's roll-up combines both by the indicator's aggregation.
    pub conflicts: Vec<MergeConflict>,
}

const OPEN: [&str; 3] = ["not_started", "in_progress", "paused"];

fn plan(conn: &mut DbConn, source: &str, into: &str) -> Result<MergeReport, ApiError> {
    let count = |r: QueryResult<i64>| r.map_err(ApiError::from);
    let mut report = MergeReport {
        source_id: source.into(),
        into_id: into.into(),
        ..Default::default()
    };
    report.tasks_moved = count(
        tasks::table
            .filter(tasks::lead_agency_id.eq(source))
            .filter(tasks::status.eq_any(OPEN))
            .count()
            .get_result(conn),
    )?;
    report.closed_tasks_kept = count(
        tasks::table
            .filter(tasks::lead_agency_id.eq(source))
            .filter(tasks::status.ne_all(OPEN))
            .count()
            .get_result(conn),
    )?;
    report.coordinations_moved = count(
        task_coordinators::table
            .inner_join(tasks::table)
            .filter(task_coordinators::agency_id.eq(source))
            .filter(tasks::status.eq_any(OPEN))
            .count()
            .get_result(conn),
    )?;
    report.reporting_duties_moved = count(
        indicator_reporters::table
            .filter(indicator_reporters::agency_id.eq(source))
            .count()
            .get_result(conn),
    )?;
    report.indicators_moved = count(
        indicators::table
            .filter(
                indicators::owner_agency_id
                    .eq(source)
                    .or(indicators::source_agency_id.eq(source)),
            )
            .count()
            .get_result(conn),
    )?;
    report.users_moved = count(
        users::table
            .filter(users::agency_id.eq(source))
            .count()
            .get_result(conn),
    )?;
    report.child_agencies_moved = count(
        agencies::table
            .filter(agencies::parent_id.eq(source))
            .count()
            .get_result(conn),
    )?;
    report.api_keys_moved = count(
        api_keys::table
            .filter(api_keys::agency_id.eq(source))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result(conn),
    )?;
    report.values_kept = count(
        indicator_values::table
            .filter(indicator_values::agency_id.eq(source))
            .filter(indicator_values::counted.eq(true))
            .count()
            .get_result(conn),
    )?;
    let mine: Vec<(String, String, f64)> = indicator_values::table
        .filter(indicator_values::agency_id.eq(source))
        .filter(indicator_values::counted.eq(true))
        .select((
            indicator_values::indicator_id,
            indicator_values::period,
            indicator_values::value,
        ))
        .load(conn)?;
    let theirs: Vec<(String, String, f64)> = indicator_values::table
        .filter(indicator_values::agency_id.eq(into))
        .filter(indicator_values::counted.eq(true))
        .select((
            indicator_values::indicator_id,
            indicator_values::period,
            indicator_values::value,
        ))
        .load(conn)?;
    for (ind, period, value) in mine {
        if let Some((_, _, other)) = theirs.iter().find(|(i, p, _)| *i == ind && *p == period) {
            let code: String = indicators::table
                .find(&ind)
                .select(indicators::code)
                .first(conn)?;
            report.conflicts.push(MergeConflict {
                indicator_code: code,
                period,
                source_value: value,
                successor_value: *other,
            });
        }
    }
    report
        .conflicts
        .sort_by(|a, b| (&a.indicator_code, &a.period).cmp(&(&b.indicator_code, &b.period)));
    Ok(report)
}

fn apply(conn: &mut DbConn, source: &str, into: &str) -> Result<(), ApiError> {
    let now = now();
    diesel::update(
        tasks::table
            .filter(tasks::lead_agency_id.eq(source))
            .filter(tasks::status.eq_any(OPEN)),
    )
    .set((
        tasks::lead_agency_id.eq(into),
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(now),
    ))
    .execute(conn)?;
    let coordinated: Vec<(String, String)> = task_coordinators::table
        .inner_join(tasks::table)
        .filter(task_coordinators::agency_id.eq(source))
        .filter(tasks::status.eq_any(OPEN))
        .select((task_coordinators::task_id, tasks::lead_agency_id))
        .load(conn)?;
    for (task, lead) in coordinated {
        diesel::delete(task_coordinators::table.find((&task, source))).execute(conn)?;
        let already: i64 = task_coordinators::table
            .find((&task, into))
            .count()
            .get_result(conn)?;
        if already == 0 && lead != into {
            diesel::insert_into(task_coordinators::table)
                .values((
                    task_coordinators::task_id.eq(&task),
                    task_coordinators::agency_id.eq(into),
                ))
                .execute(conn)?;
        }
    }
    let duties: Vec<String> = indicator_reporters::table
        .filter(indicator_reporters::agency_id.eq(source))
        .select(indicator_reporters::indicator_id)
        .load(conn)?;
    for ind in duties {
        diesel::delete(indicator_reporters::table.find((&ind, source))).execute(conn)?;
        let already: i64 = indicator_reporters::table
            .find((&ind, into))
            .count()
            .get_result(conn)?;
        if already == 0 {
            diesel::insert_into(indicator_reporters::table)
                .values((
                    indicator_reporters::indicator_id.eq(&ind),
                    indicator_reporters::agency_id.eq(into),
                ))
                .execute(conn)?;
        }
    }
    diesel::update(indicators::table.filter(indicators::owner_agency_id.eq(source)))
        .set(indicators::owner_agency_id.eq(into))
        .execute(conn)?;
    diesel::update(indicators::table.filter(indicators::source_agency_id.eq(source)))
        .set(indicators::source_agency_id.eq(Some(into)))
        .execute(conn)?;
    diesel::update(users::table.filter(users::agency_id.eq(source)))
        .set((users::agency_id.eq(into), users::updated_at.eq(now)))
        .execute(conn)?;
    diesel::update(api_keys::table.filter(api_keys::agency_id.eq(source)))
        .set(api_keys::agency_id.eq(into))
        .execute(conn)?;
    let children: Vec<String> = agencies::table
        .filter(agencies::parent_id.eq(source))
        .select(agencies::id)
        .load(conn)?;
    for child in children {
        move_subtree(conn, &child, into)?;
    }
    // The predecessor hangs under its successor, so the successor's subtree holds its history.
    move_subtree(conn, source, into)?;
    diesel::update(agencies::table.find(source))
        .set((
            agencies::status.eq("merged"),
            agencies::merged_into_id.eq(Some(into)),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(now),
        ))
        .execute(conn)?;
    // The predecessor stops reporting; the successor's series carry on.
    crate::indicators::stats::refresh_all(conn)?;
    Ok(())
}

/// Merges the agency into its successor (admin, or agency admin above both); `?dry_run=true`
/// previews what would move and which figures overlap. One transaction, audited.
#[utoipa::path(
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "The agency that disappears"), MergeQuery),
    request_body = MergeRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, body = MergeReport),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An agency is not active", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies/{id}/merge")]
pub async fn merge_agency(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<MergeQuery>,
    body: Json<MergeRequest>,
) -> Result<web::Json<MergeReport>, ApiError> {
    let source = object_id(&id, "agency")?;
    let into = body.0.into_id;
    let dry_run = query.0.dry_run.unwrap_or(false);
    let report = state
        .db
        .write(move |conn| {
            let src = visible(conn, &caller, &source)?;
            let dst = visible(conn, &caller, &into)
                .map_err(|_| ApiError::invalid("into_id", "no such agency in your scope"))?;
            caller.require_any(&[Role::Admin, Role::AgencyAdmin])?;
            if src.id == caller.agency_id || src.parent_id.is_none() {
                return Err(ApiError::forbidden(
                    "merging needs an administrator above both agencies",
                ));
            }
            if src.id == dst.id || scope::contains(conn, &src.id, &dst.id)? {
                return Err(ApiError::invalid(
                    "into_id",
                    "an agency cannot merge into itself or an agency below it",
                ));
            }
            if src.status != "active" || dst.status != "active" {
                return Err(ApiError::conflict(
                    "not_active",
                    "both agencies must be active",
                ));
            }
            let mut report = plan(conn, &src.id, &dst.id)?;
            report.dry_run = dry_run;
            if !dry_run {
                apply(conn, &src.id, &dst.id)?;
                audit::record(
                    conn,
                    &caller.actor(),
                    Change {
                        action: "merge",
                        entity_type: "agency",
                        entity_id: &src.id,
                        agency_id: Some(&dst.id),
                        before: Some(&src),
                        after: Some(&report),
                    },
                )?;
            }
            Ok(report)
        })
        .await?;
    Ok(web::Json(report))
}
