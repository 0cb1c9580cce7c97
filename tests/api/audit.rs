use serde_json::{json, Value};

use crate::helpers::{etag, problem, TestApp};

async fn changes_are_audited_with_before_and_after(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let agency = app.agency(&admin, "HN", "province", &root).await;
    let id = agency["id"].as_str().unwrap();
    let tag = etag(&app.get(&format!("/agencies/{id}"), &admin).await);
    app.patch(
        &format!("/agencies/{id}"),
        &admin,
        Some(&tag),
        &json!({"name": "Thành phố Hà Nội"}),
    )
    .await;
    let page: Value = app
        .get(&format!("/audit?entity_type=agency&entity_id={id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let update = &items[0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["actor_name"], "admin");
    assert_eq!(update["before"]["name"], "Cơ quan HN");
    assert_eq!(update["after"]["name"], "Thành phố Hà Nội");
    assert!(update["request_id"].as_str().is_some());
    assert_eq!(items[1]["action"], "create");
    assert!(items[1]["before"].is_null());
    let me: Value = app.get("/me", &admin).await.json().await.unwrap();
    let mine: Value = app
        .get(
            &format!(
                "/audit?actor_id={}&entity_type=agency",
                me["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 2);
    let none: Value = app
        .get(
            "/audit?entity_type=agency&from=2999-01-01T00:00:00Z",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    problem(app.get("/audit?from=yesterday", &admin).await, 400).await;
}

async fn a_rejected_change_leaves_no_audit_row(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let a = app.agency(&admin, "A", "province", &root).await;
    app.agency(&admin, "B", "province", &root).await;
    let id = a["id"].as_str().unwrap();
    let tag = etag(&app.get(&format!("/agencies/{id}"), &admin).await);
    let before = app.count("audit_log");
    // The code clash is found inside the write transaction: the name change must not stay either.
    let res = app
        .patch(
            &format!("/agencies/{id}"),
            &admin,
            Some(&tag),
            &json!({"name": "Changed", "code": "B"}),
        )
        .await;
    problem(res, 409).await;
    assert_eq!(app.count("audit_log"), before);
    let now: Value = app
        .get(&format!("/agencies/{id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["name"], "Cơ quan A");
    assert_eq!(
        etag(&app.get(&format!("/agencies/{id}"), &admin).await),
        tag
    );
}

async fn audit_is_scoped_to_the_subtree(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = app.agency(&admin, "P1", "province", &root).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let p2 = app.agency(&admin, "P2", "province", &root).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.agency(&admin, "P1-C1", "commune", &p1).await;
    app.agency(&admin, "P2-C1", "commune", &p2).await;
    let p1_viewer = app.user_token(&admin, "p1.viewer", &p1, &["viewer"]).await;
    let page: Value = app
        .get("/audit?entity_type=agency&limit=500", &p1_viewer)
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["after"]["code"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, vec!["P1-C1"]);
    let all: Value = app
        .get("/audit?entity_type=agency&limit=500", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(all["total"].as_i64().unwrap() >= 4);
}

crate::on_both_backends!(
    changes_are_audited_with_before_and_after,
    a_rejected_change_leaves_no_audit_row,
    audit_is_scoped_to_the_subtree,
);
