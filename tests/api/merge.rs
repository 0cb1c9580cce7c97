use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{day, id, problem, quarter, TestApp, USER_PASSWORD};

/// Two communes of one province merge; the first disappears into the second.
async fn merging_communes_moves_open_work_and_keeps_history(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let a = id(&app.agency(&admin, "P-A", "commune", &p).await);
    let b = id(&app.agency(&admin, "P-B", "commune", &p).await);
    let hamlet = id(&app.agency(&admin, "P-A-1", "other", &a).await);
    let planner = app.user_token(&admin, "planner", &root, &["planner"]).await;
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
            &planner,
            &json!({"code": "R", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let mk = |code: &str, lead: &str| json!({"resolution_id": resolution, "code": code, "title": code, "lead_agency_id": lead, "start_date": day(-100), "due_date": day(100)});
    let open = id(&app
        .post("/tasks", &planner, &mk("OPEN", &a))
        .await
        .json()
        .await
        .unwrap());
    let done: Value = app
        .post("/tasks", &planner, &mk("DONE", &a))
        .await
        .json()
        .await
        .unwrap();
    let tag = crate::helpers::etag(&app.get(&format!("/tasks/{}", id(&done)), &admin).await);
    app.patch(
        &format!("/tasks/{}", id(&done)),
        &planner,
        Some(&tag),
        &json!({"status": "completed"}),
    )
    .await;
    let mut coordinated = mk("COORD", &p);
    coordinated["coordinating_agency_ids"] = json!([a]);
    let coord = id(&app
        .post("/tasks", &planner, &coordinated)
        .await
        .json()
        .await
        .unwrap());
    let res = app
        .post("/indicators", &planner, &json!({"code": "K", "name": "K", "group": "output", "value_type": "number", "direction": "increase", "aggregation": "sum", "frequency": "quarterly", "owner_agency_id": p, "reporting_agency_ids": [a, b]}))
        .await;
    let kpi = id(&res.json().await.unwrap());
    for (who, agency, period, v) in [
        (&a_reporter, &a, quarter(2), 10.0),
        (&a_reporter, &a, quarter(1), 20.0),
        (&b_reporter, &b, quarter(1), 5.0),
    ] {
        let created: Value = app
            .post(
                &format!("/indicators/{kpi}/values"),
                who,
                &json!({"agency_id": agency, "period": period, "value": v, "submit": true}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            app.post(
                &format!("/values/{}/approve", id(&created)),
                &approver,
                &json!({})
            )
            .await
            .status(),
            StatusCode::OK
        );
    }
    // Preview: what would move, what overlaps; nothing changes.
    let before = (app.count("audit_log"), app.count("tasks"));
    let res = app
        .post(
            &format!("/agencies/{a}/merge?dry_run=true"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview: Value = res.json().await.unwrap();
    assert_eq!(
        (
            preview["tasks_moved"].as_i64(),
            preview["closed_tasks_kept"].as_i64(),
            preview["coordinations_moved"].as_i64(),
            preview["users_moved"].as_i64(),
            preview["child_agencies_moved"].as_i64(),
            preview["values_kept"].as_i64()
        ),
        (Some(1), Some(1), Some(1), Some(1), Some(1), Some(2))
    );
    assert_eq!(preview["conflicts"][0]["period"], quarter(1));
    assert_eq!(preview["conflicts"].as_array().unwrap().len(), 1);
    assert_eq!((app.count("audit_log"), app.count("tasks")), before);
    let still: Value = app
        .get(&format!("/agencies/{a}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["status"], "active");
    // Who may merge, and into what.
    let a_admin = app
        .user_token(&admin, "a.admin", &a, &["agency_admin"])
        .await;
    problem(
        app.post(
            &format!("/agencies/{a}/merge"),
            &a_admin,
            &json!({"into_id": b}),
        )
        .await,
        422,
    )
    .await;
    problem(
        app.post(
            &format!("/agencies/{a}/merge"),
            &planner,
            &json!({"into_id": b}),
        )
        .await,
        403,
    )
    .await;
    problem(
        app.post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": hamlet}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        app.count("audit_log"),
        before.0 + 2,
        "only the new account and its login were recorded"
    );
    // Merge.
    let res = app
        .post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let merged: Value = app
        .get(&format!("/agencies/{a}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            merged["status"].as_str(),
            merged["merged_into_id"].as_str(),
            merged["parent_id"].as_str()
        ),
        (Some("merged"), Some(b.as_str()), Some(b.as_str()))
    );
    let open_now: Value = app
        .get(&format!("/tasks/{open}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open_now["lead_agency_id"], b.as_str(), "open work moves");
    let done_now: Value = app
        .get(&format!("/tasks/{}", id(&done)), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        done_now["lead_agency_id"],
        a.as_str(),
        "closed work stays with its author"
    );
    let coord_now: Value = app
        .get(&format!("/tasks/{coord}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(coord_now["coordinating_agency_ids"], json!([b]));
    let hamlet_now: Value = app
        .get(&format!("/agencies/{hamlet}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hamlet_now["parent_id"], b.as_str());
    // The moved user now works for the successor, and sees the predecessor's history.
    let me: Value = app.get("/me", &a_reporter).await.json().await.unwrap();
    assert_eq!(me["agency"]["code"], "P-B");
    let list: Value = app.get("/tasks", &a_reporter).await.json().await.unwrap();
    assert_eq!(list["total"], 3, "OPEN, the predecessor's DONE, and COORD");
    // The successor's series combines the predecessor's history with its own figures.
    let series: Value = app
        .get(&format!("/indicators/{kpi}/series?agency_id={b}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    let points: Vec<(String, f64)> = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(points, vec![(quarter(2), 10.0), (quarter(1), 25.0)]);
    let values: Value = app
        .get(&format!("/indicators/{kpi}/values?agency_id={a}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        values["total"], 2,
        "approved values stay attributed to the predecessor"
    );
    // The successor now reports; the merged agency no longer does.
    let res = app
        .post(
            &format!("/indicators/{kpi}/values"),
            &a_reporter,
            &json!({"agency_id": b, "period": quarter(0), "value": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &format!("/indicators/{kpi}/values"),
            &a_reporter,
            &json!({"agency_id": a, "period": quarter(0), "value": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A merged agency cannot merge again, nor lead new work.
    problem(
        app.post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": p}),
        )
        .await,
        409,
    )
    .await;
    let res = app.post("/tasks", &planner, &mk("NEW", &a)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let history: Value = app
        .get(&format!("/audit?entity_type=agency&entity_id={a}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["items"][0]["action"], "merge");
    let _ = USER_PASSWORD;
    app.assert_aggregates_consistent();
}

crate::on_both_backends!(merging_communes_moves_open_work_and_keeps_history);
