//! Resolutions (nghị quyết): the programmes that tasks implement. A resolution is visible to the
//! agencies below its owner (it applies to them) and to the agencies above (they supervise it).

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
    let in_scope = scope::contained(
        conn,
        &caller.agency_id,
        rows.iter().map(|r| r.owner_agency_id.as_str()),
    )?;
    rows.into_iter()
        .map(|r| {
            let open = r.status != ResolutionStatus::Closed;
            let actions = crate::policy::resolution_actions(
                caller,
                in_scope.contains(&r.owner_agency_id),
                open,
            );
            Resolution::from_row(r, actions)
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

impl Resolution {
    fn from_row(
        r: ResolutionRow,
        actions: crate::policy::ResolutionActions,
    ) -> Result<Self, ApiError> {
        Ok(Self {
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

/// Loads a resolution the caller may see, else 404.
pub fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<ResolutionRow, ApiError> {
    resolutions::table
        .filter(resolutions::id.eq(id))
        .filter(
            resolutions::owner_agency_id
                .eq_any(scope::subtree_ids(&caller.agency_id))
                .or(resolutions::owner_agency_id.eq_any(scope::ancestor_ids(&caller.agency_id))),
        )
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
