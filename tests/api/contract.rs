//! The wire contract: problem documents for every kind of bad input, the operations endpoints,
//! the docs page, and the committed OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, TestApp};

async fn bad_input_gets_problem_documents(app: TestApp) {
    let token = app.admin_token().await;
    let root = app.root_id(&token).await;
    let before = app.count("agencies");
    let post_raw = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(app.url("/agencies"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let body = problem(
        post_raw(b"{\"code\": ".to_vec(), "application/json")
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(body["code"], "malformed_json");
    problem(
        post_raw(b"code=x".to_vec(), "application/x-www-form-urlencoded")
            .await
            .unwrap(),
        415,
    )
    .await;
    problem(post_raw(b"{}".to_vec(), "text/plain").await.unwrap(), 415).await;
    let huge = format!(
        "{{\"code\":\"X\",\"name\":\"{}\",\"kind\":\"other\",\"parent_id\":\"{root}\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    problem(
        post_raw(huge.into_bytes(), "application/json")
            .await
            .unwrap(),
        413,
    )
    .await;
    // Deep nesting is refused at the first level that does not fit the schema; nothing recurses.
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    problem(
        post_raw(deep.into_bytes(), "application/json")
            .await
            .unwrap(),
        422,
    )
    .await;
    let deep = format!(
        "{{\"code\": {}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    problem(
        post_raw(deep.into_bytes(), "application/json")
            .await
            .unwrap(),
        422,
    )
    .await;
    let mut invalid_utf8 = b"{\"code\":\"X\",\"name\":\"".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8
        .extend_from_slice(format!("\",\"kind\":\"other\",\"parent_id\":\"{root}\"}}").as_bytes());
    problem(
        post_raw(invalid_utf8, "application/json").await.unwrap(),
        400,
    )
    .await;
    let long = json!({"code": "X", "name": "n".repeat(501), "kind": "other", "parent_id": root});
    assert_eq!(
        problem(app.post("/agencies", &token, &long).await, 422).await["errors"][0]["field"],
        "name"
    );
    assert_eq!(
        app.count("agencies"),
        before,
        "no bad request wrote anything"
    );
    let body = problem(app.get("/agencies?limit=abc", &token).await, 400).await;
    assert_eq!(body["errors"][0]["field"], "limit");
    problem(app.get("/agencies?unknown=1", &token).await, 400).await;
    // More than a page holds is refused, not silently cut to 500.
    let body = problem(app.get("/agencies?limit=100000", &token).await, 400).await;
    assert_eq!(
        (
            body["errors"][0]["field"].clone(),
            body["errors"][0]["code"].clone()
        ),
        (json!("limit"), json!("range"))
    );
    let page: Value = app
        .get("/agencies?limit=500", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["limit"], 500);
    problem(app.get("/agencies?limit=0", &token).await, 400).await;
    problem(app.get("/no-such-thing", &token).await, 404).await;
    // A documented path with a method it does not have: 405 naming the methods it has; a path
    // that is not documented: 404. Both as problem documents.
    for (method, path, allow) in [
        (Method::PUT, "/agencies", "GET, POST"),
        (Method::TRACE, "/me", "GET"),
        (
            Method::POST,
            "/tasks/0193a0c8-0000-7000-8000-000000000000",
            "GET, PATCH, DELETE",
        ),
    ] {
        let res = app.request(method, path, Some(&token), None).await;
        assert_eq!(res.headers()["allow"], allow, "{path}");
        problem(res, 405).await;
    }
    let res = app.request(Method::PUT, "/healthz", None, None).await;
    assert_eq!(res.headers()["allow"], "GET");
    problem(res, 405).await;
    problem(
        app.request(Method::GET, "/no-such-thing", Some(&token), None)
            .await,
        404,
    )
    .await;
}

async fn operations_endpoints(app: TestApp) {
    let res = app.request(Method::GET, "/healthz", None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let res = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let metrics = app
        .request(Method::GET, "/metrics", None, None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("restrack_http_requests_total"),
        "{metrics}"
    );
    assert!(metrics.contains("route=\"/readyz\""));
    let docs = app
        .request(Method::GET, "/docs", None, None)
        .await
        .text()
        .await
        .unwrap();
    assert!(docs.contains("/docs/swagger-ui-bundle.js"));
    assert!(
        !docs.contains("http://") && !docs.contains("https://"),
        "the docs page loads nothing from elsewhere"
    );
    let bundle = app
        .request(Method::GET, "/docs/swagger-ui-bundle.js", None, None)
        .await;
    assert_eq!(bundle.status(), StatusCode::OK);
    let served: Value = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .json()
        .await
        .unwrap();
    let generated: Value = serde_json::from_str(&restrack::openapi::document_json()).unwrap();
    assert_eq!(served, generated);
}

crate::on_both_backends!(bad_input_gets_problem_documents, operations_endpoints);

/// The committed `openapi/openapi.json` is exactly what the code generates (run `make openapi`).
#[test]
fn committed_openapi_is_current() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json exists (run `make openapi`)");
    let generated = restrack::openapi::document_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
}

/// Every operation documents its error responses and every secured one the bearer scheme.
#[test]
fn every_operation_documents_its_errors() {
    let doc: Value = serde_json::from_str(&restrack::openapi::document_json()).unwrap();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path} lacks 500");
            let public = [
                "/api/v1/auth/login",
                "/api/v1/auth/refresh",
                "/api/v1/auth/oidc",
                "/api/v1/auth/oidc/start",
                "/api/v1/auth/oidc/callback",
                "/healthz",
                "/readyz",
                "/metrics",
            ];
            if !public.contains(&path.as_str()) {
                assert!(responses.contains_key("401"), "{method} {path} lacks 401");
                assert!(op["security"].is_array(), "{method} {path} lacks security");
            }
        }
    }
    assert!(operations >= 19, "{operations} operations");
}

/// Every `$ref` in the document points at a schema that exists (the typed client depends on it).
#[test]
fn every_reference_resolves() {
    let doc: Value = serde_json::from_str(&restrack::openapi::document_json()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    walk(&doc, &mut refs);
    for r in refs {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected ref {r}"));
        assert!(schemas.contains_key(name), "dangling reference {r}");
    }
}

/// Operation ids are unique: generated clients name their methods after them, and two handlers
/// both called `list` made one client method answer for the other.
#[test]
fn operation_ids_are_unique() {
    let doc: Value = serde_json::from_str(&restrack::openapi::document_json()).unwrap();
    let mut seen = std::collections::HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                if let Some(other) = seen.insert(id.to_string(), format!("{method} {path}")) {
                    panic!("operationId {id} is used by {other} and {method} {path}");
                }
            }
        }
    }
}

/// Schema names are unique: the OpenAPI generator keys schemas by type name, so a second type of
/// the same name silently replaces the first (a task's evaluation once became the alerts').
#[test]
fn schema_type_names_are_unique() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut sources = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("api/src"),
        &mut sources,
    );
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut record = |name: &str, file: &std::path::Path| {
        let at = file.display().to_string();
        if let Some(other) = names.insert(name.to_string(), at.clone()) {
            panic!("the schema type {name} is defined in {other} and in {at}");
        }
    };
    for file in &sources {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            let next_item = || {
                lines[i + 1..]
                    .iter()
                    .find(|l| !l.starts_with("//") && !l.starts_with("#["))
                    .copied()
                    .unwrap_or_default()
            };
            let name = if line.starts_with("#[derive(") && line.contains("ToSchema") {
                let item = next_item();
                ["pub struct ", "pub enum ", "struct ", "enum "]
                    .iter()
                    .find_map(|k| item.strip_prefix(k))
            } else if *line == "text_enum!(" {
                Some(next_item())
            } else {
                None
            };
            if let Some(rest) = name {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                record(&name, file);
            }
        }
    }
    assert!(
        names.contains_key("TaskEvaluation") && names.len() > 50,
        "{}",
        names.len()
    );
}
