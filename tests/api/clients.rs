//! The clients generated from the contract work against a real server (issue 23): the Python
//! client of openapi-python-client and the TypeScript types of openapi-typescript with
//! openapi-fetch, which `make test` generates from openapi/openapi.json (scripts/clients.sh). Each
//! runs a ministry system's upload (tests/clients/): signs in with an API key, imports figures as
//! JSON and as CSV, and reads them back.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{quarter, TestApp};
use crate::imports::{id_of, value_world};

/// What scripts/clients.sh made; `None` (skipped) only outside CI.
fn generated(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(v) => Some(v),
        Err(_) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED: {variable} is not set (scripts/test.sh sets it)");
            None
        }
        Err(_) => panic!(
            "{variable} is not set: the generated-client tests need what scripts/clients.sh makes"
        ),
    }
}

/// Runs a client's script with the server, the key and the figures' coordinates; its JSON output.
async fn run(program: String, args: Vec<String>, env: Vec<(&'static str, String)>) -> Value {
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&program)
            .args(&args)
            .envs(env)
            .output()
            .unwrap_or_else(|e| panic!("{program} runs: {e}"))
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

async fn generated_clients_upload_and_read_figures(app: TestApp) {
    let (Some(python), Some(python_dir), Some(ts)) = (
        generated("RESTRACK_TEST_CLIENTS_PYTHON"),
        generated("RESTRACK_TEST_CLIENTS_PYTHON_DIR"),
        generated("RESTRACK_TEST_CLIENTS_TS"),
    ) else {
        return;
    };
    let (admin, planner, _) = value_world(&app).await;
    let p1 = id_of(&app, &admin, "P1").await;
    let c1 = id_of(&app, &admin, "C1").await;
    // A second indicator, for the second client.
    let res = app
        .post("/indicators", &planner, &json!({"code": "ONLINE_TS", "name": "Tỷ lệ trực tuyến (TS)", "group": "output", "value_type": "percent", "direction": "increase", "aggregation": "average", "frequency": "quarterly", "owner_agency_id": p1, "reporting_agency_kind": "commune"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p1_admin = app
        .user_token(&admin, "p1.admin", &p1, &["agency_admin", "reporter"])
        .await;
    let key: Value = app
        .post(
            "/api-keys",
            &p1_admin,
            &json!({"name": "Hệ thống báo cáo xã Một", "agency_id": c1, "roles": ["reporter"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().unwrap().to_string();
    let periods = [quarter(3), quarter(2), quarter(1)];
    let env = |indicator: &str| {
        vec![
            ("RESTRACK_SERVER", app.base.clone()),
            ("RESTRACK_KEY", key.clone()),
            ("RESTRACK_INDICATOR", indicator.to_string()),
            ("RESTRACK_AGENCY", "C1".to_string()),
            ("RESTRACK_PERIODS", periods.join(",")),
            ("RESTRACK_CLIENT_DIR", python_dir.clone()),
        ]
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/sync.py").to_string();
    let from_python = run(python, vec![script], env("ONLINE")).await;
    let from_ts = run("node".into(), vec![ts], env("ONLINE_TS")).await;
    let read = |values: [&str; 3]| {
        json!(periods
            .iter()
            .zip(values)
            .map(|(p, v)| json!([p, v, "submitted"]))
            .collect::<Vec<_>>())
    };
    assert_eq!(
        from_python,
        json!({"agency": "C1", "figures": read(["41.5", "42.0", "43.25"]), "imports": [2, 1]})
    );
    assert_eq!(
        from_ts,
        json!({"agency": "C1", "figures": read(["51.5", "52", "53.25"]), "imports": [2, 1]})
    );
    // What the server holds: the figures as the clients sent them, each from its import.
    for (code, values) in [
        ("ONLINE", [41.5, 42.0, 43.25]),
        ("ONLINE_TS", [51.5, 52.0, 53.25]),
    ] {
        let found: Value = app
            .get(&format!("/indicators?q={code}"), &admin)
            .await
            .json()
            .await
            .unwrap();
        let id = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let held: Value = app
            .get(&format!("/indicators/{id}/values?agency_id={c1}"), &admin)
            .await
            .json()
            .await
            .unwrap();
        let mut figures: Vec<(String, f64, bool)> = held["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["period"].as_str().unwrap().to_string(),
                    v["value"].as_f64().unwrap(),
                    v["import_id"].is_string(),
                )
            })
            .collect();
        figures.sort_by(|a, b| a.0.cmp(&b.0));
        let expected: Vec<(String, f64, bool)> = periods
            .iter()
            .zip(values)
            .map(|(p, v)| (p.clone(), v, true))
            .collect();
        assert_eq!(figures, expected, "{code}");
    }
}

crate::on_both_backends!(generated_clients_upload_and_read_figures);
