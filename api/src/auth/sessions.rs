//! Sessions a user and an administrator control: a user sees the sessions open in its name (this
//! browser, a phone, a colleague's computer it forgot to log out of) and ends any of them; whoever
//! manages a login sees its sessions and ends them all (a lost laptop, a suspected password leak).
//! Ending a session stops its access and refresh tokens at once, as a logout does. Every end is in
//! the audit trail.

use std::collections::HashMap;

use actix_web::{delete, get, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Caller, Role};
use crate::audit::{self, Change};
use crate::db::schema::{refresh_tokens, sessions};
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::extract::{object_id, Visible};
use crate::policy;
use crate::state::AppState;
use crate::users::UserRow;

/// An open session of a login.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    #[schema(format = Uuid)]
    pub id: String,
    /// When the user logged in.
    pub created_at: DateTime<Utc>,
    /// The last time its tokens were refreshed (at least every 15 minutes while it is in use).
    pub last_active_at: DateTime<Utc>,
    /// It ends then unless it is refreshed before.
    pub expires_at: DateTime<Utc>,
    /// It ends then however often it is refreshed (`RESTRACK_SESSION_MAX_AGE_SECS` after the
    /// login).
    pub ends_at: DateTime<Utc>,
    /// The address it logged in from, as the server saw it.
    pub client_address: Option<String>,
    /// The browser or program it logged in with.
    pub user_agent: Option<String>,
    /// It is the session making this request.
    pub current: bool,
}

/// How many sessions were ended.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionsEnded {
    pub ended: i64,
}

type SessionRow = (
    String,
    NaiveDateTime,
    NaiveDateTime,
    Option<String>,
    Option<String>,
);

/// The open sessions of `user_id`, newest first (two queries).
fn open_sessions(
    conn: &mut DbConn,
    state: &AppState,
    user_id: &str,
    current: &str,
) -> Result<Vec<Session>, ApiError> {
    let now = now();
    let max_age = TimeDelta::seconds(state.config.session_max_age_secs);
    let rows: Vec<SessionRow> = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order((sessions::created_at.desc(), sessions::id.desc()))
        .select((
            sessions::id,
            sessions::created_at,
            sessions::expires_at,
            sessions::client_address,
            sessions::user_agent,
        ))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let last: HashMap<String, Option<NaiveDateTime>> = refresh_tokens::table
        .filter(refresh_tokens::session_id.eq_any(&ids))
        .group_by(refresh_tokens::session_id)
        .select((
            refresh_tokens::session_id,
            diesel::dsl::max(refresh_tokens::created_at),
        ))
        .load::<(String, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        // A session past its maximum lifetime is over even before a refresh revokes it.
        .filter(|(_, created, ..)| *created + max_age > now)
        .map(|(id, created, expires, address, agent)| Session {
            last_active_at: last
                .get(&id)
                .copied()
                .flatten()
                .unwrap_or(created)
                .and_utc(),
            current: id == current,
            created_at: created.and_utc(),
            expires_at: expires.and_utc(),
            ends_at: (created + max_age).and_utc(),
            client_address: address,
            user_agent: agent,
            id,
        })
        .collect())
}

/// Ends the open sessions of `user_id` (only `session` when given), as [`super::handlers::revoke_sessions`]
/// does for a logout, and counts them; sessions already past their expiry are over and not counted.
fn end_open(
    conn: &mut DbConn,
    user_id: &str,
    session: Option<&str>,
    reason: &str,
) -> Result<i64, ApiError> {
    let now = now();
    let mut q = diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .into_boxed();
    if let Some(id) = session {
        q = q.filter(sessions::id.eq(id));
    }
    Ok(q.set((
        sessions::revoked_at.eq(Some(now)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)? as i64)
}

fn audit_end(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    user: &str,
    agency: &str,
    ended: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record::<(), serde_json::Value>(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "session",
            entity_id: user,
            agency_id: Some(agency),
            before: None,
            after: Some(&ended),
        },
    )
}

/// The caller's open sessions, newest first; `current` marks the one making the request.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Session>),
        (status = 403, description = "An API key has no session", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/sessions")]
pub async fn list_my_sessions(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<Session>>, ApiError> {
    policy::own_sessions(&caller)?;
    let st = state.clone();
    let list = state
        .db
        .run(move |conn| open_sessions(conn, &st, &caller.user_id, &caller.session_id))
        .await?;
    Ok(web::Json(list))
}

/// Ends one of the caller's sessions (the current one too: then it is a logout).
#[utoipa::path(
    tag = "auth",
    params(("id" = uuid::Uuid, Path, description = "Session id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Ended: its tokens stop working at once"),
        (status = 403, description = "An API key has no session", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such open session of the caller", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/sessions/{id}")]
pub async fn end_my_session(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::own_sessions(&caller)?;
    let id = object_id(&path, "session")?;
    state
        .db
        .write(move |conn| {
            if end_open(conn, &caller.user_id, Some(&id), "ended_by_user")? == 0 {
                return Err(ApiError::not_found("session"));
            }
            audit_end(
                conn,
                &caller,
                "session_ended",
                &caller.user_id,
                &caller.agency_id,
                serde_json::json!({"session_id": id}),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller manages `user`'s security (its sessions and second factor): [`policy::end_sessions`].
pub(crate) fn check_manages(caller: &Caller, user: &UserRow) -> Result<(), ApiError> {
    let roles = crate::auth::roles::decode(&user.roles);
    policy::end_sessions(
        caller,
        roles.contains(&Role::Admin),
        user.id == caller.user_id,
    )?;
    Ok(())
}

/// A login's open sessions, for whoever manages it (`actions.end_sessions`).
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Session>),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}/sessions")]
pub async fn list_user_sessions(
    state: web::Data<AppState>,
    user: Visible<UserRow>,
) -> Result<web::Json<Vec<Session>>, ApiError> {
    check_manages(&user.caller, &user.object)?;
    let st = state.clone();
    let list = state
        .db
        .run(move |conn| open_sessions(conn, &st, &user.object.id, &user.caller.session_id))
        .await?;
    Ok(web::Json(list))
}

/// Ends every open session of a login (a lost device, a suspected leak): its tokens stop working
/// at once; the account stays active and may log in again.
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = SessionsEnded),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/users/{id}/sessions")]
pub async fn end_user_sessions(
    state: web::Data<AppState>,
    user: Visible<UserRow>,
) -> Result<web::Json<SessionsEnded>, ApiError> {
    check_manages(&user.caller, &user.object)?;
    let (caller, target) = (user.caller, user.object);
    let ended = state
        .db
        .write(move |conn| {
            let n = end_open(conn, &target.id, None, "ended_by_admin")?;
            audit_end(
                conn,
                &caller,
                "sessions_ended",
                &target.id,
                &target.agency_id,
                serde_json::json!({"ended": n}),
            )?;
            Ok(n)
        })
        .await?;
    Ok(web::Json(SessionsEnded { ended }))
}
