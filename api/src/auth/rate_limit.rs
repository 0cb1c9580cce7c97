//! Per-caller request rate limits: each logged-in user and each API key may send
//! `RESTRACK_RATE_LIMIT_PER_SECOND` requests a second on average, with bursts of up to
//! `RESTRACK_RATE_LIMIT_BURST`; past that the answer is 429 with `Retry-After`.
//!
//! The counts live in this instance's memory (GCRA, the `governor` crate), the one exception to
//! "nothing per user in process memory": with N instances behind a balancer a caller may send up to
//! N times the limit. Issue 23 moves them to a store shared by every instance. Login throttling is
//! separate and does hold across instances (it is in the database, see `throttle`).
//!
//! Every answer to a counted request says where the caller stands, in the fields of the IETF
//! draft "RateLimit header fields for HTTP" ([`Allowance::headers`]):
//! `RateLimit-Policy: "caller";q=200;w=4` (a burst of 200, refilled in 4 seconds at the steady
//! rate) and `RateLimit: "caller";r=187;t=1` (187 left, full again in 1 second).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::HttpMessage;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::error::ApiError;

type Limiter =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// Where a caller stands after a request was counted: kept in the request's extensions, written
/// into the answer's headers by [`headers_middleware`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    /// The burst: requests the caller may send at once.
    pub limit: u32,
    /// Requests left right now.
    pub remaining: u32,
    /// Seconds the steady rate takes to refill a whole burst.
    pub window_secs: u64,
    /// Seconds until the allowance is whole again.
    pub reset_secs: u64,
}

impl Allowance {
    fn of(limit: u32, per_second: u32, remaining: u32) -> Self {
        let per_second = u64::from(per_second.max(1));
        Self {
            limit,
            remaining,
            window_secs: u64::from(limit).div_ceil(per_second).max(1),
            reset_secs: u64::from(limit - remaining.min(limit)).div_ceil(per_second),
        }
    }

    /// `RateLimit-Policy` and `RateLimit`, as the IETF draft writes them.
    pub fn headers(&self) -> [(HeaderName, HeaderValue); 2] {
        let policy = format!("\"caller\";q={};w={}", self.limit, self.window_secs);
        let state = format!("\"caller\";r={};t={}", self.remaining, self.reset_secs);
        [
            (
                HeaderName::from_static("ratelimit-policy"),
                HeaderValue::from_str(&policy).expect("ASCII"),
            ),
            (
                HeaderName::from_static("ratelimit"),
                HeaderValue::from_str(&state).expect("ASCII"),
            ),
        ]
    }
}

/// Writes the caller's [`Allowance`], when the request was counted, into the answer (a 429
/// included).
pub async fn headers_middleware(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let allowance = res.request().extensions().get::<Allowance>().copied();
    if let Some(allowance) = allowance {
        for (name, value) in allowance.headers() {
            res.headers_mut().insert(name, value);
        }
    }
    Ok(res)
}

/// Forget callers that have been quiet long enough to be back at a full burst, every this many
/// checks, so the map holds only recent callers.
const PRUNE_EVERY: u64 = 4096;

pub struct CallerLimiter {
    limiter: Limiter,
    checks: AtomicU64,
    per_second: u32,
    burst: u32,
}

impl CallerLimiter {
    /// `None` when `per_second` is 0 (no limit). A burst below the steady rate is raised to it.
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(burst.max(per_second))?;
        Some(Self {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
                .with_middleware::<StateInformationMiddleware>(),
            checks: AtomicU64::new(0),
            per_second: rate.get(),
            burst: burst.get(),
        })
    }

    /// Counts one request of `caller` (a user id; an API key's service account): where the caller
    /// stands then, or past the limit a 429 with the whole seconds to wait (at least 1) and the
    /// allowance (nothing left) for its headers.
    pub fn check(&self, caller: &str) -> Result<Allowance, (ApiError, Allowance)> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&caller.to_string())
            .map(|state| {
                Allowance::of(
                    self.burst,
                    self.per_second,
                    state.remaining_burst_capacity(),
                )
            })
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                // Whole seconds, rounded up: a client that waits that long is let in.
                let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                let mut refused = ApiError::too_many_requests(secs);
                refused.detail = format!("too many requests; try again in {secs} seconds");
                (refused, Allowance::of(self.burst, self.per_second, 0))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_turns_it_off() {
        assert!(CallerLimiter::new(0, 200).is_none());
        assert!(CallerLimiter::new(50, 0).is_some());
    }

    #[test]
    fn burst_then_refused_per_caller() {
        let limiter = CallerLimiter::new(1, 3).unwrap();
        for left in [2, 1, 0] {
            let allowance = limiter.check("a").unwrap();
            assert_eq!((allowance.limit, allowance.remaining), (3, left));
        }
        let (refused, allowance) = limiter.check("a").unwrap_err();
        assert_eq!(allowance.remaining, 0);
        assert_eq!(refused.status.as_u16(), 429);
        assert!(refused.retry_after.is_some_and(|s| s >= 1));
        // Another caller has its own allowance.
        limiter.check("b").unwrap();
    }

    #[test]
    fn the_headers_follow_the_draft() {
        let a = Allowance::of(200, 50, 187);
        assert_eq!((a.window_secs, a.reset_secs), (4, 1));
        let [(policy, p), (state, s)] = a.headers();
        assert_eq!(policy.as_str(), "ratelimit-policy");
        assert_eq!(p.to_str().unwrap(), "\"caller\";q=200;w=4");
        assert_eq!(state.as_str(), "ratelimit");
        assert_eq!(s.to_str().unwrap(), "\"caller\";r=187;t=1");
        assert_eq!(Allowance::of(200, 50, 200).reset_secs, 0);
    }
}
