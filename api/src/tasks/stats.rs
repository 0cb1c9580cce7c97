//! Maintained task aggregates per scope (see the `scope_task_stats` migration): triggers keep them
//! exact on every task write; this module reads them, re-derives health when only the date has
//! changed, and rebuilds the scopes whose subtree changed when agencies move.

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::health::{self, Health};
use super::TaskStatus;
use crate::db::schema::{agency_closure, scope_task_stats};
use crate::db::{BackendKind, DbConn};
use crate::error::ApiError;

/// One bucket of a scope: tasks of a status and health, and the weight and weighted progress of
/// the scope's top tasks among them.
#[derive(Debug, Clone)]
pub struct Bucket {
    pub status: TaskStatus,
    pub health: Health,
    pub n: i64,
    pub top_w: f64,
    pub top_wp: f64,
}

/// The buckets of `scope` (the agency's subtree), for one resolution or all.
pub fn read(
    conn: &mut DbConn,
    scope: &str,
    resolution: Option<&str>,
) -> Result<Vec<Bucket>, ApiError> {
    Ok(read_many(conn, &[scope.to_string()], resolution)?
        .remove(scope)
        .unwrap_or_default())
}

/// The buckets of several scopes (a scorecard's child agencies), in one read per 500 scopes.
pub fn read_many(
    conn: &mut DbConn,
    scopes: &[String],
    resolution: Option<&str>,
) -> Result<std::collections::HashMap<String, Vec<Bucket>>, ApiError> {
    // A scope has at most resolutions × statuses × healths rows: summed here.
    type Key = (String, String, String);
    let mut sums: std::collections::BTreeMap<Key, (i64, f64, f64)> =
        std::collections::BTreeMap::new();
    for chunk in scopes.chunks(500) {
        let rows: Vec<(String, String, String, String, i64, f64, f64)> = scope_task_stats::table
            .filter(scope_task_stats::scope_id.eq_any(chunk))
            .select((
                scope_task_stats::scope_id,
                scope_task_stats::resolution_id,
                scope_task_stats::status,
                scope_task_stats::health,
                scope_task_stats::n,
                scope_task_stats::top_w,
                scope_task_stats::top_wp,
            ))
            .load(conn)?;
        for (scope, r, status, health, n, w, wp) in rows {
            if resolution.is_some_and(|want| want != r) {
                continue;
            }
            let e = sums.entry((scope, status, health)).or_default();
            e.0 += n;
            e.1 += w;
            e.2 += wp;
        }
    }
    let mut out: std::collections::HashMap<String, Vec<Bucket>> = std::collections::HashMap::new();
    for ((scope, status, health), (n, w, wp)) in sums {
        if n == 0 {
            continue;
        }
        out.entry(scope).or_default().push(Bucket {
            status: status.parse()?,
            health: health.parse()?,
            n,
            top_w: w,
            top_wp: wp,
        });
    }
    Ok(out)
}

/// Re-derives the stored health of open tasks whose health changed with the date (the triggers
/// move their counts). Returns how many changed. Cheap when nothing changed: one pass over the
/// open tasks.
pub fn refresh_health(conn: &mut DbConn) -> Result<usize, ApiError> {
    let today = super::today();
    let case = health::sql_case(conn.kind(), today);
    let sql = format!(
        "UPDATE tasks SET health = {case} \
         WHERE status NOT IN ('completed', 'cancelled') AND health <> {case}"
    );
    Ok(diesel::sql_query(sql).execute(conn)?)
}

/// Recomputes the buckets of `scopes` from the task table, after their subtrees changed (an
/// agency moved or merged). Each scope costs one aggregate over its subtree's tasks.
pub fn rebuild_scopes(conn: &mut DbConn, scopes: &[String]) -> Result<(), ApiError> {
    if crate::aggregates::defer_task_scopes(scopes) {
        return Ok(());
    }
    let p = |n: usize| match conn.kind() {
        BackendKind::Sqlite => format!("?{n}"),
        BackendKind::Postgres => format!("${n}"),
    };
    let top = format!(
        "t.status <> 'cancelled' AND (t.parent_lead_agency_id IS NULL OR NOT EXISTS ( \
         SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = {p2} \
         AND c2.descendant_id = t.parent_lead_agency_id))",
        p2 = p(2)
    );
    let sql = format!(
        "INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp) \
         SELECT {p1}, t.resolution_id, t.status, t.health, COUNT(*), \
         SUM(CASE WHEN {top} THEN t.weight ELSE 0 END), \
         SUM(CASE WHEN {top} THEN t.weight * t.progress ELSE 0 END) \
         FROM tasks t WHERE t.lead_agency_id IN \
         (SELECT descendant_id FROM agency_closure WHERE ancestor_id = {p3}) \
         GROUP BY t.resolution_id, t.status, t.health",
        p1 = p(1),
        p3 = p(3),
    );
    for scope in scopes {
        diesel::delete(scope_task_stats::table.filter(scope_task_stats::scope_id.eq(scope)))
            .execute(conn)?;
        diesel::sql_query(&sql)
            .bind::<Text, _>(scope)
            .bind::<Text, _>(scope)
            .bind::<Text, _>(scope)
            .execute(conn)?;
    }
    Ok(())
}

/// Recomputes every scope's buckets from the task table in one statement (after a bulk load).
pub fn rebuild_all(conn: &mut DbConn) -> Result<(), ApiError> {
    let top = "t.status <> 'cancelled' AND (t.parent_lead_agency_id IS NULL OR NOT EXISTS ( \
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id \
               AND c2.descendant_id = t.parent_lead_agency_id))";
    diesel::delete(scope_task_stats::table).execute(conn)?;
    diesel::sql_query(format!(
        "INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp) \
         SELECT c.ancestor_id, t.resolution_id, t.status, t.health, COUNT(*), \
         SUM(CASE WHEN {top} THEN t.weight ELSE 0 END), \
         SUM(CASE WHEN {top} THEN t.weight * t.progress ELSE 0 END) \
         FROM tasks t JOIN agency_closure c ON c.descendant_id = t.lead_agency_id \
         GROUP BY c.ancestor_id, t.resolution_id, t.status, t.health"
    ))
    .execute(conn)?;
    Ok(())
}

/// The ancestors of `agency` (itself excluded), for [`rebuild_scopes`].
pub fn ancestors_of(conn: &mut DbConn, agency: &str) -> Result<Vec<String>, ApiError> {
    Ok(agency_closure::table
        .filter(agency_closure::descendant_id.eq(agency))
        .filter(agency_closure::depth.gt(0))
        .select(agency_closure::ancestor_id)
        .load(conn)?)
}
