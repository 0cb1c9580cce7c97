use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::client::client_address;
use super::tokens::{random_token, token_hash};
use super::{password, throttle, Caller};
use crate::agencies::{Agency, AgencyRow};
use crate::audit::{self, Actor, Change};
use crate::db::schema::{agencies, refresh_tokens, sessions, users};
use crate::db::{new_id, now, write_transaction, DbConn};
use crate::error::{ApiError, RequestId};
use crate::extract::Json;
use crate::state::AppState;
use crate::users::UserRow;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
    /// The authenticator app's current code, for an account with TOTP on.
    #[validate(length(min = 1, max = 16))]
    #[schema(min_length = 1, max_length = 16, example = "123456")]
    #[serde(default)]
    pub totp_code: Option<String>,
    /// One of the account's recovery codes, in place of `totp_code` (each works once).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, example = "k3m9p-x7q2a")]
    #[serde(default)]
    pub recovery_code: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// A short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; each works once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// One of the user's roles requires a second factor it has not enrolled: until it confirms
    /// one (`/me/totp`), this session reaches only `GET /me`, `/me/totp…` and the logout (others
    /// answer 403 `second_factor_enrolment_required`).
    pub second_factor_enrolment_required: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
    /// 10–128 characters, not guessable (see `docs/security.md`).
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

/// The logged-in user, with the agency and roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub agency_id: String,
    pub roles: Vec<crate::auth::Role>,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub agency: Agency,
    /// What the caller may do at all: the menu and the "create" buttons of the web app (each
    /// object's view says what may be done to it).
    pub actions: crate::policy::MeActions,
}

pub(crate) fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(256).collect())
}

pub(crate) fn request_id(req: &HttpRequest) -> Option<String> {
    use actix_web::HttpMessage;
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

text_enum!(
    /// How a session's login was authenticated.
    SessionMethod {
        /// Username and password (with a second factor when the account has one).
        Password => "password",
        /// The OpenID Connect identity provider (its own factors).
        Oidc => "oidc",
    }
);

/// What a login proved.
pub(crate) enum LoginMethod {
    Password(super::totp::LoginFactor),
    /// Through the identity provider, with its ID token (the hint for its logout).
    Oidc {
        id_token: String,
    },
}

/// Creates a session with its first refresh token and returns the token pair.
pub(crate) fn open_session(
    conn: &mut DbConn,
    state: &AppState,
    user_id: &str,
    address: &str,
    agent: Option<String>,
    method: LoginMethod,
) -> Result<TokenPair, ApiError> {
    let (kind, factor, id_token) = match method {
        LoginMethod::Password(factor) => (SessionMethod::Password, factor, None),
        LoginMethod::Oidc { id_token } => (
            SessionMethod::Oidc,
            super::totp::LoginFactor {
                second_factor: None,
                enrol_only: false,
            },
            Some(id_token),
        ),
    };
    let session_id = new_id();
    let now = now();
    let expires = now
        + TimeDelta::seconds(
            state
                .config
                .refresh_token_ttl_secs
                .min(state.config.session_max_age_secs),
        );
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&session_id),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires),
            sessions::client_address.eq(address),
            sessions::user_agent.eq(agent),
            sessions::second_factor.eq(factor.second_factor.map(|f| f.as_str())),
            sessions::enrol_only.eq(factor.enrol_only),
            sessions::login_method.eq(kind.as_str()),
            sessions::id_token.eq(id_token),
        ))
        .execute(conn)?;
    let refresh_token = random_token("rt_");
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash(&refresh_token)),
            refresh_tokens::session_id.eq(&session_id),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires),
        ))
        .execute(conn)?;
    Ok(TokenPair {
        access_token: state.tokens.issue(user_id, &session_id)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.access_ttl_secs,
        second_factor_enrolment_required: factor.enrol_only,
    })
}

/// Revokes one session, or every live session of a user.
pub fn revoke_sessions(
    conn: &mut DbConn,
    user_id: &str,
    only_session: Option<&str>,
    reason: &str,
) -> Result<usize, ApiError> {
    let mut q = diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .into_boxed();
    if let Some(id) = only_session {
        q = q.filter(sessions::id.eq(id));
    }
    Ok(q.set((
        sessions::revoked_at.eq(Some(now())),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)?)
}

/// Logs in with username and password.
///
/// Failed attempts are throttled per username and per client address (behind a trusted proxy, the
/// address its `X-Forwarded-For` names). Past the username's limit the answer is 429 with
/// `Retry-After`, even for the right password; past the address's limit a wrong password is 429
/// instead of 401, while the right password of a user not under attack still logs in.
#[utoipa::path(
    operation_id = "auth_login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Wrong username or password", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let LoginRequest {
        username,
        password: given,
        totp_code,
        recovery_code,
    } = body.0;
    let address = client_address(&req, &state.config.trusted_proxies);
    let agent = user_agent(&req);
    let rid = request_id(&req);
    let st = state.clone();
    let pair = state
        .db
        .run(move |conn| {
            let limits = st.login_limits();
            // Counted before the check, so parallel guesses cannot slip through one count.
            let reservation = throttle::reserve(conn, limits, &username, &address)?;
            let user: Option<(String, String, bool)> = users::table
                .filter(users::username.eq(&username))
                .filter(users::is_service.eq(false))
                .select((users::id, users::password_hash, users::active))
                .first(conn)
                .optional()?;
            let verified = match &user {
                Some((_, hash, true)) => password::verify(&given, hash),
                _ => {
                    password::verify_against_dummy(&given);
                    false
                }
            };
            let Some((user_id, _, _)) = user.filter(|_| verified) else {
                // The reservation stays: it is this failure.
                if let Some(wait) = reservation.address_retry_after {
                    return Err(ApiError::too_many_requests(wait));
                }
                return Ok(None);
            };
            write_transaction(conn, |c| {
                // A wrong or missing second factor refuses the login; the reservation stays as
                // this failure.
                let factor = super::totp::at_login(
                    c,
                    &user_id,
                    totp_code.as_deref(),
                    recovery_code.as_deref(),
                )?;
                throttle::record_success(c, limits, &username)?;
                let pair = open_session(
                    c,
                    &st,
                    &user_id,
                    &address,
                    agent,
                    LoginMethod::Password(factor),
                )?;
                let actor = Actor {
                    id: Some(user_id.clone()),
                    name: username.clone(),
                    kind: crate::audit::ActorKind::User,
                    request_id: rid,
                };
                audit_session(c, &actor, "login", &user_id)?;
                Ok(Some(pair))
            })
        })
        .await?;
    pair.map(web::Json)
        .ok_or_else(|| ApiError::unauthorized("wrong username or password"))
}

pub(crate) fn audit_session(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    let agency: Option<String> = users::table
        .find(user_id)
        .select(users::agency_id)
        .first(conn)
        .optional()?;
    audit::record::<(), ()>(
        conn,
        actor,
        Change {
            action,
            entity_type: "session",
            entity_id: user_id,
            agency_id: agency.as_deref(),
            before: None,
            after: None,
        },
    )
}

enum RefreshOutcome {
    Issued(TokenPair),
    Rejected(&'static str),
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting a used one
/// again revokes the whole session (it was probably stolen). A session ends after its idle time
/// without a refresh, and in any case at its maximum lifetime after the login; then log in again.
#[utoipa::path(
    operation_id = "auth_refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Unknown, used or expired refresh token", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let hash = token_hash(&body.0.refresh_token);
    let st = state.clone();
    let outcome = state
        .db
        .write(move |conn| {
            let found: Option<(String, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime)> =
                refresh_tokens::table
                    .find(&hash)
                    .select((
                        refresh_tokens::session_id,
                        refresh_tokens::used_at,
                        refresh_tokens::expires_at,
                    ))
                    .first(conn)
                    .optional()?;
            let Some((session_id, used_at, expires_at)) = found else {
                return Ok(RefreshOutcome::Rejected("unknown refresh token"));
            };
            type SessionState = (
                String,
                Option<chrono::NaiveDateTime>,
                bool,
                chrono::NaiveDateTime,
            );
            let session: Option<SessionState> = sessions::table
                .inner_join(users::table)
                .filter(sessions::id.eq(&session_id))
                .select((
                    users::id,
                    sessions::revoked_at,
                    users::active,
                    sessions::created_at,
                ))
                .first(conn)
                .optional()?;
            let Some((user_id, revoked_at, active, created_at)) = session else {
                return Ok(RefreshOutcome::Rejected("unknown refresh token"));
            };
            if used_at.is_some() {
                revoke_sessions(conn, &user_id, Some(&session_id), "refresh_token_reuse")?;
                return Ok(RefreshOutcome::Rejected(
                    "this refresh token was already used; the session is revoked",
                ));
            }
            let now = now();
            // However often it is refreshed, a session ends this long after its login.
            let end_of_life = created_at + TimeDelta::seconds(st.config.session_max_age_secs);
            if revoked_at.is_none() && end_of_life <= now {
                revoke_sessions(conn, &user_id, Some(&session_id), "max_age")?;
                return Ok(RefreshOutcome::Rejected(
                    "the session reached its maximum lifetime; log in again",
                ));
            }
            if revoked_at.is_some() || !active || expires_at <= now {
                return Ok(RefreshOutcome::Rejected(
                    "the session has ended; log in again",
                ));
            }
            let enrol_only = match super::totp::at_refresh(conn, &user_id, &session_id)? {
                super::totp::AtRefresh::Continue { enrol_only } => enrol_only,
                super::totp::AtRefresh::Refuse => {
                    revoke_sessions(conn, &user_id, Some(&session_id), "second_factor")?;
                    return Ok(RefreshOutcome::Rejected(
                        "a second factor is on for this account since this session began; log in again with it",
                    ));
                }
            };
            let expires =
                (now + TimeDelta::seconds(st.config.refresh_token_ttl_secs)).min(end_of_life);
            diesel::update(refresh_tokens::table.find(&hash))
                .set(refresh_tokens::used_at.eq(Some(now)))
                .execute(conn)?;
            let new_token = random_token("rt_");
            diesel::insert_into(refresh_tokens::table)
                .values((
                    refresh_tokens::token_hash.eq(token_hash(&new_token)),
                    refresh_tokens::session_id.eq(&session_id),
                    refresh_tokens::created_at.eq(now),
                    refresh_tokens::expires_at.eq(expires),
                ))
                .execute(conn)?;
            diesel::update(sessions::table.find(&session_id))
                .set(sessions::expires_at.eq(expires))
                .execute(conn)?;
            Ok(RefreshOutcome::Issued(TokenPair {
                access_token: st.tokens.issue(&user_id, &session_id)?,
                refresh_token: new_token,
                token_type: "Bearer".into(),
                expires_in: st.tokens.access_ttl_secs,
                second_factor_enrolment_required: enrol_only,
            }))
        })
        .await?;
    match outcome {
        RefreshOutcome::Issued(pair) => Ok(web::Json(pair)),
        RefreshOutcome::Rejected(why) => Err(ApiError::unauthorized(why)),
    }
}

/// Ends the current session: its access and refresh tokens stop working at once.
#[utoipa::path(
    operation_id = "auth_logout",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "Logged out"))
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    state
        .db
        .write(move |conn| end_current_session(conn, &caller))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends the caller's own session (both logouts): revoked at once and audited. Answers the
/// provider's ID token of a session opened through single sign-on (the hint of its logout).
pub(crate) fn end_current_session(
    conn: &mut DbConn,
    caller: &Caller,
) -> Result<Option<String>, ApiError> {
    let id_token: Option<String> = sessions::table
        .find(&caller.session_id)
        .select(sessions::id_token)
        .first(conn)?;
    revoke_sessions(conn, &caller.user_id, Some(&caller.session_id), "logout")?;
    audit_session(conn, &caller.actor(), "logout", &caller.user_id)?;
    Ok(id_token)
}

/// The logged-in user, its agency and roles.
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = Me))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Me>, ApiError> {
    let me = state
        .db
        .run(move |conn| {
            let (user, agency): (UserRow, AgencyRow) = users::table
                .inner_join(agencies::table)
                .filter(users::id.eq(&caller.user_id))
                .select((UserRow::as_select(), AgencyRow::as_select()))
                .first(conn)?;
            Ok(Me {
                actions: crate::policy::me_actions(
                    &caller,
                    crate::sectors::heads_a_line(conn, &caller.agency_id)?,
                ),
                agency: Agency::view(agency, &caller),
                roles: crate::auth::roles::decode(&user.roles),
                id: user.id,
                username: user.username,
                display_name: user.display_name,
                agency_id: user.agency_id,
                active: user.active,
                created_at: user.created_at.and_utc(),
                updated_at: user.updated_at.and_utc(),
            })
        })
        .await?;
    Ok(web::Json(me))
}

/// Changes the caller's password. Every session of the user is revoked, this one included: log in
/// again with the new password. A wrong current password counts as a failed login of the user:
/// past the limit the answer is 429.
#[utoipa::path(
    operation_id = "change_my_password",
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Password changed; all sessions revoked"),
        (status = 403, description = "An API key has no password", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    crate::policy::change_own_password(&caller)?;
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.0;
    if new_password == current_password {
        return Err(ApiError::invalid(
            "new_password",
            "must differ from the current password",
        ));
    }
    let address = client_address(&req, &state.config.trusted_proxies);
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            let (username, display_name, stored): (String, String, String) = users::table
                .find(&caller.user_id)
                .select((users::username, users::display_name, users::password_hash))
                .first(conn)?;
            if let Some(problem) =
                password::check_policy(&new_password, &[&username, &display_name])
            {
                return Err(ApiError::invalid("new_password", problem));
            }
            // The same throttle as the login: a stolen access token does not allow unlimited
            // guesses at the password behind it.
            let limits = st.login_limits();
            throttle::reserve(conn, limits, &username, &address)?;
            if !password::verify(&current_password, &stored) {
                return Err(ApiError::invalid("current_password", "is not correct"));
            }
            let new_hash = password::hash(&new_password)?;
            write_transaction(conn, |c| {
                throttle::record_success(c, limits, &username)?;
                diesel::update(users::table.find(&caller.user_id))
                    .set((
                        users::password_hash.eq(&new_hash),
                        users::updated_at.eq(now()),
                        users::version.eq(users::version + 1),
                    ))
                    .execute(c)?;
                revoke_sessions(c, &caller.user_id, None, "password_changed")?;
                audit_session(c, &caller.actor(), "password_change", &caller.user_id)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
