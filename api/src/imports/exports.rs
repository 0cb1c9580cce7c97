//! Exports with exactly the import columns, scoped to the caller, so that an export re-imports with
//! everything `unchanged`. CSV cells that a spreadsheet would run as a formula (starting with
//! `= + - @`, tab or carriage return, and not a number) are written with a leading `'`, which the
//! import removes again.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::ImportKind;
use crate::agencies::AgencyRow;
use crate::auth::Caller;
use crate::db::schema::{
    agencies, indicator_reporters, indicator_values, indicators, resolutions, task_coordinators,
    tasks,
};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::Query;
use crate::indicators::IndicatorRow;
use crate::scope;
use crate::state::AppState;
use crate::tasks::{visible_to, TaskRow};

#[derive(Clone, Copy, Debug, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
    /// An Excel workbook: one sheet, frozen header, numbers and dates typed.
    Xlsx,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (default), `json` or `xlsx`.
    pub format: Option<ExportFormat>,
}

/// Protects a CSV cell from being run as a formula by a spreadsheet.
pub fn neutralise(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A CSV document in which every cell is neutralised: the one way CSV is written (exports and
/// reports alike), so no cell can reach a spreadsheet as a formula.
pub struct SafeCsv(csv::Writer<Vec<u8>>);

impl Default for SafeCsv {
    fn default() -> Self {
        Self(csv::Writer::from_writer(Vec::new()))
    }
}

impl SafeCsv {
    pub fn record<I, S>(&mut self, cells: I) -> Result<(), ApiError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0
            .write_record(cells.into_iter().map(|c| neutralise(c.as_ref())))
            .map_err(|e| ApiError::internal(e.into()))
    }

    pub fn into_bytes(self) -> Result<Vec<u8>, ApiError> {
        self.0
            .into_inner()
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))
    }
}

fn number(n: Option<f64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

fn codes_by_id(conn: &mut DbConn) -> Result<HashMap<String, String>, ApiError> {
    Ok(agencies::table
        .select((agencies::id, agencies::code))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

fn rows(
    conn: &mut DbConn,
    caller: &Caller,
    kind: ImportKind,
) -> Result<Vec<Vec<String>>, ApiError> {
    let agency_codes = codes_by_id(conn)?;
    let code = |id: &str| agency_codes.get(id).cloned().unwrap_or_default();
    let mut out = Vec::new();
    match kind {
        ImportKind::Agencies => {
            let list: Vec<AgencyRow> = agencies::table
                .filter(agencies::id.eq_any(scope::subtree_ids(&caller.agency_id)))
                .order((agencies::depth.asc(), agencies::code.asc()))
                .select(AgencyRow::as_select())
                .load(conn)?;
            for a in list {
                out.push(vec![
                    a.code,
                    a.name,
                    a.kind.to_string(),
                    a.parent_id.as_deref().map(code).unwrap_or_default(),
                    a.official_code.unwrap_or_default(),
                    a.established_on.unwrap_or(a.created_at.date()).to_string(),
                    a.sector_ministry_id
                        .as_deref()
                        .map(code)
                        .unwrap_or_default(),
                ]);
            }
        }
        ImportKind::Tasks => {
            let list: Vec<TaskRow> = visible_to(caller)
                .order((tasks::depth.asc(), tasks::code.asc()))
                .select(TaskRow::as_select())
                .load(conn)?;
            let res_codes: HashMap<String, String> = resolutions::table
                .select((resolutions::id, resolutions::code))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
            let task_codes: HashMap<String, String> = list
                .iter()
                .map(|t| (t.id.clone(), t.code.clone()))
                .collect();
            let mut coordinators: HashMap<String, Vec<String>> = HashMap::new();
            for chunk in list.chunks(500) {
                let ids: Vec<&str> = chunk.iter().map(|t| t.id.as_str()).collect();
                for (task, agency) in task_coordinators::table
                    .filter(task_coordinators::task_id.eq_any(ids))
                    .select((task_coordinators::task_id, task_coordinators::agency_id))
                    .load::<(String, String)>(conn)?
                {
                    coordinators.entry(task).or_default().push(code(&agency));
                }
            }
            for t in list {
                let mut coord = coordinators.remove(&t.id).unwrap_or_default();
                coord.sort();
                let parent = match &t.parent_id {
                    Some(p) => match task_codes.get(p) {
                        Some(c) => c.clone(),
                        None => tasks::table.find(p).select(tasks::code).first(conn)?,
                    },
                    None => String::new(),
                };
                out.push(vec![
                    res_codes.get(&t.resolution_id).cloned().unwrap_or_default(),
                    t.code,
                    parent,
                    t.title,
                    t.description,
                    code(&t.lead_agency_id),
                    coord.join(";"),
                    t.start_date.to_string(),
                    t.due_date.to_string(),
                    t.weight.to_string(),
                    t.status.to_string(),
                ]);
            }
        }
        ImportKind::Indicators => {
            let list: Vec<IndicatorRow> = indicators::table
                .filter(
                    indicators::owner_agency_id
                        .eq_any(scope::subtree_ids(&caller.agency_id))
                        .or(indicators::owner_agency_id
                            .eq_any(scope::ancestor_ids(&caller.agency_id)))
                        .or(indicators::source_agency_id
                            .eq_any(scope::subtree_ids_nullable(&caller.agency_id))),
                )
                .order(indicators::code.asc())
                .select(IndicatorRow::as_select())
                .load(conn)?;
            for i in list {
                let mut reporters: Vec<String> = indicator_reporters::table
                    .filter(indicator_reporters::indicator_id.eq(&i.id))
                    .select(indicator_reporters::agency_id)
                    .load::<String>(conn)?
                    .iter()
                    .map(|a| code(a))
                    .collect();
                reporters.sort();
                // A linked task outside the caller's scope is not named.
                let task_code = match &i.task_id {
                    Some(t) => visible_to(caller)
                        .filter(tasks::id.eq(t))
                        .select(tasks::code)
                        .first::<String>(conn)
                        .optional()?
                        .unwrap_or_default(),
                    None => String::new(),
                };
                out.push(vec![
                    i.code.clone(),
                    i.name.clone(),
                    i.indicator_group.to_string(),
                    i.unit.clone(),
                    i.value_type.to_string(),
                    i.direction.to_string(),
                    i.aggregation.to_string(),
                    i.frequency.to_string(),
                    code(&i.owner_agency_id),
                    i.source_agency_id.as_deref().map(code).unwrap_or_default(),
                    i.reporting_agency_kind.clone().unwrap_or_default(),
                    reporters.join(";"),
                    task_code,
                    number(i.baseline_value),
                    i.baseline_period.clone().unwrap_or_default(),
                    number(i.target_value),
                    i.target_period.clone().unwrap_or_default(),
                    i.formula.clone().unwrap_or_default(),
                    i.definition.clone(),
                    i.data_source.clone(),
                    i.method.clone(),
                    i.verification.clone(),
                ]);
            }
        }
        // A plan is a list of changes, not a state to export.
        ImportKind::Reorganisation => return Err(ApiError::not_found("export kind")),
        ImportKind::IndicatorValues => {
            let ind_codes: HashMap<String, String> = indicators::table
                .select((indicators::id, indicators::code))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
            let list: Vec<(String, String, String, f64, String, Option<String>)> =
                indicator_values::table
                    .filter(indicator_values::is_current.eq(true))
                    .filter(
                        indicator_values::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)),
                    )
                    .order((
                        indicator_values::indicator_id,
                        indicator_values::agency_id,
                        indicator_values::period_end,
                    ))
                    .select((
                        indicator_values::indicator_id,
                        indicator_values::agency_id,
                        indicator_values::period,
                        indicator_values::value,
                        indicator_values::note,
                        indicator_values::evidence_url,
                    ))
                    .load(conn)?;
            for (ind, agency, period, value, note, evidence) in list {
                out.push(vec![
                    ind_codes.get(&ind).cloned().unwrap_or_default(),
                    code(&agency),
                    period,
                    value.to_string(),
                    note,
                    evidence.unwrap_or_default(),
                ]);
            }
        }
    }
    Ok(out)
}

text_enum!(
    /// What can be exported: every import kind but a reorganisation plan (in the contract; the
    /// handler reads the kind as an [`ImportKind`]).
    ExportKind {
        Agencies => "agencies",
        Tasks => "tasks",
        Indicators => "indicators",
        IndicatorValues => "indicator-values",
    }
);

/// Everything of a kind the caller may see, with exactly the import columns.
#[utoipa::path(
    operation_id = "export_records",
    tag = "imports",
    params(("kind" = ExportKind, Path, description = "What to export"), ExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "CSV with a header row, a JSON array of objects, or an Excel workbook", content(
            (String = "text/csv"),
            (Vec<Object> = "application/json"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/{kind}")]
pub async fn export(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<String>,
    query: Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = ImportKind::parse(&kind)
        .filter(|k| *k != ImportKind::Reorganisation)
        .ok_or_else(|| ApiError::not_found("export kind"))?;
    let format = query.0.format.unwrap_or(ExportFormat::Csv);
    let data = state.db.run(move |conn| rows(conn, &caller, kind)).await?;
    let columns = kind.columns();
    let filename = format!(
        "{}.{}",
        kind.as_str(),
        match format {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Xlsx => "xlsx",
        }
    );
    let disposition = (
        "Content-Disposition",
        format!("attachment; filename=\"{filename}\""),
    );
    match format {
        ExportFormat::Json => {
            let items: Vec<serde_json::Map<String, serde_json::Value>> = data
                .into_iter()
                .map(|row| {
                    columns
                        .iter()
                        .map(|c| c.to_string())
                        .zip(row.into_iter().map(serde_json::Value::String))
                        .collect()
                })
                .collect();
            Ok(HttpResponse::Ok().insert_header(disposition).json(items))
        }
        ExportFormat::Xlsx => {
            let bytes =
                super::xlsx::write(kind.as_str(), columns, &data).map_err(ApiError::internal)?;
            Ok(HttpResponse::Ok()
                .content_type(super::xlsx::MEDIA_TYPE)
                .insert_header(disposition)
                .body(bytes))
        }
        ExportFormat::Csv => {
            let mut writer = SafeCsv::default();
            writer.record(columns)?;
            for row in data {
                writer.record(&row)?;
            }
            let bytes = writer.into_bytes()?;
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header(disposition)
                .body(bytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("+84 912"), "'+84 912");
        assert_eq!(neutralise("-5"), "-5");
        assert_eq!(neutralise("Hà Nội"), "Hà Nội");
    }
}
