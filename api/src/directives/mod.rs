//! Directives (chỉ đạo): an agency above the one it directs — a task's lead agency, or the source
//! of one KPI series (an indicator and a reporting agency) — directs it, with an optional due
//! date; the directed agency answers (and may revise its answer until the directive is closed);
//! the directing agency, or one above it, closes it. Each step is audited and answered with the
//! directive's `actions`. Open directives are in the directed agency's to-do list, reminded before
//! and after their due date, and raise a `directive_overdue` alert once it passes.

pub mod handlers;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{directives, indicators, tasks};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::extract::Load;
use crate::indicators::{IndicatorGroup, IndicatorRow};
use crate::policy::{self, DirectedFacts, DirectiveActions};
use crate::tasks::{facts_of, TaskRow, TaskStatus};

text_enum!(
    /// open → answered (the directed agency answered; it may revise) → closed (by the directing side).
    DirectiveStatus { Open => "open", Answered => "answered", Closed => "closed" }
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueDirective {
    /// What the directed agency is to do.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// By when an answer is expected (optional; today or later).
    pub due_date: Option<NaiveDate>,
}

/// A directive on one KPI series: the indicator (in the path) and the reporting agency.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueSeriesDirective {
    /// The series: one of the indicator's reporting agencies. Its source answers.
    #[validate(custom(function = "crate::validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: String,
    /// What the series' source is to do.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// By when an answer is expected (optional; today or later).
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerDirective {
    /// What the directed agency did or will do.
    #[validate(custom(function = "crate::validate::text"), length(max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = directives)]
pub struct DirectiveRow {
    pub id: String,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    pub agency_id: Option<String>,
    pub issuing_agency_id: String,
    pub issued_by: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    #[diesel(deserialize_as = String)]
    pub status: DirectiveStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A directive on a task or on a KPI series, with its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Directive {
    pub id: String,
    /// The task it is about (absent for a directive on a KPI series).
    pub task_id: Option<String>,
    /// The indicator of the KPI series it is about (absent for a directive on a task).
    pub indicator_id: Option<String>,
    /// The reporting agency of the KPI series it is about (absent for a directive on a task).
    pub agency_id: Option<String>,
    /// The agency that answers: the task's lead agency, or the series' source.
    pub directed_agency_id: String,
    pub directed_agency_name: String,
    /// The directing agency.
    pub issuing_agency_id: String,
    pub issuing_agency_name: String,
    pub issued_by: String,
    pub issued_by_name: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    pub status: DirectiveStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// What the caller may do with this directive now.
    pub actions: DirectiveActions,
}

/// What a directive is about.
pub enum Subject {
    Task(TaskRow),
    /// One series of an indicator: the figures reported about `agency_id`.
    Series {
        indicator: IndicatorRow,
        agency_id: String,
    },
}

/// What the views and rules of a subject's directives need, relative to the caller.
#[derive(Clone)]
pub struct Context {
    pub directed_agency_id: String,
    pub facts: DirectedFacts,
    /// Directives may still be issued and answered (the task's resolution is open and the task is
    /// not cancelled; a series is always live).
    pub live: bool,
}

impl Subject {
    /// The agency that answers: the task's lead agency, or the series' source.
    pub fn directed_agency(&self) -> &str {
        match self {
            Subject::Task(task) => &task.lead_agency_id,
            Subject::Series {
                indicator,
                agency_id,
            } => crate::indicators::source_of(indicator, agency_id),
        }
    }

    pub fn context(&self, conn: &mut DbConn, caller: &Caller) -> Result<Context, ApiError> {
        Ok(match self {
            Subject::Task(task) => {
                let facts = facts_of(conn, caller, task)?;
                Context {
                    directed_agency_id: task.lead_agency_id.clone(),
                    facts: facts.directed(),
                    live: facts.resolution_open && task.status != TaskStatus::Cancelled,
                }
            }
            Subject::Series { .. } => {
                let source = self.directed_agency();
                Context {
                    directed_agency_id: source.to_string(),
                    facts: DirectedFacts {
                        in_scope: caller.sees_agency(conn, source)?,
                        own: caller.agency_id == source,
                    },
                    live: true,
                }
            }
        })
    }

    /// 409 when the subject takes no more directives or answers.
    fn ensure_live(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        match self {
            Subject::Task(task) => crate::tasks::ensure_live(conn, task),
            Subject::Series { .. } => Ok(()),
        }
    }

    /// How notifications, reminders and alerts name it, and where the web app shows it.
    fn describe(&self, conn: &mut DbConn) -> Result<About, ApiError> {
        Ok(match self {
            Subject::Task(task) => About::task(&task.id, &task.code, &task.title),
            Subject::Series {
                indicator,
                agency_id,
            } => {
                let names = crate::agencies::names(conn, [agency_id.as_str()])?;
                About::series(
                    &indicator.id,
                    &indicator.code,
                    &indicator.name,
                    agency_id,
                    names.get(agency_id).map(String::as_str).unwrap_or_default(),
                )
            }
        })
    }
}

/// How a directive's subject is named in Vietnamese texts and linked in the web app.
#[derive(Debug, Clone)]
pub struct About {
    /// "nhiệm vụ 57-NQ/TW.1" or "chỉ tiêu CT-57-01 (Xã Sóc Sơn)": after "chỉ đạo về".
    pub short: String,
    /// "Nhiệm vụ 57-NQ/TW.1 — title" or "Chỉ tiêu CT-57-01 — name (Xã Sóc Sơn)".
    pub heading: String,
    /// "57-NQ/TW.1 — title": for the to-do list.
    pub title: String,
    /// The web app's page of the subject.
    pub link: String,
}

impl About {
    fn task(id: &str, code: &str, title: &str) -> Self {
        About {
            short: format!("nhiệm vụ {code}"),
            heading: format!("Nhiệm vụ {code} — {title}"),
            title: format!("{code} — {title}"),
            link: format!("/tasks/{id}"),
        }
    }

    fn series(id: &str, code: &str, name: &str, agency_id: &str, agency: &str) -> Self {
        About {
            short: format!("chỉ tiêu {code} ({agency})"),
            heading: format!("Chỉ tiêu {code} — {name} ({agency})"),
            title: format!("{code} — {name} ({agency})"),
            link: format!("/indicators/{id}?agency_id={agency_id}"),
        }
    }
}

/// A directive the caller may see (it sees the directive's task, or the series' agency or its
/// source), with what it is about.
pub struct Loaded {
    pub row: DirectiveRow,
    pub subject: Subject,
}

impl Load for Loaded {
    const WHAT: &'static str = "directive";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        let row: DirectiveRow = directives::table
            .find(id)
            .select(DirectiveRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("directive"))?;
        let hidden = |_| ApiError::not_found("directive");
        let subject = match (&row.task_id, &row.indicator_id, &row.agency_id) {
            (Some(task), _, _) => {
                Subject::Task(crate::tasks::visible(conn, caller, task).map_err(hidden)?)
            }
            (None, Some(indicator), Some(agency)) => {
                let indicator =
                    crate::indicators::visible(conn, caller, indicator).map_err(hidden)?;
                series_visible(conn, caller, &indicator, agency)?;
                Subject::Series {
                    agency_id: agency.clone(),
                    indicator,
                }
            }
            _ => return Err(ApiError::not_found("directive")),
        };
        Ok(Loaded { row, subject })
    }
}

/// 404 unless the caller sees the series' agency or its source (as for the series' figures).
fn series_visible(
    conn: &mut DbConn,
    caller: &Caller,
    indicator: &IndicatorRow,
    agency: &str,
) -> Result<(), ApiError> {
    let source = crate::indicators::source_of(indicator, agency);
    if caller.sees_agency(conn, agency)? || caller.sees_agency(conn, source)? {
        Ok(())
    } else {
        Err(ApiError::not_found("directive"))
    }
}

/// The views of directives, each with its subject's context, in three queries.
pub fn views(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<(DirectiveRow, Context)>,
) -> Result<Vec<Directive>, ApiError> {
    let issuers = crate::scope::contained(
        conn,
        &caller.agency_id,
        rows.iter().map(|(r, _)| r.issuing_agency_id.as_str()),
    )?;
    let agency_names = crate::agencies::names(
        conn,
        rows.iter()
            .flat_map(|(r, c)| [r.issuing_agency_id.as_str(), c.directed_agency_id.as_str()]),
    )?;
    let people = crate::users::display_names(
        conn,
        rows.iter().flat_map(|(r, _)| {
            [
                Some(&r.issued_by),
                r.answered_by.as_ref(),
                r.closed_by.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
        }),
    )?;
    let name = |id: &Option<String>| id.as_ref().and_then(|i| people.get(i).cloned());
    let agency = |id: &str| agency_names.get(id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|(r, ctx)| {
            let actions = if ctx.live {
                policy::directive_actions(
                    caller,
                    ctx.facts,
                    issuers.contains(&r.issuing_agency_id),
                    r.status == DirectiveStatus::Closed,
                )
            } else {
                DirectiveActions::default()
            };
            Directive {
                actions,
                directed_agency_name: agency(&ctx.directed_agency_id),
                directed_agency_id: ctx.directed_agency_id,
                issuing_agency_name: agency(&r.issuing_agency_id),
                issued_by_name: people.get(&r.issued_by).cloned().unwrap_or_default(),
                answered_by_name: name(&r.answered_by),
                closed_by_name: name(&r.closed_by),
                id: r.id,
                task_id: r.task_id,
                indicator_id: r.indicator_id,
                agency_id: r.agency_id,
                issuing_agency_id: r.issuing_agency_id,
                issued_by: r.issued_by,
                text: r.text,
                due_date: r.due_date,
                status: r.status,
                answer: r.answer,
                answered_by: r.answered_by,
                answered_at: r.answered_at.map(|t| t.and_utc()),
                closed_by: r.closed_by,
                closed_at: r.closed_at.map(|t| t.and_utc()),
                created_at: r.created_at.and_utc(),
            }
        })
        .collect())
}

fn view(
    conn: &mut DbConn,
    caller: &Caller,
    subject: &Subject,
    row: DirectiveRow,
) -> Result<Directive, ApiError> {
    let ctx = subject.context(conn, caller)?;
    Ok(views(conn, caller, vec![(row, ctx)])?
        .pop()
        .expect("one directive"))
}

/// The task's directives, newest first.
pub fn of_task(
    conn: &mut DbConn,
    caller: &Caller,
    task: TaskRow,
) -> Result<Vec<Directive>, ApiError> {
    let rows: Vec<DirectiveRow> = directives::table
        .filter(directives::task_id.eq(&task.id))
        .order((directives::created_at.desc(), directives::id.desc()))
        .select(DirectiveRow::as_select())
        .load(conn)?;
    let ctx = Subject::Task(task).context(conn, caller)?;
    let rows = rows.into_iter().map(|r| (r, ctx.clone())).collect();
    views(conn, caller, rows)
}

/// The directives on the indicator's series the caller sees (the series' agency or its source is
/// in its scope), or on one series, newest first.
pub fn of_series(
    conn: &mut DbConn,
    caller: &Caller,
    indicator: &IndicatorRow,
    agency_id: Option<&str>,
) -> Result<Vec<Directive>, ApiError> {
    let mut query = directives::table
        .filter(directives::indicator_id.eq(&indicator.id))
        .into_boxed();
    if let Some(agency) = agency_id {
        query = query.filter(directives::agency_id.eq(agency));
    }
    let rows: Vec<DirectiveRow> = query
        .order((directives::created_at.desc(), directives::id.desc()))
        .select(DirectiveRow::as_select())
        .load(conn)?;
    let series = |r: &DirectiveRow| r.agency_id.clone().unwrap_or_default();
    let agencies: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            let agency = series(r);
            let source = crate::indicators::source_of(indicator, &agency).to_string();
            [agency, source]
        })
        .collect();
    let seen = crate::scope::contained(conn, &caller.agency_id, &agencies)?;
    let mut out = Vec::new();
    for r in rows {
        let agency = series(&r);
        let source = crate::indicators::source_of(indicator, &agency).to_string();
        if !seen.contains(&agency) && !seen.contains(&source) {
            continue;
        }
        let ctx = Context {
            facts: DirectedFacts {
                in_scope: seen.contains(&source),
                own: caller.agency_id == source,
            },
            directed_agency_id: source,
            live: true,
        };
        out.push((r, ctx));
    }
    views(conn, caller, out)
}

/// The series of `indicator` about `agency_id` as a directive's subject: 422 on `agency_id` when the
/// agency does not report the indicator or the indicator is computed (its components' sources are
/// directed instead).
pub fn series_subject(
    conn: &mut DbConn,
    indicator: IndicatorRow,
    agency_id: &str,
) -> Result<Subject, ApiError> {
    if indicator.group() == IndicatorGroup::Composite {
        return Err(ApiError::validation(vec![FieldError::coded(
            "agency_id",
            FieldCode::Invalid,
            "a composite indicator is computed: direct the sources of its components",
        )]));
    }
    if !crate::indicators::is_reporting_agency(conn, &indicator, agency_id)? {
        return Err(ApiError::validation(vec![FieldError::coded(
            "agency_id",
            FieldCode::NotFound,
            "is not a reporting agency of this indicator",
        )]));
    }
    Ok(Subject::Series {
        indicator,
        agency_id: agency_id.to_string(),
    })
}

/// Whether the series of `agency_id` is one agency's own (it reports the indicator, which is not
/// computed), rather than the roll-up of its subtree: only such a series is directed.
pub fn is_single_series(
    conn: &mut DbConn,
    indicator: &IndicatorRow,
    agency_id: &str,
) -> Result<bool, ApiError> {
    Ok(indicator.group() != IndicatorGroup::Composite
        && crate::indicators::is_reporting_agency(conn, indicator, agency_id)?)
}

/// What a series view offers the caller: directing the series' source when the view is of one
/// series ([`is_single_series`]).
pub fn series_actions(
    conn: &mut DbConn,
    caller: &Caller,
    indicator: &IndicatorRow,
    agency_id: &str,
    single: bool,
) -> Result<policy::SeriesActions, ApiError> {
    let directed = if single {
        let source = crate::indicators::source_of(indicator, agency_id);
        Some(DirectedFacts {
            in_scope: caller.sees_agency(conn, source)?,
            own: caller.agency_id == source,
        })
    } else {
        None
    };
    Ok(policy::series_actions(caller, directed))
}

/// 409 once a directive is closed: it takes no more answers and is not closed twice.
fn ensure_not_closed(row: &DirectiveRow) -> Result<(), ApiError> {
    if row.status == DirectiveStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::IllegalTransition,
            "the directive is closed",
        ));
    }
    Ok(())
}

fn reload(conn: &mut DbConn, id: &str) -> Result<DirectiveRow, ApiError> {
    Ok(directives::table
        .find(id)
        .select(DirectiveRow::as_select())
        .first(conn)?)
}

fn audit_step(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    subject: &Subject,
    before: Option<&DirectiveRow>,
    after: &DirectiveRow,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "directive",
            entity_id: &after.id,
            agency_id: Some(subject.directed_agency()),
            before,
            after: Some(after),
        },
    )
}

/// Directs a task's lead agency or a series' source: the service behind
/// `POST /tasks/{id}/directives` and `POST /indicators/{id}/directives`.
pub fn issue_in(
    conn: &mut DbConn,
    caller: &Caller,
    subject: &Subject,
    input: &IssueDirective,
) -> Result<Directive, ApiError> {
    policy::issue_directive(caller, subject.context(conn, caller)?.facts)?;
    if input.due_date.is_some_and(|d| d < crate::tasks::today()) {
        return Err(ApiError::invalid("due_date", "must not be in the past"));
    }
    subject.ensure_live(conn)?;
    let (task_id, indicator_id, agency_id) = match subject {
        Subject::Task(task) => (Some(&task.id), None, None),
        Subject::Series {
            indicator,
            agency_id,
        } => (None, Some(&indicator.id), Some(agency_id)),
    };
    let id = new_id();
    let at = now();
    diesel::insert_into(directives::table)
        .values((
            directives::id.eq(&id),
            directives::task_id.eq(task_id),
            directives::indicator_id.eq(indicator_id),
            directives::agency_id.eq(agency_id),
            directives::issuing_agency_id.eq(&caller.agency_id),
            directives::issued_by.eq(&caller.user_id),
            directives::text.eq(input.text.trim()),
            directives::due_date.eq(input.due_date),
            directives::status.eq(DirectiveStatus::Open.as_str()),
            directives::created_at.eq(at),
            directives::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row = reload(conn, &id)?;
    audit_step(conn, caller, "issue", subject, None, &row)?;
    crate::webhooks::emit(
        conn,
        crate::webhooks::WebhookEvent::DirectiveIssued,
        crate::webhooks::Subject {
            agencies: vec![subject.directed_agency(), &row.issuing_agency_id],
            data: serde_json::json!({
                "id": row.id,
                "task_id": task_id,
                "indicator_id": indicator_id,
                "agency_id": subject.directed_agency(),
                "issuing_agency_id": row.issuing_agency_id,
                "text": row.text,
                "due_date": row.due_date,
            }),
        },
    )?;
    let about = subject.describe(conn)?;
    crate::notify::directive_issued(
        conn,
        subject.directed_agency(),
        &about,
        &row.id,
        &row.text,
        row.due_date,
    )?;
    view(conn, caller, subject, row)
}

/// The directed agency answers: the service behind `POST /directives/{id}/answer`.
pub fn answer_in(
    conn: &mut DbConn,
    caller: &Caller,
    loaded: &Loaded,
    text: &str,
) -> Result<Directive, ApiError> {
    let Loaded {
        row: before,
        subject,
    } = loaded;
    policy::answer_directive(caller, subject.context(conn, caller)?.facts)?;
    subject.ensure_live(conn)?;
    ensure_not_closed(before)?;
    let at = now();
    diesel::update(directives::table.find(&before.id))
        .set((
            directives::status.eq(DirectiveStatus::Answered.as_str()),
            directives::answer.eq(Some(text.trim())),
            directives::answered_by.eq(Some(&caller.user_id)),
            directives::answered_at.eq(Some(at)),
            directives::updated_at.eq(at),
        ))
        .execute(conn)?;
    let after = reload(conn, &before.id)?;
    audit_step(conn, caller, "answer", subject, Some(before), &after)?;
    view(conn, caller, subject, after)
}

/// The directing agency, or one above it, closes: the service behind `POST /directives/{id}/close`.
pub fn close_in(
    conn: &mut DbConn,
    caller: &Caller,
    loaded: &Loaded,
) -> Result<Directive, ApiError> {
    let Loaded {
        row: before,
        subject,
    } = loaded;
    let issuer_in_scope = caller.sees_agency(conn, &before.issuing_agency_id)?;
    policy::close_directive(caller, issuer_in_scope)?;
    subject.ensure_live(conn)?;
    ensure_not_closed(before)?;
    let at = now();
    diesel::update(directives::table.find(&before.id))
        .set((
            directives::status.eq(DirectiveStatus::Closed.as_str()),
            directives::closed_by.eq(Some(&caller.user_id)),
            directives::closed_at.eq(Some(at)),
            directives::updated_at.eq(at),
        ))
        .execute(conn)?;
    let after = reload(conn, &before.id)?;
    audit_step(conn, caller, "close", subject, Some(before), &after)?;
    view(conn, caller, subject, after)
}

/// An open (unanswered) directive with what it is about: for the to-do list, the reminders and
/// the `directive_overdue` alert.
#[derive(Debug, Clone)]
pub struct OpenDirective {
    pub id: String,
    pub text: String,
    pub due_date: Option<NaiveDate>,
    pub issued_by: String,
    /// The agency that is to answer: the task's lead agency, or the series' source.
    pub directed_agency_id: String,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub about: About,
}

/// Which open directives [`open`] reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenFilter<'a> {
    /// Only those directing this agency.
    pub directed: Option<&'a str>,
    /// Only those with a due date.
    pub with_due_date: bool,
    /// Only those due before this day.
    pub due_before: Option<NaiveDate>,
}

/// The open directives the filter names, on tasks and on series (two queries, plus one for the
/// series' agency names), by due date (none last) and age.
pub fn open(conn: &mut DbConn, filter: OpenFilter<'_>) -> Result<Vec<OpenDirective>, ApiError> {
    let open = DirectiveStatus::Open.as_str();
    let mut on_tasks = directives::table
        .inner_join(tasks::table)
        .filter(directives::status.eq(open))
        .into_boxed();
    let mut on_series = directives::table
        .inner_join(indicators::table)
        .filter(directives::status.eq(open))
        .into_boxed();
    if let Some(agency) = filter.directed {
        on_tasks = on_tasks.filter(tasks::lead_agency_id.eq(agency));
        on_series = on_series.filter(
            indicators::source_agency_id
                .eq(agency)
                .or(indicators::source_agency_id
                    .is_null()
                    .and(directives::agency_id.eq(agency))),
        );
    }
    if filter.with_due_date || filter.due_before.is_some() {
        on_tasks = on_tasks.filter(directives::due_date.is_not_null());
        on_series = on_series.filter(directives::due_date.is_not_null());
    }
    if let Some(day) = filter.due_before {
        on_tasks = on_tasks.filter(directives::due_date.lt(day));
        on_series = on_series.filter(directives::due_date.lt(day));
    }
    let task_rows: Vec<(DirectiveRow, String, String, String)> = on_tasks
        .select((
            DirectiveRow::as_select(),
            tasks::lead_agency_id,
            tasks::code,
            tasks::title,
        ))
        .load(conn)?;
    let series_rows: Vec<(DirectiveRow, Option<String>, String, String)> = on_series
        .select((
            DirectiveRow::as_select(),
            indicators::source_agency_id,
            indicators::code,
            indicators::name,
        ))
        .load(conn)?;
    let names: HashMap<String, String> = crate::agencies::names(
        conn,
        series_rows
            .iter()
            .filter_map(|(r, ..)| r.agency_id.as_deref()),
    )?;
    let mut out: Vec<OpenDirective> = Vec::with_capacity(task_rows.len() + series_rows.len());
    for (r, lead, code, title) in task_rows {
        let task = r.task_id.clone().unwrap_or_default();
        out.push(OpenDirective {
            about: About::task(&task, &code, &title),
            directed_agency_id: lead,
            task_id: Some(task),
            indicator_id: None,
            id: r.id,
            text: r.text,
            due_date: r.due_date,
            issued_by: r.issued_by,
            created_at: r.created_at,
        });
    }
    for (r, source, code, name) in series_rows {
        let indicator = r.indicator_id.clone().unwrap_or_default();
        let agency = r.agency_id.clone().unwrap_or_default();
        let agency_name = names.get(&agency).map(String::as_str).unwrap_or_default();
        out.push(OpenDirective {
            about: About::series(&indicator, &code, &name, &agency, agency_name),
            directed_agency_id: source.unwrap_or(agency),
            task_id: None,
            indicator_id: Some(indicator),
            id: r.id,
            text: r.text,
            due_date: r.due_date,
            issued_by: r.issued_by,
            created_at: r.created_at,
        });
    }
    out.sort_by(|a, b| {
        (a.due_date.is_none(), a.due_date, a.created_at, &a.id).cmp(&(
            b.due_date.is_none(),
            b.due_date,
            b.created_at,
            &b.id,
        ))
    });
    Ok(out)
}
