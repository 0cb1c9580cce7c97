//! Service configuration, read from `RESTRACK_*` environment variables with defaults that work
//! out of the box (see the README's configuration table).

use std::fmt;
use std::path::PathBuf;

use ipnet::IpNet;

use crate::db::DatabaseUrl;

/// `RESTRACK_IMPORT_BODY_LIMIT`'s default: the largest import file, in bytes (the contract states it).
pub const DEFAULT_IMPORT_BODY_LIMIT: usize = 100 * 1024 * 1024;
/// `RESTRACK_IMPORT_MAX_ROWS`'s default: the most rows one import file may hold (the bench
/// imports 200,000 figures at once).
pub const DEFAULT_IMPORT_MAX_ROWS: usize = 1_000_000;
/// `RESTRACK_RATE_LIMIT_BURST`'s default: the requests a caller may send at once.
pub const DEFAULT_RATE_LIMIT_BURST: u32 = 200;

/// `RESTRACK_CHANGE_FEED_LAG_SECS`'s default: how old a change must be before the change feeds
/// show it (longer than the longest write, an import, takes to commit).
pub const DEFAULT_CHANGE_FEED_LAG_SECS: u64 = 60;

/// A secret string that never prints.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: String,
    pub jwt_secret: Option<Secret>,
    pub bootstrap_admin_password: Option<Secret>,
    pub frontend_dir: Option<PathBuf>,
    pub log_filter: String,
    pub log_json: bool,
    /// Largest accepted request body for JSON endpoints, in bytes.
    pub json_body_limit: usize,
    /// Largest accepted import file, in bytes.
    pub import_body_limit: usize,
    /// Most rows an import file may hold; a longer file is refused whole.
    pub import_max_rows: usize,
    /// The largest evidence file accepted (`RESTRACK_ATTACHMENT_MAX_BYTES`, 20 MB).
    pub attachment_max_bytes: usize,
    pub db_pool_size: u32,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    pub login_window_secs: i64,
    pub login_max_failures_per_user: i64,
    pub login_max_failures_per_address: i64,
    /// A session ends this long after its login, however often it is refreshed (ASVS V3.3.2).
    pub session_max_age_secs: i64,
    /// Load balancers and reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Requests per second per caller (user or API key), shared by every instance; 0 turns it off.
    pub rate_limit_per_second: u32,
    /// Requests a caller may send at once above the steady rate.
    pub rate_limit_burst: u32,
    /// Seconds a change waits before the change feeds show it (`updated_since`, `cursor`).
    pub change_feed_lag_secs: u64,
    pub workers: Option<usize>,
    /// Browser origins allowed to call the API from another site (CORS); empty: same origin only.
    pub cors_origins: Vec<String>,
    /// Seconds between alert evaluations inside the server; 0 turns the job off.
    pub alert_interval_secs: u64,
    pub alert_rules: crate::alerts::rules::Thresholds,
    /// Outgoing mail (`RESTRACK_SMTP_*`); `None`: no mail, notifications stay in the app.
    pub smtp: Option<SmtpConfig>,
    /// Reminders and outbox delivery (`RESTRACK_NOTIFY_*`).
    pub notify: NotifySettings,
    /// Webhook delivery (`RESTRACK_WEBHOOK_*`).
    pub webhooks: WebhookSettings,
    /// The web app's address as users reach it (`RESTRACK_PUBLIC_URL`), for links in mails.
    pub public_url: Option<String>,
    /// Single sign-on through an OpenID Connect provider (`RESTRACK_OIDC_*`); `None`: local
    /// passwords only.
    pub oidc: Option<OidcConfig>,
}

/// An OpenID Connect provider: it authenticates; this system decides agency and roles.
#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The issuer (`RESTRACK_OIDC_ISSUER`); its discovery document is read at the first login.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The web app's callback address registered at the provider (`RESTRACK_OIDC_REDIRECT_URL`,
    /// by default `RESTRACK_PUBLIC_URL` + `/login/oidc`).
    pub redirect_url: String,
    /// Where the provider returns after its logout (`RESTRACK_OIDC_POST_LOGOUT_URL`, by default
    /// `RESTRACK_PUBLIC_URL` + `/login`).
    pub post_logout_url: Option<String>,
    /// The ID token claim whose value is the account's username here (`RESTRACK_OIDC_CLAIM`,
    /// `preferred_username`; `email` is accepted only when the provider verified it). Usernames
    /// are set by administrators; the e-mail address here is not used, because its owner edits it.
    pub claim: String,
    /// The provider's name on the login button (`RESTRACK_OIDC_NAME`).
    pub display_name: String,
    /// Scopes asked besides `openid` (`RESTRACK_OIDC_SCOPES`, `email profile`).
    pub scopes: String,
}

fn oidc_from_env(public_url: Option<&str>) -> Result<Option<OidcConfig>, ConfigError> {
    let Some(issuer) = var("RESTRACK_OIDC_ISSUER") else {
        return Ok(None);
    };
    let required = |name: &'static str| {
        var(name).ok_or(ConfigError::Invalid {
            name,
            message: "is required when RESTRACK_OIDC_ISSUER is set".into(),
        })
    };
    let public = public_url.map(|u| u.trim_end_matches('/').to_string());
    let redirect_url =
        match (var("RESTRACK_OIDC_REDIRECT_URL"), &public) {
            (Some(url), _) => url,
            (None, Some(base)) => format!("{base}/login/oidc"),
            (None, None) => return Err(ConfigError::Invalid {
                name: "RESTRACK_OIDC_REDIRECT_URL",
                message:
                    "is required when RESTRACK_OIDC_ISSUER is set and RESTRACK_PUBLIC_URL is not"
                        .into(),
            }),
        };
    Ok(Some(OidcConfig {
        issuer,
        client_id: required("RESTRACK_OIDC_CLIENT_ID")?,
        client_secret: Secret::new(required("RESTRACK_OIDC_CLIENT_SECRET")?),
        redirect_url,
        post_logout_url: var("RESTRACK_OIDC_POST_LOGOUT_URL")
            .or_else(|| public.map(|base| format!("{base}/login"))),
        claim: var("RESTRACK_OIDC_CLAIM").unwrap_or_else(|| "preferred_username".into()),
        display_name: var("RESTRACK_OIDC_NAME").unwrap_or_else(|| "SSO".into()),
        scopes: var("RESTRACK_OIDC_SCOPES").unwrap_or_else(|| "email profile".into()),
    }))
}

/// How mail reaches the SMTP server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same host or network).
    None,
    /// STARTTLS, required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl std::str::FromStr for SmtpTls {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "none" | "off" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" | "smtps" => Ok(SmtpTls::Tls),
            _ => Err("must be none, starttls or tls".into()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// The sender, for example `Theo dõi Nghị quyết <noreply@example.gov.vn>`.
    pub from: String,
}

/// The reminders and the outbox.
#[derive(Clone, Copy, Debug)]
pub struct NotifySettings {
    /// Seconds between rounds (reminders once per round under a lease, then delivery); 0: off.
    pub interval_secs: u64,
    /// Days before a deadline when the reminder goes out.
    pub reminder_days: i64,
    /// Seconds between rounds of reminders (a scan of every deadline; delivery runs each round).
    pub reminder_every_secs: u64,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            interval_secs: 0,
            reminder_days: 3,
            reminder_every_secs: 3600,
        }
    }
}

/// Webhook delivery (`RESTRACK_WEBHOOK_*`, docs/integration.md "Webhooks").
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    /// Milliseconds between delivery rounds of each instance; 0: this instance delivers nothing.
    pub interval_ms: u64,
    /// The first retry's wait in milliseconds; later ones follow the Standard Webhooks schedule
    /// (×60, ×360, …: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with the default 5000).
    pub retry_base_ms: u64,
    /// Networks a webhook may reach besides the public Internet (a ministry's closed network);
    /// plain `http` is allowed only to these.
    pub allowed_networks: Vec<IpNet>,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            interval_ms: 1000,
            retry_base_ms: 5000,
            allowed_networks: Vec::new(),
        }
    }
}

static PUBLIC_URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Sets the public address once at start (links in mails).
pub fn set_public_url(url: Option<String>) {
    let _ = PUBLIC_URL.set(url);
}

pub fn public_url() -> Option<&'static str> {
    PUBLIC_URL.get().and_then(|u| u.as_deref())
}

fn smtp_from_env() -> Result<Option<SmtpConfig>, ConfigError> {
    let Some(host) = var("RESTRACK_SMTP_HOST") else {
        return Ok(None);
    };
    let tls: SmtpTls = parse_var("RESTRACK_SMTP_TLS", SmtpTls::StartTls)?;
    let default_port = match tls {
        SmtpTls::None => 25u16,
        SmtpTls::StartTls => 587,
        SmtpTls::Tls => 465,
    };
    let from = var("RESTRACK_SMTP_FROM").ok_or(ConfigError::Invalid {
        name: "RESTRACK_SMTP_FROM",
        message: "is required when RESTRACK_SMTP_HOST is set".into(),
    })?;
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(ConfigError::Invalid {
            name: "RESTRACK_SMTP_FROM",
            message: format!("{from:?} is not a mail address"),
        });
    }
    Ok(Some(SmtpConfig {
        host,
        port: parse_var("RESTRACK_SMTP_PORT", default_port)?,
        tls,
        username: var("RESTRACK_SMTP_USERNAME"),
        password: var("RESTRACK_SMTP_PASSWORD").map(Secret::new),
        from,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_var<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e: T::Err| ConfigError::Invalid {
                name,
                message: format!("cannot parse {raw:?}: {e}"),
            }),
    }
}

/// A comma-separated list of IP addresses or CIDR ranges (`10.0.0.0/8, 192.0.2.7`).
pub fn parse_networks(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{part:?} is neither an IP address nor a CIDR range"))
        })
        .collect()
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url = var("RESTRACK_DATABASE_URL")
            .unwrap_or_else(|| "sqlite://data/restrack.db".to_string())
            .parse::<DatabaseUrl>()
            .map_err(|e| ConfigError::Invalid {
                name: "RESTRACK_DATABASE_URL",
                message: e.to_string(),
            })?;
        let frontend_dir = match var("RESTRACK_FRONTEND_DIR") {
            Some(dir) => Some(PathBuf::from(dir)),
            None => {
                let default = PathBuf::from("frontend/dist");
                default.join("index.html").is_file().then_some(default)
            }
        };
        let access_token_ttl_secs = parse_var("RESTRACK_ACCESS_TOKEN_TTL_SECS", 900i64)?;
        if !(30..=900).contains(&access_token_ttl_secs) {
            return Err(ConfigError::Invalid {
                name: "RESTRACK_ACCESS_TOKEN_TTL_SECS",
                message: "must be between 30 and 900 seconds".into(),
            });
        }
        let jwt_secret = var("RESTRACK_JWT_SECRET").map(Secret::new);
        if let Some(secret) = &jwt_secret {
            if secret.expose().len() < 32 {
                return Err(ConfigError::Invalid {
                    name: "RESTRACK_JWT_SECRET",
                    message: "must be at least 32 characters".into(),
                });
            }
        }
        let session_max_age_secs = parse_var("RESTRACK_SESSION_MAX_AGE_SECS", 12 * 3600i64)?;
        if session_max_age_secs < 1 {
            return Err(ConfigError::Invalid {
                name: "RESTRACK_SESSION_MAX_AGE_SECS",
                message: "must be at least 1 second".into(),
            });
        }
        let trusted_proxies = parse_networks(&var("RESTRACK_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|message| ConfigError::Invalid {
                name: "RESTRACK_TRUSTED_PROXIES",
                message,
            })?;
        Ok(Self {
            database_url,
            bind: var("RESTRACK_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            jwt_secret,
            bootstrap_admin_password: var("RESTRACK_BOOTSTRAP_ADMIN_PASSWORD").map(Secret::new),
            frontend_dir,
            log_filter: var("RESTRACK_LOG").unwrap_or_else(|| "info".into()),
            log_json: var("RESTRACK_LOG_FORMAT").is_some_and(|f| f.eq_ignore_ascii_case("json")),
            json_body_limit: parse_var("RESTRACK_JSON_BODY_LIMIT", 1024 * 1024usize)?,
            import_body_limit: parse_var("RESTRACK_IMPORT_BODY_LIMIT", DEFAULT_IMPORT_BODY_LIMIT)?,
            import_max_rows: parse_var("RESTRACK_IMPORT_MAX_ROWS", DEFAULT_IMPORT_MAX_ROWS)?,
            attachment_max_bytes: parse_var(
                "RESTRACK_ATTACHMENT_MAX_BYTES",
                20 * 1000 * 1000usize,
            )?,
            db_pool_size: parse_var("RESTRACK_DB_POOL_SIZE", 8u32)?,
            access_token_ttl_secs,
            refresh_token_ttl_secs: parse_var(
                "RESTRACK_REFRESH_TOKEN_TTL_SECS",
                14 * 24 * 3600i64,
            )?,
            login_window_secs: parse_var("RESTRACK_LOGIN_WINDOW_SECS", 900i64)?,
            login_max_failures_per_user: parse_var("RESTRACK_LOGIN_MAX_FAILURES_PER_USER", 5i64)?,
            login_max_failures_per_address: parse_var(
                "RESTRACK_LOGIN_MAX_FAILURES_PER_ADDRESS",
                50i64,
            )?,
            session_max_age_secs,
            trusted_proxies,
            rate_limit_per_second: parse_var("RESTRACK_RATE_LIMIT_PER_SECOND", 50u32)?,
            rate_limit_burst: parse_var("RESTRACK_RATE_LIMIT_BURST", DEFAULT_RATE_LIMIT_BURST)?,
            change_feed_lag_secs: parse_var(
                "RESTRACK_CHANGE_FEED_LAG_SECS",
                DEFAULT_CHANGE_FEED_LAG_SECS,
            )?,
            workers: var("RESTRACK_WORKERS").and_then(|w| w.parse().ok()),
            cors_origins: var("RESTRACK_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_string())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            alert_interval_secs: parse_var("RESTRACK_ALERT_INTERVAL_SECS", 300u64)?,
            alert_rules: crate::alerts::rules::Thresholds {
                due_soon_days: parse_var("RESTRACK_ALERT_DUE_SOON_DAYS", 14i64)?,
                behind_tolerance: parse_var("RESTRACK_ALERT_BEHIND_TOLERANCE", 10.0f64)?,
                report_grace_days: parse_var("RESTRACK_ALERT_REPORT_GRACE_DAYS", 15i64)?,
                kpi_band_pct: parse_var("RESTRACK_ALERT_KPI_BAND_PCT", 15.0f64)?,
                approval_backlog_days: parse_var("RESTRACK_ALERT_APPROVAL_DAYS", 7i64)?,
                bottleneck_share: parse_var("RESTRACK_ALERT_BOTTLENECK_SHARE", 0.3f64)?,
                bottleneck_min_tasks: parse_var("RESTRACK_ALERT_BOTTLENECK_MIN_TASKS", 3i64)?,
                forecast_points: parse_var("RESTRACK_ALERT_FORECAST_POINTS", 4usize)?,
            },
            smtp: smtp_from_env()?,
            notify: NotifySettings {
                interval_secs: parse_var("RESTRACK_NOTIFY_INTERVAL_SECS", 60u64)?,
                reminder_days: parse_var("RESTRACK_NOTIFY_REMINDER_DAYS", 3i64)?,
                reminder_every_secs: parse_var("RESTRACK_NOTIFY_REMINDER_EVERY_SECS", 3600u64)?,
            },
            webhooks: WebhookSettings {
                interval_ms: parse_var("RESTRACK_WEBHOOK_INTERVAL_MS", 1000u64)?,
                retry_base_ms: parse_var("RESTRACK_WEBHOOK_RETRY_BASE_MS", 5000u64)?,
                allowed_networks: parse_networks(
                    &var("RESTRACK_WEBHOOK_ALLOWED_NETWORKS").unwrap_or_default(),
                )
                .map_err(|message| ConfigError::Invalid {
                    name: "RESTRACK_WEBHOOK_ALLOWED_NETWORKS",
                    message,
                })?,
            },
            oidc: oidc_from_env(var("RESTRACK_PUBLIC_URL").as_deref())?,
            public_url: var("RESTRACK_PUBLIC_URL"),
        })
    }

    /// A configuration for tests and tools: defaults, the given database, port 0.
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        Self {
            database_url,
            bind: "127.0.0.1:0".into(),
            jwt_secret: None,
            bootstrap_admin_password: None,
            frontend_dir: None,
            log_filter: "warn".into(),
            log_json: false,
            json_body_limit: 1024 * 1024,
            import_body_limit: DEFAULT_IMPORT_BODY_LIMIT,
            import_max_rows: DEFAULT_IMPORT_MAX_ROWS,
            attachment_max_bytes: 20 * 1000 * 1000,
            db_pool_size: 4,
            access_token_ttl_secs: 900,
            refresh_token_ttl_secs: 14 * 24 * 3600,
            login_window_secs: 900,
            login_max_failures_per_user: 5,
            login_max_failures_per_address: 50,
            session_max_age_secs: 12 * 3600,
            trusted_proxies: Vec::new(),
            rate_limit_per_second: 50,
            rate_limit_burst: DEFAULT_RATE_LIMIT_BURST,
            change_feed_lag_secs: DEFAULT_CHANGE_FEED_LAG_SECS,
            workers: Some(2),
            cors_origins: Vec::new(),
            alert_interval_secs: 0,
            alert_rules: crate::alerts::rules::Thresholds::default(),
            smtp: None,
            notify: NotifySettings::default(),
            webhooks: WebhookSettings::default(),
            public_url: None,
            oidc: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_are_addresses_or_ranges() {
        let nets = parse_networks(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,").unwrap();
        assert_eq!(nets.len(), 3);
        assert!(nets[0].contains(&"10.1.2.3".parse::<std::net::IpAddr>().unwrap()));
        assert!(nets[1].contains(&"192.0.2.7".parse::<std::net::IpAddr>().unwrap()));
        assert!(!nets[1].contains(&"192.0.2.8".parse::<std::net::IpAddr>().unwrap()));
        assert!(parse_networks("").unwrap().is_empty());
        assert!(parse_networks("10.0.0.0/33").is_err());
        assert!(parse_networks("proxy.example").is_err());
    }
}
