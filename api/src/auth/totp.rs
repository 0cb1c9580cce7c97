//! A second factor for local accounts: TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps,
//! one step of clock drift either way) from an authenticator app, and ten single-use recovery codes.
//!
//! - Enrolment: `POST /me/totp` gives a new secret (as text, an `otpauth://` URI and a QR code);
//!   `POST /me/totp/confirm` with a code from the app turns it on and returns the recovery codes,
//!   shown once (only their SHA-256 is kept).
//! - Login: a user with TOTP on gives `totp_code` (or a `recovery_code`) with the password; a code
//!   is accepted once (the time step it matched is kept, so a code seen over a shoulder or replayed
//!   is refused); wrong codes count as failed logins.
//! - Roles that require it (`PUT /settings/totp`, national administrators): a user with such a role
//!   and no TOTP gets a session that may only enrol (`GET /me`, `/me/totp…`, logout) until it
//!   confirms; a refresh applies a requirement added after the login, and refuses a session opened
//!   without the second factor once the user has turned it on.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};
use utoipa::ToSchema;
use validator::Validate;

use super::client::client_address;
use super::tokens::token_hash;
use super::{password, throttle, Caller, Role};
use crate::audit::{self, Change};
use crate::db::schema::{recovery_codes, sessions, settings, users};
use crate::db::{now, write_transaction, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{Json, Visible};
use crate::policy;
use crate::state::AppState;
use crate::users::UserRow;

const ISSUER: &str = "Resolution Tracker";
const STEP_SECS: u64 = 30;
const DIGITS: usize = 6;
const RECOVERY_CODES: usize = 10;
const REQUIRED_SETTING: &str = "totp_required_roles";

text_enum!(
    /// What a session proved at login besides the password.
    SecondFactor { Totp => "totp", Recovery => "recovery" }
);

fn totp_of(secret_b32: &str, account: &str) -> Result<TOTP, ApiError> {
    let bytes = Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored TOTP secret: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| ApiError::internal(anyhow::anyhow!("TOTP: {e:?}")))
}

fn unix_now() -> u64 {
    now().and_utc().timestamp().max(0) as u64
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The time step `code` is valid for (now, or one step either side), if later than `last`.
fn matching_step(totp: &TOTP, code: &str, at: u64, last: Option<i64>) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = (at / STEP_SECS) as i64;
    (step - 1..=step + 1)
        .filter(|s| last.is_none_or(|l| *s > l))
        .find(|s| same(&totp.generate(*s as u64 * STEP_SECS), code))
}

/// The roles whose holders must use a second factor.
pub fn required_roles(conn: &mut DbConn) -> Result<Vec<Role>, ApiError> {
    let stored: Option<String> = settings::table
        .find(REQUIRED_SETTING)
        .select(settings::value)
        .first(conn)
        .optional()?;
    Ok(stored.map(|s| super::roles::decode(&s)).unwrap_or_default())
}

fn required_for(conn: &mut DbConn, roles: &[Role]) -> Result<bool, ApiError> {
    let required = required_roles(conn)?;
    Ok(roles.iter().any(|r| required.contains(r)))
}

/// What a login proved and may do, decided after the password was verified.
pub struct LoginFactor {
    pub second_factor: Option<SecondFactor>,
    /// The user's roles require a second factor it has not enrolled: the session may only enrol.
    pub enrol_only: bool,
}

/// The second-factor step of a login, in its write transaction: an error refuses the login (and
/// the throttle keeps it as a failure).
pub fn at_login(
    conn: &mut DbConn,
    user_id: &str,
    totp_code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<LoginFactor, ApiError> {
    let (username, roles, secret, enabled, last): (
        String,
        String,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        Option<i64>,
    ) = users::table
        .find(user_id)
        .select((
            users::username,
            users::roles,
            users::totp_secret,
            users::totp_enabled_at,
            users::totp_last_step,
        ))
        .first(conn)?;
    let (Some(secret), Some(_)) = (secret, enabled) else {
        let enrol_only = required_for(conn, &super::roles::decode(&roles))?;
        return Ok(LoginFactor {
            second_factor: None,
            enrol_only,
        });
    };
    if let Some(code) = totp_code {
        let totp = totp_of(&secret, &username)?;
        let Some(step) = matching_step(&totp, code, unix_now(), last) else {
            return Err(invalid_code());
        };
        diesel::update(users::table.find(user_id))
            .set(users::totp_last_step.eq(Some(step)))
            .execute(conn)?;
        return Ok(LoginFactor {
            second_factor: Some(SecondFactor::Totp),
            enrol_only: false,
        });
    }
    if let Some(code) = recovery_code {
        let used = diesel::update(
            recovery_codes::table
                .filter(recovery_codes::user_id.eq(user_id))
                .filter(recovery_codes::code_hash.eq(token_hash(&normalise_recovery(code))))
                .filter(recovery_codes::used_at.is_null()),
        )
        .set(recovery_codes::used_at.eq(Some(now())))
        .execute(conn)?;
        if used == 0 {
            return Err(invalid_code());
        }
        return Ok(LoginFactor {
            second_factor: Some(SecondFactor::Recovery),
            enrol_only: false,
        });
    }
    Err(ApiError::new(
        actix_web::http::StatusCode::UNAUTHORIZED,
        ErrorCode::SecondFactorRequired,
        "this account uses a second factor: send totp_code (or a recovery_code) with the password",
    ))
}

fn invalid_code() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::UNAUTHORIZED,
        ErrorCode::SecondFactorInvalid,
        "wrong, expired or already used code",
    )
}

/// What a refresh must do about the second factor.
pub enum AtRefresh {
    Continue {
        enrol_only: bool,
    },
    /// The user turned TOTP on after this session's login without it: log in again.
    Refuse,
}

/// The second-factor rules at a refresh of `session_id` (see the module's documentation).
pub fn at_refresh(
    conn: &mut DbConn,
    user_id: &str,
    session_id: &str,
) -> Result<AtRefresh, ApiError> {
    let (roles, enabled): (String, Option<chrono::NaiveDateTime>) = users::table
        .find(user_id)
        .select((users::roles, users::totp_enabled_at))
        .first(conn)?;
    let (factor, enrol_only, method): (Option<String>, bool, String) = sessions::table
        .find(session_id)
        .select((
            sessions::second_factor,
            sessions::enrol_only,
            sessions::login_method,
        ))
        .first(conn)?;
    // The identity provider authenticated this session with its own factors: the TOTP of the
    // local account is about password logins.
    if super::handlers::SessionMethod::parse(&method) == Some(super::handlers::SessionMethod::Oidc)
    {
        return Ok(AtRefresh::Continue { enrol_only: false });
    }
    if enabled.is_some() {
        return Ok(if factor.is_some() {
            AtRefresh::Continue { enrol_only: false }
        } else {
            AtRefresh::Refuse
        });
    }
    let required = required_for(conn, &super::roles::decode(&roles))?;
    if required && !enrol_only {
        diesel::update(sessions::table.find(session_id))
            .set(sessions::enrol_only.eq(true))
            .execute(conn)?;
    }
    Ok(AtRefresh::Continue {
        enrol_only: required,
    })
}

/// What an enrol-only session may reach: who it is, the enrolment, and logging out.
pub fn enrol_only_allows(method: &actix_web::http::Method, path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    (method == actix_web::http::Method::GET && path == "/me")
        || path == "/me/totp"
        || path.starts_with("/me/totp/")
        || path == "/auth/logout"
        || path == "/auth/oidc/logout"
}

/// Recovery codes are compared without dashes, spaces or case.
fn normalise_recovery(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Ten codes of 10 characters (50 bits each), shown as `xxxxx-xxxxx`.
fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rng.fill_bytes(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// The caller's second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpStatus {
    /// TOTP is on: every login needs a code.
    pub enabled: bool,
    /// An enrolment was started and waits for its confirmation.
    pub pending: bool,
    /// One of the user's roles requires a second factor.
    pub required: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
}

/// A new TOTP secret for the authenticator app.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret in base32, to type into the app when the QR code cannot be scanned.
    pub secret: String,
    /// `otpauth://totp/…`: what the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG image.
    pub qr_svg: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// The 6-digit code the app shows now.
    #[validate(length(min = 1, max = 16))]
    #[schema(min_length = 1, max_length = 16, example = "123456")]
    pub code: String,
}

/// The recovery codes, shown once: each logs in once in place of a code from the app.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartTotp {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisableTotp {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
}

/// The roles whose holders must use a second factor.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpSettings {
    /// Each role at most once: there are six.
    #[schema(max_items = 6)]
    #[validate(length(max = 6))]
    pub required_roles: Vec<Role>,
}

fn status_of(conn: &mut DbConn, user_id: &str) -> Result<TotpStatus, ApiError> {
    let (roles, secret, enabled): (String, Option<String>, Option<chrono::NaiveDateTime>) =
        users::table
            .find(user_id)
            .select((users::roles, users::totp_secret, users::totp_enabled_at))
            .first(conn)?;
    let left: i64 = recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(TotpStatus {
        enabled: enabled.is_some(),
        pending: enabled.is_none() && secret.is_some(),
        required: required_for(conn, &super::roles::decode(&roles))?,
        recovery_codes_left: if enabled.is_some() { left } else { 0 },
    })
}

fn audit_user(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    user_id: &str,
    agency_id: &str,
) -> Result<(), ApiError> {
    audit::record::<(), ()>(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "user",
            entity_id: user_id,
            agency_id: Some(agency_id),
            before: None,
            after: None,
        },
    )
}

/// The caller's second factor: on, waiting for confirmation, required by a role.
#[utoipa::path(
    operation_id = "get_totp_status",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TotpStatus),
        (status = 403, description = "An API key has no second factor", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/totp")]
pub async fn totp_status(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<TotpStatus>, ApiError> {
    policy::own_sessions(&caller)?;
    let status = state
        .db
        .run(move |conn| status_of(conn, &caller.user_id))
        .await?;
    Ok(web::Json(status))
}

/// Starts (or restarts) the enrolment, with the current password: a new secret, not in force
/// until confirmed. The password keeps a stolen access token from putting its own second factor
/// on the account (and locking the owner out).
#[utoipa::path(
    tag = "auth",
    request_body = StartTotp,
    security(("bearer" = [])),
    responses(
        (status = 200, body = TotpEnrolment),
        (status = 403, description = "An API key has no second factor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "TOTP is already on (turn it off first)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (`current_password`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords for this username", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/me/totp")]
pub async fn start_totp(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: Json<StartTotp>,
) -> Result<web::Json<TotpEnrolment>, ApiError> {
    policy::own_sessions(&caller)?;
    let given = body.0.current_password;
    let address = client_address(&req, &state.config.trusted_proxies);
    let st = state.clone();
    let enrolment = state
        .db
        .run(move |conn| {
            let enabled: Option<chrono::NaiveDateTime> = users::table
                .find(&caller.user_id)
                .select(users::totp_enabled_at)
                .first(conn)?;
            if enabled.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::SecondFactorEnabled,
                    "TOTP is already on; turn it off first to enrol a new device",
                ));
            }
            with_current_password(conn, &st, &caller.user_id, &address, &given, |conn, _| {
                let mut bytes = [0u8; 20];
                rand::thread_rng().fill_bytes(&mut bytes);
                let Secret::Encoded(secret) = Secret::Raw(bytes.to_vec()).to_encoded() else {
                    unreachable!("to_encoded gives the encoded form");
                };
                diesel::update(users::table.find(&caller.user_id))
                    .set(users::totp_secret.eq(Some(&secret)))
                    .execute(conn)?;
                let uri = totp_of(&secret, &caller.username)?.get_url();
                let qr = qrcode::QrCode::new(uri.as_bytes())
                    .map_err(|e| ApiError::internal(anyhow::anyhow!("QR code: {e}")))?
                    .render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(200, 200)
                    .build();
                Ok(TotpEnrolment {
                    secret,
                    otpauth_uri: uri,
                    qr_svg: qr,
                })
            })
        })
        .await?;
    Ok(web::Json(enrolment))
}

/// Confirms the enrolment with a code from the app: TOTP is on for every later login, this
/// session counts as verified (an enrol-only session becomes a full one), and the ten recovery
/// codes are returned, once.
#[utoipa::path(
    tag = "auth",
    request_body = TotpCode,
    security(("bearer" = [])),
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 403, description = "An API key has no second factor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No enrolment started, or TOTP already on", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong or expired code (`code`)", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/totp/confirm")]
pub async fn confirm_totp(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<TotpCode>,
) -> Result<web::Json<RecoveryCodes>, ApiError> {
    policy::own_sessions(&caller)?;
    let code = body.0.code;
    let codes = state
        .db
        .write(move |conn| {
            let (secret, enabled, agency): (Option<String>, Option<chrono::NaiveDateTime>, String) =
                users::table
                    .find(&caller.user_id)
                    .select((users::totp_secret, users::totp_enabled_at, users::agency_id))
                    .first(conn)?;
            if enabled.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::SecondFactorEnabled,
                    "TOTP is already on",
                ));
            }
            let Some(secret) = secret else {
                return Err(ApiError::conflict(
                    ErrorCode::SecondFactorNotEnabled,
                    "start the enrolment first (POST /me/totp)",
                ));
            };
            let totp = totp_of(&secret, &caller.username)?;
            let Some(step) = matching_step(&totp, &code, unix_now(), None) else {
                return Err(ApiError::invalid(
                    "code",
                    "is not the code the app shows now",
                ));
            };
            let now = now();
            diesel::update(users::table.find(&caller.user_id))
                .set((
                    users::totp_enabled_at.eq(Some(now)),
                    users::totp_last_step.eq(Some(step)),
                ))
                .execute(conn)?;
            diesel::delete(
                recovery_codes::table.filter(recovery_codes::user_id.eq(&caller.user_id)),
            )
            .execute(conn)?;
            let codes = new_recovery_codes();
            for c in &codes {
                diesel::insert_into(recovery_codes::table)
                    .values((
                        recovery_codes::user_id.eq(&caller.user_id),
                        recovery_codes::code_hash.eq(token_hash(&normalise_recovery(c))),
                        recovery_codes::created_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            diesel::update(sessions::table.find(&caller.session_id))
                .set((
                    sessions::second_factor.eq(Some(SecondFactor::Totp.as_str())),
                    sessions::enrol_only.eq(false),
                ))
                .execute(conn)?;
            audit_user(
                conn,
                &caller,
                "second_factor_enabled",
                &caller.user_id,
                &agency,
            )?;
            Ok(codes)
        })
        .await?;
    Ok(web::Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turns TOTP off, with the current password; refused while a role requires it.
#[utoipa::path(
    tag = "auth",
    request_body = DisableTotp,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Off; the recovery codes are deleted"),
        (status = 403, description = "An API key has no second factor", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not on, or required by one of the user's roles", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (`current_password`)", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/totp/disable")]
pub async fn disable_totp(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: Json<DisableTotp>,
) -> Result<HttpResponse, ApiError> {
    policy::own_sessions(&caller)?;
    let given = body.0.current_password;
    let address = client_address(&req, &state.config.trusted_proxies);
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            let status = status_of(conn, &caller.user_id)?;
            if !status.enabled && !status.pending {
                return Err(ApiError::conflict(
                    ErrorCode::SecondFactorNotEnabled,
                    "TOTP is not on",
                ));
            }
            if status.required {
                return Err(ApiError::conflict(
                    ErrorCode::SecondFactorRequiredByRole,
                    "one of your roles requires a second factor",
                ));
            }
            with_current_password(conn, &st, &caller.user_id, &address, &given, |c, agency| {
                clear(c, &caller.user_id)?;
                audit_user(
                    c,
                    &caller,
                    "second_factor_disabled",
                    &caller.user_id,
                    agency,
                )
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Checks the caller's current password under the login's throttle (a stolen access token gives
/// neither a second factor of its own nor unlimited guesses), then runs `then` in a write
/// transaction with the user's agency. A wrong password is 422 on `current_password` and counts
/// as a failed login of that username.
fn with_current_password<T>(
    conn: &mut DbConn,
    st: &AppState,
    user_id: &str,
    address: &str,
    given: &str,
    then: impl FnOnce(&mut DbConn, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let (username, stored, agency): (String, String, String) = users::table
        .find(user_id)
        .select((users::username, users::password_hash, users::agency_id))
        .first(conn)?;
    let limits = st.login_limits();
    throttle::reserve(conn, limits, &username, address)?;
    if !password::verify(given, &stored) {
        return Err(ApiError::invalid("current_password", "is not correct"));
    }
    write_transaction(conn, |c| {
        throttle::record_success(c, limits, &username)?;
        then(c, &agency)
    })
}

fn clear(conn: &mut DbConn, user_id: &str) -> Result<(), ApiError> {
    diesel::update(users::table.find(user_id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_enabled_at.eq(None::<chrono::NaiveDateTime>),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}

/// Resets a login's second factor (a lost phone and lost recovery codes), for whoever manages the
/// login: TOTP off, recovery codes deleted, every session ended; the user enrols again at its next
/// login (at once, when a role requires it).
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Reset; the user's sessions are ended"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/users/{id}/totp")]
pub async fn reset_user_totp(
    state: web::Data<AppState>,
    user: Visible<UserRow>,
) -> Result<HttpResponse, ApiError> {
    super::sessions::check_manages(&user.caller, &user.object)?;
    let (caller, target) = (user.caller, user.object);
    state
        .db
        .write(move |conn| {
            clear(conn, &target.id)?;
            super::handlers::revoke_sessions(conn, &target.id, None, "second_factor_reset")?;
            audit_user(
                conn,
                &caller,
                "second_factor_reset",
                &target.id,
                &target.agency_id,
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The roles whose holders must use a second factor (everyone may read it).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = TotpSettings))
)]
#[get("/settings/totp")]
pub async fn get_totp_settings(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<web::Json<TotpSettings>, ApiError> {
    let roles = state.db.run(required_roles).await?;
    Ok(web::Json(TotpSettings {
        required_roles: roles,
    }))
}

/// Sets the roles whose holders must use a second factor (administrators of the top agency): it
/// holds from their next login or refresh.
#[utoipa::path(
    tag = "auth",
    request_body = TotpSettings,
    security(("bearer" = [])),
    responses(
        (status = 200, body = TotpSettings),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/totp")]
pub async fn put_totp_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<TotpSettings>,
) -> Result<web::Json<TotpSettings>, ApiError> {
    let mut roles = body.0.required_roles;
    roles.sort_by_key(|r| r.as_str());
    roles.dedup();
    let stored = roles.clone();
    state
        .db
        .write(move |conn| {
            let top: Option<Option<String>> = crate::db::schema::agencies::table
                .find(&caller.agency_id)
                .select(crate::db::schema::agencies::parent_id)
                .first(conn)
                .optional()?;
            policy::security_settings(&caller, matches!(top, Some(None)))?;
            let before = required_roles(conn)?;
            let value = serde_json::to_string(&stored)?;
            diesel::delete(settings::table.find(REQUIRED_SETTING)).execute(conn)?;
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(REQUIRED_SETTING),
                    settings::value.eq(value),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "update_totp_settings",
                    entity_type: "settings",
                    entity_id: REQUIRED_SETTING,
                    agency_id: Some(&caller.agency_id),
                    before: Some(&TotpSettings {
                        required_roles: before,
                    }),
                    after: Some(&TotpSettings {
                        required_roles: stored,
                    }),
                },
            )
        })
        .await?;
    Ok(web::Json(TotpSettings {
        required_roles: roles,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_totp() -> TOTP {
        totp_of("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "lan").unwrap()
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_once() {
        let t = app_totp();
        let at = 1_800_000_000u64;
        let step = (at / 30) as i64;
        let now_code = t.generate(at);
        assert_eq!(matching_step(&t, &now_code, at, None), Some(step));
        assert_eq!(
            matching_step(&t, &t.generate(at - 30), at, None),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(&t, &t.generate(at + 30), at, None),
            Some(step + 1)
        );
        assert_eq!(matching_step(&t, &t.generate(at - 60), at, None), None);
        // Used once: refused again, and so is an older one.
        assert_eq!(matching_step(&t, &now_code, at, Some(step)), None);
        assert_eq!(
            matching_step(&t, &t.generate(at - 30), at, Some(step)),
            None
        );
        assert_eq!(matching_step(&t, "12345", at, None), None);
        assert_eq!(matching_step(&t, "abcdef", at, None), None);
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238, appendix B: SHA-1, T = 59 s → 94287082 (8 digits); the last 6 digits here.
        let t = TOTP::new(
            Algorithm::SHA1,
            6,
            1,
            30,
            b"12345678901234567890".to_vec(),
            None,
            "x".into(),
        )
        .unwrap();
        assert_eq!(t.generate(59), "287082");
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), 10);
        assert_eq!(normalise_recovery(" ABCDE-fghij "), "abcdefghij");
    }

    #[test]
    fn an_enrol_only_session_reaches_the_enrolment_and_nothing_else() {
        use actix_web::http::Method;
        assert!(enrol_only_allows(&Method::GET, "/api/v1/me"));
        assert!(enrol_only_allows(&Method::POST, "/api/v1/me/totp"));
        assert!(enrol_only_allows(&Method::POST, "/api/v1/me/totp/confirm"));
        assert!(enrol_only_allows(&Method::POST, "/api/v1/auth/logout"));
        assert!(enrol_only_allows(&Method::POST, "/api/v1/auth/oidc/logout"));
        assert!(!enrol_only_allows(&Method::GET, "/api/v1/tasks"));
        assert!(!enrol_only_allows(&Method::POST, "/api/v1/me/password"));
        assert!(!enrol_only_allows(&Method::GET, "/api/v1/me/totpx"));
    }
}
