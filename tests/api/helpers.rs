//! The test harness: every test starts the real application on port 0 against a fresh database
//! (a new SQLite file, or a new database in the throwaway PostgreSQL cluster named by
//! `RESTRACK_TEST_PG_URL`) and talks HTTP to it.

use std::sync::{Mutex, Once};

use diesel::prelude::*;
use reqwest::{Method, Response, StatusCode};
use restrack::app::Application;
use restrack::config::{Config, Secret};
use restrack::db::{DatabaseUrl, Db};
use serde_json::{json, Value};

pub const ADMIN_PASSWORD: &str = "admin-test-password";
pub const USER_PASSWORD: &str = "user-test-password";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named test (an `async fn(TestApp)`) once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                    super::$name(app).await;
                    $crate::helpers::remove_fresh_databases();
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await;
                    super::$name(app).await;
                    $crate::helpers::remove_fresh_databases();
                }
            )*
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub database_url: DatabaseUrl,
    pub backend: Backend,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        // Stop the server without waiting; the process ends with the test anyway.
        drop(handle.stop(false));
    }
}

static LOGGING: Once = Once::new();

/// The databases this test process made (nextest runs every test in its own process).
static FRESH_DATABASES: Mutex<Vec<DatabaseUrl>> = Mutex::new(Vec::new());

/// A fresh, empty database of the given backend.
pub fn fresh_database(backend: Backend) -> DatabaseUrl {
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let url = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join("restrack-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            DatabaseUrl::Sqlite(dir.join(format!("{name}.db")))
        }
        Backend::Postgres => {
            let mut conn = admin_connection();
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .expect("create test database");
            let base = admin_url()
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .expect("RESTRACK_TEST_PG_URL must end in /DBNAME");
            DatabaseUrl::Postgres(format!("{base}/{name}"))
        }
    };
    FRESH_DATABASES
        .lock()
        .expect("database list")
        .push(url.clone());
    url
}

fn admin_url() -> String {
    std::env::var("RESTRACK_TEST_PG_URL").expect(
        "RESTRACK_TEST_PG_URL is not set: PostgreSQL tests need the throwaway cluster \
         that `make test` starts (scripts/pg-test-cluster.sh)",
    )
}

fn admin_connection() -> diesel::PgConnection {
    let admin_url = admin_url();
    diesel::PgConnection::establish(&admin_url)
        .unwrap_or_else(|e| panic!("cannot reach the test cluster at {admin_url}: {e}"))
}

/// Removes the databases this test made, once it has passed (a failed test's database stays, to
/// be looked at). Without it a full run leaves some 400 databases behind, gigabytes of disk that a
/// small CI machine does not have.
pub fn remove_fresh_databases() {
    let made: Vec<DatabaseUrl> =
        std::mem::take(&mut *FRESH_DATABASES.lock().expect("database list"));
    for url in made {
        match url {
            DatabaseUrl::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            DatabaseUrl::Postgres(url) => {
                let name = url
                    .rsplit_once('/')
                    .map(|(_, n)| n.to_string())
                    .expect("database name");
                // FORCE ends the connections the stopped test servers' pools still hold.
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin_connection())
                    .expect("drop test database");
            }
        }
    }
}

pub fn test_config(url: DatabaseUrl) -> Config {
    let mut config = Config::for_database(url);
    config.bootstrap_admin_password = Some(Secret::new(ADMIN_PASSWORD));
    config.jwt_secret = Some(Secret::new(JWT_SECRET));
    // The API tests send as fast as the machine allows, as a handful of users: under load a
    // per-caller limit would fail them at random. The limiter is tested on its own, with the
    // production defaults (`security_auth::*::api_key_floods_are_rate_limited`).
    config.rate_limit_per_second = 0;
    // The feeds show a change at once; `changes::*::a_change_waits_for_the_lag` tests the lag.
    config.change_feed_lag_secs = 0;
    // No webhook delivery rounds; `webhooks::*` turns them on.
    config.webhooks.interval_ms = 0;
    config
}

/// A second application on a fresh database of the same backend, with the production rate limits.
pub async fn with_production_rate_limits(app: &TestApp) -> TestApp {
    let mut config = test_config(fresh_database(app.backend));
    let defaults = Config::for_database(config.database_url.clone());
    config.rate_limit_per_second = defaults.rate_limit_per_second;
    config.rate_limit_burst = defaults.rate_limit_burst;
    TestApp::spawn_with(app.backend, config).await
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        let url = fresh_database(backend);
        Self::spawn_with(backend, test_config(url)).await
    }

    pub async fn spawn_with(backend: Backend, config: Config) -> Self {
        LOGGING.call_once(|| {
            if let Ok(filter) = std::env::var("RESTRACK_TEST_LOG") {
                restrack::telemetry::init(&filter, false);
            }
        });
        let database_url = config.database_url.clone();
        let app = Application::build(config)
            .await
            .expect("application starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let db = app.state().db.clone();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        Self {
            base,
            client: reqwest::Client::new(),
            db,
            database_url,
            backend,
            handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/')
            && !path.starts_with("/api/")
            && !path.starts_with("/healthz")
            && !path.starts_with("/readyz")
            && !path.starts_with("/metrics")
            && !path.starts_with("/docs")
        {
            format!("{}/api/v1{path}", self.base)
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PUT, path, Some(token), Some(body))
            .await
    }

    pub async fn patch(
        &self,
        path: &str,
        token: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut req = self
            .client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body);
        if let Some(tag) = if_match {
            req = req.header("If-Match", tag);
        }
        req.send().await.expect("request sent")
    }

    pub async fn delete(&self, path: &str, token: &str, if_match: Option<&str>) -> Response {
        let mut req = self.client.delete(self.url(path)).bearer_auth(token);
        if let Some(tag) = if_match {
            req = req.header("If-Match", tag);
        }
        req.send().await.expect("request sent")
    }

    /// Logs in; panics unless it succeeds. Returns the token pair.
    pub async fn login(&self, username: &str, password: &str) -> Value {
        let res = self
            .request(
                Method::POST,
                "/auth/login",
                None,
                Some(&json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        res.json().await.unwrap()
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        self.login(username, password).await["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    pub async fn root_id(&self, token: &str) -> String {
        let me: Value = self.get("/me", token).await.json().await.unwrap();
        me["agency_id"].as_str().unwrap().to_string()
    }

    /// Creates an agency as `token`; panics unless 201.
    pub async fn agency(&self, token: &str, code: &str, kind: &str, parent_id: &str) -> Value {
        let res = self
            .post(
                "/agencies",
                token,
                &json!({"code": code, "name": format!("Cơ quan {code}"), "kind": kind, "parent_id": parent_id}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "create agency {code}");
        res.json().await.unwrap()
    }

    /// Creates a user with [`USER_PASSWORD`] as `token`; panics unless 201.
    pub async fn user(
        &self,
        token: &str,
        username: &str,
        agency_id: &str,
        roles: &[&str],
    ) -> Value {
        let res = self
            .post(
                "/users",
                token,
                &json!({"username": username, "display_name": username, "agency_id": agency_id,
                        "roles": roles, "password": USER_PASSWORD}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "create user {username}");
        res.json().await.unwrap()
    }

    /// A user's access token (the user is created first).
    pub async fn user_token(
        &self,
        admin: &str,
        username: &str,
        agency_id: &str,
        roles: &[&str],
    ) -> String {
        self.user(admin, username, agency_id, roles).await;
        self.token(username, USER_PASSWORD).await
    }

    /// Checks the maintained dashboard aggregates against a recomputation from the task table, and
    /// each task's stored health against the health rule: what triggers maintained on every write
    /// must equal what a rebuild computes.
    pub fn assert_aggregates_consistent(&self) {
        use restrack::db::schema::{agencies, scope_task_stats, tasks};
        type Key = (String, String, String, String);
        let mut conn = self.db.get().expect("connection");
        let conn: &mut restrack::db::DbConn = &mut conn;
        let read =
            |conn: &mut restrack::db::DbConn| -> std::collections::BTreeMap<Key, (i64, f64, f64)> {
                scope_task_stats::table
                    .select((
                        scope_task_stats::scope_id,
                        scope_task_stats::resolution_id,
                        scope_task_stats::status,
                        scope_task_stats::health,
                        scope_task_stats::n,
                        scope_task_stats::top_w,
                        scope_task_stats::top_wp,
                    ))
                    .load::<(String, String, String, String, i64, f64, f64)>(conn)
                    .expect("stats")
                    .into_iter()
                    .filter(|r| r.4 != 0 || r.5.abs() > 1e-6 || r.6.abs() > 1e-6)
                    .map(|r| ((r.0, r.1, r.2, r.3), (r.4, r.5, r.6)))
                    .collect()
            };
        let today = restrack::tasks::today();
        let rows: Vec<(
            String,
            String,
            f64,
            chrono::NaiveDate,
            chrono::NaiveDate,
            String,
        )> = tasks::table
            .select((
                tasks::code,
                tasks::status,
                tasks::progress,
                tasks::start_date,
                tasks::due_date,
                tasks::health,
            ))
            .load(conn)
            .expect("tasks");
        for (code, status, progress, start, due, stored) in rows {
            let want = restrack::tasks::health::of(
                status.parse::<restrack::tasks::TaskStatus>().unwrap(),
                progress,
                start,
                due,
                today,
            );
            assert_eq!(stored, want.as_str(), "stored health of task {code}");
        }
        let maintained = read(conn);
        let scopes: Vec<String> = agencies::table
            .select(agencies::id)
            .load(conn)
            .expect("agencies");
        restrack::tasks::stats::rebuild_scopes(conn, &scopes).expect("rebuild");
        let rebuilt = read(conn);
        assert_eq!(
            maintained.keys().collect::<Vec<_>>(),
            rebuilt.keys().collect::<Vec<_>>(),
            "maintained buckets"
        );
        for (k, (n, w, wp)) in &maintained {
            let (n2, w2, wp2) = rebuilt[k];
            assert!(
                *n == n2 && (w - w2).abs() < 1e-6 && (wp - wp2).abs() < 1e-6,
                "bucket {k:?}: maintained {:?}, rebuilt {:?}",
                (n, w, wp),
                (n2, w2, wp2)
            );
        }
        // KPI series states as maintained on each write, against a full re-derivation; and the
        // trigger-maintained scope counts against a recount.
        use restrack::db::schema::{kpi_series_state, scope_kpi_stats};
        let states =
            |conn: &mut restrack::db::DbConn| -> Vec<(String, String, String, bool, bool)> {
                kpi_series_state::table
                    .order((kpi_series_state::indicator_id, kpi_series_state::agency_id))
                    .load(conn)
                    .expect("states")
            };
        type ScopeRow = (String, i64, i64, i64, i64, i64, i64, i64);
        let scopes_kpi = |conn: &mut restrack::db::DbConn| -> Vec<ScopeRow> {
            scope_kpi_stats::table
                .filter(scope_kpi_stats::series.ne(0))
                .order(scope_kpi_stats::scope_id)
                .load(conn)
                .expect("scope kpi")
        };
        let maintained_states = states(conn);
        let maintained_scopes = scopes_kpi(conn);
        restrack::indicators::stats::refresh_all(conn).expect("refresh");
        assert_eq!(
            maintained_states,
            states(conn),
            "maintained KPI series states"
        );
        restrack::indicators::stats::rebuild_scopes(conn, &scopes).expect("rebuild kpi");
        assert_eq!(
            maintained_scopes,
            scopes_kpi(conn),
            "maintained KPI scope counts"
        );
    }

    /// Runs one SQL statement straight on the database (to set up a state no request makes).
    pub fn exec(&self, sql: &str) {
        let mut conn = self.db.get().expect("connection");
        diesel::sql_query(sql).execute(&mut *conn).expect(sql);
    }

    /// Counts rows of a table, straight from the database (to check what a request left behind).
    pub fn count(&self, table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.db.get().expect("connection");
        let row: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(&mut *conn)
            .expect("count");
        row.n
    }
}

/// Reads a problem response and checks its shape.
pub async fn problem(res: Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(ct, "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    body
}

/// The `id` of an object in an answer.
pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

/// A date `offset` days from today, as the API writes it.
pub fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// The quarter `back` quarters (of 92 days) before today, for example `2026-Q4`.
pub fn quarter(back: i64) -> String {
    use chrono::Datelike;
    let d = chrono::Utc::now().date_naive() - chrono::Duration::days(92 * back);
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

/// The fields named in a problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn etag(res: &Response) -> String {
    res.headers()
        .get("etag")
        .expect("ETag header")
        .to_str()
        .unwrap()
        .to_string()
}

/// The `restrack` binary serving on a free port, for tests that need a real process (crashes,
/// logs). Dropping it kills the process (SIGKILL) and waits for it.
pub struct Server {
    child: std::process::Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `restrack serve` on `database_url`; stderr goes to `log` when given.
// The child is waited for by `Server::drop`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub async fn start_binary(
    database_url: &str,
    env: &[(&str, &str)],
    log: Option<&std::path::Path>,
) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let stderr = match log {
        Some(path) => std::process::Stdio::from(std::fs::File::create(path).unwrap()),
        None => std::process::Stdio::null(),
    };
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_restrack"));
    command
        .arg("serve")
        .env("RESTRACK_DATABASE_URL", database_url)
        .env("RESTRACK_BIND", format!("127.0.0.1:{port}"))
        .env("RESTRACK_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RESTRACK_LOG", "error")
        .env("RESTRACK_ALERT_INTERVAL_SECS", "0")
        .env_remove("RESTRACK_FRONTEND_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(stderr);
    for (k, v) in env {
        command.env(k, v);
    }
    let server = Server {
        child: command.spawn().expect("server starts"),
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        if reqwest::get(format!("{}/readyz", server.base))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    drop(server);
    panic!("the server did not become ready");
}

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
pub const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1,
];
/// The first bytes of a Windows executable.
pub const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

/// Uploads a file as `POST /attachments` takes it (multipart, field `file`).
pub async fn upload(app: &TestApp, token: &str, name: &str, content: &[u8]) -> reqwest::Response {
    use reqwest::multipart::{Form, Part};
    let form = Form::new().part(
        "file",
        Part::bytes(content.to_vec()).file_name(name.to_string()),
    );
    app.client
        .post(app.url("/attachments"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}
