//! `GET /agencies/{id}/lineage`: the agencies an agency came from and went into, over time — the
//! crosswalk between the map as it was and as it is. Each step names the other agency, the day it
//! took effect, when it was recorded, and the share of the predecessor that passed (1 for a merge:
//! the whole agency).

use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use std::collections::HashMap;

use super::AgencyRow;
use crate::db::schema::{agencies, agency_merges};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::Visible;
use crate::scope;
use crate::state::AppState;

text_enum!(
    /// How one agency passed into another.
    LineageKind { Merge => "merge", Split => "split" }
);

/// One step of an agency's lineage.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineageStep {
    pub kind: LineageKind,
    /// The predecessor (for `predecessors`) or the successor (for `successors`).
    pub agency_id: String,
    pub code: String,
    pub name: String,
    /// The share of the predecessor that passed to the successor (1 for a merge; a split's shares
    /// sum to 1).
    pub share: f64,
    /// The day it took effect.
    pub effective_on: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// 1 for a direct predecessor or successor, 2 for one of theirs, …
    pub generation: i32,
}

/// Where an agency came from and went into.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyLineage {
    pub agency_id: String,
    /// Oldest generation last.
    pub predecessors: Vec<LineageStep>,
    pub successors: Vec<LineageStep>,
}

/// The agencies split between successors inside `agency`'s subtree while they themselves lie
/// outside it: source → (the share of it inside the subtree, the day the split took effect). On
/// today's map, their figures from before that day count in the subtree (see
/// `docs/reorganisation.md`, "Restated series").
pub fn split_sources(
    conn: &mut DbConn,
    agency: &str,
) -> Result<HashMap<String, (f64, NaiveDate)>, ApiError> {
    let splits: Vec<(String, f64, Option<NaiveDate>, chrono::NaiveDateTime)> = agency_merges::table
        .filter(agency_merges::kind.eq(LineageKind::Split.as_str()))
        .filter(agency_merges::undone_at.is_null())
        .filter(agency_merges::into_id.eq_any(scope::subtree_ids(agency)))
        .filter(diesel::dsl::not(
            agency_merges::source_id.eq_any(scope::subtree_ids(agency)),
        ))
        .select((
            agency_merges::source_id,
            agency_merges::share,
            agency_merges::effective_on,
            agency_merges::merged_at,
        ))
        .load(conn)?;
    let mut sources: HashMap<String, (f64, NaiveDate)> = HashMap::new();
    for (source, share, effective, recorded) in splits {
        let e = sources
            .entry(source)
            .or_insert((0.0, effective.unwrap_or(recorded.date())));
        e.0 += share;
    }
    Ok(sources)
}

/// (source, successor, recorded at, effective on, kind, share)
type Merge = (
    String,
    String,
    chrono::NaiveDateTime,
    Option<NaiveDate>,
    String,
    f64,
);

fn merges(conn: &mut DbConn) -> Result<Vec<Merge>, ApiError> {
    Ok(agency_merges::table
        .filter(agency_merges::undone_at.is_null())
        .select((
            agency_merges::source_id,
            agency_merges::into_id,
            agency_merges::merged_at,
            agency_merges::effective_on,
            agency_merges::kind,
            agency_merges::share,
        ))
        .load(conn)?)
}

/// The lineage of `id`: every merge into it (and into those, …) and out of it (and onwards).
pub fn of(conn: &mut DbConn, id: &str) -> Result<AgencyLineage, ApiError> {
    let all = merges(conn)?;
    let walk = |start: &str, backwards: bool| -> Vec<(Merge, String, i32)> {
        let mut out = Vec::new();
        let mut frontier = vec![start.to_string()];
        let mut seen = std::collections::HashSet::from([start.to_string()]);
        let mut generation = 1;
        while !frontier.is_empty() && generation < 100 {
            let mut next = Vec::new();
            for at in &frontier {
                for m in &all {
                    let (here, other) = if backwards {
                        (&m.1, &m.0)
                    } else {
                        (&m.0, &m.1)
                    };
                    if here == at && seen.insert(other.clone()) {
                        out.push((m.clone(), other.clone(), generation));
                        next.push(other.clone());
                    }
                }
            }
            frontier = next;
            generation += 1;
        }
        out
    };
    let before = walk(id, true);
    let after = walk(id, false);
    let ids: Vec<&str> = before
        .iter()
        .chain(after.iter())
        .map(|(_, other, _)| other.as_str())
        .collect();
    let rows: Vec<(String, String, String)> = agencies::table
        .filter(agencies::id.eq_any(&ids))
        .select((agencies::id, agencies::code, agencies::name))
        .load(conn)?;
    let named: std::collections::HashMap<String, (String, String)> = rows
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect();
    let step = |(m, other, generation): (Merge, String, i32)| {
        let (code, name) = named.get(&other).cloned().unwrap_or_default();
        LineageStep {
            kind: m.4.parse().unwrap_or(LineageKind::Merge),
            code,
            name,
            share: m.5,
            effective_on: m.3.unwrap_or_else(|| m.2.date()),
            recorded_at: m.2.and_utc(),
            generation,
            agency_id: other,
        }
    };
    Ok(AgencyLineage {
        agency_id: id.to_string(),
        predecessors: before.into_iter().map(step).collect(),
        successors: after.into_iter().map(step).collect(),
    })
}

/// The agencies this one came from and went into, with the days each step took effect.
#[utoipa::path(
    operation_id = "get_agency_lineage",
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "Agency id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = AgencyLineage),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agencies/{id}/lineage")]
pub async fn get_lineage(
    state: web::Data<AppState>,
    agency: Visible<AgencyRow>,
) -> Result<web::Json<AgencyLineage>, ApiError> {
    let Visible { object, .. } = agency;
    let body = state.db.run(move |conn| of(conn, &object.id)).await?;
    Ok(web::Json(body))
}
