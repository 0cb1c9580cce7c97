//! Sending webhook deliveries from the outbox. Any instance delivers: it claims due rows with one
//! conditional update each (only one instance wins a row), POSTs each body signed per Standard
//! Webhooks — `webhook-id` (the same for every attempt), `webhook-timestamp` (this attempt's time),
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` — and records the outcome:
//! a 2xx answer delivers it; anything else is retried on the Standard Webhooks schedule, and after
//! [`MAX_ATTEMPTS`] it is failed, to be sent again by hand. At least once: a receiver dedupes by
//! `webhook-id`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{target, DeliveryStatus};
use crate::config::WebhookSettings;
use crate::db::schema::{webhook_deliveries, webhooks};
use crate::db::{now, Db, DbConn};
use crate::error::ApiError;

/// Attempts before a delivery fails: the first and seven retries.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim holds before another instance may take the row over.
pub const CLAIM_SECS: i64 = 120;
/// Deliveries claimed per round.
pub const BATCH: i64 = 50;
/// How long a receiver has to answer.
pub const TIMEOUT_SECS: u64 = 10;

/// The wait after `attempts` failed attempts: the Standard Webhooks schedule (5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 10 h) scaled to `base_ms` (5000 gives exactly that).
pub fn backoff(attempts: i32, base_ms: u64) -> TimeDelta {
    const FACTORS: [u64; 7] = [1, 60, 360, 1440, 3600, 7200, 7200];
    let i = usize::try_from(attempts.max(1) - 1)
        .unwrap_or(0)
        .min(FACTORS.len() - 1);
    TimeDelta::milliseconds(
        i64::try_from(base_ms.saturating_mul(FACTORS[i])).unwrap_or(i64::MAX / 2),
    )
}

/// The `webhook-id` header of a delivery.
pub fn message_id(delivery_id: &str) -> String {
    format!("msg_{}", delivery_id.replace('-', ""))
}

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", STANDARD.encode(bytes))
}

/// The `webhook-signature` of `body` for message `id` at `timestamp` (Unix seconds).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .map_err(|e| format!("malformed secret: {e}"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// A claimed delivery with what it takes to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: String,
    pub attempts: i32,
    pub payload: String,
    pub url: String,
    pub secret: String,
}

/// Claims up to [`BATCH`] due deliveries for `holder`.
pub fn claim(conn: &mut DbConn, holder: &str, at: NaiveDateTime) -> Result<Vec<Claimed>, ApiError> {
    let free = || {
        webhook_deliveries::status
            .eq(DeliveryStatus::Pending.as_str())
            .and(webhook_deliveries::next_attempt_at.le(at))
            .and(
                webhook_deliveries::claimed_until
                    .is_null()
                    .or(webhook_deliveries::claimed_until.lt(at)),
            )
    };
    let candidates: Vec<String> = webhook_deliveries::table
        .filter(free())
        .order((webhook_deliveries::next_attempt_at, webhook_deliveries::id))
        .limit(BATCH)
        .select(webhook_deliveries::id)
        .load(conn)?;
    let mut mine = Vec::new();
    for id in candidates {
        let won = diesel::update(webhook_deliveries::table.find(&id).filter(free()))
            .set((
                webhook_deliveries::claimed_by.eq(holder),
                webhook_deliveries::claimed_until.eq(at + TimeDelta::seconds(CLAIM_SECS)),
            ))
            .execute(conn)?;
        if won == 1 {
            mine.push(id);
        }
    }
    let rows: Vec<(String, i32, String, String, String)> = webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhook_deliveries::id.eq_any(&mine))
        .select((
            webhook_deliveries::id,
            webhook_deliveries::attempts,
            webhook_deliveries::payload,
            webhooks::url,
            webhooks::secret,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, attempts, payload, url, secret)| Claimed {
            id,
            attempts,
            payload,
            url,
            secret,
        })
        .collect())
}

/// What an attempt came to: the receiver's status, if it answered, or why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Records the outcome of an attempt on a claimed delivery.
pub fn settle(
    conn: &mut DbConn,
    delivery: &Claimed,
    holder: &str,
    outcome: &Outcome,
    at: NaiveDateTime,
    retry_base_ms: u64,
) -> Result<(), ApiError> {
    let mine = webhook_deliveries::table
        .find(&delivery.id)
        .filter(webhook_deliveries::claimed_by.eq(holder));
    let attempts = delivery.attempts + 1;
    let status = if outcome.delivered() {
        DeliveryStatus::Delivered
    } else if attempts >= MAX_ATTEMPTS {
        DeliveryStatus::Failed
    } else {
        DeliveryStatus::Pending
    };
    diesel::update(mine)
        .set((
            webhook_deliveries::status.eq(status.as_str()),
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::next_attempt_at.eq(at + backoff(attempts, retry_base_ms)),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_status.eq(outcome.status.map(i32::from)),
            webhook_deliveries::last_error.eq(outcome
                .error
                .as_ref()
                .map(|e| e.chars().take(1000).collect::<String>())),
            webhook_deliveries::delivered_at
                .eq((status == DeliveryStatus::Delivered).then_some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// One attempt: checks the address again, connects to it and POSTs the signed body.
pub async fn attempt(delivery: &Claimed, settings: &WebhookSettings) -> Outcome {
    let failed = |error: String| Outcome {
        status: None,
        error: Some(error),
    };
    let target = match target::resolve(&delivery.url, &settings.allowed_networks).await {
        Ok(t) => t,
        Err(e) => return failed(format!("the URL {}", e.message)),
    };
    let id = message_id(&delivery.id);
    let timestamp = chrono::Utc::now().timestamp();
    let signature = match sign(&delivery.secret, &id, timestamp, &delivery.payload) {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    // The request goes to the addresses just checked, not to a second lookup of the name.
    let client = reqwest::Client::builder()
        .resolve_to_addrs(&target.host, &target.addrs)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(TIMEOUT_SECS))
        .user_agent(concat!(
            "Resolution-Tracker-Webhooks/",
            env!("CARGO_PKG_VERSION")
        ))
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => return failed(e.to_string()),
    };
    let sent = client
        .post(target.url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await;
    match sent {
        Ok(res) => {
            let status = res.status().as_u16();
            Outcome {
                status: Some(status),
                error: (!res.status().is_success())
                    .then(|| format!("the receiver answered {status}")),
            }
        }
        Err(e) => failed(format!("no answer: {e}")),
    }
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub failed: usize,
}

/// Claims the due deliveries and sends them, recording each outcome at once.
pub async fn deliver(db: &Db, settings: &WebhookSettings, holder: &str) -> Result<Round, ApiError> {
    let owner = holder.to_string();
    let claimed = db.write(move |conn| claim(conn, &owner, now())).await?;
    let mut round = Round::default();
    for delivery in claimed {
        let outcome = attempt(&delivery, settings).await;
        if outcome.delivered() {
            round.delivered += 1;
        } else {
            round.failed += 1;
        }
        let (owner, base) = (holder.to_string(), settings.retry_base_ms);
        db.write(move |conn| settle(conn, &delivery, &owner, &outcome, now(), base))
            .await?;
    }
    Ok(round)
}

/// Delivers every `interval_ms` in the background (nothing when 0), until `stop` turns true (the
/// server has stopped).
pub fn spawn_periodic(
    db: Db,
    settings: WebhookSettings,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    if settings.interval_ms == 0 {
        return;
    }
    let holder = format!("instance-{}", uuid::Uuid::new_v4());
    // A plain tokio task: the loop is `Send`, and it runs under actix's runtime and a test's alike.
    tokio::spawn(async move {
        let mut ticker =
            tokio::time::interval(std::time::Duration::from_millis(settings.interval_ms));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                _ = stop.wait_for(|stopped| *stopped) => return,
            }
            match deliver(&db, &settings, &holder).await {
                Ok(r) if r.delivered + r.failed > 0 => {
                    tracing::info!(delivered = r.delivered, failed = r.failed, "webhooks sent")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "webhook delivery failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, id, 1614265330, body).unwrap(),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn retries_follow_the_standard_schedule() {
        let s = |n| backoff(n, 5000).num_seconds();
        assert_eq!(
            (1..=8).map(s).collect::<Vec<_>>(),
            vec![5, 300, 1800, 7200, 18000, 36000, 36000, 36000]
        );
    }
}
