//! Per-caller request rate limits: each logged-in user and each API key may send
//! `RESTRACK_RATE_LIMIT_PER_SECOND` requests a second on average, with bursts of up to
//! `RESTRACK_RATE_LIMIT_BURST`; past that the answer is 429 with `Retry-After`.
//!
//! The counts live in this instance's memory (GCRA, the `governor` crate), the one exception to
//! "nothing per user in process memory": with N instances behind a balancer a caller may send up to
//! N times the limit. Issue 23 moves them to a store shared by every instance. Login throttling is
//! separate and does hold across instances (it is in the database, see `throttle`).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// Forget callers that have been quiet long enough to be back at a full burst, every this many
/// checks, so the map holds only recent callers.
const PRUNE_EVERY: u64 = 4096;

pub struct CallerLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

impl CallerLimiter {
    /// `None` when `per_second` is 0 (no limit). A burst below the steady rate is raised to it.
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(burst.max(per_second))?;
        Some(Self {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            checks: AtomicU64::new(0),
        })
    }

    /// Counts one request of `caller` (a user id; an API key's service account): 429 with the
    /// whole seconds to wait (at least 1) past the limit.
    pub fn check(&self, caller: &str) -> Result<(), ApiError> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&caller.to_string())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                // Whole seconds, rounded up: a client that waits that long is let in.
                let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                let mut refused = ApiError::too_many_requests(secs);
                refused.detail = format!("too many requests; try again in {secs} seconds");
                refused
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
        for _ in 0..3 {
            limiter.check("a").unwrap();
        }
        let refused = limiter.check("a").unwrap_err();
        assert_eq!(refused.status.as_u16(), 429);
        assert!(refused.retry_after.is_some_and(|s| s >= 1));
        // Another caller has its own allowance.
        limiter.check("b").unwrap();
    }
}
