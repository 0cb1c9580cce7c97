//! Reorganisation beyond a single merge: undoing a merge, dissolving, plans of many steps as one
//! all-or-nothing import, and the hierarchy as it was on a date (`?as_of=`).

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{day, id, problem, TestApp};

async fn agency(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/agencies/{id}"), token)
        .await
        .json()
        .await
        .unwrap()
}

async fn plan(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(&format!("/imports/reorganisation?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

/// The state a reorganisation changes, to compare before and after.
async fn snapshot(app: &TestApp, token: &str) -> Value {
    let agencies: Value = app
        .get("/agencies?limit=500", token)
        .await
        .json()
        .await
        .unwrap();
    let tasks: Value = app
        .get("/tasks?limit=500", token)
        .await
        .json()
        .await
        .unwrap();
    let users: Value = app
        .get("/users?limit=500", token)
        .await
        .json()
        .await
        .unwrap();
    let strip = |list: &Value, keys: &[&str]| -> Value {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                keys.iter()
                    .map(|k| (k.to_string(), o[*k].clone()))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            })
            .collect::<Vec<Value>>()
            .into()
    };
    json!({
        "agencies": strip(&agencies, &["id", "parent_id", "depth", "status", "merged_into_id"]),
        "tasks": strip(&tasks, &["id", "lead_agency_id", "coordinating_agency_ids", "status"]),
        "users": strip(&users, &["id", "agency_id"]),
    })
}

async fn undo_a_merge_while_nothing_was_written(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let a = id(&app.agency(&admin, "A", "commune", &p).await);
    let b = id(&app.agency(&admin, "B", "commune", &p).await);
    let c = id(&app.agency(&admin, "C", "commune", &p).await);
    let hamlet = id(&app.agency(&admin, "A1", "other", &a).await);
    let a_user = id(&app.user(&admin, "a.reporter", &a, &["reporter"]).await);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "R", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let task = |code: &str, lead: &str, coordinators: Vec<&str>| {
        json!({"resolution_id": resolution, "code": code, "title": code, "lead_agency_id": lead,
               "coordinating_agency_ids": coordinators, "start_date": day(-10), "due_date": day(100)})
    };
    let led = id(&app
        .post("/tasks", &admin, &task("LED", &a, vec![]))
        .await
        .json()
        .await
        .unwrap());
    let coordinated = id(&app
        .post("/tasks", &admin, &task("COORD", &c, vec![&a]))
        .await
        .json()
        .await
        .unwrap());
    let before = snapshot(&app, &admin).await;
    let audit_before = app.count("audit_log");

    let res = app
        .post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_ne!(
        snapshot(&app, &admin).await,
        before,
        "the merge moved things"
    );
    let merged = agency(&app, &admin, &a).await;
    assert_eq!(merged["status"], "merged");
    let t: Value = app
        .get(&format!("/tasks/{coordinated}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["coordinating_agency_ids"], json!([b]));

    // Only administrators undo, and an agency admin of the province is not one.
    let province_admin = app
        .user_token(&admin, "p.agency_admin", &p, &["agency_admin"])
        .await;
    let undo = format!("/agencies/{a}/merge/undo");
    problem(
        app.request(Method::POST, &undo, Some(&province_admin), None)
            .await,
        403,
    )
    .await;
    let res = app.request(Method::POST, &undo, Some(&admin), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["tasks_returned"], 1);
    assert_eq!(report["users_returned"], 1);
    assert_eq!(report["child_agencies_returned"], 1);
    // Everything is where it was (the province admin created in between lives in P, unaffected).
    let mut after = snapshot(&app, &admin).await;
    after["users"]
        .as_array_mut()
        .unwrap()
        .retain(|u| u["agency_id"] != p.as_str() || u["id"] == a_user.as_str());
    assert_eq!(
        after, before,
        "the undo returns exactly what the merge moved"
    );
    let hamlet_row = agency(&app, &admin, &hamlet).await;
    assert_eq!(hamlet_row["parent_id"], a.as_str());
    let led_row: Value = app
        .get(&format!("/tasks/{led}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(led_row["lead_agency_id"], a.as_str());
    let audit: Value = app
        .get(&format!("/audit?entity_id={a}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "undo_merge", "{audit}");
    assert!(app.count("audit_log") > audit_before);
    // Nothing left to undo.
    problem(
        app.request(Method::POST, &undo, Some(&admin), None).await,
        409,
    )
    .await;
    app.assert_aggregates_consistent();

    // Merged again, then the successor gets a new task: the merge can no longer be undone, and
    // the refused undo changes nothing.
    let res = app
        .post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.post("/tasks", &admin, &task("NEW", &b, vec![])).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let merged_state = snapshot(&app, &admin).await;
    // (The undo is also refused when the former parent is gone: see below.)
    let body = problem(
        app.request(Method::POST, &undo, Some(&admin), None).await,
        409,
    )
    .await;
    assert_eq!(body["code"], "written_since");
    assert_eq!(snapshot(&app, &admin).await, merged_state);
    app.assert_aggregates_consistent();
}

async fn dissolving_needs_nothing_open(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let d = id(&app.agency(&admin, "D", "department", &p).await);
    let user = id(&app.user(&admin, "d.viewer", &d, &["viewer"]).await);
    let res = app
        .request(
            Method::POST,
            &format!("/agencies/{d}/dissolve"),
            Some(&admin),
            None,
        )
        .await;
    let body = problem(res, 409).await;
    assert_eq!(body["code"], "still_open");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("1 active user account"),
        "{body}"
    );
    assert_eq!(agency(&app, &admin, &d).await["status"], "active");
    // The account is moved away; then the department can go.
    let res = app
        .patch(
            &format!("/users/{user}"),
            &admin,
            None,
            &json!({"agency_id": p}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let viewer = app.user_token(&admin, "p.viewer", &p, &["viewer"]).await;
    problem(
        app.request(
            Method::POST,
            &format!("/agencies/{d}/dissolve"),
            Some(&viewer),
            None,
        )
        .await,
        403,
    )
    .await;
    let res = app
        .request(
            Method::POST,
            &format!("/agencies/{d}/dissolve"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let row: Value = res.json().await.unwrap();
    assert_eq!(row["status"], "dissolved");
    // Kept, with its history; no longer a target of anything.
    assert_eq!(agency(&app, &admin, &d).await["status"], "dissolved");
    let res = app
        .post(
            &format!("/agencies/{d}/merge"),
            &admin,
            &json!({"into_id": p}),
        )
        .await;
    assert_eq!(problem(res, 409).await["code"], "not_active");
    let other = id(&app.agency(&admin, "E", "department", &p).await);
    let res = app
        .post(
            &format!("/agencies/{other}/merge"),
            &admin,
            &json!({"into_id": d}),
        )
        .await;
    assert_eq!(problem(res, 409).await["code"], "not_active");
    let audit: Value = app
        .get(&format!("/audit?entity_id={d}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "dissolve");

    // A merged agency cannot come back under a parent dissolved since.
    let q = id(&app.agency(&admin, "Q", "province", &root).await);
    let x = id(&app.agency(&admin, "QX", "commune", &q).await);
    let y = id(&app.agency(&admin, "QY", "commune", &root).await);
    let res = app
        .post(
            &format!("/agencies/{x}/merge"),
            &admin,
            &json!({"into_id": y}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .request(
            Method::POST,
            &format!("/agencies/{q}/dissolve"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .request(
            Method::POST,
            &format!("/agencies/{x}/merge/undo"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(problem(res, 409).await["code"], "parent_not_active");
    assert_eq!(agency(&app, &admin, &x).await["status"], "merged");
}

async fn a_plan_is_applied_whole_or_not_at_all(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    // Three provinces become one; a district level disappears (its communes move up).
    let hg = id(&app.agency(&admin, "HG", "province", &root).await);
    let tq = id(&app.agency(&admin, "TQ", "province", &root).await);
    let district = id(&app.agency(&admin, "HG_D1", "other", &hg).await);
    let x1 = id(&app.agency(&admin, "X1", "commune", &district).await);
    let x2 = id(&app.agency(&admin, "X2", "commune", &district).await);
    let empty = id(&app.agency(&admin, "TQ_OLD", "department", &tq).await);
    let good = "action,agency_code,target_code\n\
                move,X1,HG\n\
                move,X2,HG\n\
                dissolve,HG_D1,\n\
                merge,HG,TQ\n\
                dissolve,TQ_OLD,\n";
    let before = snapshot(&app, &admin).await;
    let audit_before = app.count("audit_log");

    // A preview reports every step and changes nothing.
    let (status, result) = plan(&app, &admin, good, true).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["status"], "validated", "{result}");
    assert_eq!(result["counts"]["updated"], 5, "{result}");
    assert_eq!(snapshot(&app, &admin).await, before);

    // One bad step (the district still has a commune when it is dissolved; an unknown code)
    // rejects the whole plan, naming the rows.
    let bad = "action,agency_code,target_code\n\
               move,X1,HG\n\
               dissolve,HG_D1,\n\
               merge,HG,NOPE\n\
               promote,TQ,\n";
    let (status, result) = plan(&app, &admin, bad, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{result}");
    assert_eq!(result["status"], "rejected");
    let errors = result["errors"].as_array().unwrap();
    let at = |row: u64| errors.iter().find(|e| e["row"] == row).cloned();
    assert_eq!(at(3).unwrap()["code"], "still_open", "{result}");
    assert_eq!(at(4).unwrap()["field"], "target_code", "{result}");
    assert_eq!(at(5).unwrap()["field"], "action", "{result}");
    assert_eq!(
        snapshot(&app, &admin).await,
        before,
        "a rejected plan leaves nothing"
    );
    assert_eq!(app.count("audit_log"), audit_before, "nor audit rows");

    let (status, result) = plan(&app, &admin, good, false).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["status"], "applied");
    assert_eq!(agency(&app, &admin, &x1).await["parent_id"], tq.as_str());
    assert_eq!(agency(&app, &admin, &district).await["status"], "dissolved");
    let merged = agency(&app, &admin, &hg).await;
    assert_eq!(merged["status"], "merged");
    assert_eq!(merged["merged_into_id"], tq.as_str());
    assert_eq!(
        agency(&app, &admin, &x2).await["parent_id"],
        tq.as_str(),
        "communes follow the merge"
    );
    assert_eq!(agency(&app, &admin, &empty).await["status"], "dissolved");
    // Plans are not exported (they are changes, not a state).
    problem(app.get("/exports/reorganisation", &admin).await, 404).await;
    app.assert_aggregates_consistent();
}

async fn the_tree_as_it_was(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let hg = id(&app.agency(&admin, "HG", "province", &root).await);
    let tq = id(&app.agency(&admin, "TQ", "province", &root).await);
    let x = id(&app.agency(&admin, "X", "commune", &hg).await);
    // These agencies have existed since 2020 (their recorded history starts then).
    {
        use restrack::db::schema::agency_versions;
        let mut conn = app.db.get().unwrap();
        let since = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        diesel::update(agency_versions::table)
            .set(agency_versions::valid_from.eq(since))
            .execute(&mut *conn)
            .unwrap();
    }
    let res = app
        .patch(
            &format!("/agencies/{tq}"),
            &admin,
            Some(&crate::helpers::etag(
                &app.get(&format!("/agencies/{tq}"), &admin).await,
            )),
            &json!({"name": "Tỉnh Tuyên Quang (mới)"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(
            &format!("/agencies/{hg}/merge"),
            &admin,
            &json!({"into_id": tq}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let yesterday = day(-1);
    let today = day(0);
    // Yesterday: two provinces, the commune in the first, the old name.
    let then: Value = app
        .get(
            &format!("/agencies?parent_id={root}&as_of={yesterday}"),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<(&str, &str)> = then["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["code"].as_str().unwrap(), a["status"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, vec![("HG", "active"), ("TQ", "active")]);
    assert_eq!(then["items"][1]["name"], "Cơ quan TQ");
    let tree: Value = app
        .get(&format!("/agencies/{hg}/tree?as_of={yesterday}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tree["status"], "active");
    assert_eq!(tree["children"][0]["id"], x.as_str());
    let one: Value = app
        .get(&format!("/agencies/{x}?as_of={yesterday}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["parent_id"], hg.as_str());
    assert_eq!(one["depth"], 2);
    // Today: one province, the merged one and the commune below it, the new name.
    let now: Value = app
        .get(&format!("/agencies/{tq}/tree?as_of={today}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["name"], "Tỉnh Tuyên Quang (mới)");
    let kids: Vec<&str> = now["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(kids, vec!["HG", "X"]);
    let merged = agency(&app, &admin, &hg).await;
    let same: Value = app
        .get(&format!("/agencies/{hg}?as_of={today}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(same["status"], merged["status"]);
    assert_eq!(same["parent_id"], merged["parent_id"]);
    // Before 2020 none of them existed.
    problem(
        app.get(&format!("/agencies/{x}?as_of=2019-12-31"), &admin)
            .await,
        404,
    )
    .await;
    problem(
        app.get(&format!("/agencies/{hg}/tree?as_of=2019-12-31"), &admin)
            .await,
        404,
    )
    .await;
    // A commune user sees its own subtree's past only; a bad date is a named 400.
    let x_viewer = app.user_token(&admin, "x.viewer", &x, &["viewer"]).await;
    problem(
        app.get(&format!("/agencies/{hg}?as_of={yesterday}"), &x_viewer)
            .await,
        404,
    )
    .await;
    let body = problem(app.get("/agencies?as_of=2025-13-01", &admin).await, 400).await;
    assert!(body.to_string().contains("as_of"), "{body}");
}

/// Dashboards `?as_of=`: yesterday's summary and scorecard are what they showed yesterday, after a
/// merge, a completed task and a new figure today; today's equal the live ones.
async fn dashboards_as_they_were(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let a = id(&app.agency(&admin, "A", "commune", &p).await);
    let b = id(&app.agency(&admin, "B", "commune", &p).await);
    let a_reporter = app
        .user_token(&admin, "a.reporter", &a, &["reporter"])
        .await;
    let b_reporter = app
        .user_token(&admin, "b.reporter", &b, &["reporter"])
        .await;
    let approver = app
        .user_token(&admin, "p.approver", &p, &["approver"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "R", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let mut tasks = Vec::new();
    for (code, lead, due) in [("T1", &a, 100), ("T2", &a, -5), ("T3", &b, 100)] {
        let res = app
            .post(
                "/tasks",
                &admin,
                &json!({"resolution_id": resolution, "code": code, "title": code, "lead_agency_id": lead,
                        "start_date": day(-200), "due_date": day(due), "weight": 2.0}),
            )
            .await;
        tasks.push(id(&res.json().await.unwrap()));
    }
    let res = app
        .post(
            "/indicators",
            &admin,
            &json!({"code": "ONLINE", "name": "Hồ sơ trực tuyến", "group": "output", "unit": "%",
                    "value_type": "percent", "direction": "increase", "aggregation": "average",
                    "frequency": "yearly", "owner_agency_id": p, "reporting_agency_kind": "commune",
                    "target_value": 80, "target_period": "2030"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let ind = id(&res.json().await.unwrap());
    let figure = |token: String, agency: String, period: &'static str, v: f64| {
        let app = &app;
        let (ind, approver) = (ind.clone(), approver.clone());
        async move {
            let res = app
                .post(
                    &format!("/indicators/{ind}/values"),
                    &token,
                    &json!({"agency_id": agency, "period": period, "value": v, "submit": true}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
            let v = id(&res.json().await.unwrap());
            let res = app
                .request(
                    Method::POST,
                    &format!("/values/{v}/approve"),
                    Some(&approver),
                    None,
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    };
    figure(a_reporter.clone(), a.clone(), "2023", 90.0).await;
    figure(b_reporter.clone(), b.clone(), "2023", 40.0).await;
    app.request(Method::POST, "/alerts/evaluate", Some(&admin), None)
        .await;
    // All of that has been there since 2024.
    {
        let mut conn = app.db.get().unwrap();
        for sql in [
            "UPDATE agency_versions SET valid_from = '2024-01-01 00:00:00'",
            "UPDATE task_versions SET valid_from = '2024-01-01 00:00:00'",
            "UPDATE indicator_values SET created_at = '2024-01-02 00:00:00', \
             submitted_at = '2024-01-02 00:00:00', approved_at = '2024-01-03 00:00:00'",
            "UPDATE alerts SET raised_at = '2024-01-04 00:00:00'",
        ] {
            diesel::sql_query(sql).execute(&mut *conn).unwrap();
        }
    }
    let summary = |query: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let res = app
                .get(&format!("/dashboard/summary?{query}"), &admin)
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{query}");
            res.json::<Value>().await.unwrap()
        }
    };
    let scorecard = |query: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let res = app
                .get(&format!("/dashboard/agencies?{query}"), &admin)
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{query}");
            res.json::<Value>().await.unwrap()
        }
    };
    let before = summary(format!("agency_id={p}")).await;
    let before_cards = scorecard(format!("parent_id={p}")).await;
    assert_eq!(before["tasks"]["total"], 3);
    assert_eq!(before["kpis"]["series"], 2, "{before}");
    let yesterday = day(-1);
    // The evaluation is classified on the `as_of` day; everything else is the live summary.
    let without_day = |mut s: Value| {
        s["evaluation"]["as_of"] = Value::Null;
        s
    };
    let then = summary(format!("agency_id={p}&as_of={yesterday}")).await;
    assert_eq!(then["evaluation"]["as_of"], yesterday);
    assert_eq!(
        without_day(then),
        without_day(before.clone()),
        "as_of yesterday, before anything changed, is the live summary"
    );
    assert_eq!(
        scorecard(format!("parent_id={p}&as_of={yesterday}")).await,
        before_cards
    );

    // Today: A merges into B, T3 is completed, B reports a better figure.
    let res = app
        .post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let tag = crate::helpers::etag(&app.get(&format!("/tasks/{}", tasks[2]), &admin).await);
    let res = app
        .patch(
            &format!("/tasks/{}", tasks[2]),
            &admin,
            Some(&tag),
            &json!({"status": "completed"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    figure(b_reporter.clone(), b.clone(), "2024", 85.0).await;
    let now = summary(format!("agency_id={p}")).await;
    assert_ne!(now, before);
    assert_eq!(now["tasks"]["completed"], 1);
    assert_eq!(
        summary(format!("agency_id={p}&as_of={}", day(0))).await,
        now
    );
    assert_eq!(
        scorecard(format!("parent_id={p}&as_of={}", day(0))).await,
        scorecard(format!("parent_id={p}")).await
    );
    // Yesterday is still yesterday: A was there with its tasks and its figure, and T3 (completed
    // today) was not completed yet for the evaluation either.
    assert_eq!(
        without_day(summary(format!("agency_id={p}&as_of={yesterday}")).await),
        without_day(before)
    );
    let cards = scorecard(format!("parent_id={p}&as_of={yesterday}")).await;
    assert_eq!(cards, before_cards);
    assert_eq!(
        cards.as_array().unwrap().len(),
        2,
        "A and B were both there"
    );
    let a_then = summary(format!("agency_id={a}&as_of={yesterday}")).await;
    assert_eq!(a_then["tasks"]["total"], 2);
    // Before 2024 nothing existed; trend and data quality do not take as_of.
    problem(
        app.get(
            &format!("/dashboard/summary?agency_id={p}&as_of=2023-06-30"),
            &admin,
        )
        .await,
        404,
    )
    .await;
    let body = problem(
        app.get(
            &format!("/dashboard/trend?agency_id={p}&as_of={yesterday}"),
            &admin,
        )
        .await,
        400,
    )
    .await;
    assert!(body.to_string().contains("as_of"), "{body}");
}

crate::on_both_backends!(
    dashboards_as_they_were,
    undo_a_merge_while_nothing_was_written,
    dissolving_needs_nothing_open,
    a_plan_is_applied_whole_or_not_at_all,
    the_tree_as_it_was,
);
