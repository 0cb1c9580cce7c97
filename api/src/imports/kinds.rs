//! What each import kind does with a row: the same validation and permission checks as the
//! single-object endpoints (it calls the same functions), deciding created / updated / unchanged.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::rows::Row;
use super::RowError;
use crate::agencies::handlers::{self as agency_ops, CreateAgency, UpdateAgency};
use crate::agencies::{AgencyKind, AgencyRow};
use crate::auth::Caller;
use crate::db::schema::{
    agencies, indicator_reporters, indicators, resolutions, task_coordinators, tasks,
};
use crate::db::DbConn;
use crate::error::{ApiError, ErrorCode};
use crate::indicators::figures::Figure;
use crate::indicators::handlers::{self as indicator_ops, CreateIndicator, UpdateIndicator};
use crate::indicators::values::{check_figure, CreateValue};
use crate::indicators::{self as indicator_model, IndicatorGroup, IndicatorRow};
use crate::tasks::handlers::{self as task_ops, CreateTask, UpdateTask};
use crate::tasks::{TaskRow, TaskStatus};
use validator::Validate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

pub const AGENCY_COLUMNS: &[&str] = &[
    "code",
    "name",
    "kind",
    "parent_code",
    "official_code",
    "established_on",
    "sector_ministry_code",
];
pub const TASK_COLUMNS: &[&str] = &[
    "resolution_code",
    "code",
    "parent_code",
    "title",
    "description",
    "lead_agency_code",
    "coordinating_agency_codes",
    "start_date",
    "due_date",
    "weight",
    "status",
];
pub const INDICATOR_COLUMNS: &[&str] = &[
    "code",
    "name",
    "group",
    "unit",
    "value_type",
    "direction",
    "aggregation",
    "frequency",
    "owner_agency_code",
    "source_agency_code",
    "reporting_agency_kind",
    "reporting_agency_codes",
    "task_code",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "formula",
    "definition",
    "data_source",
    "method",
    "verification",
];
pub const VALUE_COLUMNS: &[&str] = &[
    "indicator_code",
    "agency_code",
    "period",
    "value",
    "note",
    "evidence_url",
];

pub const REORGANISATION_COLUMNS: &[&str] = &[
    "action",
    "agency_code",
    "target_code",
    "share",
    "effective_on",
];

/// Lookups by code, cached for the length of one import.
#[derive(Default)]
pub struct Cache {
    agencies: HashMap<String, Option<String>>,
    indicators: HashMap<String, Option<IndicatorRow>>,
    reporting: HashMap<(String, String), bool>,
    calendars: HashMap<String, crate::reporting::calendar::Calendar>,
}

fn err(row: &Row, field: &str, code: &str, message: impl Into<String>) -> Vec<RowError> {
    vec![RowError {
        row: row.number,
        field: field.to_string(),
        code: code.to_string(),
        message: message.into(),
    }]
}

/// Turns an API error into row errors, naming the file's columns instead of the API's fields.
pub fn row_errors(
    row: &Row,
    e: ApiError,
    rename: &[(&str, &str)],
    default_field: &str,
) -> Vec<RowError> {
    let column = |field: &str| {
        let base = field.split('[').next().unwrap_or(field);
        rename
            .iter()
            .find(|(api, _)| *api == base)
            .map(|(_, col)| col.to_string())
            .unwrap_or_else(|| base.to_string())
    };
    let code = if e.code == ErrorCode::ValidationFailed {
        "invalid"
    } else {
        e.code.as_str()
    };
    if e.errors.is_empty() {
        err(row, default_field, code, e.detail)
    } else {
        e.errors
            .into_iter()
            .map(|f| RowError {
                row: row.number,
                field: column(&f.field),
                code: code.to_string(),
                message: f.message,
            })
            .collect()
    }
}

fn agency_id(conn: &mut DbConn, cache: &mut Cache, code: &str) -> Result<Option<String>, ApiError> {
    if let Some(hit) = cache.agencies.get(code) {
        return Ok(hit.clone());
    }
    let id: Option<String> = agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)
        .optional()?;
    cache.agencies.insert(code.to_string(), id.clone());
    Ok(id)
}

/// An agency by code, only if the caller's scope holds it: an agency outside the scope is as unknown
/// as one that does not exist (the answer must not tell them apart).
fn agency_in_scope(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    code: &str,
) -> Result<Option<String>, ApiError> {
    match agency_id(conn, cache, code)? {
        Some(id) if caller.sees_agency(conn, &id)? => Ok(Some(id)),
        _ => Ok(None),
    }
}

fn agency_code(conn: &mut DbConn, id: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .find(id)
        .select(agencies::code)
        .first(conn)?)
}

fn parse_enum<T: serde::de::DeserializeOwned>(
    row: &Row,
    column: &str,
) -> Result<Option<T>, Vec<RowError>> {
    match row.get(column) {
        None => Ok(None),
        Some(text) => serde_json::from_value(serde_json::Value::String(text.to_string()))
            .map(Some)
            .map_err(|_| {
                err(
                    row,
                    column,
                    "invalid",
                    format!("{text:?} is not an allowed value"),
                )
            }),
    }
}

fn parse_number(row: &Row, column: &str) -> Result<Option<f64>, Vec<RowError>> {
    match row.get(column) {
        None => Ok(None),
        Some(text) => match text.replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(err(
                row,
                column,
                "invalid",
                format!("{text:?} is not a number"),
            )),
        },
    }
}

fn parse_date(row: &Row, column: &str) -> Result<Option<NaiveDate>, Vec<RowError>> {
    match row.get(column) {
        None => Ok(None),
        Some(text) => text.parse::<NaiveDate>().map(Some).map_err(|_| {
            err(
                row,
                column,
                "invalid",
                format!("{text:?} is not a date YYYY-MM-DD"),
            )
        }),
    }
}

fn required<'a>(row: &'a Row, column: &str) -> Result<&'a str, Vec<RowError>> {
    row.get(column)
        .ok_or_else(|| err(row, column, "required", "must not be empty"))
}

fn codes(row: &Row, column: &str) -> Vec<String> {
    row.get(column)
        .map(|s| {
            s.split(';')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The agencies of a `;`-separated cell; with `scope`, only those of the caller's scope exist.
fn resolve_all(
    conn: &mut DbConn,
    cache: &mut Cache,
    row: &Row,
    column: &str,
    scope: Option<&Caller>,
) -> Result<Vec<String>, Vec<RowError>> {
    let mut out = Vec::new();
    for code in codes(row, column) {
        let found = match scope {
            Some(caller) => agency_in_scope(conn, caller, cache, &code),
            None => agency_id(conn, cache, &code),
        };
        match found.map_err(|e| row_errors(row, e, &[], column))? {
            Some(id) => out.push(id),
            None => {
                return Err(err(
                    row,
                    column,
                    "unknown_code",
                    format!("no agency with code {code} in your scope"),
                ))
            }
        }
    }
    Ok(out)
}

fn validated<T: Validate>(
    row: &Row,
    value: T,
    rename: &[(&str, &str)],
) -> Result<T, Vec<RowError>> {
    value.validate().map_err(|e| {
        row_errors(
            row,
            ApiError::validation(crate::extract::validation_errors(&e)),
            rename,
            "code",
        )
    })?;
    Ok(value)
}

const AGENCY_RENAME: &[(&str, &str)] = &[
    ("parent_id", "parent_code"),
    ("sector_ministry_id", "sector_ministry_code"),
];

/// The head of the agency's sector line named by `sector_ministry_code`: a ministry anywhere or an
/// agency of the caller's scope (an agency outside it is as unknown as one that does not exist);
/// the agency service then decides whether it may head the line (its kind, status, no cycle).
fn sector_head(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Option<String>, Vec<RowError>> {
    let Some(code) = row.get("sector_ministry_code") else {
        return Ok(None);
    };
    let db = |e: ApiError| row_errors(row, e, AGENCY_RENAME, "code");
    let found = match agency_id(conn, cache, code).map_err(db)? {
        Some(id) => {
            let kind: String = agencies::table
                .find(&id)
                .select(agencies::kind)
                .first(conn)
                .map_err(|e| db(e.into()))?;
            let reachable = kind == AgencyKind::Ministry.as_str()
                || caller.sees_agency(conn, &id).map_err(db)?;
            reachable.then_some(id)
        }
        None => None,
    };
    found.map(Some).ok_or_else(|| {
        err(
            row,
            "sector_ministry_code",
            "unknown_code",
            format!("no ministry with code {code}, nor an agency with it in your scope"),
        )
    })
}

pub fn agency(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Outcome, Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, AGENCY_RENAME, "code");
    let code = required(row, "code")?.to_string();
    let name = required(row, "name")?.to_string();
    let kind: AgencyKind = parse_enum(row, "kind")?
        .ok_or_else(|| err(row, "kind", "required", "must not be empty"))?;
    let parent = match row.get("parent_code") {
        Some(pc) => Some(
            agency_in_scope(conn, caller, cache, pc)
                .map_err(db)?
                .ok_or_else(|| {
                    err(
                        row,
                        "parent_code",
                        "unknown_code",
                        format!("no agency with code {pc} in your scope"),
                    )
                })?,
        ),
        None => None,
    };
    let official = row.get("official_code").map(str::to_string);
    let established_on = parse_date(row, "established_on")?;
    let sector = sector_head(conn, caller, cache, row)?;
    let existing: Option<AgencyRow> = agencies::table
        .filter(agencies::code.eq(&code))
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()
        .map_err(|e| db(e.into()))?;
    match existing {
        Some(current) => {
            agency_ops::visible(conn, caller, &current.id).map_err(|_| {
                err(
                    row,
                    "code",
                    "forbidden",
                    format!("the agency {code} is outside your scope"),
                )
            })?;
            // The day an agency was established begins its history: it is given when the agency is
            // created, never rewritten by a later import.
            let established = current.established_on.unwrap_or(current.created_at.date());
            if established_on.is_some_and(|d| d != established) {
                return Err(err(
                    row,
                    "established_on",
                    "invalid",
                    "is set when the agency is created and cannot be changed",
                ));
            }
            let changes = UpdateAgency {
                code: None,
                official_code: official
                    .filter(|o| current.official_code.as_deref() != Some(o.as_str())),
                name: (current.name != name).then_some(name),
                kind: (current.kind != kind).then_some(kind),
                parent_id: parent.filter(|p| current.parent_id.as_deref() != Some(p.as_str())),
                // An empty cell leaves the line as it is (like `official_code`); the API's `null`
                // takes an agency out of its line.
                sector_ministry_id: sector
                    .filter(|s| current.sector_ministry_id.as_deref() != Some(s.as_str()))
                    .map(Some),
            };
            if changes.name.is_none()
                && changes.kind.is_none()
                && changes.parent_id.is_none()
                && changes.official_code.is_none()
                && changes.sector_ministry_id.is_none()
            {
                return Ok(Outcome::Unchanged);
            }
            let changes = validated(row, changes, AGENCY_RENAME)?;
            agency_ops::update_in(conn, caller, &current.id, changes, None).map_err(db)?;
            Ok(Outcome::Updated)
        }
        None => {
            let parent_id = parent.ok_or_else(|| {
                err(
                    row,
                    "parent_code",
                    "required",
                    "a new agency needs its parent",
                )
            })?;
            let input = validated(
                row,
                CreateAgency {
                    code: code.clone(),
                    official_code: official,
                    name,
                    kind,
                    parent_id,
                    established_on,
                    sector_ministry_id: sector,
                },
                AGENCY_RENAME,
            )?;
            let created = agency_ops::create_in(conn, caller, input).map_err(db)?;
            cache.agencies.insert(code, Some(created.id));
            Ok(Outcome::Created)
        }
    }
}

const REORGANISATION_RENAME: &[(&str, &str)] =
    &[("into_id", "target_code"), ("parent_id", "target_code")];

/// The consecutive `split` rows of one agency in a plan: one split, applied (through the same
/// function as `POST /agencies/{id}/split`) once its last row has been read.
pub struct SplitGroup {
    agency_code: String,
    agency: String,
    effective_on: Option<chrono::NaiveDate>,
    /// (row, successor and share)
    rows: Vec<(Row, crate::agencies::split::SplitShare)>,
}

impl SplitGroup {
    /// Whether `row` is another successor of this split.
    pub fn continues(&self, row: &Row) -> bool {
        row.get("action") == Some("split") && row.get("agency_code") == Some(&self.agency_code)
    }

    /// How many rows the split spans.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn effective_on_of(row: &Row) -> Result<Option<chrono::NaiveDate>, Vec<RowError>> {
    match row.get("effective_on") {
        None => Ok(None),
        Some(text) => text.parse::<chrono::NaiveDate>().map(Some).map_err(|_| {
            err(
                row,
                "effective_on",
                "invalid",
                format!("{text} is not a date (YYYY-MM-DD)"),
            )
        }),
    }
}

/// Reads one `split` row into `group` (a new group when it does not continue the open one, which
/// the caller has applied before). Nothing is written yet.
pub fn split_row(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
    group: &mut Option<SplitGroup>,
) -> Result<(), Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, REORGANISATION_RENAME, "agency_code");
    let code = required(row, "agency_code")?.to_string();
    let unknown = |column: &str, code: &str| {
        err(
            row,
            column,
            "unknown_code",
            format!("no agency with code {code} in your scope"),
        )
    };
    let agency = agency_in_scope(conn, caller, cache, &code)
        .map_err(db)?
        .ok_or_else(|| unknown("agency_code", &code))?;
    let target_code = required(row, "target_code")?.to_string();
    let target = agency_in_scope(conn, caller, cache, &target_code)
        .map_err(db)?
        .ok_or_else(|| unknown("target_code", &target_code))?;
    let text = required(row, "share")?;
    let share = text
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
        .ok_or_else(|| err(row, "share", "invalid", format!("{text} is not a number")))?;
    let effective_on = effective_on_of(row)?;
    let share = crate::agencies::split::SplitShare {
        agency_id: target,
        share,
    };
    match group {
        Some(g) if g.continues(row) => {
            if g.effective_on != effective_on {
                return Err(err(
                    row,
                    "effective_on",
                    "invalid",
                    "every row of one split takes effect on the same day",
                ));
            }
            g.rows.push((row.clone(), share));
        }
        _ => {
            *group = Some(SplitGroup {
                agency_code: code,
                agency,
                effective_on,
                rows: vec![(row.clone(), share)],
            })
        }
    }
    Ok(())
}

/// Applies a plan's split. A problem with one successor is reported on its row (`target_code`,
/// `share`); one with the split as a whole (shares that do not sum to 1, too few successors) on
/// every row of the split, so the file names them all.
pub fn apply_split(
    conn: &mut DbConn,
    caller: &Caller,
    group: &SplitGroup,
) -> Result<Outcome, Vec<RowError>> {
    let successors: Vec<_> = group.rows.iter().map(|(_, s)| s.clone()).collect();
    crate::agencies::split::split_in(
        conn,
        caller,
        &group.agency,
        &successors,
        false,
        group.effective_on,
    )
    .map(|_| Outcome::Updated)
    .map_err(|e| {
        let first = &group.rows[0].0;
        if e.errors.is_empty() {
            return row_errors(first, e, REORGANISATION_RENAME, "agency_code");
        }
        let code = if e.code == ErrorCode::ValidationFailed {
            "invalid"
        } else {
            e.code.as_str()
        };
        let mut out = Vec::new();
        for f in &e.errors {
            // successors[i].share → row i, column share; successors[i].agency_id → target_code.
            let indexed = f
                .field
                .strip_prefix("successors[")
                .and_then(|rest| rest.split_once("]."))
                .and_then(|(i, col)| Some((i.parse::<usize>().ok()?, col)));
            let rows: Vec<(&Row, &str)> = match indexed {
                Some((i, col)) if i < group.rows.len() => vec![(
                    &group.rows[i].0,
                    if col == "agency_id" {
                        "target_code"
                    } else {
                        col
                    },
                )],
                _ if f.field == "successors" => {
                    group.rows.iter().map(|(r, _)| (r, "share")).collect()
                }
                _ => vec![(first, f.field.as_str())],
            };
            for (row, column) in rows {
                out.push(RowError {
                    row: row.number,
                    field: column.to_string(),
                    code: code.to_string(),
                    message: f.message.clone(),
                });
            }
        }
        out
    })
}

/// One step of a reorganisation plan, through the same functions (and checks) as the single
/// endpoints: `merge` (into `target_code`), `move` (under `target_code`) or `dissolve`; `split`
/// rows are read by [`split_row`] and applied by [`apply_split`].
pub fn reorganisation(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Outcome, Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, REORGANISATION_RENAME, "agency_code");
    let action = required(row, "action")?.to_string();
    let code = required(row, "agency_code")?.to_string();
    let agency = agency_in_scope(conn, caller, cache, &code)
        .map_err(db)?
        .ok_or_else(|| {
            err(
                row,
                "agency_code",
                "unknown_code",
                format!("no agency with code {code} in your scope"),
            )
        })?;
    let mut target = || -> Result<String, Vec<RowError>> {
        let tc = row.get("target_code").ok_or_else(|| {
            err(
                row,
                "target_code",
                "required",
                format!("{action} needs a target agency"),
            )
        })?;
        agency_in_scope(conn, caller, cache, tc)
            .map_err(db)?
            .ok_or_else(|| {
                err(
                    row,
                    "target_code",
                    "unknown_code",
                    format!("no agency with code {tc} in your scope"),
                )
            })
    };
    let effective_on = effective_on_of(row)?;
    match action.as_str() {
        "merge" => {
            let into = target()?;
            crate::agencies::merge::merge_in(conn, caller, &agency, &into, false, effective_on)
                .map_err(db)?;
            Ok(Outcome::Updated)
        }
        "move" => {
            let parent = target()?;
            let current = agency_ops::visible(conn, caller, &agency).map_err(db)?;
            if current.parent_id.as_deref() == Some(parent.as_str()) {
                return Ok(Outcome::Unchanged);
            }
            let changes = UpdateAgency {
                code: None,
                official_code: None,
                name: None,
                kind: None,
                parent_id: Some(parent),
                sector_ministry_id: None,
            };
            if let Some(day) = effective_on {
                crate::agencies::history::check_effective_on(day).map_err(db)?;
            }
            let start = crate::agencies::history::step_start();
            agency_ops::update_in(conn, caller, &agency, changes, None).map_err(db)?;
            if let Some(day) = effective_on {
                crate::agencies::history::backdate(
                    conn,
                    start,
                    day,
                    std::slice::from_ref(&agency),
                    &[],
                )
                .map_err(db)?;
            }
            Ok(Outcome::Updated)
        }
        "dissolve" => {
            if row.get("target_code").is_some() {
                return Err(err(
                    row,
                    "target_code",
                    "invalid",
                    "dissolve takes no target agency",
                ));
            }
            crate::agencies::merge::dissolve_in(conn, caller, &agency, effective_on).map_err(db)?;
            Ok(Outcome::Updated)
        }
        other => Err(err(
            row,
            "action",
            "invalid",
            format!("unknown action {other}: one of merge, move, dissolve, split"),
        )),
    }
}

const TASK_RENAME: &[(&str, &str)] = &[
    ("resolution_id", "resolution_code"),
    ("parent_id", "parent_code"),
    ("lead_agency_id", "lead_agency_code"),
    ("coordinating_agency_ids", "coordinating_agency_codes"),
];

pub fn task(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Outcome, Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, TASK_RENAME, "code");
    let resolution_code = required(row, "resolution_code")?;
    let code = required(row, "code")?.to_string();
    let title = required(row, "title")?.to_string();
    let lead_code = required(row, "lead_agency_code")?;
    let lead = agency_in_scope(conn, caller, cache, lead_code)
        .map_err(db)?
        .ok_or_else(|| {
            err(
                row,
                "lead_agency_code",
                "unknown_code",
                format!("no agency with code {lead_code} in your scope"),
            )
        })?;
    // Coordinating agencies may be anywhere in the country.
    let coordinators = resolve_all(conn, cache, row, "coordinating_agency_codes", None)?;
    let start = parse_date(row, "start_date")?
        .ok_or_else(|| err(row, "start_date", "required", "must not be empty"))?;
    let due = parse_date(row, "due_date")?
        .ok_or_else(|| err(row, "due_date", "required", "must not be empty"))?;
    let weight = parse_number(row, "weight")?;
    let status: Option<TaskStatus> = parse_enum(row, "status")?;
    let description = row.get("description").unwrap_or_default().to_string();
    let resolution_id: String = resolutions::table
        .filter(resolutions::code.eq(resolution_code))
        .select(resolutions::id)
        .first::<String>(conn)
        .optional()
        .map_err(|e| db(e.into()))?
        .filter(|id| crate::resolutions::visible(conn, caller, id).is_ok())
        .ok_or_else(|| {
            err(
                row,
                "resolution_code",
                "unknown_code",
                format!("no resolution with code {resolution_code} in your scope"),
            )
        })?;
    let parent_id = match row.get("parent_code") {
        Some(pc) => Some(
            tasks::table
                .filter(tasks::code.eq(pc))
                .select(tasks::id)
                .first::<String>(conn)
                .optional()
                .map_err(|e| db(e.into()))?
                .ok_or_else(|| {
                    err(
                        row,
                        "parent_code",
                        "unknown_code",
                        format!("no task with code {pc}"),
                    )
                })?,
        ),
        None => None,
    };
    let existing: Option<TaskRow> = tasks::table
        .filter(tasks::code.eq(&code))
        .select(TaskRow::as_select())
        .first(conn)
        .optional()
        .map_err(|e| db(e.into()))?;
    match existing {
        Some(current) => {
            crate::tasks::visible(conn, caller, &current.id).map_err(|_| {
                err(
                    row,
                    "code",
                    "forbidden",
                    format!("the task {code} is outside your scope"),
                )
            })?;
            if current.parent_id != parent_id || current.resolution_id != resolution_id {
                return Err(err(
                    row,
                    "parent_code",
                    "invalid",
                    "a task cannot move to another parent or resolution",
                ));
            }
            let mut current_coordinators: Vec<String> = task_coordinators::table
                .filter(task_coordinators::task_id.eq(&current.id))
                .select(task_coordinators::agency_id)
                .load(conn)
                .map_err(|e| db(e.into()))?;
            current_coordinators.sort();
            let mut wanted = coordinators.clone();
            wanted.sort();
            let changes = UpdateTask {
                code: None,
                title: (current.title != title).then_some(title),
                description: (current.description != description).then_some(description),
                lead_agency_id: (current.lead_agency_id != lead).then_some(lead),
                coordinating_agency_ids: (current_coordinators != wanted).then_some(coordinators),
                start_date: (current.start_date != start).then_some(start),
                due_date: (current.due_date != due).then_some(due),
                weight: weight.filter(|w| (*w - current.weight).abs() > f64::EPSILON),
                status: status.filter(|s| *s != current.status),
            };
            let unchanged = changes.title.is_none()
                && changes.description.is_none()
                && changes.lead_agency_id.is_none()
                && changes.coordinating_agency_ids.is_none()
                && changes.start_date.is_none()
                && changes.due_date.is_none()
                && changes.weight.is_none()
                && changes.status.is_none();
            if unchanged {
                return Ok(Outcome::Unchanged);
            }
            let changes = validated(row, changes, TASK_RENAME)?;
            task_ops::update_in(conn, caller, &current.id, changes, None).map_err(db)?;
            Ok(Outcome::Updated)
        }
        None => {
            let input = validated(
                row,
                CreateTask {
                    resolution_id,
                    parent_id,
                    code,
                    title,
                    description,
                    lead_agency_id: lead,
                    coordinating_agency_ids: coordinators,
                    start_date: start,
                    due_date: due,
                    weight,
                },
                TASK_RENAME,
            )?;
            let (task, _) = task_ops::create_in(conn, caller, input).map_err(db)?;
            if let Some(s) = status.filter(|s| *s != TaskStatus::NotStarted) {
                let change = UpdateTask {
                    code: None,
                    title: None,
                    description: None,
                    lead_agency_id: None,
                    coordinating_agency_ids: None,
                    start_date: None,
                    due_date: None,
                    weight: None,
                    status: Some(s),
                };
                task_ops::update_in(conn, caller, &task.id, change, None).map_err(db)?;
            }
            Ok(Outcome::Created)
        }
    }
}

const INDICATOR_RENAME: &[(&str, &str)] = &[
    ("owner_agency_id", "owner_agency_code"),
    ("source_agency_id", "source_agency_code"),
    ("reporting_agency_ids", "reporting_agency_codes"),
    ("task_id", "task_code"),
];

fn text(row: &Row, column: &str) -> String {
    row.get(column).unwrap_or_default().to_string()
}

pub fn indicator(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Outcome, Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, INDICATOR_RENAME, "code");
    let code = required(row, "code")?.to_string();
    let owner_code = required(row, "owner_agency_code")?;
    let owner = agency_in_scope(conn, caller, cache, owner_code)
        .map_err(db)?
        .ok_or_else(|| {
            err(
                row,
                "owner_agency_code",
                "unknown_code",
                format!("no agency with code {owner_code} in your scope"),
            )
        })?;
    let source = match row.get("source_agency_code") {
        Some(sc) => Some(
            agency_in_scope(conn, caller, cache, sc)
                .map_err(db)?
                .ok_or_else(|| {
                    err(
                        row,
                        "source_agency_code",
                        "unknown_code",
                        format!("no agency with code {sc} in your scope"),
                    )
                })?,
        ),
        None => None,
    };
    let task = match row.get("task_code") {
        Some(tc) => Some(
            tasks::table
                .filter(tasks::code.eq(tc))
                .select(tasks::id)
                .first::<String>(conn)
                .optional()
                .map_err(|e| db(e.into()))?
                .ok_or_else(|| {
                    err(
                        row,
                        "task_code",
                        "unknown_code",
                        format!("no task with code {tc}"),
                    )
                })?,
        ),
        None => None,
    };
    let reporters = resolve_all(conn, cache, row, "reporting_agency_codes", Some(caller))?;
    let need = |c: &str| {
        parse_enum::<serde_json::Value>(row, c)
            .and_then(|v| v.ok_or_else(|| err(row, c, "required", "must not be empty")))
    };
    let input = CreateIndicator {
        code: code.clone(),
        name: required(row, "name")?.to_string(),
        description: String::new(),
        group: serde_json::from_value(need("group")?)
            .map_err(|_| err(row, "group", "invalid", "not an allowed value"))?,
        unit: text(row, "unit"),
        value_type: serde_json::from_value(need("value_type")?)
            .map_err(|_| err(row, "value_type", "invalid", "not an allowed value"))?,
        direction: serde_json::from_value(need("direction")?)
            .map_err(|_| err(row, "direction", "invalid", "not an allowed value"))?,
        aggregation: serde_json::from_value(need("aggregation")?)
            .map_err(|_| err(row, "aggregation", "invalid", "not an allowed value"))?,
        frequency: serde_json::from_value(need("frequency")?)
            .map_err(|_| err(row, "frequency", "invalid", "not an allowed value"))?,
        owner_agency_id: owner,
        reporting_agency_ids: reporters,
        reporting_agency_kind: parse_enum(row, "reporting_agency_kind")?,
        source_agency_id: source,
        task_id: task,
        drives_task_progress: false,
        baseline_value: parse_number(row, "baseline_value")?,
        baseline_period: row.get("baseline_period").map(str::to_string),
        target_value: parse_number(row, "target_value")?,
        target_period: row.get("target_period").map(str::to_string),
        formula: row.get("formula").map(str::to_string),
        definition: text(row, "definition"),
        data_source: text(row, "data_source"),
        method: text(row, "method"),
        verification: text(row, "verification"),
    };
    let existing: Option<IndicatorRow> = indicators::table
        .filter(indicators::code.eq(&code))
        .select(IndicatorRow::as_select())
        .first(conn)
        .optional()
        .map_err(|e| db(e.into()))?;
    let Some(current) = existing else {
        let input = validated(row, input, INDICATOR_RENAME)?;
        indicator_ops::create_in(conn, caller, input).map_err(db)?;
        cache.indicators.remove(&code);
        return Ok(Outcome::Created);
    };
    indicator_model::visible(conn, caller, &current.id).map_err(|_| {
        err(
            row,
            "code",
            "forbidden",
            format!("the indicator {code} is outside your scope"),
        )
    })?;
    if current.group() != input.group
        || current.frequency() != input.frequency
        || current.owner_agency_id != input.owner_agency_id
    {
        return Err(err(
            row,
            "group",
            "invalid",
            "group, frequency and owner of an existing indicator cannot change",
        ));
    }
    let mut current_reporters: Vec<String> = indicator_reporters::table
        .filter(indicator_reporters::indicator_id.eq(&current.id))
        .select(indicator_reporters::agency_id)
        .load(conn)
        .map_err(|e| db(e.into()))?;
    current_reporters.sort();
    let mut wanted = input.reporting_agency_ids.clone();
    wanted.sort();
    fn diff<T: PartialEq>(now: T, wanted: T) -> Option<T> {
        (now != wanted).then_some(wanted)
    }
    let kind_now = current.reporting_agency_kind.clone();
    let kind_wanted = input.reporting_agency_kind.map(|k| k.as_str().to_string());
    let changes = UpdateIndicator {
        code: None,
        name: diff(current.name.clone(), input.name),
        description: None,
        unit: diff(current.unit.clone(), input.unit),
        value_type: diff(current.value_type(), input.value_type),
        direction: diff(current.direction(), input.direction),
        aggregation: diff(current.aggregation(), input.aggregation),
        reporting_agency_ids: diff(current_reporters, wanted)
            .map(|_| input.reporting_agency_ids.clone()),
        reporting_agency_kind: if kind_now != kind_wanted {
            input.reporting_agency_kind
        } else {
            None
        },
        source_agency_id: diff(current.source_agency_id.clone(), input.source_agency_id).flatten(),
        // An empty cell leaves the link (an import does not unlink).
        task_id: diff(current.task_id.clone(), input.task_id)
            .flatten()
            .map(Some),
        drives_task_progress: None,
        baseline_value: diff(current.baseline_value, input.baseline_value).flatten(),
        baseline_period: diff(current.baseline_period.clone(), input.baseline_period).flatten(),
        target_value: diff(current.target_value, input.target_value).flatten(),
        target_period: diff(current.target_period.clone(), input.target_period).flatten(),
        formula: diff(current.formula.clone(), input.formula).flatten(),
        definition: diff(current.definition.clone(), input.definition),
        data_source: diff(current.data_source.clone(), input.data_source),
        method: diff(current.method.clone(), input.method),
        verification: diff(current.verification.clone(), input.verification),
    };
    let as_json = serde_json::to_value(Changed(&changes)).unwrap_or_default();
    if as_json
        .as_object()
        .is_none_or(|o| o.values().all(|v| v.is_null()))
    {
        return Ok(Outcome::Unchanged);
    }
    let changes = validated(row, changes, INDICATOR_RENAME)?;
    indicator_ops::update_in(conn, caller, &current.id, changes, None).map_err(db)?;
    cache.indicators.remove(&code);
    Ok(Outcome::Updated)
}

/// A view of an update's fields, to tell whether anything would change.
struct Changed<'a>(&'a UpdateIndicator);

impl serde::Serialize for Changed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("unit", &c.unit)?;
        m.serialize_entry("value_type", &c.value_type)?;
        m.serialize_entry("direction", &c.direction)?;
        m.serialize_entry("aggregation", &c.aggregation)?;
        m.serialize_entry("reporting_agency_ids", &c.reporting_agency_ids)?;
        m.serialize_entry("reporting_agency_kind", &c.reporting_agency_kind)?;
        m.serialize_entry("source_agency_id", &c.source_agency_id)?;
        m.serialize_entry("task_id", &c.task_id)?;
        m.serialize_entry("baseline_value", &c.baseline_value)?;
        m.serialize_entry("baseline_period", &c.baseline_period)?;
        m.serialize_entry("target_value", &c.target_value)?;
        m.serialize_entry("target_period", &c.target_period)?;
        m.serialize_entry("formula", &c.formula)?;
        m.serialize_entry("definition", &c.definition)?;
        m.serialize_entry("data_source", &c.data_source)?;
        m.serialize_entry("method", &c.method)?;
        m.serialize_entry("verification", &c.verification)?;
        m.end()
    }
}

const VALUE_RENAME: &[(&str, &str)] = &[("agency_id", "agency_code")];

pub fn value(
    conn: &mut DbConn,
    caller: &Caller,
    cache: &mut Cache,
    row: &Row,
) -> Result<Figure, Vec<RowError>> {
    let db = |e: ApiError| row_errors(row, e, VALUE_RENAME, "agency_code");
    let indicator_code = required(row, "indicator_code")?.to_string();
    let agency_code = required(row, "agency_code")?;
    let period = required(row, "period")?.to_string();
    let number = parse_number(row, "value")?
        .ok_or_else(|| err(row, "value", "required", "must not be empty"))?;
    if !cache.indicators.contains_key(&indicator_code) {
        let found: Option<IndicatorRow> = indicators::table
            .filter(indicators::code.eq(&indicator_code))
            .select(IndicatorRow::as_select())
            .first(conn)
            .optional()
            .map_err(|e| db(e.into()))?
            .filter(|i| indicator_model::visible(conn, caller, &i.id).is_ok());
        cache.indicators.insert(indicator_code.clone(), found);
    }
    let ind = cache
        .indicators
        .get(&indicator_code)
        .cloned()
        .flatten()
        .ok_or_else(|| {
            err(
                row,
                "indicator_code",
                "unknown_code",
                format!("no indicator with code {indicator_code} in your scope"),
            )
        })?;
    if ind.group() == IndicatorGroup::Composite {
        return Err(err(
            row,
            "indicator_code",
            "composite_computed",
            "composite indicators are computed, not imported",
        ));
    }
    // The series' agency is the caller's scope, or one whose figures the caller's agency supplies;
    // any other is as unknown as a code that does not exist.
    let found = match agency_id(conn, cache, agency_code).map_err(db)? {
        Some(a)
            if indicator_model::source_of(&ind, &a) == caller.agency_id
                || caller.sees_agency(conn, &a).map_err(db)? =>
        {
            Some(a)
        }
        _ => None,
    };
    let agency = found.ok_or_else(|| {
        err(
            row,
            "agency_code",
            "unknown_code",
            format!("no agency with code {agency_code} in your scope"),
        )
    })?;
    let key = (ind.id.clone(), agency.clone());
    let reporting = match cache.reporting.get(&key) {
        Some(r) => *r,
        None => {
            let r = indicator_model::is_reporting_agency(conn, &ind, &agency).map_err(db)?;
            cache.reporting.insert(key, r);
            r
        }
    };
    if !reporting {
        return Err(err(
            row,
            "agency_code",
            "forbidden",
            format!("{agency_code} is not a reporting agency of {indicator_code}"),
        ));
    }
    if crate::policy::write_figure(
        caller,
        caller.agency_id == indicator_model::source_of(&ind, &agency),
    )
    .is_err()
    {
        return Err(err(
            row,
            "agency_code",
            "forbidden",
            format!("only reporters of the series' source agency write {agency_code}'s figures"),
        ));
    }
    let note = text(row, "note");
    let evidence = row.get("evidence_url").map(str::to_string);
    let input = validated(
        row,
        CreateValue {
            agency_id: agency,
            period,
            value: number,
            note,
            evidence_url: evidence,
            submit: false,
            attachment_ids: Vec::new(),
        },
        VALUE_RENAME,
    )?;
    let period = check_figure(&ind, &input.period, input.value).map_err(db)?;
    let cal = match cache.calendars.get(&ind.id) {
        Some(c) => c.clone(),
        None => {
            let c = crate::reporting::calendar::load(conn, &ind.id).map_err(db)?;
            cache.calendars.insert(ind.id.clone(), c.clone());
            c
        }
    };
    if crate::reporting::locks::is_locked(
        conn,
        &cal,
        &ind.id,
        &input.agency_id,
        period,
        crate::tasks::today(),
    )
    .map_err(db)?
    {
        return Err(err(
            row,
            "period",
            "period_locked",
            format!("{period} is locked after its approval deadline; ask an approver above for an unlock"),
        ));
    }
    Ok(Figure {
        indicator_id: ind.id,
        agency_id: input.agency_id,
        period,
        value: input.value,
        note: input.note,
        evidence_url: input.evidence_url,
    })
}

pub fn agency_code_of(conn: &mut DbConn, id: &str) -> Result<String, ApiError> {
    agency_code(conn, id)
}
