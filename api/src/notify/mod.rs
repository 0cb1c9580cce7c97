//! Notifications: what concerns a user — a deadline coming or passed, a figure returned, a
//! directive or a decision — lands in their in-app list (the bell) and, by their preference, in an
//! e-mail at once, in a daily digest, or not at all. Every notification has a key per user, so
//! the periodic reminders never repeat one; e-mail goes through the durable outbox
//! ([`outbox`]). Texts are Vietnamese: the users are Vietnamese officials, and a mail has no
//! language switch.

pub mod handlers;
pub mod outbox;
pub mod reminders;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::roles;
use crate::db::schema::{notifications, users};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::indicators::values::ValueRow;
use crate::indicators::IndicatorRow;
use crate::policy::Duty;
use crate::reporting::locks::UnlockRow;

text_enum!(
    /// How notifications reach a user by e-mail.
    NotifyMode { Immediate => "immediate", Digest => "digest", Off => "off" }
);

text_enum!(
    /// What a notification is about.
    NotificationKind {
        /// A deadline is near (the configured days before it).
        DeadlineSoon => "deadline_soon",
        /// A deadline passed with the work not done (to the officer).
        DeadlinePassed => "deadline_passed",
        /// A deadline passed in an agency below (to its supervisor: escalation).
        Escalation => "escalation",
        FigureReturned => "figure_returned",
        DirectiveIssued => "directive_issued",
        CompletionDecided => "completion_decided",
        RequestDecided => "request_decided",
        PeriodUnlocked => "period_unlocked",
        ReportReady => "report_ready",
    }
);

/// One event for one user, before it is stored.
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: String,
    /// Unique per user and event: the same key is never notified twice.
    pub key: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    #[diesel(deserialize_as = String)]
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: String,
    pub dedupe_key: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub mailed_at: Option<NaiveDateTime>,
}

/// A recipient: an active person (not a service account) and how they want mail.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: String,
    pub email: Option<String>,
    pub mode: NotifyMode,
}

/// The active people of `agency` who carry `duty` (by the policy's roles).
pub fn people_of(conn: &mut DbConn, agency: &str, duty: Duty) -> Result<Vec<Recipient>, ApiError> {
    let rows: Vec<(String, String, Option<String>, String)> = users::table
        .filter(users::agency_id.eq(agency))
        .filter(users::active.eq(true))
        .filter(users::is_service.eq(false))
        .select((users::id, users::roles, users::email, users::notify))
        .order(users::username)
        .load(conn)?;
    let mut out = Vec::new();
    for (id, stored, email, mode) in rows {
        if duty.held_by(&roles::decode(&stored)) {
            out.push(Recipient {
                user_id: id,
                email,
                mode: mode.parse()?,
            });
        }
    }
    Ok(out)
}

/// One person by id, if active (an API key's service account notifies its creator instead).
pub fn person(conn: &mut DbConn, user_id: &str) -> Result<Option<Recipient>, ApiError> {
    let persons = crate::apikeys::persons_of(conn, &[user_id.to_string()])?;
    let id = persons
        .get(user_id)
        .cloned()
        .unwrap_or_else(|| user_id.to_string());
    let row: Option<(String, Option<String>, String)> = users::table
        .find(&id)
        .filter(users::active.eq(true))
        .select((users::id, users::email, users::notify))
        .first(conn)
        .optional()?;
    row.map(|(user_id, email, mode)| {
        Ok(Recipient {
            user_id,
            email,
            mode: mode.parse()?,
        })
    })
    .transpose()
}

/// Stores the notice for each recipient (once per key) and, for those who want mail at once,
/// puts the mail in the outbox in the same transaction. Returns how many were new.
pub fn send(conn: &mut DbConn, to: &[Recipient], notice: &Notice) -> Result<usize, ApiError> {
    let mut new = 0;
    let mut seen = std::collections::HashSet::new();
    for r in to.iter().filter(|r| seen.insert(r.user_id.clone())) {
        let exists: i64 = notifications::table
            .filter(notifications::user_id.eq(&r.user_id))
            .filter(notifications::dedupe_key.eq(&notice.key))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let at = now();
        let mail = r.mode == NotifyMode::Immediate && r.email.is_some();
        diesel::insert_into(notifications::table)
            .values((
                notifications::id.eq(new_id()),
                notifications::user_id.eq(&r.user_id),
                notifications::kind.eq(notice.kind.as_str()),
                notifications::title.eq(&notice.title),
                notifications::body.eq(&notice.body),
                notifications::link.eq(&notice.link),
                notifications::dedupe_key.eq(&notice.key),
                notifications::created_at.eq(at),
                notifications::mailed_at.eq(mail.then_some(at)),
            ))
            .execute(conn)?;
        if let (true, Some(address)) = (mail, &r.email) {
            outbox::enqueue(
                conn,
                Some(&r.user_id),
                address,
                &notice.title,
                &outbox::body_with_link(&notice.body, &notice.link),
                outbox::MailKind::Notice,
            )?;
        }
        new += 1;
    }
    Ok(new)
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A figure went back to its source: its author and submitter hear why.
pub fn figure_returned(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    value: &ValueRow,
    reason: &str,
) -> Result<(), ApiError> {
    let mut to = Vec::new();
    for u in value.submitted_by.iter().chain([&value.created_by]) {
        to.extend(person(conn, u)?);
    }
    let agency = crate::agencies::names(conn, [value.agency_id.as_str()])?
        .remove(&value.agency_id)
        .unwrap_or_default();
    send(
        conn,
        &to,
        &Notice {
            kind: NotificationKind::FigureReturned,
            title: format!(
                "Số liệu chỉ tiêu {} kỳ {} bị trả lại",
                ind.code, value.period
            ),
            body: format!(
                "Số liệu chỉ tiêu {} — {} của {agency}, kỳ {}, bị trả lại để chỉnh sửa.\nLý do: {reason}",
                ind.code, ind.name, value.period
            ),
            link: format!("/indicators/{}", ind.id),
            key: format!("figure_returned:{}", value.id),
        },
    )?;
    Ok(())
}

/// A period was opened again: the reporters of the series' source hear until when.
pub fn unlock_granted(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    u: &UnlockRow,
) -> Result<(), ApiError> {
    let source = crate::indicators::source_of(ind, &u.agency_id).to_string();
    let to = people_of(conn, &source, Duty::WriteFigures)?;
    send(
        conn,
        &to,
        &Notice {
            kind: NotificationKind::PeriodUnlocked,
            title: format!("Kỳ {} của chỉ tiêu {} được mở lại", u.period, ind.code),
            body: format!(
                "Kỳ {} của chỉ tiêu {} — {} được mở lại đến hết ngày {}.\nLý do: {}",
                u.period,
                ind.code,
                ind.name,
                date(u.open_until),
                u.reason
            ),
            link: format!("/indicators/{}", ind.id),
            key: format!("period_unlocked:{}", u.id),
        },
    )?;
    Ok(())
}

/// A directive was issued on a task or a KPI series: the planners and reporters of the directed
/// agency (the task's lead agency, the series' source) hear it.
pub fn directive_issued(
    conn: &mut DbConn,
    directed_agency: &str,
    about: &crate::directives::About,
    directive_id: &str,
    text: &str,
    due: Option<chrono::NaiveDate>,
) -> Result<(), ApiError> {
    let to = people_of(conn, directed_agency, Duty::AnswerDirectives)?;
    let due = due
        .map(|d| format!("\nHạn trả lời: {}", date(d)))
        .unwrap_or_default();
    send(
        conn,
        &to,
        &Notice {
            kind: NotificationKind::DirectiveIssued,
            title: format!("Ý kiến chỉ đạo về {}", about.short),
            body: format!("{}:\n{text}{due}", about.heading),
            link: about.link.clone(),
            key: format!("directive_issued:{directive_id}"),
        },
    )?;
    Ok(())
}

/// A completion proposal or a request was decided: whoever made it hears the decision.
pub fn decided(
    conn: &mut DbConn,
    task: &crate::tasks::TaskRow,
    kind: NotificationKind,
    subject_id: &str,
    proposer: &str,
    what: &str,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let to: Vec<Recipient> = person(conn, proposer)?.into_iter().collect();
    let reason = reason.map(|r| format!("\nLý do: {r}")).unwrap_or_default();
    send(
        conn,
        &to,
        &Notice {
            kind,
            title: format!("Nhiệm vụ {}: {what}", task.code),
            body: format!("Nhiệm vụ {} — {}: {what}.{reason}", task.code, task.title),
            link: format!("/tasks/{}", task.id),
            key: format!("{}:{subject_id}", kind.as_str()),
        },
    )?;
    Ok(())
}

/// A notification as its user sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: String,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    /// The web app's page for it.
    pub link: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

impl From<NotificationRow> for Notification {
    fn from(r: NotificationRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.created_at.and_utc(),
            read: r.read_at.is_some(),
        }
    }
}
