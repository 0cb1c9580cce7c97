//! The periodic report of a scope: the summary, the lagging tasks with their latest obstacles and
//! proposals, and the open alerts — as printable HTML or CSV.

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{check_resolution, root_of, summary};
use crate::alerts::{AlertKind, Severity};
use crate::auth::Caller;
use crate::db::schema::{agencies, alerts, progress_reports, tasks};
use crate::error::ApiError;
use crate::extract::Query;
use crate::scope;
use crate::state::AppState;
use crate::tasks::health::{self, Health};
use crate::tasks::{today, TaskStatus};
use crate::vietnamese;

#[derive(Clone, Copy, Debug, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Html,
    Csv,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    pub agency_id: Option<String>,
    pub resolution_id: Option<String>,
    /// `html` (default, printable) or `csv`.
    #[param(inline)]
    pub format: Option<ReportFormat>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Queryable)]
struct OpenTaskRow {
    id: String,
    code: String,
    title: String,
    lead: String,
    start: chrono::NaiveDate,
    due: chrono::NaiveDate,
    progress: f64,
    status: String,
}

struct Lagging {
    code: String,
    title: String,
    lead: String,
    due: chrono::NaiveDate,
    progress: f64,
    health: Health,
    obstacles: String,
    proposals: String,
}

/// A periodic report for a scope, to download or print.
#[utoipa::path(
    tag = "dashboard",
    params(ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Printable HTML, or CSV (`format=csv`)", content(
            (String = "text/html"),
            (String = "text/csv"),
        )),
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
    let (agency_name, s, lagging, open_alerts) = state
        .db
        .run(move |conn| {
            let root = root_of(conn, &caller, q.agency_id.as_deref())?;
            check_resolution(conn, &caller, q.resolution_id.as_deref())?;
            let evaluation = super::EvalPeriod::of(None, None, None)?.evaluate(
                conn,
                &root,
                q.resolution_id.as_deref(),
            )?;
            let s = summary(conn, &root, q.resolution_id.as_deref(), evaluation)?;
            let name: String = agencies::table
                .find(&root)
                .select(agencies::name)
                .first(conn)?;
            let mut list = tasks::table
                .inner_join(agencies::table.on(agencies::id.eq(tasks::lead_agency_id)))
                .filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(&root)))
                .filter(tasks::status.ne_all(["completed", "cancelled"]))
                .into_boxed();
            if let Some(r) = &q.resolution_id {
                list = list.filter(tasks::resolution_id.eq(r.clone()));
            }
            let rows: Vec<OpenTaskRow> = list
                .order(tasks::due_date.asc())
                .select((
                    tasks::id,
                    tasks::code,
                    tasks::title,
                    agencies::name,
                    tasks::start_date,
                    tasks::due_date,
                    tasks::progress,
                    tasks::status,
                ))
                .load(conn)?;
            let mut lagging = Vec::new();
            for OpenTaskRow {
                id,
                code,
                title,
                lead,
                start,
                due,
                progress,
                status,
            } in rows
            {
                let h = health::of(status.parse::<TaskStatus>()?, progress, start, due, today());
                if matches!(h, Health::Overdue | Health::OffTrack | Health::AtRisk) {
                    let latest: Option<(String, String)> = progress_reports::table
                        .filter(progress_reports::task_id.eq(&id))
                        .order((
                            progress_reports::created_at.desc(),
                            progress_reports::id.desc(),
                        ))
                        .select((progress_reports::obstacles, progress_reports::proposals))
                        .first(conn)
                        .optional()?;
                    let (obstacles, proposals) = latest.unwrap_or_default();
                    lagging.push(Lagging {
                        code,
                        title,
                        lead,
                        due,
                        progress,
                        health: h,
                        obstacles,
                        proposals,
                    });
                }
            }
            let open_alerts: Vec<(String, String, String)> = alerts::table
                .filter(alerts::agency_id.eq_any(scope::subtree_ids(&root)))
                .filter(alerts::status.ne("resolved"))
                .order(alerts::raised_at.desc())
                .limit(200)
                .select((alerts::severity, alerts::kind, alerts::message))
                .load(conn)?;
            Ok((name, s, lagging, open_alerts))
        })
        .await?;
    if format == ReportFormat::Csv {
        let bytes = csv_report(&agency_name, &s, &lagging, &open_alerts)?;
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                "Content-Disposition",
                "attachment; filename=\"bao-cao-dinh-ky.csv\"",
            ))
            .body(bytes));
    }
    let mut html = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo định kỳ — {name}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}}table{{border-collapse:collapse;width:100%;margin:1rem 0}}\
         th,td{{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}}th{{background:#f0f0f0}}\
         .tiles{{display:flex;gap:1rem;flex-wrap:wrap}}.tile{{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem}}\
         .tile b{{display:block;font-size:1.4rem}}@media print{{body{{margin:0}}}}</style></head><body>\
         <h1>Báo cáo định kỳ tình hình thực hiện nghị quyết</h1><p>Đơn vị: <b>{name}</b> — ngày lập: {date}</p>\
         <div class=\"tiles\"><div class=\"tile\">Nhiệm vụ<b>{total}</b></div><div class=\"tile\">Hoàn thành<b>{done}</b></div>\
         <div class=\"tile\">Quá hạn<b>{overdue}</b></div><div class=\"tile\">Tiến độ chung<b>{progress}</b></div>\
         <div class=\"tile\">Chỉ tiêu đạt<b>{kpi_ok}/{kpi}</b></div><div class=\"tile\">Cảnh báo đang mở<b>{alerts}</b></div></div>",
        name = escape(&agency_name),
        date = vietnamese::date(today()),
        total = s.tasks.total,
        done = s.tasks.completed,
        overdue = s.tasks.overdue,
        progress = vietnamese::percent(s.weighted_progress),
        kpi_ok = s.kpis.on_track,
        kpi = s.kpis.series,
        alerts = s.alerts.info + s.alerts.warning + s.alerts.critical,
    );
    html.push_str("<h2>Nhiệm vụ chậm tiến độ</h2><table><tr><th>Mã</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Hạn</th><th>Tiến độ</th><th>Tình trạng</th><th>Vướng mắc</th><th>Kiến nghị</th></tr>");
    for l in &lagging {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&l.code),
            escape(&l.title),
            escape(&l.lead),
            vietnamese::date(l.due),
            vietnamese::percent(l.progress),
            vietnamese::health(l.health),
            escape(&l.obstacles),
            escape(&l.proposals)
        ));
    }
    html.push_str("</table><h2>Cảnh báo đang mở</h2><table><tr><th>Mức độ</th><th>Loại</th><th>Nội dung</th></tr>");
    for (severity, kind, message) in &open_alerts {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            vietnamese::severity(severity.parse::<Severity>()?),
            vietnamese::alert_kind(kind.parse::<AlertKind>()?),
            escape(message)
        ));
    }
    html.push_str("</table></body></html>");
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The report as a spreadsheet a Vietnamese office opens in Excel: a UTF-8 byte-order mark (without
/// it Excel reads the diacritics as Windows-1252), Vietnamese headers and words, dates `dd/mm/yyyy`
/// and numbers with a decimal comma (quoted, so the comma stays inside its cell). Every cell is
/// neutralised by the writer (agency names, titles, messages and all).
fn csv_report(
    agency_name: &str,
    s: &super::Summary,
    lagging: &[Lagging],
    open_alerts: &[(String, String, String)],
) -> Result<Vec<u8>, ApiError> {
    let mut w = crate::imports::exports::SafeCsv::default();
    w.record([
        "Phần",
        "Mã",
        "Nội dung",
        "Đơn vị chủ trì",
        "Hạn",
        "Tiến độ (%)",
        "Tình trạng",
        "Khó khăn, vướng mắc",
        "Kiến nghị, đề xuất",
    ])?;
    w.record([
        "Tổng hợp",
        "",
        agency_name,
        "",
        &vietnamese::date(today()),
        &vietnamese::decimal(s.weighted_progress),
        "",
        "",
        "",
    ])?;
    for l in lagging {
        w.record([
            "Nhiệm vụ chậm tiến độ",
            l.code.as_str(),
            &l.title,
            &l.lead,
            &vietnamese::date(l.due),
            &vietnamese::decimal(l.progress),
            vietnamese::health(l.health),
            &l.obstacles,
            &l.proposals,
        ])?;
    }
    for (severity, kind, message) in open_alerts {
        w.record([
            "Cảnh báo đang mở",
            vietnamese::alert_kind(kind.parse::<AlertKind>()?),
            message.as_str(),
            "",
            "",
            "",
            vietnamese::severity(severity.parse::<Severity>()?),
            "",
            "",
        ])?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_bytes()?);
    Ok(bytes)
}
