use actix_web::{get, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::Caller;
use crate::db::schema::audit_log;
use crate::error::ApiError;
use crate::extract::Query;
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    /// The username (or API key name) at the time of the change.
    pub actor_name: String,
    /// `user`, `api_key` or `system`.
    pub actor_kind: String,
    /// For example `create`, `update`, `delete`, `login`, `logout`, `password_change`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub agency_id: Option<String>,
    /// The object before the change (null for a creation).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The object after the change (null for a deletion).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
}

#[derive(Queryable)]
struct AuditRow {
    id: String,
    at: NaiveDateTime,
    actor_id: Option<String>,
    actor_name: String,
    actor_kind: String,
    action: String,
    entity_type: String,
    entity_id: String,
    agency_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    request_id: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Self {
            id: r.id,
            at: r.at.and_utc(),
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            actor_kind: r.actor_kind,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            agency_id: r.agency_id,
            before: parse(r.before_json),
            after: parse(r.after_json),
            request_id: r.request_id,
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// For example `agency`, `user`, `session`.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub entity_type: Option<String>,
    /// An object's id, or a setting's name (`totp_required_roles`).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub entity_id: Option<String>,
    pub actor_id: Option<String>,
    /// Records at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Records before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The audit trail, newest first, limited to the caller's agency subtree.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<AuditEntry>))
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = audit_log::table
                    .filter(
                        audit_log::agency_id.eq_any(scope::subtree_ids_nullable(&caller.agency_id)),
                    )
                    .into_boxed();
                if let Some(t) = &q.entity_type {
                    sel = sel.filter(audit_log::entity_type.eq(t.clone()));
                }
                if let Some(id) = &q.entity_id {
                    sel = sel.filter(audit_log::entity_id.eq(id.clone()));
                }
                if let Some(id) = &q.actor_id {
                    sel = sel.filter(audit_log::actor_id.eq(id.clone()));
                }
                if let Some(from) = q.from {
                    sel = sel.filter(audit_log::at.ge(from.naive_utc()));
                }
                if let Some(to) = q.to {
                    sel = sel.filter(audit_log::at.lt(to.naive_utc()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<AuditRow> = filtered()
                .order((audit_log::at.desc(), audit_log::id.desc()))
                .limit(limit)
                .offset(offset)
                .load(conn)?;
            Ok(Page {
                items: rows.into_iter().map(AuditEntry::from).collect(),
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
