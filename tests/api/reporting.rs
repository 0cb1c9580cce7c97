//! The reporting regime: deadlines per indicator and level with on-time and late marks exact at
//! the boundary day, locked periods and audited unlocks (the single write, the submission and the
//! import alike), all-or-nothing bulk decisions, each role's to-do list, and notifications.

use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{day, error_fields, id, problem, TestApp};

/// ROOT → P1 (province) → C1, C2 (communes); an indicator owned by P1 reported by its communes.
pub struct World {
    pub admin: String,
    pub p1: String,
    pub c1: String,
    pub c2: String,
    pub planner: String,
    pub c1_reporter: String,
    pub c2_reporter: String,
    pub c1_approver: String,
    pub p1_approver: String,
    pub viewer: String,
    pub indicator: String,
}

pub async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let c2 = id(&app.agency(&admin, "P1-C2", "commune", &p1).await);
    let planner = app
        .user_token(&admin, "p1.planner", &p1, &["planner"])
        .await;
    let body = json!({"code": "CT_01", "name": "Tỷ lệ hồ sơ trực tuyến", "group": "output", "unit": "%",
        "value_type": "percent", "direction": "increase", "aggregation": "average", "frequency": "quarterly",
        "owner_agency_id": p1, "reporting_agency_kind": "commune", "definition": "Định nghĩa",
        "data_source": "Nguồn", "method": "Cách tính", "verification": "Kiểm chứng"});
    let res = app.post("/indicators", &planner, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let indicator = id(&res.json().await.unwrap());
    World {
        c1_reporter: app
            .user_token(&admin, "c1.reporter", &c1, &["reporter"])
            .await,
        c2_reporter: app
            .user_token(&admin, "c2.reporter", &c2, &["reporter"])
            .await,
        c1_approver: app
            .user_token(&admin, "c1.approver", &c1, &["approver"])
            .await,
        p1_approver: app
            .user_token(&admin, "p1.approver", &p1, &["approver"])
            .await,
        viewer: app.user_token(&admin, "p1.viewer", &p1, &["viewer"]).await,
        admin,
        p1,
        c1,
        c2,
        planner,
        indicator,
    }
}

/// The last finished quarter and the days from its last day to today (at least 1).
pub fn last_quarter() -> (String, i64) {
    let today = Utc::now().date_naive();
    let q = (today.month() - 1) / 3;
    let (year, quarter) = if q == 0 {
        (today.year() - 1, 4)
    } else {
        (today.year(), q)
    };
    let last_month = quarter * 3;
    let end = if last_month == 12 {
        chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap()
    } else {
        chrono::NaiveDate::from_ymd_opt(year, last_month + 1, 1).unwrap()
            - chrono::Duration::days(1)
    };
    (format!("{year}-Q{quarter}"), (today - end).num_days())
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1)
}

async fn put_calendar(app: &TestApp, token: &str, ind: &str, body: Value) -> reqwest::Response {
    app.put(&format!("/indicators/{ind}/calendar"), token, &body)
        .await
}

async fn submit(app: &TestApp, token: &str, ind: &str, agency: &str, period: &str) -> Value {
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            token,
            &json!({"agency_id": agency, "period": period, "value": 50.0, "submit": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    res.json().await.unwrap()
}

async fn value(app: &TestApp, token: &str, value_id: &str) -> Value {
    // The approvals queue and the indicator's list both carry the schedule; read the latter.
    let res = app.get("/values?limit=500", token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == value_id)
        .cloned()
        .unwrap_or_else(|| panic!("value {value_id} not listed"))
}

async fn calendar_rules_and_boundary_marks(app: TestApp) {
    let w = world(&app).await;
    let (lq, k) = last_quarter();
    let path = format!("/indicators/{}/calendar", w.indicator);
    // Without a calendar: the grace period, no lock.
    let cal: Value = app.get(&path, &w.viewer).await.json().await.unwrap();
    assert_eq!(cal["configured"], false);
    assert_eq!(cal["actions"]["edit"], false);
    assert_eq!(cal["periods"].as_array().unwrap().len(), 4);
    // Only the owner's planners change it; bad calendars are refused with the field, nothing kept.
    let res = put_calendar(
        &app,
        &w.c1_reporter,
        &w.indicator,
        json!({"report_days": 10}),
    )
    .await;
    problem(res, 403).await;
    let bad = [
        (json!({"report_days": 400}), "report_days"),
        (
            json!({"report_days": 15, "approval_days": 10}),
            "approval_days",
        ),
        (
            json!({"report_days": 5, "levels": [{"agency_kind": "commune", "report_days": 20}], "approval_days": 15}),
            "approval_days",
        ),
        (
            json!({"report_days": 5, "levels": [{"agency_kind": "commune", "report_days": 1}, {"agency_kind": "commune", "report_days": 2}]}),
            "levels[1].agency_kind",
        ),
        (json!({"report_days": -1}), "report_days"),
    ];
    for (body, field) in bad {
        let p = problem(
            put_calendar(&app, &w.planner, &w.indicator, body).await,
            422,
        )
        .await;
        assert!(error_fields(&p).contains(&field.to_string()), "{p}");
    }
    let cal: Value = app.get(&path, &w.planner).await.json().await.unwrap();
    assert_eq!(
        cal["configured"], false,
        "a refused calendar leaves nothing"
    );
    // Communes are due k days after the quarter: today is their deadline day.
    let res = put_calendar(
        &app,
        &w.planner,
        &w.indicator,
        json!({"report_days": k + 30, "levels": [{"agency_kind": "commune", "report_days": k}]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let cal: Value = res.json().await.unwrap();
    assert_eq!(cal["configured"], true);
    assert_eq!(cal["actions"]["edit"], true);
    let lq_row = cal["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == lq)
        .expect("the last quarter's deadlines");
    assert_eq!(lq_row["levels"][0]["report_due"], day(0));
    assert_eq!(lq_row["report_due"], day(30));
    assert_eq!(lq_row["locked"], false);
    // A figure submitted on its deadline day is on time.
    let v = submit(&app, &w.c1_reporter, &w.indicator, &w.c1, &lq).await;
    assert_eq!(v["due_date"], day(0));
    assert_eq!(v["on_time"], true);
    assert_eq!(v["locked"], false);
    let summary: Value = app
        .get(
            &format!("/dashboard/summary?agency_id={}", w.p1),
            &w.planner,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["timeliness_pct"], 100.0, "{summary}");
    // One day less: the same submission is a day late, on the figure and on the dashboard.
    let res = put_calendar(
        &app,
        &w.planner,
        &w.indicator,
        json!({"report_days": k + 30, "levels": [{"agency_kind": "commune", "report_days": k - 1}]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v = value(&app, &w.p1_approver, &id(&v)).await;
    assert_eq!(v["due_date"], day(-1));
    assert_eq!(v["on_time"], false);
    let summary: Value = app
        .get(
            &format!("/dashboard/summary?agency_id={}", w.p1),
            &w.planner,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["timeliness_pct"], 0.0, "{summary}");
    // Audited; removing the calendar brings back the grace period.
    let audit: Value = app
        .get(&format!("/audit?entity_id={}", w.indicator), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "update_calendar").count(),
        2
    );
    let res = app.delete(&path, &w.planner, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cal: Value = res.json().await.unwrap();
    assert_eq!(cal["configured"], false);
}

async fn locked_periods_and_unlocks(app: TestApp) {
    let w = world(&app).await;
    let (lq, k) = last_quarter();
    // A draft written while the period is open …
    let res = app
        .post(
            &format!("/indicators/{}/values", w.indicator),
            &w.c1_reporter,
            &json!({"agency_id": w.c1, "period": lq, "value": 40.0}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    // … then the approval deadline was yesterday: the period is locked today.
    let res = put_calendar(
        &app,
        &w.planner,
        &w.indicator,
        json!({"report_days": 0, "approval_days": k - 1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let before = app.count("indicator_values");
    let p = problem(
        app.post(
            &format!("/indicators/{}/values", w.indicator),
            &w.c2_reporter,
            &json!({"agency_id": w.c2, "period": lq, "value": 10.0, "submit": true}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "period_locked");
    assert_eq!(error_fields(&p), vec!["period"]);
    let p = problem(
        app.post(
            &format!("/values/{}/submit", id(&draft)),
            &w.c1_reporter,
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "period_locked");
    assert_eq!(
        app.count("indicator_values"),
        before,
        "a refused write leaves nothing"
    );
    let listed: Value = app
        .get(
            &format!("/indicators/{}/values", w.indicator),
            &w.c1_reporter,
        )
        .await
        .json()
        .await
        .unwrap();
    let row = &listed["items"][0];
    assert_eq!(row["status"], "draft");
    assert_eq!(row["locked"], true);
    assert_eq!(row["actions"]["submit"], false);
    assert_eq!(
        row["actions"]["unlock"], false,
        "a reporter grants no unlock"
    );
    // The import refuses the locked row too, naming it.
    let csv = format!("indicator_code,agency_code,period,value\nCT_01,P1-C2,{lq},12\n");
    let res = app
        .client
        .post(app.url("/imports/indicator-values"))
        .bearer_auth(&w.c2_reporter)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let report: Value = res.json().await.unwrap_or(Value::Null);
    assert!(
        report.to_string().contains("period_locked"),
        "the import names the locked row: {report}"
    );
    assert_eq!(app.count("indicator_values"), before);
    // Only an approver above the source opens it: not the commune's own approver.
    let unlocks = format!("/indicators/{}/unlocks", w.indicator);
    let grant = |until: String, period: &str| json!({"agency_id": w.c1, "period": period, "reason": "Bổ sung số liệu sau sự cố mạng", "open_until": until});
    problem(
        app.post(&unlocks, &w.c1_approver, &grant(day(7), &lq))
            .await,
        403,
    )
    .await;
    let p = problem(
        app.post(&unlocks, &w.p1_approver, &grant(day(-1), &lq))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["open_until"]);
    let p = problem(
        app.post(&unlocks, &w.p1_approver, &grant(day(200), &lq))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["open_until"]);
    let p = problem(
        app.post(&unlocks, &w.p1_approver, &grant(day(7), &current_quarter()))
            .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "not_locked");
    assert_eq!(app.count("period_unlocks"), 0);
    let as_approver: Value = app
        .get(
            &format!("/indicators/{}/values", w.indicator),
            &w.p1_approver,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(as_approver["items"][0]["actions"]["unlock"], true);
    let res = app
        .post(&unlocks, &w.p1_approver, &grant(day(7), &lq))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let unlock: Value = res.json().await.unwrap();
    assert_eq!(unlock["open"], true);
    assert_eq!(unlock["granted_by_name"], "p1.approver");
    // The series is open until then; the other commune's is still locked.
    let res = app
        .post(
            &format!("/values/{}/submit", id(&draft)),
            &w.c1_reporter,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let submitted: Value = res.json().await.unwrap();
    assert_eq!(submitted["locked"], false);
    assert_eq!(
        submitted["on_time"], false,
        "submitted after the deadline: late"
    );
    let p = problem(
        app.post(
            &format!("/indicators/{}/values", w.indicator),
            &w.c2_reporter,
            &json!({"agency_id": w.c2, "period": lq, "value": 10.0}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "period_locked");
    let list: Value = app
        .get(&unlocks, &w.c1_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    // The reporters of the series heard of it; the audit holds it.
    let bell: Value = app
        .get("/me/notifications", &w.c1_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bell["unread"], 1, "{bell}");
    assert_eq!(bell["items"][0]["kind"], "period_unlocked");
    assert!(bell["items"][0]["title"]
        .as_str()
        .unwrap()
        .contains("mở lại"));
    let audit: Value = app
        .get(&format!("/audit?entity_id={}", w.indicator), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "grant_unlock"));
}

async fn bulk_decisions_are_all_or_nothing(app: TestApp) {
    let w = world(&app).await;
    let (lq, _) = last_quarter();
    let cq = current_quarter();
    let a = id(&submit(&app, &w.c1_reporter, &w.indicator, &w.c1, &lq).await);
    let b = id(&submit(&app, &w.c2_reporter, &w.indicator, &w.c2, &lq).await);
    let res = app
        .post(
            &format!("/indicators/{}/values", w.indicator),
            &w.c1_reporter,
            &json!({"agency_id": w.c1, "period": cq, "value": 30.0}),
        )
        .await;
    let draft = id(&res.json().await.unwrap());
    let unknown = uuid::Uuid::new_v4().to_string();
    // One draft, one repeat, one unknown id: nothing is approved, each refusal is named.
    let p = problem(
        app.post(
            "/values/approve",
            &w.p1_approver,
            &json!({"ids": [a, b, draft, a, unknown]}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "bulk_refused");
    let errors: Vec<(String, String)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            ("ids[2]".to_string(), "conflict".to_string()),
            ("ids[3]".to_string(), "duplicate".to_string()),
            ("ids[4]".to_string(), "not_found".to_string()),
        ]
    );
    for v in [&a, &b] {
        assert_eq!(value(&app, &w.p1_approver, v).await["status"], "submitted");
    }
    // A commune's approver cannot decide the other commune's figure: refused as forbidden… or
    // not even visible; either way nothing happens.
    let p = problem(
        app.post("/values/approve", &w.c1_approver, &json!({"ids": [a, b]}))
            .await,
        409,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["ids[1]"]);
    assert_eq!(value(&app, &w.p1_approver, &a).await["status"], "submitted");
    problem(
        app.post("/values/approve", &w.p1_approver, &json!({"ids": []}))
            .await,
        422,
    )
    .await;
    let p = problem(
        app.post("/values/return", &w.p1_approver, &json!({"ids": [a]}))
            .await,
        422,
    )
    .await;
    assert!(error_fields(&p).contains(&"reason".to_string()));
    // All decidable: all approved, counted, each audited.
    let res = app
        .post("/values/approve", &w.p1_approver, &json!({"ids": [a]}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["items"][0]["status"], "approved");
    assert_eq!(page["items"][0]["counted"], true);
    let res = app
        .post(
            "/values/return",
            &w.p1_approver,
            &json!({"ids": [b], "reason": "Thiếu hồ sơ kiểm chứng"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let returned = value(&app, &w.p1_approver, &b).await;
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["return_reason"], "Thiếu hồ sơ kiểm chứng");
    let audit: Value = app
        .get(&format!("/audit?entity_id={b}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "return"));
    // The author heard why, and the figure is on their list to correct.
    let bell: Value = app
        .get("/me/notifications?unread=true", &w.c2_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bell["items"][0]["kind"], "figure_returned");
    assert!(bell["items"][0]["body"]
        .as_str()
        .unwrap()
        .contains("Thiếu hồ sơ kiểm chứng"));
    let work: Value = app
        .get("/me/work", &w.c2_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert!(work["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["kind"] == "figure_to_correct" && i["subject_id"] == b.as_str()));
    // Marking read lowers the count; another user's ids change nothing.
    let note = bell["items"][0]["id"].as_str().unwrap().to_string();
    let res = app
        .post(
            "/me/notifications/read",
            &w.c1_reporter,
            &json!({"ids": [note]}),
        )
        .await;
    let count: Value = res.json().await.unwrap();
    assert_eq!(count["unread"], 0);
    let still: Value = app
        .get("/me/notifications?unread=true", &w.c2_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["unread"], 1);
    let res = app
        .post("/me/notifications/read", &w.c2_reporter, &json!({}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["unread"], 0);
}

async fn my_work_per_role(app: TestApp) {
    let w = world(&app).await;
    let (lq, k) = last_quarter();
    let work = |token: String| {
        let app = &app;
        async move {
            let res = app.get("/me/work", &token).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    let kinds = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(work(w.viewer.clone()).await["counts"]["total"], 0);
    // A commune's reporter: the last quarter's figure, due today by the calendar.
    put_calendar(
        &app,
        &w.planner,
        &w.indicator,
        json!({"report_days": k, "approval_days": k + 10}),
    )
    .await;
    let mine = work(w.c1_reporter.clone()).await;
    let item = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "figure_to_enter")
        .expect("a figure to enter");
    assert_eq!(item["period"], lq);
    assert_eq!(item["due_date"], day(0));
    assert_eq!(item["overdue"], false);
    assert_eq!(item["link"], format!("/indicators/{}", w.indicator));
    assert_eq!(mine["counts"]["figure_to_enter"], 1);
    let v = id(&submit(&app, &w.c1_reporter, &w.indicator, &w.c1, &lq).await);
    assert!(!kinds(&work(w.c1_reporter.clone()).await).contains(&"figure_to_enter".to_string()));
    // The province's approver: the submitted figure, by its approval deadline.
    let theirs = work(w.p1_approver.clone()).await;
    let item = theirs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "figure_to_approve")
        .expect("a figure to approve");
    assert_eq!(item["subject_id"], v.as_str());
    assert_eq!(item["due_date"], day(10));
    assert_eq!(theirs["counts"]["figure_to_approve"], 1);
    // A resolution whose tasks report monthly by the 28th, a task led by the commune.
    let res = app
        .post(
            "/resolutions",
            &w.planner,
            &json!({"code": "NQ-57", "title": "Nghị quyết 57", "owner_agency_id": w.p1}),
        )
        .await;
    let resolution: Value = res.json().await.unwrap();
    let rid = id(&resolution);
    let res = app
        .put(
            &format!("/resolutions/{rid}/report-calendar"),
            &w.c1_reporter,
            &json!({"frequency": "monthly", "due_day": 28}),
        )
        .await;
    problem(res, 403).await;
    let p = problem(
        app.put(
            &format!("/resolutions/{rid}/report-calendar"),
            &w.planner,
            &json!({"frequency": "monthly", "due_day": 31}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["due_day"]);
    let res = app
        .put(
            &format!("/resolutions/{rid}/report-calendar"),
            &w.planner,
            &json!({"frequency": "monthly", "due_day": 28}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["report_calendar"]["due_day"], 28);
    let etag_res = app.get(&format!("/resolutions/{rid}"), &w.planner).await;
    let tag = crate::helpers::etag(&etag_res);
    let res = app
        .patch(
            &format!("/resolutions/{rid}"),
            &w.planner,
            Some(&tag),
            &json!({"status": "active"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let res = app
        .post(
            "/tasks",
            &w.planner,
            &json!({"resolution_id": rid, "code": "NQ-57.1", "title": "Số hóa hồ sơ", "lead_agency_id": w.c1,
                    "start_date": day(0), "due_date": day(90)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let task = id(&res.json().await.unwrap());
    let today = Utc::now().date_naive();
    let this_month = format!("{}-{:02}", today.year(), today.month());
    let due = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 28).unwrap();
    let mine = work(w.c1_reporter.clone()).await;
    let item = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "report_to_file")
        .expect("a report to file");
    assert_eq!(item["period"], this_month);
    assert_eq!(item["due_date"], due.to_string());
    assert_eq!(item["link"], format!("/tasks/{task}"));
    let res = app
        .post(
            &format!("/tasks/{task}/reports"),
            &w.c1_reporter,
            &json!({"period": this_month, "progress": 10.0, "narrative": "Đã khởi động"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["due_date"], due.to_string());
    assert_eq!(report["on_time"], today <= due);
    assert!(!kinds(&work(w.c1_reporter.clone()).await).contains(&"report_to_file".to_string()));
    // A directive from the province: the commune answers it; its reporters heard of it.
    let res = app
        .post(
            &format!("/tasks/{task}/directives"),
            &w.planner,
            &json!({"text": "Báo cáo kết quả trước ngày 15", "due_date": day(5)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let mine = work(w.c1_reporter.clone()).await;
    let item = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "directive_to_answer")
        .expect("a directive to answer");
    assert_eq!(item["due_date"], day(5));
    let bell: Value = app
        .get("/me/notifications", &w.c1_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert!(bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "directive_issued"));
    // Items are sorted by deadline, those without one last.
    let dues: Vec<Option<String>> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["due_date"].as_str().map(str::to_string))
        .collect();
    let mut sorted = dues.clone();
    sorted.sort_by_key(|d| (d.is_none(), d.clone()));
    assert_eq!(dues, sorted);
    // The commune proposes completion: the province's planner decides it.
    let res = app
        .post(
            &format!("/tasks/{task}/completion"),
            &w.c1_reporter,
            &json!({"summary": "Hoàn thành số hóa"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let planner = work(w.planner.clone()).await;
    assert!(
        kinds(&planner).contains(&"completion_to_decide".to_string()),
        "{planner}"
    );
    assert_eq!(planner["counts"]["completion_to_decide"], 1);
}

crate::on_both_backends!(
    calendar_rules_and_boundary_marks,
    locked_periods_and_unlocks,
    bulk_decisions_are_all_or_nothing,
    my_work_per_role,
);
