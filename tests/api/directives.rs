//! Directives: the province directs its commune's task or KPI series, the commune answers, the
//! province closes; nobody else does any of it, every step is audited, and `actions` say so.

use serde_json::{json, Value};

use crate::helpers::{day, id, problem, TestApp};

async fn directives_are_issued_answered_and_closed(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let leader = app
        .user_token(&admin, "p1.approver", &p1, &["approver"])
        .await;
    let planner = app
        .user_token(&admin, "p1.planner", &p1, &["planner"])
        .await;
    let ward = app
        .user_token(&admin, "c1.reporter", &c1, &["reporter"])
        .await;
    let ward_planner = app
        .user_token(&admin, "c1.planner", &c1, &["planner"])
        .await;
    let viewer = app.user_token(&admin, "p1.viewer", &p1, &["viewer"]).await;
    let other = app
        .user_token(&admin, "p2.planner", &p2, &["planner"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-18", "title": "Nghị quyết 18", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let res = app
        .post(
            "/tasks",
            &admin,
            &json!({"resolution_id": resolution, "code": "NQ-18.1", "title": "Sắp xếp bộ máy",
                    "lead_agency_id": c1, "start_date": day(-30), "due_date": day(60)}),
        )
        .await;
    let task = id(&res.json().await.unwrap());
    let offered = |token: String| {
        let app = &app;
        let task = task.clone();
        async move {
            let t: Value = app
                .get(&format!("/tasks/{task}"), &token)
                .await
                .json()
                .await
                .unwrap();
            t["actions"]["issue_directive"].as_bool().unwrap()
        }
    };
    assert!(offered(leader.clone()).await && offered(planner.clone()).await);
    assert!(
        !offered(ward.clone()).await
            && !offered(ward_planner.clone()).await
            && !offered(viewer.clone()).await
    );
    let body = json!({"text": "Báo cáo tiến độ sắp xếp trước ngày 15", "due_date": day(10)});
    for token in [&ward, &ward_planner, &viewer] {
        problem(
            app.post(&format!("/tasks/{task}/directives"), token, &body)
                .await,
            403,
        )
        .await;
    }
    problem(
        app.post(&format!("/tasks/{task}/directives"), &other, &body)
            .await,
        404,
    )
    .await;
    let past = json!({"text": "Quá hạn", "due_date": day(-1)});
    let p = problem(
        app.post(&format!("/tasks/{task}/directives"), &leader, &past)
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "due_date");
    assert_eq!(app.count("directives"), 0);

    let res = app
        .post(&format!("/tasks/{task}/directives"), &leader, &body)
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let d: Value = res.json().await.unwrap();
    let directive = id(&d);
    assert_eq!(d["status"], "open");
    // Named, so that the commune (which cannot open the province) sees who directs it.
    assert_eq!(d["issuing_agency_name"], "Cơ quan P1");
    assert_eq!(d["issued_by_name"], "p1.approver");
    assert_eq!(d["issuing_agency_id"], p1);
    assert_eq!(d["actions"], json!({"answer": false, "close": true}));

    // The ward sees it with its answer offered; answers; the leader's view offers closing.
    let list: Value = app
        .get(&format!("/tasks/{task}/directives"), &ward)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(
        list["items"][0]["actions"],
        json!({"answer": true, "close": false})
    );
    problem(
        app.post(
            &format!("/directives/{directive}/answer"),
            &leader,
            &json!({"text": "Không"}),
        )
        .await,
        403,
    )
    .await;
    problem(
        app.post(
            &format!("/directives/{directive}/answer"),
            &other,
            &json!({"text": "Không"}),
        )
        .await,
        404,
    )
    .await;
    let res = app
        .post(
            &format!("/directives/{directive}/answer"),
            &ward,
            &json!({"text": "Đã hoàn thành phương án.\nGửi kèm báo cáo."}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["status"], "answered");
    // An answer is a text of paragraphs, not a one-line name.
    assert_eq!(d["answer"], "Đã hoàn thành phương án.\nGửi kèm báo cáo.");
    assert_eq!(d["answered_by_name"], "c1.reporter");
    problem(
        app.post(&format!("/directives/{directive}/close"), &ward, &json!({}))
            .await,
        403,
    )
    .await;
    let res = app
        .post(
            &format!("/directives/{directive}/close"),
            &planner,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["status"], "closed");
    assert_eq!(d["actions"], json!({"answer": false, "close": false}));
    let p = problem(
        app.post(
            &format!("/directives/{directive}/answer"),
            &ward,
            &json!({"text": "Thêm"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "illegal_transition");
    problem(
        app.post(
            &format!("/directives/{directive}/close"),
            &leader,
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    // Unanswered past its due date: an alert on the lead agency, resolved once answered.
    let res = app
        .post(
            &format!("/tasks/{task}/directives"),
            &leader,
            &json!({"text": "Gửi danh sách cán bộ", "due_date": day(1)}),
        )
        .await;
    let late = id(&res.json().await.unwrap());
    app.exec(&format!(
        "UPDATE directives SET due_date = '{}' WHERE id = '{late}'",
        day(-2)
    ));
    let open = overdue(&app, &admin, &task).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["agency_id"], c1);
    assert!(open[0]["message"]
        .as_str()
        .unwrap()
        .contains("2 ngày quá hạn"));
    app.post(
        &format!("/directives/{late}/answer"),
        &ward,
        &json!({"text": "Đã gửi"}),
    )
    .await;
    assert!(overdue(&app, &admin, &task).await.is_empty());
    // Every step audited.
    let audit: Value = app
        .get(
            &format!("/audit?entity_type=directive&entity_id={directive}"),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let mut actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    actions.sort();
    assert_eq!(actions, ["answer", "close", "issue"]);
}

/// Evaluates the alerts now and returns the task's open `directive_overdue` alerts.
async fn overdue(app: &TestApp, admin: &str, task: &str) -> Vec<Value> {
    assert_eq!(
        app.post("/alerts/evaluate", admin, &json!({}))
            .await
            .status()
            .as_u16(),
        200
    );
    let page: Value = app
        .get(
            &format!("/alerts?task_id={task}&kind=directive_overdue"),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().clone()
}

/// Whether the series view of `agency` offers `token` to direct its source.
async fn offered_on_series(app: &TestApp, token: &str, indicator: &str, agency: &str) -> bool {
    let res = app
        .get(
            &format!("/indicators/{indicator}/series?agency_id={agency}"),
            token,
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let s: Value = res.json().await.unwrap();
    s["actions"]["issue_directive"].as_bool().unwrap()
}

async fn work_items(app: &TestApp, token: &str) -> Vec<Value> {
    let work: Value = app.get("/me/work", token).await.json().await.unwrap();
    work["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "directive_to_answer")
        .cloned()
        .collect()
}

async fn series_directives_reach_the_series_source(app: TestApp) {
    let w = crate::reporting::world(&app).await;
    let ind = w.indicator.clone();
    let root = app.root_id(&w.admin).await;
    let p2 = id(&app.agency(&w.admin, "P2", "province", &root).await);
    let other = app
        .user_token(&w.admin, "p2.approver", &p2, &["approver"])
        .await;
    let c1_planner = app
        .user_token(&w.admin, "c1.planner", &w.c1, &["planner"])
        .await;
    // Offered to the province's planners and approvers for one commune's series; not to the
    // commune itself, a viewer, or on the province's roll-up (no series of its own).
    for token in [&w.p1_approver, &w.planner] {
        assert!(offered_on_series(&app, token, &ind, &w.c1).await);
        assert!(!offered_on_series(&app, token, &ind, &w.p1).await);
    }
    for token in [&w.c1_approver, &c1_planner, &w.c1_reporter] {
        assert!(!offered_on_series(&app, token, &ind, &w.c1).await);
    }
    assert!(!offered_on_series(&app, &w.viewer, &ind, &w.c1).await);
    // The commune's series is its own; the province's is the roll-up of its communes.
    for (agency, single) in [(&w.c1, true), (&w.p1, false)] {
        let s: Value = app
            .get(
                &format!("/indicators/{ind}/series?agency_id={agency}"),
                &w.viewer,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(s["single"], single, "{s}");
    }

    // Refusals leave nothing behind.
    let path = format!("/indicators/{ind}/directives");
    let body = json!({"agency_id": w.c1, "text": "Rà soát số liệu quý trước", "due_date": day(5)});
    for token in [&w.c1_approver, &c1_planner, &w.viewer] {
        problem(app.post(&path, token, &body).await, 403).await;
    }
    problem(app.post(&path, &other, &body).await, 404).await;
    let p = problem(
        app.post(
            &path,
            &w.p1_approver,
            &json!({"agency_id": w.p1, "text": "Báo cáo", "due_date": day(5)}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "agency_id");
    assert_eq!(p["errors"][0]["code"], "not_found");
    let p = problem(
        app.post(
            &path,
            &w.p1_approver,
            &json!({"agency_id": w.c1, "text": "Báo cáo", "due_date": day(-1)}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "due_date");
    assert_eq!(app.count("directives"), 0);
    assert_eq!(app.count("notifications"), 0);

    // Issued: the commune's reporter hears it and has it in the to-do list; the other commune not.
    let res = app.post(&path, &w.p1_approver, &body).await;
    assert_eq!(res.status().as_u16(), 201);
    let d: Value = res.json().await.unwrap();
    let directive = id(&d);
    assert_eq!(d["status"], "open");
    assert_eq!(d["task_id"], Value::Null);
    assert_eq!(d["indicator_id"], ind);
    assert_eq!(d["agency_id"], w.c1);
    assert_eq!(d["directed_agency_id"], w.c1);
    assert_eq!(d["directed_agency_name"], "Cơ quan P1-C1");
    assert_eq!(d["issuing_agency_id"], w.p1);
    assert_eq!(d["actions"], json!({"answer": false, "close": true}));
    let link = format!("/indicators/{ind}?agency_id={}", w.c1);
    let items = work_items(&app, &w.c1_reporter).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["link"], link);
    assert_eq!(items[0]["subject_id"], directive);
    assert!(items[0]["title"].as_str().unwrap().contains("CT_01"));
    assert!(work_items(&app, &w.c2_reporter).await.is_empty());
    let bell: Value = app
        .get("/me/notifications", &w.c1_reporter)
        .await
        .json()
        .await
        .unwrap();
    let notices: Vec<&Value> = bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "directive_issued")
        .collect();
    assert_eq!(notices.len(), 1, "{bell}");
    assert_eq!(notices[0]["link"], link);
    assert_eq!(
        notices[0]["title"],
        "Ý kiến chỉ đạo về chỉ tiêu CT_01 (Cơ quan P1-C1)"
    );

    // Who sees it: the province and the commune; not the other commune, nor another province.
    let listed = |token: String, query: String| {
        let app = &app;
        let ind = ind.clone();
        async move {
            let page: Value = app
                .get(&format!("/indicators/{ind}/directives{query}"), &token)
                .await
                .json()
                .await
                .unwrap();
            page["items"].as_array().unwrap().clone()
        }
    };
    let mine = listed(w.c1_reporter.clone(), format!("?agency_id={}", w.c1)).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["actions"], json!({"answer": true, "close": false}));
    assert_eq!(listed(w.planner.clone(), String::new()).await.len(), 1);
    assert!(listed(w.c2_reporter.clone(), String::new())
        .await
        .is_empty());
    assert!(listed(w.planner.clone(), format!("?agency_id={}", w.c2))
        .await
        .is_empty());
    let answer = json!({"text": "Đã rà soát, bổ sung 3 hồ sơ"});
    problem(
        app.post(
            &format!("/directives/{directive}/answer"),
            &w.c2_reporter,
            &answer,
        )
        .await,
        404,
    )
    .await;
    problem(
        app.post(
            &format!("/directives/{directive}/answer"),
            &w.p1_approver,
            &answer,
        )
        .await,
        403,
    )
    .await;
    problem(
        app.post(
            &format!("/directives/{directive}/close"),
            &other,
            &json!({}),
        )
        .await,
        404,
    )
    .await;

    // Answered by the source, closed by the province.
    let res = app
        .post(
            &format!("/directives/{directive}/answer"),
            &w.c1_reporter,
            &answer,
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["status"], "answered");
    assert_eq!(d["answer"], "Đã rà soát, bổ sung 3 hồ sơ");
    assert!(work_items(&app, &w.c1_reporter).await.is_empty());
    problem(
        app.post(
            &format!("/directives/{directive}/close"),
            &w.c1_reporter,
            &json!({}),
        )
        .await,
        403,
    )
    .await;
    let res = app
        .post(
            &format!("/directives/{directive}/close"),
            &w.p1_approver,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["status"], "closed");
    assert_eq!(d["actions"], json!({"answer": false, "close": false}));

    // Unanswered past its due date: an alert on the series' source, about the indicator, resolved
    // once answered.
    let res = app
        .post(
            &path,
            &w.planner,
            &json!({"agency_id": w.c2, "text": "Giải trình số liệu giảm", "due_date": day(1)}),
        )
        .await;
    let late = id(&res.json().await.unwrap());
    app.exec(&format!(
        "UPDATE directives SET due_date = '{}' WHERE id = '{late}'",
        day(-3)
    ));
    assert_eq!(
        app.post("/alerts/evaluate", &w.admin, &json!({}))
            .await
            .status()
            .as_u16(),
        200
    );
    let page: Value = app
        .get(
            &format!("/alerts?indicator_id={ind}&kind=directive_overdue&status=open"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let open = page["items"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{page}");
    assert_eq!(open[0]["agency_id"], w.c2);
    let message = open[0]["message"].as_str().unwrap();
    assert!(
        message.contains("chỉ tiêu CT_01 (Cơ quan P1-C2)") && message.contains("3 ngày quá hạn"),
        "{message}"
    );
    let items = work_items(&app, &w.c2_reporter).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["overdue"], true);
    app.post(
        &format!("/directives/{late}/answer"),
        &w.c2_reporter,
        &json!({"text": "Do sáp nhập thôn"}),
    )
    .await;
    app.post("/alerts/evaluate", &w.admin, &json!({})).await;
    let page: Value = app
        .get(
            &format!("/alerts?indicator_id={ind}&kind=directive_overdue&status=open"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(page["items"].as_array().unwrap().is_empty(), "{page}");

    // Every step audited, on the directed agency.
    let audit: Value = app
        .get(
            &format!("/audit?entity_type=directive&entity_id={directive}"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let entries = audit["items"].as_array().unwrap();
    let mut actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    actions.sort();
    assert_eq!(actions, ["answer", "close", "issue"]);
    assert!(entries.iter().all(|e| e["agency_id"] == w.c1.as_str()));
}

crate::on_both_backends!(
    directives_are_issued_answered_and_closed,
    series_directives_reach_the_series_source
);
