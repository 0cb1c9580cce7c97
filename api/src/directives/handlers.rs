//! `…/directives`: thin handlers over the directive services.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::{
    answer_in, close_in, issue_in, of_series, of_task, series_subject, AnswerDirective, Directive,
    IssueDirective, IssueSeriesDirective, Loaded, Subject,
};
use crate::error::ApiError;
use crate::extract::{Json, Query, Visible};
use crate::indicators::IndicatorRow;
use crate::page::Page;
use crate::state::AppState;
use crate::tasks::TaskRow;

/// Directs the task's lead agency (planners and approvers of an agency above it).
#[utoipa::path(
    operation_id = "issue_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    request_body = IssueDirective,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed resolution or cancelled task", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tasks/{id}/directives")]
pub async fn issue(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
    body: Json<IssueDirective>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = task;
    let input = body.0;
    let directive = state
        .db
        .write(move |conn| issue_in(conn, &caller, &Subject::Task(object), &input))
        .await?;
    Ok(HttpResponse::Created().json(directive))
}

/// The task's directives, newest first.
#[utoipa::path(
    operation_id = "list_directives",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Task id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Directive>),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tasks/{id}/directives")]
pub async fn list(
    state: web::Data<AppState>,
    task: Visible<TaskRow>,
) -> Result<web::Json<Page<Directive>>, ApiError> {
    let Visible { caller, object } = task;
    let page = state
        .db
        .run(move |conn| Ok(Page::whole(of_task(conn, &caller, object)?)))
        .await?;
    Ok(web::Json(page))
}

/// Directs the source of one series of the indicator (planners and approvers of an agency above
/// the source).
#[utoipa::path(
    operation_id = "issue_series_directive",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    request_body = IssueSeriesDirective,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a reporting agency of the indicator, a computed indicator, or a due date in the past", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicators/{id}/directives")]
pub async fn issue_on_series(
    state: web::Data<AppState>,
    indicator: Visible<IndicatorRow>,
    body: Json<IssueSeriesDirective>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = indicator;
    let IssueSeriesDirective {
        agency_id,
        text,
        due_date,
    } = body.0;
    let directive = state
        .db
        .write(move |conn| {
            let subject = series_subject(conn, object, &agency_id)?;
            issue_in(conn, &caller, &subject, &IssueDirective { text, due_date })
        })
        .await?;
    Ok(HttpResponse::Created().json(directive))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SeriesDirectivesQuery {
    /// Only the directives on this agency's series.
    #[validate(custom(function = "crate::validate::uuid"))]
    pub agency_id: Option<String>,
}

/// The directives on the indicator's series the caller sees (the series' agency or its source is
/// in its subtree), newest first.
#[utoipa::path(
    operation_id = "list_series_directives",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id"), SeriesDirectivesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<Directive>),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/directives")]
pub async fn list_on_series(
    state: web::Data<AppState>,
    indicator: Visible<IndicatorRow>,
    query: Query<SeriesDirectivesQuery>,
) -> Result<web::Json<Page<Directive>>, ApiError> {
    let Visible { caller, object } = indicator;
    let agency = query.0.agency_id;
    let page = state
        .db
        .run(move |conn| {
            Ok(Page::whole(of_series(
                conn,
                &caller,
                &object,
                agency.as_deref(),
            )?))
        })
        .await?;
    Ok(web::Json(page))
}

/// Answers a directive (the task's lead agency, or the series' source); a later answer replaces
/// it until it is closed.
#[utoipa::path(
    operation_id = "answer_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Directive id")),
    request_body = AnswerDirective,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directives/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    directive: Visible<Loaded>,
    body: Json<AnswerDirective>,
) -> Result<web::Json<Directive>, ApiError> {
    let Visible { caller, object } = directive;
    let text = body.0.text;
    let directive = state
        .db
        .write(move |conn| answer_in(conn, &caller, &object, &text))
        .await?;
    Ok(web::Json(directive))
}

/// Closes a directive (the directing agency, or one above it), answered or not.
#[utoipa::path(
    operation_id = "close_directive",
    tag = "tasks",
    params(("id" = uuid::Uuid, Path, description = "Directive id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Directive),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directives/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    directive: Visible<Loaded>,
) -> Result<web::Json<Directive>, ApiError> {
    let Visible { caller, object } = directive;
    let directive = state
        .db
        .write(move |conn| close_in(conn, &caller, &object))
        .await?;
    Ok(web::Json(directive))
}
