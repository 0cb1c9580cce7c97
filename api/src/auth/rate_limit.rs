//! Per-caller request rate limits: each logged-in user and each API key may send
//! `RESTRACK_RATE_LIMIT_PER_SECOND` requests a second on average, with bursts of up to
//! `RESTRACK_RATE_LIMIT_BURST`; past that the answer is 429 with `Retry-After`.
//!
//! The allowance holds across API instances: it lives in the database (`rate_limits`, one row per
//! caller with its GCRA "theoretical arrival time"), and each instance **leases** requests from it
//! in batches of a tenth of the burst ([`lease`]: one short write per batch, not per request),
//! spending them from memory. Leased requests are spent in the shared allowance at once, so N
//! instances together never let a caller send more than the limit; a lease an instance does not use
//! up is lost to that caller, never given twice (at most a tenth of the burst per instance).
//!
//! Every answer to a counted request says where the caller stands, in the fields of the IETF
//! draft "RateLimit header fields for HTTP" ([`Allowance::headers`]):
//! `RateLimit-Policy: "caller";q=200;w=4` (a burst of 200, refilled in 4 seconds at the steady
//! rate) and `RateLimit: "caller";r=187;t=1` (187 left, full again in 1 second).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::HttpMessage;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::schema::rate_limits;
use crate::db::{write_transaction, BackendKind, Db, DbConn};
use crate::error::ApiError;

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

/// Drop this instance's spent leases every this many checks, so the map holds only callers with
/// requests left.
const PRUNE_EVERY: u64 = 4096;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The GCRA of one caller's shared allowance, in milliseconds: a request costs `interval`, and the
/// theoretical arrival time may run at most `tolerance` (a whole burst) ahead of now.
#[derive(Clone, Copy, Debug)]
struct Gcra {
    interval: f64,
    tolerance: f64,
}

impl Gcra {
    fn new(per_second: u32, burst: u32) -> Self {
        let interval = 1000.0 / f64::from(per_second);
        Self {
            interval,
            tolerance: interval * f64::from(burst),
        }
    }

    /// Up to `wanted` requests at `now` against `tat`: how many, and the new TAT; none when the
    /// allowance is spent.
    fn take(&self, tat: i64, now: i64, wanted: u32) -> (u32, i64) {
        let start = tat.max(now) as f64;
        let room = (now as f64 + self.tolerance - start) / self.interval;
        let granted = room.floor().clamp(0.0, f64::from(wanted)) as u32;
        let new_tat = (start + f64::from(granted) * self.interval).ceil() as i64;
        (granted, if granted == 0 { tat } else { new_tat })
    }

    /// Requests left in the shared allowance at `now`, for a TAT.
    fn left(&self, tat: i64, now: i64) -> u32 {
        let start = tat.max(now) as f64;
        ((now as f64 + self.tolerance - start) / self.interval)
            .floor()
            .max(0.0) as u32
    }

    /// Milliseconds until one request fits again.
    fn wait(&self, tat: i64, now: i64) -> i64 {
        ((tat.max(now) as f64 + self.interval - self.tolerance) - now as f64).ceil() as i64
    }
}

/// Requests leased from the shared allowance that this instance has not spent yet.
#[derive(Clone, Copy, Debug)]
struct Lease {
    left: u32,
    /// The shared TAT right after the lease was taken.
    tat: i64,
}

/// What the database answered to a lease.
#[derive(Debug)]
pub enum Leased {
    /// This many requests (at least 1), and the shared TAT after them.
    Granted { count: u32, tat: i64 },
    /// Nothing left; one request fits again after this many milliseconds.
    Refused { wait_ms: i64, tat: i64 },
}

/// Takes up to `wanted` requests of `caller`'s shared allowance, in one short write transaction,
/// serialised per caller (SQLite's writer lock; an advisory lock on PostgreSQL).
pub fn lease(
    conn: &mut DbConn,
    caller: &str,
    wanted: u32,
    per_second: u32,
    burst: u32,
) -> Result<Leased, ApiError> {
    let gcra = Gcra::new(per_second, burst);
    write_transaction(conn, |c| {
        if c.kind() == BackendKind::Postgres {
            diesel::sql_query(
                "SELECT pg_advisory_xact_lock(hashtext('restrack.rate'), hashtext($1))",
            )
            .bind::<Text, _>(caller)
            .execute(c)?;
        }
        let stored: Option<i64> = rate_limits::table
            .find(caller)
            .select(rate_limits::tat_ms)
            .first(c)
            .optional()?;
        let now = now_ms();
        let tat = stored.unwrap_or(now);
        let (count, new_tat) = gcra.take(tat, now, wanted);
        if count == 0 {
            return Ok(Leased::Refused {
                wait_ms: gcra.wait(tat, now),
                tat,
            });
        }
        match stored {
            Some(_) => {
                diesel::update(rate_limits::table.find(caller))
                    .set(rate_limits::tat_ms.eq(new_tat))
                    .execute(c)?;
            }
            None => {
                diesel::insert_into(rate_limits::table)
                    .values((
                        rate_limits::caller.eq(caller),
                        rate_limits::tat_ms.eq(new_tat),
                    ))
                    .execute(c)?;
            }
        }
        // Rows of callers long back at a full allowance say nothing: drop a few now and then.
        if new_tat % 64 == 0 {
            diesel::delete(rate_limits::table.filter(rate_limits::tat_ms.lt(now - 3_600_000)))
                .execute(c)?;
        }
        Ok(Leased::Granted {
            count,
            tat: new_tat,
        })
    })
}

pub struct CallerLimiter {
    gcra: Gcra,
    per_second: u32,
    burst: u32,
    /// Requests leased at once: a tenth of the burst, at least 1.
    batch: u32,
    leases: Mutex<HashMap<String, Lease>>,
    checks: AtomicU64,
}

impl CallerLimiter {
    /// `None` when `per_second` is 0 (no limit). A burst below the steady rate is raised to it.
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        if per_second == 0 {
            return None;
        }
        let burst = burst.max(per_second);
        Some(Self {
            gcra: Gcra::new(per_second, burst),
            per_second,
            burst,
            batch: (burst / 10).max(1),
            leases: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        })
    }

    fn allowance(&self, lease: Lease, now: i64) -> Allowance {
        let remaining = (self.gcra.left(lease.tat, now) + lease.left).min(self.burst);
        Allowance::of(self.burst, self.per_second, remaining)
    }

    /// Spends one request of this instance's lease for `caller`, if one is left.
    fn spend_leased(&self, caller: &str) -> Option<Allowance> {
        let mut leases = self.leases.lock().unwrap_or_else(|e| e.into_inner());
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            leases.retain(|_, l| l.left > 0);
        }
        let lease = leases.get_mut(caller).filter(|l| l.left > 0)?;
        lease.left -= 1;
        let lease = *lease;
        Some(self.allowance(lease, now_ms()))
    }

    /// Counts one request of `caller` (a user id; an API key's service account): where the caller
    /// stands then, or past the limit a 429 with the whole seconds to wait (at least 1) and the
    /// allowance (nothing left) for its headers. Goes to the database once per batch.
    pub async fn check(&self, db: &Db, caller: &str) -> Result<Allowance, (ApiError, Allowance)> {
        if let Some(allowance) = self.spend_leased(caller) {
            return Ok(allowance);
        }
        let (who, batch, per_second, burst) =
            (caller.to_string(), self.batch, self.per_second, self.burst);
        let leased = db
            .run(move |conn| lease(conn, &who, batch, per_second, burst))
            .await
            .map_err(|e| (e, Allowance::of(self.burst, self.per_second, 0)))?;
        match leased {
            Leased::Granted { count, tat } => {
                // Requests of the caller that leased at the same time each add theirs: none is lost.
                let mut leases = self.leases.lock().unwrap_or_else(|e| e.into_inner());
                let lease = leases
                    .entry(caller.to_string())
                    .or_insert(Lease { left: 0, tat });
                lease.left += count - 1;
                lease.tat = lease.tat.max(tat);
                let lease = *lease;
                drop(leases);
                Ok(self.allowance(lease, now_ms()))
            }
            Leased::Refused { wait_ms, .. } => {
                // Whole seconds, rounded up: a client that waits that long is let in.
                let secs = (u64::try_from(wait_ms).unwrap_or(0)).div_ceil(1000).max(1);
                let mut refused = ApiError::too_many_requests(secs);
                refused.detail = format!("too many requests; try again in {secs} seconds");
                Err((refused, Allowance::of(self.burst, self.per_second, 0)))
            }
        }
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
    fn the_shared_allowance_is_leased_up_to_the_burst_and_refills() {
        // 1 request a second, a burst of 3.
        let gcra = Gcra::new(1, 3);
        let now = 1_000_000;
        let (granted, tat) = gcra.take(now, now, 2);
        assert_eq!((granted, tat), (2, now + 2000));
        assert_eq!(gcra.left(tat, now), 1);
        // Only one more fits, whatever is asked.
        let (granted, tat) = gcra.take(tat, now, 5);
        assert_eq!((granted, tat), (1, now + 3000));
        let (granted, same) = gcra.take(tat, now, 1);
        assert_eq!((granted, same), (0, tat));
        assert_eq!(gcra.wait(tat, now), 1000);
        // A second later one request fits again, and only one.
        assert_eq!(gcra.take(tat, now + 1000, 5).0, 1);
        // Long quiet: the whole burst, never more.
        assert_eq!(gcra.take(tat, now + 60_000, 10).0, 3);
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
