//! Webhooks (docs/integration.md, "Webhooks"): a ministry system subscribes a URL, through one of
//! its agency's API keys, to events — a figure submitted, approved or returned; a task assigned, its
//! completion proposed or accepted; an alert raised; a directive issued. An event becomes a
//! delivery row of the outbox in the transaction that caused it ([`emit`]), for each subscribed
//! webhook whose key may see the event's subject; [`delivery`] signs and sends it (Standard
//! Webhooks, HMAC-SHA256), retries it with backoff and keeps the log, from which it can be sent again.

pub mod delivery;
pub mod handlers;
pub mod target;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::db::schema::{api_keys, webhook_deliveries, webhooks};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;

text_enum!(
    /// What a webhook may be told of.
    WebhookEvent {
        /// A figure was submitted for approval.
        ValueSubmitted => "value.submitted",
        /// A figure was approved: it counts.
        ValueApproved => "value.approved",
        /// A figure was returned for correction (`data.return_reason`).
        ValueReturned => "value.returned",
        /// A task was given to an agency (created, or its lead agency changed).
        TaskAssigned => "task.assigned",
        /// The lead agency proposed the task's completion.
        TaskCompletionProposed => "task.completion_proposed",
        /// The assigning agency accepted the completion: the task is completed.
        TaskAccepted => "task.accepted",
        /// An alert was raised.
        AlertRaised => "alert.raised",
        /// A directive (chỉ đạo) was issued to an agency.
        DirectiveIssued => "directive.issued",
    }
);

text_enum!(
    /// Where a delivery stands.
    DeliveryStatus {
        /// Waiting for its first or next attempt.
        Pending => "pending",
        /// The receiver answered 2xx.
        Delivered => "delivered",
        /// Every attempt failed; it can be sent again.
        Failed => "failed",
    }
);

/// What an event is about, with the agencies whose subtrees may learn of it: a webhook receives the
/// event when its key's agency is one of them or above one of them (the rule of the object's reads).
pub struct Subject<'a> {
    pub agencies: Vec<&'a str>,
    pub data: Value,
}

/// A figure as an event tells of it.
#[derive(Debug, Serialize)]
pub struct FigureData<'a> {
    pub id: &'a str,
    pub indicator_id: &'a str,
    pub indicator_code: &'a str,
    pub agency_id: &'a str,
    pub period: &'a str,
    pub value: f64,
    pub status: crate::indicators::values::ValueStatus,
    pub revision: i32,
    pub return_reason: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// A figure: seen by its agency's subtree, its source's and its indicator owner's.
    pub fn figure(
        data: &FigureData<'a>,
        owner_agency_id: &'a str,
        source_agency_id: Option<&'a str>,
    ) -> Result<Self, ApiError> {
        let mut agencies = vec![data.agency_id, owner_agency_id];
        agencies.extend(source_agency_id);
        Ok(Subject {
            agencies,
            data: serde_json::to_value(data)?,
        })
    }

    /// A figure row of `indicator`.
    pub fn figure_row(
        row: &'a crate::indicators::values::ValueRow,
        indicator: &'a crate::indicators::IndicatorRow,
    ) -> Result<Self, ApiError> {
        let data = FigureData {
            id: &row.id,
            indicator_id: &row.indicator_id,
            indicator_code: &indicator.code,
            agency_id: &row.agency_id,
            period: &row.period,
            value: row.value,
            status: row.status,
            revision: row.revision,
            return_reason: row.return_reason.as_deref(),
        };
        Self::figure(
            &data,
            &indicator.owner_agency_id,
            indicator.source_agency_id.as_deref(),
        )
    }

    /// A task: seen by its lead agency's subtree, its assigning agency's and its coordinators'.
    pub fn task(task: &'a crate::tasks::TaskRow, coordinators: &'a [String]) -> Self {
        let mut agencies = vec![task.lead_agency_id.as_str()];
        agencies.extend(task.parent_lead_agency_id.as_deref());
        agencies.extend(coordinators.iter().map(String::as_str));
        Subject {
            agencies,
            data: json!({
                "id": task.id,
                "code": task.code,
                "title": task.title,
                "resolution_id": task.resolution_id,
                "parent_id": task.parent_id,
                "lead_agency_id": task.lead_agency_id,
                "status": task.status,
                "due_date": task.due_date,
                "progress": task.progress,
            }),
        }
    }
}

/// [`emit`] of a task event, with the task's coordinating agencies read here.
pub fn emit_task(
    conn: &mut DbConn,
    event: WebhookEvent,
    task: &crate::tasks::TaskRow,
) -> Result<(), ApiError> {
    let Some(mut subscribers) = Subscribers::of(conn, event)? else {
        return Ok(());
    };
    use crate::db::schema::task_coordinators;
    let coordinators: Vec<String> = task_coordinators::table
        .filter(task_coordinators::task_id.eq(&task.id))
        .select(task_coordinators::agency_id)
        .load(conn)?;
    subscribers.emit(conn, Subject::task(task, &coordinators))
}

/// The webhooks subscribed to one event, read once for a batch of events (an import's figures).
pub struct Subscribers {
    event: WebhookEvent,
    at: NaiveDateTime,
    /// (webhook id, its key's agency)
    hooks: Vec<(String, String)>,
    /// The subtree of each key's agency, read when first needed.
    subtrees: std::collections::HashMap<String, std::collections::HashSet<String>>,
}

impl Subscribers {
    /// The webhooks of active keys subscribed to `event`; `None` when there are none (one read).
    pub fn of(conn: &mut DbConn, event: WebhookEvent) -> Result<Option<Self>, ApiError> {
        let at = now();
        let hooks: Vec<(String, String, String)> = webhooks::table
            .inner_join(api_keys::table)
            .filter(api_keys::revoked_at.is_null())
            .filter(
                api_keys::expires_at
                    .is_null()
                    .or(api_keys::expires_at.gt(at)),
            )
            .select((webhooks::id, api_keys::agency_id, webhooks::events))
            .load(conn)?;
        let hooks: Vec<(String, String)> = hooks
            .into_iter()
            .filter(|(_, _, events)| decode_events(events).contains(&event))
            .map(|(id, agency, _)| (id, agency))
            .collect();
        Ok((!hooks.is_empty()).then(|| Subscribers {
            event,
            at,
            hooks,
            subtrees: Default::default(),
        }))
    }

    /// Puts the event about `subject` in the outbox of each subscribed webhook whose key may see it.
    pub fn emit(&mut self, conn: &mut DbConn, subject: Subject<'_>) -> Result<(), ApiError> {
        let mut to = Vec::new();
        for (hook, agency) in &self.hooks {
            if !self.subtrees.contains_key(agency) {
                let ids: Vec<String> = crate::scope::subtree_ids(agency).load(conn)?;
                self.subtrees
                    .insert(agency.clone(), ids.into_iter().collect());
            }
            let subtree = &self.subtrees[agency];
            if subject.agencies.iter().any(|a| subtree.contains(*a)) {
                to.push(hook.clone());
            }
        }
        if to.is_empty() {
            return Ok(());
        }
        let payload = serde_json::to_string(&json!({
            "type": self.event.as_str(),
            "timestamp": self.at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "data": subject.data,
        }))?;
        for webhook in to {
            diesel::insert_into(webhook_deliveries::table)
                .values((
                    webhook_deliveries::id.eq(new_id()),
                    webhook_deliveries::webhook_id.eq(&webhook),
                    webhook_deliveries::event.eq(self.event.as_str()),
                    webhook_deliveries::payload.eq(&payload),
                    webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()),
                    webhook_deliveries::attempts.eq(0),
                    webhook_deliveries::next_attempt_at.eq(self.at),
                    webhook_deliveries::created_at.eq(self.at),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

/// Puts `event` about `subject` in the outbox of every webhook subscribed to it whose (active) key
/// may see the subject, inside the caller's transaction. Without such webhooks, one read.
pub fn emit(conn: &mut DbConn, event: WebhookEvent, subject: Subject<'_>) -> Result<(), ApiError> {
    match Subscribers::of(conn, event)? {
        Some(mut subscribers) => subscribers.emit(conn, subject),
        None => Ok(()),
    }
}

/// The stored list of events (`value.approved,task.assigned`).
pub fn encode_events(events: &[WebhookEvent]) -> String {
    let set: BTreeSet<&str> = events.iter().map(|e| e.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join(",")
}

/// The events of a stored list; an unknown name is skipped (never stored by this version).
pub fn decode_events(stored: &str) -> Vec<WebhookEvent> {
    stored
        .split(',')
        .filter_map(|e| WebhookEvent::parse(e.trim()))
        .collect()
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub api_key_id: String,
    pub url: String,
    pub events: String,
    #[serde(skip)]
    pub secret: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// What the caller may do with a webhook now.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct WebhookActions {
    /// `DELETE /webhooks/{id}`.
    pub delete: bool,
    /// `POST /webhooks/{id}/deliveries/{delivery_id}/redeliver`.
    pub redeliver: bool,
}

/// A webhook subscription (its secret is shown once, when it is created).
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    #[schema(format = Uuid)]
    pub id: String,
    /// The API key it belongs to: it receives what that key may see, while the key is active.
    #[schema(format = Uuid)]
    pub api_key_id: String,
    pub api_key_name: String,
    /// The key's agency.
    #[schema(format = Uuid)]
    pub agency_id: String,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    /// Whether its key is active (a revoked or expired key's webhooks receive nothing).
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub actions: WebhookActions,
}

/// A new webhook: `secret` is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret (`whsec_` and base64): verify each delivery's `webhook-signature` with it.
    pub secret: String,
}

/// One event sent (or to be sent) to a webhook, with its last attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    /// Also the `webhook-id` header (`msg_` and this id without dashes): the same for every attempt.
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub webhook_id: String,
    pub event: WebhookEvent,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status at the last attempt, if it answered.
    pub last_status: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body sent: `{"type", "timestamp", "data"}`.
    pub payload: Value,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

impl DeliveryRow {
    pub fn view(self) -> Result<WebhookDelivery, ApiError> {
        let unknown = |what: &str, v: &str| {
            ApiError::internal(anyhow::anyhow!("unknown stored {what} {v:?}"))
        };
        let status = DeliveryStatus::parse(&self.status)
            .ok_or_else(|| unknown("delivery status", &self.status))?;
        Ok(WebhookDelivery {
            event: WebhookEvent::parse(&self.event).ok_or_else(|| unknown("event", &self.event))?,
            next_attempt_at: (status == DeliveryStatus::Pending)
                .then(|| self.next_attempt_at.and_utc()),
            status,
            payload: serde_json::from_str(&self.payload)?,
            id: self.id,
            webhook_id: self.webhook_id,
            attempts: self.attempts,
            last_status: self.last_status,
            last_error: self.last_error,
            created_at: self.created_at.and_utc(),
            delivered_at: self.delivered_at.map(|t| t.and_utc()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_stored_once_each_in_a_stable_order() {
        let stored = encode_events(&[
            WebhookEvent::TaskAssigned,
            WebhookEvent::ValueApproved,
            WebhookEvent::TaskAssigned,
        ]);
        assert_eq!(stored, "task.assigned,value.approved");
        assert_eq!(
            decode_events(&stored),
            vec![WebhookEvent::TaskAssigned, WebhookEvent::ValueApproved]
        );
    }
}
