use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{day, etag, id, problem, quarter, TestApp};

struct World {
    admin: String,
    p1: String,
    p2: String,
    planner: String,
    reporter: String,
    resolution: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let planner = app.user_token(&admin, "planner", &root, &["planner"]).await;
    let reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter", "planner"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &planner,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    World {
        admin,
        p1,
        p2,
        planner,
        reporter,
        resolution,
    }
}

async fn task(app: &TestApp, w: &World, code: &str, lead: &str, start: i64, due: i64) -> String {
    let res = app
        .post("/tasks", &w.planner, &json!({"resolution_id": w.resolution, "code": code, "title": format!("Nhiệm vụ {code}"), "lead_agency_id": lead, "start_date": day(start), "due_date": day(due)}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    id(&res.json().await.unwrap())
}

async fn evaluate(app: &TestApp, w: &World) -> Value {
    let res = app.post("/alerts/evaluate", &w.admin, &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn alerts(app: &TestApp, token: &str, query: &str) -> Vec<(String, String, String)> {
    let page: Value = app
        .get(&format!("/alerts?limit=500{query}"), token)
        .await
        .json()
        .await
        .unwrap();
    let mut v: Vec<(String, String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["task_id"]
                    .as_str()
                    .or(a["indicator_id"].as_str())
                    .unwrap_or("")
                    .to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

async fn rules_raise_update_and_resolve(app: TestApp) {
    let w = world(&app).await;
    let late = task(&app, &w, "LATE", &w.p1, -100, -1).await;
    let soon = task(&app, &w, "SOON", &w.p1, -100, 5).await;
    let fine = task(&app, &w, "FINE", &w.p1, -10, 300).await;
    let first = evaluate(&app, &w).await;
    assert_eq!(first["ran"], true);
    let list = alerts(&app, &w.admin, "").await;
    let kinds_of = |t: &str| {
        list.iter()
            .filter(|a| a.1 == t)
            .map(|a| a.0.clone())
            .collect::<Vec<_>>()
    };
    // Both started long ago and never reported for the last quarter: stale reports too.
    assert_eq!(kinds_of(&late), vec!["overdue", "stale_report"]);
    assert_eq!(
        kinds_of(&soon),
        vec!["behind_schedule", "due_soon", "stale_report"]
    );
    assert!(kinds_of(&fine).is_empty());
    // The bottleneck: 2 of the province's 3 open tasks are late or far behind.
    assert!(list.iter().any(|a| a.0 == "bottleneck"));
    // Evaluating again raises nothing new and duplicates nothing.
    let again = evaluate(&app, &w).await;
    assert_eq!(
        (again["raised"].as_i64(), again["resolved"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(alerts(&app, &w.admin, "").await, list);
    // Acknowledge: viewers may not, the agency's staff may; it stays while the condition holds.
    let page: Value = app
        .get(&format!("/alerts?task_id={late}&kind=overdue"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    let alert = page["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(page["items"][0]["severity"], "warning");
    let viewer = app
        .user_token(&w.admin, "p1.viewer", &w.p1, &["viewer"])
        .await;
    problem(
        app.post(&format!("/alerts/{alert}/acknowledge"), &viewer, &json!({}))
            .await,
        403,
    )
    .await;
    let res = app
        .post(
            &format!("/alerts/{alert}/acknowledge"),
            &w.reporter,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    evaluate(&app, &w).await;
    let page: Value = app
        .get(&format!("/alerts?task_id={late}&kind=overdue"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["status"], "acknowledged");
    // Fix the cause: the late task is completed (by its assigner) → its alert is resolved, not
    // deleted.
    let tag = etag(&app.get(&format!("/tasks/{late}"), &w.admin).await);
    let res = app
        .patch(
            &format!("/tasks/{late}"),
            &w.planner,
            Some(&tag),
            &json!({"status": "completed"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let third = evaluate(&app, &w).await;
    assert!(third["resolved"].as_i64().unwrap() >= 1);
    assert!(alerts(&app, &w.admin, "").await.iter().all(|a| a.1 != late));
    let resolved = alerts(&app, &w.admin, "&status=resolved").await;
    assert!(resolved.iter().any(|a| a.1 == late && a.0 == "overdue"));
    problem(
        app.post(
            &format!("/alerts/{alert}/acknowledge"),
            &w.reporter,
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    // Visible by subtree only.
    let p2_viewer = app
        .user_token(&w.admin, "p2.viewer", &w.p2, &["viewer"])
        .await;
    assert!(alerts(&app, &p2_viewer, "").await.is_empty());
    problem(
        app.get(&format!("/alerts?agency_id={}", w.p1), &p2_viewer)
            .await,
        404,
    )
    .await;
    problem(
        app.post("/alerts/evaluate", &w.planner, &json!({})).await,
        403,
    )
    .await;
    app.assert_aggregates_consistent();
}

async fn forecasts_on_constructed_series(app: TestApp) {
    let w = world(&app).await;
    // A task reported at 10% and then 20% one quarter later will not reach 100% in 100 days.
    let slow = task(&app, &w, "SLOW", &w.p1, -300, 100).await;
    for (period, progress) in [(quarter(2), 10), (quarter(1), 20)] {
        let res = app
            .post(
                &format!("/tasks/{slow}/reports"),
                &w.reporter,
                &json!({"period": period, "progress": progress}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // A KPI at 10 then 20 per quarter will not reach 100 a year from now.
    let target_period = {
        let d = Utc::now().date_naive() + Duration::days(365);
        format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
    };
    let res = app
        .post("/indicators", &w.planner, &json!({"code": "K", "name": "Chỉ tiêu", "group": "output", "value_type": "number", "direction": "increase", "aggregation": "sum", "frequency": "quarterly", "owner_agency_id": w.p1, "target_value": 100, "target_period": target_period}))
        .await;
    let kpi = id(&res.json().await.unwrap());
    let approver = app
        .user_token(&w.admin, "approver", &w.p1, &["approver"])
        .await;
    for (period, v) in [(quarter(2), 10), (quarter(1), 20)] {
        let created: Value = app
            .post(
                &format!("/indicators/{kpi}/values"),
                &w.reporter,
                &json!({"agency_id": w.p1, "period": period, "value": v, "submit": true}),
            )
            .await
            .json()
            .await
            .unwrap();
        let res = app
            .post(
                &format!("/values/{}/approve", id(&created)),
                &approver,
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    evaluate(&app, &w).await;
    let page: Value = app
        .get("/alerts?kind=forecast_miss", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    let messages: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("SLOW") && m.contains("dự kiến hoàn thành ngày")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("chỉ tiêu K") && m.contains("dự kiến đạt")),
        "{messages:?}"
    );
    // Vietnamese dates read dd/mm/yyyy; the English sentence says the same with ISO dates.
    let slow = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["message"].as_str().unwrap().contains("SLOW"))
        .unwrap();
    let vi = slow["message"].as_str().unwrap();
    assert!(
        !vi.chars().any(|c| c == '-') && vi.matches('/').count() >= 4,
        "{vi}"
    );
    let en = slow["message_en"].as_str().unwrap();
    assert!(
        en.contains("task SLOW would be completed on 20") && en.contains("after its due date 20"),
        "{en}"
    );
    // An approval waiting too long is a backlog alert, cleared by deciding it.
    let pending: Value = app
        .post(
            &format!("/indicators/{kpi}/values"),
            &w.reporter,
            &json!({"agency_id": w.p1, "period": quarter(0), "value": 25, "submit": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    let pending_id = id(&pending);
    let old = restrack::db::now() - chrono::TimeDelta::days(10);
    app.db
        .run(move |conn| {
            use diesel::prelude::*;
            use restrack::db::schema::indicator_values::dsl::*;
            diesel::update(indicator_values.find(&pending_id))
                .set(submitted_at.eq(Some(old)))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    evaluate(&app, &w).await;
    assert!(alerts(&app, &w.admin, "&kind=approval_backlog").await.len() == 1);
    app.post(
        &format!("/values/{}/approve", id(&pending)),
        &approver,
        &json!({}),
    )
    .await;
    evaluate(&app, &w).await;
    assert!(alerts(&app, &w.admin, "&kind=approval_backlog")
        .await
        .is_empty());
}

async fn concurrent_evaluators_never_duplicate(app: TestApp) {
    let w = world(&app).await;
    for i in 0..5 {
        task(&app, &w, &format!("L{i}"), &w.p1, -100, -(i + 1)).await;
    }
    // The lease: one holder at a time.
    let taken = app
        .db
        .run(|conn| {
            let a = restrack::alerts::acquire_lease(conn, "a")?;
            let b = restrack::alerts::acquire_lease(conn, "b")?;
            Ok((a, b))
        })
        .await
        .unwrap();
    assert_eq!(taken, (true, false));
    problem(
        app.post("/alerts/evaluate", &w.admin, &json!({})).await,
        409,
    )
    .await;
    app.db
        .run(|conn| restrack::alerts::release_lease(conn, "a"))
        .await
        .unwrap();
    // Two evaluators at once, as two instances would: no duplicate alerts, whoever runs.
    let thresholds = restrack::alerts::rules::Thresholds::default();
    let (db1, db2) = (app.db.clone(), app.db.clone());
    let one = tokio::spawn(async move {
        db1.run(move |c| restrack::alerts::evaluate(c, &thresholds, "one"))
            .await
    });
    let two = tokio::spawn(async move {
        db2.run(move |c| restrack::alerts::evaluate(c, &thresholds, "two"))
            .await
    });
    let (one, two) = (one.await.unwrap().unwrap(), two.await.unwrap().unwrap());
    assert!(one.ran || two.ran);
    let list = alerts(&app, &w.admin, "").await;
    let overdue = list.iter().filter(|a| a.0 == "overdue").count();
    assert_eq!(overdue, 5, "{list:?}");
    let mut keys: Vec<_> = list.iter().map(|a| (a.0.clone(), a.1.clone())).collect();
    keys.dedup();
    assert_eq!(
        keys.len(),
        list.len(),
        "one unresolved alert per kind and subject"
    );
}

async fn dashboards_and_reports(app: TestApp) {
    let w = world(&app).await;
    let root = app.root_id(&w.admin).await;
    let c1 = id(&app.agency(&w.admin, "P1-C1", "commune", &w.p1).await);
    let top = task(&app, &w, "T", &w.p1, -100, 200).await;
    let res = app
        .post("/tasks", &w.planner, &json!({"resolution_id": w.resolution, "parent_id": top, "code": "T.1", "title": "Việc <b>xã</b>", "lead_agency_id": c1, "start_date": day(-100), "due_date": day(-3)}))
        .await;
    let late = id(&res.json().await.unwrap());
    task(&app, &w, "U", &w.p2, -10, 100).await;
    let c1_reporter = app
        .user_token(&w.admin, "c1.reporter", &c1, &["reporter"])
        .await;
    app.post(&format!("/tasks/{late}/reports"), &c1_reporter, &json!({"period": quarter(0), "progress": 40, "obstacles": "Thiếu vốn", "proposals": "Bổ sung kinh phí"})).await;
    evaluate(&app, &w).await;
    let s: Value = app
        .get("/dashboard/summary", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (s["tasks"]["total"].as_i64(), s["tasks"]["overdue"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(s["weighted_progress"], 20.0, "T at 40% and U at 0%");
    assert!(s["alerts"]["warning"].as_i64().unwrap() >= 1);
    let p1: Value = app
        .get(&format!("/dashboard/summary?agency_id={}", w.p1), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            p1["tasks"]["total"].as_i64(),
            p1["weighted_progress"].as_f64()
        ),
        (Some(2), Some(40.0))
    );
    let c1s: Value = app
        .get(
            &format!(
                "/dashboard/summary?agency_id={c1}&resolution_id={}",
                w.resolution
            ),
            &c1_reporter,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c1s["tasks"]["total"], 1);
    problem(
        app.get(
            &format!("/dashboard/summary?agency_id={}", w.p1),
            &c1_reporter,
        )
        .await,
        404,
    )
    .await;
    let rows: Value = app
        .get("/dashboard/agencies", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    let ranked: Vec<(&str, i64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap()))
        .collect();
    assert_eq!(ranked, vec![("P1", 1), ("P2", 2)]);
    assert_eq!(rows[0]["overdue"], 1);
    let trend: Value = app
        .get("/dashboard/trend", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trend.as_array().unwrap().len(), 8);
    assert_eq!(trend[7]["reported_progress"], 40.0);
    let quality: Value = app
        .get(
            &format!("/dashboard/data-quality?parent_id={root}"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(quality.as_array().unwrap().len(), 2);
    let html = app
        .get(&format!("/reports/periodic?agency_id={}", w.p1), &w.admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("T.1") && html.contains("Thiếu vốn") && html.contains("Bổ sung kinh phí")
    );
    assert!(
        html.contains("Việc &lt;b&gt;xã&lt;/b&gt;"),
        "task titles are escaped"
    );
    // Written for a Vietnamese reader: statuses and kinds in words, dates dd/mm/yyyy, decimal comma.
    for code in [
        ">overdue<",
        ">off_track<",
        ">at_risk<",
        ">info<",
        ">warning<",
        ">critical<",
        ">behind_schedule<",
    ] {
        assert!(!html.contains(code), "{code} in the printable report");
    }
    let today = chrono::Utc::now().date_naive();
    assert!(
        html.contains(&today.format("ngày %d tháng %m năm %Y").to_string()),
        "the date of the report"
    );
    let progress = html
        .split("<td>Tiến độ bình quân (%)</td><td class=\"n\">")
        .nth(1)
        .and_then(|rest| rest.split("</td>").next())
        .unwrap();
    let (whole, tenth) = progress
        .split_once(',')
        .unwrap_or_else(|| panic!("progress reads {progress:?}"));
    assert!(
        whole.parse::<u32>().is_ok() && tenth.len() == 1,
        "{progress:?}"
    );
    assert!(
        html.contains("Chậm tiến độ")
            || html.contains("Quá hạn")
            || html.contains("Có nguy cơ chậm"),
        "the lagging task's health in words"
    );
    let res = app.get("/reports/periodic?format=csv", &w.admin).await;
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    // A spreadsheet for a Vietnamese office: the byte-order mark Excel needs for UTF-8, Vietnamese
    // headers and words, dates dd/mm/yyyy and decimal commas inside their (quoted) cells; every
    // cell of every table as (table, row, column, value).
    let bytes = res.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a UTF-8 byte-order mark first"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers, ["Bảng", "Dòng", "Cột", "Giá trị"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let lagging = "Nhiệm vụ chậm tiến độ, quá hạn";
    let line = rows
        .iter()
        .find(|r| &r[0] == lagging && &r[2] == "Mã" && &r[3] == "T.1")
        .expect("the lagging task's row")[1]
        .to_string();
    let cell = |column: &str| {
        rows.iter()
            .find(|r| &r[0] == lagging && r[1] == line && &r[2] == column)
            .unwrap_or_else(|| panic!("{column}"))[3]
            .to_string()
    };
    let due = cell("Hạn");
    assert!(
        due.len() == 10 && &due[2..3] == "/" && &due[5..6] == "/",
        "dd/mm/yyyy: {due}"
    );
    assert!(cell("Tiến độ (%)").contains(','), "a decimal comma");
    assert!(
        ["Chậm tiến độ", "Quá hạn", "Có nguy cơ chậm"].contains(&cell("Tình trạng").as_str()),
        "{}",
        cell("Tình trạng")
    );
    assert!(rows
        .iter()
        .any(|r| &r[0] == "Kết quả chung của kỳ báo cáo, so với kỳ trước"));
    app.assert_aggregates_consistent();
}

/// `stale_kpi` and `kpi_off_track`: raised, updated, resolved when the figure arrives or is
/// corrected; the dashboard's KPI counts follow the same figures.
async fn kpi_rules_stale_and_off_track(app: TestApp) {
    // No grace period: a missing figure of the last finished quarter is late at once.
    let mut config = crate::helpers::test_config(crate::helpers::fresh_database(app.backend));
    config.alert_rules.report_grace_days = 0;
    let app = TestApp::spawn_with(app.backend, config).await;
    let w = world(&app).await;
    let last = quarter(1);
    let approver = app
        .user_token(&w.admin, "approver", &w.p1, &["approver"])
        .await;
    let mut ids = Vec::new();
    for (code, direction) in [("UP", "increase"), ("DOWN", "decrease")] {
        let res = app
            .post("/indicators", &w.planner, &json!({"code": code, "name": format!("Chỉ tiêu {code}"), "group": "outcome", "value_type": "number", "direction": direction, "aggregation": "sum", "frequency": "quarterly", "owner_agency_id": w.p1}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let kpi = id(&res.json().await.unwrap());
        let res = app
            .put(
                &format!("/indicators/{kpi}/targets"),
                &w.planner,
                &json!({"interim": [{"period": last, "value": if code == "UP" { 100 } else { 10 }}]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        ids.push(kpi);
    }
    // Indicators defined long ago (a new one is not late for periods before it existed).
    let old = restrack::db::now() - chrono::TimeDelta::days(400);
    app.db
        .run(move |conn| {
            use diesel::prelude::*;
            use restrack::db::schema::indicators::dsl::*;
            diesel::update(indicators)
                .set(created_at.eq(old))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    evaluate(&app, &w).await;
    let open = |kind: &'static str| {
        let app = &app;
        let admin = w.admin.clone();
        async move {
            alerts(app, &admin, &format!("&kind={kind}&status=open"))
                .await
                .into_iter()
                .map(|a| a.1)
                .collect::<Vec<_>>()
        }
    };
    let mut both = ids.clone();
    both.sort();
    assert_eq!(open("stale_kpi").await, both);
    assert!(open("kpi_off_track").await.is_empty());
    let summary = || {
        let app = &app;
        let (token, p1) = (w.admin.clone(), w.p1.clone());
        async move {
            app.get(&format!("/dashboard/summary?agency_id={p1}"), &token)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let s = summary().await;
    assert_eq!(
        (s["kpis"]["series"].as_i64(), s["kpis"]["no_data"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(s["completeness_pct"], 0.0);
    // 60 against 100 (increase) and 20 against 10 (decrease): both far off track.
    let approve = |kpi: String, value: f64| {
        let app = &app;
        let (reporter, approver, p1, last) = (
            w.reporter.clone(),
            approver.clone(),
            w.p1.clone(),
            last.clone(),
        );
        async move {
            let created: Value = app
                .post(
                    &format!("/indicators/{kpi}/values"),
                    &reporter,
                    &json!({"agency_id": p1, "period": last, "value": value, "submit": true}),
                )
                .await
                .json()
                .await
                .unwrap();
            let res = app
                .post(
                    &format!("/values/{}/approve", id(&created)),
                    &approver,
                    &json!({}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    };
    approve(ids[0].clone(), 60.0).await;
    approve(ids[1].clone(), 20.0).await;
    evaluate(&app, &w).await;
    assert!(open("stale_kpi").await.is_empty(), "the figures arrived");
    assert_eq!(open("kpi_off_track").await, both);
    let page: Value = app
        .get("/alerts?kind=kpi_off_track&status=open", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    for a in page["items"].as_array().unwrap() {
        assert_eq!(a["severity"], "critical", "{a}");
    }
    let s = summary().await;
    assert_eq!(s["kpis"]["off_track"], 2);
    assert_eq!(s["completeness_pct"], 100.0);
    assert_eq!(
        s["timeliness_pct"], 0.0,
        "submitted after the (zero) grace period"
    );
    // Corrections within the band clear the alerts; the dashboard counts them on track.
    approve(ids[0].clone(), 95.0).await;
    approve(ids[1].clone(), 10.5).await;
    evaluate(&app, &w).await;
    assert!(open("kpi_off_track").await.is_empty());
    let s = summary().await;
    assert_eq!(s["kpis"]["on_track"], 2);
    // Evaluating again changes nothing: one alert per (kind, subject), resolved ones stay resolved.
    let before = app.count("alerts");
    evaluate(&app, &w).await;
    assert_eq!(app.count("alerts"), before);
    app.assert_aggregates_consistent();
}

crate::on_both_backends!(
    kpi_rules_stale_and_off_track,
    rules_raise_update_and_resolve,
    forecasts_on_constructed_series,
    concurrent_evaluators_never_duplicate,
    dashboards_and_reports,
);
