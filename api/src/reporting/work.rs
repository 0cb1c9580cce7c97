//! `GET /me/work`: what the caller has to do, with its deadline, most urgent first — figures to
//! enter or correct, progress reports to file, figures to approve, completions and requests to
//! decide, directives to answer. Each kind is computed from the same rules as the buttons (the
//! policy), so the list never names work the caller could not do.

use std::collections::{HashMap, HashSet};

use actix_web::{get, web};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::calendar::{self, Calendar};
use crate::agencies::AgencyKind;
use crate::auth::Caller;
use crate::db::schema::{
    indicator_values, indicators, progress_reports, resolutions, task_requests, tasks,
};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::indicators::values::ValueStatus;
use crate::indicators::{series_written_by, IndicatorGroup, IndicatorRow};
use crate::period::Period;
use crate::policy::{has_duty, Duty};
use crate::state::AppState;
use crate::tasks::TaskStatus;

text_enum!(
    /// What a to-do item asks of the caller.
    WorkKind {
        FigureToEnter => "figure_to_enter",
        FigureToCorrect => "figure_to_correct",
        ReportToFile => "report_to_file",
        FigureToApprove => "figure_to_approve",
        CompletionToDecide => "completion_to_decide",
        RequestToDecide => "request_to_decide",
        DirectiveToAnswer => "directive_to_answer",
    }
);

/// The most items of one kind listed (the counts are complete).
pub const PER_KIND: usize = 200;

/// One thing to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkItem {
    pub kind: WorkKind,
    /// What it is about, in the data's own words (an indicator's or a task's code and name).
    pub title: String,
    /// The deadline, if it has one.
    pub due_date: Option<NaiveDate>,
    /// The deadline has passed.
    pub overdue: bool,
    /// The period is locked: nothing can be written without an unlock from the level above.
    pub locked: bool,
    /// The web app's page for it, for example `/tasks/{id}` or `/indicators/{id}`.
    pub link: String,
    /// The object it is about (an indicator, figure, task or directive id).
    pub subject_id: String,
    /// The reporting period, for figures and reports.
    pub period: Option<String>,
    /// The agency it concerns (the series' agency, or the task's lead agency).
    pub agency_id: Option<String>,
}

/// How many items of each kind wait.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct WorkCounts {
    pub figure_to_enter: i64,
    pub figure_to_correct: i64,
    pub report_to_file: i64,
    pub figure_to_approve: i64,
    pub completion_to_decide: i64,
    pub request_to_decide: i64,
    pub directive_to_answer: i64,
    /// Items whose deadline has passed.
    pub overdue: i64,
    pub total: i64,
}

/// The caller's to-do list.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyWork {
    /// Sorted by deadline (those without one last), at most 200 of each kind.
    pub items: Vec<WorkItem>,
    pub counts: WorkCounts,
    /// Today, as the deadlines were judged.
    pub today: NaiveDate,
}

struct Collector {
    today: NaiveDate,
    items: Vec<WorkItem>,
    counts: WorkCounts,
}

impl Collector {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: WorkKind,
        title: String,
        due_date: Option<NaiveDate>,
        locked: bool,
        link: String,
        subject_id: &str,
        period: Option<String>,
        agency_id: Option<&str>,
    ) {
        let overdue = due_date.is_some_and(|d| d < self.today);
        self.count(kind, 1);
        if overdue {
            self.counts.overdue += 1;
        }
        if self.items.iter().filter(|i| i.kind == kind).count() < PER_KIND {
            self.items.push(WorkItem {
                kind,
                title,
                due_date,
                overdue,
                locked,
                link,
                subject_id: subject_id.to_string(),
                period,
                agency_id: agency_id.map(str::to_string),
            });
        }
    }

    fn count(&mut self, kind: WorkKind, n: i64) {
        let c = &mut self.counts;
        *match kind {
            WorkKind::FigureToEnter => &mut c.figure_to_enter,
            WorkKind::FigureToCorrect => &mut c.figure_to_correct,
            WorkKind::ReportToFile => &mut c.report_to_file,
            WorkKind::FigureToApprove => &mut c.figure_to_approve,
            WorkKind::CompletionToDecide => &mut c.completion_to_decide,
            WorkKind::RequestToDecide => &mut c.request_to_decide,
            WorkKind::DirectiveToAnswer => &mut c.directive_to_answer,
        } += n;
        c.total += n;
    }
}

fn title_of(code: &str, name: &str) -> String {
    format!("{code} — {name}")
}

/// The last finished period of the indicator's frequency on `today`.
fn last_finished(ind: &IndicatorRow, today: NaiveDate) -> Period {
    let f = ind.frequency().period_frequency();
    Period::containing(
        Period::containing(today, f).bounds().0 - chrono::TimeDelta::days(1),
        f,
    )
}

/// Figures of the last finished period not yet submitted, and returned figures to correct, of
/// the series the caller's agency writes.
fn figures_to_enter(
    conn: &mut DbConn,
    caller: &Caller,
    out: &mut Collector,
) -> Result<(), ApiError> {
    if crate::policy::write_figure(caller, true).is_err() {
        return Ok(());
    }
    let list: Vec<IndicatorRow> = indicators::table
        .order(indicators::code)
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let mut work: Vec<(IndicatorRow, Vec<String>)> = Vec::new();
    for ind in list
        .into_iter()
        .filter(|i| i.group() != IndicatorGroup::Composite)
    {
        let series = series_written_by(conn, caller, &ind)?;
        if !series.is_empty() {
            work.push((ind, series));
        }
    }
    let ids: Vec<String> = work.iter().map(|(i, _)| i.id.clone()).collect();
    let calendars = calendar::load_many(conn, &ids)?;
    let kinds = calendar::kinds_of(
        conn,
        work.iter()
            .flat_map(|(_, s)| s.iter().cloned())
            .collect::<HashSet<_>>(),
    )?;
    let names = crate::agencies::names(conn, kinds.keys().map(String::as_str))?;
    for (ind, series) in &work {
        let cal: &Calendar = &calendars[&ind.id];
        let period = last_finished(ind, out.today);
        let unlocked = super::locks::open_unlocks(conn, cal, &ind.id, out.today)?;
        let today = out.today;
        let locked = |agency: &str, p: Period| {
            cal.locks(p, today) && !unlocked.contains(&(agency.to_string(), p.to_string()))
        };
        let mut current: HashMap<String, (String, ValueStatus, String)> = HashMap::new();
        for chunk in series.chunks(500) {
            for (agency, status, id, p) in indicator_values::table
                .filter(indicator_values::indicator_id.eq(&ind.id))
                .filter(indicator_values::agency_id.eq_any(chunk))
                .filter(indicator_values::is_current.eq(true))
                .filter(
                    indicator_values::period
                        .eq(period.to_string())
                        .or(indicator_values::status.eq(ValueStatus::Returned.as_str())),
                )
                .select((
                    indicator_values::agency_id,
                    indicator_values::status,
                    indicator_values::id,
                    indicator_values::period,
                ))
                .load::<(String, String, String, String)>(conn)?
            {
                let status: ValueStatus = status.parse()?;
                if status == ValueStatus::Returned {
                    let p: Period = p
                        .parse()
                        .map_err(|_| ApiError::internal(anyhow::anyhow!("malformed period")))?;
                    let kind = kinds.get(&agency).copied().unwrap_or(AgencyKind::Other);
                    out.push(
                        WorkKind::FigureToCorrect,
                        title_of(&ind.code, &ind.name),
                        Some(cal.report_deadline(kind, p)),
                        locked(&agency, p),
                        format!("/indicators/{}", ind.id),
                        &id,
                        Some(p.to_string()),
                        Some(&agency),
                    );
                }
                if p == period.to_string() {
                    current.insert(agency.clone(), (p, status, id));
                }
            }
        }
        for agency in series {
            let waiting = match current.get(agency) {
                None => true,
                Some((_, status, _)) => *status == ValueStatus::Draft,
            };
            if !waiting {
                continue;
            }
            let kind = kinds.get(agency).copied().unwrap_or(AgencyKind::Other);
            let mut title = title_of(&ind.code, &ind.name);
            if series.len() > 1 {
                if let Some(n) = names.get(agency) {
                    title = format!("{title} · {n}");
                }
            }
            out.push(
                WorkKind::FigureToEnter,
                title,
                Some(cal.report_deadline(kind, period)),
                locked(agency, period),
                format!("/indicators/{}", ind.id),
                &ind.id,
                Some(period.to_string()),
                Some(agency),
            );
        }
    }
    Ok(())
}

/// Progress reports due by their resolutions' calendars, for the open tasks the caller's agency
/// leads: the current period's, and the previous one's when it was never filed.
fn reports_to_file(
    conn: &mut DbConn,
    caller: &Caller,
    out: &mut Collector,
) -> Result<(), ApiError> {
    if !has_duty(caller, Duty::FileReports) {
        return Ok(());
    }
    type Row = (String, String, String, NaiveDate, String, i32);
    let rows: Vec<Row> = tasks::table
        .inner_join(resolutions::table)
        .filter(tasks::lead_agency_id.eq(&caller.agency_id))
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
            tasks::start_date,
            resolutions::report_frequency.assume_not_null(),
            resolutions::report_due_day.assume_not_null(),
        ))
        .order((tasks::due_date, tasks::code))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let mut filed: HashSet<(String, String)> = HashSet::new();
    for chunk in ids.chunks(500) {
        filed.extend(
            progress_reports::table
                .filter(progress_reports::task_id.eq_any(chunk))
                .select((progress_reports::task_id, progress_reports::period))
                .distinct()
                .load::<(String, String)>(conn)?,
        );
    }
    for (id, code, title, start, frequency, day) in rows {
        let Some(cal) = super::reports::ReportCalendar::of(Some(&frequency), Some(day))? else {
            continue;
        };
        let now = cal.period_of(out.today);
        let before = cal.period_of(now.bounds().0 - chrono::TimeDelta::days(1));
        for p in [before, now] {
            if start > p.bounds().1 || filed.contains(&(id.clone(), p.to_string())) {
                continue;
            }
            // The previous period only while it was missed; the current one always.
            out.push(
                WorkKind::ReportToFile,
                title_of(&code, &title),
                cal.deadline(p),
                false,
                format!("/tasks/{id}"),
                &id,
                Some(p.to_string()),
                Some(&caller.agency_id),
            );
        }
    }
    Ok(())
}

/// Submitted figures in the caller's subtree that it may decide, by approval deadline.
fn figures_to_approve(
    conn: &mut DbConn,
    caller: &Caller,
    out: &mut Collector,
) -> Result<(), ApiError> {
    if crate::policy::decide_figures(caller).is_err() {
        return Ok(());
    }
    let persons = crate::apikeys::persons_of(conn, std::slice::from_ref(&caller.user_id))?;
    let me = persons
        .get(&caller.user_id)
        .cloned()
        .unwrap_or_else(|| caller.user_id.clone());
    let waiting = || {
        indicator_values::table
            .filter(indicator_values::is_current.eq(true))
            .filter(indicator_values::status.eq(ValueStatus::Submitted.as_str()))
            .filter(
                indicator_values::agency_id.eq_any(crate::scope::subtree_ids(&caller.agency_id)),
            )
            .filter(indicator_values::created_by.ne(me.clone()))
            .filter(
                indicator_values::submitted_by
                    .ne(me.clone())
                    .or(indicator_values::submitted_by.is_null()),
            )
    };
    let total: i64 = waiting().count().get_result(conn)?;
    let rows: Vec<(String, String, String, String, String, String)> = waiting()
        .inner_join(indicators::table)
        .order((
            indicator_values::period_end.asc(),
            indicator_values::updated_at.asc(),
        ))
        .limit(PER_KIND as i64)
        .select((
            indicator_values::id,
            indicator_values::indicator_id,
            indicator_values::agency_id,
            indicator_values::period,
            indicators::code,
            indicators::name,
        ))
        .load(conn)?;
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r.1.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let calendars = calendar::load_many(conn, &ids)?;
    let names = crate::agencies::names(conn, rows.iter().map(|r| r.2.as_str()))?;
    let listed = rows.len() as i64;
    for (id, ind, agency, period, code, name) in rows {
        let due = period
            .parse::<Period>()
            .ok()
            .and_then(|p| calendars[&ind].approval_deadline(p));
        let mut title = title_of(&code, &name);
        if let Some(n) = names.get(&agency) {
            title = format!("{title} · {n}");
        }
        out.push(
            WorkKind::FigureToApprove,
            title,
            due,
            false,
            "/approvals".to_string(),
            &id,
            Some(period),
            Some(&agency),
        );
    }
    // The rest is counted, not listed.
    out.count(WorkKind::FigureToApprove, total - listed);
    Ok(())
}

/// Completions to accept and requests to grant for the tasks the caller's agency assigned.
fn decisions(conn: &mut DbConn, caller: &Caller, out: &mut Collector) -> Result<(), ApiError> {
    if crate::policy::decide_tasks(caller).is_err() {
        return Ok(());
    }
    let caller_is_top = crate::db::schema::agencies::table
        .find(&caller.agency_id)
        .select(crate::db::schema::agencies::parent_id)
        .first::<Option<String>>(conn)?
        .is_none();
    let rows: Vec<(String, String, String, String, String, NaiveDate)> =
        crate::tasks::handlers::awaiting_decision(
            crate::tasks::visible_to(caller),
            caller,
            caller_is_top,
        )
        .order((tasks::due_date, tasks::code))
        .select((
            tasks::id,
            tasks::code,
            tasks::title,
            tasks::status,
            tasks::lead_agency_id,
            tasks::due_date,
        ))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let mut pending: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for (task, request) in task_requests::table
            .filter(task_requests::task_id.eq_any(chunk))
            .filter(
                task_requests::status.eq(crate::tasks::requests::RequestStatus::Pending.as_str()),
            )
            .select((task_requests::task_id, task_requests::id))
            .load::<(String, String)>(conn)?
        {
            pending.entry(task).or_default().push(request);
        }
    }
    for (id, code, title, status, lead, _due) in rows {
        if status == TaskStatus::AwaitingAcceptance.as_str() {
            out.push(
                WorkKind::CompletionToDecide,
                title_of(&code, &title),
                None,
                false,
                format!("/tasks/{id}"),
                &id,
                None,
                Some(&lead),
            );
        }
        for request in pending.remove(&id).unwrap_or_default() {
            out.push(
                WorkKind::RequestToDecide,
                title_of(&code, &title),
                None,
                false,
                format!("/tasks/{id}"),
                &request,
                None,
                Some(&lead),
            );
        }
    }
    Ok(())
}

/// Open directives on the tasks the caller's agency leads and the KPI series it is the source of.
fn directives_to_answer(
    conn: &mut DbConn,
    caller: &Caller,
    out: &mut Collector,
) -> Result<(), ApiError> {
    if !has_duty(caller, Duty::AnswerDirectives) {
        return Ok(());
    }
    let open = crate::directives::open(
        conn,
        crate::directives::OpenFilter {
            directed: Some(&caller.agency_id),
            ..Default::default()
        },
    )?;
    for d in open {
        let gist: String = d
            .text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect();
        out.push(
            WorkKind::DirectiveToAnswer,
            format!("{} — {gist}", d.about.title),
            d.due_date,
            false,
            d.about.link,
            &d.id,
            None,
            Some(&caller.agency_id),
        );
    }
    Ok(())
}

/// The caller's to-do list on `today`.
pub fn of(conn: &mut DbConn, caller: &Caller, today: NaiveDate) -> Result<MyWork, ApiError> {
    let mut out = Collector {
        today,
        items: Vec::new(),
        counts: WorkCounts::default(),
    };
    figures_to_enter(conn, caller, &mut out)?;
    reports_to_file(conn, caller, &mut out)?;
    figures_to_approve(conn, caller, &mut out)?;
    decisions(conn, caller, &mut out)?;
    directives_to_answer(conn, caller, &mut out)?;
    let mut items = out.items;
    items.sort_by(|a, b| {
        (a.due_date.is_none(), a.due_date, a.kind.as_str(), &a.title).cmp(&(
            b.due_date.is_none(),
            b.due_date,
            b.kind.as_str(),
            &b.title,
        ))
    });
    Ok(MyWork {
        items,
        counts: out.counts,
        today,
    })
}

/// The caller's to-do list: what it has to enter, file, approve, decide and answer, with each
/// deadline, most urgent first.
#[utoipa::path(
    operation_id = "my_work",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = MyWork))
)]
#[get("/me/work")]
pub async fn my_work(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<MyWork>, ApiError> {
    let work = state
        .db
        .run(move |conn| of(conn, &caller, crate::tasks::today()))
        .await?;
    Ok(web::Json(work))
}
