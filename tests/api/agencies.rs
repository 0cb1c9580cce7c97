use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{error_fields, etag, problem, TestApp};

/// A small hierarchy: ROOT → P1 (province) → C1, C2 (communes); ROOT → P2 → C3.
struct Tree {
    admin: String,
    root: String,
    p1: String,
    p2: String,
    c1: String,
    c2: String,
    c3: String,
}

async fn tree(app: &TestApp) -> Tree {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let id = |v: Value| v["id"].as_str().unwrap().to_string();
    let p1 = id(app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(app.agency(&admin, "P1-C1", "commune", &p1).await);
    let c2 = id(app.agency(&admin, "P1-C2", "commune", &p1).await);
    let c3 = id(app.agency(&admin, "P2-C3", "commune", &p2).await);
    Tree {
        admin,
        root,
        p1,
        p2,
        c1,
        c2,
        c3,
    }
}

fn codes(page: &Value) -> Vec<String> {
    let mut v: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

async fn create_read_list_and_tree(app: TestApp) {
    let t = tree(&app).await;
    let res = app.get(&format!("/agencies/{}", t.c1), &t.admin).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!etag(&res).is_empty());
    let c1: Value = res.json().await.unwrap();
    assert_eq!(
        (
            c1["code"].as_str(),
            c1["kind"].as_str(),
            c1["depth"].as_i64()
        ),
        (Some("P1-C1"), Some("commune"), Some(2))
    );
    assert_eq!(c1["parent_id"], t.p1.as_str());
    assert_eq!(c1["status"], "active");
    let page: Value = app
        .get(&format!("/agencies?parent_id={}", t.p1), &t.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes(&page), vec!["P1-C1", "P1-C2"]);
    assert_eq!(page["total"], 2);
    let page: Value = app
        .get("/agencies?kind=commune&limit=2&offset=0", &t.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["limit"], 2);
    let page: Value = app
        .get("/agencies?q=p2-c", &t.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes(&page), vec!["P2-C3"]);
    let tree: Value = app
        .get(&format!("/agencies/{}/tree", t.root), &t.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tree["code"], "ROOT");
    let p1 = tree["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "P1")
        .unwrap();
    assert_eq!(p1["children"].as_array().unwrap().len(), 2);
    let shallow: Value = app
        .get(&format!("/agencies/{}/tree?depth=1", t.root), &t.admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(shallow["children"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["children"].as_array().unwrap().is_empty()));
    // Vietnamese names round-trip intact.
    let name = "Ủy ban nhân dân xã Đắk Glei — thử nghiệm";
    let res = app
        .post(
            "/agencies",
            &t.admin,
            &json!({"code": "DG", "name": name, "kind": "commune", "parent_id": t.p2}),
        )
        .await;
    let created: Value = res.json().await.unwrap();
    let read: Value = app
        .get(
            &format!("/agencies/{}", created["id"].as_str().unwrap()),
            &t.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["name"], name);
}

async fn duplicate_code_is_409_and_writes_nothing(app: TestApp) {
    let t = tree(&app).await;
    let before = (
        app.count("agencies"),
        app.count("audit_log"),
        app.count("agency_closure"),
    );
    let res = app
        .post(
            "/agencies",
            &t.admin,
            &json!({"code": "P1", "name": "Again", "kind": "province", "parent_id": t.root}),
        )
        .await;
    let body = problem(res, 409).await;
    assert_eq!(body["code"], "duplicate_code");
    assert_eq!(error_fields(&body), vec!["code"]);
    assert_eq!(
        (
            app.count("agencies"),
            app.count("audit_log"),
            app.count("agency_closure")
        ),
        before
    );
}

async fn validation_names_the_fields(app: TestApp) {
    let t = tree(&app).await;
    let before = app.count("agencies");
    let res = app
        .post(
            "/agencies",
            &t.admin,
            &json!({"code": "has space", "name": "  ", "kind": "province", "parent_id": t.root}),
        )
        .await;
    let body = problem(res, 422).await;
    assert_eq!(error_fields(&body), vec!["code", "name"]);
    let res = app
        .post(
            "/agencies",
            &t.admin,
            &json!({"code": "X1", "name": "X", "kind": "planet", "parent_id": t.root}),
        )
        .await;
    assert_eq!(error_fields(&problem(res, 422).await), vec!["kind"]);
    let res = app.post("/agencies", &t.admin, &json!({"code": "X1", "name": "X", "kind": "province", "parent_id": t.root, "status": "merged"})).await;
    assert_eq!(
        error_fields(&problem(res, 422).await),
        vec!["status"],
        "unknown fields are refused, not ignored"
    );
    let res = app.post("/agencies", &t.admin, &json!({"code": "X1", "name": "X", "kind": "province", "parent_id": uuid::Uuid::new_v4().to_string()})).await;
    assert_eq!(error_fields(&problem(res, 422).await), vec!["parent_id"]);
    assert_eq!(app.count("agencies"), before);
}

async fn commune_users_see_only_their_subtree(app: TestApp) {
    let t = tree(&app).await;
    let viewer = app
        .user_token(&t.admin, "c1.viewer", &t.c1, &["viewer"])
        .await;
    for other in [&t.c2, &t.p1, &t.root, &t.c3] {
        problem(app.get(&format!("/agencies/{other}"), &viewer).await, 404).await;
        problem(
            app.get(&format!("/agencies/{other}/tree"), &viewer).await,
            404,
        )
        .await;
    }
    let page: Value = app
        .get("/agencies?limit=500", &viewer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes(&page), vec!["P1-C1"]);
    assert_eq!(page["total"], 1);
    let page: Value = app
        .get(&format!("/agencies?parent_id={}", t.p1), &viewer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes(&page), vec!["P1-C1"], "filters never widen the scope");
    let page: Value = app
        .get(&format!("/agencies?parent_id={}", t.root), &viewer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0);
    let province_admin = app
        .user_token(&t.admin, "p1.admin", &t.p1, &["agency_admin"])
        .await;
    let page: Value = app
        .get("/agencies?limit=500", &province_admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(codes(&page), vec!["P1", "P1-C1", "P1-C2"]);
    problem(
        app.get(&format!("/agencies/{}", t.c3), &province_admin)
            .await,
        404,
    )
    .await;
}

async fn roles_and_scope_guard_agency_writes(app: TestApp) {
    let t = tree(&app).await;
    let viewer = app
        .user_token(&t.admin, "p1.viewer", &t.p1, &["viewer"])
        .await;
    let planner = app
        .user_token(&t.admin, "p1.planner", &t.p1, &["planner"])
        .await;
    let province_admin = app
        .user_token(&t.admin, "p1.admin", &t.p1, &["agency_admin"])
        .await;
    let before = (app.count("agencies"), app.count("audit_log"));
    let body = json!({"code": "NEW", "name": "Mới", "kind": "commune", "parent_id": t.p1});
    problem(app.post("/agencies", &viewer, &body).await, 403).await;
    problem(app.post("/agencies", &planner, &body).await, 403).await;
    // A sibling province's agency is not in scope: named as an unknown parent.
    let foreign = json!({"code": "NEW", "name": "Mới", "kind": "commune", "parent_id": t.p2});
    assert_eq!(
        error_fields(&problem(app.post("/agencies", &province_admin, &foreign).await, 422).await),
        vec!["parent_id"]
    );
    // Changing or deleting what one cannot see is 404; what one can see but may not change, 403.
    let res = app.get(&format!("/agencies/{}", t.c1), &viewer).await;
    let tag = etag(&res);
    problem(
        app.patch(
            &format!("/agencies/{}", t.c1),
            &viewer,
            Some(&tag),
            &json!({"name": "X"}),
        )
        .await,
        403,
    )
    .await;
    problem(
        app.patch(
            &format!("/agencies/{}", t.c3),
            &province_admin,
            Some("\"1\""),
            &json!({"name": "X"}),
        )
        .await,
        404,
    )
    .await;
    problem(
        app.delete(
            &format!("/agencies/{}", t.c3),
            &province_admin,
            Some("\"1\""),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        (app.count("agencies"), app.count("audit_log")),
        before,
        "nothing was written"
    );
    let created = app.agency(&province_admin, "NEW", "commune", &t.p1).await;
    assert_eq!(created["parent_id"], t.p1.as_str());
}

async fn updates_need_a_current_etag(app: TestApp) {
    let t = tree(&app).await;
    let path = format!("/agencies/{}", t.c1);
    let res = app.get(&path, &t.admin).await;
    let tag = etag(&res);
    problem(
        app.patch(&path, &t.admin, None, &json!({"name": "Tên mới"}))
            .await,
        428,
    )
    .await;
    let res = app
        .patch(&path, &t.admin, Some(&tag), &json!({"name": "Tên mới"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let new_tag = etag(&res);
    assert_ne!(new_tag, tag);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["name"], "Tên mới");
    // A second editor still holding the old ETag cannot overwrite silently.
    let body = problem(
        app.patch(&path, &t.admin, Some(&tag), &json!({"name": "Ghi đè"}))
            .await,
        412,
    )
    .await;
    assert_eq!(body["code"], "stale_etag");
    let now: Value = app.get(&path, &t.admin).await.json().await.unwrap();
    assert_eq!(now["name"], "Tên mới");
    problem(app.delete(&path, &t.admin, None).await, 428).await;
    problem(app.delete(&path, &t.admin, Some(&tag)).await, 412).await;
    problem(
        app.patch(&path, &t.admin, Some(&new_tag), &json!({"code": "P1-C2"}))
            .await,
        409,
    )
    .await;
}

async fn moving_an_agency_moves_its_subtree_and_scope(app: TestApp) {
    let t = tree(&app).await;
    let child = app.agency(&t.admin, "C1-X", "department", &t.c1).await;
    let child_id = child["id"].as_str().unwrap();
    let p2_viewer = app
        .user_token(&t.admin, "p2.viewer", &t.p2, &["viewer"])
        .await;
    problem(
        app.get(&format!("/agencies/{child_id}"), &p2_viewer).await,
        404,
    )
    .await;
    let path = format!("/agencies/{}", t.c1);
    let tag = etag(&app.get(&path, &t.admin).await);
    // Under its own descendant: a cycle.
    let body = problem(
        app.patch(&path, &t.admin, Some(&tag), &json!({"parent_id": child_id}))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&body), vec!["parent_id"]);
    let body = problem(
        app.patch(&path, &t.admin, Some(&tag), &json!({"parent_id": t.c1}))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&body), vec!["parent_id"]);
    let res = app
        .patch(&path, &t.admin, Some(&tag), &json!({"parent_id": t.p2}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Now the other province sees it and everything below, at the right depth.
    let moved: Value = app
        .get(&format!("/agencies/{child_id}"), &p2_viewer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["depth"], 3);
    let p1_viewer = app
        .user_token(&t.admin, "p1.viewer", &t.p1, &["viewer"])
        .await;
    problem(
        app.get(&format!("/agencies/{child_id}"), &p1_viewer).await,
        404,
    )
    .await;
    let tree: Value = app
        .get(&format!("/agencies/{}/tree", t.p2), &t.admin)
        .await
        .json()
        .await
        .unwrap();
    let moved_node = tree["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "P1-C1")
        .unwrap();
    assert_eq!(moved_node["children"][0]["code"], "C1-X");
    // The root cannot be given a parent.
    let root_tag = etag(&app.get(&format!("/agencies/{}", t.root), &t.admin).await);
    let res = app
        .patch(
            &format!("/agencies/{}", t.root),
            &t.admin,
            Some(&root_tag),
            &json!({"parent_id": t.p1}),
        )
        .await;
    assert_eq!(error_fields(&problem(res, 422).await), vec!["parent_id"]);
}

async fn deleting_needs_an_empty_agency(app: TestApp) {
    let t = tree(&app).await;
    let p1_tag = etag(&app.get(&format!("/agencies/{}", t.p1), &t.admin).await);
    let body = problem(
        app.delete(&format!("/agencies/{}", t.p1), &t.admin, Some(&p1_tag))
            .await,
        409,
    )
    .await;
    assert_eq!(body["code"], "has_children");
    app.user(&t.admin, "c3.user", &t.c3, &["viewer"]).await;
    let c3_tag = etag(&app.get(&format!("/agencies/{}", t.c3), &t.admin).await);
    let body = problem(
        app.delete(&format!("/agencies/{}", t.c3), &t.admin, Some(&c3_tag))
            .await,
        409,
    )
    .await;
    assert_eq!(body["code"], "has_users");
    let before = app.count("agencies");
    let c2_tag = etag(&app.get(&format!("/agencies/{}", t.c2), &t.admin).await);
    let res = app
        .delete(&format!("/agencies/{}", t.c2), &t.admin, Some(&c2_tag))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("agencies"), before - 1);
    problem(app.get(&format!("/agencies/{}", t.c2), &t.admin).await, 404).await;
    let history: Value = app
        .get(
            &format!("/audit?entity_type=agency&entity_id={}", t.c2),
            &t.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["delete", "create"]);
    problem(app.get("/agencies/not-a-uuid", &t.admin).await, 404).await;
}

crate::on_both_backends!(
    create_read_list_and_tree,
    duplicate_code_is_409_and_writes_nothing,
    validation_names_the_fields,
    commune_users_see_only_their_subtree,
    roles_and_scope_guard_agency_writes,
    updates_need_a_current_etag,
    moving_an_agency_moves_its_subtree_and_scope,
    deleting_needs_an_empty_agency,
);
