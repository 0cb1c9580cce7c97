//! Access tokens: HS256 JWTs, algorithm pinned, short-lived, with issuer, audience, subject and the
//! session id, which the caller extractor checks against the database on every request.

use base64::Engine;
use diesel::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::schema::settings;
use crate::db::DbConn;
use crate::error::ApiError;

pub const ISSUER: &str = "restrack";
pub const AUDIENCE: &str = "restrack-api";
const SECRET_SETTING: &str = "jwt_secret";
/// The one answer to an access token that does not verify.
pub const INVALID_TOKEN: &str = "invalid or expired token";

#[derive(Debug, Serialize, Deserialize, Clone)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session id; logout, password change and deactivation revoke it.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: i64,
}

impl TokenKeys {
    pub fn new(secret: &[u8], access_ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl_secs,
        }
    }

    pub fn issue(&self, user_id: &str, session_id: &str) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            sid: session_id.into(),
            iat: now,
            exp: now + self.access_ttl_secs,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(e.into()))
    }

    /// Checks an access token. Every failure gives the same answer, [`INVALID_TOKEN`]: the
    /// library's reason (which claim, which algorithm) helps an attacker more than a client, so it
    /// goes to the debug log only.
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| {
                tracing::debug!(reason = %e, "access token refused");
                ApiError::unauthorized(INVALID_TOKEN)
            })?;
        let claims = data.claims;
        // A token from the future (beyond a minute of clock skew) was not issued by us.
        if claims.iat > chrono::Utc::now().timestamp() + 60 {
            tracing::debug!(
                iat = claims.iat,
                "access token refused: issued in the future"
            );
            return Err(ApiError::unauthorized(INVALID_TOKEN));
        }
        Ok(claims)
    }
}

/// The signing key: `RESTRACK_JWT_SECRET` when set, else one generated on first start and kept
/// in the database so that every instance on the same database signs and checks alike.
pub fn load_or_create_secret(conn: &mut DbConn) -> Result<Vec<u8>, ApiError> {
    let existing: Option<String> = settings::table
        .find(SECRET_SETTING)
        .select(settings::value)
        .first(conn)
        .optional()?;
    if let Some(value) = existing {
        return Ok(value.into_bytes());
    }
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    let generated = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let inserted = diesel::insert_into(settings::table)
        .values((
            settings::key.eq(SECRET_SETTING),
            settings::value.eq(&generated),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(generated.into_bytes()),
        // Another instance created it first: use theirs.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(settings::table
            .find(SECRET_SETTING)
            .select(settings::value)
            .first::<String>(conn)?
            .into_bytes()),
        Err(e) => Err(e.into()),
    }
}

/// A new random opaque token (refresh tokens, API keys).
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// Opaque tokens are stored only as their SHA-256.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_and_verify() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 900);
        let t = keys.issue("u1", "s1").unwrap();
        let c = keys.verify(&t).unwrap();
        assert_eq!((c.sub.as_str(), c.sid.as_str()), ("u1", "s1"));
        let other = TokenKeys::new(b"another-secret-another-secret-xx", 900);
        let refused = other.verify(&t).unwrap_err();
        assert_eq!(refused.status.as_u16(), 401);
        assert_eq!(refused.detail, INVALID_TOKEN);
    }

    #[test]
    fn hs512_and_none_are_rejected() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let keys = TokenKeys::new(secret, 900);
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "u".into(),
            sid: "s".into(),
            iat: now,
            exp: now + 60,
        };
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert!(keys.verify(&hs512).is_err());
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let none = format!(
            "{}.{}.",
            b64(r#"{"alg":"none","typ":"JWT"}"#),
            b64(&serde_json::to_string(&claims).unwrap())
        );
        assert!(keys.verify(&none).is_err());
    }
}
