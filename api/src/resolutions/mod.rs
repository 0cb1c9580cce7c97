//! Resolutions (nghị quyết): the programmes that tasks implement. A resolution is visible to the
//! agencies below its owner (it applies to them), to the agencies above (they supervise it), and
//! to the members and standing agency of its steering committee and the agencies below them
//! ([`committee`]).

pub mod committee;
pub mod committee_candidates;
pub mod handlers;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::schema::resolutions;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::scope;

text_enum!(
    /// draft → active → closed.
    ResolutionStatus { Draft => "draft", Active => "active", Closed => "closed" }
);

impl ResolutionStatus {
    /// draft → active → closed, and nothing else.
    pub fn can_become(self, next: ResolutionStatus) -> bool {
        matches!(
            (self, next),
            (ResolutionStatus::Draft, ResolutionStatus::Active)
                | (ResolutionStatus::Active, ResolutionStatus::Closed)
        ) || self == next
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = resolutions)]
pub struct ResolutionRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub issued_on: Option<NaiveDate>,
    pub owner_agency_id: String,
    #[diesel(deserialize_as = String)]
    pub status: ResolutionStatus,
    pub progress: f64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub report_frequency: Option<String>,
    pub report_due_day: Option<i32>,
}

/// A resolution and its rolled-up progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Resolution {
    pub id: String,
    /// Unique, for example `57-NQ/TW`.
    pub code: String,
    pub title: String,
    pub summary: String,
    pub issued_on: Option<NaiveDate>,
    pub owner_agency_id: String,
    pub status: ResolutionStatus,
    /// 0–100: the weighted mean of the top-level tasks' progress (cancelled tasks left out).
    pub progress: f64,
    /// 0–100: the weighted mean of the same tasks' expected progress today (the share of each
    /// one's time from start to due that has passed); null without a task.
    pub expected_progress: Option<f64>,
    /// `progress` against `expected_progress` by the tasks' gap rule; `done` when every top-level
    /// task is closed; null without a task.
    pub health: Option<crate::tasks::health::Health>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When its tasks report progress (`PUT /resolutions/{id}/report-calendar`); `null`: no
    /// reporting deadline.
    pub report_calendar: Option<crate::reporting::reports::ReportCalendar>,
    /// What the caller may do with this resolution now.
    pub actions: crate::policy::ResolutionActions,
}

/// Resolutions as the caller sees them, with its actions (one query for the owners in scope).
pub fn views(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<ResolutionRow>,
) -> Result<Vec<Resolution>, ApiError> {
    let standing = committee::standing_agencies(conn, rows.iter().map(|r| r.id.as_str()))?;
    let in_scope = scope::contained(
        conn,
        &caller.agency_id,
        rows.iter()
            .map(|r| r.owner_agency_id.as_str())
            .chain(standing.values().map(String::as_str)),
    )?;
    let mut schedules = schedules(conn, rows.iter().map(|r| r.id.clone()).collect())?;
    rows.into_iter()
        .map(|r| {
            let open = r.status != ResolutionStatus::Closed;
            // The standing agency of the committee acts as the owner.
            let owner_side = in_scope.contains(&r.owner_agency_id)
                || standing.get(&r.id).is_some_and(|s| in_scope.contains(s));
            let actions = crate::policy::resolution_actions(caller, owner_side, open);
            let schedule = schedules.remove(&r.id).unwrap_or_default();
            Resolution::from_row(r, schedule, actions)
        })
        .collect::<Result<Vec<_>, ApiError>>()
}

pub fn view(
    conn: &mut DbConn,
    caller: &Caller,
    row: ResolutionRow,
) -> Result<Resolution, ApiError> {
    Ok(views(conn, caller, vec![row])?
        .pop()
        .expect("one resolution"))
}

/// Where a resolution's top-level tasks stand against their schedule today.
#[derive(Debug, Default)]
struct Schedule {
    weight: f64,
    weighted_expected: f64,
    open: usize,
    tasks: usize,
}

/// The schedules of these resolutions: one read of their top-level tasks (cancelled ones left out,
/// as the progress leaves them out).
fn schedules(
    conn: &mut DbConn,
    ids: Vec<String>,
) -> Result<std::collections::HashMap<String, Schedule>, ApiError> {
    use crate::db::schema::tasks;
    use crate::tasks::{health, TaskStatus};
    let today = crate::tasks::today();
    let mut out: std::collections::HashMap<String, Schedule> = Default::default();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, f64, NaiveDate, NaiveDate, String)> = tasks::table
            .filter(tasks::resolution_id.eq_any(chunk))
            .filter(tasks::parent_id.is_null())
            .filter(tasks::status.ne(TaskStatus::Cancelled.as_str()))
            .select((
                tasks::resolution_id,
                tasks::weight,
                tasks::start_date,
                tasks::due_date,
                tasks::status,
            ))
            .load(conn)?;
        for (resolution, weight, start, due, status) in rows {
            let s = out.entry(resolution).or_default();
            s.tasks += 1;
            if !status.parse::<TaskStatus>()?.is_closed() {
                s.open += 1;
            }
            s.weight += weight;
            s.weighted_expected += weight * health::expected_progress(start, due, today);
        }
    }
    Ok(out)
}

impl Resolution {
    fn from_row(
        r: ResolutionRow,
        schedule: Schedule,
        actions: crate::policy::ResolutionActions,
    ) -> Result<Self, ApiError> {
        use crate::tasks::health::{self, Health};
        let expected = (schedule.tasks > 0 && schedule.weight > 1e-9)
            .then(|| schedule.weighted_expected / schedule.weight);
        let health = match expected {
            _ if schedule.tasks > 0 && schedule.open == 0 => Some(Health::Done),
            Some(e) => Some(health::of_gap(r.progress, e)),
            None => None,
        };
        Ok(Self {
            expected_progress: expected.map(round1),
            health,
            report_calendar: crate::reporting::reports::ReportCalendar::of(
                r.report_frequency.as_deref(),
                r.report_due_day,
            )?,
            actions,
            status: r.status,
            progress: round1(r.progress),
            id: r.id,
            code: r.code,
            title: r.title,
            summary: r.summary,
            issued_on: r.issued_on,
            owner_agency_id: r.owner_agency_id,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// Progress is kept exact and shown to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The resolutions a caller may see, the one rule for the item and the list: owned by the caller's
/// agency, an agency below it or above it, or with a steering committee that has the caller's
/// agency or an agency above it as a member or the standing agency.
pub fn visible_to<'a>(caller: &'a Caller) -> resolutions::BoxedQuery<'a, crate::db::Backend> {
    resolutions::table
        .filter(
            resolutions::owner_agency_id
                .eq_any(scope::subtree_ids(&caller.agency_id))
                .or(resolutions::owner_agency_id.eq_any(scope::ancestor_ids(&caller.agency_id)))
                .or(resolutions::id.eq_any(committee::resolutions_seen_by(&caller.agency_id))),
        )
        .into_boxed()
}

/// Loads a resolution the caller may see, else 404.
pub fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<ResolutionRow, ApiError> {
    visible_to(caller)
        .filter(resolutions::id.eq(id.to_string()))
        .select(ResolutionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("resolution"))
}

impl crate::extract::Load for ResolutionRow {
    const WHAT: &'static str = "resolution";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}
