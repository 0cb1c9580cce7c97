//! The periodic report of a scope (an agency's subtree, optionally one resolution) for any period:
//! tasks due in it by the Government Office's four classes per agency and per resolution, progress
//! against the schedule, KPI figures against their targets, data completeness and timeliness,
//! obstacles and proposals with their answers, open directives, and the change since the previous
//! period — as printable HTML, CSV, Excel, Word or PDF (the last two in the layout of Decree
//! 30/2020/NĐ-CP). Scheduled reports ([`schedules`]) produce the same document after each period.

pub mod document;
pub mod html;
pub mod lists;
pub mod model;
pub mod period;
pub mod schedules;
pub mod sheet;
pub mod tables;

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::auth::Caller;
use crate::dashboard::{check_resolution, root_of, EvalPeriod};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use period::Span;

text_enum!(
    /// A report's format; its text is also the file name's extension.
    ReportFormat { Html => "html", Csv => "csv", Xlsx => "xlsx", Docx => "docx", Pdf => "pdf" }
);

impl ReportFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Xlsx => crate::imports::xlsx::MEDIA_TYPE,
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ReportFormat::Pdf => "application/pdf",
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// The agency whose subtree the report covers (default: the caller's agency).
    pub agency_id: Option<String>,
    pub resolution_id: Option<String>,
    /// First day of the period (default: 1 January of `to`'s year, or of this year).
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: 31 December of `from`'s year, or of this year). A past
    /// period is reported as the dashboard stood at the end of its last day.
    pub to: Option<NaiveDate>,
    /// `html` (default, printable), `csv`, `xlsx`, `docx` or `pdf`.
    #[param(inline)]
    pub format: Option<ReportFormat>,
}

/// A produced report: its bytes and the file name to save it under.
pub struct Produced {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub format: ReportFormat,
}

/// Gathers the report of `root`'s subtree (in the reader's scope, checked by the caller) and
/// writes it in `format`. HTTP and the scheduled reports both come through here.
pub fn produce(
    conn: &mut DbConn,
    viewer_root: &str,
    root: &str,
    resolution: Option<&str>,
    span: Span,
    format: ReportFormat,
) -> Result<Produced, ApiError> {
    let report = model::build(
        conn,
        &model::Request {
            viewer_root,
            root,
            resolution,
            span,
        },
    )?;
    let heading = document::heading_of(conn, root)?;
    let tables = tables::all(&report);
    let bytes = match format {
        ReportFormat::Html => html::write(&report, &heading, &tables).into_bytes(),
        ReportFormat::Csv => sheet::csv(&tables)?,
        ReportFormat::Xlsx => sheet::xlsx(&report, &tables)?,
        ReportFormat::Docx => document::docx(&report, &heading, &tables)?,
        ReportFormat::Pdf => document::pdf(&report, &heading, &tables)?,
    };
    Ok(Produced {
        bytes,
        filename: format!(
            "bao-cao-{}-{}-{}.{}",
            report
                .agency_code
                .to_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
            span.from.format("%Y%m%d"),
            span.to.format("%Y%m%d"),
            format.as_str()
        ),
        format,
    })
}

impl Produced {
    pub fn response(self) -> HttpResponse {
        let mut res = HttpResponse::Ok();
        res.content_type(self.format.media_type());
        if self.format != ReportFormat::Html {
            res.insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.filename),
            ));
        }
        res.body(self.bytes)
    }
}

/// A periodic report for a scope and any period, to print, open in Excel or Word, or file as PDF.
#[utoipa::path(
    operation_id = "get_periodic_report",
    tag = "reports",
    params(ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report in the format asked for", content(
            (String = "text/html"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/periodic")]
pub async fn periodic_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let format = q.format.unwrap_or(ReportFormat::Html);
    let produced = state
        .db
        .run(move |conn| {
            let period = EvalPeriod::of(q.from, q.to, None)?;
            let root = root_of(conn, &caller, q.agency_id.as_deref())?;
            check_resolution(conn, &caller, q.resolution_id.as_deref())?;
            let span = Span {
                from: period.from,
                to: period.to,
            };
            produce(
                conn,
                &caller.agency_id,
                &root,
                q.resolution_id.as_deref(),
                span,
                format,
            )
        })
        .await?;
    Ok(produced.response())
}
