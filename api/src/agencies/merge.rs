//! Administrative reorganisation: merging an agency into its successor without losing history.
//! The source becomes `merged` (with `merged_into_id`) and a child of the successor, so every
//! roll-up over the successor's subtree includes the predecessor's history; its open work, duties,
//! users, child agencies and keys move to the successor; its approved values, reports, audit and
//! closed tasks stay attributed to it.

use super::AgencyStatus;
use actix_web::{post, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::handlers::visible;
use super::tree::move_subtree;
use super::AgencyRow;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{
    agencies, agency_merges, api_keys, audit_log, indicator_reporters, indicator_values,
    indicators, resolution_committee_members, resolution_committees, task_coordinators, tasks,
    users,
};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode};
use crate::extract::{object_id, Json, Query};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The successor agency.
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub into_id: String,
    /// The day the merge took effect (today or earlier; default today). `?as_of=` views and the
    /// history follow it; the audit keeps when it was recorded.
    pub effective_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DissolveQuery {
    /// The day the dissolution took effect (today or earlier; default today).
    pub effective_on: Option<chrono::NaiveDate>,
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

pub(super) fn plan(conn: &mut DbConn, source: &str, into: &str) -> Result<MergeReport, ApiError> {
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

/// Exactly what a merge moved, kept with the merge so that it can be undone.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Moved {
    pub(super) tasks: Vec<String>,
    /// (task, whether the successor was added as coordinator in the source's place)
    coordinations: Vec<(String, bool)>,
    /// (indicator, whether the successor was added as reporting agency in the source's place)
    duties: Vec<(String, bool)>,
    owned_indicators: Vec<String>,
    sourced_indicators: Vec<String>,
    users: Vec<String>,
    api_keys: Vec<String>,
    pub(super) children: Vec<String>,
    /// (resolution, whether the successor was added as steering committee member in the source's
    /// place); absent in merges recorded before committees existed.
    #[serde(default)]
    committee_memberships: Vec<(String, bool)>,
    /// The resolutions whose committee had the source as standing agency.
    #[serde(default)]
    standing: Vec<String>,
}

impl Moved {
    pub(super) fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(self.tasks.iter().cloned());
        ids.extend(self.coordinations.iter().map(|(t, _)| t.clone()));
        ids.extend(self.duties.iter().map(|(i, _)| i.clone()));
        ids.extend(self.owned_indicators.iter().cloned());
        ids.extend(self.sourced_indicators.iter().cloned());
        ids.extend(self.users.iter().cloned());
        ids.extend(self.api_keys.iter().cloned());
        ids.extend(self.children.iter().cloned());
        ids.extend(self.committee_memberships.iter().map(|(r, _)| r.clone()));
        ids.extend(self.standing.iter().cloned());
        ids.sort();
        ids.dedup();
        ids
    }
}

fn apply(conn: &mut DbConn, source: &str, into: &str) -> Result<Moved, ApiError> {
    let old_parent: Option<String> = agencies::table
        .find(source)
        .select(agencies::parent_id)
        .first(conn)?;
    let moved = hand_over(conn, source, into)?;
    // The predecessor hangs under its successor, so the successor's subtree holds its history.
    move_subtree(conn, source, into)?;
    diesel::update(agencies::table.find(source))
        .set((
            agencies::status.eq("merged"),
            agencies::merged_into_id.eq(Some(into)),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(now()),
        ))
        .execute(conn)?;
    // Those who saw it where it was learn that it went (its row now hangs under `into`).
    crate::changes::record_removal(
        conn,
        crate::changes::RemovedEntity::Agency,
        source,
        crate::changes::RemovalReason::Merged,
        Some(into),
        old_parent.as_deref().unwrap_or(into),
    )?;
    // The predecessor stops reporting; the successor's series carry on.
    crate::indicators::stats::refresh_all(conn)?;
    Ok(moved)
}

/// Hands the source's open work, duties, indicators, users, keys and child agencies over to
/// `into` (a merge's successor, a split's principal successor); what is closed stays.
pub(super) fn hand_over(conn: &mut DbConn, source: &str, into: &str) -> Result<Moved, ApiError> {
    let now = now();
    let mut moved = Moved {
        tasks: tasks::table
            .filter(tasks::lead_agency_id.eq(source))
            .filter(tasks::status.eq_any(OPEN))
            .select(tasks::id)
            .load(conn)?,
        owned_indicators: indicators::table
            .filter(indicators::owner_agency_id.eq(source))
            .select(indicators::id)
            .load(conn)?,
        sourced_indicators: indicators::table
            .filter(indicators::source_agency_id.eq(source))
            .select(indicators::id)
            .load(conn)?,
        users: users::table
            .filter(users::agency_id.eq(source))
            .select(users::id)
            .load(conn)?,
        api_keys: api_keys::table
            .filter(api_keys::agency_id.eq(source))
            .select(api_keys::id)
            .load(conn)?,
        ..Default::default()
    };
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
        let added = already == 0 && lead != into;
        if added {
            diesel::insert_into(task_coordinators::table)
                .values((
                    task_coordinators::task_id.eq(&task),
                    task_coordinators::agency_id.eq(into),
                ))
                .execute(conn)?;
        }
        moved.coordinations.push((task, added));
    }
    // Steering committees: the successor sits where the source sat.
    let memberships: Vec<String> = resolution_committee_members::table
        .filter(resolution_committee_members::agency_id.eq(source))
        .select(resolution_committee_members::resolution_id)
        .load(conn)?;
    for resolution in memberships {
        diesel::delete(resolution_committee_members::table.find((&resolution, source)))
            .execute(conn)?;
        let already: i64 = resolution_committee_members::table
            .find((&resolution, into))
            .count()
            .get_result(conn)?;
        if already == 0 {
            diesel::insert_into(resolution_committee_members::table)
                .values((
                    resolution_committee_members::resolution_id.eq(&resolution),
                    resolution_committee_members::agency_id.eq(into),
                ))
                .execute(conn)?;
        }
        moved.committee_memberships.push((resolution, already == 0));
    }
    moved.standing = resolution_committees::table
        .filter(resolution_committees::standing_agency_id.eq(source))
        .select(resolution_committees::resolution_id)
        .load(conn)?;
    diesel::update(
        resolution_committees::table.filter(resolution_committees::standing_agency_id.eq(source)),
    )
    .set((
        resolution_committees::standing_agency_id.eq(into),
        resolution_committees::updated_at.eq(now),
    ))
    .execute(conn)?;
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
        moved.duties.push((ind, already == 0));
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
    for child in &children {
        move_subtree(conn, child, into)?;
    }
    moved.children = children;
    Ok(moved)
}

/// Merges `source` into `into` as `caller` would through the API (the same checks), or only
/// reports what would happen (`dry_run`). Used by the endpoint and by reorganisation plans.
pub fn merge_in(
    conn: &mut DbConn,
    caller: &Caller,
    source: &str,
    into: &str,
    dry_run: bool,
    effective_on: Option<chrono::NaiveDate>,
) -> Result<MergeReport, ApiError> {
    if let Some(day) = effective_on {
        super::history::check_effective_on(day)?;
    }
    let src = visible(conn, caller, source)?;
    let dst = visible(conn, caller, into).map_err(|_| {
        ApiError::invalid_as(
            "into_id",
            FieldCode::NotFound,
            "no such agency in your scope",
        )
    })?;
    crate::policy::reorganise_agency(caller, src.id == caller.agency_id, src.parent_id.is_none())?;
    if src.id == dst.id || scope::contains(conn, &src.id, &dst.id)? {
        return Err(ApiError::invalid(
            "into_id",
            "an agency cannot merge into itself or an agency below it",
        ));
    }
    if src.status != AgencyStatus::Active || dst.status != AgencyStatus::Active {
        return Err(ApiError::conflict(
            ErrorCode::NotActive,
            "both agencies must be active",
        ));
    }
    let mut report = plan(conn, &src.id, &dst.id)?;
    report.dry_run = dry_run;
    if !dry_run {
        let start = super::history::step_start();
        let moved = apply(conn, &src.id, &dst.id)?;
        if let Some(day) = effective_on {
            let mut agencies = vec![src.id.clone()];
            agencies.extend(moved.children.iter().cloned());
            super::history::backdate(conn, start, day, &agencies, &moved.tasks)?;
        }
        diesel::insert_into(agency_merges::table)
            .values((
                agency_merges::id.eq(new_id()),
                agency_merges::source_id.eq(&src.id),
                agency_merges::into_id.eq(&dst.id),
                agency_merges::previous_parent_id.eq(&src.parent_id),
                agency_merges::moved.eq(serde_json::to_string(&moved)?),
                agency_merges::merged_at.eq(now()),
                agency_merges::merged_by.eq(&caller.user_id),
                agency_merges::effective_on
                    .eq(Some(effective_on.unwrap_or_else(crate::tasks::today))),
            ))
            .execute(conn)?;
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
}

/// Merges the agency into its successor (admin, or agency admin above both); `?dry_run=true`
/// previews what would move and which figures overlap. One transaction, audited; an
/// administrator can undo it (`POST /agencies/{id}/merge/undo`) while nothing has been written
/// to the agencies involved since.
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
        (status = 422, description = "A bad successor, or `effective_on` in the future", body = crate::error::Problem, content_type = "application/problem+json"),
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
    let MergeRequest {
        into_id: into,
        effective_on,
    } = body.0;
    let dry_run = query.0.dry_run.unwrap_or(false);
    let report = state
        .db
        .write(move |conn| merge_in(conn, &caller, &source, &into, dry_run, effective_on))
        .await?;
    Ok(web::Json(report))
}

/// The agency, active again as it was before its merge.
#[derive(Debug, Serialize, ToSchema)]
pub struct UndoReport {
    pub source_id: String,
    pub into_id: String,
    pub merged_at: chrono::DateTime<chrono::Utc>,
    pub tasks_returned: i64,
    pub users_returned: i64,
    pub child_agencies_returned: i64,
}

/// Undoes the latest merge of `source` (administrators of a scope holding both agencies), if
/// nothing has been written since about the two agencies or anything the merge moved.
pub fn undo_merge_in(
    conn: &mut DbConn,
    caller: &Caller,
    source: &str,
) -> Result<UndoReport, ApiError> {
    let src = visible(conn, caller, source)?;
    crate::policy::undo_merge(caller)?;
    let merge: Option<(
        String,
        String,
        Option<String>,
        String,
        chrono::NaiveDateTime,
    )> = agency_merges::table
        .filter(agency_merges::source_id.eq(&src.id))
        .filter(agency_merges::undone_at.is_null())
        .order(agency_merges::merged_at.desc())
        .select((
            agency_merges::id,
            agency_merges::into_id,
            agency_merges::previous_parent_id,
            agency_merges::moved,
            agency_merges::merged_at,
        ))
        .first(conn)
        .optional()?;
    let Some((merge_id, into, previous_parent, moved, merged_at)) = merge else {
        return Err(ApiError::conflict(
            ErrorCode::NotMerged,
            "this agency has no merge to undo",
        ));
    };
    if src.status != AgencyStatus::Merged || src.merged_into_id.as_deref() != Some(into.as_str()) {
        return Err(ApiError::conflict(
            ErrorCode::NotMerged,
            "this agency is no longer merged as recorded",
        ));
    }
    let Some(previous_parent) = previous_parent else {
        return Err(ApiError::conflict(
            ErrorCode::NotMerged,
            "the merge has no parent to return to",
        ));
    };
    let parent = visible(conn, caller, &previous_parent).map_err(|_| {
        ApiError::forbidden("undoing needs an administrator of the agency's former parent")
    })?;
    if parent.status != AgencyStatus::Active {
        return Err(ApiError::conflict(
            ErrorCode::ParentNotActive,
            format!(
                "the former parent {} is no longer active; the agency cannot return under it",
                parent.code
            ),
        ));
    }
    let moved: Moved = serde_json::from_str(&moved)?;
    let mut watched = moved.ids();
    watched.push(src.id.clone());
    watched.push(into.clone());
    // Anything audited since the merge about the agencies or what moved blocks the undo.
    let mut written = 0i64;
    for chunk in watched.chunks(400) {
        written += audit_log::table
            .filter(audit_log::at.gt(merged_at))
            .filter(
                audit_log::entity_id
                    .eq_any(chunk)
                    .or(audit_log::agency_id.eq_any(chunk)),
            )
            .filter(
                audit_log::action
                    .ne("merge")
                    .or(audit_log::entity_id.ne(&src.id)),
            )
            .count()
            .get_result::<i64>(conn)?;
    }
    if written > 0 {
        return Err(ApiError::conflict(
            ErrorCode::WrittenSince,
            format!("{written} change(s) were made since the merge; it can no longer be undone"),
        ));
    }
    let now = now();
    // The agency returns first, then what it had.
    move_subtree(conn, &src.id, &previous_parent)?;
    diesel::update(agencies::table.find(&src.id))
        .set((
            agencies::status.eq("active"),
            agencies::merged_into_id.eq(None::<String>),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(now),
        ))
        .execute(conn)?;
    for child in &moved.children {
        move_subtree(conn, child, &src.id)?;
    }
    for chunk in moved.tasks.chunks(400) {
        diesel::update(
            tasks::table
                .filter(tasks::id.eq_any(chunk))
                .filter(tasks::lead_agency_id.eq(&into)),
        )
        .set((
            tasks::lead_agency_id.eq(&src.id),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    }
    for (task, added) in &moved.coordinations {
        if *added {
            diesel::delete(task_coordinators::table.find((task, &into))).execute(conn)?;
        }
        diesel::insert_into(task_coordinators::table)
            .values((
                task_coordinators::task_id.eq(task),
                task_coordinators::agency_id.eq(&src.id),
            ))
            .execute(conn)?;
    }
    for (resolution, added) in &moved.committee_memberships {
        if *added {
            diesel::delete(resolution_committee_members::table.find((resolution, &into)))
                .execute(conn)?;
        }
        diesel::insert_into(resolution_committee_members::table)
            .values((
                resolution_committee_members::resolution_id.eq(resolution),
                resolution_committee_members::agency_id.eq(&src.id),
            ))
            .execute(conn)?;
    }
    for chunk in moved.standing.chunks(400) {
        diesel::update(
            resolution_committees::table
                .filter(resolution_committees::resolution_id.eq_any(chunk))
                .filter(resolution_committees::standing_agency_id.eq(&into)),
        )
        .set((
            resolution_committees::standing_agency_id.eq(&src.id),
            resolution_committees::updated_at.eq(now),
        ))
        .execute(conn)?;
    }
    for (ind, added) in &moved.duties {
        if *added {
            diesel::delete(indicator_reporters::table.find((ind, &into))).execute(conn)?;
        }
        diesel::insert_into(indicator_reporters::table)
            .values((
                indicator_reporters::indicator_id.eq(ind),
                indicator_reporters::agency_id.eq(&src.id),
            ))
            .execute(conn)?;
    }
    for chunk in moved.owned_indicators.chunks(400) {
        diesel::update(indicators::table.filter(indicators::id.eq_any(chunk)))
            .set(indicators::owner_agency_id.eq(&src.id))
            .execute(conn)?;
    }
    for chunk in moved.sourced_indicators.chunks(400) {
        diesel::update(indicators::table.filter(indicators::id.eq_any(chunk)))
            .set(indicators::source_agency_id.eq(Some(&src.id)))
            .execute(conn)?;
    }
    for chunk in moved.users.chunks(400) {
        diesel::update(users::table.filter(users::id.eq_any(chunk)))
            .set((users::agency_id.eq(&src.id), users::updated_at.eq(now)))
            .execute(conn)?;
    }
    for chunk in moved.api_keys.chunks(400) {
        diesel::update(api_keys::table.filter(api_keys::id.eq_any(chunk)))
            .set(api_keys::agency_id.eq(&src.id))
            .execute(conn)?;
    }
    crate::indicators::stats::refresh_all(conn)?;
    diesel::update(agency_merges::table.find(&merge_id))
        .set((
            agency_merges::undone_at.eq(Some(now)),
            agency_merges::undone_by.eq(Some(&caller.user_id)),
        ))
        .execute(conn)?;
    let report = UndoReport {
        source_id: src.id.clone(),
        into_id: into.clone(),
        merged_at: merged_at.and_utc(),
        tasks_returned: moved.tasks.len() as i64,
        users_returned: moved.users.len() as i64,
        child_agencies_returned: moved.children.len() as i64,
    };
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "undo_merge",
            entity_type: "agency",
            entity_id: &src.id,
            agency_id: Some(&previous_parent),
            before: Some(&src),
            after: Some(&report),
        },
    )?;
    Ok(report)
}

/// Undoes the agency's latest merge (administrators): it is active again under its former parent,
/// with the open tasks, coordinations, reporting duties, indicators, users, keys and sub-agencies
/// the merge moved. Refused with 409 once anything has been written since about the two agencies
/// or what moved.
#[utoipa::path(
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "The merged agency")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = UndoReport),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not merged, or written to since the merge", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies/{id}/merge/undo")]
pub async fn undo_merge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<UndoReport>, ApiError> {
    let source = object_id(&id, "agency")?;
    let report = state
        .db
        .write(move |conn| undo_merge_in(conn, &caller, &source))
        .await?;
    Ok(web::Json(report))
}

/// Dissolves `id` as `caller` would through the API: only with nothing open left.
pub fn dissolve_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    effective_on: Option<chrono::NaiveDate>,
) -> Result<AgencyRow, ApiError> {
    if let Some(day) = effective_on {
        super::history::check_effective_on(day)?;
    }
    let start = super::history::step_start();
    let agency = visible(conn, caller, id)?;
    crate::policy::reorganise_agency(
        caller,
        agency.id == caller.agency_id,
        agency.parent_id.is_none(),
    )?;
    if agency.status != AgencyStatus::Active {
        return Err(ApiError::conflict(
            ErrorCode::NotActive,
            "the agency is not active",
        ));
    }
    let mut open: Vec<String> = Vec::new();
    let mut check = |what: &str, n: i64| {
        if n > 0 {
            open.push(format!("{n} {what}"));
        }
    };
    check(
        "open task(s) it leads",
        tasks::table
            .filter(tasks::lead_agency_id.eq(&agency.id))
            .filter(tasks::status.eq_any(OPEN))
            .count()
            .get_result(conn)?,
    );
    check(
        "open task(s) it coordinates",
        task_coordinators::table
            .inner_join(tasks::table)
            .filter(task_coordinators::agency_id.eq(&agency.id))
            .filter(tasks::status.eq_any(OPEN))
            .count()
            .get_result(conn)?,
    );
    check(
        "active sub-agencies",
        agencies::table
            .filter(agencies::parent_id.eq(&agency.id))
            .filter(agencies::status.eq("active"))
            .count()
            .get_result(conn)?,
    );
    check(
        "active user account(s)",
        users::table
            .filter(users::agency_id.eq(&agency.id))
            .filter(users::active.eq(true))
            .count()
            .get_result(conn)?,
    );
    check(
        "live API key(s)",
        api_keys::table
            .filter(api_keys::agency_id.eq(&agency.id))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result(conn)?,
    );
    check(
        "reporting duties",
        indicator_reporters::table
            .filter(indicator_reporters::agency_id.eq(&agency.id))
            .count()
            .get_result(conn)?,
    );
    check(
        "indicator(s) it owns or supplies",
        indicators::table
            .filter(
                indicators::owner_agency_id
                    .eq(&agency.id)
                    .or(indicators::source_agency_id.eq(&agency.id)),
            )
            .count()
            .get_result(conn)?,
    );
    check(
        "figure(s) waiting for approval",
        indicator_values::table
            .filter(indicator_values::agency_id.eq(&agency.id))
            .filter(indicator_values::status.eq_any(["draft", "submitted", "returned"]))
            .filter(indicator_values::is_current.eq(true))
            .count()
            .get_result(conn)?,
    );
    if !open.is_empty() {
        return Err(ApiError::conflict(
            ErrorCode::StillOpen,
            format!(
                "the agency still has {}; move or close them first",
                open.join(", ")
            ),
        ));
    }
    let now = now();
    diesel::update(agencies::table.find(&agency.id))
        .set((
            agencies::status.eq("dissolved"),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(now),
        ))
        .execute(conn)?;
    crate::changes::record_removal(
        conn,
        crate::changes::RemovedEntity::Agency,
        &agency.id,
        crate::changes::RemovalReason::Dissolved,
        None,
        agency.parent_id.as_deref().unwrap_or(&agency.id),
    )?;
    if let Some(day) = effective_on {
        super::history::backdate(conn, start, day, std::slice::from_ref(&agency.id), &[])?;
    }
    let after: AgencyRow = agencies::table
        .find(&agency.id)
        .select(AgencyRow::as_select())
        .first(conn)?;
    crate::indicators::stats::refresh_all(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "dissolve",
            entity_type: "agency",
            entity_id: &agency.id,
            agency_id: agency.parent_id.as_deref(),
            before: Some(&agency),
            after: Some(&after),
        },
    )?;
    Ok(after)
}

/// Dissolves an agency that has nothing open left (admin, or agency admin above it): no open
/// tasks led or coordinated, no active sub-agencies, users or keys, no reporting duties or
/// indicators, no figures waiting for approval. It is kept with `status: dissolved` and its history;
/// 409 lists what is still open.
#[utoipa::path(
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "Agency id"), DissolveQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = super::Agency),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Something is still open, or the agency is not active", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`effective_on` lies in the future", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies/{id}/dissolve")]
pub async fn dissolve_agency(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<DissolveQuery>,
) -> Result<web::Json<super::Agency>, ApiError> {
    let id = object_id(&id, "agency")?;
    let viewer = caller.clone();
    let effective_on = query.0.effective_on;
    let row = state
        .db
        .write(move |conn| dissolve_in(conn, &caller, &id, effective_on))
        .await?;
    Ok(web::Json(super::Agency::view(row, &viewer)))
}
