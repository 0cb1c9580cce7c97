//! What a leader reads against the schedule: each task's expected progress, days overdue and latest
//! obstacles; a resolution's expected progress and health; the ranking's health counts and each
//! agency's health by the share of its open tasks behind (not by absolute progress).

use serde_json::{json, Value};

use crate::helpers::{day, id, quarter, TestApp};

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, token).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.json().await.unwrap()
}

async fn task(
    app: &TestApp,
    token: &str,
    resolution: &str,
    code: &str,
    lead: &str,
    start: i64,
    due: i64,
) -> String {
    let res = app
        .post(
            "/tasks",
            token,
            &json!({"resolution_id": resolution, "code": code, "title": format!("Nhiệm vụ {code}"),
                    "lead_agency_id": lead, "start_date": day(start), "due_date": day(due)}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    id(&res.json().await.unwrap())
}

async fn report(app: &TestApp, token: &str, task: &str, progress: f64, obstacles: &str) {
    let res = app
        .post(
            &format!("/tasks/{task}/reports"),
            token,
            &json!({"period": quarter(0), "progress": progress, "narrative": "Báo cáo định kỳ",
                    "obstacles": obstacles}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
}

async fn schedule_and_obstacles_are_shown_where_a_leader_looks(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-57", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    // Half of its time has passed: 50 % expected; 20 % reported is 30 points behind (off track).
    let halfway = task(&app, &admin, &resolution, "NQ-57.1", &p1, -50, 50).await;
    // Ten days past its due date and still open.
    let late = task(&app, &admin, &resolution, "NQ-57.2", &p1, -100, -10).await;
    // P2's only task is on schedule: a fifth of its time passed and a quarter done.
    let fine = task(&app, &admin, &resolution, "NQ-57.3", &p2, -20, 80).await;
    report(
        &app,
        &reporter,
        &halfway,
        20.0,
        "  Thiếu kinh phí đối ứng  ",
    )
    .await;
    let p2_reporter = app
        .user_token(&admin, "p2.reporter", &p2, &["reporter"])
        .await;
    report(&app, &p2_reporter, &fine, 25.0, "").await;

    let t = get(&app, &admin, &format!("/tasks/{halfway}")).await;
    assert_eq!(t["expected_progress"], json!(50.0));
    assert_eq!(t["health"], "off_track");
    assert_eq!(t["days_overdue"], Value::Null);
    assert_eq!(t["latest_obstacles"], "Thiếu kinh phí đối ứng");
    let t = get(&app, &admin, &format!("/tasks/{late}")).await;
    assert_eq!(
        (t["days_overdue"].clone(), t["expected_progress"].clone()),
        (json!(10), json!(100.0))
    );
    assert_eq!(t["latest_obstacles"], Value::Null, "no report yet");

    // The overdue list carries the days and the obstacles too (one read for the page).
    let page = get(
        &app,
        &admin,
        &format!("/tasks?resolution_id={resolution}&sort=code"),
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["latest_obstacles"], "Thiếu kinh phí đối ứng");
    assert_eq!(items[1]["days_overdue"], 10);
    assert_eq!(
        items[2]["latest_obstacles"],
        Value::Null,
        "an empty obstacle is none"
    );

    // The resolution: (20 + 0 + 25) / 3 = 15 % done against (50 + 100 + 20) / 3 ≈ 56,7 % expected.
    let r = get(&app, &admin, &format!("/resolutions/{resolution}")).await;
    assert_eq!(r["progress"], json!(15.0));
    assert_eq!(r["expected_progress"], json!(56.7));
    assert_eq!(r["health"], "off_track");
    let list = get(&app, &admin, "/resolutions").await;
    let listed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == resolution.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            listed["expected_progress"].clone(),
            listed["health"].clone()
        ),
        (json!(56.7), json!("off_track"))
    );

    // The ranking: P1 has one task off track and one overdue of two open (overdue decides); P2 is on track.
    let rows = get(
        &app,
        &admin,
        &format!("/dashboard/agencies?parent_id={root}"),
    )
    .await;
    let row = |code: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()
            .clone()
    };
    let p1_row = row("P1");
    assert_eq!(
        (
            p1_row["off_track"].clone(),
            p1_row["overdue"].clone(),
            p1_row["on_track"].clone()
        ),
        (json!(1), json!(1), json!(0))
    );
    assert_eq!(p1_row["health"], "overdue");
    assert_eq!(row("P2")["health"], "on_track");
    assert_eq!(row("P2")["on_track"], 1);

    // A later report without obstacles clears them.
    report(&app, &reporter, &halfway, 45.0, "").await;
    let t = get(&app, &admin, &format!("/tasks/{halfway}")).await;
    assert_eq!(
        (t["latest_obstacles"].clone(), t["health"].clone()),
        (Value::Null, json!("on_track"))
    );
}

/// An approver weighs a figure against its series' target for the period and the previous counted
/// figure, both carried by the figure itself (the queue needs no second read).
async fn approver_sees_the_target_and_the_previous_figure(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let planner = app.user_token(&admin, "planner", &root, &["planner"]).await;
    let reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    let approver = app
        .user_token(&admin, "p1.approver", &p1, &["approver"])
        .await;
    let res = app
        .post("/indicators", &planner, &json!({"code": "CT", "name": "Chỉ tiêu CT", "group": "outcome", "value_type": "number", "direction": "increase", "aggregation": "sum", "frequency": "quarterly", "owner_agency_id": p1}))
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    let kpi = id(&res.json().await.unwrap());
    // The agency's own target wins over the indicator-wide one.
    let res = app
        .put(
            &format!("/indicators/{kpi}/targets"),
            &planner,
            &json!({"interim": [{"period": quarter(0), "value": 40}, {"period": quarter(0), "agency_id": p1, "value": 50}]}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let mut first = String::new();
    for (period, v) in [(quarter(2), 10), (quarter(1), 20)] {
        let created: Value = app
            .post(
                &format!("/indicators/{kpi}/values"),
                &reporter,
                &json!({"agency_id": p1, "period": period, "value": v, "submit": true}),
            )
            .await
            .json()
            .await
            .unwrap();
        if first.is_empty() {
            first = id(&created);
        }
        let res = app
            .post(
                &format!("/values/{}/approve", id(&created)),
                &approver,
                &json!({}),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let res = app
        .post(&format!("/indicators/{kpi}/values"), &reporter, &json!({"agency_id": p1, "period": quarter(0), "value": 30, "note": "Số liệu sơ bộ", "submit": true}))
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);

    let queue = get(&app, &approver, "/values?status=submitted").await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["target"], json!(50.0));
    assert_eq!(
        items[0]["previous"],
        json!({"period": quarter(1), "value": 20.0})
    );
    assert_eq!(items[0]["note"], "Số liệu sơ bộ");
    // The first figure of the series has nothing before it and no target for its period.
    let series = get(
        &app,
        &approver,
        &format!("/indicators/{kpi}/values?agency_id={p1}"),
    )
    .await;
    let oldest = series["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == first.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (oldest["previous"].clone(), oldest["target"].clone()),
        (Value::Null, Value::Null)
    );
}

crate::on_both_backends!(
    schedule_and_obstacles_are_shown_where_a_leader_looks,
    approver_sees_the_target_and_the_previous_figure,
);
