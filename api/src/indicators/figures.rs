//! The one write path of figures: the single endpoint (`POST /indicators/{id}/values`) and the
//! imports both call [`write`], which holds the revision rules — a figure is a new revision of its
//! series' period, it becomes the current one and supersedes the previous current revision, and it
//! starts as a draft or submitted. Checks (scope, source, reporting agency, period and value) come
//! before, in the callers, through the same functions (`values::check_figure`, the policy).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;

use super::values::ValueStatus;
use crate::auth::Caller;
use crate::db::schema::indicator_values;
use crate::db::{BackendKind, DbConn};
use crate::error::ApiError;
use crate::period::Period;

/// A checked figure, ready to be written.
#[derive(Debug, Clone)]
pub struct Figure {
    pub indicator_id: String,
    pub agency_id: String,
    pub period: Period,
    pub value: f64,
    pub note: String,
    pub evidence_url: Option<String>,
}

impl Figure {
    /// (indicator id, agency id)
    pub fn series(&self) -> (&str, &str) {
        (&self.indicator_id, &self.agency_id)
    }
}

/// How figures are written.
#[derive(Clone, Copy, Debug)]
pub struct Mode<'a> {
    /// Submitted for approval at once, or a draft.
    pub submit: bool,
    /// The import that writes them (its audit entry covers its rows), if any.
    pub import_id: Option<&'a str>,
    /// A figure equal to the current revision (value, note, evidence) writes nothing: re-imported
    /// files change nothing. A single write always makes a new revision (the reporter said so).
    pub skip_unchanged: bool,
    /// False for a dry run: outcomes are computed the same way and nothing is written.
    pub write: bool,
}

/// What writing one figure did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// The first revision of its period (the new row's id).
    Created(String),
    /// A new revision that supersedes the current one.
    Updated(String),
    /// Equal to the current revision; nothing written.
    Unchanged,
}

/// Figures written per statement on SQLite. An `indicator_values` row binds 19 parameters, so a
/// batch binds 19,000: under SQLite's limit (32,766).
pub const VALUE_BATCH: usize = 1000;
const _: () = assert!(VALUE_BATCH * 19 < 32_766);
/// Figures written per binary COPY on PostgreSQL (no binds); the batch's revision lookup and
/// supersede bind at most one parameter per row and list: under PostgreSQL's limit (65,535).
/// Fewer, larger batches: the import spent most of its time in per-batch round trips.
pub const VALUE_BATCH_COPY: usize = 10_000;
const _: () = assert!(VALUE_BATCH_COPY * 3 < 65_535);

/// How many checked figures are written at once on this backend.
pub fn batch_size(kind: BackendKind) -> usize {
    match kind {
        BackendKind::Sqlite => VALUE_BATCH,
        BackendKind::Postgres => VALUE_BATCH_COPY,
    }
}

type Revision = (
    String,
    String,
    String,
    i32,
    bool,
    f64,
    String,
    Option<String>,
    String,
);

/// A new revision.
#[derive(Insertable)]
#[diesel(table_name = indicator_values)]
#[diesel(treat_none_as_default_value = false)]
struct NewValue {
    id: String,
    indicator_id: String,
    agency_id: String,
    period: String,
    period_end: NaiveDate,
    revision: i32,
    value: f64,
    note: String,
    evidence_url: Option<String>,
    status: &'static str,
    is_current: bool,
    counted: bool,
    created_by: String,
    submitted_by: Option<String>,
    submitted_at: Option<chrono::NaiveDateTime>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    import_id: Option<String>,
}

/// Writes checked figures (at most [`batch_size`] at once): one query finds the existing revisions
/// of all of them, one statement supersedes the current revisions that change, one multi-row
/// insert (SQLite) or binary COPY (PostgreSQL) writes the new ones. Returns each figure's outcome,
/// in order. Figures of the same series and period must not repeat within one call.
pub fn write(
    conn: &mut DbConn,
    caller: &Caller,
    figures: &[Figure],
    mode: Mode<'_>,
) -> Result<Vec<Written>, ApiError> {
    if figures.is_empty() {
        return Ok(Vec::new());
    }
    let periods: Vec<String> = figures.iter().map(|f| f.period.to_string()).collect();
    fn unique<'s>(items: impl Iterator<Item = &'s String>) -> Vec<String> {
        let set: HashSet<&String> = items.collect();
        set.into_iter().cloned().collect()
    }
    // A superset of the figures' series (the three lists cross), narrowed to exact keys below.
    let existing: Vec<Revision> = indicator_values::table
        .filter(
            indicator_values::indicator_id.eq_any(unique(figures.iter().map(|f| &f.indicator_id))),
        )
        .filter(indicator_values::agency_id.eq_any(unique(figures.iter().map(|f| &f.agency_id))))
        .filter(indicator_values::period.eq_any(unique(periods.iter())))
        .select((
            indicator_values::indicator_id,
            indicator_values::agency_id,
            indicator_values::period,
            indicator_values::revision,
            indicator_values::is_current,
            indicator_values::value,
            indicator_values::note,
            indicator_values::evidence_url,
            indicator_values::id,
        ))
        .load(conn)?;
    let mut last: HashMap<(&str, &str, &str), (i32, Option<&Revision>)> = HashMap::new();
    for r in &existing {
        let entry = last
            .entry((r.0.as_str(), r.1.as_str(), r.2.as_str()))
            .or_insert((0, None));
        entry.0 = entry.0.max(r.3);
        if r.4 {
            entry.1 = Some(r);
        }
    }
    let now = crate::db::now();
    let status = if mode.submit {
        ValueStatus::Submitted
    } else {
        ValueStatus::Draft
    };
    let mut outcomes = Vec::with_capacity(figures.len());
    let mut superseded: Vec<&str> = Vec::new();
    let mut rows = Vec::with_capacity(figures.len());
    for (f, period) in figures.iter().zip(&periods) {
        let key = (
            f.indicator_id.as_str(),
            f.agency_id.as_str(),
            period.as_str(),
        );
        let (revision, current) = last.get(&key).copied().unwrap_or((0, None));
        if let Some(c) = current {
            if mode.skip_unchanged && c.5 == f.value && c.6 == f.note && c.7 == f.evidence_url {
                outcomes.push(Written::Unchanged);
                continue;
            }
            superseded.push(&c.8);
        }
        let id = crate::db::new_id();
        outcomes.push(if current.is_some() {
            Written::Updated(id.clone())
        } else {
            Written::Created(id.clone())
        });
        rows.push(NewValue {
            id,
            indicator_id: f.indicator_id.clone(),
            agency_id: f.agency_id.clone(),
            period: period.clone(),
            period_end: f.period.bounds().1,
            revision: revision + 1,
            value: f.value,
            note: f.note.clone(),
            evidence_url: f.evidence_url.clone(),
            status: status.as_str(),
            is_current: true,
            counted: false,
            created_by: caller.user_id.clone(),
            submitted_by: mode.submit.then(|| caller.user_id.clone()),
            submitted_at: mode.submit.then_some(now),
            created_at: now,
            updated_at: now,
            import_id: mode.import_id.map(str::to_string),
        });
    }
    if !mode.write {
        return Ok(outcomes);
    }
    if mode.submit && !rows.is_empty() {
        submitted(conn, &rows)?;
    }
    if !superseded.is_empty() {
        diesel::update(indicator_values::table.filter(indicator_values::id.eq_any(superseded)))
            .set(indicator_values::is_current.eq(false))
            .execute(conn)?;
    }
    if !rows.is_empty() {
        // Backend-specific in diesel, so the batch goes to the concrete connection: a multi-row
        // insert on SQLite, a binary COPY on PostgreSQL.
        match conn {
            DbConn::Sqlite(c) => {
                diesel::insert_into(indicator_values::table)
                    .values(&rows)
                    .execute(c)?;
            }
            DbConn::Pg(c) => {
                diesel::copy_from(indicator_values::table)
                    .from_insertable(rows)
                    .execute(c)?;
            }
        }
    }
    Ok(outcomes)
}

/// Tells the webhooks subscribed to `value.submitted` of figures written submitted (one read when
/// none is).
fn submitted(conn: &mut DbConn, rows: &[NewValue]) -> Result<(), ApiError> {
    use crate::db::schema::indicators;
    use crate::webhooks::{FigureData, Subject, Subscribers, WebhookEvent};
    let Some(mut subscribers) = Subscribers::of(conn, WebhookEvent::ValueSubmitted)? else {
        return Ok(());
    };
    let ids: HashSet<&String> = rows.iter().map(|r| &r.indicator_id).collect();
    let catalogue: HashMap<String, (String, String, Option<String>)> = indicators::table
        .filter(indicators::id.eq_any(ids))
        .select((
            indicators::id,
            indicators::code,
            indicators::owner_agency_id,
            indicators::source_agency_id,
        ))
        .load::<(String, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, code, owner, source)| (id, (code, owner, source)))
        .collect();
    for r in rows {
        let Some((code, owner, source)) = catalogue.get(&r.indicator_id) else {
            continue;
        };
        let data = FigureData {
            id: &r.id,
            indicator_id: &r.indicator_id,
            indicator_code: code,
            agency_id: &r.agency_id,
            period: &r.period,
            value: r.value,
            status: ValueStatus::Submitted,
            revision: r.revision,
            return_reason: None,
        };
        subscribers.emit(conn, Subject::figure(&data, owner, source.as_deref())?)?;
    }
    Ok(())
}
