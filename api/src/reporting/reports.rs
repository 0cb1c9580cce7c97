//! The calendar of a resolution's progress reports: one report per task and period of a frequency,
//! due on a day of the period's last month (as Decree 09/2019/NĐ-CP sets reporting days: a
//! monthly report by the 20th of the month, a quarterly one by the 20th of the quarter's last
//! month). A report is on time when its period's first revision was filed by that day.

use actix_web::{delete, put, web};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::resolutions;
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::extract::{Json, Visible};
use crate::indicators::Frequency;
use crate::period::Period;
use crate::resolutions::{Resolution, ResolutionRow};
use crate::state::AppState;

/// When a resolution's tasks report their progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportCalendar {
    /// One report per period of this frequency.
    pub frequency: Frequency,
    /// The day (1–28) of the period's last month by which the report is due.
    #[validate(range(min = 1, max = 28))]
    #[schema(minimum = 1, maximum = 28)]
    pub due_day: i32,
}

impl ReportCalendar {
    /// The calendar stored with a resolution, if any.
    pub fn of(frequency: Option<&str>, due_day: Option<i32>) -> Result<Option<Self>, ApiError> {
        match (frequency, due_day) {
            (Some(f), Some(d)) => Ok(Some(Self {
                frequency: f.parse()?,
                due_day: d,
            })),
            _ => Ok(None),
        }
    }

    /// The period of the calendar's frequency that contains `date`.
    pub fn period_of(&self, date: NaiveDate) -> Period {
        Period::containing(date, self.frequency.period_frequency())
    }

    /// The day by which the report for `period` is due; `None` for a period of another frequency.
    pub fn deadline(&self, period: Period) -> Option<NaiveDate> {
        if period.frequency() != self.frequency.period_frequency() {
            return None;
        }
        let end = period.bounds().1;
        NaiveDate::from_ymd_opt(end.year(), end.month(), self.due_day.clamp(1, 28) as u32)
    }
}

/// Sets or removes a resolution's report calendar: the one write path (the endpoint and the
/// seeds).
pub fn save_in(
    conn: &mut DbConn,
    caller: &Caller,
    row: &ResolutionRow,
    calendar: Option<ReportCalendar>,
) -> Result<ResolutionRow, ApiError> {
    crate::policy::edit_resolution(
        caller,
        crate::resolutions::committee::owner_side_in_scope(conn, caller, row)?,
    )?;
    diesel::update(resolutions::table.find(&row.id))
        .set((
            resolutions::report_frequency.eq(calendar.map(|c| c.frequency.as_str())),
            resolutions::report_due_day.eq(calendar.map(|c| c.due_day)),
            resolutions::version.eq(resolutions::version + 1),
            resolutions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let after: ResolutionRow = resolutions::table
        .find(&row.id)
        .select(ResolutionRow::as_select())
        .first(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update_report_calendar",
            entity_type: "resolution",
            entity_id: &row.id,
            agency_id: Some(&row.owner_agency_id),
            before: Some(&ReportCalendar::of(
                row.report_frequency.as_deref(),
                row.report_due_day,
            )?),
            after: Some(&calendar),
        },
    )?;
    Ok(after)
}

/// Sets when the resolution's tasks report progress (planners of the owner's subtree).
#[utoipa::path(
    operation_id = "put_report_calendar",
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    request_body = ReportCalendar,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Resolution),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/resolutions/{id}/report-calendar")]
pub async fn put_report_calendar(
    state: web::Data<AppState>,
    resolution: Visible<ResolutionRow>,
    body: Json<ReportCalendar>,
) -> Result<web::Json<Resolution>, ApiError> {
    let Visible { caller, object } = resolution;
    let calendar = body.0;
    let view = state
        .db
        .write(move |conn| {
            let after = save_in(conn, &caller, &object, Some(calendar))?;
            crate::resolutions::view(conn, &caller, after)
        })
        .await?;
    Ok(web::Json(view))
}

/// Removes the resolution's report calendar: reports then have no deadline.
#[utoipa::path(
    operation_id = "delete_report_calendar",
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Resolution),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/resolutions/{id}/report-calendar")]
pub async fn delete_report_calendar(
    state: web::Data<AppState>,
    resolution: Visible<ResolutionRow>,
) -> Result<web::Json<Resolution>, ApiError> {
    let Visible { caller, object } = resolution;
    let view = state
        .db
        .write(move |conn| {
            let after = save_in(conn, &caller, &object, None)?;
            crate::resolutions::view(conn, &caller, after)
        })
        .await?;
    Ok(web::Json(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_on_the_day_of_the_periods_last_month() {
        let monthly = ReportCalendar {
            frequency: Frequency::Monthly,
            due_day: 20,
        };
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            monthly.deadline(Period::Month(2026, 11)),
            Some(d(2026, 11, 20))
        );
        assert_eq!(monthly.deadline(Period::Quarter(2026, 4)), None);
        let quarterly = ReportCalendar {
            frequency: Frequency::Quarterly,
            due_day: 20,
        };
        assert_eq!(
            quarterly.deadline(Period::Quarter(2026, 4)),
            Some(d(2026, 12, 20))
        );
        assert_eq!(
            quarterly.period_of(d(2026, 11, 5)),
            Period::Quarter(2026, 4)
        );
    }
}
