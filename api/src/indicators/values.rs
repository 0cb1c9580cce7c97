//! KPI values and their workflow: draft → submitted → approved, or returned (with a reason) →
//! resubmitted. Writing again makes a new revision; an approved revision is locked and stays the
//! counted one until a newer revision is approved. Only approved (counted) values count anywhere.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    is_reporting_agency, source_of, visible as visible_indicator, IndicatorGroup, IndicatorRow,
    ValueType,
};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{indicator_values, indicators};
use crate::db::{now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::extract::{object_id, Json, Query};
use crate::page::{self, Page};
use crate::period::Period;
use crate::scope;
use crate::state::AppState;

text_enum!(
    /// Where a figure stands in its approval.
    ValueStatus { Draft => "draft", Submitted => "submitted", Approved => "approved", Returned => "returned" }
);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = indicator_values)]
pub struct ValueRow {
    pub id: String,
    pub indicator_id: String,
    pub agency_id: String,
    pub period: String,
    pub period_end: chrono::NaiveDate,
    pub revision: i32,
    pub value: f64,
    pub note: String,
    pub evidence_url: Option<String>,
    #[diesel(deserialize_as = String)]
    pub status: ValueStatus,
    pub is_current: bool,
    pub counted: bool,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub return_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub import_id: Option<String>,
}

/// One revision of a figure of a series (indicator, agency) for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorValue {
    pub id: String,
    pub indicator_id: String,
    /// The agency the figure is about (the series).
    pub agency_id: String,
    pub period: String,
    pub value: f64,
    pub note: String,
    pub evidence_url: Option<String>,
    pub status: ValueStatus,
    /// 1, 2, … for each write of the same (indicator, agency, period).
    pub revision: i32,
    /// The newest revision of its period.
    pub current: bool,
    /// The newest approved revision of its period: the one that counts.
    pub counted: bool,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub return_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The import that wrote this revision (its audit entry is the import's), if any.
    pub import_id: Option<String>,
    /// The last day on which this figure is on time: its period's end plus the days of its
    /// indicator's reporting calendar for the series' level (or the server's grace period).
    pub due_date: chrono::NaiveDate,
    /// Whether it was submitted by `due_date`; `null` while it is not submitted.
    pub on_time: Option<bool>,
    /// Its period is locked for this series today: past the approval deadline without an open
    /// unlock, so nothing new is written or submitted for it.
    pub locked: bool,
    /// The evidence filed with this revision.
    pub attachments: Vec<crate::attachments::Attachment>,
    /// The series' target for this period (the agency's own interim target, else the
    /// indicator-wide one, else the final target in its period); null without one. With
    /// `previous`, what an approver weighs the figure against.
    pub target: Option<f64>,
    /// The figure that counts for the series' latest period before this one; null for its first.
    pub previous: Option<PreviousFigure>,
    /// What the caller may do with this figure now.
    pub actions: crate::policy::ValueActions,
}

/// The counted figure of an earlier period of the same series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviousFigure {
    pub period: String,
    pub value: f64,
}

impl IndicatorValue {
    fn from_row(
        r: ValueRow,
        schedule: Schedule,
        context: Context,
        actions: crate::policy::ValueActions,
        attachments: Vec<crate::attachments::Attachment>,
    ) -> Self {
        Self {
            actions,
            attachments,
            target: context.target,
            previous: context.previous,
            due_date: schedule.due_date,
            on_time: crate::reporting::calendar::on_time(r.submitted_at, schedule.due_date),
            locked: schedule.locked,
            status: r.status,
            id: r.id,
            indicator_id: r.indicator_id,
            agency_id: r.agency_id,
            period: r.period,
            value: r.value,
            note: r.note,
            evidence_url: r.evidence_url,
            revision: r.revision,
            current: r.is_current,
            counted: r.counted,
            created_by: r.created_by,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at.map(|t| t.and_utc()),
            approved_by: r.approved_by,
            approved_at: r.approved_at.map(|t| t.and_utc()),
            return_reason: r.return_reason,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            import_id: r.import_id,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateValue {
    /// The reporting agency the figure is about.
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: String,
    /// Matching the indicator's frequency, not in the future.
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: String,
    pub value: f64,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub note: String,
    /// A link to the evidence (`http://` or `https://` only).
    #[validate(custom(function = "crate::validate::web_url"), length(max = 2000))]
    #[schema(
        format = "uri",
        max_length = 2000,
        pattern = "^[Hh][Tt][Tt][Pp][Ss]?://"
    )]
    pub evidence_url: Option<String>,
    /// Submit for approval at once (default: keep as draft).
    #[serde(default)]
    pub submit: bool,
    /// Evidence: files of the source agency from `POST /attachments`, at most 10.
    #[validate(length(max = 10))]
    #[schema(max_items = 10)]
    #[serde(default)]
    pub attachment_ids: Vec<uuid::Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnValue {
    /// Why the figure goes back to its source (required).
    #[validate(custom(function = "crate::validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ValueQuery {
    pub agency_id: Option<String>,
    /// From this period on (compared by the period's end date).
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub from: Option<String>,
    /// Up to this period.
    #[param(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub to: Option<String>,
    pub status: Option<ValueStatus>,
    /// Every revision, not only the newest of each period.
    pub all_revisions: Option<bool>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// For example `submitted` for the approvals queue.
    pub status: Option<ValueStatus>,
    pub agency_id: Option<String>,
    /// Change feed: the figures (the newest revision of each period; a newer revision replaces the figure of the same indicator, agency and period) changed at or after this instant (RFC 3339), oldest change first (docs/integration.md, "Change feeds").
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Change feed: the page after this `next_cursor`.
    #[validate(length(max = 128))]
    #[param(max_length = 128)]
    pub cursor: Option<String>,
    pub indicator_id: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

pub fn period_bound(
    field: &str,
    raw: &Option<String>,
) -> Result<Option<chrono::NaiveDate>, ApiError> {
    raw.as_deref()
        .map(|p| {
            p.parse::<Period>().map(|p| p.bounds().1).map_err(|e| {
                let mut err = ApiError::bad_request(
                    ErrorCode::BadQuery,
                    format!("invalid query parameter {field}: {e}"),
                );
                err.errors = vec![FieldError::new(field, e.to_string())];
                err
            })
        })
        .transpose()
}

/// Checks a figure against the indicator's value type.
fn check_value(ind: &IndicatorRow, value: f64) -> Option<&'static str> {
    if !value.is_finite() {
        return Some("must be a finite number");
    }
    match ind.value_type() {
        ValueType::Percent if !(0.0..=100.0).contains(&value) => {
            Some("a percentage must be between 0 and 100")
        }
        ValueType::Boolean if value != 0.0 && value != 1.0 => {
            Some("a yes/no figure must be 0 or 1")
        }
        _ => None,
    }
}

/// 403 unless the caller writes this series: a reporter of its one source agency.
fn ensure_source(caller: &Caller, ind: &IndicatorRow, agency: &str) -> Result<(), ApiError> {
    crate::policy::write_figure(caller, caller.agency_id == source_of(ind, agency))
}

/// Loads a value the caller may see: about an agency of its subtree, or supplied by it.
fn visible(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
) -> Result<(ValueRow, IndicatorRow), ApiError> {
    let row: ValueRow = indicator_values::table
        .find(id)
        .select(ValueRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("value"))?;
    let ind: IndicatorRow = indicators::table
        .find(&row.indicator_id)
        .select(IndicatorRow::as_select())
        .first(conn)?;
    let source = source_of(&ind, &row.agency_id).to_string();
    // The owner agency (a ministry over its sector line) sees every series of its indicator.
    if caller.sees_agency(conn, &row.agency_id)?
        || caller.sees_agency(conn, &source)?
        || caller.sees_agency(conn, &ind.owner_agency_id)?
    {
        Ok((row, ind))
    } else {
        Err(ApiError::not_found("value"))
    }
}

fn audit_value(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    before: Option<&ValueRow>,
    after: &ValueRow,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "indicator_value",
            entity_id: &after.id,
            agency_id: Some(&after.agency_id),
            before,
            after: Some(after),
        },
    )
}

fn reload(conn: &mut DbConn, id: &str) -> Result<ValueRow, ApiError> {
    Ok(indicator_values::table
        .find(id)
        .select(ValueRow::as_select())
        .first(conn)?)
}

/// Writes (and with `submit`, submits) a figure of indicator `id` as `caller`: the service behind
/// `POST /indicators/{id}/values` and the seeds (imports write batches through `figures::write`).
pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: &CreateValue,
) -> Result<ValueRow, ApiError> {
    let ind = visible_indicator(conn, caller, id)?;
    if ind.group() == IndicatorGroup::Composite {
        return Err(ApiError::conflict(
            ErrorCode::CompositeComputed,
            "composite indicators are computed from their components",
        ));
    }
    if !is_reporting_agency(conn, &ind, &input.agency_id)? {
        return Err(ApiError::forbidden(
            "agency_id is not one of this indicator's reporting agencies",
        ));
    }
    ensure_source(caller, &ind, &input.agency_id)?;
    let row = write_value(conn, caller, &ind, input)?;
    super::stats::refresh(
        conn,
        &ind,
        Some(std::slice::from_ref(&row.agency_id)),
        crate::tasks::today(),
    )?;
    Ok(row)
}

/// Writes a figure of a series (a reporter of the series' source agency). A new revision each time;
/// `submit: true` submits it for approval at once.
#[utoipa::path(
    operation_id = "create_indicator_value",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    request_body = CreateValue,
    security(("bearer" = [])),
    responses(
        (status = 201, body = IndicatorValue),
        (status = 403, description = "Not the series' source, or not a reporting agency", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A composite indicator is computed, not written", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicators/{id}/values")]
pub async fn create_value(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<CreateValue>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator")?;
    let input = body.0;
    let row = state
        .db
        .write(move |conn| {
            let row = create_in(conn, &caller, &id, &input)?;
            view(conn, &caller, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(row))
}

/// The shared write path (also used by bulk imports).
/// The checks every written figure passes (the single-value endpoint and imports alike): the
/// period matches the indicator's frequency and is not in the future, and the number fits the
/// indicator's value type.
pub fn check_figure(ind: &IndicatorRow, period: &str, value: f64) -> Result<Period, ApiError> {
    let mut errors = Vec::new();
    let period = match period.parse::<Period>() {
        Ok(p) if p.frequency() != ind.frequency().period_frequency() => {
            errors.push(FieldError::coded(
                "period",
                FieldCode::Format,
                format!("must be a {} period", ind.frequency().as_str()),
            ));
            None
        }
        Ok(p) if p.bounds().0 > crate::tasks::today() => {
            errors.push(FieldError::new("period", "must not be in the future"));
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError::new("period", e.to_string()));
            None
        }
    };
    if let Some(problem) = check_value(ind, value) {
        errors.push(FieldError::new("value", problem));
    }
    match (period, errors.is_empty()) {
        (Some(period), true) => Ok(period),
        _ => Err(ApiError::validation(errors)),
    }
}

pub fn write_value(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
    input: &CreateValue,
) -> Result<ValueRow, ApiError> {
    let period = check_figure(ind, &input.period, input.value)?;
    let cal = crate::reporting::calendar::load(conn, &ind.id)?;
    crate::reporting::locks::ensure_open(
        conn,
        &cal,
        &ind.id,
        &input.agency_id,
        period,
        crate::tasks::today(),
    )?;
    let figure = super::figures::Figure {
        indicator_id: ind.id.clone(),
        agency_id: input.agency_id.clone(),
        period,
        value: input.value,
        note: input.note.clone(),
        evidence_url: input.evidence_url.clone(),
    };
    let mode = super::figures::Mode {
        submit: input.submit,
        import_id: None,
        skip_unchanged: false,
        write: true,
    };
    let id = match super::figures::write(conn, caller, &[figure], mode)?.pop() {
        Some(super::figures::Written::Created(id) | super::figures::Written::Updated(id)) => id,
        other => {
            return Err(ApiError::internal(anyhow::anyhow!(
                "a single figure was not written: {other:?}"
            )))
        }
    };
    crate::attachments::link(
        conn,
        caller,
        crate::attachments::EvidenceOf::Figure,
        &id,
        &input.attachment_ids,
    )?;
    let row = reload(conn, &id)?;
    audit_value(
        conn,
        caller,
        if input.submit {
            "create_submit"
        } else {
            "create"
        },
        None,
        &row,
    )?;
    Ok(row)
}

fn ensure_current(row: &ValueRow, allowed: &[ValueStatus], action: &str) -> Result<(), ApiError> {
    if !row.is_current {
        return Err(ApiError::conflict(
            ErrorCode::Superseded,
            "a newer revision of this figure exists",
        ));
    }
    let status = row.status;
    if !allowed.contains(&status) {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            format!("a {} value cannot be {action}", status.as_str()),
        ));
    }
    Ok(())
}

/// Approvers of the series' agency (or above it) or of its source agency; never the author.
fn ensure_approver(
    conn: &mut DbConn,
    caller: &Caller,
    row: &ValueRow,
    ind: &IndicatorRow,
) -> Result<(), ApiError> {
    let facts = facts(conn, caller, std::slice::from_ref(row), &[false], |_| {
        Some(ind)
    })?;
    crate::policy::decide_figure(caller, &facts[0])
}

/// What the figures' rules need to know about the caller, for many figures in three queries: which
/// series agencies and sources are in its scope, and who (as persons) wrote them.
fn facts<'a>(
    conn: &mut DbConn,
    caller: &Caller,
    rows: &[ValueRow],
    locked: &[bool],
    indicator: impl Fn(&str) -> Option<&'a IndicatorRow>,
) -> Result<Vec<crate::policy::ValueFacts>, ApiError> {
    use std::collections::HashSet;
    let source = |r: &ValueRow| -> String {
        indicator(&r.indicator_id)
            .map(|i| source_of(i, &r.agency_id).to_string())
            .unwrap_or_else(|| r.agency_id.clone())
    };
    let mut agencies: HashSet<String> = HashSet::new();
    let mut accounts: HashSet<String> = HashSet::from([caller.user_id.clone()]);
    let owner = |r: &ValueRow| indicator(&r.indicator_id).map(|i| i.owner_agency_id.clone());
    for r in rows {
        agencies.insert(r.agency_id.clone());
        agencies.insert(source(r));
        agencies.extend(owner(r));
        accounts.insert(r.created_by.clone());
        accounts.extend(r.submitted_by.clone());
    }
    let in_scope = scope::contained(conn, &caller.agency_id, &agencies)?;
    let accounts: Vec<String> = accounts.into_iter().collect();
    let persons = crate::apikeys::persons_of(conn, &accounts)?;
    let person = |u: &str| persons.get(u).cloned().unwrap_or_else(|| u.to_string());
    let me = person(&caller.user_id);
    Ok(rows
        .iter()
        .zip(locked)
        .map(|(r, locked)| {
            let src = source(r);
            crate::policy::ValueFacts {
                caller_is_source: caller.agency_id == src,
                in_scope: in_scope.contains(&r.agency_id) || in_scope.contains(&src),
                owner_in_scope: owner(r).is_some_and(|o| in_scope.contains(&o)),
                own_submission: r
                    .submitted_by
                    .iter()
                    .chain([&r.created_by])
                    .any(|u| person(u) == me),
                status: r.status,
                current: r.is_current,
                locked: *locked,
            }
        })
        .collect())
}

/// Figures as the caller sees them, with its actions.
fn views(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<ValueRow>,
) -> Result<Vec<IndicatorValue>, ApiError> {
    let ids: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.indicator_id.as_str()).collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut inds: std::collections::HashMap<String, IndicatorRow> =
        std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for i in indicators::table
            .filter(indicators::id.eq_any(chunk))
            .select(IndicatorRow::as_select())
            .load::<IndicatorRow>(conn)?
        {
            inds.insert(i.id.clone(), i);
        }
    }
    let schedules = schedules(conn, &rows, &ids)?;
    let locked: Vec<bool> = schedules.iter().map(|s| s.locked).collect();
    let facts = facts(conn, caller, &rows, &locked, |id| inds.get(id))?;
    let value_ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut evidence =
        crate::attachments::of(conn, crate::attachments::EvidenceOf::Figure, &value_ids)?;
    let contexts = contexts(conn, &rows, &ids, &inds)?;
    Ok(rows
        .into_iter()
        .zip(schedules)
        .zip(contexts)
        .zip(facts)
        .map(|(((r, schedule), context), f)| {
            let files = evidence.remove(&r.id).unwrap_or_default();
            let actions = crate::policy::value_actions(caller, &f);
            IndicatorValue::from_row(r, schedule, context, actions, files)
        })
        .collect())
}

/// What a figure is weighed against: its series' target and previous counted figure.
#[derive(Debug, Default)]
struct Context {
    target: Option<f64>,
    previous: Option<PreviousFigure>,
}

/// The contexts of many figures in two queries: their indicators' targets, and the counted figures
/// of their series.
fn contexts(
    conn: &mut DbConn,
    rows: &[ValueRow],
    indicator_ids: &[&str],
    inds: &std::collections::HashMap<String, IndicatorRow>,
) -> Result<Vec<Context>, ApiError> {
    use crate::db::schema::indicator_targets;
    use std::collections::HashMap;
    let mut targets: HashMap<String, Vec<(String, String, f64)>> = HashMap::new();
    let mut counted: HashMap<(String, String), Vec<(String, f64)>> = HashMap::new();
    let agencies: Vec<&str> = rows
        .iter()
        .map(|r| r.agency_id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for chunk in indicator_ids.chunks(500) {
        let list: Vec<(String, String, String, f64)> = indicator_targets::table
            .filter(indicator_targets::indicator_id.eq_any(chunk))
            .select((
                indicator_targets::indicator_id,
                indicator_targets::period,
                indicator_targets::agency_id,
                indicator_targets::value,
            ))
            .load(conn)?;
        for (ind, period, agency, value) in list {
            targets
                .entry(ind)
                .or_default()
                .push((period, agency, value));
        }
        for agencies in agencies.chunks(500) {
            let list: Vec<(String, String, String, f64)> = indicator_values::table
                .filter(indicator_values::indicator_id.eq_any(chunk))
                .filter(indicator_values::agency_id.eq_any(agencies))
                .filter(indicator_values::counted.eq(true))
                .select((
                    indicator_values::indicator_id,
                    indicator_values::agency_id,
                    indicator_values::period,
                    indicator_values::value,
                ))
                .load(conn)?;
            for (ind, agency, period, value) in list {
                counted
                    .entry((ind, agency))
                    .or_default()
                    .push((period, value));
            }
        }
    }
    let end = |p: &str| {
        p.parse::<crate::period::Period>()
            .ok()
            .map(|p| p.bounds().1)
    };
    Ok(rows
        .iter()
        .map(|r| {
            let target = inds.get(&r.indicator_id).and_then(|ind| {
                let list = targets
                    .get(&r.indicator_id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                super::stats::target_for(ind, list, &r.period, &r.agency_id)
            });
            let this_end = end(&r.period);
            let previous = counted
                .get(&(r.indicator_id.clone(), r.agency_id.clone()))
                .into_iter()
                .flatten()
                .filter_map(|(period, value)| Some((end(period)?, period, *value)))
                .filter(|(e, _, _)| this_end.is_some_and(|t| *e < t))
                .max_by_key(|(e, _, _)| *e)
                .map(|(_, period, value)| PreviousFigure {
                    period: period.clone(),
                    value,
                });
            Context { target, previous }
        })
        .collect())
}

/// A figure's deadline and whether its period is locked for its series today.
#[derive(Clone, Copy, Debug)]
struct Schedule {
    due_date: chrono::NaiveDate,
    locked: bool,
}

/// The schedules of many figures: their indicators' calendars, their agencies' kinds and the open
/// unlocks, in a few queries whatever the number of rows.
fn schedules(
    conn: &mut DbConn,
    rows: &[ValueRow],
    indicator_ids: &[&str],
) -> Result<Vec<Schedule>, ApiError> {
    use crate::reporting::{calendar, locks};
    let ids: Vec<String> = indicator_ids.iter().map(|s| s.to_string()).collect();
    let calendars = calendar::load_many(conn, &ids)?;
    let kinds = calendar::kinds_of(
        conn,
        rows.iter()
            .map(|r| r.agency_id.clone())
            .collect::<std::collections::BTreeSet<_>>(),
    )?;
    let today = crate::tasks::today();
    let fallback = calendar::Calendar::fallback();
    let mut periods = Vec::with_capacity(rows.len());
    let mut maybe_locked = Vec::new();
    for r in rows {
        let period: Period = r.period.parse().map_err(|_| {
            ApiError::internal(anyhow::anyhow!("stored period {:?} is malformed", r.period))
        })?;
        let cal = calendars.get(&r.indicator_id).unwrap_or(&fallback);
        if cal.locks(period, today) {
            maybe_locked.push((
                r.indicator_id.clone(),
                r.agency_id.clone(),
                r.period.clone(),
            ));
        }
        periods.push(period);
    }
    let unlocked = if maybe_locked.is_empty() {
        Default::default()
    } else {
        locks::unlocked_among(conn, &maybe_locked, today)?
    };
    Ok(rows
        .iter()
        .zip(periods)
        .map(|(r, period)| {
            let cal = calendars.get(&r.indicator_id).unwrap_or(&fallback);
            let kind = kinds
                .get(&r.agency_id)
                .copied()
                .unwrap_or(crate::agencies::AgencyKind::Other);
            Schedule {
                due_date: cal.report_deadline(kind, period),
                locked: cal.locks(period, today)
                    && !unlocked.contains(&(
                        r.indicator_id.clone(),
                        r.agency_id.clone(),
                        r.period.clone(),
                    )),
            }
        })
        .collect())
}

fn view(conn: &mut DbConn, caller: &Caller, row: ValueRow) -> Result<IndicatorValue, ApiError> {
    Ok(views(conn, caller, vec![row])?.pop().expect("one figure"))
}

/// A step of a figure's workflow.
#[derive(Clone, Debug)]
pub enum Step {
    Submit,
    Approve,
    Return(String),
}

impl Step {
    fn action(&self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Return(_) => "return",
        }
    }
}

/// Takes one step of a figure's workflow: the service behind `/values/{id}/submit|approve|return`
/// and the bulk decisions. Returns the figure as it is afterwards.
pub fn step_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    step: &Step,
) -> Result<ValueRow, ApiError> {
    let (before, ind) = visible(conn, caller, id)?;
    let now = now();
    match step {
        Step::Submit => {
            ensure_source(caller, &ind, &before.agency_id)?;
            ensure_current(
                &before,
                &[ValueStatus::Draft, ValueStatus::Returned],
                "submitted",
            )?;
            let cal = crate::reporting::calendar::load(conn, &ind.id)?;
            crate::reporting::locks::ensure_open(
                conn,
                &cal,
                &ind.id,
                &before.agency_id,
                before
                    .period
                    .parse()
                    .map_err(|_| ApiError::internal(anyhow::anyhow!("malformed stored period")))?,
                crate::tasks::today(),
            )?;
            diesel::update(indicator_values::table.find(id))
                .set((
                    indicator_values::status.eq(ValueStatus::Submitted.as_str()),
                    indicator_values::submitted_by.eq(Some(&caller.user_id)),
                    indicator_values::submitted_at.eq(Some(now)),
                    indicator_values::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Step::Approve => {
            ensure_approver(conn, caller, &before, &ind)?;
            ensure_current(&before, &[ValueStatus::Submitted], "approved")?;
            diesel::update(
                indicator_values::table
                    .filter(indicator_values::indicator_id.eq(&before.indicator_id))
                    .filter(indicator_values::agency_id.eq(&before.agency_id))
                    .filter(indicator_values::period.eq(&before.period)),
            )
            .set(indicator_values::counted.eq(false))
            .execute(conn)?;
            diesel::update(indicator_values::table.find(id))
                .set((
                    indicator_values::status.eq(ValueStatus::Approved.as_str()),
                    indicator_values::counted.eq(true),
                    indicator_values::approved_by.eq(Some(&caller.user_id)),
                    indicator_values::approved_at.eq(Some(now)),
                    indicator_values::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Step::Return(reason) => {
            if before.status == ValueStatus::Approved {
                // The owner agency returns an approved figure for correction: it stops counting
                // until its source corrects it and its approvers approve it again.
                let owner_in_scope = caller.sees_agency(conn, &ind.owner_agency_id)?;
                crate::policy::return_approved_figure(caller, owner_in_scope)?;
                ensure_current(&before, &[ValueStatus::Approved], "returned")?;
            } else {
                ensure_approver(conn, caller, &before, &ind)?;
                ensure_current(&before, &[ValueStatus::Submitted], "returned")?;
            }
            diesel::update(indicator_values::table.find(id))
                .set((
                    indicator_values::status.eq(ValueStatus::Returned.as_str()),
                    indicator_values::counted.eq(false),
                    indicator_values::return_reason.eq(Some(reason.trim())),
                    indicator_values::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    let after = reload(conn, id)?;
    audit_value(conn, caller, step.action(), Some(&before), &after)?;
    let event = match step {
        Step::Submit => crate::webhooks::WebhookEvent::ValueSubmitted,
        Step::Approve => crate::webhooks::WebhookEvent::ValueApproved,
        Step::Return(_) => crate::webhooks::WebhookEvent::ValueReturned,
    };
    crate::webhooks::emit(
        conn,
        event,
        crate::webhooks::Subject::figure_row(&after, &ind)?,
    )?;
    if matches!(step, Step::Approve) || before.counted != after.counted {
        super::series::after_approval(conn, &caller.actor(), &ind)?;
    }
    if let Step::Return(reason) = step {
        crate::notify::figure_returned(conn, &ind, &after, reason)?;
    }
    super::stats::refresh(
        conn,
        &ind,
        Some(std::slice::from_ref(&after.agency_id)),
        crate::tasks::today(),
    )?;
    Ok(after)
}

async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    step: Step,
) -> Result<web::Json<IndicatorValue>, ApiError> {
    let id = object_id(&id, "value")?;
    let row = state
        .db
        .write(move |conn| {
            let after = step_in(conn, &caller, &id, &step)?;
            view(conn, &caller, after)
        })
        .await?;
    Ok(web::Json(row))
}

/// The most figures one bulk decision takes.
pub const BULK_MAX: usize = 500;

/// The ids of a bulk approval.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkIds {
    /// 1–500 figure ids, each once.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Vec<uuid::Uuid>,
}

/// The ids and the reason of a bulk return.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkReturn {
    /// 1–500 figure ids, each once.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Vec<uuid::Uuid>,
    /// Why the figures go back to their sources (the same for all).
    #[validate(custom(function = "crate::validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

/// The code of one refused item of a bulk decision, from the error that refused it.
fn item_code(e: &ApiError) -> FieldCode {
    match e.status.as_u16() {
        403 => FieldCode::Forbidden,
        404 => FieldCode::NotFound,
        422 => FieldCode::Invalid,
        _ => FieldCode::Conflict,
    }
}

/// Takes the same step for many figures in one transaction, all or nothing: when any is refused,
/// nothing is written and the answer names every refused item (`ids[i]`) with its reason.
pub fn bulk_in(
    conn: &mut DbConn,
    caller: &Caller,
    ids: &[uuid::Uuid],
    step: &Step,
) -> Result<Vec<IndicatorValue>, ApiError> {
    let mut refused = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut done = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(*id) {
            refused.push(FieldError::coded(
                format!("ids[{i}]"),
                FieldCode::Duplicate,
                format!("{id} appears more than once"),
            ));
            continue;
        }
        match crate::db::savepoint(conn, |c| step_in(c, caller, &id.to_string(), step))? {
            Ok(row) => done.push(row),
            Err(e) if e.status.is_server_error() => return Err(e),
            Err(e) => refused.push(FieldError::coded(
                format!("ids[{i}]"),
                item_code(&e),
                format!("{id}: {}", e.detail),
            )),
        }
    }
    if !refused.is_empty() {
        let mut err = ApiError::conflict(
            ErrorCode::BulkRefused,
            format!(
                "{} of {} figures cannot be {}; nothing was decided",
                refused.len(),
                ids.len(),
                match step {
                    Step::Return(_) => "returned",
                    _ => "approved",
                }
            ),
        );
        err.errors = refused;
        return Err(err);
    }
    views(conn, caller, done)
}

/// Approves many submitted figures at once, all or nothing (approvers, as for one figure).
#[utoipa::path(
    operation_id = "approve_values",
    tag = "indicators",
    request_body = BulkIds,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every figure approved", body = Page<IndicatorValue>),
        (status = 409, description = "Some figures cannot be approved (each named in `errors` as `ids[i]`); nothing was approved", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/values/approve")]
pub async fn approve_values(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<BulkIds>,
) -> Result<web::Json<Page<IndicatorValue>>, ApiError> {
    let ids = body.0.ids;
    let items = state
        .db
        .write(move |conn| bulk_in(conn, &caller, &ids, &Step::Approve))
        .await?;
    Ok(web::Json(Page::whole(items)))
}

/// Returns many submitted figures to their sources with one reason, all or nothing.
#[utoipa::path(
    operation_id = "return_values",
    tag = "indicators",
    request_body = BulkReturn,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every figure returned", body = Page<IndicatorValue>),
        (status = 409, description = "Some figures cannot be returned (each named in `errors` as `ids[i]`); nothing was returned", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/values/return")]
pub async fn return_values(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<BulkReturn>,
) -> Result<web::Json<Page<IndicatorValue>>, ApiError> {
    let BulkReturn { ids, reason } = body.0;
    let step = Step::Return(reason.trim().to_string());
    let items = state
        .db
        .write(move |conn| bulk_in(conn, &caller, &ids, &step))
        .await?;
    Ok(web::Json(Page::whole(items)))
}

/// Submits a draft or returned figure for approval (its source's reporters).
#[utoipa::path(
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Value id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = IndicatorValue),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not draft or returned, or superseded", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/values/{id}/submit")]
pub async fn submit_value(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<IndicatorValue>, ApiError> {
    transition(state, caller, id.into_inner(), Step::Submit).await
}

/// Approves a submitted figure (approvers of its agency or above, never its author); it then counts.
#[utoipa::path(
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Value id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = IndicatorValue),
        (status = 403, description = "Not an approver here, or the caller's own submission", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or superseded", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/values/{id}/approve")]
pub async fn approve_value(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<IndicatorValue>, ApiError> {
    transition(state, caller, id.into_inner(), Step::Approve).await
}

/// Returns a submitted figure to its source with a reason.
#[utoipa::path(
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Value id")),
    request_body = ReturnValue,
    security(("bearer" = [])),
    responses(
        (status = 200, body = IndicatorValue),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or superseded", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/values/{id}/return")]
pub async fn return_value(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ReturnValue>,
) -> Result<web::Json<IndicatorValue>, ApiError> {
    transition(
        state,
        caller,
        id.into_inner(),
        Step::Return(body.0.reason.trim().to_string()),
    )
    .await
}

/// The figures of one indicator the caller may see (about its subtree or supplied by it).
#[utoipa::path(
    operation_id = "list_indicator_values",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id"), ValueQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<IndicatorValue>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/values")]
pub async fn list_values(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<ValueQuery>,
) -> Result<web::Json<Page<IndicatorValue>>, ApiError> {
    let id = object_id(&id, "indicator")?;
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let from = period_bound("from", &q.from)?;
    let to = period_bound("to", &q.to)?;
    let page = state
        .db
        .run(move |conn| {
            let ind = visible_indicator(conn, &caller, &id)?;
            // The source of every series, and the owner agency (a ministry over its sector
            // line), see them all; anyone else the series of its subtree.
            let supplies_all = match &ind.source_agency_id {
                Some(source) => caller.sees_agency(conn, source)?,
                None => false,
            } || caller.sees_agency(conn, &ind.owner_agency_id)?;
            let filtered = || {
                let mut sel = indicator_values::table
                    .filter(indicator_values::indicator_id.eq(id.clone()))
                    .into_boxed();
                if !supplies_all {
                    sel = sel.filter(
                        indicator_values::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)),
                    );
                }
                if let Some(a) = &q.agency_id {
                    sel = sel.filter(indicator_values::agency_id.eq(a.clone()));
                }
                if q.all_revisions != Some(true) {
                    sel = sel.filter(indicator_values::is_current.eq(true));
                }
                if let Some(s) = q.status {
                    sel = sel.filter(indicator_values::status.eq(s.as_str()));
                }
                if let Some(f) = from {
                    sel = sel.filter(indicator_values::period_end.ge(f));
                }
                if let Some(t) = to {
                    sel = sel.filter(indicator_values::period_end.le(t));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ValueRow> = filtered()
                .order((
                    indicator_values::period_end.desc(),
                    indicator_values::agency_id.asc(),
                    indicator_values::revision.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ValueRow::as_select())
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

/// Figures across indicators about the caller's subtree — with `status=submitted`, the approvals
/// queue. Only the newest revision of each period.
#[utoipa::path(
    operation_id = "list_values",
    tag = "indicators",
    params(QueueQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<IndicatorValue>))
)]
#[get("/values")]
pub async fn list_all_values(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<QueueQuery>,
) -> Result<web::Json<Page<IndicatorValue>>, ApiError> {
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
                let mut sel = indicator_values::table
                    .filter(indicator_values::is_current.eq(true))
                    .filter(
                        indicator_values::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)),
                    )
                    .into_boxed();
                if let Some(s) = q.status {
                    sel = sel.filter(indicator_values::status.eq(s.as_str()));
                }
                if let Some(a) = &q.agency_id {
                    sel = sel.filter(indicator_values::agency_id.eq(a.clone()));
                }
                if let Some(i) = &q.indicator_id {
                    sel = sel.filter(indicator_values::indicator_id.eq(i.clone()));
                }
                sel
            };
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    indicator_values,
                    ValueRow,
                    None,
                    |conn, rows| views(conn, &caller, rows)
                );
            }
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ValueRow> = filtered()
                .order((
                    indicator_values::updated_at.asc(),
                    indicator_values::id.asc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ValueRow::as_select())
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
