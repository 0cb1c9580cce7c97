//! Tasks: the work breakdown of a resolution, any depth, each with a lead agency, coordinating
//! agencies, dates, weight, status, maintained progress and derived health.

pub mod completion;
pub mod deadlines;
pub mod evaluation;
pub mod handlers;
pub mod health;
pub mod reports;
pub mod requests;
pub mod rollup;
pub mod stats;
pub mod tree;
pub mod waiting;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::schema::{progress_reports, task_coordinators, tasks};
use crate::db::{Backend, DbConn};
use crate::error::ApiError;
use crate::policy::{self, TaskActions, TaskFacts};
use crate::resolutions::{round1, ResolutionStatus};
use crate::scope;
pub use evaluation::TaskEvaluation;
pub use health::Health;

text_enum!(
    /// Where a task stands. `awaiting_acceptance`: the lead agency proposed completion and the
    /// assigning agency has not decided yet.
    TaskStatus { NotStarted => "not_started", InProgress => "in_progress", AwaitingAcceptance => "awaiting_acceptance", Completed => "completed", Paused => "paused", Cancelled => "cancelled" }
);

impl TaskStatus {
    /// not_started → in_progress → (awaiting_acceptance →) completed, with paused and cancelled
    /// on the way; a completed task can be reopened (in_progress); cancelled is final. Moves into
    /// and out of `awaiting_acceptance` happen only through the completion endpoints.
    pub fn can_become(self, next: TaskStatus) -> bool {
        use TaskStatus::*;
        self == next
            || matches!(
                (self, next),
                (
                    NotStarted,
                    InProgress | Paused | Cancelled | Completed | AwaitingAcceptance
                ) | (
                    InProgress,
                    Completed | Paused | Cancelled | AwaitingAcceptance
                ) | (Paused, InProgress | Cancelled)
                    | (Completed, InProgress)
                    | (AwaitingAcceptance, Completed | InProgress)
            )
    }

    /// Whether `PATCH {"status"}` may make this move (the completion endpoints make the others).
    pub fn patchable(self, next: TaskStatus) -> bool {
        self != TaskStatus::AwaitingAcceptance
            && next != TaskStatus::AwaitingAcceptance
            && self.can_become(next)
    }

    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Cancelled)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = tasks)]
pub struct TaskRow {
    pub id: String,
    pub resolution_id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub title: String,
    pub description: String,
    pub lead_agency_id: String,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub status: TaskStatus,
    pub weight: f64,
    pub progress: f64,
    pub depth: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The parent task's lead agency (the assigner of a sub-task), kept by the database.
    pub parent_lead_agency_id: Option<String>,
    /// Derived by the health rule and kept by the database on every write and every day by the
    /// periodic job: the one value that lists filter on, dashboards count and views show.
    #[diesel(deserialize_as = String)]
    pub health: Health,
    pub original_due_date: NaiveDate,
    pub evaluation_due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_by: Option<String>,
}

/// A task (nhiệm vụ) or sub-task.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub id: String,
    pub resolution_id: String,
    /// Null for a top-level task.
    pub parent_id: Option<String>,
    /// Unique, for example `57-NQ/TW.1.2`.
    pub code: String,
    pub title: String,
    pub description: String,
    pub lead_agency_id: String,
    pub coordinating_agency_ids: Vec<String>,
    pub start_date: NaiveDate,
    /// The current deadline (moved only by the assigning agency, each move kept as history).
    pub due_date: NaiveDate,
    /// The deadline the task was assigned with.
    pub original_due_date: NaiveDate,
    /// The deadline the evaluation holds the task to: an extension granted on or before the
    /// deadline moves it, one granted after it does not erase the lateness.
    pub evaluation_due_date: NaiveDate,
    pub status: TaskStatus,
    /// The day the work was completed: the day of the completion proposal that was accepted (or
    /// of the assigner's own completion).
    pub completed_on: Option<NaiveDate>,
    /// When the assigning agency accepted the completion, and who.
    pub accepted_at: Option<DateTime<Utc>>,
    pub accepted_by: Option<String>,
    /// The Government Office's classification today; null for a cancelled task.
    pub evaluation: Option<TaskEvaluation>,
    /// 0–100. A leaf's comes from its latest progress report; a parent's is the weighted mean of
    /// its children (cancelled ones left out), maintained on every change.
    pub progress: f64,
    /// The task's weight in its parent's (or the resolution's) progress.
    pub weight: f64,
    /// Derived: see `docs/tasks.md` for the thresholds.
    pub health: Health,
    /// The progress (0–100) the schedule expects today: the share of the time from start to due
    /// that has passed. Null for a completed or cancelled task. `health` is the gap between this
    /// and `progress`.
    pub expected_progress: Option<f64>,
    /// Whole days past the due date of a task still open; null when it is not overdue.
    pub days_overdue: Option<i64>,
    /// The obstacles named by the task's latest progress report; null when it named none (or
    /// there is no report yet).
    pub latest_obstacles: Option<String>,
    /// 0 for a top-level task.
    pub depth: i32,
    pub child_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do with this task now (the web app shows these buttons and no others).
    pub actions: TaskActions,
    /// The decisions the task waits for from its assigning agency, oldest first. Only in the
    /// supervisor's list (`GET /tasks?awaiting_decision=true`); absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Vec<waiting::Waiting>>,
}

impl Task {
    pub fn from_row(
        r: TaskRow,
        coordinators: Vec<String>,
        child_count: i64,
        latest_obstacles: Option<String>,
        actions: TaskActions,
    ) -> Result<Self, ApiError> {
        let today = today();
        let open = !r.status.is_closed();
        Ok(Self {
            actions,
            waiting: None,
            expected_progress: open
                .then(|| round1(health::expected_progress(r.start_date, r.due_date, today))),
            days_overdue: (open && r.due_date < today).then(|| (today - r.due_date).num_days()),
            latest_obstacles,
            evaluation: evaluation::classify(
                r.status,
                r.completed_on,
                r.evaluation_due_date,
                today,
            ),
            original_due_date: r.original_due_date,
            evaluation_due_date: r.evaluation_due_date,
            completed_on: r.completed_on,
            accepted_at: r.accepted_at.map(|t| t.and_utc()),
            accepted_by: r.accepted_by,
            health: r.health,
            status: r.status,
            progress: round1(r.progress),
            coordinating_agency_ids: coordinators,
            child_count,
            id: r.id,
            resolution_id: r.resolution_id,
            parent_id: r.parent_id,
            code: r.code,
            title: r.title,
            description: r.description,
            lead_agency_id: r.lead_agency_id,
            start_date: r.start_date,
            due_date: r.due_date,
            weight: r.weight,
            depth: r.depth,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// Today (UTC): the day of `db::now()`, so that `db::at` moves both.
pub fn today() -> NaiveDate {
    crate::db::now().date()
}

/// A closed resolution, or a cancelled task, takes no more reports, directives, answers,
/// proposals or requests (409).
pub fn ensure_live(conn: &mut DbConn, task: &TaskRow) -> Result<(), ApiError> {
    use crate::db::schema::resolutions;
    let status: String = resolutions::table
        .find(&task.resolution_id)
        .select(resolutions::status)
        .first(conn)?;
    if status.parse::<ResolutionStatus>()? == ResolutionStatus::Closed {
        return Err(ApiError::conflict(
            crate::error::ErrorCode::ResolutionClosed,
            "the resolution is closed",
        ));
    }
    if task.status == TaskStatus::Cancelled {
        return Err(ApiError::conflict(
            crate::error::ErrorCode::TaskCancelled,
            "the task is cancelled",
        ));
    }
    Ok(())
}

/// [`visible_to`]'s condition on a task row, for the people of `$agency`: a macro, so that it can
/// also stand in a subquery (`seen_by!` inside `tasks::table.filter(…).select(tasks::id)`), which a
/// boxed query cannot.
macro_rules! seen_by {
    ($agency:expr) => {{
        let agency: &str = $agency;
        $crate::db::schema::tasks::lead_agency_id
            .eq_any($crate::scope::subtree_ids(agency))
            .or($crate::db::schema::tasks::id.eq_any(
                $crate::db::schema::task_coordinators::table
                    .filter(
                        $crate::db::schema::task_coordinators::agency_id
                            .eq_any($crate::scope::subtree_ids(agency)),
                    )
                    .select($crate::db::schema::task_coordinators::task_id),
            ))
            .or($crate::db::schema::tasks::parent_lead_agency_id
                .eq_any($crate::scope::subtree_ids_nullable(agency)))
            .or($crate::db::schema::tasks::resolution_id
                .eq_any($crate::resolutions::committee::resolutions_seen_by(agency)))
    }};
}
pub(crate) use seen_by;

/// The tasks a caller may see: led by an agency of the caller's subtree, coordinated by one, or
/// assigned by one (a ministry sees the sub-tasks it gave the departments of its sector line;
/// otherwise an assigned task's lead is in the assigner's subtree anyway), and every task of a
/// resolution whose steering committee has the caller's agency (or one above it) as a member or
/// the standing agency.
pub fn visible_to<'a>(caller: &'a Caller) -> tasks::BoxedQuery<'a, Backend> {
    tasks::table
        .filter(seen_by!(&caller.agency_id))
        .into_boxed()
}

/// Loads a task the caller may see, else 404.
pub fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<TaskRow, ApiError> {
    visible_to(caller)
        .filter(tasks::id.eq(id.to_string()))
        .select(TaskRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("task"))
}

impl crate::extract::Load for TaskRow {
    const WHAT: &'static str = "task";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}

/// What each task's rules need to know about the caller: which of the tasks' lead and assigning
/// agencies are in its scope (one query), each resolution's owner and state (one query), and
/// which lead agencies are at the top of the hierarchy (one query).
pub fn facts(
    conn: &mut DbConn,
    caller: &Caller,
    rows: &[TaskRow],
) -> Result<Vec<TaskFacts>, ApiError> {
    use crate::db::schema::{agencies, resolutions};
    use std::collections::HashSet;
    let resolution_ids: HashSet<&str> = rows.iter().map(|r| r.resolution_id.as_str()).collect();
    let mut owners: HashMap<String, (String, bool)> = HashMap::new();
    let ids: Vec<&str> = resolution_ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        for (id, owner, status) in resolutions::table
            .filter(resolutions::id.eq_any(chunk))
            .select((
                resolutions::id,
                resolutions::owner_agency_id,
                resolutions::status,
            ))
            .load::<(String, String, String)>(conn)?
        {
            owners.insert(
                id,
                (
                    owner,
                    status.parse::<ResolutionStatus>()? != ResolutionStatus::Closed,
                ),
            );
        }
    }
    let assigner = |r: &TaskRow| -> Option<String> {
        match &r.parent_id {
            Some(_) => r.parent_lead_agency_id.clone(),
            None => owners.get(&r.resolution_id).map(|(o, _)| o.clone()),
        }
    };
    // The standing agency of a resolution's steering committee assigns its top-level tasks as the
    // owner does.
    let standing = crate::resolutions::committee::standing_agencies(
        conn,
        rows.iter()
            .filter(|r| r.parent_id.is_none())
            .map(|r| r.resolution_id.as_str())
            .collect::<HashSet<_>>(),
    )?;
    let standing_of = |r: &TaskRow| -> Option<&String> {
        r.parent_id
            .is_none()
            .then(|| standing.get(&r.resolution_id))
            .flatten()
    };
    let mut wanted: HashSet<String> = HashSet::new();
    for r in rows {
        wanted.insert(r.lead_agency_id.clone());
        wanted.extend(assigner(r));
        wanted.extend(standing_of(r).cloned());
    }
    let in_scope = scope::contained(conn, &caller.agency_id, &wanted)?;
    // The lead agencies at the top of the hierarchy (no agency above them): few, so one query.
    let leads: HashSet<&str> = rows.iter().map(|r| r.lead_agency_id.as_str()).collect();
    let mut tops: HashSet<String> = HashSet::new();
    let leads: Vec<&str> = leads.into_iter().collect();
    for chunk in leads.chunks(500) {
        tops.extend(
            agencies::table
                .filter(agencies::id.eq_any(chunk))
                .filter(agencies::parent_id.is_null())
                .select(agencies::id)
                .load::<String>(conn)?,
        );
    }
    Ok(rows
        .iter()
        .map(|r| TaskFacts {
            lead_in_scope: in_scope.contains(&r.lead_agency_id),
            own_lead: caller.agency_id == r.lead_agency_id,
            assigner_in_scope: assigner(r).is_some_and(|a| in_scope.contains(&a))
                || standing_of(r).is_some_and(|s| in_scope.contains(s)),
            status: r.status,
            resolution_open: owners.get(&r.resolution_id).is_some_and(|(_, open)| *open),
            lead_has_parent: !tops.contains(&r.lead_agency_id),
        })
        .collect())
}

/// The rule facts of one task.
pub fn facts_of(conn: &mut DbConn, caller: &Caller, row: &TaskRow) -> Result<TaskFacts, ApiError> {
    Ok(facts(conn, caller, std::slice::from_ref(row))?
        .pop()
        .expect("one task"))
}

/// Coordinating agencies, child counts and the caller's actions of many tasks, in four queries.
pub fn views(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<TaskRow>,
) -> Result<Vec<Task>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let facts = facts(conn, caller, &rows)?;
    let mut coordinators: HashMap<String, Vec<String>> = HashMap::new();
    let mut children: HashMap<String, i64> = HashMap::new();
    let mut obstacles: HashMap<String, Option<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        // The latest report of each task first: the first row seen per task is its latest.
        let reports: Vec<(String, String)> = progress_reports::table
            .filter(progress_reports::task_id.eq_any(chunk))
            .order((
                progress_reports::task_id,
                progress_reports::created_at.desc(),
                progress_reports::revision.desc(),
            ))
            .select((progress_reports::task_id, progress_reports::obstacles))
            .load(conn)?;
        for (task, text) in reports {
            obstacles
                .entry(task)
                .or_insert_with(|| Some(text.trim().to_string()).filter(|t| !t.is_empty()));
        }
        let pairs: Vec<(String, String)> = task_coordinators::table
            .filter(task_coordinators::task_id.eq_any(chunk))
            .select((task_coordinators::task_id, task_coordinators::agency_id))
            .order((task_coordinators::task_id, task_coordinators::agency_id))
            .load(conn)?;
        for (task, agency) in pairs {
            coordinators.entry(task).or_default().push(agency);
        }
        let counts: Vec<(Option<String>, i64)> = tasks::table
            .filter(
                tasks::parent_id.eq_any(chunk.iter().map(|s| Some(s.clone())).collect::<Vec<_>>()),
            )
            .group_by(tasks::parent_id)
            .select((tasks::parent_id, diesel::dsl::count_star()))
            .load(conn)?;
        for (parent, n) in counts {
            if let Some(p) = parent {
                children.insert(p, n);
            }
        }
    }
    rows.into_iter()
        .zip(facts)
        .map(|(r, f)| {
            let c = coordinators.remove(&r.id).unwrap_or_default();
            let n = children.get(&r.id).copied().unwrap_or(0);
            let o = obstacles.remove(&r.id).flatten();
            Task::from_row(r, c, n, o, policy::task_actions(caller, &f))
        })
        .collect()
}

pub fn view(conn: &mut DbConn, caller: &Caller, row: TaskRow) -> Result<Task, ApiError> {
    Ok(views(conn, caller, vec![row])?.pop().expect("one task"))
}

/// Whether the caller may tie a KPI to this task's progress (or change what a tied KPI computes).
pub fn may_link_kpi(conn: &mut DbConn, caller: &Caller, task: &TaskRow) -> Result<bool, ApiError> {
    Ok(policy::link_kpi(caller, &facts_of(conn, caller, task)?).is_ok())
}
