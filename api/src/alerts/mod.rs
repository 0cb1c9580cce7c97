//! Early warning: alert rules evaluated periodically (and on demand), one unresolved alert per
//! (kind, subject), updated while the condition holds and resolved when it clears. A database lease
//! makes sure that one instance evaluates at a time; a partial unique index makes duplicates
//! impossible even so.

pub mod rules;

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::Caller;
use crate::db::schema::{alerts, leases};
use crate::db::{new_id, now, write_transaction, Db, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{object_id, Query};
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;

/// Held while one evaluation runs (periodic or on demand).
const LEASE: &str = "alert-evaluation";
/// Held by the instance that runs the periodic evaluation.
const LEADER: &str = "alert-leader";
const LEASE_SECS: i64 = 600;

text_enum!(
    /// What an alert warns about.
    AlertKind { Overdue => "overdue", DueSoon => "due_soon", BehindSchedule => "behind_schedule", ForecastMiss => "forecast_miss", StaleReport => "stale_report", StaleKpi => "stale_kpi", KpiOffTrack => "kpi_off_track", ApprovalBacklog => "approval_backlog", Bottleneck => "bottleneck", DirectiveOverdue => "directive_overdue" }
);

text_enum!(Severity { Info => "info", Warning => "warning", Critical => "critical" });

text_enum!(
    /// open → acknowledged (someone is on it) → resolved (the condition cleared).
    AlertStatus { Open => "open", Acknowledged => "acknowledged", Resolved => "resolved" }
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = alerts)]
pub struct AlertRow {
    pub id: String,
    #[diesel(deserialize_as = String)]
    pub kind: AlertKind,
    pub subject: String,
    #[diesel(deserialize_as = String)]
    pub severity: Severity,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    pub agency_id: String,
    pub message: String,
    #[diesel(deserialize_as = String)]
    pub status: AlertStatus,
    pub raised_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub message_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Alert {
    pub id: String,
    pub kind: AlertKind,
    pub severity: Severity,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    /// The agency concerned; the alert is visible in its subtree's ancestors' scope.
    pub agency_id: String,
    /// What was found, in Vietnamese (dates `dd/mm/yyyy`, decimal commas).
    pub message: String,
    /// The same in English; null for an alert raised before English was kept (until the next
    /// evaluation writes it).
    pub message_en: Option<String>,
    pub status: AlertStatus,
    pub raised_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// What the caller may do with this alert now.
    pub actions: crate::policy::AlertActions,
}

impl Alert {
    /// The alert as the caller sees it, with what the caller may do to it.
    pub fn view(r: AlertRow, caller: &Caller) -> Self {
        Self {
            actions: crate::policy::alert_actions(caller, r.status),
            kind: r.kind,
            severity: r.severity,
            status: r.status,
            id: r.id,
            task_id: r.task_id,
            indicator_id: r.indicator_id,
            agency_id: r.agency_id,
            message_en: Some(r.message_en).filter(|m| !m.is_empty()),
            message: r.message,
            raised_at: r.raised_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            acknowledged_by: r.acknowledged_by,
            acknowledged_at: r.acknowledged_at.map(|t| t.and_utc()),
            resolved_at: r.resolved_at.map(|t| t.and_utc()),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Evaluation {
    /// False when another instance holds the evaluation lease (nothing was done).
    pub ran: bool,
    pub raised: i64,
    pub updated: i64,
    pub resolved: i64,
    pub open: i64,
}

/// Takes the evaluation lease (held while one evaluation runs) for `holder` unless another live
/// holder has it.
pub fn acquire_lease(conn: &mut DbConn, holder: &str) -> Result<bool, ApiError> {
    hold_lease(conn, LEASE, holder, LEASE_SECS)
}

/// Takes or renews the lease `name` for `holder` for `secs` seconds unless another live holder
/// has it.
pub(crate) fn hold_lease(
    conn: &mut DbConn,
    name: &str,
    holder: &str,
    secs: i64,
) -> Result<bool, ApiError> {
    let now = now();
    let until = now + TimeDelta::seconds(secs);
    let inserted = diesel::insert_into(leases::table)
        .values((
            leases::name.eq(name),
            leases::holder.eq(holder),
            leases::expires_at.eq(until),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {
            let taken = diesel::update(
                leases::table
                    .find(name)
                    .filter(leases::expires_at.lt(now).or(leases::holder.eq(holder))),
            )
            .set((leases::holder.eq(holder), leases::expires_at.eq(until)))
            .execute(conn)?;
            Ok(taken == 1)
        }
        Err(e) => Err(e.into()),
    }
}

pub fn release_lease(conn: &mut DbConn, holder: &str) -> Result<(), ApiError> {
    diesel::delete(leases::table.find(LEASE).filter(leases::holder.eq(holder))).execute(conn)?;
    Ok(())
}

/// Evaluates every rule and reconciles the alerts once, if this caller gets the lease (released
/// afterwards).
pub fn evaluate(
    conn: &mut DbConn,
    thresholds: &rules::Thresholds,
    holder: &str,
) -> Result<Evaluation, ApiError> {
    if !acquire_lease(conn, holder)? {
        return Ok(Evaluation::default());
    }
    let result = run_rules(conn, thresholds);
    release_lease(conn, holder)?;
    result
}

/// One round of the periodic job. The instance that holds the leader lease keeps it from round to
/// round (renewed before and after each run, held for `hold_secs`), so one instance runs the
/// schedule while it lives; the others skip every round until the lease has expired — after the
/// holder stopped or died — and one of them takes over. The run itself also takes the evaluation
/// lease, like an on-demand evaluation (`POST /alerts/evaluate`), so the two never overlap.
pub fn evaluate_as_leader(
    conn: &mut DbConn,
    thresholds: &rules::Thresholds,
    holder: &str,
    hold_secs: i64,
) -> Result<Evaluation, ApiError> {
    if !hold_lease(conn, LEADER, holder, hold_secs)? {
        return Ok(Evaluation::default());
    }
    let result = evaluate(conn, thresholds, holder);
    hold_lease(conn, LEADER, holder, hold_secs)?;
    result
}

fn run_rules(conn: &mut DbConn, thresholds: &rules::Thresholds) -> Result<Evaluation, ApiError> {
    // Health moves with the date alone; the dashboards' aggregates follow it from here.
    write_transaction(conn, crate::tasks::stats::refresh_health)?;
    write_transaction(conn, crate::indicators::stats::refresh_daily)?;
    let now = now();
    let candidates = rules::evaluate(conn, thresholds, now.date(), now)?;
    write_transaction(conn, |c| reconcile(c, candidates, now))
}

fn reconcile(
    conn: &mut DbConn,
    candidates: Vec<rules::Candidate>,
    now: NaiveDateTime,
) -> Result<Evaluation, ApiError> {
    let existing: Vec<AlertRow> = alerts::table
        .filter(alerts::status.ne(AlertStatus::Resolved.as_str()))
        .select(AlertRow::as_select())
        .load(conn)?;
    let mut by_key: HashMap<(AlertKind, String), AlertRow> = existing
        .into_iter()
        .map(|a| ((a.kind, a.subject.clone()), a))
        .collect();
    let mut summary = Evaluation {
        ran: true,
        ..Default::default()
    };
    let mut seen = std::collections::HashSet::new();
    let mut subscribers =
        crate::webhooks::Subscribers::of(conn, crate::webhooks::WebhookEvent::AlertRaised)?;
    for c in candidates {
        let key = (c.kind, c.subject.clone());
        if !seen.insert(key.clone()) {
            continue;
        }
        match by_key.remove(&key) {
            Some(a) => {
                if a.severity != c.severity
                    || a.message != c.message.vi
                    || a.message_en != c.message.en
                {
                    diesel::update(alerts::table.find(&a.id))
                        .set((
                            alerts::severity.eq(c.severity.as_str()),
                            alerts::message.eq(&c.message.vi),
                            alerts::message_en.eq(&c.message.en),
                            alerts::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    summary.updated += 1;
                }
            }
            None => {
                let id = new_id();
                diesel::insert_into(alerts::table)
                    .values((
                        alerts::id.eq(&id),
                        alerts::kind.eq(c.kind.as_str()),
                        alerts::subject.eq(&c.subject),
                        alerts::severity.eq(c.severity.as_str()),
                        alerts::task_id.eq(&c.task_id),
                        alerts::indicator_id.eq(&c.indicator_id),
                        alerts::agency_id.eq(&c.agency_id),
                        alerts::message.eq(&c.message.vi),
                        alerts::message_en.eq(&c.message.en),
                        alerts::status.eq("open"),
                        alerts::raised_at.eq(now),
                        alerts::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                summary.raised += 1;
                if let Some(subscribers) = subscribers.as_mut() {
                    subscribers.emit(
                        conn,
                        crate::webhooks::Subject {
                            agencies: vec![c.agency_id.as_str()],
                            data: serde_json::json!({
                                "id": id,
                                "kind": c.kind,
                                "severity": c.severity,
                                "agency_id": c.agency_id,
                                "task_id": c.task_id,
                                "indicator_id": c.indicator_id,
                                "message": c.message.vi,
                                "message_en": c.message.en,
                            }),
                        },
                    )?;
                }
            }
        }
    }
    // Whatever no longer holds is resolved.
    for (_, a) in by_key {
        diesel::update(alerts::table.find(&a.id))
            .set((
                alerts::status.eq("resolved"),
                alerts::resolved_at.eq(Some(now)),
                alerts::updated_at.eq(now),
            ))
            .execute(conn)?;
        summary.resolved += 1;
    }
    summary.open = alerts::table
        .filter(alerts::status.ne(AlertStatus::Resolved.as_str()))
        .count()
        .get_result(conn)?;
    Ok(summary)
}

/// Runs the evaluation every `interval` seconds inside the server. With several instances on one
/// database exactly one of them evaluates: the first to take the lease keeps it (for three
/// intervals, renewed every round); when it stops, another takes over once the lease has expired.
pub fn spawn_periodic(db: Db, thresholds: rules::Thresholds, interval: u64) {
    if interval == 0 {
        return;
    }
    let hold_secs = i64::try_from(interval.saturating_mul(3)).unwrap_or(i64::MAX / 2);
    let holder = format!("instance-{}", uuid::Uuid::new_v4());
    actix_web::rt::spawn(async move {
        let mut ticker = actix_web::rt::time::interval(std::time::Duration::from_secs(interval));
        loop {
            ticker.tick().await;
            let holder = holder.clone();
            match db
                .run(move |conn| evaluate_as_leader(conn, &thresholds, &holder, hold_secs))
                .await
            {
                Ok(e) if e.ran => tracing::info!(
                    raised = e.raised,
                    updated = e.updated,
                    resolved = e.resolved,
                    open = e.open,
                    "alerts evaluated"
                ),
                Ok(_) => tracing::debug!("another instance is evaluating alerts"),
                Err(e) => tracing::error!(error = %e, "alert evaluation failed"),
            }
        }
    });
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertQuery {
    /// Alerts about this agency and the agencies below it (default: the caller's agency).
    pub agency_id: Option<String>,
    pub kind: Option<AlertKind>,
    pub severity: Option<Severity>,
    /// Default: open and acknowledged.
    pub status: Option<AlertStatus>,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    /// Change feed: the alerts (every status, resolved ones included, unless `status` is given) changed at or after this instant (RFC 3339), oldest change first (docs/integration.md, "Change feeds").
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

/// The filters of the alert list and its export.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<AlertKind>,
    pub severity: Option<Severity>,
    /// Default: open and acknowledged.
    pub status: Option<AlertStatus>,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    /// Resolved alerts too when no status is given (a change feed).
    pub with_resolved: bool,
}

impl Filters {
    fn of(q: &AlertQuery) -> Self {
        Filters {
            kind: q.kind,
            severity: q.severity,
            status: q.status,
            task_id: q.task_id.clone(),
            indicator_id: q.indicator_id.clone(),
            with_resolved: q.updated_since.is_some() || q.cursor.is_some(),
        }
    }

    /// The alerts about `root`'s subtree that pass the filters.
    pub fn apply<'a>(&self, root: &'a str) -> alerts::BoxedQuery<'a, crate::db::Backend> {
        let mut sel = alerts::table
            .filter(alerts::agency_id.eq_any(scope::subtree_ids(root)))
            .into_boxed();
        sel = match self.status {
            Some(s) => sel.filter(alerts::status.eq(s.as_str())),
            None if self.with_resolved => sel,
            None => sel.filter(alerts::status.ne(AlertStatus::Resolved.as_str())),
        };
        if let Some(k) = self.kind {
            sel = sel.filter(alerts::kind.eq(k.as_str()));
        }
        if let Some(s) = self.severity {
            sel = sel.filter(alerts::severity.eq(s.as_str()));
        }
        if let Some(t) = &self.task_id {
            sel = sel.filter(alerts::task_id.eq(t.clone()));
        }
        if let Some(i) = &self.indicator_id {
            sel = sel.filter(alerts::indicator_id.eq(i.clone()));
        }
        sel
    }
}

/// Most severe first (critical < info < warning alphabetically, so by a rank), then newest.
pub fn by_severity(
    sel: alerts::BoxedQuery<'_, crate::db::Backend>,
) -> alerts::BoxedQuery<'_, crate::db::Backend> {
    sel.order((
        diesel::dsl::sql::<diesel::sql_types::Integer>(
            "CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END",
        ),
        alerts::raised_at.desc(),
        alerts::id.asc(),
    ))
}

/// Alerts of the caller's subtree, most severe and newest first.
#[utoipa::path(
    tag = "alerts",
    params(AlertQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Alert>), (status = 404, description = "agency_id outside the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/alerts")]
pub async fn list_alerts(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<AlertQuery>,
) -> Result<web::Json<Page<Alert>>, ApiError> {
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
            let root = match &q.agency_id {
                Some(a) if caller.sees_agency(conn, a)? => a.clone(),
                Some(_) => return Err(ApiError::not_found("agency")),
                None => caller.agency_id.clone(),
            };
            let filters = Filters::of(&q);
            let filtered = || filters.apply(&root);
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    alerts,
                    AlertRow,
                    None,
                    |_, rows| Ok(rows.into_iter().map(|r| Alert::view(r, &caller)).collect())
                );
            }
            let total: i64 = filtered().count().get_result(conn)?;
            // critical < info < warning alphabetically; order by a rank instead.
            let rows: Vec<AlertRow> = by_severity(filtered())
                .limit(limit)
                .offset(offset)
                .select(AlertRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: rows.into_iter().map(|r| Alert::view(r, &caller)).collect(),
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

/// Acknowledges an alert: someone is on it. It stays until the condition clears.
#[utoipa::path(
    operation_id = "acknowledge_alert",
    tag = "alerts",
    params(("id" = uuid::Uuid, Path, description = "Alert id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Alert),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged or resolved", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/alerts/{id}/acknowledge")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Alert>, ApiError> {
    let id = object_id(&id, "alert")?;
    let viewer = caller.clone();
    let row =
        state
            .db
            .write(move |conn| {
                let before: AlertRow = alerts::table
                    .filter(alerts::id.eq(&id))
                    .filter(alerts::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .select(AlertRow::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::not_found("alert"))?;
                crate::policy::acknowledge_alert(&caller)?;
                match before.status {
                    AlertStatus::Open => {}
                    AlertStatus::Acknowledged => return Err(ApiError::conflict(
                        ErrorCode::AlertAcknowledged,
                        "the alert is already acknowledged; it stays until its condition clears",
                    )),
                    AlertStatus::Resolved => {
                        return Err(ApiError::conflict(
                            ErrorCode::AlertResolved,
                            "the alert is already resolved",
                        ))
                    }
                }
                let now = now();
                diesel::update(alerts::table.find(&id))
                    .set((
                        alerts::status.eq("acknowledged"),
                        alerts::acknowledged_by.eq(Some(&caller.user_id)),
                        alerts::acknowledged_at.eq(Some(now)),
                        alerts::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                let after: AlertRow = alerts::table
                    .find(&id)
                    .select(AlertRow::as_select())
                    .first(conn)?;
                crate::audit::record::<(), _>(
                    conn,
                    &caller.actor(),
                    crate::audit::Change {
                        action: "acknowledge",
                        entity_type: "alert",
                        entity_id: &id,
                        agency_id: Some(&after.agency_id),
                        before: None,
                        after: Some(&after.message),
                    },
                )?;
                Ok(after)
            })
            .await?;
    Ok(web::Json(Alert::view(row, &viewer)))
}

/// Runs the evaluation now (admins). 409 while another instance is evaluating.
#[utoipa::path(
    operation_id = "evaluate_alerts_now",
    tag = "alerts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Evaluation),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another evaluation is running", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/alerts/evaluate")]
pub async fn evaluate_now(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    crate::policy::evaluate_alerts(&caller)?;
    let thresholds = state.config.alert_rules;
    let holder = format!("request-{}", uuid::Uuid::new_v4());
    let result = state
        .db
        .run(move |conn| evaluate(conn, &thresholds, &holder))
        .await?;
    if !result.ran {
        return Err(ApiError::conflict(
            ErrorCode::EvaluationRunning,
            "another instance is evaluating alerts; try again shortly",
        ));
    }
    Ok(HttpResponse::Ok().json(result))
}
