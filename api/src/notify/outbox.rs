//! The mail outbox: a mail is a row written in the same transaction as the event it tells of, so
//! nothing is lost when the mail server is down. Any instance delivers: it claims a due row with
//! one conditional update (only one instance wins a row), sends it over SMTP (lettre), and marks it
//! sent — or counts the attempt and retries later with exponential backoff, giving up after
//! [`MAX_ATTEMPTS`]. A crash between sending and marking can send a mail twice (at-least-once);
//! nothing else does.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{SmtpConfig, SmtpTls};
use crate::db::schema::mail_outbox;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;

text_enum!(
    /// Where a mail stands.
    MailStatus { Pending => "pending", Sent => "sent", Failed => "failed" }
);

text_enum!(
    /// A single notice, or the daily digest of a user's notices.
    MailKind { Notice => "notice", Digest => "digest" }
);

/// Attempts before a mail is given up (about a day and a half of retries).
pub const MAX_ATTEMPTS: i32 = 12;
/// How long a claim holds before another instance may take the row over.
pub const CLAIM_SECS: i64 = 120;
/// Mails claimed per round.
pub const BATCH: i64 = 50;

/// The wait before attempt `n + 1` after `n` failed attempts: 30 s, 1 min, 2 min, … capped at 6 h.
pub fn backoff(attempts: i32) -> TimeDelta {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    TimeDelta::seconds(secs.min(6 * 3600))
}

/// The body with the link to the page, when the server's public address is known.
pub fn body_with_link(body: &str, link: &str) -> String {
    match crate::config::public_url() {
        Some(base) => format!("{body}\n\n{}{link}", base.trim_end_matches('/')),
        None => body.to_string(),
    }
}

/// Puts a mail in the outbox (inside the caller's transaction).
pub fn enqueue(
    conn: &mut DbConn,
    user_id: Option<&str>,
    to: &str,
    subject: &str,
    body: &str,
    kind: MailKind,
) -> Result<(), ApiError> {
    let at = now();
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::id.eq(new_id()),
            mail_outbox::user_id.eq(user_id),
            mail_outbox::to_address.eq(to),
            mail_outbox::subject.eq(subject),
            mail_outbox::body.eq(body),
            mail_outbox::kind.eq(kind.as_str()),
            mail_outbox::status.eq(MailStatus::Pending.as_str()),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(at),
            mail_outbox::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// One mail to send.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct MailRow {
    pub id: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
}

/// Claims up to [`BATCH`] due mails for `holder`: each row is taken by one conditional update, so
/// two instances never both own a row.
pub fn claim(conn: &mut DbConn, holder: &str, at: NaiveDateTime) -> Result<Vec<MailRow>, ApiError> {
    let free = || {
        mail_outbox::status
            .eq(MailStatus::Pending.as_str())
            .and(mail_outbox::next_attempt_at.le(at))
            .and(
                mail_outbox::claimed_until
                    .is_null()
                    .or(mail_outbox::claimed_until.lt(at)),
            )
    };
    let candidates: Vec<String> = mail_outbox::table
        .filter(free())
        .order((mail_outbox::next_attempt_at, mail_outbox::id))
        .limit(BATCH)
        .select(mail_outbox::id)
        .load(conn)?;
    let mut mine = Vec::new();
    for id in candidates {
        let won = diesel::update(mail_outbox::table.find(&id).filter(free()))
            .set((
                mail_outbox::claimed_by.eq(holder),
                mail_outbox::claimed_until.eq(at + TimeDelta::seconds(CLAIM_SECS)),
            ))
            .execute(conn)?;
        if won == 1 {
            mine.push(id);
        }
    }
    Ok(mail_outbox::table
        .filter(mail_outbox::id.eq_any(&mine))
        .select(MailRow::as_select())
        .load(conn)?)
}

/// Records the outcome of sending a claimed mail.
pub fn settle(
    conn: &mut DbConn,
    mail: &MailRow,
    holder: &str,
    outcome: Result<(), String>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let mine = mail_outbox::table
        .find(&mail.id)
        .filter(mail_outbox::claimed_by.eq(holder));
    match outcome {
        Ok(()) => diesel::update(mine)
            .set((
                mail_outbox::status.eq(MailStatus::Sent.as_str()),
                mail_outbox::attempts.eq(mail.attempts + 1),
                mail_outbox::sent_at.eq(Some(at)),
                mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?,
        Err(e) => {
            let attempts = mail.attempts + 1;
            let status = if attempts >= MAX_ATTEMPTS {
                MailStatus::Failed
            } else {
                MailStatus::Pending
            };
            diesel::update(mine)
                .set((
                    mail_outbox::status.eq(status.as_str()),
                    mail_outbox::attempts.eq(attempts),
                    mail_outbox::next_attempt_at.eq(at + backoff(mail.attempts)),
                    mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                    mail_outbox::last_error.eq(Some(e.chars().take(1000).collect::<String>())),
                ))
                .execute(conn)?
        }
    };
    Ok(())
}

/// The SMTP transport of the configuration.
pub fn transport(smtp: &SmtpConfig) -> Result<SmtpTransport, String> {
    let tls = |host: &str| TlsParameters::new(host.to_string()).map_err(|e| e.to_string());
    let mut builder = match smtp.tls {
        SmtpTls::None => SmtpTransport::builder_dangerous(&smtp.host),
        SmtpTls::StartTls => {
            SmtpTransport::builder_dangerous(&smtp.host).tls(Tls::Required(tls(&smtp.host)?))
        }
        SmtpTls::Tls => {
            SmtpTransport::builder_dangerous(&smtp.host).tls(Tls::Wrapper(tls(&smtp.host)?))
        }
    }
    .port(smtp.port)
    .timeout(Some(std::time::Duration::from_secs(15)));
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.expose().to_string(),
        ));
    }
    Ok(builder.build())
}

/// Builds and sends one mail.
pub fn send_one(transport: &SmtpTransport, from: &Mailbox, mail: &MailRow) -> Result<(), String> {
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|e| format!("bad recipient {}: {e}", mail.to_address))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| e.to_string())?;
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Claims the due mails and sends them; each outcome is recorded at once (short transactions, so
/// a slow mail server holds no lock).
pub fn deliver(db: &crate::db::Db, smtp: &SmtpConfig, holder: &str) -> Result<Delivery, ApiError> {
    let mails = {
        let mut conn = db.get()?;
        crate::db::write_transaction(&mut conn, |c| claim(c, holder, now()))?
    };
    let mut out = Delivery::default();
    if mails.is_empty() {
        return Ok(out);
    }
    let from: Result<Mailbox, String> = smtp.from.parse().map_err(|e| format!("{e}"));
    let transport = transport(smtp);
    for mail in &mails {
        let outcome = match (&transport, &from) {
            (Ok(t), Ok(f)) => send_one(t, f, mail),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        if outcome.is_ok() {
            out.sent += 1;
        } else {
            out.failed += 1;
        }
        let mut conn = db.get()?;
        crate::db::write_transaction(&mut conn, |c| settle(c, mail, holder, outcome, now()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(0), TimeDelta::seconds(30));
        assert_eq!(backoff(1), TimeDelta::seconds(60));
        assert_eq!(backoff(3), TimeDelta::seconds(240));
        assert_eq!(backoff(30), TimeDelta::seconds(6 * 3600));
    }
}
