use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    rollup, view, views, visible, visible_to, Health, Task, TaskEvaluation, TaskRow, TaskStatus,
};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::changes;
use crate::db::schema::{agencies, progress_reports, resolutions, task_coordinators, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::etag;
use crate::extract::{object_id, Json, Query, Visible};
use crate::page::{self, Page};
use crate::policy;
use crate::resolutions::{ResolutionRow, ResolutionStatus};
use crate::scope;
use crate::search::{self, search_fold};
use crate::state::AppState;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub resolution_id: String,
    /// The parent task for a sub-task; absent for a top-level task.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: String,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    #[serde(default)]
    pub description: String,
    /// A sub-task's lead agency is the parent's lead agency or an agency below it.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub lead_agency_id: String,
    /// Active agencies other than the lead agency.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[schema(max_items = 100, value_type = Vec<uuid::Uuid>)]
    pub coordinating_agency_ids: Vec<String>,
    pub start_date: NaiveDate,
    /// Not after the parent's due date.
    pub due_date: NaiveDate,
    /// Weight in the parent's progress (default 1).
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    #[schema(maximum = 1000.0, exclusive_minimum = 0.0)]
    pub weight: Option<f64>,
}

/// Fields to change; absent fields stay. The planners who assigned the task (of the parent's lead
/// agency, or of the resolution's owner for a top-level task) may change everything; the lead
/// agency's planners and reporters may change only `status`.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: Option<String>,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub title: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub lead_agency_id: Option<String>,
    #[validate(length(max = 100))]
    #[schema(max_items = 100, value_type = Option<Vec<uuid::Uuid>>)]
    pub coordinating_agency_ids: Option<Vec<String>>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    #[schema(maximum = 1000.0, exclusive_minimum = 0.0)]
    pub weight: Option<f64>,
    pub status: Option<TaskStatus>,
}

#[derive(Clone, Copy, Debug, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Earliest due date first (the default).
    DueDate,
    /// Latest due date first.
    #[serde(rename = "-due_date")]
    DueDateDesc,
    Code,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TaskQuery {
    pub resolution_id: Option<String>,
    /// Sub-tasks of this task.
    pub parent_id: Option<String>,
    /// Only top-level tasks (`true`).
    pub top_level: Option<bool>,
    pub lead_agency_id: Option<String>,
    /// Tasks led by this agency or any agency below it.
    pub lead_agency_subtree: Option<String>,
    pub status: Option<TaskStatus>,
    pub health: Option<Health>,
    /// `true`: past due and not completed or cancelled; `false`: the others.
    pub overdue: Option<bool>,
    /// Due on or before this date.
    pub due_before: Option<NaiveDate>,
    /// `true`: the tasks waiting for the caller's decision — a completion proposal to accept or
    /// return, or an extension or cancellation request to grant or refuse — of the tasks the
    /// caller's agency (or one below it) assigned, led by another agency (planners; others get
    /// 403).
    pub awaiting_decision: Option<bool>,
    /// Tasks of this class today, in the Government Office's evaluation (cancelled tasks have
    /// none). With `evaluation_from`/`evaluation_to`, the list behind a count of
    /// `GET /dashboard/summary`'s `evaluation`.
    pub evaluation: Option<TaskEvaluation>,
    /// The evaluation's deadline (`evaluation_due_date`) on or after this day.
    pub evaluation_from: Option<NaiveDate>,
    /// The evaluation's deadline on or before this day (not before `evaluation_from`).
    pub evaluation_to: Option<NaiveDate>,
    /// Matches code or title.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(inline)]
    pub sort: Option<TaskSort>,
    /// Change feed: the tasks changed at or after this instant (RFC 3339), oldest change first,
    /// with the deleted ones in `removed` (docs/integration.md, "Change feeds").
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

fn resolution_of(conn: &mut DbConn, id: &str) -> Result<ResolutionRow, ApiError> {
    Ok(resolutions::table
        .find(id)
        .select(ResolutionRow::as_select())
        .first(conn)?)
}

fn ensure_open(resolution: &ResolutionRow) -> Result<(), ApiError> {
    if resolution.status == ResolutionStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::ResolutionClosed,
            "the resolution is closed; its tasks cannot be created or changed",
        ));
    }
    Ok(())
}

fn is_active_agency(conn: &mut DbConn, id: &str) -> Result<bool, ApiError> {
    let n: i64 = agencies::table
        .filter(agencies::id.eq(id))
        .filter(agencies::status.eq("active"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The decomposition rules shared by create and update.
struct Plan<'a> {
    lead_agency_id: &'a str,
    coordinating_agency_ids: &'a [String],
    start_date: NaiveDate,
    due_date: NaiveDate,
    parent: Option<&'a TaskRow>,
}

fn check_plan(conn: &mut DbConn, caller: &Caller, plan: &Plan<'_>) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    // A sub-task goes to the parent's lead agency, an agency below it, or an agency of the sector
    // line it heads (a ministry's task to the provinces' departments, docs/roles.md).
    let in_parents_line = match plan.parent {
        Some(parent) => crate::sectors::in_line(conn, &parent.lead_agency_id, plan.lead_agency_id)?,
        None => false,
    };
    let lead_ok = is_active_agency(conn, plan.lead_agency_id)?
        && (in_parents_line || caller.sees_agency(conn, plan.lead_agency_id)?);
    if !lead_ok {
        errors.push(FieldError::coded(
            "lead_agency_id",
            FieldCode::NotFound,
            "no such active agency in your scope",
        ));
    } else if let Some(parent) = plan.parent {
        if !in_parents_line && !scope::contains(conn, &parent.lead_agency_id, plan.lead_agency_id)?
        {
            errors.push(FieldError::new(
                "lead_agency_id",
                "must be the parent task's lead agency, an agency below it or one of its sector line",
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, agency) in plan.coordinating_agency_ids.iter().enumerate() {
        let field = format!("coordinating_agency_ids[{i}]");
        if agency == plan.lead_agency_id {
            errors.push(FieldError::new(
                field,
                "the lead agency cannot also coordinate",
            ));
        } else if !seen.insert(agency.clone()) {
            errors.push(FieldError::coded(
                field,
                FieldCode::Duplicate,
                "is listed twice",
            ));
        } else if uuid::Uuid::parse_str(agency).is_err() || !is_active_agency(conn, agency)? {
            errors.push(FieldError::coded(
                field,
                FieldCode::NotFound,
                "no such active agency",
            ));
        }
    }
    if plan.start_date > plan.due_date {
        errors.push(FieldError::new("due_date", "must not be before start_date"));
    }
    if let Some(parent) = plan.parent {
        if plan.due_date > parent.due_date {
            errors.push(FieldError::new(
                "due_date",
                format!(
                    "must not be after the parent task's due date {}",
                    parent.due_date
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

fn code_taken(conn: &mut DbConn, code: &str, except: Option<&str>) -> Result<(), ApiError> {
    let mut q = tasks::table.filter(tasks::code.eq(code)).into_boxed();
    if let Some(id) = except {
        q = q.filter(tasks::id.ne(id));
    }
    if q.count().get_result::<i64>(conn)? > 0 {
        let mut e = ApiError::conflict(
            ErrorCode::DuplicateCode,
            format!("a task with code {code} exists"),
        );
        e.errors = vec![FieldError::coded(
            "code",
            FieldCode::Duplicate,
            "is already used",
        )];
        return Err(e);
    }
    Ok(())
}

fn set_coordinators(conn: &mut DbConn, task_id: &str, agencies: &[String]) -> Result<(), ApiError> {
    diesel::delete(task_coordinators::table.filter(task_coordinators::task_id.eq(task_id)))
        .execute(conn)?;
    for agency in agencies {
        diesel::insert_into(task_coordinators::table)
            .values((
                task_coordinators::task_id.eq(task_id),
                task_coordinators::agency_id.eq(agency),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What the audit trail keeps of a task.
#[derive(Serialize)]
struct TaskSnapshot<'a> {
    #[serde(flatten)]
    row: &'a TaskRow,
    coordinating_agency_ids: &'a [String],
}

/// Lists the tasks the caller may see (led or coordinated by its subtree), filtered, paginated,
/// by due date.
#[utoipa::path(
    tag = "tasks",
    params(TaskQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Task>),
        (status = 403, description = "`awaiting_decision` without the planner role", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<TaskQuery>,
) -> Result<web::Json<Page<Task>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let feed = changes::Feed::of(
        q.updated_since,
        q.cursor.as_deref(),
        q.offset,
        limit,
        state.config.change_feed_lag_secs,
    )?;
    if let Some(feed) = &feed {
        feed.without("sort", q.sort.is_some())?;
    }
    if let (Some(from), Some(to)) = (q.evaluation_from, q.evaluation_to) {
        if from > to {
            let mut err =
                ApiError::bad_request(ErrorCode::BadQuery, "the period ends before it starts");
            err.errors = vec![FieldError::coded(
                "evaluation_to",
                FieldCode::Range,
                "must not be before evaluation_from",
            )];
            return Err(err);
        }
    }
    let page = state
        .db
        .run(move |conn| {
            let today = super::today();
            // A lead-agency filter inside the caller's subtree already implies visibility: the
            // plain filter lets the database use the lead-agency index instead of testing the
            // coordinator clause of `visible_to` on every task.
            let lead_filter = q
                .lead_agency_subtree
                .as_deref()
                .or(q.lead_agency_id.as_deref());
            let within = match lead_filter {
                Some(a) => scope::contains(conn, &caller.agency_id, a)?,
                None => false,
            };
            if q.awaiting_decision == Some(true) {
                policy::decide_tasks(&caller)?;
            }
            let caller_is_top = q.awaiting_decision == Some(true)
                && agencies::table
                    .find(&caller.agency_id)
                    .select(agencies::parent_id)
                    .first::<Option<String>>(conn)?
                    .is_none();
            let filtered = || {
                let mut sel = if within {
                    tasks::table.into_boxed()
                } else {
                    visible_to(&caller)
                };
                if let Some(r) = &q.resolution_id {
                    sel = sel.filter(tasks::resolution_id.eq(r.clone()));
                }
                if let Some(p) = &q.parent_id {
                    sel = sel.filter(tasks::parent_id.eq(p.clone()));
                }
                if q.top_level == Some(true) {
                    sel = sel.filter(tasks::parent_id.is_null());
                }
                if let Some(a) = &q.lead_agency_id {
                    sel = sel.filter(tasks::lead_agency_id.eq(a.clone()));
                }
                if let Some(a) = &q.lead_agency_subtree {
                    sel = sel.filter(tasks::lead_agency_id.eq_any(scope::subtree_ids(a)));
                }
                if let Some(s) = q.status {
                    sel = sel.filter(tasks::status.eq(s.as_str()));
                }
                if let Some(h) = q.health {
                    // The stored health: the same figure the dashboards count.
                    sel = sel.filter(tasks::health.eq(h.as_str()));
                }
                if let Some(overdue) = q.overdue {
                    let open = tasks::status.ne_all(["completed", "cancelled"]);
                    sel = if overdue {
                        sel.filter(tasks::due_date.lt(today).and(open))
                    } else {
                        sel.filter(tasks::due_date.ge(today).or(diesel::dsl::not(open)))
                    };
                }
                if let Some(d) = q.due_before {
                    sel = sel.filter(tasks::due_date.le(d));
                }
                if q.awaiting_decision == Some(true) {
                    sel = awaiting_decision(sel, &caller, caller_is_top);
                }
                if let Some(class) = q.evaluation {
                    sel = super::evaluation::filter(sel, class, today);
                }
                if let Some(d) = q.evaluation_from {
                    sel = sel.filter(tasks::evaluation_due_date.ge(d));
                }
                if let Some(d) = q.evaluation_to {
                    sel = sel.filter(tasks::evaluation_due_date.le(d));
                }
                if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
                    sel = sel.filter(
                        search_fold(tasks::code)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(search_fold(tasks::title).like(pattern).escape('\\')),
                    );
                }
                sel
            };
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    tasks,
                    TaskRow,
                    Some(changes::RemovedEntity::Task),
                    |conn, rows| views(conn, &caller, rows)
                );
            }
            // Filters that are dimensions of the maintained aggregates: the total is a read of a
            // few rows instead of a count over the subtree.
            let from_stats = within
                && q.lead_agency_id.is_none()
                && q.parent_id.is_none()
                && q.top_level.is_none()
                && q.overdue.is_none()
                && q.due_before.is_none()
                && q.awaiting_decision.is_none()
                && q.evaluation.is_none()
                && q.evaluation_from.is_none()
                && q.evaluation_to.is_none()
                && q.q.as_deref().is_none_or(|t| t.trim().is_empty());
            let total: i64 = match (&q.lead_agency_subtree, from_stats) {
                (Some(scope_id), true) => {
                    super::stats::read(conn, scope_id, q.resolution_id.as_deref())?
                        .into_iter()
                        .filter(|b| q.status.is_none_or(|s| s == b.status))
                        .filter(|b| q.health.is_none_or(|h| h == b.health))
                        .map(|b| b.n)
                        .sum()
                }
                _ => filtered().count().get_result(conn)?,
            };
            let sorted = match q.sort.unwrap_or(TaskSort::DueDate) {
                TaskSort::DueDate => {
                    filtered().order((tasks::due_date.asc(), tasks::code.asc(), tasks::id.asc()))
                }
                TaskSort::DueDateDesc => {
                    filtered().order((tasks::due_date.desc(), tasks::code.asc(), tasks::id.asc()))
                }
                TaskSort::Code => filtered().order((tasks::code.asc(), tasks::id.asc())),
            };
            // Sort and skip over ids only (covered by an index), then fetch the page's rows.
            let ids: Vec<String> = sorted
                .limit(limit)
                .offset(offset)
                .select(tasks::id)
                .load(conn)?;
            let mut rows: Vec<TaskRow> = tasks::table
                .filter(tasks::id.eq_any(&ids))
                .select(TaskRow::as_select())
                .load(conn)?;
            let position: std::collections::HashMap<&str, usize> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), i))
                .collect();
            rows.sort_by_key(|r| position.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
            let mut items = views(conn, &caller, rows)?;
            if q.awaiting_decision == Some(true) {
                let mut waiting = super::waiting::of_tasks(conn, &ids)?;
                for task in &mut items {
                    task.waiting = Some(waiting.remove(&task.id).unwrap_or_default());
                }
            }
            Ok(Page {
                items,
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

/// [`policy::decide_task`] as a filter: tasks with a decision waiting (a completion proposal or a
/// pending request) whose assigning agency is in the caller's subtree and whose lead agency is not
/// the caller's own (unless nobody is above it). Callers without the planner role are refused
/// before ([`policy::decide_tasks`]).
pub(crate) fn awaiting_decision<'a>(
    sel: tasks::BoxedQuery<'a, crate::db::Backend>,
    caller: &'a Caller,
    caller_is_top: bool,
) -> tasks::BoxedQuery<'a, crate::db::Backend> {
    use crate::db::schema::task_requests;
    let subtree = || scope::subtree_ids(&caller.agency_id);
    let sel = sel
        .filter(
            tasks::status
                .eq(TaskStatus::AwaitingAcceptance.as_str())
                .or(tasks::id.eq_any(
                    task_requests::table
                        .filter(
                            task_requests::status
                                .eq(super::requests::RequestStatus::Pending.as_str()),
                        )
                        .select(task_requests::task_id),
                )),
        )
        .filter(
            tasks::parent_id
                .is_not_null()
                .and(
                    tasks::parent_lead_agency_id
                        .eq_any(scope::subtree_ids_nullable(&caller.agency_id)),
                )
                .or(tasks::parent_id.is_null().and(
                    tasks::resolution_id
                        .eq_any(
                            resolutions::table
                                .filter(resolutions::owner_agency_id.eq_any(subtree()))
                                .select(resolutions::id),
                        )
                        // The standing agency of the committee decides as the owner.
                        .or(tasks::resolution_id.eq_any(
                            crate::resolutions::committee::standing_in_subtree(&caller.agency_id),
                        )),
                )),
        );
    if caller_is_top {
        sel
    } else {
        sel.filter(tasks::lead_agency_id.ne(&caller.agency_id))
    }
}

pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    input: CreateTask,
) -> Result<(Task, i32), ApiError> {
    policy::plan_tasks(caller)?;
    let resolution =
        crate::resolutions::visible(conn, caller, &input.resolution_id).map_err(|_| {
            ApiError::invalid_as(
                "resolution_id",
                FieldCode::NotFound,
                "no such resolution in your scope",
            )
        })?;
    let parent = match &input.parent_id {
        Some(pid) => {
            let parent = visible(conn, caller, pid).map_err(|_| {
                ApiError::invalid_as(
                    "parent_id",
                    FieldCode::NotFound,
                    "no such task in your scope",
                )
            })?;
            if parent.resolution_id != resolution.id {
                return Err(ApiError::invalid(
                    "parent_id",
                    "belongs to another resolution",
                ));
            }
            Some(parent)
        }
        None => None,
    };
    match &parent {
        Some(p) => policy::decompose_task(caller, &super::facts_of(conn, caller, p)?)?,
        None => policy::add_top_level_task(
            caller,
            crate::resolutions::committee::owner_side_in_scope(conn, caller, &resolution)?,
        )?,
    }
    ensure_open(&resolution)?;
    if parent
        .as_ref()
        .is_some_and(|p| p.status == TaskStatus::Cancelled)
    {
        return Err(ApiError::conflict(
            ErrorCode::TaskCancelled,
            "the parent task is cancelled",
        ));
    }
    check_plan(
        conn,
        caller,
        &Plan {
            lead_agency_id: &input.lead_agency_id,
            coordinating_agency_ids: &input.coordinating_agency_ids,
            start_date: input.start_date,
            due_date: input.due_date,
            parent: parent.as_ref(),
        },
    )?;
    code_taken(conn, &input.code, None)?;
    let id = new_id();
    let now = now();
    diesel::insert_into(tasks::table)
        .values((
            tasks::id.eq(&id),
            tasks::resolution_id.eq(&resolution.id),
            tasks::parent_id.eq(parent.as_ref().map(|p| p.id.clone())),
            tasks::code.eq(&input.code),
            tasks::title.eq(input.title.trim()),
            tasks::description.eq(&input.description),
            tasks::lead_agency_id.eq(&input.lead_agency_id),
            tasks::start_date.eq(input.start_date),
            tasks::due_date.eq(input.due_date),
            tasks::original_due_date.eq(input.due_date),
            tasks::evaluation_due_date.eq(input.due_date),
            tasks::status.eq(TaskStatus::NotStarted.as_str()),
            tasks::weight.eq(input.weight.unwrap_or(1.0)),
            tasks::progress.eq(0.0),
            tasks::depth.eq(parent.as_ref().map(|p| p.depth + 1).unwrap_or(0)),
            tasks::version.eq(1),
            tasks::created_at.eq(now),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    set_coordinators(conn, &id, &input.coordinating_agency_ids)?;
    rollup::from_parent(conn, &resolution.id, parent.map(|p| p.id))?;
    let row: TaskRow = tasks::table
        .find(&id)
        .select(TaskRow::as_select())
        .first(conn)?;
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "task",
            entity_id: &id,
            agency_id: Some(&row.lead_agency_id),
            before: None,
            after: Some(&TaskSnapshot {
                row: &row,
                coordinating_agency_ids: &input.coordinating_agency_ids,
            }),
        },
    )?;
    crate::webhooks::emit(
        conn,
        crate::webhooks::WebhookEvent::TaskAssigned,
        crate::webhooks::Subject::task(&row, &input.coordinating_agency_ids),
    )?;
    let version = row.version;
    Ok((view(conn, caller, row)?, version))
}

/// Creates a task or sub-task. A top-level task is created by planners of the resolution owner's
/// subtree; a sub-task by planners of the parent's lead agency (or above), assigned to that agency
/// or one below it.
#[utoipa::path(
    tag = "tasks",
    request_body = CreateTask,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Task, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code or closed resolution", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks")]
pub async fn create_task(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateTask>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let (task, version) = state
        .db
        .write(move |conn| create_in(conn, &caller, input))
        .await?;
    Ok(etag::tagged(StatusCode::CREATED, version, &task))
}

/// One task.
#[utoipa::path(
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task, headers(("ETag" = String))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}")]
pub async fn get_task(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = task;
    let version = object.version;
    let task = state
        .db
        .run(move |conn| view(conn, &caller, object))
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &task))
}

pub fn update_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: UpdateTask,
    if_match: Option<Result<String, ApiError>>,
) -> Result<(Task, i32), ApiError> {
    let before = visible(conn, caller, id)?;
    let resolution = resolution_of(conn, &before.resolution_id)?;
    let only_status = input.code.is_none()
        && input.title.is_none()
        && input.description.is_none()
        && input.lead_agency_id.is_none()
        && input.coordinating_agency_ids.is_none()
        && input.start_date.is_none()
        && input.due_date.is_none()
        && input.weight.is_none();
    let facts = super::facts_of(conn, caller, &before)?;
    if !only_status {
        policy::edit_task(caller, &facts)?;
    }
    let moves_due = input.due_date.filter(|d| *d != before.due_date);
    if moves_due.is_some() {
        policy::decide_task(caller, &facts)?;
    }
    if let Some(next) = input.status {
        policy::change_task_status(caller, &facts, next)?;
    }
    if let Some(tag) = if_match {
        etag::check(&tag?, before.version)?;
    }
    ensure_open(&resolution)?;
    let current = before.status;
    if let Some(next) = input.status {
        if current == TaskStatus::AwaitingAcceptance && next != current {
            return Err(ApiError::conflict(
                ErrorCode::CompletionPending,
                "a completion proposal is waiting: accept or return it",
            ));
        }
        if !current.patchable(next) {
            return Err(ApiError::conflict(
                ErrorCode::IllegalTransition,
                format!(
                    "a {} task cannot become {}",
                    current.as_str(),
                    next.as_str()
                ),
            ));
        }
        if next == TaskStatus::Completed {
            super::completion::ensure_subtasks_closed(conn, &before)?;
        }
    }
    let before_coordinators: Vec<String> = task_coordinators::table
        .filter(task_coordinators::task_id.eq(&id))
        .select(task_coordinators::agency_id)
        .order(task_coordinators::agency_id)
        .load(conn)?;
    if !only_status {
        let parent = match &before.parent_id {
            Some(p) => Some(
                tasks::table
                    .find(p)
                    .select(TaskRow::as_select())
                    .first(conn)?,
            ),
            None => None,
        };
        let lead = input
            .lead_agency_id
            .clone()
            .unwrap_or_else(|| before.lead_agency_id.clone());
        let coordinators = input
            .coordinating_agency_ids
            .clone()
            .unwrap_or_else(|| before_coordinators.clone());
        let due = input.due_date.unwrap_or(before.due_date);
        check_plan(
            conn,
            caller,
            &Plan {
                lead_agency_id: &lead,
                coordinating_agency_ids: &coordinators,
                start_date: input.start_date.unwrap_or(before.start_date),
                due_date: due,
                parent: parent.as_ref(),
            },
        )?;
        // Sub-tasks must still fit under the task.
        let children: Vec<(String, NaiveDate)> = tasks::table
            .filter(tasks::parent_id.eq(&id))
            .select((tasks::lead_agency_id, tasks::due_date))
            .load(conn)?;
        let mut errors = Vec::new();
        if children.iter().any(|(_, d)| *d > due) {
            errors.push(FieldError::new(
                "due_date",
                "sub-tasks are due after this date",
            ));
        }
        if lead != before.lead_agency_id {
            for (child_lead, _) in &children {
                if !scope::contains(conn, &lead, child_lead)? {
                    errors.push(FieldError::new(
                        "lead_agency_id",
                        "sub-tasks are led by agencies outside the new lead agency",
                    ));
                    break;
                }
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if let Some(code) = &input.code {
            code_taken(conn, code, Some(id))?;
        }
        if let Some(list) = &input.coordinating_agency_ids {
            set_coordinators(conn, id, list)?;
        }
    }
    let is_leaf = tasks::table
        .filter(tasks::parent_id.eq(&id))
        .count()
        .get_result::<i64>(conn)?
        == 0;
    let completing_leaf = input.status == Some(TaskStatus::Completed) && is_leaf;
    // Reopening a completed leaf gives back the progress its reports (or KPIs, below) say, not
    // the 100 that completion set.
    let reopened_leaf = is_leaf
        && current == TaskStatus::Completed
        && input.status.is_some_and(|s| s != TaskStatus::Completed);
    // The assigner's own completion is its acceptance, on the day it is made; reopening takes
    // the completion back.
    let completing =
        input.status == Some(TaskStatus::Completed) && current != TaskStatus::Completed;
    let reopening = current == TaskStatus::Completed
        && input.status.is_some_and(|s| s != TaskStatus::Completed);
    let at = now();
    let acceptance = if completing {
        Some((
            tasks::completed_on.eq(Some(super::today())),
            tasks::accepted_at.eq(Some(at)),
            tasks::accepted_by.eq(Some(caller.user_id.clone())),
        ))
    } else if reopening {
        Some((
            tasks::completed_on.eq(None),
            tasks::accepted_at.eq(None),
            tasks::accepted_by.eq(None),
        ))
    } else {
        None
    };
    if let Some(due) = moves_due {
        super::deadlines::move_due_date(
            conn,
            caller,
            &before,
            super::deadlines::Move {
                to: due,
                reason: None,
                request_id: None,
            },
        )?;
    }
    let reopened_progress = if reopened_leaf {
        Some(super::reports::leaf_progress(conn, id)?.unwrap_or(0.0))
    } else {
        None
    };
    diesel::update(tasks::table.find(&id))
        .set((
            input.code.as_ref().map(|c| tasks::code.eq(c)),
            input.title.as_ref().map(|t| tasks::title.eq(t.trim())),
            input.description.as_ref().map(|d| tasks::description.eq(d)),
            input
                .lead_agency_id
                .as_ref()
                .map(|a| tasks::lead_agency_id.eq(a)),
            input.start_date.map(|d| tasks::start_date.eq(d)),
            input.weight.map(|w| tasks::weight.eq(w)),
            input.status.map(|s| tasks::status.eq(s.as_str())),
            completing_leaf
                .then_some(100.0)
                .or(reopened_progress)
                .map(|p| tasks::progress.eq(p)),
            acceptance,
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(at),
        ))
        .execute(conn)?;
    if input.weight.is_some() || input.status.is_some() {
        rollup::from_parent(conn, &before.resolution_id, before.parent_id.clone())?;
    }
    if reopened_leaf {
        let driving: Vec<crate::indicators::IndicatorRow> = crate::db::schema::indicators::table
            .filter(crate::db::schema::indicators::task_id.eq(id))
            .filter(crate::db::schema::indicators::drives_task_progress.eq(true))
            .select(crate::indicators::IndicatorRow::as_select())
            .load(conn)?;
        for ind in &driving {
            crate::indicators::series::drive_task_progress(conn, &caller.actor(), ind)?;
        }
    }
    let after: TaskRow = tasks::table
        .find(&id)
        .select(TaskRow::as_select())
        .first(conn)?;
    let after_coordinators = input
        .coordinating_agency_ids
        .clone()
        .unwrap_or_else(|| before_coordinators.clone());
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: if only_status {
                "status_change"
            } else {
                "update"
            },
            entity_type: "task",
            entity_id: id,
            agency_id: Some(&after.lead_agency_id),
            before: Some(&TaskSnapshot {
                row: &before,
                coordinating_agency_ids: &before_coordinators,
            }),
            after: Some(&TaskSnapshot {
                row: &after,
                coordinating_agency_ids: &after_coordinators,
            }),
        },
    )?;
    if after.lead_agency_id != before.lead_agency_id {
        crate::webhooks::emit(
            conn,
            crate::webhooks::WebhookEvent::TaskAssigned,
            crate::webhooks::Subject::task(&after, &after_coordinators),
        )?;
    }
    let version = after.version;
    Ok((view(conn, caller, after)?, version))
}

/// Changes a task; needs `If-Match`. Completing a task whose sub-tasks are not all completed or
/// cancelled is 409, as is any change to a task of a closed resolution.
#[utoipa::path(
    tag = "tasks",
    params(
        ("id" = uuid::Uuid, Path, description = "Task id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    request_body = UpdateTask,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Task, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Illegal status change, open sub-tasks, duplicate code or closed resolution", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/tasks/{id}")]
pub async fn update_task(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateTask>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "task")?;
    let if_match = etag::required_if_match(&req);
    let input = body.0;
    let (task, version) = state
        .db
        .write(move |conn| update_in(conn, &caller, &id, input, Some(if_match)))
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &task))
}

/// Deletes a task that has no sub-tasks and no progress reports (the assigning planners); needs
/// `If-Match`. Work that was reported on is cancelled, not deleted.
#[utoipa::path(
    tag = "tasks",
    params(
        ("id" = uuid::Uuid, Path, description = "Task id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Has sub-tasks or reports, or the resolution is closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tasks/{id}")]
pub async fn delete_task(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "task")?;
    let if_match = etag::required_if_match(&req);
    state
        .db
        .write(move |conn| {
            let before = visible(conn, &caller, &id)?;
            let resolution = resolution_of(conn, &before.resolution_id)?;
            policy::delete_task(&caller, &super::facts_of(conn, &caller, &before)?)?;
            etag::check(&if_match?, before.version)?;
            ensure_open(&resolution)?;
            let children: i64 = tasks::table
                .filter(tasks::parent_id.eq(&id))
                .count()
                .get_result(conn)?;
            if children > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::HasChildren,
                    format!("the task has {children} sub-tasks"),
                ));
            }
            let reports: i64 = progress_reports::table
                .filter(progress_reports::task_id.eq(&id))
                .count()
                .get_result(conn)?;
            if reports > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::HasReports,
                    "the task has progress reports; cancel it instead of deleting it",
                ));
            }
            let coordinators: Vec<String> = task_coordinators::table
                .filter(task_coordinators::task_id.eq(&id))
                .select(task_coordinators::agency_id)
                .load(conn)?;
            set_coordinators(conn, &id, &[])?;
            diesel::delete(tasks::table.find(&id)).execute(conn)?;
            changes::record_removal(
                conn,
                changes::RemovedEntity::Task,
                &id,
                changes::RemovalReason::Deleted,
                None,
                &before.lead_agency_id,
            )?;
            rollup::from_parent(conn, &before.resolution_id, before.parent_id.clone())?;
            audit::record::<_, ()>(
                conn,
                &caller.actor(),
                Change {
                    action: "delete",
                    entity_type: "task",
                    entity_id: &id,
                    agency_id: Some(&before.lead_agency_id),
                    before: Some(&TaskSnapshot {
                        row: &before,
                        coordinating_agency_ids: &coordinators,
                    }),
                    after: None,
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
