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

crate::on_both_backends!(schedule_and_obstacles_are_shown_where_a_leader_looks,);
