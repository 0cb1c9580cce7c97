//! The periodic round: reminders a few days before each deadline, notices when one passes (to the
//! officer, and to the level above: escalation), the daily digests, then the outbox. Reminders run
//! on one instance at a time (a lease); delivery runs everywhere (the outbox's claims keep each
//! mail single). Deadlines come from the reporting calendars (figures of indicators that have
//! one), the resolutions' report calendars (progress reports) and the directives' due dates.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use super::{people_of, person, send, Notice, NotificationKind, Recipient};
use crate::agencies::AgencyKind;
use crate::config::{NotifySettings, SmtpConfig};
use crate::db::schema::{
    agencies, indicator_values, indicators, notifications, progress_reports, reporting_calendars,
    resolutions, tasks, users,
};
use crate::db::{now, Db, DbConn};
use crate::error::ApiError;
use crate::indicators::values::ValueStatus;
use crate::indicators::{reporting_agencies, source_of, IndicatorGroup, IndicatorRow};
use crate::period::Period;
use crate::policy::Duty;
use crate::reporting::calendar;
use crate::tasks::TaskStatus;

/// What one round of reminders did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub notified: usize,
    pub digests: usize,
    /// Scheduled reports produced.
    pub reports: usize,
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// People by (agency, duty), looked up once per round.
#[derive(Default)]
struct People(HashMap<(String, Duty), Vec<Recipient>>);

impl People {
    fn of(
        &mut self,
        conn: &mut DbConn,
        agency: &str,
        duty: Duty,
    ) -> Result<Vec<Recipient>, ApiError> {
        let key = (agency.to_string(), duty);
        if let Some(p) = self.0.get(&key) {
            return Ok(p.clone());
        }
        let p = people_of(conn, agency, duty)?;
        self.0.insert(key, p.clone());
        Ok(p)
    }
}

/// Where a deadline stands on `today`: soon (within `days`), passed, or neither.
fn stage(due: NaiveDate, today: NaiveDate, days: i64) -> Option<NotificationKind> {
    if today > due {
        Some(NotificationKind::DeadlinePassed)
    } else if today >= due - TimeDelta::days(days) {
        Some(NotificationKind::DeadlineSoon)
    } else {
        None
    }
}

fn parent_of(conn: &mut DbConn, agency: &str) -> Result<Option<String>, ApiError> {
    Ok(agencies::table
        .find(agency)
        .select(agencies::parent_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Figures of indicators with a calendar, for the last finished period, not yet submitted.
fn figures(
    conn: &mut DbConn,
    people: &mut People,
    today: NaiveDate,
    days: i64,
) -> Result<usize, ApiError> {
    let ids: Vec<String> = reporting_calendars::table
        .select(reporting_calendars::indicator_id)
        .load(conn)?;
    let list: Vec<IndicatorRow> = indicators::table
        .filter(indicators::id.eq_any(&ids))
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let calendars = calendar::load_many(conn, &ids)?;
    let mut n = 0;
    for ind in list
        .iter()
        .filter(|i| i.group() != IndicatorGroup::Composite)
    {
        let cal = &calendars[&ind.id];
        let f = ind.frequency().period_frequency();
        let period = Period::containing(
            Period::containing(today, f).bounds().0 - TimeDelta::days(1),
            f,
        );
        let expected = reporting_agencies(conn, ind)?;
        let mut sent: HashSet<String> = HashSet::new();
        for chunk in expected.chunks(500) {
            sent.extend(
                indicator_values::table
                    .filter(indicator_values::indicator_id.eq(&ind.id))
                    .filter(indicator_values::agency_id.eq_any(chunk))
                    .filter(indicator_values::period.eq(period.to_string()))
                    .filter(indicator_values::is_current.eq(true))
                    .filter(indicator_values::status.ne(ValueStatus::Draft.as_str()))
                    .select(indicator_values::agency_id)
                    .load::<String>(conn)?,
            );
        }
        let kinds = calendar::kinds_of(conn, expected.iter().cloned())?;
        for agency in expected.iter().filter(|a| !sent.contains(*a)) {
            let kind = kinds.get(agency).copied().unwrap_or(AgencyKind::Other);
            let due = cal.report_deadline(kind, period);
            let Some(stage) = stage(due, today, days) else {
                continue;
            };
            let source = source_of(ind, agency).to_string();
            let officers = people.of(conn, &source, Duty::WriteFigures)?;
            let key = format!("{}:figure:{}:{agency}:{period}", stage.as_str(), ind.id);
            let (title, body) = match stage {
                NotificationKind::DeadlineSoon => (
                    format!("Sắp đến hạn báo cáo chỉ tiêu {} kỳ {period}", ind.code),
                    format!(
                        "Số liệu chỉ tiêu {} — {} kỳ {period} cần được gửi trước hết ngày {}.",
                        ind.code,
                        ind.name,
                        date(due)
                    ),
                ),
                _ => (
                    format!("Quá hạn báo cáo chỉ tiêu {} kỳ {period}", ind.code),
                    format!(
                        "Số liệu chỉ tiêu {} — {} kỳ {period} chưa được gửi; hạn là ngày {}.",
                        ind.code,
                        ind.name,
                        date(due)
                    ),
                ),
            };
            let link = format!("/indicators/{}", ind.id);
            n += send(
                conn,
                &officers,
                &Notice {
                    kind: stage,
                    title: title.clone(),
                    body: body.clone(),
                    link: link.clone(),
                    key: key.clone(),
                },
            )?;
            if stage == NotificationKind::DeadlinePassed {
                if let Some(parent) = parent_of(conn, &source)? {
                    let names = crate::agencies::names(conn, [source.as_str()])?;
                    let supervisors = people.of(conn, &parent, Duty::DecideFigures)?;
                    n += send(
                        conn,
                        &supervisors,
                        &Notice {
                            kind: NotificationKind::Escalation,
                            title: format!(
                                "{} quá hạn báo cáo chỉ tiêu {} kỳ {period}",
                                names.get(&source).cloned().unwrap_or_default(),
                                ind.code
                            ),
                            body,
                            link,
                            key: format!("escalation:figure:{}:{agency}:{period}", ind.id),
                        },
                    )?;
                }
            }
        }
    }
    Ok(n)
}

/// Progress reports due by the resolutions' report calendars, for open tasks.
fn reports(
    conn: &mut DbConn,
    people: &mut People,
    today: NaiveDate,
    days: i64,
) -> Result<usize, ApiError> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        NaiveDate,
        String,
        i32,
        String,
    );
    let rows: Vec<Row> = tasks::table
        .inner_join(resolutions::table)
        .filter(tasks::status.eq_any([
            TaskStatus::NotStarted.as_str(),
            TaskStatus::InProgress.as_str(),
        ]))
        .filter(resolutions::status.eq(crate::resolutions::ResolutionStatus::Active.as_str()))
        .filter(resolutions::report_frequency.is_not_null())
        .select((
            tasks::id,
            tasks::code,
            tasks::title,
            tasks::lead_agency_id,
            tasks::parent_lead_agency_id,
            tasks::start_date,
            resolutions::report_frequency.assume_not_null(),
            resolutions::report_due_day.assume_not_null(),
            resolutions::owner_agency_id,
        ))
        .load(conn)?;
    let mut n = 0;
    for (id, code, title, lead, assigner, start, frequency, day, owner) in rows {
        let Some(cal) = crate::reporting::reports::ReportCalendar::of(Some(&frequency), Some(day))?
        else {
            continue;
        };
        let period = cal.period_of(today);
        let Some(due) = cal.deadline(period) else {
            continue;
        };
        if start > period.bounds().1 {
            continue;
        }
        let Some(stage) = stage(due, today, days) else {
            continue;
        };
        let filed: i64 = progress_reports::table
            .filter(progress_reports::task_id.eq(&id))
            .filter(progress_reports::period.eq(period.to_string()))
            .count()
            .get_result(conn)?;
        if filed > 0 {
            continue;
        }
        let link = format!("/tasks/{id}");
        let body = format!(
            "Báo cáo tiến độ kỳ {period} của nhiệm vụ {code} — {title} {} ngày {}.",
            if stage == NotificationKind::DeadlineSoon {
                "cần được gửi trước hết"
            } else {
                "chưa được gửi; hạn là"
            },
            date(due)
        );
        let officers = people.of(conn, &lead, Duty::FileReports)?;
        n += send(
            conn,
            &officers,
            &Notice {
                kind: stage,
                title: format!(
                    "{} báo cáo tiến độ nhiệm vụ {code} kỳ {period}",
                    if stage == NotificationKind::DeadlineSoon {
                        "Sắp đến hạn"
                    } else {
                        "Quá hạn"
                    }
                ),
                body: body.clone(),
                link: link.clone(),
                key: format!("{}:report:{id}:{period}", stage.as_str()),
            },
        )?;
        if stage == NotificationKind::DeadlinePassed {
            let supervisors = people.of(
                conn,
                assigner.as_deref().unwrap_or(&owner),
                Duty::DecideTasks,
            )?;
            n += send(
                conn,
                &supervisors,
                &Notice {
                    kind: NotificationKind::Escalation,
                    title: format!("Nhiệm vụ {code} quá hạn báo cáo tiến độ kỳ {period}"),
                    body,
                    link,
                    key: format!("escalation:report:{id}:{period}"),
                },
            )?;
        }
    }
    Ok(n)
}

/// Open directives with a due date: to the directed agency (a task's lead agency, a series'
/// source), and the issuer when it passes.
fn directives_due(
    conn: &mut DbConn,
    people: &mut People,
    today: NaiveDate,
    days: i64,
) -> Result<usize, ApiError> {
    let open = crate::directives::open(
        conn,
        crate::directives::OpenFilter {
            with_due_date: true,
            ..Default::default()
        },
    )?;
    let mut n = 0;
    for d in open {
        let Some(due) = d.due_date else { continue };
        let Some(stage) = stage(due, today, days) else {
            continue;
        };
        let about = &d.about.short;
        let body = format!(
            "Ý kiến chỉ đạo về {about} {} ngày {}.",
            if stage == NotificationKind::DeadlineSoon {
                "cần được trả lời trước hết"
            } else {
                "chưa được trả lời; hạn là"
            },
            date(due)
        );
        let officers = people.of(conn, &d.directed_agency_id, Duty::AnswerDirectives)?;
        n += send(
            conn,
            &officers,
            &Notice {
                kind: stage,
                title: format!("Chỉ đạo về {about}: hạn trả lời {}", date(due)),
                body: body.clone(),
                link: d.about.link.clone(),
                key: format!("{}:directive:{}", stage.as_str(), d.id),
            },
        )?;
        if stage == NotificationKind::DeadlinePassed {
            let to: Vec<Recipient> = person(conn, &d.issued_by)?.into_iter().collect();
            n += send(
                conn,
                &to,
                &Notice {
                    kind: NotificationKind::Escalation,
                    title: format!("Chỉ đạo về {about} quá hạn trả lời"),
                    body,
                    link: d.about.link.clone(),
                    key: format!("escalation:directive:{}", d.id),
                },
            )?;
        }
    }
    Ok(n)
}

/// One mail a day per digest user with the notifications not yet mailed.
fn digests(conn: &mut DbConn, today: NaiveDate) -> Result<usize, ApiError> {
    use crate::db::schema::mail_outbox;
    let start = today.and_hms_opt(0, 0, 0).expect("midnight");
    let people: Vec<(String, String)> = users::table
        .filter(users::notify.eq(super::NotifyMode::Digest.as_str()))
        .filter(users::active.eq(true))
        .filter(users::email.is_not_null())
        .select((users::id, users::email.assume_not_null()))
        .load(conn)?;
    let mut n = 0;
    for (user, email) in people {
        let sent_today: i64 = mail_outbox::table
            .filter(mail_outbox::user_id.eq(&user))
            .filter(mail_outbox::kind.eq(super::outbox::MailKind::Digest.as_str()))
            .filter(mail_outbox::created_at.ge(start))
            .count()
            .get_result(conn)?;
        if sent_today > 0 {
            continue;
        }
        let waiting: Vec<(String, String, String, String)> = notifications::table
            .filter(notifications::user_id.eq(&user))
            .filter(notifications::mailed_at.is_null())
            .order(notifications::created_at)
            .select((
                notifications::id,
                notifications::title,
                notifications::body,
                notifications::link,
            ))
            .load(conn)?;
        if waiting.is_empty() {
            continue;
        }
        let body = waiting
            .iter()
            .map(|(_, t, b, l)| format!("• {t}\n{}", super::outbox::body_with_link(b, l)))
            .collect::<Vec<_>>()
            .join("\n\n");
        super::outbox::enqueue(
            conn,
            Some(&user),
            &email,
            &format!(
                "Tổng hợp thông báo ngày {} ({} mục)",
                date(today),
                waiting.len()
            ),
            &body,
            super::outbox::MailKind::Digest,
        )?;
        let ids: Vec<&str> = waiting.iter().map(|w| w.0.as_str()).collect();
        diesel::update(notifications::table.filter(notifications::id.eq_any(ids)))
            .set(notifications::mailed_at.eq(Some(now())))
            .execute(conn)?;
        n += 1;
    }
    Ok(n)
}

/// One round of reminders and digests on `today` (in one transaction).
pub fn run(
    conn: &mut DbConn,
    settings: &NotifySettings,
    today: NaiveDate,
) -> Result<Round, ApiError> {
    let mut round = crate::db::write_transaction(conn, |conn| {
        let mut people = People::default();
        let days = settings.reminder_days;
        let notified = figures(conn, &mut people, today, days)?
            + reports(conn, &mut people, today, days)?
            + directives_due(conn, &mut people, today, days)?;
        Ok(Round {
            notified,
            digests: digests(conn, today)?,
            reports: 0,
        })
    })?;
    // Each scheduled report in its own transaction: producing one takes a while.
    round.reports = crate::reports::schedules::run_due(conn, today)?;
    Ok(round)
}

const LEASE: &str = "notify";

/// Runs the round every `interval_secs`: delivery on every instance when mail is configured, and
/// every `reminder_every_secs` the reminders, on the instance holding the lease.
pub fn spawn_periodic(db: Db, settings: NotifySettings, smtp: Option<SmtpConfig>) {
    if settings.interval_secs == 0 {
        return;
    }
    let holder = format!("instance-{}", uuid::Uuid::new_v4());
    let hold = i64::try_from(settings.interval_secs.saturating_mul(3)).unwrap_or(i64::MAX / 2);
    actix_web::rt::spawn(async move {
        let mut ticker =
            actix_web::rt::time::interval(std::time::Duration::from_secs(settings.interval_secs));
        let every = std::time::Duration::from_secs(settings.reminder_every_secs.max(1));
        let mut last_reminders: Option<std::time::Instant> = None;
        loop {
            ticker.tick().await;
            let (db2, holder2, smtp2) = (db.clone(), holder.clone(), smtp.clone());
            let leader = holder.clone();
            let due = last_reminders.is_none_or(|t| t.elapsed() >= every);
            if due {
                last_reminders = Some(std::time::Instant::now());
            }
            let round = db
                .run(move |conn| {
                    if !due {
                        return Ok(None);
                    }
                    if !crate::alerts::hold_lease(conn, LEASE, &leader, hold)? {
                        return Ok(None);
                    }
                    run(conn, &settings, crate::tasks::today()).map(Some)
                })
                .await;
            match round {
                Ok(Some(r)) if r.notified + r.digests > 0 => {
                    tracing::info!(notified = r.notified, digests = r.digests, "reminders sent")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "reminders failed"),
            }
            if let Some(smtp) = smtp2 {
                let delivered =
                    actix_web::web::block(move || super::outbox::deliver(&db2, &smtp, &holder2))
                        .await;
                match delivered {
                    Ok(Ok(d)) if d.sent + d.failed > 0 => {
                        tracing::info!(sent = d.sent, failed = d.failed, "mail delivered")
                    }
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => tracing::error!(error = %e, "mail delivery failed"),
                    Err(e) => tracing::error!(error = %e, "mail delivery task failed"),
                }
            }
        }
    });
}
