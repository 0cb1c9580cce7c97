//! Authentication: passwords (argon2id), access tokens (HS256 JWT, pinned), rotating refresh
//! tokens, the authenticated caller extractor with its per-caller rate limit, login throttling by
//! username and client address, the sessions a user and an administrator end, and the `/auth`
//! and `/me` routes.

pub mod caller;
pub mod client;
pub mod handlers;
pub mod oidc;
pub mod password;
pub mod rate_limit;
pub mod roles;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod totp;

pub use caller::Caller;
pub use roles::Role;
