//! Operations: backups that restore, CORS for configured origins only, and no secret in the logs.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{start_binary, test_config, Backend, TestApp, ADMIN_PASSWORD, USER_PASSWORD};

/// `restrack backup` writes a consistent copy of a SQLite database while it serves; the copy
/// starts as a working service with everything in it. On PostgreSQL it points to pg_dump.
async fn backup_and_restore(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let hn = app.agency(&admin, "HN", "province", &root).await;
    app.user(&admin, "hn.viewer", hn["id"].as_str().unwrap(), &["viewer"])
        .await;
    let dir = std::env::temp_dir().join(format!("restrack-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("copy.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_restrack"))
        .args(["backup", "--output", copy.to_str().unwrap()])
        .env(
            "RESTRACK_DATABASE_URL",
            app.database_url.to_string().replace("***", "x"),
        )
        .output()
        .unwrap();
    if app.backend == Backend::Postgres {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = TestApp::spawn_with(
        Backend::Sqlite,
        test_config(restrack::db::DatabaseUrl::Sqlite(copy.clone())),
    )
    .await;
    assert_eq!(restored.count("agencies"), app.count("agencies"));
    assert_eq!(restored.count("audit_log"), app.count("audit_log"));
    let token = restored.token("hn.viewer", USER_PASSWORD).await;
    let me: Value = restored.get("/me", &token).await.json().await.unwrap();
    assert_eq!(me["agency"]["code"], "HN");
    // A second backup to the same file is refused rather than overwriting.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_restrack"))
        .args(["backup", "--output", copy.to_str().unwrap()])
        .env("RESTRACK_DATABASE_URL", app.database_url.to_string())
        .output()
        .unwrap();
    assert!(!again.status.success());
}

async fn cors_only_for_configured_origins(app: TestApp) {
    let preflight = |base: String, origin: &'static str| async move {
        reqwest::Client::new()
            .request(Method::OPTIONS, format!("{base}/api/v1/agencies"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PATCH")
            .header("Access-Control-Request-Headers", "authorization, if-match")
            .send()
            .await
            .unwrap()
    };
    // By default the API serves its own origin only: no CORS headers for anyone.
    let res = preflight(app.base.clone(), "https://portal.example.gov.vn").await;
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let mut config = test_config(app.database_url.clone());
    config.cors_origins = vec!["https://portal.example.gov.vn".into()];
    let open = TestApp::spawn_with(app.backend, config).await;
    let res = preflight(open.base.clone(), "https://portal.example.gov.vn").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://portal.example.gov.vn"
    );
    let res = preflight(open.base.clone(), "https://evil.example").await;
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let token = open.admin_token().await;
    let res = open
        .client
        .get(open.url("/me"))
        .bearer_auth(&token)
        .header("Origin", "https://portal.example.gov.vn")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("etag"));
}

/// The web app's files: precompressed when the browser accepts it, hashed assets cached for a
/// year, the index revalidated, an app route answered with the index, nothing outside the folder.
async fn the_web_app_is_served_compressed_and_cached(app: TestApp) {
    let top = std::env::temp_dir().join(format!("restrack-web-{}", uuid::Uuid::new_v4()));
    let dir = top.join("dist");
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dir.join("index.html.gz"), "gzip of the index").unwrap();
    std::fs::write(dir.join("assets/app-1a2b.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("assets/app-1a2b.js.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join("assets/app-1a2b.js.gz"), "gzip bytes").unwrap();
    std::fs::write(dir.join("favicon.svg"), "<svg/>").unwrap();
    std::fs::write(top.join("outside.txt"), "secret").unwrap();
    let mut config = crate::helpers::test_config(crate::helpers::fresh_database(app.backend));
    config.frontend_dir = Some(dir.clone());
    let web = TestApp::spawn_with(app.backend, config).await;
    let client = reqwest::Client::new();
    let get = |path: &'static str, encoding: &'static str| {
        let (client, base) = (client.clone(), web.base.clone());
        async move {
            let res = client
                .get(format!("{base}{path}"))
                .header("Accept-Encoding", encoding)
                .send()
                .await
                .unwrap();
            let h = |name: &str| {
                res.headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default()
            };
            let head = (
                res.status().as_u16(),
                h("content-type"),
                h("content-encoding"),
                h("cache-control"),
                h("vary"),
            );
            (head, res.text().await.unwrap())
        }
    };
    let immutable = "public, max-age=31536000, immutable";
    let (head, body) = get("/assets/app-1a2b.js", "gzip, deflate, br").await;
    assert_eq!(body, "brotli bytes");
    assert_eq!(head.0, 200);
    assert!(head.1.contains("javascript"), "{head:?}");
    assert_eq!((head.2.as_str(), head.3.as_str()), ("br", immutable));
    assert!(head.4.contains("Accept-Encoding"), "{head:?}");
    let (head, body) = get("/assets/app-1a2b.js", "gzip").await;
    assert_eq!((body.as_str(), head.2.as_str()), ("gzip bytes", "gzip"));
    let (head, body) = get("/assets/app-1a2b.js", "br;q=0, identity").await;
    assert_eq!(
        (body.as_str(), head.2.as_str(), head.3.as_str()),
        ("console.log(1)", "", immutable)
    );
    // The index and the app's own routes: revalidated on every visit, gzip where there is one.
    for path in [
        "/",
        "/index.html",
        "/tasks/0193c0de-0000-7000-8000-000000000000",
    ] {
        let (head, body) = get(path, "br, gzip").await;
        assert_eq!(
            (head.0, body.as_str(), head.2.as_str(), head.3.as_str()),
            (200, "gzip of the index", "gzip", "no-cache"),
            "{path}"
        );
        assert!(head.1.starts_with("text/html"), "{path}: {head:?}");
    }
    let (head, body) = get("/favicon.svg", "br, gzip").await;
    assert_eq!(
        (body.as_str(), head.2.as_str(), head.3.as_str()),
        ("<svg/>", "", "no-cache")
    );
    // Nothing outside the folder, and the API keeps its own answers.
    for path in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/assets/%2e%2e/%2e%2e/outside.txt",
    ] {
        let (_, body) = get(path, "").await;
        assert_ne!(body, "secret", "{path}");
    }
    let (head, _) = get("/api/v1/nothing-here", "").await;
    assert_eq!((head.0, head.1.as_str()), (404, "application/problem+json"));
    let _ = std::fs::remove_dir_all(&top);
}

crate::on_both_backends!(
    backup_and_restore,
    cors_only_for_configured_origins,
    the_web_app_is_served_compressed_and_cached,
);

/// Passwords, tokens and API keys never reach the logs, even at debug level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_logs() {
    let dir = std::env::temp_dir().join(format!("restrack-logs-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("server.log");
    let url = format!("sqlite://{}", dir.join("logs.db").display());
    let server = start_binary(
        &url,
        &[("RESTRACK_LOG", "debug"), ("RESTRACK_LOG_FORMAT", "json")],
        Some(&log),
    )
    .await;
    let client = reqwest::Client::new();
    let api = |p: &str| format!("{}/api/v1{p}", server.base);
    let wrong = "wrong-password-9f3a";
    let res = client
        .post(api("/auth/login"))
        .json(&json!({"username": "admin", "password": wrong}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let pair: Value = client
        .post(api("/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = pair["access_token"].as_str().unwrap().to_string();
    let refresh = pair["refresh_token"].as_str().unwrap().to_string();
    let pair2: Value = client
        .post(api("/auth/refresh"))
        .json(&json!({"refresh_token": refresh}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access2 = pair2["access_token"].as_str().unwrap().to_string();
    let key: Value = client
        .post(api("/api-keys"))
        .bearer_auth(&access2)
        .json(&json!({"name": "Log test", "roles": ["viewer"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().unwrap().to_string();
    assert_eq!(
        client
            .get(api("/me"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let res = client.post(api("/users")).bearer_auth(&access2).json(&json!({"username": "new.user", "display_name": "N", "agency_id": "x", "roles": ["viewer"], "password": "new-user-password-1"})).send().await.unwrap();
    assert!(res.status().is_client_error());
    // A token sent in the query string (a client's mistake) is not logged with the path.
    let res = client
        .get(api(&format!("/tasks?access_token={access2}")))
        .bearer_auth(&access2)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    drop(server);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("/api/v1/auth/login"),
        "the requests were logged"
    );
    for secret in [
        ADMIN_PASSWORD,
        wrong,
        &access,
        &refresh,
        &access2,
        &key,
        "new-user-password-1",
    ] {
        assert!(
            !text.contains(secret),
            "a secret reached the log: {}…",
            &secret[..8]
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
