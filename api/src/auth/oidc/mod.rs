//! Single sign-on through an OpenID Connect provider (authorization code flow with PKCE, `state`
//! and `nonce`), with the `openidconnect` crate.
//!
//! The provider authenticates; this system decides agency and roles: the configured claim of the
//! verified ID token must equal the username of an active account here (usernames are set by
//! administrators; the e-mail address is not used, because its owner edits it).
//!
//! 1. `POST /auth/oidc/start` keeps the login under way in the database (the `state` as a hash,
//!    the `nonce`, the PKCE verifier, where to go afterwards), binds it to the browser with an
//!    HttpOnly cookie and answers the provider's authorization address.
//! 2. The provider sends the browser back to the web app's `/login/oidc?code&state`, which posts
//!    them to `POST /auth/oidc/callback`: the `state` is taken (it works once, in the browser that
//!    started it), the code is exchanged with the verifier, the ID token's signature (the
//!    provider's JWKS, read again once when a key id is unknown: key rotation), issuer, audience,
//!    expiry and nonce are checked, and a session opens like a password login's.
//! 3. `POST /auth/oidc/logout` ends the session and answers the provider's logout address
//!    (RP-initiated logout) when the session came from it and the provider offers one.

mod provider;

use std::sync::Arc;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use self::provider::refused;
pub use self::provider::Provider;
use super::handlers::{open_session, request_id, user_agent, LoginMethod, TokenPair};
use super::tokens::{random_token, token_hash};
use super::Caller;
use crate::audit::{Actor, ActorKind};
use crate::db::now;
use crate::db::schema::{oidc_logins, users};
use crate::error::{ApiError, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;

/// The cookie that binds a login under way to the browser that started it.
const BROWSER_COOKIE: &str = "restrack_oidc";
/// The cookie is sent only to these endpoints.
const COOKIE_PATH: &str = "/api/v1/auth/oidc";
/// A login under way must come back within this time.
const PENDING_SECS: i64 = 600;

fn provider(state: &AppState) -> Result<&Arc<Provider>, ApiError> {
    state.oidc.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::SsoNotConfigured,
            "single sign-on is not configured on this server (RESTRACK_OIDC_ISSUER)",
        )
    })
}

/// Whether the login page offers single sign-on, and under which name.
#[derive(Debug, Serialize, ToSchema)]
pub struct SsoInfo {
    pub enabled: bool,
    /// The provider's name for the button, when enabled.
    pub name: Option<String>,
}

/// Whether single sign-on through the identity provider is offered.
#[utoipa::path(tag = "auth", responses((status = 200, body = SsoInfo)))]
#[get("/auth/oidc")]
pub async fn sso_info(state: web::Data<AppState>) -> web::Json<SsoInfo> {
    web::Json(SsoInfo {
        enabled: state.oidc.is_some(),
        name: state.oidc.as_ref().map(|p| p.display_name().to_string()),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoStartRequest {
    /// Where the web app goes after the login: a path of this site (`/tasks/…`).
    #[validate(length(min = 1, max = 512))]
    #[schema(min_length = 1, max_length = 512, example = "/tasks")]
    #[serde(default)]
    pub return_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SsoStart {
    /// Send the browser here: the provider's sign-in page.
    pub authorization_url: String,
}

/// A path of this site, never another site's address (no open redirect).
fn local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// Starts a login through the identity provider.
///
/// Answers the provider's authorization address and sets an HttpOnly cookie that binds this
/// login to the browser: the callback is accepted only with it, within ten minutes, once.
#[utoipa::path(
    tag = "auth",
    request_body = SsoStartRequest,
    responses(
        (status = 200, body = SsoStart, headers(("Set-Cookie" = String, description = "restrack_oidc, HttpOnly, SameSite=Strict"))),
        (status = 404, description = "Single sign-on is not configured", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 502, description = "The identity provider cannot be reached", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/oidc/start")]
pub async fn sso_start(
    state: web::Data<AppState>,
    body: Json<SsoStartRequest>,
) -> Result<HttpResponse, ApiError> {
    let provider = provider(&state)?.clone();
    let return_to = body.0.return_to;
    if let Some(path) = &return_to {
        if !local_path(path) {
            return Err(ApiError::invalid(
                "return_to",
                "must be a path of this site, starting with a single /",
            ));
        }
    }
    let login = provider.authorize().await?;
    let browser = random_token("ob_");
    let row = (
        oidc_logins::state_hash.eq(token_hash(&login.state)),
        oidc_logins::browser_hash.eq(token_hash(&browser)),
        oidc_logins::nonce.eq(login.nonce),
        oidc_logins::pkce_verifier.eq(login.verifier),
        oidc_logins::return_to.eq(return_to),
        oidc_logins::created_at.eq(now()),
        oidc_logins::expires_at.eq(now() + TimeDelta::seconds(PENDING_SECS)),
    );
    state
        .db
        .write(move |conn| {
            // Logins abandoned at the provider.
            diesel::delete(oidc_logins::table.filter(oidc_logins::expires_at.lt(now())))
                .execute(conn)?;
            diesel::insert_into(oidc_logins::table)
                .values(row)
                .execute(conn)?;
            Ok(())
        })
        .await?;
    let cookie = Cookie::build(BROWSER_COOKIE, browser)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(provider.over_https())
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(PENDING_SECS))
        .finish();
    Ok(HttpResponse::Ok().cookie(cookie).json(SsoStart {
        authorization_url: login.url,
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoCallbackRequest {
    /// The `code` the provider sent back.
    #[validate(length(min = 1, max = 2048))]
    #[schema(min_length = 1, max_length = 2048)]
    pub code: String,
    /// The `state` the provider sent back.
    #[validate(length(min = 1, max = 512))]
    #[schema(min_length = 1, max_length = 512)]
    pub state: String,
    /// The `iss` the provider sent back (RFC 9207), when it sends one.
    #[validate(length(min = 1, max = 2048))]
    #[schema(min_length = 1, max_length = 2048)]
    #[serde(default)]
    pub iss: Option<String>,
}

/// The session's tokens and where the web app goes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct SsoLogin {
    #[serde(flatten)]
    pub tokens: TokenPair,
    /// The `return_to` given at the start, if any.
    pub return_to: Option<String>,
}

struct Pending {
    browser_hash: String,
    nonce: String,
    verifier: String,
    return_to: Option<String>,
    expires_at: chrono::NaiveDateTime,
}

/// Takes the login under way named by `state`: it works once, whatever happens next.
async fn take_pending(state: &AppState, state_param: &str) -> Result<Option<Pending>, ApiError> {
    let hash = token_hash(state_param);
    state
        .db
        .write(move |conn| {
            let row: Option<(
                String,
                String,
                String,
                Option<String>,
                chrono::NaiveDateTime,
            )> = oidc_logins::table
                .find(&hash)
                .select((
                    oidc_logins::browser_hash,
                    oidc_logins::nonce,
                    oidc_logins::pkce_verifier,
                    oidc_logins::return_to,
                    oidc_logins::expires_at,
                ))
                .first(conn)
                .optional()?;
            diesel::delete(oidc_logins::table.find(&hash)).execute(conn)?;
            Ok(row.map(
                |(browser_hash, nonce, verifier, return_to, expires_at)| Pending {
                    browser_hash,
                    nonce,
                    verifier,
                    return_to,
                    expires_at,
                },
            ))
        })
        .await
}

/// Completes a login through the identity provider.
///
/// Takes the `code` and `state` the provider sent to the web app's `/login/oidc`. Refused with 401
/// and no session when the `state` is unknown, used, expired or from another browser
/// (`sso_state_invalid`), when the provider refuses the code (`sso_code_refused`), when the ID
/// token's signature, issuer, audience, expiry or nonce is wrong (`sso_token_invalid`), or when no
/// active account here has the configured claim's value as its username (`sso_user_unknown`).
#[utoipa::path(
    tag = "auth",
    request_body = SsoCallbackRequest,
    responses(
        (status = 200, body = SsoLogin),
        (status = 401, description = "The sign-in was refused; nothing was opened", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Single sign-on is not configured", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 502, description = "The identity provider cannot be reached", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/oidc/callback")]
pub async fn sso_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<SsoCallbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let provider = provider(&state)?.clone();
    let SsoCallbackRequest {
        code,
        state: state_param,
        iss,
    } = body.0;
    let pending = take_pending(&state, &state_param).await?;
    let browser = req.cookie(BROWSER_COOKIE).map(|c| token_hash(c.value()));
    let Some(pending) = pending.filter(|p| p.expires_at > now()) else {
        return Err(refused(
            ErrorCode::SsoStateInvalid,
            "this sign-in is unknown, already used or expired; start again",
        ));
    };
    if browser.as_deref() != Some(pending.browser_hash.as_str()) {
        return Err(refused(
            ErrorCode::SsoStateInvalid,
            "this sign-in was started in another browser; start again",
        ));
    }
    let identity = provider
        .sign_in(code, iss.as_deref(), pending.verifier, pending.nonce)
        .await?;
    let value = identity.claim_value;
    let raw = identity.id_token;
    let claim = provider.claim().to_string();
    let address = super::client::client_address(&req, &state.config.trusted_proxies);
    let agent = user_agent(&req);
    let rid = request_id(&req);
    let st = state.clone();
    let tokens = state
        .db
        .write(move |conn| {
            let found: Option<(String, String)> = users::table
                .filter(users::username.eq(&value))
                .filter(users::active.eq(true))
                .filter(users::is_service.eq(false))
                .select((users::id, users::username))
                .first(conn)
                .optional()?;
            let Some((user_id, username)) = found else {
                return Err(refused(
                    ErrorCode::SsoUserUnknown,
                    format!("no active account here has this identity's {claim} as its username"),
                ));
            };
            let pair = open_session(
                conn,
                &st,
                &user_id,
                &address,
                agent,
                LoginMethod::Oidc { id_token: raw },
            )?;
            let actor = Actor {
                id: Some(user_id.clone()),
                name: username,
                kind: ActorKind::User,
                request_id: rid,
            };
            super::handlers::audit_session(conn, &actor, "sso_login", &user_id)?;
            Ok(pair)
        })
        .await?;
    let gone = Cookie::build(BROWSER_COOKIE, "")
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::ZERO)
        .finish();
    Ok(HttpResponse::Ok().cookie(gone).json(SsoLogin {
        tokens,
        return_to: pending.return_to,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SsoLogout {
    /// Send the browser here to end the provider's session too (RP-initiated logout); `null` for
    /// a password session or a provider without a logout endpoint.
    pub end_session_url: Option<String>,
}

/// Ends the current session, like `/auth/logout`, and answers the identity provider's logout
/// address when the session came from it.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = SsoLogout))
)]
#[post("/auth/oidc/logout")]
pub async fn sso_logout(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<SsoLogout>, ApiError> {
    let id_token = state
        .db
        .write(move |conn| super::handlers::end_current_session(conn, &caller))
        .await?;
    let end_session_url = match (&state.oidc, id_token) {
        (Some(provider), Some(token)) => provider.logout_url(&token).await,
        _ => None,
    };
    Ok(web::Json(SsoLogout { end_session_url }))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn return_to_stays_on_this_site() {
        assert!(local_path("/tasks/1?x=2"));
        assert!(!local_path("//evil.example/x"));
        assert!(!local_path("https://evil.example"));
        assert!(!local_path("/\\evil.example"));
        assert!(!local_path("/a\nb"));
        assert!(!local_path("tasks"));
    }
}
