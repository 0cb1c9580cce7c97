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
    as_of_under(conn, scope_root, None, date)
}

/// The children of `parent` at the end of `date`, among `scope_root`'s current subtree, as
/// [`as_of`] lists them — reading only their versions and the parent's line of ancestors, not the
/// whole subtree's (a province's units on the day before the 2025 reform, out of 15,000).
pub fn children_as_of(
    conn: &mut DbConn,
    scope_root: &str,
    parent: &str,
    date: NaiveDate,
) -> Result<Vec<AgencyRow>, ApiError> {
    as_of_under(conn, scope_root, Some(parent), date)
}

/// The depth of `agency` at the end of `date`: along that day's parents up to `scope_root` (or
/// the top), plus where that one stands now; one query a level.
fn depth_as_of(
    conn: &mut DbConn,
    scope_root: &str,
    agency: &str,
    end: NaiveDateTime,
) -> Result<i32, ApiError> {
    let mut at = agency.to_string();
    let mut steps = 0;
    while at != scope_root && steps <= 64 {
        let parent: Option<Option<String>> = agency_versions::table
            .filter(agency_versions::agency_id.eq(&at))
            .filter(agency_versions::valid_from.lt(end))
            .filter(
                agency_versions::valid_to
                    .is_null()
                    .or(agency_versions::valid_to.ge(end)),
            )
            .select(agency_versions::parent_id)
            .first(conn)
            .optional()?;
        match parent {
            Some(Some(p)) => {
                at = p;
                steps += 1;
            }
            _ => break,
        }
    }
    let depth: Option<i32> = agencies::table
        .find(&at)
        .select(agencies::depth)
        .first(conn)
        .optional()?;
    Ok(depth.unwrap_or(0) + steps)
}

fn as_of_under(
    conn: &mut DbConn,
    scope_root: &str,
    parent: Option<&str>,
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
        Option<String>,
    );
    let mut query = agency_versions::table
        .filter(agency_versions::agency_id.eq_any(scope::subtree_ids(scope_root)))
        .into_boxed();
    if let Some(parent) = parent {
        query = query.filter(agency_versions::parent_id.eq(parent));
    }
    let versions: Vec<Version> = query
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
            agency_versions::sector_ministry_id,
        ))
        .load(conn)?;
    type Current = (i32, i32, NaiveDateTime, Option<NaiveDate>);
    type CurrentRow = (String, i32, i32, NaiveDateTime, Option<NaiveDate>);
    let columns = (
        agencies::id,
        agencies::depth,
        agencies::version,
        agencies::created_at,
        agencies::established_on,
    );
    let mut loaded: Vec<CurrentRow> = Vec::new();
    if parent.is_some() {
        let ids: Vec<&str> = versions.iter().map(|v| v.0.as_str()).collect();
        for chunk in ids.chunks(500) {
            loaded.extend(
                agencies::table
                    .filter(agencies::id.eq_any(chunk))
                    .select(columns)
                    .load::<CurrentRow>(conn)?,
            );
        }
    } else {
        loaded = agencies::table
            .filter(agencies::id.eq_any(scope::subtree_ids(scope_root)))
            .select(columns)
            .load(conn)?;
    }
    let current: HashMap<String, Current> = loaded
        .into_iter()
        .map(|(id, depth, version, created, established)| {
            (id, (depth, version, created, established))
        })
        .collect();
    let parents: HashMap<&str, Option<&str>> = versions
        .iter()
        .map(|v| (v.0.as_str(), v.4.as_deref()))
        .collect();
    // Depth along that day's parents; an agency whose parent lies outside the scope keeps the
    // depth it has now.
    let children_depth = match parent {
        Some(p) => Some(depth_as_of(conn, scope_root, p, end)? + 1),
        None => None,
    };
    let depth_of = |id: &str| -> i32 {
        if let Some(depth) = children_depth {
            return depth;
        }
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
            let (_, version, created_at, established_on) =
                current.get(&v.0).copied().unwrap_or((0, 0, v.7, None));
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
                established_on,
                sector_ministry_id: v.8.clone(),
            })
        })
        .collect::<Result<_, _>>()?;
    rows.sort_by(|a, b| (a.depth, &a.code).cmp(&(b.depth, &b.code)));
    Ok(rows)
}

/// The moment a reorganisation step began, as the version triggers stamp it (to the millisecond):
/// versions written from then on belong to the step.
pub fn step_start() -> NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    crate::db::now()
        .duration_trunc(TimeDelta::milliseconds(1))
        .unwrap_or_else(|_| crate::db::now())
}

/// Checks a reorganisation step's effective date: a day that has begun (today or earlier; a
/// step is recorded when it takes effect or later, never scheduled ahead).
pub fn check_effective_on(effective_on: NaiveDate) -> Result<(), ApiError> {
    if effective_on > crate::tasks::today() {
        return Err(ApiError::invalid(
            "effective_on",
            "must be today or a past day: a reorganisation is recorded once it has taken effect",
        ));
    }
    Ok(())
}

/// Makes the versions a reorganisation step wrote (those of `agency_ids` and `task_ids` begun at
/// `step_start` or later) take effect at the start of `effective_on` instead of when they were
/// recorded, so that `?as_of=` views, the history of parents and the attribution of figures
/// follow the effective date. An agency or task changed again after the effective date (recorded
/// before this step) keeps that change: its step takes effect right after it. The audit keeps the
/// recording time. Returns how many versions moved.
pub fn backdate(
    conn: &mut DbConn,
    step_start: NaiveDateTime,
    effective_on: NaiveDate,
    agency_ids: &[String],
    task_ids: &[String],
) -> Result<usize, ApiError> {
    use crate::db::schema::task_versions;
    let effective = effective_on.and_hms_opt(0, 0, 0).expect("midnight");
    if effective >= step_start {
        return Ok(0);
    }
    let mut moved = 0;
    for chunk in agency_ids.chunks(300) {
        // (id, agency, valid_from, valid_to) of the versions the step closed or opened.
        let rows: Vec<(i64, String, NaiveDateTime, Option<NaiveDateTime>)> = agency_versions::table
            .filter(agency_versions::agency_id.eq_any(chunk))
            .filter(
                agency_versions::valid_from
                    .ge(step_start)
                    .or(agency_versions::valid_to.ge(step_start)),
            )
            .select((
                agency_versions::id,
                agency_versions::agency_id,
                agency_versions::valid_from,
                agency_versions::valid_to,
            ))
            .load(conn)?;
        moved += shift(
            rows,
            effective,
            step_start,
            |id, from, to, conn| {
                diesel::update(agency_versions::table.find(id))
                    .set((
                        agency_versions::valid_from.eq(from),
                        agency_versions::valid_to.eq(to),
                    ))
                    .execute(conn)
            },
            conn,
        )?;
    }
    for chunk in task_ids.chunks(300) {
        let rows: Vec<(i64, String, NaiveDateTime, Option<NaiveDateTime>)> = task_versions::table
            .filter(task_versions::task_id.eq_any(chunk))
            .filter(
                task_versions::valid_from
                    .ge(step_start)
                    .or(task_versions::valid_to.ge(step_start)),
            )
            .select((
                task_versions::id,
                task_versions::task_id,
                task_versions::valid_from,
                task_versions::valid_to,
            ))
            .load(conn)?;
        moved += shift(
            rows,
            effective,
            step_start,
            |id, from, to, conn| {
                diesel::update(task_versions::table.find(id))
                    .set((
                        task_versions::valid_from.eq(from),
                        task_versions::valid_to.eq(to),
                    ))
                    .execute(conn)
            },
            conn,
        )?;
    }
    Ok(moved)
}

type VersionSpan = (i64, String, NaiveDateTime, Option<NaiveDateTime>);

/// Moves the boundary of each subject's versions from the step's recording time to `effective`
/// (or right after the subject's last earlier change, if that came later).
fn shift(
    rows: Vec<VersionSpan>,
    effective: NaiveDateTime,
    step_start: NaiveDateTime,
    mut write: impl FnMut(
        i64,
        NaiveDateTime,
        Option<NaiveDateTime>,
        &mut DbConn,
    ) -> Result<usize, diesel::result::Error>,
    conn: &mut DbConn,
) -> Result<usize, ApiError> {
    let mut by_subject: HashMap<String, Vec<VersionSpan>> = HashMap::new();
    for r in rows {
        by_subject.entry(r.1.clone()).or_default().push(r);
    }
    let mut n = 0;
    for (_, mut versions) in by_subject {
        versions.sort_by_key(|v| (v.2, v.0));
        // The version the step closed: begun before the step. Its own start bounds the shift.
        let boundary = match versions.iter().find(|v| v.2 < step_start) {
            Some(closed) => effective.max(closed.2),
            None => effective,
        };
        for (id, _, from, to) in &versions {
            let new_from = if *from >= step_start { boundary } else { *from };
            let new_to = to.map(|t| if t >= step_start { boundary } else { t });
            if new_from != *from || new_to != *to {
                n += write(*id, new_from, new_to, conn)?;
            }
        }
    }
    Ok(n)
}
