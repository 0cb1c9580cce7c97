//! Lists exported for Excel where offices expect them, beside the re-importable exports of
//! `/exports/{kind}`: the alerts and the scorecard, as CSV or `.xlsx`, with Vietnamese headers,
//! words, dates and numbers (typed in Excel), filtered like their lists.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::sheet;
use super::tables::{Cell, Column, Table};
use crate::alerts::{self, AlertKind, AlertRow, AlertStatus, Severity};
use crate::auth::Caller;
use crate::dashboard::{root_of, scorecard_for, ChildrenQuery};
use crate::db::schema::agencies;
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use crate::vietnamese;

/// Alerts exported at most (the most severe and newest first).
pub const MAX_ALERT_ROWS: i64 = 100_000;

text_enum!(
    /// The format of a list export.
    ListFormat { Csv => "csv", Xlsx => "xlsx" }
);

fn respond(t: &Table, format: ListFormat, name: &str) -> Result<HttpResponse, ApiError> {
    let (bytes, media_type, ext) = match format {
        ListFormat::Csv => (sheet::table_csv(t)?, "text/csv; charset=utf-8", "csv"),
        ListFormat::Xlsx => (
            sheet::workbook(std::slice::from_ref(t), t.title, "")?,
            crate::imports::xlsx::MEDIA_TYPE,
            "xlsx",
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}.{ext}\""),
        ))
        .body(bytes))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertExportQuery {
    /// Alerts about this agency and the agencies below it (default: the caller's agency).
    pub agency_id: Option<String>,
    pub kind: Option<AlertKind>,
    pub severity: Option<Severity>,
    /// Default: open and acknowledged.
    pub status: Option<AlertStatus>,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<ListFormat>,
}

fn alert_table(rows: Vec<(AlertRow, String)>) -> Table {
    Table {
        sheet: "Cảnh báo",
        title: "Danh sách cảnh báo",
        columns: vec![
            Column {
                header: "Mức độ",
                width: 12,
            },
            Column {
                header: "Loại",
                width: 20,
            },
            Column {
                header: "Nội dung",
                width: 60,
            },
            Column {
                header: "Đơn vị",
                width: 28,
            },
            Column {
                header: "Trạng thái",
                width: 14,
            },
            Column {
                header: "Ngày phát sinh",
                width: 14,
            },
        ],
        rows: rows
            .into_iter()
            .map(|(a, agency)| {
                vec![
                    Cell::Text(vietnamese::severity(a.severity).into()),
                    Cell::Text(vietnamese::alert_kind(a.kind).into()),
                    Cell::Text(a.message),
                    Cell::Text(agency),
                    Cell::Text(vietnamese::alert_status(a.status).into()),
                    Cell::Date(a.raised_at.date()),
                ]
            })
            .collect(),
        note: None,
    }
}

/// The alerts of the caller's subtree as a spreadsheet, filtered and ordered like the list.
#[utoipa::path(
    tag = "reports",
    params(AlertExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The alerts", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/alerts")]
pub async fn export_alerts(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<AlertExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let format = q.format.unwrap_or(ListFormat::Csv);
    let rows = state
        .db
        .run(move |conn| {
            let root = root_of(conn, &caller, q.agency_id.as_deref())?;
            let filters = alerts::Filters {
                kind: q.kind,
                severity: q.severity,
                status: q.status,
                task_id: q.task_id,
                indicator_id: q.indicator_id,
                with_resolved: false,
            };
            let list: Vec<AlertRow> = alerts::by_severity(filters.apply(&root))
                .limit(MAX_ALERT_ROWS)
                .select(AlertRow::as_select())
                .load(conn)?;
            let ids: Vec<&String> = list.iter().map(|a| &a.agency_id).collect();
            let names: std::collections::HashMap<String, String> = agencies::table
                .filter(agencies::id.eq_any(ids))
                .select((agencies::id, agencies::name))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect();
            Ok(list
                .into_iter()
                .map(|a| {
                    let name = names.get(&a.agency_id).cloned().unwrap_or_default();
                    (a, name)
                })
                .collect())
        })
        .await?;
    respond(&alert_table(rows), format, "canh-bao")
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScorecardExportQuery {
    /// Whose child agencies are compared (default: the caller's agency).
    pub parent_id: Option<String>,
    pub resolution_id: Option<String>,
    /// The comparison as it was at the end of this day.
    pub as_of: Option<NaiveDate>,
    /// First day of the period whose tasks are evaluated.
    pub from: Option<NaiveDate>,
    /// Last day of that period.
    pub to: Option<NaiveDate>,
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<ListFormat>,
}

/// The scorecard (`GET /dashboard/agencies`) as a spreadsheet: ranked among peers, with the
/// data-quality mark and the method under the table.
#[utoipa::path(
    tag = "reports",
    params(ScorecardExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The scorecard", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/scorecard")]
pub async fn export_scorecard(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ScorecardExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let format = q.format.unwrap_or(ListFormat::Csv);
    let scope = ChildrenQuery {
        parent_id: q.parent_id,
        resolution_id: q.resolution_id,
        as_of: q.as_of,
        from: q.from,
        to: q.to,
    };
    let rows = state
        .db
        .run(move |conn| scorecard_for(conn, &caller, &scope))
        .await?;
    respond(&super::tables::scorecard_table(&rows), format, "xep-hang")
}
