//! The OpenAPI document: utoipa derives every path and schema from the handlers as they are
//! registered (utoipa-actix-web), then [`StandardResponses`] adds the problem responses that every
//! operation can return, and [`limits`] the bounds of what a client sends. `openapi/openapi.json`
//! is this document, committed and checked for drift.

mod examples;
pub mod limits;
mod shape;

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{ResponseBuilder, Responses};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt, UtoipaApp};

use crate::{
    agencies, alerts, apikeys, attachments, audit, auth, dashboard, directives, imports,
    indicators, notify, ops, reporting, reports, resolutions, tasks, users, webhooks,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Resolution Tracker API",
        description = "Monitoring, supervision and evaluation of the implementation of strategic resolutions. \
All endpoints under /api/v1 take and return JSON; errors are application/problem+json (RFC 9457). \
Authenticate with POST /api/v1/auth/login and send `Authorization: Bearer <access_token>`.",
        license(name = "MIT", identifier = "MIT")
    ),
    servers((url = "/", description = "The production server that serves this document, or a local one run for development (paths include /api/v1)")),
    components(schemas(crate::error::Problem, crate::error::FieldError, crate::imports::exports::ExportFormat, crate::imports::ImportKind, crate::imports::exports::ExportKind)),
    tags(
        (name = "auth", description = "Login, sessions and the current user"),
        (name = "agencies", description = "The agency hierarchy"),
        (name = "users", description = "User accounts and roles"),
        (name = "resolutions", description = "Resolutions and their task trees"),
        (name = "tasks", description = "Tasks, sub-tasks, assignment and progress reports"),
        (name = "indicators", description = "Indicators (KPIs), targets, values and their approval"),
        (name = "indicator sets", description = "Versioned sets of indicators"),
        (name = "alerts", description = "Early warnings of delays and bottlenecks"),
        (name = "attachments", description = "Evidence files: PDF, Office documents and images"),
        (name = "dashboard", description = "Dashboards and scorecards"),
        (name = "reports", description = "Periodic reports for any period in HTML, CSV, Excel, Word and PDF; scheduled reports"),
        (name = "imports", description = "Bulk imports and exports"),
        (name = "api keys", description = "API keys for ministry systems"),
        (name = "webhooks", description = "Events pushed to ministry systems, signed per Standard Webhooks"),
        (name = "audit", description = "The audit trail"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
struct ApiDoc;

/// Registers every API route (the same list serves requests and generates the document).
pub fn configure_api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(auth::handlers::login)
        .service(auth::handlers::refresh)
        .service(auth::handlers::logout)
        .service(auth::handlers::me)
        .service(auth::handlers::change_password)
        .service(auth::oidc::sso_info)
        .service(auth::oidc::sso_start)
        .service(auth::oidc::sso_callback)
        .service(auth::oidc::sso_logout)
        .service(auth::sessions::list_my_sessions)
        .service(auth::sessions::end_my_session)
        .service(auth::totp::totp_status)
        .service(auth::totp::start_totp)
        .service(auth::totp::confirm_totp)
        .service(auth::totp::disable_totp)
        .service(auth::totp::get_totp_settings)
        .service(auth::totp::put_totp_settings)
        .service(agencies::handlers::list_agencies)
        .service(agencies::handlers::create_agency)
        .service(agencies::handlers::agency_tree)
        .service(agencies::sector_heads::list_sector_heads)
        .service(agencies::merge::merge_agency)
        .service(agencies::lineage::get_lineage)
        .service(agencies::split::split_agency)
        .service(agencies::merge::undo_merge)
        .service(agencies::merge::dissolve_agency)
        .service(agencies::handlers::get_agency)
        .service(agencies::handlers::update_agency)
        .service(agencies::handlers::delete_agency)
        .service(users::handlers::list_users)
        .service(users::handlers::create_user)
        .service(users::handlers::get_user)
        .service(users::handlers::update_user)
        .service(auth::sessions::list_user_sessions)
        .service(auth::sessions::end_user_sessions)
        .service(auth::totp::reset_user_totp)
        .service(resolutions::handlers::list_resolutions)
        .service(resolutions::handlers::create_resolution)
        .service(resolutions::handlers::resolution_tree)
        .service(resolutions::committee::get_committee)
        .service(resolutions::committee::put_committee)
        .service(resolutions::committee_candidates::list_committee_candidates)
        .service(resolutions::handlers::get_resolution)
        .service(resolutions::handlers::update_resolution)
        .service(tasks::handlers::list_tasks)
        .service(tasks::handlers::create_task)
        .service(tasks::reports::create_report)
        .service(tasks::reports::list_reports)
        .service(tasks::reports::list_progress_reports)
        .service(webhooks::handlers::create_webhook)
        .service(webhooks::handlers::list_webhooks)
        .service(webhooks::handlers::get_webhook)
        .service(webhooks::handlers::delete_webhook)
        .service(webhooks::handlers::list_webhook_deliveries)
        .service(webhooks::handlers::redeliver_webhook_delivery)
        .service(tasks::reports::answer)
        .service(directives::handlers::issue)
        .service(directives::handlers::list)
        .service(directives::handlers::issue_on_series)
        .service(directives::handlers::list_on_series)
        .service(directives::handlers::answer)
        .service(directives::handlers::close)
        .service(reporting::work::my_work)
        .service(notify::handlers::list)
        .service(notify::handlers::mark_read)
        .service(notify::handlers::get_settings)
        .service(notify::handlers::put_settings)
        .service(reporting::handlers::get_calendar)
        .service(reporting::handlers::put_calendar)
        .service(reporting::handlers::delete_calendar)
        .service(reporting::handlers::put_set_calendar)
        .service(reporting::handlers::list_unlocks)
        .service(reporting::handlers::grant_unlock)
        .service(reporting::reports::put_report_calendar)
        .service(reporting::reports::delete_report_calendar)
        .service(indicators::values::approve_values)
        .service(indicators::values::return_values)
        .service(tasks::completion::propose)
        .service(tasks::completion::accept)
        .service(tasks::completion::send_back)
        .service(tasks::completion::list)
        .service(tasks::requests::file)
        .service(tasks::requests::list)
        .service(tasks::requests::grant)
        .service(tasks::requests::refuse)
        .service(tasks::deadlines::list)
        .service(tasks::handlers::get_task)
        .service(tasks::handlers::update_task)
        .service(tasks::handlers::delete_task)
        .service(indicators::handlers::list_indicators)
        .service(indicators::handlers::create_indicator)
        .service(indicators::handlers::get_targets)
        .service(indicators::handlers::put_targets)
        .service(indicators::values::list_values)
        .service(indicators::values::create_value)
        .service(indicators::series::get_series)
        .service(indicators::breakdown::get_by_province)
        .service(indicators::handlers::get_indicator)
        .service(indicators::handlers::update_indicator)
        .service(indicators::values::list_all_values)
        .service(indicators::values::submit_value)
        .service(indicators::values::approve_value)
        .service(indicators::values::return_value)
        .service(indicators::sets::list_sets)
        .service(indicators::sets::create_set)
        .service(indicators::sets::publish_set)
        .service(indicators::sets::new_set_version)
        .service(indicators::sets::get_set)
        .service(indicators::sets::update_set)
        .service(dashboard::get_summary)
        .service(dashboard::get_scorecard)
        .service(dashboard::get_trend)
        .service(dashboard::get_data_quality)
        .service(reports::periodic_report)
        .service(reports::schedules::create_schedule)
        .service(reports::schedules::list_schedules)
        .service(reports::schedules::list_runs)
        .service(reports::schedules::delete_schedule)
        .service(reports::schedules::download_run)
        .service(alerts::list_alerts)
        .service(alerts::evaluate_now)
        .service(alerts::acknowledge)
        .service(attachments::upload)
        .service(attachments::download)
        .service(imports::run_import)
        .service(imports::list_imports)
        .service(imports::get_import_run)
        // Deprecated, undocumented: the same template as POST /imports/{kind}. After that POST, so
        // that the POST still reaches its own resource; only for ids, so that GET of a kind stays
        // a 405 like any method a documented path does not have.
        .route(
            "/imports/{id:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}",
            actix_web::web::get().to(imports::get_import_deprecated),
        )
        // Before /exports/{kind}, which would take these names for an import kind.
        .service(reports::lists::export_alerts)
        .service(reports::lists::export_scorecard)
        .service(imports::exports::export)
        .service(imports::templates::import_template)
        .service(apikeys::create_api_key)
        .service(apikeys::list_api_keys)
        .service(apikeys::revoke_api_key)
        .service(audit::handlers::list_audit);
}

pub fn routes<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(scope::scope("/api/v1").configure(configure_api))
        .service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics_endpoint)
}

/// The complete document.
pub fn document() -> utoipa::openapi::OpenApi {
    let app = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi());
    let (_, mut api) = routes(app).split_for_parts();
    StandardResponses.modify(&mut api);
    api
}

pub fn document_json() -> String {
    let mut doc = serde_json::to_value(document()).expect("OpenAPI serialises");
    shape::items_by_ref(&mut doc);
    shape::enum_names(&mut doc);
    shape::id_formats(&mut doc);
    limits::apply(&mut doc);
    examples::apply(&mut doc);
    // For ministry systems too, not only for the web app (OWASP API9: an inventory of audiences).
    if let Some(server) = doc
        .pointer_mut("/servers/0")
        .and_then(|s| s.as_object_mut())
    {
        server.insert("x-internal".into(), false.into());
    }
    let mut json = serde_json::to_string_pretty(&doc).expect("OpenAPI serialises");
    json.push('\n');
    json
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// 429 of the per-caller rate limit, with the seconds to wait.
fn rate_limited() -> RefOr<utoipa::openapi::Response> {
    let seconds = utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(1))
        .build();
    let retry_after = utoipa::openapi::HeaderBuilder::new()
        .schema(seconds)
        .description(Some("Whole seconds to wait before the next request"))
        .build();
    match problem(
        "Too many requests from this caller (user or API key); wait `Retry-After` seconds",
    ) {
        RefOr::T(mut response) => {
            response.headers.insert("Retry-After".into(), retry_after);
            RefOr::T(response)
        }
        other => other,
    }
}

/// Adds the bearer scheme and the problem responses every operation can give: 400 (malformed
/// query or body), 500 for all; 401 and 429 (the per-caller rate limit) where a token is needed; 413, 415 and 422 where a body is
/// taken; 503 when the database is unreachable.
struct StandardResponses;

impl Modify for StandardResponses {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from the login, the refresh or single sign-on (a JWT \
                         following the best practices of RFC8725: HS256 only, `exp`, `iss` and `aud` checked, the \
                         session checked on every request), or an API key (`rtk_…`)",
                    ))
                    .build(),
            ),
        );
        for item in api.paths.paths.values_mut() {
            for op in [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                add_standard(op);
            }
        }
    }
}

fn add_standard(op: &mut Operation) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let responses: &mut Responses = &mut op.responses;
    let mut add = |code: &str, description: &str| {
        responses
            .responses
            .entry(code.to_string())
            .or_insert_with(|| problem(description));
    };
    if has_body || has_params {
        add("400", "Malformed JSON or query parameters");
    }
    if secured {
        add(
            "401",
            "Missing, invalid or expired access token, or the session has ended",
        );
    }
    if has_body {
        add("413", "Request body too large");
        add("415", "Wrong content type");
        add("422", "Validation failed; `errors` names each field");
    }
    add(
        "500",
        "Unexpected error; the body carries only the request id",
    );
    add("503", "The database is unreachable");
    if secured {
        responses
            .responses
            .entry("429".to_string())
            .or_insert_with(rate_limited);
    }
    // Every answer names its request (the id of its log lines): quote it when reporting a fault.
    for response in responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response
                .headers
                .entry("X-Request-Id".into())
                .or_insert_with(request_id_header);
        }
    }
    // An operation without a token says so, instead of leaving it unsaid.
    if op.security.is_none() {
        op.security = Some(Vec::new());
    }
}

fn request_id_header() -> utoipa::openapi::Header {
    utoipa::openapi::HeaderBuilder::new()
        .schema(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Uuid,
                )))
                .build(),
        )
        .description(Some(
            "The request's id, also in a problem's `request_id` and in the server's log lines",
        ))
        .build()
}
