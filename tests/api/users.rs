use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{error_fields, etag, problem, TestApp, USER_PASSWORD};

async fn create_user_then_log_in(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let province = app.agency(&admin, "HN", "province", &root).await;
    let pid = province["id"].as_str().unwrap();
    let created = app
        .user(&admin, "hn.reporter", pid, &["reporter", "viewer"])
        .await;
    assert_eq!(created["roles"], json!(["reporter", "viewer"]));
    assert_eq!(created["active"], true);
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());
    let token = app.token("hn.reporter", USER_PASSWORD).await;
    let me: Value = app.get("/me", &token).await.json().await.unwrap();
    assert_eq!(me["agency"]["code"], "HN");
    let page: Value = app
        .get(&format!("/users?agency_id={pid}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    let page: Value = app
        .get("/users?role=reporter", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["username"], "hn.reporter");
}

async fn bad_user_input_is_refused(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    app.user(&admin, "taken", &root, &["viewer"]).await;
    let before = (app.count("users"), app.count("audit_log"));
    let base = json!({"username": "taken", "display_name": "X", "agency_id": root, "roles": ["viewer"], "password": USER_PASSWORD});
    let body = problem(app.post("/users", &admin, &base).await, 409).await;
    assert_eq!(error_fields(&body), vec!["username"]);
    let mut bad = base.clone();
    bad["username"] = json!("Có Dấu");
    bad["roles"] = json!(["superuser"]);
    assert_eq!(
        error_fields(&problem(app.post("/users", &admin, &bad).await, 422).await),
        vec!["roles[0]"]
    );
    let mut bad = base.clone();
    bad["username"] = json!("Có Dấu");
    assert_eq!(
        error_fields(&problem(app.post("/users", &admin, &bad).await, 422).await),
        vec!["username"]
    );
    let mut bad = base.clone();
    bad["username"] = json!("fresh.one");
    bad["roles"] = json!([]);
    assert_eq!(
        error_fields(&problem(app.post("/users", &admin, &bad).await, 422).await),
        vec!["roles"]
    );
    let mut bad = base.clone();
    bad["username"] = json!("fresh.one");
    bad["password"] = json!("short");
    assert_eq!(
        error_fields(&problem(app.post("/users", &admin, &bad).await, 422).await),
        vec!["password"]
    );
    assert_eq!((app.count("users"), app.count("audit_log")), before);
}

async fn agency_admins_manage_only_their_subtree(app: TestApp) {
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
    let c1 = app.agency(&admin, "P1-C1", "commune", &p1).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let p1_admin = app
        .user_token(&admin, "p1.admin", &p1, &["agency_admin"])
        .await;
    let outsider = app.user(&admin, "p2.viewer", &p2, &["viewer"]).await;
    let outsider_id = outsider["id"].as_str().unwrap();
    // Create below: fine. Outside: the agency is unknown. Granting admin: only admins.
    app.user(&p1_admin, "c1.reporter", &c1, &["reporter"]).await;
    let body = json!({"username": "x.one", "display_name": "X", "agency_id": p2, "roles": ["viewer"], "password": USER_PASSWORD});
    assert_eq!(
        error_fields(&problem(app.post("/users", &p1_admin, &body).await, 422).await),
        vec!["agency_id"]
    );
    let body = json!({"username": "x.two", "display_name": "X", "agency_id": c1, "roles": ["admin"], "password": USER_PASSWORD});
    problem(app.post("/users", &p1_admin, &body).await, 403).await;
    problem(
        app.get(&format!("/users/{outsider_id}"), &p1_admin).await,
        404,
    )
    .await;
    problem(
        app.patch(
            &format!("/users/{outsider_id}"),
            &p1_admin,
            None,
            &json!({"active": false}),
        )
        .await,
        404,
    )
    .await;
    let page: Value = app
        .get("/users?limit=500", &p1_admin)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["c1.reporter", "p1.admin"]);
    let outsider_now: Value = app
        .get(&format!("/users/{outsider_id}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outsider_now["active"], true);
    // Non-managers cannot manage accounts at all.
    let reporter = app.token("c1.reporter", USER_PASSWORD).await;
    let body = json!({"username": "x.three", "display_name": "X", "agency_id": c1, "roles": ["viewer"], "password": USER_PASSWORD});
    problem(app.post("/users", &reporter, &body).await, 403).await;
}

async fn user_updates(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let user = app.user(&admin, "editor", &root, &["viewer"]).await;
    let path = format!("/users/{}", user["id"].as_str().unwrap());
    let res = app.get(&path, &admin).await;
    let tag = etag(&res);
    let res = app
        .patch(
            &path,
            &admin,
            Some(&tag),
            &json!({"roles": ["planner"], "display_name": "Biên tập viên"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["roles"], json!(["planner"]));
    problem(
        app.patch(&path, &admin, Some(&tag), &json!({"display_name": "Stale"}))
            .await,
        412,
    )
    .await;
    // A new password set by an admin works, and the old one no longer does.
    let res = app
        .patch(
            &path,
            &admin,
            None,
            &json!({"password": "reset-by-admin-1"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.login("editor", "reset-by-admin-1").await;
    let res = app
        .request(
            Method::POST,
            "/auth/login",
            None,
            Some(&json!({"username": "editor", "password": USER_PASSWORD})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Nobody locks themselves out.
    let me: Value = app.get("/me", &admin).await.json().await.unwrap();
    let own = format!("/users/{}", me["id"].as_str().unwrap());
    problem(
        app.patch(&own, &admin, None, &json!({"active": false}))
            .await,
        409,
    )
    .await;
    problem(
        app.patch(&own, &admin, None, &json!({"password_hash": "x"}))
            .await,
        422,
    )
    .await;
}

crate::on_both_backends!(
    create_user_then_log_in,
    bad_user_input_is_refused,
    agency_admins_manage_only_their_subtree,
    user_updates,
);
