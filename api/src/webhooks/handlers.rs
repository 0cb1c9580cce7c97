//! `/webhooks`: subscribe a URL for an API key, list, read and delete subscriptions, read the
//! delivery log and send a delivery again.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    delivery, encode_events, target, DeliveryRow, DeliveryStatus, NewWebhook, Webhook,
    WebhookActions, WebhookDelivery, WebhookEvent, WebhookRow,
};
use crate::audit::{self, ActorKind, Change};
use crate::auth::Caller;
use crate::db::schema::{api_keys, webhook_deliveries, webhooks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, FieldCode};
use crate::extract::{object_id, Json, Query};
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;
use crate::validate;

/// The most webhooks one key may have.
pub const MAX_PER_KEY: i64 = 10;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where to POST the events: `https` (plain `http` only to the networks the server allows).
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000, format = "uri")]
    pub url: String,
    /// The events to receive, each once.
    #[validate(length(min = 1, max = 8))]
    #[schema(min_items = 1, max_items = 8)]
    pub events: Vec<WebhookEvent>,
    /// The API key the webhook belongs to, of the caller's subtree; omitted when the caller is
    /// that key.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub api_key_id: Option<String>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WebhookQuery {
    pub api_key_id: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    pub status: Option<DeliveryStatus>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The key a webhook belongs to, as its rules need it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
struct KeyRow {
    id: String,
    name: String,
    user_id: String,
    agency_id: String,
    expires_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl KeyRow {
    fn active(&self, at: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > at)
    }
}

/// A key of the caller's subtree; an API key sees only itself.
fn key_in_scope(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Option<KeyRow>, ApiError> {
    let key: Option<KeyRow> = api_keys::table
        .filter(api_keys::id.eq(id))
        .filter(api_keys::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?;
    Ok(key.filter(|k| caller.kind != ActorKind::ApiKey || k.user_id == caller.user_id))
}

fn view(caller: &Caller, row: WebhookRow, key: &KeyRow) -> Webhook {
    let may = crate::policy::manage_webhooks(caller, key.user_id == caller.user_id).is_ok();
    Webhook {
        events: super::decode_events(&row.events),
        active: key.active(now()),
        api_key_name: key.name.clone(),
        agency_id: key.agency_id.clone(),
        created_at: row.created_at.and_utc(),
        actions: WebhookActions {
            delete: may,
            redeliver: may,
        },
        id: row.id,
        api_key_id: row.api_key_id,
        url: row.url,
    }
}

/// A webhook the caller may manage (404 when it may not see it, 403 when it sees but may not
/// manage it), with its key.
fn managed(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<(WebhookRow, KeyRow), ApiError> {
    let row: WebhookRow = webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    let key = key_in_scope(conn, caller, &row.api_key_id)?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    crate::policy::manage_webhooks(caller, key.user_id == caller.user_id)?;
    Ok((row, key))
}

/// Subscribes a URL to events for an API key (its agency's administrators, or the key itself). The
/// URL is checked now and at every delivery; the signing secret is in the answer, once.
#[utoipa::path(
    tag = "webhooks",
    request_body = CreateWebhook,
    security(("bearer" = [])),
    responses(
        (status = 201, body = NewWebhook),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A URL that is not https or points to a private address, an unknown or inactive key, a repeated event", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    // Persons without the right are refused before anything is looked up.
    crate::policy::manage_webhooks(&caller, caller.kind == ActorKind::ApiKey)?;
    let input = body.0;
    let mut seen = std::collections::BTreeSet::new();
    if let Some(i) = input.events.iter().position(|e| !seen.insert(*e)) {
        return Err(ApiError::invalid_as(
            format!("events[{i}]"),
            FieldCode::Duplicate,
            "names an event already listed",
        ));
    }
    let url = input.url.trim().to_string();
    if let Err(why) = target::resolve(&url, &state.config.webhooks.allowed_networks).await {
        return Err(ApiError::invalid_as("url", why.code, why.message));
    }
    let created = state
        .db
        .write(move |conn| {
            let key_id = match (&input.api_key_id, caller.kind) {
                (Some(id), _) => id.clone(),
                (None, ActorKind::ApiKey) => api_keys::table
                    .filter(api_keys::user_id.eq(&caller.user_id))
                    .select(api_keys::id)
                    .first(conn)?,
                (None, _) => {
                    return Err(ApiError::invalid_as(
                        "api_key_id",
                        FieldCode::Required,
                        "name the API key the webhook belongs to",
                    ))
                }
            };
            let key = key_in_scope(conn, &caller, &key_id)?.ok_or_else(|| {
                ApiError::invalid_as(
                    "api_key_id",
                    FieldCode::NotFound,
                    "no such API key in your scope",
                )
            })?;
            crate::policy::manage_webhooks(&caller, key.user_id == caller.user_id)?;
            let at = now();
            if !key.active(at) {
                return Err(ApiError::invalid(
                    "api_key_id",
                    "the key is revoked or expired",
                ));
            }
            let existing: i64 = webhooks::table
                .filter(webhooks::api_key_id.eq(&key.id))
                .count()
                .get_result(conn)?;
            if existing >= MAX_PER_KEY {
                return Err(ApiError::invalid_as(
                    "api_key_id",
                    FieldCode::Range,
                    format!("the key has {MAX_PER_KEY} webhooks already"),
                ));
            }
            let (id, secret) = (new_id(), delivery::new_secret());
            diesel::insert_into(webhooks::table)
                .values((
                    webhooks::id.eq(&id),
                    webhooks::api_key_id.eq(&key.id),
                    webhooks::url.eq(&url),
                    webhooks::events.eq(encode_events(&input.events)),
                    webhooks::secret.eq(&secret),
                    webhooks::created_by.eq(&caller.user_id),
                    webhooks::created_at.eq(at),
                ))
                .execute(conn)?;
            let row: WebhookRow = webhooks::table
                .find(&id)
                .select(WebhookRow::as_select())
                .first(conn)?;
            audit::record::<(), _>(
                conn,
                &caller.actor(),
                Change {
                    action: "create",
                    entity_type: "webhook",
                    entity_id: &id,
                    agency_id: Some(&key.agency_id),
                    before: None,
                    after: Some(&row),
                },
            )?;
            Ok(NewWebhook {
                webhook: view(&caller, row, &key),
                secret,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The webhooks of the API keys of the caller's subtree (an API key: its own).
#[utoipa::path(
    tag = "webhooks",
    params(WebhookQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Webhook>),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<WebhookQuery>,
) -> Result<web::Json<Page<Webhook>>, ApiError> {
    crate::policy::manage_webhooks(&caller, caller.kind == ActorKind::ApiKey)?;
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = webhooks::table
                    .inner_join(api_keys::table)
                    .filter(api_keys::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .into_boxed();
                if caller.kind == ActorKind::ApiKey {
                    sel = sel.filter(api_keys::user_id.eq(caller.user_id.clone()));
                }
                if let Some(k) = &q.api_key_id {
                    sel = sel.filter(webhooks::api_key_id.eq(k.clone()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<(WebhookRow, KeyRow)> = filtered()
                .order((webhooks::created_at.desc(), webhooks::id.asc()))
                .limit(limit)
                .offset(offset)
                .select((WebhookRow::as_select(), KeyRow::as_select()))
                .load(conn)?;
            let items = rows
                .into_iter()
                .map(|(row, key)| view(&caller, row, &key))
                .collect();
            Ok(Page::of(items, total, limit, offset))
        })
        .await?;
    Ok(web::Json(page))
}

/// A webhook.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Webhook id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Webhook),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Webhook>, ApiError> {
    let id = object_id(&id, "webhook")?;
    let webhook = state
        .db
        .run(move |conn| {
            let (row, key) = managed(conn, &caller, &id)?;
            Ok(view(&caller, row, &key))
        })
        .await?;
    Ok(web::Json(webhook))
}

/// Deletes a webhook and its delivery log: nothing more is sent to it.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Webhook id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "webhook")?;
    state
        .db
        .write(move |conn| {
            let (row, key) = managed(conn, &caller, &id)?;
            diesel::delete(
                webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(&id)),
            )
            .execute(conn)?;
            diesel::delete(webhooks::table.find(&id)).execute(conn)?;
            audit::record::<_, ()>(
                conn,
                &caller.actor(),
                Change {
                    action: "delete",
                    entity_type: "webhook",
                    entity_id: &id,
                    agency_id: Some(&key.agency_id),
                    before: Some(&row),
                    after: None,
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A webhook's delivery log, newest first: each event with its status, attempts and last outcome.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Webhook id"), DeliveryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<WebhookDelivery>),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<DeliveryQuery>,
) -> Result<web::Json<Page<WebhookDelivery>>, ApiError> {
    let id = object_id(&id, "webhook")?;
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            managed(conn, &caller, &id)?;
            let filtered = || {
                let mut sel = webhook_deliveries::table
                    .filter(webhook_deliveries::webhook_id.eq(id.clone()))
                    .into_boxed();
                if let Some(s) = q.status {
                    sel = sel.filter(webhook_deliveries::status.eq(s.as_str()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<DeliveryRow> = filtered()
                .order((
                    webhook_deliveries::created_at.desc(),
                    webhook_deliveries::id.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(DeliveryRow::as_select())
                .load(conn)?;
            let items = rows
                .into_iter()
                .map(DeliveryRow::view)
                .collect::<Result<_, _>>()?;
            Ok(Page::of(items, total, limit, offset))
        })
        .await?;
    Ok(web::Json(page))
}

/// Sends a delivery again at once (a failed one after the receiver is fixed; a pending one without
/// waiting for its retry), with the same `webhook-id` and body.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = uuid::Uuid, Path, description = "Webhook id"),
        ("delivery_id" = uuid::Uuid, Path, description = "Delivery id"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 202, body = WebhookDelivery),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook_delivery(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let id = object_id(&id, "webhook")?;
    let delivery_id = object_id(&delivery_id, "webhook delivery")?;
    let delivery = state
        .db
        .write(move |conn| {
            let (_, key) = managed(conn, &caller, &id)?;
            let found: i64 = webhook_deliveries::table
                .find(&delivery_id)
                .filter(webhook_deliveries::webhook_id.eq(&id))
                .count()
                .get_result(conn)?;
            if found == 0 {
                return Err(ApiError::not_found("webhook delivery"));
            }
            diesel::update(webhook_deliveries::table.find(&delivery_id))
                .set((
                    webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()),
                    webhook_deliveries::next_attempt_at.eq(now()),
                    webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            audit::record::<(), ()>(
                conn,
                &caller.actor(),
                Change {
                    action: "redeliver",
                    entity_type: "webhook",
                    entity_id: &id,
                    agency_id: Some(&key.agency_id),
                    before: None,
                    after: None,
                },
            )?;
            webhook_deliveries::table
                .find(&delivery_id)
                .select(DeliveryRow::as_select())
                .first(conn)?
                .view()
        })
        .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
