//! Progress reports (báo cáo tiến độ): period, progress, narrative, obstacles (vướng mắc) and
//! proposals (kiến nghị), filed by the lead agency's reporters. One current report per task and
//! period; filing again makes a new revision and keeps the earlier ones.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{rollup, visible, TaskRow, TaskStatus};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{progress_reports, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode};
use crate::extract::{object_id, Json, Query};
use crate::page::{self, Page};
use crate::period::Period;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReport {
    /// `2025`, `2025-H1`, `2025-Q3` or `2025-09`; not in the future.
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: String,
    /// 0–100.
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0.0, maximum = 100.0)]
    pub progress: f64,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    #[serde(default)]
    pub narrative: String,
    /// Obstacles met (vướng mắc).
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    #[serde(default)]
    pub obstacles: String,
    /// Proposals to the level above (kiến nghị).
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    #[serde(default)]
    pub proposals: String,
    /// Evidence: files of the reporting agency from `POST /attachments`, at most 10.
    #[validate(length(max = 10))]
    #[schema(max_items = 10)]
    #[serde(default)]
    pub attachment_ids: Vec<uuid::Uuid>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = progress_reports)]
pub struct ReportRow {
    pub id: String,
    pub task_id: String,
    pub period: String,
    pub revision: i32,
    pub progress: f64,
    pub narrative: String,
    pub obstacles: String,
    pub proposals: String,
    pub agency_id: String,
    pub reported_by: String,
    pub created_at: NaiveDateTime,
    pub proposals_answer: Option<String>,
    pub proposals_answered_by: Option<String>,
    pub proposals_answered_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressReport {
    pub id: String,
    pub task_id: String,
    pub period: String,
    /// 1 for the first report of the period, then 2, 3, … for corrections.
    pub revision: i32,
    /// Whether this is the newest revision of its period.
    pub current: bool,
    pub progress: f64,
    pub narrative: String,
    pub obstacles: String,
    pub proposals: String,
    pub agency_id: String,
    pub reported_by: String,
    pub reported_by_name: String,
    pub created_at: DateTime<Utc>,
    /// The day the report of its period was due by the resolution's report calendar; `null`
    /// without a calendar or for a period of another frequency.
    pub due_date: Option<chrono::NaiveDate>,
    /// Whether this revision was filed by `due_date`.
    pub on_time: Option<bool>,
    /// The evidence filed with the report.
    pub attachments: Vec<crate::attachments::Attachment>,
    /// The level above's answer to the report's proposals, who gave it and when.
    pub proposals_answer: Option<String>,
    pub proposals_answered_by: Option<String>,
    pub proposals_answered_by_name: Option<String>,
    pub proposals_answered_at: Option<DateTime<Utc>>,
    /// When the report last changed (filed; its proposals answered).
    pub updated_at: DateTime<Utc>,
    /// What the caller may do with this report now.
    pub actions: crate::policy::ReportActions,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerProposals {
    /// The answer to the report's proposals (kiến nghị).
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

/// A progress report the caller may see (it sees the report's task), with that task.
pub struct Loaded {
    pub row: ReportRow,
    pub task: TaskRow,
}

impl crate::extract::Load for Loaded {
    const WHAT: &'static str = "progress report";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        let row: ReportRow = progress_reports::table
            .find(id)
            .select(ReportRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("progress report"))?;
        let task = visible(conn, caller, &row.task_id)
            .map_err(|_| ApiError::not_found("progress report"))?;
        Ok(Loaded { row, task })
    }
}

/// Answers the proposals of a progress report: the service behind `POST /reports/{id}/answer`.
pub fn answer_in(
    conn: &mut DbConn,
    caller: &Caller,
    loaded: &Loaded,
    text: &str,
) -> Result<ProgressReport, ApiError> {
    let Loaded { row: before, task } = loaded;
    crate::policy::answer_proposals(caller, &super::facts_of(conn, caller, task)?)?;
    super::ensure_live(conn, task)?;
    if before.proposals.trim().is_empty() {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            "the report makes no proposals to answer",
        ));
    }
    diesel::update(progress_reports::table.find(&before.id))
        .set((
            progress_reports::proposals_answer.eq(Some(text.trim())),
            progress_reports::proposals_answered_by.eq(Some(&caller.user_id)),
            progress_reports::proposals_answered_at.eq(Some(now())),
            progress_reports::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let after: ReportRow = progress_reports::table
        .find(&before.id)
        .select(ReportRow::as_select())
        .first(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "answer_proposals",
            entity_type: "progress_report",
            entity_id: &after.id,
            agency_id: Some(&task.lead_agency_id),
            before: Some(before),
            after: Some(&after),
        },
    )?;
    Ok(to_view(conn, caller, task, vec![after])?
        .pop()
        .expect("one report"))
}

/// Answers the proposals (kiến nghị) of a progress report (planners and approvers of an agency
/// above the task's lead agency); a later answer replaces the earlier one.
#[utoipa::path(
    operation_id = "answer_report_proposals",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Progress report id")),
    request_body = AnswerProposals,
    security(("bearer" = [])),
    responses(
        (status = 200, body = ProgressReport),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No proposals, task cancelled or resolution closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing text", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    report: crate::extract::Visible<Loaded>,
    body: Json<AnswerProposals>,
) -> Result<web::Json<ProgressReport>, ApiError> {
    let crate::extract::Visible { caller, object } = report;
    let text = body.0.text;
    let report = state
        .db
        .write(move |conn| answer_in(conn, &caller, &object, &text))
        .await?;
    Ok(web::Json(report))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

fn to_view(
    conn: &mut DbConn,
    caller: &Caller,
    task: &TaskRow,
    rows: Vec<ReportRow>,
) -> Result<Vec<ProgressReport>, ApiError> {
    let facts = super::facts_of(conn, caller, task)?;
    let may_answer = facts.resolution_open
        && task.status != TaskStatus::Cancelled
        && crate::policy::answer_proposals(caller, &facts).is_ok();
    let names = crate::users::display_names(
        conn,
        rows.iter().flat_map(|r| {
            std::iter::once(r.reported_by.as_str()).chain(r.proposals_answered_by.as_deref())
        }),
    )?;
    let mut latest: std::collections::HashMap<(String, String), i32> =
        std::collections::HashMap::new();
    if let Some(first) = rows.first() {
        let revisions: Vec<(String, i32)> = progress_reports::table
            .filter(progress_reports::task_id.eq(&first.task_id))
            .select((progress_reports::period, progress_reports::revision))
            .load(conn)?;
        for (period, rev) in revisions {
            let e = latest.entry((first.task_id.clone(), period)).or_insert(rev);
            *e = (*e).max(rev);
        }
    }
    let calendar = report_calendar_of(conn, &task.resolution_id)?;
    let report_ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut evidence = crate::attachments::of(
        conn,
        crate::attachments::EvidenceOf::ProgressReport,
        &report_ids,
    )?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let due_date = calendar
                .zip(r.period.parse::<Period>().ok())
                .and_then(|(c, p)| c.deadline(p));
            ProgressReport {
                due_date,
                on_time: due_date.map(|d| r.created_at.date() <= d),
                actions: crate::policy::ReportActions {
                    answer_proposals: may_answer && !r.proposals.trim().is_empty(),
                },
                proposals_answer: r.proposals_answer,
                proposals_answered_by_name: r
                    .proposals_answered_by
                    .as_ref()
                    .and_then(|u| names.get(u).cloned()),
                proposals_answered_by: r.proposals_answered_by,
                proposals_answered_at: r.proposals_answered_at.map(|t| t.and_utc()),
                attachments: evidence.remove(&r.id).unwrap_or_default(),
                current: latest.get(&(r.task_id.clone(), r.period.clone())) == Some(&r.revision),
                reported_by_name: names.get(&r.reported_by).cloned().unwrap_or_default(),
                id: r.id,
                task_id: r.task_id,
                period: r.period,
                revision: r.revision,
                progress: r.progress,
                narrative: r.narrative,
                obstacles: r.obstacles,
                proposals: r.proposals,
                agency_id: r.agency_id,
                reported_by: r.reported_by,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

/// The report calendar of a resolution, if it has one.
pub fn report_calendar_of(
    conn: &mut DbConn,
    resolution_id: &str,
) -> Result<Option<crate::reporting::reports::ReportCalendar>, ApiError> {
    use crate::db::schema::resolutions;
    let (frequency, day): (Option<String>, Option<i32>) = resolutions::table
        .find(resolution_id)
        .select((resolutions::report_frequency, resolutions::report_due_day))
        .first(conn)?;
    crate::reporting::reports::ReportCalendar::of(frequency.as_deref(), day)
}

/// The progress of a leaf task: its current report of the latest period.
pub(crate) fn leaf_progress(conn: &mut DbConn, task_id: &str) -> Result<Option<f64>, ApiError> {
    let rows: Vec<(String, i32, f64)> = progress_reports::table
        .filter(progress_reports::task_id.eq(task_id))
        .select((
            progress_reports::period,
            progress_reports::revision,
            progress_reports::progress,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, rev, progress)| {
            p.parse::<Period>()
                .ok()
                .map(|p| (p.bounds().1, rev, progress))
        })
        .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)))
        .map(|(_, _, progress)| progress))
}

/// Files a progress report on task `id` as `caller`: the service behind `POST /tasks/{id}/reports`
/// and the seeds.
pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: CreateReport,
) -> Result<ProgressReport, ApiError> {
    let period: Period = input
        .period
        .parse()
        .map_err(|e: crate::period::BadPeriod| ApiError::invalid("period", e.to_string()))?;
    if period.bounds().0 > super::today() {
        return Err(ApiError::invalid("period", "must not be in the future"));
    }
    if !input.progress.is_finite() {
        return Err(ApiError::invalid_as(
            "progress",
            FieldCode::Range,
            "must be a number from 0 to 100",
        ));
    }
    let task: TaskRow = visible(conn, caller, id)?;
    crate::policy::report_progress(caller, &super::facts_of(conn, caller, &task)?)?;
    super::ensure_live(conn, &task)?;
    let period_text = period.to_string();
    let revision: Option<i32> = progress_reports::table
        .filter(progress_reports::task_id.eq(id))
        .filter(progress_reports::period.eq(&period_text))
        .select(diesel::dsl::max(progress_reports::revision))
        .first(conn)?;
    let report_id = new_id();
    diesel::insert_into(progress_reports::table)
        .values((
            progress_reports::id.eq(&report_id),
            progress_reports::task_id.eq(id),
            progress_reports::period.eq(&period_text),
            progress_reports::revision.eq(revision.unwrap_or(0) + 1),
            progress_reports::progress.eq(input.progress),
            progress_reports::narrative.eq(&input.narrative),
            progress_reports::obstacles.eq(&input.obstacles),
            progress_reports::proposals.eq(&input.proposals),
            progress_reports::agency_id.eq(&caller.agency_id),
            progress_reports::reported_by.eq(&caller.user_id),
            progress_reports::created_at.eq(now()),
            progress_reports::updated_at.eq(now()),
        ))
        .execute(conn)?;
    crate::attachments::link(
        conn,
        caller,
        crate::attachments::EvidenceOf::ProgressReport,
        &report_id,
        &input.attachment_ids,
    )?;
    let children: i64 = tasks::table
        .filter(tasks::parent_id.eq(id))
        .count()
        .get_result(conn)?;
    if children == 0 {
        let progress = leaf_progress(conn, id)?.unwrap_or(input.progress);
        let started = task.status == TaskStatus::NotStarted && progress > 0.0;
        diesel::update(tasks::table.find(id))
            .set((
                tasks::progress.eq(progress),
                started.then_some(tasks::status.eq("in_progress")),
                tasks::updated_at.eq(now()),
                tasks::version.eq(tasks::version + 1),
            ))
            .execute(conn)?;
        rollup::from_parent(conn, &task.resolution_id, task.parent_id.clone())?;
    }
    let row: ReportRow = progress_reports::table
        .find(&report_id)
        .select(ReportRow::as_select())
        .first(conn)?;
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "progress_report",
            entity_id: &report_id,
            agency_id: Some(&task.lead_agency_id),
            before: None,
            after: Some(&row),
        },
    )?;
    Ok(to_view(conn, caller, &task, vec![row])?
        .pop()
        .expect("one report"))
}

/// Files a progress report (reporters of the task's lead agency). For a task without sub-tasks the
/// report sets its progress (from the latest period), which rolls up to the resolution.
#[utoipa::path(
    operation_id = "create_task_report",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = CreateReport,
    security(("bearer" = [])),
    responses(
        (status = 201, body = ProgressReport),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Task cancelled or resolution closed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/reports")]
pub async fn create_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<CreateReport>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "task")?;
    let input = body.0;
    let report = state
        .db
        .write(move |conn| create_in(conn, &caller, &id, input))
        .await?;
    Ok(HttpResponse::Created().json(report))
}

/// The task's progress reports, every revision, newest first.
#[utoipa::path(
    operation_id = "list_task_reports",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id"), ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<ProgressReport>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/reports")]
pub async fn list_reports(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<ReportQuery>,
) -> Result<web::Json<Page<ProgressReport>>, ApiError> {
    let id = object_id(&id, "task")?;
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let task = visible(conn, &caller, &id)?;
            let filtered = || {
                let mut sel = progress_reports::table
                    .filter(progress_reports::task_id.eq(id.clone()))
                    .into_boxed();
                if let Some(p) = &q.period {
                    sel = sel.filter(progress_reports::period.eq(p.clone()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ReportRow> = filtered()
                .order((
                    progress_reports::created_at.desc(),
                    progress_reports::id.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ReportRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: to_view(conn, &caller, &task, rows)?,
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

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProgressReportQuery {
    /// The reports on the tasks of this resolution.
    pub resolution_id: Option<String>,
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: Option<String>,
    /// Change feed: the progress reports (new ones and those whose proposals were answered) changed at or after this instant (RFC 3339), oldest change first (docs/integration.md, "Change feeds").
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Change feed: the page after this `next_cursor`.
    #[validate(length(max = 128))]
    #[param(max_length = 128)]
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The progress reports on every task the caller sees, every revision, newest first; with
/// `updated_since` or `cursor`, a change feed for a ministry system's sync.
#[utoipa::path(
    operation_id = "list_progress_reports",
    tag = "tasks",
    params(ProgressReportQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<ProgressReport>))
)]
#[get("/progress-reports")]
pub async fn list_progress_reports(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ProgressReportQuery>,
) -> Result<web::Json<Page<ProgressReport>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let feed = crate::changes::Feed::of(
        q.updated_since,
        q.cursor.as_deref(),
        q.offset,
        limit,
        state.config.change_feed_lag_secs,
    )?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = progress_reports::table
                    .filter(
                        progress_reports::task_id.eq_any(
                            tasks::table
                                .filter(super::seen_by!(&caller.agency_id))
                                .select(tasks::id),
                        ),
                    )
                    .into_boxed();
                if let Some(r) = &q.resolution_id {
                    sel = sel.filter(
                        progress_reports::task_id.eq_any(
                            tasks::table
                                .filter(tasks::resolution_id.eq(r.clone()))
                                .select(tasks::id),
                        ),
                    );
                }
                if let Some(p) = &q.period {
                    sel = sel.filter(progress_reports::period.eq(p.clone()));
                }
                sel
            };
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    progress_reports,
                    ReportRow,
                    None,
                    |conn, rows| views_across_tasks(conn, &caller, rows)
                );
            }
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ReportRow> = filtered()
                .order((
                    progress_reports::created_at.desc(),
                    progress_reports::id.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ReportRow::as_select())
                .load(conn)?;
            Ok(Page::of(
                views_across_tasks(conn, &caller, rows)?,
                total,
                limit,
                offset,
            ))
        })
        .await?;
    Ok(web::Json(page))
}

/// [`to_view`] for reports of several tasks, in the order given.
fn views_across_tasks(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<ReportRow>,
) -> Result<Vec<ProgressReport>, ApiError> {
    let order: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_task: std::collections::BTreeMap<String, Vec<ReportRow>> = Default::default();
    for r in rows {
        by_task.entry(r.task_id.clone()).or_default().push(r);
    }
    let task_ids: Vec<&String> = by_task.keys().collect();
    let task_rows: Vec<TaskRow> = tasks::table
        .filter(tasks::id.eq_any(task_ids))
        .select(TaskRow::as_select())
        .load(conn)?;
    let mut views: std::collections::HashMap<String, ProgressReport> = Default::default();
    for task in task_rows {
        let reports = by_task.remove(&task.id).unwrap_or_default();
        for v in to_view(conn, caller, &task, reports)? {
            views.insert(v.id.clone(), v);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| views.remove(&id))
        .collect())
}
