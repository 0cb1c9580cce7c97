//! Scheduled reports: a definition (scope, period kind, format, recipients) produced once after
//! each period of its kind closes. The round ([`run_due`]) runs with the reminders, on the
//! instance holding their lease; each run keeps the file (its content once per SHA-256, like
//! evidence) and tells every recipient through the notifications, with a mail through the durable
//! outbox for those who want mail at once. A recipient must see the whole scope: a person of the
//! scope's agency or of an agency above it.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::period::{PeriodKind, Span};
use super::ReportFormat;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{
    agencies, attachment_blobs, report_runs, report_schedule_recipients, report_schedules, users,
};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, FieldCode, FieldError};
use crate::extract::{object_id, Json, Load, Query, Visible};
use crate::notify::{self, Notice, NotificationKind, Recipient};
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSchedule {
    /// The agency whose subtree is reported on (default: the caller's); in the caller's scope.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: Option<String>,
    /// Only this resolution's tasks and indicators (visible to the caller).
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub resolution_id: Option<String>,
    pub period_kind: PeriodKind,
    /// `docx`, `pdf`, `xlsx`, `html` or `csv`.
    pub format: ReportFormat,
    /// Who receives it: people of the agency or of an agency above it (they see the whole scope).
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub recipient_ids: Vec<uuid::Uuid>,
}

/// A produced report of a schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportRun {
    pub id: String,
    pub schedule_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub filename: String,
    pub size: i64,
    pub sha256: String,
    pub produced_at: DateTime<Utc>,
    /// `GET` it for the file.
    pub download: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleActions {
    /// `DELETE /report-schedules/{id}`.
    pub delete: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportSchedule {
    pub id: String,
    pub agency_id: String,
    pub agency_name: String,
    pub resolution_id: Option<String>,
    pub period_kind: PeriodKind,
    pub format: ReportFormat,
    pub recipient_ids: Vec<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// The period the next run will report on (once it has closed).
    pub next_period: Span,
    /// The latest run, if any.
    pub last_run: Option<ReportRun>,
    pub actions: ScheduleActions,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = report_schedules)]
pub struct ScheduleRow {
    pub id: String,
    pub agency_id: String,
    pub resolution_id: Option<String>,
    pub period_kind: String,
    pub format: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub starts_on: NaiveDate,
}

impl Load for ScheduleRow {
    const WHAT: &'static str = "report schedule";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        report_schedules::table
            .filter(report_schedules::id.eq(id))
            .filter(report_schedules::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
            .select(ScheduleRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found(Self::WHAT))
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_runs)]
struct RunRow {
    id: String,
    schedule_id: String,
    period_from: NaiveDate,
    period_to: NaiveDate,
    sha256: String,
    filename: String,
    produced_at: NaiveDateTime,
}

fn run_view(r: RunRow, size: i64) -> ReportRun {
    ReportRun {
        download: format!("/api/v1/report-runs/{}", r.id),
        id: r.id,
        schedule_id: r.schedule_id,
        from: r.period_from,
        to: r.period_to,
        filename: r.filename,
        size,
        sha256: r.sha256,
        produced_at: r.produced_at.and_utc(),
    }
}

/// The period after the last one produced (or the first one ending on or after `starts_on`).
fn next_period(kind: PeriodKind, starts_on: NaiveDate, last: Option<NaiveDate>) -> Span {
    let after = last.map_or(starts_on, |d| d + chrono::TimeDelta::days(1));
    // The first period of the kind whose end is on or after `after`.
    let mut day = after;
    loop {
        let closed = kind.last_closed(day + chrono::TimeDelta::days(1));
        if closed.to >= after {
            return closed;
        }
        day += chrono::TimeDelta::days(27);
    }
}

fn views(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<ScheduleRow>,
) -> Result<Vec<ReportSchedule>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let recipients: Vec<(String, String)> = report_schedule_recipients::table
        .filter(report_schedule_recipients::schedule_id.eq_any(&ids))
        .order(report_schedule_recipients::user_id)
        .select((
            report_schedule_recipients::schedule_id,
            report_schedule_recipients::user_id,
        ))
        .load(conn)?;
    let runs: Vec<(RunRow, i64)> = report_runs::table
        .inner_join(attachment_blobs::table)
        .filter(report_runs::schedule_id.eq_any(&ids))
        .order(report_runs::period_to.desc())
        .select((RunRow::as_select(), attachment_blobs::size))
        .load(conn)?;
    let agency_ids: Vec<String> = rows.iter().map(|r| r.agency_id.clone()).collect();
    let names: std::collections::HashMap<String, String> = agencies::table
        .filter(agencies::id.eq_any(&agency_ids))
        .select((agencies::id, agencies::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let delete = crate::policy::schedule_reports(caller).is_ok();
    rows.into_iter()
        .map(|r| {
            let kind: PeriodKind = r.period_kind.parse()?;
            let last = runs
                .iter()
                .find(|(run, _)| run.schedule_id == r.id)
                .map(|(run, size)| run_view(run.clone(), *size));
            Ok(ReportSchedule {
                next_period: next_period(kind, r.starts_on, last.as_ref().map(|l| l.to)),
                recipient_ids: recipients
                    .iter()
                    .filter(|(s, _)| *s == r.id)
                    .map(|(_, u)| u.clone())
                    .collect(),
                agency_name: names.get(&r.agency_id).cloned().unwrap_or_default(),
                format: r.format.parse()?,
                period_kind: kind,
                last_run: last,
                actions: ScheduleActions { delete },
                id: r.id,
                agency_id: r.agency_id,
                resolution_id: r.resolution_id,
                created_by: r.created_by,
                created_at: r.created_at.and_utc(),
            })
        })
        .collect()
}

/// Each recipient must be an active person of `agency` or of an agency above it.
fn check_recipients(
    conn: &mut DbConn,
    agency: &str,
    ids: &[uuid::Uuid],
) -> Result<Vec<String>, ApiError> {
    let ids: Vec<String> = ids.iter().map(|u| u.hyphenated().to_string()).collect();
    let fitting: std::collections::HashSet<String> = users::table
        .filter(users::id.eq_any(&ids))
        .filter(users::active.eq(true))
        .filter(users::is_service.eq(false))
        .filter(users::agency_id.eq_any(scope::ancestor_ids(agency)))
        .select(users::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let field = format!("recipient_ids[{i}]");
        if !seen.insert(id) {
            errors.push(FieldError::coded(
                field,
                FieldCode::Duplicate,
                "is listed twice",
            ));
        } else if !fitting.contains(id) {
            errors.push(FieldError::coded(
                field,
                FieldCode::NotFound,
                "no active person of this agency or of an agency above it",
            ));
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Defines a scheduled report (planners): produced after each period of `period_kind` closes,
/// starting with the period that closes next.
#[utoipa::path(
    operation_id = "create_report_schedule",
    tag = "reports",
    request_body = CreateSchedule,
    security(("bearer" = [])),
    responses(
        (status = 201, body = ReportSchedule),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/report-schedules")]
pub async fn create_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateSchedule>,
) -> Result<HttpResponse, ApiError> {
    crate::policy::schedule_reports(&caller)?;
    let input = body.0;
    let created = state
        .db
        .write(move |conn| {
            let agency = input
                .agency_id
                .clone()
                .unwrap_or_else(|| caller.agency_id.clone());
            if !caller.sees_agency(conn, &agency)? {
                return Err(ApiError::invalid_as(
                    "agency_id",
                    FieldCode::NotFound,
                    "no such agency in your scope",
                ));
            }
            if let Some(r) = &input.resolution_id {
                if crate::resolutions::visible(conn, &caller, r).is_err() {
                    return Err(ApiError::invalid_as(
                        "resolution_id",
                        FieldCode::NotFound,
                        "no such resolution in your scope",
                    ));
                }
            }
            let recipients = check_recipients(conn, &agency, &input.recipient_ids)?;
            let row = ScheduleRow {
                id: new_id(),
                agency_id: agency,
                resolution_id: input.resolution_id.clone(),
                period_kind: input.period_kind.as_str().to_string(),
                format: input.format.as_str().to_string(),
                created_by: caller.user_id.clone(),
                created_at: now(),
                starts_on: crate::tasks::today(),
            };
            diesel::insert_into(report_schedules::table)
                .values((
                    report_schedules::id.eq(&row.id),
                    report_schedules::agency_id.eq(&row.agency_id),
                    report_schedules::resolution_id.eq(&row.resolution_id),
                    report_schedules::period_kind.eq(&row.period_kind),
                    report_schedules::format.eq(&row.format),
                    report_schedules::created_by.eq(&row.created_by),
                    report_schedules::created_at.eq(row.created_at),
                    report_schedules::starts_on.eq(row.starts_on),
                ))
                .execute(conn)?;
            for user in &recipients {
                diesel::insert_into(report_schedule_recipients::table)
                    .values((
                        report_schedule_recipients::schedule_id.eq(&row.id),
                        report_schedule_recipients::user_id.eq(user),
                    ))
                    .execute(conn)?;
            }
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "create",
                    entity_type: "report_schedule",
                    entity_id: &row.id,
                    agency_id: Some(&row.agency_id),
                    before: None::<&ScheduleRow>,
                    after: Some(&row),
                },
            )?;
            Ok(views(conn, &caller, vec![row])?.remove(0))
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScheduleQuery {
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The scheduled reports of the caller's subtree, newest first.
#[utoipa::path(
    operation_id = "list_report_schedules",
    tag = "reports",
    params(ScheduleQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<ReportSchedule>))
)]
#[get("/report-schedules")]
pub async fn list_schedules(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ScheduleQuery>,
) -> Result<web::Json<Page<ReportSchedule>>, ApiError> {
    let (limit, offset) = page::window(query.0.limit, query.0.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                report_schedules::table.filter(
                    report_schedules::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)),
                )
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ScheduleRow> = filtered()
                .order((
                    report_schedules::created_at.desc(),
                    report_schedules::id.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ScheduleRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: views(conn, &caller, rows)?,
                total,
                limit,
                offset,
                next_cursor: None,
                removed: None,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// The reports a schedule produced, newest period first.
#[utoipa::path(
    operation_id = "list_report_runs",
    tag = "reports",
    params(("id" = uuid::Uuid, Path, description = "Report schedule id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<ReportRun>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/report-schedules/{id}/runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    schedule: Visible<ScheduleRow>,
) -> Result<web::Json<Page<ReportRun>>, ApiError> {
    let id = schedule.object.id;
    let runs = state
        .db
        .run(move |conn| {
            let rows: Vec<(RunRow, i64)> = report_runs::table
                .inner_join(attachment_blobs::table)
                .filter(report_runs::schedule_id.eq(&id))
                .order(report_runs::period_to.desc())
                .select((RunRow::as_select(), attachment_blobs::size))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(r, size)| run_view(r, size))
                .collect())
        })
        .await?;
    Ok(web::Json(Page::whole(runs)))
}

/// Stops a schedule (planners of its agency or above); its produced reports go with it.
#[utoipa::path(
    operation_id = "delete_report_schedule",
    tag = "reports",
    params(("id" = uuid::Uuid, Path, description = "Report schedule id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/report-schedules/{id}")]
pub async fn delete_schedule(
    state: web::Data<AppState>,
    schedule: Visible<ScheduleRow>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = schedule;
    crate::policy::schedule_reports(&caller)?;
    state
        .db
        .write(move |conn| {
            diesel::delete(report_runs::table.filter(report_runs::schedule_id.eq(&object.id)))
                .execute(conn)?;
            diesel::delete(
                report_schedule_recipients::table
                    .filter(report_schedule_recipients::schedule_id.eq(&object.id)),
            )
            .execute(conn)?;
            diesel::delete(report_schedules::table.find(&object.id)).execute(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "delete",
                    entity_type: "report_schedule",
                    entity_id: &object.id,
                    agency_id: Some(&object.agency_id),
                    before: Some(&object),
                    after: None::<&ScheduleRow>,
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A produced report's file, for whoever sees its schedule.
#[utoipa::path(
    operation_id = "download_report_run",
    tag = "reports",
    params(("id" = uuid::Uuid, Path, description = "Report run id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The file as produced", content(
            (Vec<u8> = "application/octet-stream"),
        )),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/report-runs/{id}")]
pub async fn download_run(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "report")?;
    let (filename, media_type, content) = state
        .db
        .run(move |conn| {
            report_runs::table
                .inner_join(report_schedules::table)
                .inner_join(attachment_blobs::table)
                .filter(report_runs::id.eq(&id))
                .filter(report_schedules::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                .select((
                    report_runs::filename,
                    attachment_blobs::media_type,
                    attachment_blobs::content,
                ))
                .first::<(String, String, Vec<u8>)>(conn)
                .optional()?
                .ok_or_else(|| ApiError::not_found("report"))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(content))
}

/// Produces every schedule's closed periods not produced yet (the latest one only, if several
/// closed while the service was down), each in its own transaction. Returns how many were made.
pub fn run_due(conn: &mut DbConn, today: NaiveDate) -> Result<usize, ApiError> {
    let schedules: Vec<ScheduleRow> = report_schedules::table
        .order(report_schedules::created_at)
        .select(ScheduleRow::as_select())
        .load(conn)?;
    let mut made = 0;
    for s in schedules {
        let span = s.period_kind.parse::<PeriodKind>()?.last_closed(today);
        if span.to < s.starts_on {
            continue;
        }
        if crate::db::write_transaction(conn, |conn| produce_run(conn, &s, span))? {
            made += 1;
        }
    }
    Ok(made)
}

/// One schedule's report of `span`, unless it was made already (by this or another instance).
fn produce_run(conn: &mut DbConn, s: &ScheduleRow, span: Span) -> Result<bool, ApiError> {
    let done: i64 = report_runs::table
        .filter(report_runs::schedule_id.eq(&s.id))
        .filter(report_runs::period_to.eq(span.to))
        .count()
        .get_result(conn)?;
    if done > 0 {
        return Ok(false);
    }
    let format: ReportFormat = s.format.parse()?;
    // Produced as the schedule's agency sees it (the scope root itself).
    let produced = super::produce(
        conn,
        &s.agency_id,
        &s.agency_id,
        s.resolution_id.as_deref(),
        span,
        format,
    )?;
    let media_type = format
        .media_type()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let sha256 = crate::attachments::store_blob(conn, &media_type, &produced.bytes)?;
    let run_id = new_id();
    diesel::insert_into(report_runs::table)
        .values((
            report_runs::id.eq(&run_id),
            report_runs::schedule_id.eq(&s.id),
            report_runs::period_from.eq(span.from),
            report_runs::period_to.eq(span.to),
            report_runs::sha256.eq(&sha256),
            report_runs::filename.eq(&produced.filename),
            report_runs::produced_at.eq(now()),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        &audit::Actor::system("scheduled reports"),
        Change {
            action: "produce",
            entity_type: "report_run",
            entity_id: &run_id,
            agency_id: Some(&s.agency_id),
            before: None::<&()>,
            after: Some(&serde_json::json!({
                "schedule_id": s.id, "from": span.from, "to": span.to, "sha256": sha256,
            })),
        },
    )?;
    let recipients: Vec<String> = report_schedule_recipients::table
        .filter(report_schedule_recipients::schedule_id.eq(&s.id))
        .select(report_schedule_recipients::user_id)
        .load(conn)?;
    let mut to: Vec<Recipient> = Vec::new();
    for user in recipients {
        if let Some(r) = notify::person(conn, &user)? {
            to.push(r);
        }
    }
    let (agency_name,): (String,) = agencies::table
        .find(&s.agency_id)
        .select((agencies::name,))
        .first(conn)?;
    notify::send(
        conn,
        &to,
        &Notice {
            kind: NotificationKind::ReportReady,
            title: format!("Báo cáo {} — {}", span.label_vi(), agency_name),
            body: format!(
                "Báo cáo định kỳ {} của {} đã được lập ({}). Tải về từ trang Báo cáo.",
                span.label_vi(),
                agency_name,
                produced.filename
            ),
            link: format!("/reports?schedule={}", s.id),
            key: format!("report:{run_id}"),
        },
    )?;
    Ok(true)
}
