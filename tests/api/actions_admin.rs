//! The `actions` of agencies, logins, alerts and `/me` are what the server then allows: for every
//! role of one province (and the national administrator) and every relation of the object to the
//! caller, each action offered succeeds and each not offered is refused. The task and figure
//! matrix is in `actions.rs`.

use serde_json::{json, Value};

use crate::helpers::{day, etag, id, TestApp};

/// Callers: the national administrator, then one login of P1 per role.
async fn callers(app: &TestApp, admin: &str, p1: &str, tag: &str) -> Vec<(String, String)> {
    let mut out = vec![("national admin".to_string(), admin.to_string())];
    for role in [
        "admin",
        "agency_admin",
        "planner",
        "reporter",
        "approver",
        "viewer",
    ] {
        let token = app
            .user_token(admin, &format!("{tag}.{role}"), p1, &[role])
            .await;
        out.push((role.to_string(), token));
    }
    out
}

/// A refusal: 403 for a role that may not; `conflict` also accepts 409 and 422 where the object's
/// state (not the role) forbids it and the view therefore does not offer it either.
fn agrees(what: &str, offered: bool, status: u16, conflict: bool) {
    assert_ne!(status, 500, "{what}");
    let refused = status == 403 || (conflict && (status == 409 || status == 422));
    assert_eq!(
        offered, !refused,
        "{what}: offered {offered} but the server answered {status}"
    );
}

async fn get(app: &TestApp, token: &str, path: &str) -> (Value, String) {
    let res = app.get(path, token).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let tag = etag(&res);
    (res.json().await.unwrap(), tag)
}

async fn agency_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let mut cells = 0;
    for (who, token) in callers(&app, &admin, &p1, "ag").await {
        let tag = who.replace(' ', "_").to_uppercase();
        let child = id(&app
            .agency(&admin, &format!("C.{tag}"), "commune", &p1)
            .await);
        let leaf = id(&app
            .agency(&admin, &format!("L.{tag}"), "commune", &p1)
            .await);
        let merged = id(&app
            .agency(&admin, &format!("M.{tag}"), "commune", &p1)
            .await);
        let res = app
            .post(
                &format!("/agencies/{merged}/merge"),
                &admin,
                &json!({"into_id": child}),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200, "merge for the fixture");
        let own = if who == "national admin" { &root } else { &p1 };
        for (relation, agency) in [("own", own), ("child", &child), ("merged", &merged)] {
            let what = |a: &str| format!("{who} on {relation}: {a}");
            let (seen, etag_now) = get(&app, &token, &format!("/agencies/{agency}")).await;
            let actions = &seen["actions"];
            let offered = |a: &str| actions[a].as_bool().unwrap();
            // The tree shows the same actions.
            let tree: Value = app
                .get(&format!("/agencies/{agency}/tree?depth=0"), &token)
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(&tree["actions"], actions, "{}", what("tree"));
            let status = app
                .patch(
                    &format!("/agencies/{agency}"),
                    &token,
                    Some(&etag_now),
                    &json!({"name": format!("Đổi tên bởi {who}")}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("edit"), offered("edit"), status, false);
            let (seen, etag_now) = get(&app, &token, &format!("/agencies/{agency}")).await;
            let code = seen["code"].as_str().unwrap().to_string();
            let status = app
                .patch(
                    &format!("/agencies/{agency}"),
                    &token,
                    Some(&etag_now),
                    &json!({"code": format!("{code}X")}),
                )
                .await
                .status()
                .as_u16();
            agrees(
                &what("edit_identity"),
                offered("edit_identity"),
                status,
                false,
            );
            let status = app
                .post(
                    "/agencies",
                    &token,
                    &json!({"code": format!("N.{tag}.{relation}"), "name": "Đơn vị mới",
                            "kind": "other", "parent_id": agency}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("add_child"), offered("add_child"), status, true);
            let status = app
                .post(
                    &format!("/agencies/{agency}/merge?dry_run=true"),
                    &token,
                    &json!({"into_id": leaf}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("merge"), offered("merge"), status, true);
            if relation == "merged" {
                let status = app
                    .post(
                        &format!("/agencies/{agency}/merge/undo"),
                        &token,
                        &json!({}),
                    )
                    .await
                    .status()
                    .as_u16();
                agrees(&what("undo_merge"), offered("undo_merge"), status, false);
                if status == 200 {
                    // Merged again, for the delete and dissolve checks below.
                    app.post(
                        &format!("/agencies/{agency}/merge"),
                        &admin,
                        &json!({"into_id": child}),
                    )
                    .await;
                }
            } else {
                assert!(!offered("undo_merge"), "{}", what("undo offered"));
            }
            cells += 5;
        }
        // Dissolving and deleting end an agency: tried on the fresh leaf (and on the own agency,
        // which is never offered).
        for (relation, agency) in [("own", own), ("leaf", &leaf)] {
            let what = |a: &str| format!("{who} on {relation}: {a}");
            let (seen, _) = get(&app, &token, &format!("/agencies/{agency}")).await;
            let (dissolve, delete) = (
                seen["actions"]["dissolve"].as_bool().unwrap(),
                seen["actions"]["delete"].as_bool().unwrap(),
            );
            let (_, tag_now) = get(&app, &admin, &format!("/agencies/{agency}")).await;
            let status = app
                .delete(&format!("/agencies/{agency}"), &token, Some(&tag_now))
                .await
                .status()
                .as_u16();
            // The own agency has sub-agencies and users: 409 would be a state, but it is never
            // offered and must be a 403.
            agrees(
                &what("delete"),
                delete,
                status,
                relation == "leaf" && status == 409,
            );
            if status == 204 {
                continue;
            }
            let status = app
                .post(&format!("/agencies/{agency}/dissolve"), &token, &json!({}))
                .await
                .status()
                .as_u16();
            agrees(&what("dissolve"), dissolve, status, false);
            cells += 2;
        }
    }
    assert!(cells >= 7 * 3 * 5 + 7 * 2, "{cells} cells checked");
}

async fn user_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let mut cells = 0;
    for (who, token) in callers(&app, &admin, &p1, "us").await {
        let tag = who.replace(' ', "_");
        let me: Value = app.get("/me", &token).await.json().await.unwrap();
        let colleague = id(&app
            .user(&admin, &format!("{tag}.colleague"), &c1, &["planner"])
            .await);
        let an_admin = id(&app
            .user(&admin, &format!("{tag}.admin"), &c1, &["admin"])
            .await);
        let own = me["id"].as_str().unwrap().to_string();
        for (relation, user) in [("own", own), ("colleague", colleague), ("admin", an_admin)] {
            let what = |a: &str| format!("{who} on {relation}: {a}");
            let path = format!("/users/{user}");
            let (seen, tag_now) = get(&app, &token, &path).await;
            let actions = seen["actions"].clone();
            let offered = |a: &str| actions[a].as_bool().unwrap();
            let status = app
                .patch(
                    &path,
                    &token,
                    Some(&tag_now),
                    &json!({"display_name": format!("Tên mới {who}")}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("edit"), offered("edit"), status, false);
            let (_, tag_now) = get(&app, &admin, &path).await;
            let status = app
                .patch(
                    &path,
                    &token,
                    Some(&tag_now),
                    &json!({"password": "Rừng-cọ-đồi-chè-2026!"}),
                )
                .await
                .status()
                .as_u16();
            agrees(
                &what("set_password"),
                offered("set_password"),
                status,
                false,
            );
            let grantable: Vec<String> = actions["grantable_roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_string())
                .collect();
            for role in ["admin", "approver"] {
                let (_, tag_now) = get(&app, &admin, &path).await;
                let status = app
                    .patch(&path, &token, Some(&tag_now), &json!({"roles": [role]}))
                    .await
                    .status()
                    .as_u16();
                // One's own roles: 409 (self lockout), never offered.
                agrees(
                    &what(&format!("grant {role}")),
                    grantable.iter().any(|r| r == role),
                    status,
                    relation == "own",
                );
            }
            let status = app
                .delete(&format!("{path}/sessions"), &token, None)
                .await
                .status()
                .as_u16();
            agrees(
                &what("end_sessions"),
                offered("end_sessions"),
                status,
                false,
            );
            if relation != "own" {
                let (_, tag_now) = get(&app, &admin, &path).await;
                let status = app
                    .patch(&path, &token, Some(&tag_now), &json!({"active": false}))
                    .await
                    .status()
                    .as_u16();
                agrees(&what("deactivate"), offered("deactivate"), status, false);
            } else {
                assert!(!offered("deactivate"), "{}", what("deactivate own offered"));
            }
            cells += 5;
        }
    }
    assert_eq!(cells, 7 * 3 * 5);
}

async fn alert_and_me_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-1", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let res = app
        .post(
            "/tasks",
            &admin,
            &json!({"resolution_id": resolution, "code": "T1", "title": "Quá hạn",
                    "lead_agency_id": p1, "start_date": day(-60), "due_date": day(-5)}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let task = id(&res.json().await.unwrap());
    assert_eq!(
        app.post("/alerts/evaluate", &admin, &json!({}))
            .await
            .status()
            .as_u16(),
        200
    );
    let alert = {
        let page: Value = app
            .get(&format!("/alerts?task_id={task}&kind=overdue"), &admin)
            .await
            .json()
            .await
            .unwrap();
        id(&page["items"][0])
    };
    for (who, token) in callers(&app, &admin, &p1, "al").await {
        // The alert: offered to acknowledge while open; acknowledged, nobody is offered it again.
        for state in ["open", "acknowledged"] {
            app.exec(&format!(
                "UPDATE alerts SET status = '{state}' WHERE id = '{alert}'"
            ));
            let page: Value = app
                .get(&format!("/alerts?task_id={task}&status={state}"), &token)
                .await
                .json()
                .await
                .unwrap();
            let offered = page["items"][0]["actions"]["acknowledge"]
                .as_bool()
                .unwrap();
            let status = app
                .post(&format!("/alerts/{alert}/acknowledge"), &token, &json!({}))
                .await
                .status()
                .as_u16();
            agrees(
                &format!("{who}: acknowledge an {state} alert"),
                offered,
                status,
                state == "acknowledged",
            );
            assert!(state == "open" || !offered);
        }
        // What the caller may do at all.
        let me: Value = app.get("/me", &token).await.json().await.unwrap();
        let overall = &me["actions"];
        let can = |a: &str| overall[a].as_bool().unwrap();
        let status = app
            .post("/alerts/evaluate", &token, &json!({}))
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{who}: evaluate"),
            can("evaluate_alerts"),
            status,
            false,
        );
        let status = app.get("/api-keys", &token).await.status().as_u16();
        agrees(
            &format!("{who}: list keys"),
            can("manage_api_keys"),
            status,
            false,
        );
        let status = app
            .get("/tasks?awaiting_decision=true", &token)
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{who}: the tasks waiting for a decision"),
            can("decide_tasks"),
            status,
            false,
        );
        let status = app.get("/audit", &token).await.status().as_u16();
        agrees(
            &format!("{who}: read audit"),
            can("read_audit"),
            status,
            false,
        );
        let code = format!("R-{}", who.replace(' ', "-"));
        let status = app
            .post(
                "/resolutions",
                &token,
                &json!({"code": code, "title": "Mới", "owner_agency_id": p1}),
            )
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{who}: plan resolutions"),
            can("plan_resolutions"),
            status,
            false,
        );
        let status = app
            .post(
                "/users",
                &token,
                &json!({"username": format!("new.{}", who.replace(' ', "_")), "display_name": "Mới",
                        "agency_id": p1, "roles": ["viewer"], "password": "Rừng-cọ-đồi-chè-2026!"}),
            )
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{who}: create a login"),
            can("manage_users"),
            status,
            false,
        );
        let kinds: Vec<&str> = overall["import_kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        for kind in [
            "agencies",
            "tasks",
            "indicators",
            "indicator-values",
            "reorganisation",
        ] {
            let status = app
                .post(&format!("/imports/{kind}?dry_run=true"), &token, &json!([]))
                .await
                .status()
                .as_u16();
            // An empty file is refused (422) by whoever may import it.
            agrees(
                &format!("{who}: import {kind}"),
                kinds.contains(&kind),
                status,
                false,
            );
        }
    }
}

/// An indicator owned by the caller's agency, by one below it (a commune of the province) and by
/// one above it (the centre, whose catalogue the province reads): editing and setting targets are
/// offered exactly where the server allows them.
async fn indicator_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let mut cells = 0;
    for (who, token) in callers(&app, &admin, &p1, "in").await {
        let tag = who.replace(' ', "_").to_uppercase();
        let own = if who == "national admin" { &root } else { &p1 };
        for (relation, owner) in [("own", own), ("child", &c1), ("parent", &root)] {
            if relation == "parent" && own == &root {
                continue;
            }
            let what = |a: &str| format!("{who} on {relation}: {a}");
            let res = app
                .post(
                    "/indicators",
                    &admin,
                    &json!({"code": format!("K_{tag}_{}", relation.to_uppercase()), "name": "Chỉ tiêu",
                            "group": "output", "unit": "%", "value_type": "percent",
                            "direction": "increase", "aggregation": "average",
                            "frequency": "yearly", "owner_agency_id": owner}),
                )
                .await;
            assert_eq!(res.status().as_u16(), 201, "{}", what("fixture"));
            let ind = id(&res.json().await.unwrap());
            let (seen, tag_now) = get(&app, &token, &format!("/indicators/{ind}")).await;
            let actions = seen["actions"].clone();
            let status = app
                .patch(
                    &format!("/indicators/{ind}"),
                    &token,
                    Some(&tag_now),
                    &json!({"name": format!("Đổi bởi {who}")}),
                )
                .await
                .status()
                .as_u16();
            agrees(
                &what("edit"),
                actions["edit"].as_bool().unwrap(),
                status,
                false,
            );
            let status = app
                .put(
                    &format!("/indicators/{ind}/targets"),
                    &token,
                    &json!({"interim": [{"period": "2030", "value": 90}]}),
                )
                .await
                .status()
                .as_u16();
            agrees(
                &what("set_targets"),
                actions["set_targets"].as_bool().unwrap(),
                status,
                false,
            );
            cells += 2;
        }
    }
    assert_eq!(cells, 2 * 2 + 6 * 3 * 2);
}

/// A status the code does not know, stored by someone else (a hand-edited database, a newer
/// version): an error with a request id, never read as some default.
async fn unknown_stored_statuses_are_errors(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    app.exec(&format!(
        "UPDATE agencies SET status = 'sleeping' WHERE id = '{p1}'"
    ));
    let body =
        crate::helpers::problem(app.get(&format!("/agencies/{p1}"), &admin).await, 500).await;
    assert_eq!(body["code"], "internal_error");
    assert!(!body["detail"].as_str().unwrap().contains("sleeping"));
    crate::helpers::problem(app.get("/agencies", &admin).await, 500).await;
    app.exec(&format!(
        "UPDATE agencies SET status = 'active' WHERE id = '{p1}'"
    ));
    assert_eq!(
        app.get(&format!("/agencies/{p1}"), &admin)
            .await
            .status()
            .as_u16(),
        200
    );
}

crate::on_both_backends!(
    indicator_actions_match_the_server,
    unknown_stored_statuses_are_errors,
    agency_actions_match_the_server,
    user_actions_match_the_server,
    alert_and_me_actions_match_the_server
);
