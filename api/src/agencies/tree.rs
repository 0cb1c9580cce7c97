//! Keeping the closure table in step with `agencies.parent_id`.

use diesel::prelude::*;

use crate::db::schema::{agencies, agency_closure};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;

/// The fields of a new agency.
pub struct NewAgency<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<&'a str>,
}

/// Inserts an agency and its closure rows; returns its id.
pub fn insert(conn: &mut DbConn, new: NewAgency<'_>) -> Result<String, ApiError> {
    let id = new_id();
    let now = now();
    // (ancestor, depth from that ancestor to the parent), the parent itself included at 0.
    let ancestors: Vec<(String, i32)> = match new.parent_id {
        Some(parent) => agency_closure::table
            .filter(agency_closure::descendant_id.eq(parent))
            .select((agency_closure::ancestor_id, agency_closure::depth))
            .load(conn)?,
        None => Vec::new(),
    };
    let depth = ancestors.iter().map(|(_, d)| d + 1).max().unwrap_or(0);
    diesel::insert_into(agencies::table)
        .values((
            agencies::id.eq(&id),
            agencies::code.eq(new.code),
            agencies::name.eq(new.name),
            agencies::kind.eq(new.kind),
            agencies::parent_id.eq(new.parent_id),
            agencies::depth.eq(depth),
            agencies::status.eq("active"),
            agencies::version.eq(1),
            agencies::established_on.eq(now.date()),
            agencies::created_at.eq(now),
            agencies::updated_at.eq(now),
        ))
        .execute(conn)?;
    let mut rows = vec![(id.clone(), 0)];
    rows.extend(ancestors.into_iter().map(|(a, d)| (a, d + 1)));
    for (ancestor, d) in rows {
        diesel::insert_into(agency_closure::table)
            .values((
                agency_closure::ancestor_id.eq(ancestor),
                agency_closure::descendant_id.eq(&id),
                agency_closure::depth.eq(d),
            ))
            .execute(conn)?;
    }
    crate::indicators::stats::agency_added(conn, &id)?;
    Ok(id)
}

/// Moves `agency_id` (with its whole subtree) under `new_parent_id`. The caller has checked that
/// the new parent is not inside the subtree.
pub fn move_subtree(
    conn: &mut DbConn,
    agency_id: &str,
    new_parent_id: &str,
) -> Result<(), ApiError> {
    // (descendant, depth below the moved agency)
    let subtree: Vec<(String, i32)> = agency_closure::table
        .filter(agency_closure::ancestor_id.eq(agency_id))
        .select((agency_closure::descendant_id, agency_closure::depth))
        .load(conn)?;
    let subtree_ids: Vec<String> = subtree.iter().map(|(d, _)| d.clone()).collect();
    let mut changed_scopes = crate::tasks::stats::ancestors_of(conn, agency_id)?;
    // Forget the old ancestors (those outside the subtree).
    for chunk in subtree_ids.chunks(500) {
        diesel::delete(
            agency_closure::table
                .filter(agency_closure::descendant_id.eq_any(chunk))
                .filter(diesel::dsl::not(
                    agency_closure::ancestor_id.eq_any(&subtree_ids),
                )),
        )
        .execute(conn)?;
    }
    let new_ancestors: Vec<(String, i32)> = agency_closure::table
        .filter(agency_closure::descendant_id.eq(new_parent_id))
        .select((agency_closure::ancestor_id, agency_closure::depth))
        .load(conn)?;
    let parent_depth: i32 = agencies::table
        .find(new_parent_id)
        .select(agencies::depth)
        .first(conn)?;
    let old_depth: i32 = agencies::table
        .find(agency_id)
        .select(agencies::depth)
        .first(conn)?;
    for (ancestor, up) in &new_ancestors {
        for (descendant, down) in &subtree {
            diesel::insert_into(agency_closure::table)
                .values((
                    agency_closure::ancestor_id.eq(ancestor),
                    agency_closure::descendant_id.eq(descendant),
                    agency_closure::depth.eq(up + 1 + down),
                ))
                .execute(conn)?;
        }
    }
    let shift = parent_depth + 1 - old_depth;
    for chunk in subtree_ids.chunks(500) {
        diesel::update(agencies::table.filter(agencies::id.eq_any(chunk)))
            .set(agencies::depth.eq(agencies::depth + shift))
            .execute(conn)?;
    }
    diesel::update(agencies::table.find(agency_id))
        .set(agencies::parent_id.eq(Some(new_parent_id)))
        .execute(conn)?;
    // The scopes that lost or gained the subtree's tasks (those inside it are unchanged).
    changed_scopes.extend(new_ancestors.into_iter().map(|(a, _)| a));
    changed_scopes.sort();
    changed_scopes.dedup();
    crate::tasks::stats::rebuild_scopes(conn, &changed_scopes)?;
    crate::indicators::stats::rebuild_scopes(conn, &changed_scopes)?;
    Ok(())
}

/// Deletes a leaf agency and its closure rows.
pub fn delete_leaf(conn: &mut DbConn, agency_id: &str) -> Result<(), ApiError> {
    diesel::delete(agency_closure::table.filter(agency_closure::descendant_id.eq(agency_id)))
        .execute(conn)?;
    diesel::delete(agencies::table.find(agency_id)).execute(conn)?;
    Ok(())
}
