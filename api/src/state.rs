use std::sync::Arc;

use crate::auth::rate_limit::CallerLimiter;
use crate::auth::throttle::Limits;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::Db;

/// What every handler shares: the database pool, the token keys and the configuration.
/// Nothing per user lives here, so any number of instances can serve the same database (the
/// rate limiter keeps only requests leased from the shared allowance, see `auth::rate_limit`).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: TokenKeys,
    pub config: Arc<Config>,
    /// `None` when `RESTRACK_RATE_LIMIT_PER_SECOND` is 0.
    pub rate_limiter: Option<Arc<CallerLimiter>>,
    /// The identity provider for single sign-on, when `RESTRACK_OIDC_ISSUER` is set.
    pub oidc: Option<Arc<crate::auth::oidc::Provider>>,
}

impl AppState {
    pub fn login_limits(&self) -> Limits {
        Limits {
            window_secs: self.config.login_window_secs,
            per_user: self.config.login_max_failures_per_user,
            per_address: self.config.login_max_failures_per_address,
        }
    }
}
