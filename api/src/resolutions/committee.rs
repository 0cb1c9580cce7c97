//! Steering committees (Ban chỉ đạo): a resolution's member agencies, which see the whole
//! resolution read-only, and its standing agency (cơ quan thường trực), which acts as the owner
//! (docs/steering-committees.md). The rules live here once: who sees a resolution through its
//! committee ([`resolutions_seen_by`]) and whose scope counts as the owner's ([`owner_side_in_scope`],
//! [`standing_agencies`]).

use std::collections::HashMap;

use actix_web::{get, put, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{visible, ResolutionRow, ResolutionStatus};
use crate::agencies::{briefs, AgencyBrief};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{
    agencies, agency_closure, resolution_committee_members, resolution_committees,
};
use crate::db::{now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::extract::{object_id, Json};
use crate::policy;
use crate::state::AppState;

/// The most member agencies a committee may have.
pub const MAX_MEMBERS: usize = 200;

/// The ids of the resolutions whose committee has `agency`, or an agency above it, as a member or
/// as the standing agency: a subquery for `eq_any` (the people of a member agency and of the
/// agencies below it see the resolution).
#[diesel::dsl::auto_type(no_type_alias)]
pub fn resolutions_seen_by<'a>(agency: &'a str) -> _ {
    resolution_committees::table
        .left_join(resolution_committee_members::table)
        .filter(
            resolution_committee_members::agency_id
                .eq_any(
                    agency_closure::table
                        .filter(agency_closure::descendant_id.eq(agency))
                        .select(agency_closure::ancestor_id),
                )
                .or(resolution_committees::standing_agency_id.eq_any(
                    agency_closure::table
                        .filter(agency_closure::descendant_id.eq(agency))
                        .select(agency_closure::ancestor_id.nullable()),
                )),
        )
        .select(resolution_committees::resolution_id)
}

/// The ids of the resolutions whose standing agency is `agency` or below it (the caller's scope
/// holds the standing agency): a subquery for `eq_any`.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn standing_in_subtree<'a>(agency: &'a str) -> _ {
    resolution_committees::table
        .filter(
            resolution_committees::standing_agency_id.eq_any(
                agency_closure::table
                    .filter(agency_closure::ancestor_id.eq(agency))
                    .select(agency_closure::descendant_id.nullable()),
            ),
        )
        .select(resolution_committees::resolution_id)
}

/// The standing agency of each of these resolutions that has one (one query per 500 ids).
pub fn standing_agencies<S: AsRef<str>>(
    conn: &mut DbConn,
    resolution_ids: impl IntoIterator<Item = S>,
) -> Result<HashMap<String, String>, ApiError> {
    let ids: Vec<String> = resolution_ids
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, Option<String>)> = resolution_committees::table
            .filter(resolution_committees::resolution_id.eq_any(chunk))
            .select((
                resolution_committees::resolution_id,
                resolution_committees::standing_agency_id,
            ))
            .load(conn)?;
        out.extend(rows.into_iter().filter_map(|(r, s)| s.map(|s| (r, s))));
    }
    Ok(out)
}

/// The "owner in scope" of the resolution rules: the caller's scope holds the resolution's owner
/// agency or its standing agency (whose planners act as the owner's).
pub fn owner_side_in_scope(
    conn: &mut DbConn,
    caller: &Caller,
    resolution: &ResolutionRow,
) -> Result<bool, ApiError> {
    if caller.sees_agency(conn, &resolution.owner_agency_id)? {
        return Ok(true);
    }
    match standing_agencies(conn, [&resolution.id])?.remove(&resolution.id) {
        Some(standing) => caller.sees_agency(conn, &standing),
        None => Ok(false),
    }
}

/// What the caller may do with a committee now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CommitteeActions {
    /// `PUT /resolutions/{id}/committee`.
    pub edit: bool,
}

/// A resolution's steering committee. A resolution without one answers with no standing agency
/// and no members.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Committee {
    #[schema(format = Uuid)]
    pub resolution_id: String,
    /// The standing agency (cơ quan thường trực): it acts as the resolution's owner.
    #[schema(format = Uuid)]
    pub standing_agency_id: Option<String>,
    /// The member agencies, sorted: they and the agencies below them see the resolution, its tree
    /// and its tasks read-only.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub member_agency_ids: Vec<String>,
    /// The standing agency's code and name (it may be outside the caller's scope).
    pub standing_agency: Option<AgencyBrief>,
    /// The members' codes and names, in the order of `member_agency_ids`.
    pub members: Vec<AgencyBrief>,
    pub actions: CommitteeActions,
}

/// The whole committee: the standing agency (or null) and every member (the list replaces the
/// previous one). The standing agency may be listed among the members or not; it sees the
/// resolution either way.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetCommittee {
    /// An active agency, or null for none.
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub standing_agency_id: Option<String>,
    /// Active agencies, each once, anywhere in the country; at most 200.
    #[validate(length(max = 200))]
    #[schema(max_items = 200, value_type = Vec<uuid::Uuid>)]
    pub member_agency_ids: Vec<String>,
}

/// The committee as it stands, as the caller sees it.
fn view(
    conn: &mut DbConn,
    caller: &Caller,
    resolution: &ResolutionRow,
) -> Result<Committee, ApiError> {
    let standing: Option<String> = resolution_committees::table
        .find(&resolution.id)
        .select(resolution_committees::standing_agency_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten();
    let members: Vec<String> = resolution_committee_members::table
        .filter(resolution_committee_members::resolution_id.eq(&resolution.id))
        .order(resolution_committee_members::agency_id)
        .select(resolution_committee_members::agency_id)
        .load(conn)?;
    let owner_in_scope = caller.sees_agency(conn, &resolution.owner_agency_id)?;
    let mut named = briefs(
        conn,
        &[standing.clone().into_iter().collect(), members.clone()].concat(),
    )?;
    let standing_agency = match &standing {
        Some(id) if named.first().is_some_and(|b| &b.id == id) => Some(named.remove(0)),
        _ => None,
    };
    Ok(Committee {
        resolution_id: resolution.id.clone(),
        standing_agency_id: standing,
        standing_agency,
        members: named,
        member_agency_ids: members,
        actions: CommitteeActions {
            edit: policy::edit_committee(caller, owner_in_scope).is_ok(),
        },
    })
}

/// The committee of a resolution the caller sees (404 otherwise).
pub fn get_in(
    conn: &mut DbConn,
    caller: &Caller,
    resolution_id: &str,
) -> Result<Committee, ApiError> {
    let resolution = visible(conn, caller, resolution_id)?;
    view(conn, caller, &resolution)
}

fn is_active_agency(conn: &mut DbConn, id: &str) -> Result<bool, ApiError> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Ok(false);
    }
    let n: i64 = agencies::table
        .filter(agencies::id.eq(id))
        .filter(agencies::status.eq("active"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every agency named exists and is active, and no member is listed twice (422 naming each field).
fn check(conn: &mut DbConn, input: &SetCommittee) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if input.member_agency_ids.len() > MAX_MEMBERS {
        errors.push(FieldError::coded(
            "member_agency_ids",
            FieldCode::Length,
            format!("at most {MAX_MEMBERS} members"),
        ));
    }
    if let Some(standing) = &input.standing_agency_id {
        if !is_active_agency(conn, standing)? {
            errors.push(FieldError::coded(
                "standing_agency_id",
                FieldCode::NotFound,
                "no such active agency",
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, agency) in input.member_agency_ids.iter().enumerate() {
        let field = format!("member_agency_ids[{i}]");
        if !seen.insert(agency.as_str()) {
            errors.push(FieldError::coded(
                field,
                FieldCode::Duplicate,
                "is listed twice",
            ));
        } else if !is_active_agency(conn, agency)? {
            errors.push(FieldError::coded(
                field,
                FieldCode::NotFound,
                "no such active agency",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// What the audit keeps of a committee.
#[derive(Serialize)]
struct Recorded<'a> {
    standing_agency_id: &'a Option<String>,
    member_agency_ids: &'a [String],
}

/// Sets a resolution's committee (the standing agency and the whole member list): the service
/// behind `PUT /resolutions/{id}/committee`. Planners of the owner agency or above it; a closed
/// resolution is a 409; audited in the same transaction.
pub fn set_in(
    conn: &mut DbConn,
    caller: &Caller,
    resolution_id: &str,
    input: SetCommittee,
) -> Result<Committee, ApiError> {
    let resolution = visible(conn, caller, resolution_id)?;
    policy::edit_committee(
        caller,
        caller.sees_agency(conn, &resolution.owner_agency_id)?,
    )?;
    if resolution.status == ResolutionStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::ResolutionClosed,
            "a closed resolution cannot be changed",
        ));
    }
    check(conn, &input)?;
    let before = view(conn, caller, &resolution)?;
    let at = now();
    let existing: i64 = resolution_committees::table
        .find(&resolution.id)
        .count()
        .get_result(conn)?;
    if existing > 0 {
        diesel::update(resolution_committees::table.find(&resolution.id))
            .set((
                resolution_committees::standing_agency_id.eq(&input.standing_agency_id),
                resolution_committees::updated_at.eq(at),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(resolution_committees::table)
            .values((
                resolution_committees::resolution_id.eq(&resolution.id),
                resolution_committees::standing_agency_id.eq(&input.standing_agency_id),
                resolution_committees::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        resolution_committee_members::table
            .filter(resolution_committee_members::resolution_id.eq(&resolution.id)),
    )
    .execute(conn)?;
    for agency in &input.member_agency_ids {
        diesel::insert_into(resolution_committee_members::table)
            .values((
                resolution_committee_members::resolution_id.eq(&resolution.id),
                resolution_committee_members::agency_id.eq(agency),
            ))
            .execute(conn)?;
    }
    let after = view(conn, caller, &resolution)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update",
            entity_type: "resolution_committee",
            entity_id: &resolution.id,
            agency_id: Some(&resolution.owner_agency_id),
            before: Some(&Recorded {
                standing_agency_id: &before.standing_agency_id,
                member_agency_ids: &before.member_agency_ids,
            }),
            after: Some(&Recorded {
                standing_agency_id: &after.standing_agency_id,
                member_agency_ids: &after.member_agency_ids,
            }),
        },
    )?;
    Ok(after)
}

/// A resolution's steering committee: its standing agency (which acts as the owner) and its member
/// agencies (which see the resolution read-only). 200 with no standing agency and no members when
/// none was set.
#[utoipa::path(
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Committee),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/resolutions/{id}/committee")]
pub async fn get_committee(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Committee>, ApiError> {
    let id = object_id(&id, "resolution")?;
    let committee = state.db.run(move |conn| get_in(conn, &caller, &id)).await?;
    Ok(web::Json(committee))
}

/// Sets a resolution's steering committee, replacing the standing agency and the whole member list
/// (planners of the owner agency or above it). Every agency named must exist and be active, each
/// member once. A closed resolution cannot be changed.
#[utoipa::path(
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    request_body = SetCommittee,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Committee),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed resolution", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown or inactive agency, member listed twice", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/resolutions/{id}/committee")]
pub async fn put_committee(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<SetCommittee>,
) -> Result<web::Json<Committee>, ApiError> {
    let id = object_id(&id, "resolution")?;
    let input = body.0;
    let committee = state
        .db
        .write(move |conn| set_in(conn, &caller, &id, input))
        .await?;
    Ok(web::Json(committee))
}
