//! API keys for ministry systems: a key is bound to an agency with chosen roles, acts through its
//! own service account, is shown once and stored as a SHA-256 hash, can expire and be revoked, and
//! every action taken with it is audited under the key's name.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit::{self, Change};
use crate::auth::caller::API_KEY_PREFIX;
use crate::auth::roles::{self, Role};
use crate::auth::tokens::{random_token, token_hash};
use crate::auth::Caller;
use crate::db::schema::{api_keys, users};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, FieldCode};
use crate::extract::{object_id, Json, Query};
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// Who uses the key, for example `He thong bao cao Bo Tai chinh`; shown in the audit trail.
    #[validate(custom(function = "validate::name"), length(max = 100))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    /// The agency the key acts for (default: the caller's); in the caller's subtree.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: Option<String>,
    #[validate(length(min = 1, max = 6))]
    #[schema(min_items = 1, max_items = 6)]
    pub roles: Vec<Role>,
    /// When the key stops working (absent: never).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub user_id: String,
    pub agency_id: String,
    pub key_prefix: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub agency_id: String,
    pub roles: Vec<Role>,
    /// The first characters of the key, to recognise it.
    pub key_prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub active: bool,
}

/// A new key: `key` is shown this once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewApiKey {
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// Send as `Authorization: Bearer <key>`.
    pub key: String,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyQuery {
    pub agency_id: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

fn view(row: ApiKeyRow, stored_roles: &str) -> ApiKey {
    let now = now();
    ApiKey {
        active: row.revoked_at.is_none() && row.expires_at.is_none_or(|e| e > now),
        roles: roles::decode(stored_roles),
        id: row.id,
        name: row.name,
        agency_id: row.agency_id,
        key_prefix: row.key_prefix,
        created_at: row.created_at.and_utc(),
        expires_at: row.expires_at.map(|t| t.and_utc()),
        revoked_at: row.revoked_at.map(|t| t.and_utc()),
    }
}

fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<(ApiKeyRow, String), ApiError> {
    api_keys::table
        .inner_join(users::table.on(users::id.eq(api_keys::user_id)))
        .filter(api_keys::id.eq(id))
        .filter(api_keys::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
        .select((ApiKeyRow::as_select(), users::roles))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("API key"))
}

/// The person behind an account: for an API key's service account, the human who created the key;
/// for a human, themselves. Segregation of duties ("nobody approves their own submission") compares
/// persons, so that one person's two keys count as that person.
pub fn person_of(conn: &mut DbConn, user_id: &str) -> Result<String, ApiError> {
    let creator: Option<String> = api_keys::table
        .filter(api_keys::user_id.eq(user_id))
        .select(api_keys::created_by)
        .first(conn)
        .optional()?;
    Ok(creator.unwrap_or_else(|| user_id.to_string()))
}

/// [`person_of`] for many accounts in one query: accounts that are not an API key's are their own
/// person.
pub fn persons_of(
    conn: &mut DbConn,
    user_ids: &[String],
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    let mut persons: std::collections::HashMap<String, String> =
        user_ids.iter().map(|u| (u.clone(), u.clone())).collect();
    for chunk in user_ids.chunks(500) {
        for (account, creator) in api_keys::table
            .filter(api_keys::user_id.eq_any(chunk))
            .select((api_keys::user_id, api_keys::created_by))
            .load::<(String, String)>(conn)?
        {
            persons.insert(account, creator);
        }
    }
    Ok(persons)
}

/// Creates an API key for an agency of the caller's subtree (admin, agency_admin). The key gets at
/// most the caller's own roles (403 otherwise).
#[utoipa::path(
    tag = "api keys",
    request_body = CreateApiKey,
    security(("bearer" = [])),
    responses(
        (status = 201, body = NewApiKey),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    crate::policy::manage_api_keys(&caller)?;
    let input = body.0;
    crate::policy::grant_key_roles(&caller, &input.roles)?;
    if input.expires_at.is_some_and(|e| e <= Utc::now()) {
        return Err(ApiError::invalid("expires_at", "must be in the future"));
    }
    let created = state
        .db
        .write(move |conn| {
            let agency = input
                .agency_id
                .clone()
                .unwrap_or_else(|| caller.agency_id.clone());
            if !caller.sees_agency(conn, &agency)? {
                return Err(ApiError::invalid_as(
                    "agency_id",
                    FieldCode::NotFound,
                    "no such agency in your scope",
                ));
            }
            let key = random_token(API_KEY_PREFIX);
            let (id, user_id, now) = (new_id(), new_id(), now());
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(&user_id),
                    users::username.eq(format!("svc.{}", &id[id.len() - 12..])),
                    users::display_name.eq(input.name.trim()),
                    users::agency_id.eq(&agency),
                    users::roles.eq(roles::encode(&input.roles)),
                    // Never a valid argon2 hash: a service account cannot log in with a password.
                    users::password_hash.eq("!"),
                    users::active.eq(true),
                    users::is_service.eq(true),
                    users::version.eq(1),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            diesel::insert_into(api_keys::table)
                .values((
                    api_keys::id.eq(&id),
                    api_keys::name.eq(input.name.trim()),
                    api_keys::user_id.eq(&user_id),
                    api_keys::agency_id.eq(&agency),
                    api_keys::key_hash.eq(token_hash(&key)),
                    api_keys::key_prefix.eq(&key[..12]),
                    api_keys::created_by.eq(&caller.user_id),
                    api_keys::created_at.eq(now),
                    api_keys::expires_at.eq(input.expires_at.map(|e| e.naive_utc())),
                ))
                .execute(conn)?;
            let (row, stored_roles) = visible(conn, &caller, &id)?;
            audit::record::<(), _>(
                conn,
                &caller.actor(),
                Change {
                    action: "create",
                    entity_type: "api_key",
                    entity_id: &id,
                    agency_id: Some(&agency),
                    before: None,
                    after: Some(&row),
                },
            )?;
            Ok(NewApiKey {
                api_key: view(row, &stored_roles),
                key,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The API keys of the caller's subtree (never the keys themselves).
#[utoipa::path(tag = "api keys", params(ApiKeyQuery), security(("bearer" = [])), responses((status = 200, body = Page<ApiKey>)))]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ApiKeyQuery>,
) -> Result<web::Json<Page<ApiKey>>, ApiError> {
    crate::policy::manage_api_keys(&caller)?;
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = api_keys::table
                    .inner_join(users::table.on(users::id.eq(api_keys::user_id)))
                    .filter(api_keys::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .into_boxed();
                if let Some(a) = &q.agency_id {
                    sel = sel.filter(api_keys::agency_id.eq(a.clone()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<(ApiKeyRow, String)> = filtered()
                .order(api_keys::created_at.desc())
                .limit(limit)
                .offset(offset)
                .select((ApiKeyRow::as_select(), users::roles))
                .load(conn)?;
            Ok(Page {
                items: rows.into_iter().map(|(r, roles)| view(r, &roles)).collect(),
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

/// Revokes a key at once (admin, agency_admin).
#[utoipa::path(
    tag = "api keys",
    params(("id" = uuid::Uuid, Path, description = "API key id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "API key")?;
    state
        .db
        .write(move |conn| {
            let (before, _) = visible(conn, &caller, &id)?;
            crate::policy::manage_api_keys(&caller)?;
            if before.revoked_at.is_some() {
                return Ok(());
            }
            let now = now();
            diesel::update(api_keys::table.find(&id))
                .set(api_keys::revoked_at.eq(Some(now)))
                .execute(conn)?;
            diesel::update(users::table.find(&before.user_id))
                .set((users::active.eq(false), users::updated_at.eq(now)))
                .execute(conn)?;
            let (after, _) = visible(conn, &caller, &id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "revoke",
                    entity_type: "api_key",
                    entity_id: &id,
                    agency_id: Some(&after.agency_id),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
