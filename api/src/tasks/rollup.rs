//! Progress roll-up, maintained on write along the path to the root in the caller's transaction:
//! a parent's progress is the weighted mean of its children (cancelled ones left out), and the
//! resolution's the weighted mean of its top-level tasks. Each step is one aggregate over an
//! indexed `parent_id`, so a change costs O(depth) small queries and no read ever recomputes a tree.

use diesel::dsl::sum;
use diesel::prelude::*;

use crate::db::schema::{resolutions, tasks};
use crate::db::DbConn;
use crate::error::ApiError;

/// Σ weight·progress and Σ weight of the non-cancelled children of `parent` (None: top level).
fn weighted(
    conn: &mut DbConn,
    resolution_id: &str,
    parent: Option<&str>,
) -> Result<Option<f64>, ApiError> {
    let base = tasks::table
        .filter(tasks::resolution_id.eq(resolution_id))
        .filter(tasks::status.ne("cancelled"))
        .into_boxed();
    let base = match parent {
        Some(p) => base.filter(tasks::parent_id.eq(p.to_string())),
        None => base.filter(tasks::parent_id.is_null()),
    };
    let (wp, w): (Option<f64>, Option<f64>) = base
        .select((sum(tasks::weight * tasks::progress), sum(tasks::weight)))
        .first(conn)?;
    Ok(match (wp, w) {
        (Some(wp), Some(w)) if w > 0.0 => Some(wp / w),
        _ => None,
    })
}

/// Recomputes the progress of `from` (a parent task, or None for "just the resolution") and of
/// every ancestor, then of the resolution.
pub fn from_parent(
    conn: &mut DbConn,
    resolution_id: &str,
    from: Option<String>,
) -> Result<(), ApiError> {
    let mut current = from;
    while let Some(task_id) = current {
        if let Some(progress) = weighted(conn, resolution_id, Some(&task_id))? {
            diesel::update(tasks::table.find(&task_id))
                .set(tasks::progress.eq(progress))
                .execute(conn)?;
        }
        current = tasks::table
            .find(&task_id)
            .select(tasks::parent_id)
            .first::<Option<String>>(conn)?;
    }
    let progress = weighted(conn, resolution_id, None)?.unwrap_or(0.0);
    diesel::update(resolutions::table.find(resolution_id))
        .set(resolutions::progress.eq(progress))
        .execute(conn)?;
    Ok(())
}
