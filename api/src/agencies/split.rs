//! Splitting an agency between several successors, each with its share (of population or area,
//! summing to 1) — as many old communes were divided between new ones on 1 July 2025. The source
//! becomes `split` and stays where it was with its own history (its closed tasks, approved figures,
//! reports and audit); its open work, duties, indicators, users, keys and child agencies go to the
//! principal successor (the largest share; the first named on a tie), from where they can be
//! reassigned; every successor is recorded in the lineage with its share, which is what restates
//! its series before the split (`GET /indicators/{id}/series?map=today`).

use actix_web::{post, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::handlers::visible;
use super::merge::{hand_over, plan, MergeQuery, MergeReport};
use super::AgencyStatus;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{agencies, agency_merges};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::extract::{object_id, Json, Query};
use crate::scope;
use crate::state::AppState;

/// How far the shares may stray from 1 (they are decimals typed by people: 0.3 + 0.7).
const SHARE_TOLERANCE: f64 = 1e-6;

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitShare {
    /// A successor (an active agency outside the source's subtree).
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: String,
    /// The part of the source it takes (of population or area): more than 0, at most 1.
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub share: f64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    /// Two or more successors whose shares sum to 1.
    #[validate(nested)]
    #[schema(min_items = 2, max_items = 100)]
    pub successors: Vec<SplitShare>,
    /// The day the split took effect (today or earlier; default today).
    pub effective_on: Option<chrono::NaiveDate>,
}

/// What a split did (or would do, with `dry_run`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SplitReport {
    pub source_id: String,
    pub successors: Vec<SplitShare>,
    /// The successor that takes the open work, duties, users, keys and child agencies.
    pub principal_id: String,
    pub dry_run: bool,
    /// What passes to the principal successor and what stays with the source.
    pub handed_over: MergeReport,
}

/// The 422s of a split's successors and shares, every one named (`successors[1].share`).
fn check_successors(
    conn: &mut DbConn,
    caller: &Caller,
    source: &str,
    successors: &[SplitShare],
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if successors.len() < 2 {
        errors.push(FieldError::coded(
            "successors",
            FieldCode::Length,
            "a split needs at least two successors (one successor is a merge)",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, s) in successors.iter().enumerate() {
        let field = |f: &str| format!("successors[{i}].{f}");
        if !(s.share.is_finite() && s.share > 0.0 && s.share <= 1.0) {
            errors.push(FieldError::coded(
                field("share"),
                FieldCode::Range,
                "must be more than 0 and at most 1",
            ));
        }
        if !seen.insert(s.agency_id.clone()) {
            errors.push(FieldError::coded(
                field("agency_id"),
                FieldCode::Duplicate,
                "names the same successor twice",
            ));
            continue;
        }
        match visible(conn, caller, &s.agency_id) {
            Err(_) => errors.push(FieldError::coded(
                field("agency_id"),
                FieldCode::NotFound,
                "no such agency in your scope",
            )),
            Ok(a) if a.id == source || scope::contains(conn, source, &a.id)? => {
                errors.push(FieldError::coded(
                    field("agency_id"),
                    FieldCode::Invalid,
                    "an agency cannot be split into itself or an agency below it",
                ))
            }
            Ok(a) if a.status != AgencyStatus::Active => errors.push(FieldError::coded(
                field("agency_id"),
                FieldCode::Invalid,
                "the successor is not active",
            )),
            Ok(_) => {}
        }
    }
    let sum: f64 = successors.iter().map(|s| s.share).sum();
    if successors.len() >= 2 && (sum - 1.0).abs() > SHARE_TOLERANCE {
        errors.push(FieldError::coded(
            "successors",
            FieldCode::Invalid,
            format!("the shares sum to {sum}, not 1"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The successor with the largest share (the first named on a tie).
fn principal(successors: &[SplitShare]) -> &SplitShare {
    successors
        .iter()
        .reduce(|best, s| if s.share > best.share { s } else { best })
        .expect("at least two successors")
}

/// Splits `source` between `successors` as `caller` would through the API (the same checks), or
/// only reports what would happen (`dry_run`). Used by the endpoint and by reorganisation plans.
pub fn split_in(
    conn: &mut DbConn,
    caller: &Caller,
    source: &str,
    successors: &[SplitShare],
    dry_run: bool,
    effective_on: Option<chrono::NaiveDate>,
) -> Result<SplitReport, ApiError> {
    if let Some(day) = effective_on {
        super::history::check_effective_on(day)?;
    }
    let src = visible(conn, caller, source)?;
    crate::policy::reorganise_agency(caller, src.id == caller.agency_id, src.parent_id.is_none())?;
    check_successors(conn, caller, &src.id, successors)?;
    if src.status != AgencyStatus::Active {
        return Err(ApiError::conflict(
            ErrorCode::NotActive,
            "only an active agency is split",
        ));
    }
    let principal_id = principal(successors).agency_id.clone();
    let mut handed_over = plan(conn, &src.id, &principal_id)?;
    handed_over.dry_run = dry_run;
    let report = SplitReport {
        source_id: src.id.clone(),
        successors: successors.to_vec(),
        principal_id: principal_id.clone(),
        dry_run,
        handed_over,
    };
    if dry_run {
        return Ok(report);
    }
    let start = super::history::step_start();
    let moved = hand_over(conn, &src.id, &principal_id)?;
    let at = now();
    diesel::update(agencies::table.find(&src.id))
        .set((
            agencies::status.eq(AgencyStatus::Split.as_str()),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(at),
        ))
        .execute(conn)?;
    crate::changes::record_removal(
        conn,
        crate::changes::RemovedEntity::Agency,
        &src.id,
        crate::changes::RemovalReason::Split,
        Some(&principal_id),
        src.parent_id.as_deref().unwrap_or(&src.id),
    )?;
    if let Some(day) = effective_on {
        let mut agencies = vec![src.id.clone()];
        agencies.extend(moved.children.iter().cloned());
        super::history::backdate(conn, start, day, &agencies, &moved.tasks)?;
    }
    let moved_json = serde_json::to_string(&moved)?;
    for s in successors {
        let principal = s.agency_id == principal_id;
        diesel::insert_into(agency_merges::table)
            .values((
                agency_merges::id.eq(new_id()),
                agency_merges::source_id.eq(&src.id),
                agency_merges::into_id.eq(&s.agency_id),
                agency_merges::previous_parent_id.eq(&src.parent_id),
                agency_merges::moved.eq(if principal { moved_json.as_str() } else { "{}" }),
                agency_merges::merged_at.eq(at),
                agency_merges::merged_by.eq(&caller.user_id),
                agency_merges::effective_on
                    .eq(Some(effective_on.unwrap_or_else(crate::tasks::today))),
                agency_merges::kind.eq(super::lineage::LineageKind::Split.as_str()),
                agency_merges::share.eq(s.share),
            ))
            .execute(conn)?;
    }
    // The source stops reporting; its successors' series carry on.
    crate::indicators::stats::refresh_all(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "split",
            entity_type: "agency",
            entity_id: &src.id,
            agency_id: src.parent_id.as_deref(),
            before: Some(&src),
            after: Some(&report),
        },
    )?;
    Ok(report)
}

/// Splits the agency between its successors with their shares (admin, or agency admin above all of
/// them); `?dry_run=true` previews what the principal successor takes. One transaction, audited.
/// A split is not undone: a later reorganisation records what changed next.
#[utoipa::path(
    operation_id = "split_agency",
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "The agency that is divided"), MergeQuery),
    request_body = SplitRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, body = SplitReport),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency is not active", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad successors or shares (each named), or `effective_on` in the future", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies/{id}/split")]
pub async fn split_agency(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<MergeQuery>,
    body: Json<SplitRequest>,
) -> Result<web::Json<SplitReport>, ApiError> {
    let source = object_id(&id, "agency")?;
    let SplitRequest {
        successors,
        effective_on,
    } = body.0;
    let dry_run = query.0.dry_run.unwrap_or(false);
    let report = state
        .db
        .write(move |conn| split_in(conn, &caller, &source, &successors, dry_run, effective_on))
        .await?;
    Ok(web::Json(report))
}
