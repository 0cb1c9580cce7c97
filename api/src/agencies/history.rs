//! The hierarchy through time. Every change of an agency's code, name, kind, parent or status is
//! kept in `agency_versions` (by triggers, whatever made the change), so the tree can be shown as
//! it was at the end of any day: `?as_of=DATE` on the agency endpoints.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::AgencyRow;
use crate::db::schema::{agencies, agency_versions};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::scope;

/// The end of `date` (UTC): what was valid then.
pub fn end_of(date: NaiveDate) -> NaiveDateTime {
    date.succ_opt()
        .unwrap_or(date)
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
}

/// The agencies of `scope_root`'s current subtree that existed at the end of `date`, each as it
/// was then (code, name, kind, parent, status); `depth` follows the parents of that day, and
/// `updated_at` is when that state began. Sorted by depth, then code.
pub fn as_of(
    conn: &mut DbConn,
    scope_root: &str,
    date: NaiveDate,
) -> Result<Vec<AgencyRow>, ApiError> {
    let end = end_of(date);
    type Version = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        NaiveDateTime,
    );
    let versions: Vec<Version> = agency_versions::table
        .filter(agency_versions::agency_id.eq_any(scope::subtree_ids(scope_root)))
        .filter(agency_versions::valid_from.lt(end))
        .filter(
            agency_versions::valid_to
                .is_null()
                .or(agency_versions::valid_to.ge(end)),
        )
        .select((
            agency_versions::agency_id,
            agency_versions::code,
            agency_versions::name,
            agency_versions::kind,
            agency_versions::parent_id,
            agency_versions::status,
            agency_versions::merged_into_id,
            agency_versions::valid_from,
        ))
        .load(conn)?;
    let current: HashMap<String, (i32, i32, NaiveDateTime)> = agencies::table
        .filter(agencies::id.eq_any(scope::subtree_ids(scope_root)))
        .select((
            agencies::id,
            agencies::depth,
            agencies::version,
            agencies::created_at,
        ))
        .load::<(String, i32, i32, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(id, depth, version, created)| (id, (depth, version, created)))
        .collect();
    let parents: HashMap<&str, Option<&str>> = versions
        .iter()
        .map(|v| (v.0.as_str(), v.4.as_deref()))
        .collect();
    // Depth along that day's parents; an agency whose parent lies outside the scope keeps the
    // depth it has now.
    let depth_of = |id: &str| -> i32 {
        let mut steps = 0;
        let mut at = id;
        while let Some(Some(parent)) = parents.get(at) {
            if !parents.contains_key(parent) || steps > 64 {
                break;
            }
            at = parent;
            steps += 1;
        }
        current.get(at).map(|c| c.0).unwrap_or(0) + steps
    };
    let mut rows: Vec<AgencyRow> = versions
        .iter()
        .map(|v| -> Result<AgencyRow, ApiError> {
            let (_, version, created_at) = current.get(&v.0).copied().unwrap_or((0, 0, v.7));
            Ok(AgencyRow {
                id: v.0.clone(),
                code: v.1.clone(),
                name: v.2.clone(),
                kind: v.3.parse()?,
                parent_id: v.4.clone(),
                depth: depth_of(&v.0),
                status: v.5.parse()?,
                merged_into_id: v.6.clone(),
                version,
                created_at,
                updated_at: v.7,
                // Official codes are not versioned: a past day's view does not show them.
                official_code: None,
            })
        })
        .collect::<Result<_, _>>()?;
    rows.sort_by(|a, b| (a.depth, &a.code).cmp(&(b.depth, &b.code)));
    Ok(rows)
}
