//! `GET|PUT|DELETE /indicators/{id}/calendar`, `PUT /indicator-sets/{id}/calendar` and
//! `GET|POST /indicators/{id}/unlocks`: thin handlers over the calendar and lock services.

use std::collections::{BTreeMap, HashSet};

use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::calendar::{self, Calendar, MAX_DAYS};
use super::locks::{self, GrantUnlock, Unlock};
use crate::agencies::AgencyKind;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{indicators, reporting_calendar_levels, reporting_calendars};
use crate::db::{now, DbConn};
use crate::error::{ApiError, FieldCode, FieldError};
use crate::extract::{Json, Visible};
use crate::indicators::sets::SetRow;
use crate::indicators::IndicatorRow;
use crate::page::Page;
use crate::period::Period;
use crate::state::AppState;

/// The days after a period by which agencies of one kind report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CalendarLevel {
    pub agency_kind: AgencyKind,
    /// Days after the period's last day (0–366).
    #[validate(range(min = 0, max = 366))]
    #[schema(minimum = 0, maximum = 366)]
    pub report_days: i32,
}

/// The deadlines of one period under a calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodDeadlines {
    pub period: String,
    /// The period's last day.
    pub period_end: NaiveDate,
    /// The default reporting deadline (agencies of a kind without its own line).
    pub report_due: NaiveDate,
    /// The reporting deadline per level.
    pub levels: Vec<LevelDeadline>,
    /// The approval deadline; the period locks the day after. `null`: it never locks.
    pub approval_due: Option<NaiveDate>,
    /// Whether the period is locked today (before any unlock of one series).
    pub locked: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LevelDeadline {
    pub agency_kind: AgencyKind,
    pub report_due: NaiveDate,
}

/// An indicator's reporting calendar, with the deadlines of its recent periods.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportingCalendar {
    pub indicator_id: String,
    /// Whether the indicator has a calendar of its own. Without one, figures are due the server's
    /// grace period (`report_days`) after each period and the periods never lock.
    pub configured: bool,
    pub report_days: i32,
    pub levels: Vec<CalendarLevel>,
    pub approval_days: Option<i32>,
    /// The deadlines of the current period and the three before it, newest first.
    pub periods: Vec<PeriodDeadlines>,
    pub actions: CalendarActions,
}

/// What the caller may do with the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarActions {
    /// `PUT` and `DELETE /indicators/{id}/calendar` (planners of the owner's subtree).
    pub edit: bool,
}

/// A calendar: the default days, per-level days and the approval days.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutCalendar {
    /// Days after the period's last day by which figures are due (0–366), for agencies of a
    /// kind without its own line.
    #[validate(range(min = 0, max = 366))]
    #[schema(minimum = 0, maximum = 366)]
    pub report_days: i32,
    /// Per-level days, at most one per agency kind.
    #[serde(default)]
    #[validate(nested, length(max = 6))]
    #[schema(max_items = 6)]
    pub levels: Vec<CalendarLevel>,
    /// Days after the period's last day by which figures are approved (0–366, not before any
    /// reporting deadline); the period locks the day after. Absent: it never locks.
    #[validate(range(min = 0, max = 366))]
    #[schema(minimum = 0, maximum = 366)]
    pub approval_days: Option<i32>,
}

fn check(input: &PutCalendar) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, l) in input.levels.iter().enumerate() {
        if !seen.insert(l.agency_kind) {
            errors.push(FieldError::coded(
                format!("levels[{i}].agency_kind"),
                FieldCode::Duplicate,
                "each agency kind appears at most once",
            ));
        }
    }
    if let Some(approval) = input.approval_days {
        let latest = input
            .levels
            .iter()
            .map(|l| l.report_days)
            .chain([input.report_days])
            .max()
            .unwrap_or(0);
        if approval < latest {
            errors.push(FieldError::coded(
                "approval_days",
                FieldCode::Range,
                format!("must not come before the latest reporting deadline ({latest} days)"),
            ));
        }
    }
    debug_assert!(input.report_days <= MAX_DAYS);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

fn view(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
    cal: Calendar,
) -> Result<ReportingCalendar, ApiError> {
    let today = crate::tasks::today();
    let frequency = ind.frequency().period_frequency();
    let mut periods = Vec::new();
    let mut p = Period::containing(today, frequency);
    for _ in 0..4 {
        periods.push(PeriodDeadlines {
            period: p.to_string(),
            period_end: p.bounds().1,
            report_due: p.bounds().1 + chrono::TimeDelta::days(cal.report_days),
            levels: cal
                .levels
                .keys()
                .map(|k| LevelDeadline {
                    agency_kind: *k,
                    report_due: cal.report_deadline(*k, p),
                })
                .collect(),
            approval_due: cal.approval_deadline(p),
            locked: cal.locks(p, today),
        });
        p = Period::containing(p.bounds().0 - chrono::TimeDelta::days(1), frequency);
    }
    let edit =
        crate::policy::edit_indicator(caller, caller.sees_agency(conn, &ind.owner_agency_id)?)
            .is_ok();
    Ok(ReportingCalendar {
        indicator_id: ind.id.clone(),
        configured: cal.configured,
        report_days: i32::try_from(cal.report_days).unwrap_or(i32::MAX),
        levels: cal
            .levels
            .iter()
            .map(|(k, d)| CalendarLevel {
                agency_kind: *k,
                report_days: i32::try_from(*d).unwrap_or(i32::MAX),
            })
            .collect(),
        approval_days: cal.approval_days.and_then(|d| i32::try_from(d).ok()),
        periods,
        actions: CalendarActions { edit },
    })
}

/// Replaces (or with `None` removes) an indicator's calendar: the one write path, used by the
/// indicator's and the set's endpoints and by the seeds.
pub fn save_in(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
    input: Option<&PutCalendar>,
) -> Result<Calendar, ApiError> {
    crate::policy::edit_indicator(caller, caller.sees_agency(conn, &ind.owner_agency_id)?)?;
    if let Some(input) = input {
        check(input)?;
    }
    let before = calendar::load(conn, &ind.id)?;
    diesel::delete(reporting_calendars::table.find(&ind.id)).execute(conn)?;
    if let Some(input) = input {
        diesel::insert_into(reporting_calendars::table)
            .values((
                reporting_calendars::indicator_id.eq(&ind.id),
                reporting_calendars::report_days.eq(input.report_days),
                reporting_calendars::approval_days.eq(input.approval_days),
                reporting_calendars::updated_by.eq(&caller.user_id),
                reporting_calendars::updated_at.eq(now()),
            ))
            .execute(conn)?;
        for l in &input.levels {
            diesel::insert_into(reporting_calendar_levels::table)
                .values((
                    reporting_calendar_levels::indicator_id.eq(&ind.id),
                    reporting_calendar_levels::agency_kind.eq(l.agency_kind.as_str()),
                    reporting_calendar_levels::report_days.eq(l.report_days),
                ))
                .execute(conn)?;
        }
    }
    let after = calendar::load(conn, &ind.id)?;
    let shown = |c: &Calendar| {
        serde_json::json!({
            "configured": c.configured,
            "report_days": c.report_days,
            "levels": c.levels.iter().map(|(k, d)| (k.as_str(), *d)).collect::<BTreeMap<_, _>>(),
            "approval_days": c.approval_days,
        })
    };
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update_calendar",
            entity_type: "indicator",
            entity_id: &ind.id,
            agency_id: Some(&ind.owner_agency_id),
            before: Some(&shown(&before)),
            after: Some(&shown(&after)),
        },
    )?;
    // Timeliness on the dashboards follows the new deadlines at once.
    crate::indicators::stats::refresh_indicator(conn, &ind.id)?;
    Ok(after)
}

/// An indicator's reporting calendar and the deadlines of its recent periods.
#[utoipa::path(
    operation_id = "get_indicator_calendar",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportingCalendar),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/calendar")]
pub async fn get_calendar(
    state: web::Data<AppState>,
    ind: Visible<IndicatorRow>,
) -> Result<web::Json<ReportingCalendar>, ApiError> {
    let Visible { caller, object } = ind;
    let body = state
        .db
        .run(move |conn| {
            let cal = calendar::load(conn, &object.id)?;
            view(conn, &caller, &object, cal)
        })
        .await?;
    Ok(web::Json(body))
}

/// Sets an indicator's reporting calendar (planners of the owner's subtree).
#[utoipa::path(
    operation_id = "put_indicator_calendar",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    request_body = PutCalendar,
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportingCalendar),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/indicators/{id}/calendar")]
pub async fn put_calendar(
    state: web::Data<AppState>,
    ind: Visible<IndicatorRow>,
    body: Json<PutCalendar>,
) -> Result<web::Json<ReportingCalendar>, ApiError> {
    let Visible { caller, object } = ind;
    let input = body.0;
    let body = state
        .db
        .write(move |conn| {
            let cal = save_in(conn, &caller, &object, Some(&input))?;
            view(conn, &caller, &object, cal)
        })
        .await?;
    Ok(web::Json(body))
}

/// Removes an indicator's own calendar: its figures are then due the server's grace period
/// after each period and its periods no longer lock.
#[utoipa::path(
    operation_id = "delete_indicator_calendar",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportingCalendar),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/indicators/{id}/calendar")]
pub async fn delete_calendar(
    state: web::Data<AppState>,
    ind: Visible<IndicatorRow>,
) -> Result<web::Json<ReportingCalendar>, ApiError> {
    let Visible { caller, object } = ind;
    let body = state
        .db
        .write(move |conn| {
            let cal = save_in(conn, &caller, &object, None)?;
            view(conn, &caller, &object, cal)
        })
        .await?;
    Ok(web::Json(body))
}

/// Gives every indicator of a set version the same calendar, all or nothing (planners who may
/// change each of them). A refused indicator is named in `errors` as `items[i]`.
#[utoipa::path(
    operation_id = "put_indicator_set_calendar",
    tag = "indicator sets",
    params(("id" = uuid::Uuid, Path, description = "Set version id")),
    request_body = PutCalendar,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<ReportingCalendar>),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/indicator-sets/{id}/calendar")]
pub async fn put_set_calendar(
    state: web::Data<AppState>,
    set: Visible<SetRow>,
    body: Json<PutCalendar>,
) -> Result<web::Json<Page<ReportingCalendar>>, ApiError> {
    let Visible { caller, object } = set;
    let input = body.0;
    let page = state
        .db
        .write(move |conn| {
            crate::policy::edit_indicator(
                &caller,
                caller.sees_agency(conn, &object.owner_agency_id)?,
            )?;
            check(&input)?;
            let ids = crate::indicators::sets::item_ids(conn, &object.id)?;
            let rows: Vec<IndicatorRow> = indicators::table
                .filter(indicators::id.eq_any(&ids))
                .order(indicators::code)
                .select(IndicatorRow::as_select())
                .load(conn)?;
            let mut refused = Vec::new();
            for (i, ind) in rows.iter().enumerate() {
                let owner_in_scope = caller.sees_agency(conn, &ind.owner_agency_id)?;
                if crate::policy::edit_indicator(&caller, owner_in_scope).is_err() {
                    refused.push(FieldError::coded(
                        format!("items[{i}]"),
                        FieldCode::Forbidden,
                        format!(
                            "{}: only planners of its owner's subtree change it",
                            ind.code
                        ),
                    ));
                }
            }
            if !refused.is_empty() {
                let mut err = ApiError::forbidden(format!(
                    "{} of the set's indicators are not yours to change",
                    refused.len()
                ));
                err.errors = refused;
                return Err(err);
            }
            let mut out = Vec::with_capacity(rows.len());
            for ind in &rows {
                let cal = save_in(conn, &caller, ind, Some(&input))?;
                out.push(view(conn, &caller, ind, cal)?);
            }
            Ok(Page::whole(out))
        })
        .await?;
    Ok(web::Json(page))
}

/// The unlocks granted for the indicator's series the caller sees, newest first.
#[utoipa::path(
    operation_id = "list_indicator_unlocks",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Unlock>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/unlocks")]
pub async fn list_unlocks(
    state: web::Data<AppState>,
    ind: Visible<IndicatorRow>,
) -> Result<web::Json<Page<Unlock>>, ApiError> {
    let Visible { caller, object } = ind;
    let page = state
        .db
        .run(move |conn| Ok(Page::whole(locks::list_in(conn, &caller, &object)?)))
        .await?;
    Ok(web::Json(page))
}

/// Opens a locked period of one series again until `open_until` (approvers above the series'
/// source, with a reason; audited).
#[utoipa::path(
    operation_id = "grant_indicator_unlock",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    request_body = GrantUnlock,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Unlock),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The period is not locked", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicators/{id}/unlocks")]
pub async fn grant_unlock(
    state: web::Data<AppState>,
    ind: Visible<IndicatorRow>,
    body: Json<GrantUnlock>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = ind;
    let input = body.0;
    let unlock = state
        .db
        .write(move |conn| locks::grant_in(conn, &caller, &object, &input))
        .await?;
    Ok(HttpResponse::Created().json(unlock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_may_not_precede_reporting() {
        let input = PutCalendar {
            report_days: 15,
            levels: vec![CalendarLevel {
                agency_kind: AgencyKind::Ministry,
                report_days: 20,
            }],
            approval_days: Some(18),
        };
        let err = check(&input).unwrap_err();
        assert_eq!(err.errors[0].field, "approval_days");
        let dup = PutCalendar {
            report_days: 15,
            levels: vec![
                CalendarLevel {
                    agency_kind: AgencyKind::Commune,
                    report_days: 10,
                },
                CalendarLevel {
                    agency_kind: AgencyKind::Commune,
                    report_days: 12,
                },
            ],
            approval_days: None,
        };
        assert_eq!(
            check(&dup).unwrap_err().errors[0].code,
            FieldCode::Duplicate
        );
    }
}
