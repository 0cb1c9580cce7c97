//! Sector lines (ngành dọc), the second hierarchy. An agency has one administrative parent (the
//! Department of Education of Hà Nội is part of the People's Committee of Hà Nội) and may also
//! belong to the sector line of a ministry, which guides it professionally (the Ministry of
//! Education and Training). Lines nest: a commune's education officer is in the line of the
//! province's department, and through it in the ministry's (docs/roles.md).
//!
//! `agencies.sector_ministry_id` names the head directly above; `sector_closure` holds every
//! (head, member) pair transitively and is rebuilt here whenever a line changes. A member's
//! administrative subtree is in the line with it ([`line_ids`]). What a sector head may do in its
//! line — own indicators its members report, see their series — is decided in `policy` and the
//! indicator rules; this module only answers who is in whose line.

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;

use crate::agencies::{AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::{agencies, agency_closure, sector_closure};
use crate::db::DbConn;
use crate::error::{ApiError, FieldCode};
use crate::scope;

/// The agency kinds that head a sector line: a ministry (for the country), a department (for the
/// units below its province).
pub const HEAD_KINDS: [AgencyKind; 2] = [AgencyKind::Ministry, AgencyKind::Department];

/// The ids of every agency in `head`'s sector line: its members (transitively) and the agencies
/// below them, as a subquery for `eq_any`.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn line_ids<'a>(head: &'a str) -> _ {
    let members = sector_closure::table
        .filter(sector_closure::head_id.eq(head))
        .select(sector_closure::member_id);
    agency_closure::table
        .filter(agency_closure::ancestor_id.eq_any(members))
        .select(agency_closure::descendant_id)
}

/// Whether `agency` heads a sector line (some agency is in it).
pub fn heads_a_line(conn: &mut DbConn, agency: &str) -> Result<bool, ApiError> {
    let n: i64 = sector_closure::table
        .filter(sector_closure::head_id.eq(agency))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether `agency` is in `head`'s sector line (a member, or below one).
pub fn in_line(conn: &mut DbConn, head: &str, agency: &str) -> Result<bool, ApiError> {
    let n: i64 = sector_closure::table
        .filter(sector_closure::head_id.eq(head))
        .filter(sector_closure::member_id.eq_any(scope::ancestor_ids(agency)))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The heads whose lines reach the caller's part of the tree: a member of the line is the caller's
/// agency, above it or below it. A province sees what the ministries ask of its departments.
pub fn heads_near(conn: &mut DbConn, caller: &Caller) -> Result<Vec<String>, ApiError> {
    let agency = caller.agency_id.as_str();
    Ok(sector_closure::table
        .filter(
            sector_closure::member_id
                .eq_any(scope::subtree_ids(agency))
                .or(sector_closure::member_id.eq_any(scope::ancestor_ids(agency))),
        )
        .select(sector_closure::head_id)
        .distinct()
        .load(conn)?)
}

/// Checks that `head` may head `agency`'s sector line: an active ministry anywhere (ministries are
/// known to all), or an active department the caller sees; never the agency itself or one of its
/// own line (a cycle).
pub fn check_head(
    conn: &mut DbConn,
    caller: &Caller,
    agency: Option<&str>,
    head: &str,
) -> Result<(), ApiError> {
    const FIELD: &str = "sector_ministry_id";
    let found: Option<(String, String)> = agencies::table
        .filter(agencies::id.eq(head))
        .select((agencies::kind, agencies::status))
        .first(conn)
        .optional()?;
    let Some((kind, status)) = found else {
        return Err(ApiError::invalid_as(
            FIELD,
            FieldCode::NotFound,
            "no such agency",
        ));
    };
    let kind: AgencyKind = kind.parse()?;
    let visible = kind == AgencyKind::Ministry || caller.sees_agency(conn, head)?;
    if !visible {
        return Err(ApiError::invalid_as(
            FIELD,
            FieldCode::NotFound,
            "no such agency",
        ));
    }
    if !HEAD_KINDS.contains(&kind) {
        return Err(ApiError::invalid_as(
            FIELD,
            FieldCode::Invalid,
            "a sector line is headed by a ministry or a department",
        ));
    }
    if status.parse::<AgencyStatus>()? != AgencyStatus::Active {
        return Err(ApiError::invalid_as(
            FIELD,
            FieldCode::Invalid,
            "the head of a sector line must be an active agency",
        ));
    }
    if let Some(agency) = agency {
        if agency == head || in_line(conn, agency, head)? {
            return Err(ApiError::invalid_as(
                FIELD,
                FieldCode::Invalid,
                "would put the agency in its own sector line (a cycle)",
            ));
        }
    }
    Ok(())
}

/// Brings `sector_closure` in line with every agency's `sector_ministry_id`, in the transaction
/// that changed a line: computed whole (a few thousand links at national scale), written as the
/// difference (a new department adds its one or two rows).
pub fn rebuild(conn: &mut DbConn) -> Result<(), ApiError> {
    let links: HashMap<String, String> = agencies::table
        .filter(agencies::sector_ministry_id.is_not_null())
        .select((agencies::id, agencies::sector_ministry_id.assume_not_null()))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut wanted: BTreeSet<(String, String)> = BTreeSet::new();
    for member in links.keys() {
        let mut at = member;
        let mut steps = 0;
        while let Some(head) = links.get(at) {
            if head == member || steps > 16 {
                break;
            }
            wanted.insert((head.clone(), member.clone()));
            at = head;
            steps += 1;
        }
    }
    let existing: BTreeSet<(String, String)> = sector_closure::table
        .select((sector_closure::head_id, sector_closure::member_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    for (head, member) in existing.difference(&wanted) {
        diesel::delete(sector_closure::table.find((head, member))).execute(conn)?;
    }
    for (head, member) in wanted.difference(&existing) {
        diesel::insert_into(sector_closure::table)
            .values((
                sector_closure::head_id.eq(head),
                sector_closure::member_id.eq(member),
            ))
            .execute(conn)?;
    }
    Ok(())
}
