//! Application startup, shared by `restrack serve` and the integration tests: connect, migrate,
//! bootstrap, load the signing key, and serve.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{fn_service, Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;

use crate::auth::rate_limit::CallerLimiter;
use crate::auth::tokens::{load_or_create_secret, TokenKeys};
use crate::bootstrap::{self, Bootstrap};
use crate::config::Config;
use crate::db::Db;
use crate::error::problem_middleware;
use crate::extract::JsonLimit;
use crate::ops::{self, OpenApiJson};
use crate::state::AppState;

/// The Content-Security-Policy for the SPA and the docs page: only our own scripts; inline styles
/// are allowed because the component library and Swagger UI set style attributes.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
    /// Tells the webhook deliveries to stop once the server has stopped.
    stopped: tokio::sync::watch::Sender<bool>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url, config.db_pool_size)?;
        let applied = db.migrate()?;
        if !applied.is_empty() {
            tracing::info!(migrations = ?applied, "applied migrations");
        }
        let admin_password = config.bootstrap_admin_password.clone();
        let jwt_secret = config.jwt_secret.clone();
        let (secret, bootstrap) = db
            .run(move |conn| {
                let outcome = bootstrap::ensure(conn, admin_password.as_ref().map(|s| s.expose()))?;
                let secret = match &jwt_secret {
                    Some(s) => s.expose().as_bytes().to_vec(),
                    None => load_or_create_secret(conn)?,
                };
                Ok((secret, outcome))
            })
            .await
            .map_err(|e| anyhow::anyhow!("start-up failed: {e}"))?;
        if let Bootstrap::Created { generated_password } = bootstrap {
            match generated_password {
                Some(p) => println!(
                    "Created the root agency ROOT and the user `admin` with the one-time password: {p}\n\
                     (set RESTRACK_BOOTSTRAP_ADMIN_PASSWORD to choose it; change it after logging in)"
                ),
                None => println!("Created the root agency ROOT and the user `admin`."),
            }
        }
        let state = AppState {
            db,
            tokens: TokenKeys::new(&secret, config.access_token_ttl_secs),
            rate_limiter: CallerLimiter::new(config.rate_limit_per_second, config.rate_limit_burst)
                .map(Arc::new),
            oidc: config
                .oidc
                .clone()
                .map(crate::auth::oidc::Provider::new)
                .transpose()?,
            config: Arc::new(config),
        };
        let listener = TcpListener::bind(&state.config.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.config.bind))?;
        let port = listener.local_addr()?.port();
        let server = serve(state.clone(), listener)?;
        crate::reporting::calendar::set_grace_days(state.config.alert_rules.report_grace_days);
        crate::config::set_public_url(state.config.public_url.clone());
        crate::notify::reminders::spawn_periodic(
            state.db.clone(),
            state.config.notify,
            state.config.smtp.clone(),
        );
        let (stopped, stop) = tokio::sync::watch::channel(false);
        crate::webhooks::delivery::spawn_periodic(
            state.db.clone(),
            state.config.webhooks.clone(),
            stop,
        );
        crate::alerts::spawn_periodic(
            state.db.clone(),
            state.config.alert_rules,
            state.config.alert_interval_secs,
        );
        Ok(Self {
            server,
            port,
            state,
            stopped,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        let _ = self.stopped.send(true);
        result
    }
}

/// An empty 404: the problem middleware answers it with a problem document, or with 405 and
/// `Allow` when the path is documented but the method is not.
async fn not_found() -> actix_web::HttpResponse {
    actix_web::HttpResponse::NotFound().finish()
}

/// CORS only for the configured origins; with none, browsers may call the API from its own origin
/// only (the SPA is served by the same server).
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            "authorization",
            "content-type",
            "if-match",
            "idempotency-key",
        ])
        .expose_headers(["etag", "x-request-id", "retry-after"])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

fn serve(state: AppState, listener: TcpListener) -> anyhow::Result<Server> {
    let openapi = web::Data::new(OpenApiJson(crate::openapi::document_json()));
    let limit = state.config.json_body_limit;
    let frontend = state.config.frontend_dir.clone();
    let workers = state.config.workers;
    let cors_origins = state.config.cors_origins.clone();
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        let app = App::new()
            .app_data(data.clone())
            .app_data(openapi.clone())
            .app_data(JsonLimit(limit))
            .app_data(web::PayloadConfig::new(limit))
            // Before the /api/v1 scope, which would otherwise answer 404 for it.
            .route("/api/v1/openapi.json", web::get().to(ops::openapi_json))
            .into_utoipa_app();
        let app = crate::openapi::routes(app)
            .into_app()
            .route("/docs", web::get().to(ops::docs_page))
            .route("/docs/", web::get().to(ops::docs_page))
            .route("/docs/init.js", web::get().to(ops::docs_init))
            .route(
                "/docs/swagger-ui-bundle.js",
                web::get().to(ops::docs_bundle),
            )
            .route("/docs/swagger-ui.css", web::get().to(ops::docs_css))
            .service(web::scope("/api").default_service(web::to(not_found)));
        let app = match &frontend {
            Some(dir) => {
                let dir = dir.clone();
                app.default_service(fn_service(move |req: ServiceRequest| {
                    let dir = dir.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        // An unknown API path stays a 404, never the app's page.
                        let res = if req.path() == "/api" || req.path().starts_with("/api/") {
                            not_found().await
                        } else {
                            crate::frontend::serve(&dir, &req).await?
                        };
                        Ok(ServiceResponse::new(req, res))
                    }
                }))
            }
            None => app.default_service(web::to(not_found)),
        };
        app.wrap(from_fn(crate::hardening::header_limit))
            .wrap(from_fn(problem_middleware))
            // Outside the problem middleware, which rewrites error answers (429s included).
            .wrap(from_fn(crate::auth::rate_limit::headers_middleware))
            .wrap(from_fn(crate::hardening::no_store))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("Content-Security-Policy", CSP)),
            )
            .wrap(cors(&cors_origins))
            .wrap(from_fn(ops::metrics_middleware))
            .wrap(TracingLogger::<crate::hardening::QuietRootSpan>::new())
    })
    .shutdown_timeout(20);
    if let Some(n) = workers {
        server = server.workers(n.max(1));
    }
    Ok(server.listen(listener)?.run())
}
