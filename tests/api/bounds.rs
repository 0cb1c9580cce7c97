//! The bounds the contract states for what a client sends (`openapi::limits`) are the server's:
//! a query id that is no UUID, an offset past the largest, an `If-Match` too long and a file with
//! too many rows are refused, naming the field, and change nothing.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{problem, test_config, TestApp};
use crate::imports::{counts, csv, errors};

async fn query_bounds_are_the_servers(app: TestApp) {
    let token = app.admin_token().await;
    // An id that is no UUID is a 400 naming the parameter, before anything is looked up.
    for (path, field) in [
        ("/tasks?lead_agency_id=HN", "lead_agency_id"),
        ("/agencies?parent_id=1%20OR%201%3D1", "parent_id"),
        ("/values?indicator_id=abc", "indicator_id"),
        ("/tasks?lead_agency_subtree=x", "lead_agency_subtree"),
    ] {
        let body = problem(app.get(path, &token).await, 400).await;
        assert_eq!(body["code"], "bad_query", "{path}");
        assert_eq!(body["errors"][0]["field"], field, "{path}");
        assert_eq!(body["errors"][0]["code"], "format", "{path}");
    }
    // A UUID that names nothing the caller sees is still an empty list, as before.
    let none = app
        .get(
            "/tasks?lead_agency_id=00000000-0000-4000-8000-000000000000",
            &token,
        )
        .await;
    assert_eq!(none.status(), StatusCode::OK);
    // The largest offset is taken; one more is refused.
    let last = app.get("/agencies?offset=9007199254740991", &token).await;
    assert_eq!(last.status(), StatusCode::OK);
    let body = problem(
        app.get("/agencies?offset=9007199254740992", &token).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "offset");
    assert_eq!(body["errors"][0]["code"], "range");

    // An If-Match past 128 characters is a 400 naming it (a malformed request header, as every
    // operation that takes one documents); the agency is unchanged.
    let root = app.root_id(&token).await;
    let before: Value = app
        .get(&format!("/agencies/{root}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let long = format!("\"{}\"", "1".repeat(200));
    let res = app
        .patch(
            &format!("/agencies/{root}"),
            &token,
            Some(&long),
            &serde_json::json!({ "name": "Đổi tên" }),
        )
        .await;
    let body = problem(res, 400).await;
    assert_eq!(body["errors"][0]["field"], "If-Match");
    assert_eq!(body["errors"][0]["code"], "length");
    let after: Value = app
        .get(&format!("/agencies/{root}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["name"], before["name"]);
}

async fn a_file_past_the_row_limit_is_refused_whole(app: TestApp) {
    let mut config = test_config(app.database_url.clone());
    config.import_max_rows = 3;
    let capped = TestApp::spawn_with(app.backend, config).await;
    let token = capped.admin_token().await;
    let root = capped.root_id(&token).await;
    let root_code = capped
        .get(&format!("/agencies/{root}"), &token)
        .await
        .json::<Value>()
        .await
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let before = capped.count("agencies");
    let rows = |n: usize| {
        let mut file = String::from("code,name,kind,parent_code\n");
        for i in 1..=n {
            file.push_str(&format!("ROWCAP{i},Đơn vị {i},department,{root_code}\n"));
        }
        file
    };
    // Four rows: the fourth (line 5, after the header) is named; nothing is written.
    let (status, body) = csv(&capped, &token, "agencies", &rows(4)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["status"], "rejected");
    assert!(
        errors(&body).contains(&(5, String::new(), "too_many_rows".into())),
        "{body}"
    );
    assert_eq!(capped.count("agencies"), before);
    // Three rows are within the limit and are written.
    let (status, body) = csv(&capped, &token, "agencies", &rows(3)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(counts(&body).0, 3, "{body}");
    assert_eq!(capped.count("agencies"), before + 3);
}

crate::on_both_backends!(
    query_bounds_are_the_servers,
    a_file_past_the_row_limit_is_refused_whole
);
