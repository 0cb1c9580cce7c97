//! The identity provider as this server sees it: its discovery document and keys (cached, read
//! again on an unknown key id), the authorization address of a new login, and the exchange of the
//! code for a verified ID token and the claim that names the account.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenClaims};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError,
    TokenResponse,
};

use crate::config::OidcConfig;
use crate::error::{ApiError, ErrorCode};

/// The provider's discovery document and keys are read again after this time.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// A login to start at the provider: where to send the browser, and what to keep until it comes
/// back (the `state`, the `nonce` and the PKCE verifier).
pub(super) struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// What a verified ID token says: the configured claim's value, and the token itself (the hint
/// of the provider's logout).
pub(super) struct Identity {
    pub claim_value: String,
    pub id_token: String,
}

/// The configured provider, with its discovery document and keys once read.
pub struct Provider {
    config: OidcConfig,
    http: openidconnect::reqwest::Client,
    metadata: Mutex<Option<(ProviderMetadataWithLogout, Instant)>>,
}

type Client = openidconnect::core::CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

pub(super) fn refused(code: ErrorCode, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, detail)
}

pub(super) fn unavailable(what: &str, cause: impl std::fmt::Display) -> ApiError {
    tracing::warn!(%cause, "single sign-on: {what}");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        ErrorCode::SsoUnavailable,
        format!("the identity provider could not be reached ({what}); try again later"),
    )
}

impl Provider {
    pub fn new(config: OidcConfig) -> anyhow::Result<Arc<Self>> {
        // No redirects: the provider's endpoints answer directly (and a redirect must not take
        // the client secret elsewhere).
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Arc::new(Self {
            config,
            http,
            metadata: Mutex::new(None),
        }))
    }

    pub fn display_name(&self) -> &str {
        &self.config.display_name
    }

    /// The claim that names the account (for messages).
    pub(super) fn claim(&self) -> &str {
        &self.config.claim
    }

    /// The binding cookie is `Secure` when the web app is reached over HTTPS.
    pub(super) fn over_https(&self) -> bool {
        self.config.redirect_url.starts_with("https://")
    }

    /// A new login: the provider's authorization address with PKCE (S256), `state` and `nonce`.
    pub(super) async fn authorize(&self) -> Result<Authorization, ApiError> {
        let client = self.client(self.metadata(false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.config.scopes.split_whitespace() {
            request = request.add_scope(Scope::new(scope.to_string()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// The provider's answer to a login this server started: `iss` (RFC 9207) must be the issuer;
    /// the code is exchanged with the login's verifier; the ID token must be the provider's, for
    /// this client, unexpired and carry the login's nonce; the configured claim names the account.
    pub(super) async fn sign_in(
        &self,
        code: String,
        iss: Option<&str>,
        verifier: String,
        nonce: String,
    ) -> Result<Identity, ApiError> {
        if let Some(iss) = iss {
            if iss.trim_end_matches('/') != self.config.issuer.trim_end_matches('/') {
                return Err(refused(
                    ErrorCode::SsoTokenInvalid,
                    "the answer came from another identity provider",
                ));
            }
        }
        let client = self.client(self.metadata(false).await?)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| unavailable("the provider has no token endpoint", e))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(answer) => {
                    tracing::info!(error = %answer, "single sign-on: code refused");
                    refused(
                        ErrorCode::SsoCodeRefused,
                        "the identity provider refused the code (used, expired or not for this sign-in); start again",
                    )
                }
                RequestTokenError::Parse(e, _) => {
                    tracing::info!(error = %e, "single sign-on: unreadable token response");
                    refused(
                        ErrorCode::SsoTokenInvalid,
                        "the identity provider's ID token was refused: it cannot be read",
                    )
                }
                other => unavailable("token exchange", other),
            })?;
        let id_token = response.id_token().ok_or_else(|| {
            refused(
                ErrorCode::SsoTokenInvalid,
                "the identity provider's answer has no ID token",
            )
        })?;
        let claims = self.verify(client, id_token, &Nonce::new(nonce)).await?;
        let raw = id_token.to_string();
        Ok(Identity {
            claim_value: claim_value(&self.config, &claims, &raw)?,
            id_token: raw,
        })
    }

    /// The discovery document with the provider's keys: cached, read again when older than an
    /// hour or when `fresh` (a key id the cached keys do not know).
    async fn metadata(&self, fresh: bool) -> Result<ProviderMetadataWithLogout, ApiError> {
        if !fresh {
            let cached = self.metadata.lock().expect("metadata lock").clone();
            if let Some((metadata, at)) = cached {
                if at.elapsed() < METADATA_TTL {
                    return Ok(metadata);
                }
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| unavailable("the issuer is not an address", e))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable("discovery", e))?;
        *self.metadata.lock().expect("metadata lock") = Some((metadata.clone(), Instant::now()));
        Ok(metadata)
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> Result<Client, ApiError> {
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|e| unavailable("the redirect address is not an address", e))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(
                self.config.client_secret.expose().to_string(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// Verifies the ID token; when its key id is unknown, reads the provider's keys again once
    /// (the provider rotated them) and verifies again.
    async fn verify(
        &self,
        client: Client,
        token: &CoreIdToken,
        nonce: &Nonce,
    ) -> Result<CoreIdTokenClaims, ApiError> {
        let verifier = client.id_token_verifier();
        let first = token.claims(&verifier, nonce).cloned();
        match first {
            Ok(claims) => Ok(claims),
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                let client = self.client(self.metadata(true).await?)?;
                let verifier = client.id_token_verifier();
                let claims = token.claims(&verifier, nonce).cloned();
                claims.map_err(token_refused)
            }
            Err(e) => Err(token_refused(e)),
        }
    }

    /// The provider's logout address for a session it authenticated, if it offers one.
    pub(super) async fn logout_url(&self, id_token: &str) -> Option<String> {
        let metadata = self.metadata(false).await.ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let token = CoreIdToken::from_str(id_token).ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&token)
            .set_client_id(ClientId::new(self.config.client_id.clone()));
        if let Some(url) = &self.config.post_logout_url {
            if let Ok(url) = PostLogoutRedirectUrl::new(url.clone()) {
                request = request.set_post_logout_redirect_uri(url);
            }
        }
        Some(request.http_get_url().to_string())
    }
}

/// Why an ID token was refused, in words a support desk can act on.
fn token_refused(e: ClaimsVerificationError) -> ApiError {
    let why = match &e {
        ClaimsVerificationError::Expired(_) => "it has expired",
        ClaimsVerificationError::InvalidAudience(_) => "it was issued for another application",
        ClaimsVerificationError::InvalidIssuer(_) => "it was issued by another provider",
        ClaimsVerificationError::InvalidNonce(_) => {
            "it belongs to another sign-in (the nonce differs)"
        }
        ClaimsVerificationError::SignatureVerification(_) => "its signature is not the provider's",
        _ => "it is not valid",
    };
    tracing::info!(error = %e, "single sign-on: ID token refused");
    refused(
        ErrorCode::SsoTokenInvalid,
        format!("the identity provider's ID token was refused: {why}"),
    )
}

/// The value of the configured claim, from a token whose signature and claims were verified.
fn claim_value(
    config: &OidcConfig,
    claims: &CoreIdTokenClaims,
    raw: &str,
) -> Result<String, ApiError> {
    let missing = || {
        refused(
            ErrorCode::SsoUserUnknown,
            format!(
                "the identity provider's ID token carries no {}",
                config.claim
            ),
        )
    };
    let value = match config.claim.as_str() {
        "sub" => Some(claims.subject().to_string()),
        "email" => {
            if claims.email_verified() != Some(true) {
                return Err(refused(
                    ErrorCode::SsoUserUnknown,
                    "the identity provider has not verified this e-mail address",
                ));
            }
            claims.email().map(|e| e.to_string())
        }
        "preferred_username" => claims.preferred_username().map(|u| u.to_string()),
        other => {
            // Any other claim, read from the verified token's payload.
            let payload = raw.split('.').nth(1).ok_or_else(missing)?;
            use base64::Engine;
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .map_err(|_| missing())?;
            let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| missing())?;
            match json.get(other) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            }
        }
    };
    value.filter(|v| !v.trim().is_empty()).ok_or_else(missing)
}
