//! Locked periods: the day after an indicator's approval deadline its period is closed to new
//! figures, revisions and submissions, unless an approver above the series' source grants an
//! unlock — an exception for one series and period, with a reason and a last day, audited.
//! Approvers may still approve or return what was submitted in time (their decision is late,
//! and the figure's own on-time mark does not change).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::calendar::{self, Calendar};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::period_unlocks;
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::indicators::{is_reporting_agency, source_of, IndicatorRow};
use crate::period::Period;

/// The longest an unlock stays open.
pub const MAX_UNLOCK_DAYS: i64 = 90;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = period_unlocks)]
pub struct UnlockRow {
    pub id: String,
    pub indicator_id: String,
    pub agency_id: String,
    pub period: String,
    pub reason: String,
    pub open_until: NaiveDate,
    pub granted_by: String,
    pub granted_at: NaiveDateTime,
}

/// An exception to a locked period: the series may be written and submitted until `open_until`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unlock {
    pub id: String,
    pub indicator_id: String,
    pub agency_id: String,
    pub period: String,
    pub reason: String,
    /// The last day on which the series may be written for this period.
    pub open_until: NaiveDate,
    /// Whether the unlock is still open today.
    pub open: bool,
    pub granted_by: String,
    pub granted_by_name: String,
    pub granted_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantUnlock {
    /// The series: one of the indicator's reporting agencies.
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: String,
    /// The locked period.
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: String,
    /// Why the exception is granted.
    #[validate(custom(function = "crate::validate::text"), length(max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// The last day of the exception: today or later, at most 90 days ahead.
    pub open_until: NaiveDate,
}

/// Whether `(indicator, agency, period)` has an unlock open on `today`.
fn unlocked(
    conn: &mut DbConn,
    indicator_id: &str,
    agency_id: &str,
    period: Period,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let n: i64 = period_unlocks::table
        .filter(period_unlocks::indicator_id.eq(indicator_id))
        .filter(period_unlocks::agency_id.eq(agency_id))
        .filter(period_unlocks::period.eq(period.to_string()))
        .filter(period_unlocks::open_until.ge(today))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The series and periods among `keys` (indicator, agency, period) with an unlock open on `today`.
pub fn unlocked_among(
    conn: &mut DbConn,
    keys: &[(String, String, String)],
    today: NaiveDate,
) -> Result<HashSet<(String, String, String)>, ApiError> {
    let mut out = HashSet::new();
    for chunk in keys.chunks(300) {
        let inds: HashSet<&str> = chunk.iter().map(|k| k.0.as_str()).collect();
        let agencies: HashSet<&str> = chunk.iter().map(|k| k.1.as_str()).collect();
        let rows: Vec<(String, String, String)> = period_unlocks::table
            .filter(period_unlocks::indicator_id.eq_any(inds))
            .filter(period_unlocks::agency_id.eq_any(agencies))
            .filter(period_unlocks::open_until.ge(today))
            .select((
                period_unlocks::indicator_id,
                period_unlocks::agency_id,
                period_unlocks::period,
            ))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The (agency, period) pairs of an indicator with an unlock open on `today`, in one query (none
/// when its calendar never locks).
pub fn open_unlocks(
    conn: &mut DbConn,
    cal: &Calendar,
    indicator_id: &str,
    today: NaiveDate,
) -> Result<HashSet<(String, String)>, ApiError> {
    if cal.approval_days.is_none() {
        return Ok(HashSet::new());
    }
    Ok(period_unlocks::table
        .filter(period_unlocks::indicator_id.eq(indicator_id))
        .filter(period_unlocks::open_until.ge(today))
        .select((period_unlocks::agency_id, period_unlocks::period))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Whether the series' period is closed to writing on `today`: past the approval deadline and
/// without an open unlock.
pub fn is_locked(
    conn: &mut DbConn,
    cal: &Calendar,
    indicator_id: &str,
    agency_id: &str,
    period: Period,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    Ok(cal.locks(period, today) && !unlocked(conn, indicator_id, agency_id, period, today)?)
}

/// 409 `period_locked` when the series' period is closed to writing (the single write, the
/// submission and every import row go through here).
pub fn ensure_open(
    conn: &mut DbConn,
    cal: &Calendar,
    indicator_id: &str,
    agency_id: &str,
    period: Period,
    today: NaiveDate,
) -> Result<(), ApiError> {
    if is_locked(conn, cal, indicator_id, agency_id, period, today)? {
        let deadline = cal
            .approval_deadline(period)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let mut err = ApiError::conflict(
            ErrorCode::PeriodLocked,
            format!(
                "the period {period} was locked after its approval deadline {deadline}; \
                 an approver above the reporting agency may grant an unlock"
            ),
        );
        err.errors = vec![FieldError::coded(
            "period",
            FieldCode::Invalid,
            format!("{period} is locked"),
        )];
        return Err(err);
    }
    Ok(())
}

fn view(
    conn: &mut DbConn,
    rows: Vec<UnlockRow>,
    today: NaiveDate,
) -> Result<Vec<Unlock>, ApiError> {
    let names = crate::users::display_names(conn, rows.iter().map(|r| r.granted_by.as_str()))?;
    Ok(rows
        .into_iter()
        .map(|r| Unlock {
            granted_by_name: names
                .get(&r.granted_by)
                .cloned()
                .unwrap_or_else(|| r.granted_by.clone()),
            open: r.open_until >= today,
            id: r.id,
            indicator_id: r.indicator_id,
            agency_id: r.agency_id,
            period: r.period,
            reason: r.reason,
            open_until: r.open_until,
            granted_by: r.granted_by,
            granted_at: r.granted_at.and_utc(),
        })
        .collect())
}

/// The unlocks of an indicator's series the caller sees, newest first.
pub fn list_in(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
) -> Result<Vec<Unlock>, ApiError> {
    let rows: Vec<UnlockRow> = period_unlocks::table
        .filter(period_unlocks::indicator_id.eq(&ind.id))
        .order((period_unlocks::granted_at.desc(), period_unlocks::id.desc()))
        .select(UnlockRow::as_select())
        .load(conn)?;
    let agencies: HashSet<String> = rows
        .iter()
        .flat_map(|r| {
            [
                r.agency_id.clone(),
                source_of(ind, &r.agency_id).to_string(),
            ]
        })
        .collect();
    let seen = crate::scope::contained(conn, &caller.agency_id, &agencies)?;
    let rows = rows
        .into_iter()
        .filter(|r| seen.contains(&r.agency_id) || seen.contains(source_of(ind, &r.agency_id)))
        .collect();
    view(conn, rows, crate::tasks::today())
}

/// Grants an unlock: the service behind `POST /indicators/{id}/unlocks`.
pub fn grant_in(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
    input: &GrantUnlock,
) -> Result<Unlock, ApiError> {
    let today = crate::tasks::today();
    let mut errors = Vec::new();
    let period = match input.period.parse::<Period>() {
        Ok(p) if p.frequency() != ind.frequency().period_frequency() => {
            errors.push(FieldError::coded(
                "period",
                FieldCode::Format,
                format!("must be a {} period", ind.frequency().as_str()),
            ));
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError::coded(
                "period",
                FieldCode::Format,
                e.to_string(),
            ));
            None
        }
    };
    if input.open_until < today {
        errors.push(FieldError::coded(
            "open_until",
            FieldCode::Range,
            "must be today or later",
        ));
    } else if (input.open_until - today).num_days() > MAX_UNLOCK_DAYS {
        errors.push(FieldError::coded(
            "open_until",
            FieldCode::Range,
            format!("must be at most {MAX_UNLOCK_DAYS} days ahead"),
        ));
    }
    if !is_reporting_agency(conn, ind, &input.agency_id)? {
        errors.push(FieldError::coded(
            "agency_id",
            FieldCode::NotFound,
            "is not a reporting agency of this indicator",
        ));
    }
    let Some(period) = period.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let source = source_of(ind, &input.agency_id).to_string();
    crate::policy::grant_unlock(
        caller,
        caller.sees_agency(conn, &input.agency_id)? || caller.sees_agency(conn, &source)?,
        caller.agency_id == source,
    )?;
    let cal = calendar::load(conn, &ind.id)?;
    if !cal.locks(period, today) {
        return Err(ApiError::conflict(
            ErrorCode::NotLocked,
            format!("the period {period} is not locked: its figures may still be written"),
        ));
    }
    let row = UnlockRow {
        id: new_id(),
        indicator_id: ind.id.clone(),
        agency_id: input.agency_id.clone(),
        period: period.to_string(),
        reason: input.reason.trim().to_string(),
        open_until: input.open_until,
        granted_by: caller.user_id.clone(),
        granted_at: now(),
    };
    diesel::insert_into(period_unlocks::table)
        .values((
            period_unlocks::id.eq(&row.id),
            period_unlocks::indicator_id.eq(&row.indicator_id),
            period_unlocks::agency_id.eq(&row.agency_id),
            period_unlocks::period.eq(&row.period),
            period_unlocks::reason.eq(&row.reason),
            period_unlocks::open_until.eq(row.open_until),
            period_unlocks::granted_by.eq(&row.granted_by),
            period_unlocks::granted_at.eq(row.granted_at),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "grant_unlock",
            entity_type: "indicator",
            entity_id: &ind.id,
            agency_id: Some(&row.agency_id),
            before: None::<&UnlockRow>,
            after: Some(&row),
        },
    )?;
    crate::notify::unlock_granted(conn, ind, &row)?;
    Ok(view(conn, vec![row], today)?.pop().expect("one unlock"))
}
