//! The authenticated caller, as an extractor: a handler that takes a [`Caller`] needs a login, and
//! each caller (a user, an API key) is held to the per-caller request rate (`rate_limit`).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use diesel::prelude::*;

use super::roles::{self, Role};
use crate::audit::Actor;
use crate::db::schema::{sessions, users};
use crate::db::{now, DbConn};
use crate::error::{ApiError, RequestId};
use crate::scope;
use crate::state::AppState;

/// API keys look like `rtk_…`; anything else is an access token.
pub const API_KEY_PREFIX: &str = "rtk_";

#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: String,
    pub username: String,
    pub agency_id: String,
    pub roles: Vec<Role>,
    /// Empty for API keys, which have no session.
    pub session_id: String,
    pub request_id: Option<String>,
    /// A person, or a ministry system's key (then `username` is the key's name).
    pub kind: crate::audit::ActorKind,
}

impl Caller {
    /// An active user acting outside any request (the demo seed, command-line tools): the same
    /// roles and scope as when that user logs in.
    pub fn of_user(conn: &mut DbConn, username: &str) -> Result<Caller, ApiError> {
        let (user_id, agency_id, stored): (String, String, String) = users::table
            .filter(users::username.eq(username))
            .filter(users::active.eq(true))
            .select((users::id, users::agency_id, users::roles))
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(Caller {
            user_id,
            username: username.to_string(),
            agency_id,
            roles: roles::decode(&stored),
            session_id: String::new(),
            request_id: None,
            kind: crate::audit::ActorKind::User,
        })
    }

    /// Whether the caller holds `role` (admins hold every role).
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&Role::Admin) || self.roles.contains(&role)
    }

    pub fn has_any(&self, wanted: &[Role]) -> bool {
        wanted.iter().any(|r| self.has(*r))
    }

    /// Whether `agency_id` is the caller's agency or below it.
    pub fn sees_agency(&self, conn: &mut DbConn, agency_id: &str) -> Result<bool, ApiError> {
        scope::contains(conn, &self.agency_id, agency_id)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.user_id.clone()),
            name: self.username.clone(),
            kind: self.kind,
            request_id: self.request_id.clone(),
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("missing Authorization: Bearer <token> header"))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("malformed Authorization header"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized("expected a Bearer token"));
    }
    Ok(token.trim().to_string())
}

/// Loads the caller for a verified token: the session must be live and the user active. Also says
/// whether the session may only enrol a second factor.
fn load(conn: &mut DbConn, user_id: &str, session_id: &str) -> Result<(Caller, bool), ApiError> {
    let row: Option<(String, String, String, bool)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session_id))
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now()))
        .filter(users::active.eq(true))
        .select((
            users::username,
            users::agency_id,
            users::roles,
            sessions::enrol_only,
        ))
        .first(conn)
        .optional()?;
    let (username, agency_id, stored_roles, enrol_only) =
        row.ok_or_else(|| ApiError::unauthorized("the session has ended; log in again"))?;
    let caller = Caller {
        user_id: user_id.to_string(),
        username,
        agency_id,
        roles: roles::decode(&stored_roles),
        session_id: session_id.to_string(),
        request_id: None,
        kind: crate::audit::ActorKind::User,
    };
    Ok((caller, enrol_only))
}

/// Loads the caller for an API key: not revoked, not expired, its service account active.
fn load_api_key(conn: &mut DbConn, token: &str) -> Result<Caller, ApiError> {
    use crate::db::schema::api_keys;
    let now = now();
    let row: Option<(String, String, String, String)> = api_keys::table
        .inner_join(users::table.on(users::id.eq(api_keys::user_id)))
        .filter(api_keys::key_hash.eq(super::tokens::token_hash(token)))
        .filter(api_keys::revoked_at.is_null())
        .filter(
            api_keys::expires_at
                .is_null()
                .or(api_keys::expires_at.gt(now)),
        )
        .filter(users::active.eq(true))
        .select((
            api_keys::user_id,
            api_keys::name,
            api_keys::agency_id,
            users::roles,
        ))
        .first(conn)
        .optional()?;
    let (user_id, name, agency_id, stored_roles) =
        row.ok_or_else(|| ApiError::unauthorized("unknown, expired or revoked API key"))?;
    Ok(Caller {
        user_id,
        username: name,
        agency_id,
        roles: roles::decode(&stored_roles),
        session_id: String::new(),
        request_id: None,
        kind: crate::audit::ActorKind::ApiKey,
    })
}

/// Counts the request against `who`'s allowance (`rate_limit`) and keeps where the caller stands
/// for the answer's headers.
async fn count(req: &HttpRequest, state: &AppState, who: &str) -> Result<(), ApiError> {
    let Some(limiter) = &state.rate_limiter else {
        return Ok(());
    };
    let (outcome, allowance) = match limiter.check(&state.db, who).await {
        Ok(allowance) => (Ok(()), allowance),
        Err((refused, allowance)) => (Err(refused), allowance),
    };
    req.extensions_mut().insert(allowance);
    outcome
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        let (method, path) = (req.method().clone(), req.path().to_string());
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let token = token?;
            let mut caller = if token.starts_with(API_KEY_PREFIX) {
                let caller = state.db.run(move |conn| load_api_key(conn, &token)).await?;
                count(&req, &state, &caller.user_id).await?;
                caller
            } else {
                let claims = state.tokens.verify(&token)?;
                // The signature proves the subject: count before loading the session.
                count(&req, &state, &claims.sub).await?;
                let (caller, enrol_only) = state
                    .db
                    .run(move |conn| load(conn, &claims.sub, &claims.sid))
                    .await?;
                if enrol_only && !super::totp::enrol_only_allows(&method, &path) {
                    return Err(ApiError::new(
                        actix_web::http::StatusCode::FORBIDDEN,
                        crate::error::ErrorCode::SecondFactorEnrolmentRequired,
                        "your role requires a second factor: enrol one at /me/totp first",
                    ));
                }
                caller
            };
            caller.request_id = request_id;
            Ok(caller)
        })
    }
}
