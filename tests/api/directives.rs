//! Directives: the province directs its commune's task, the commune answers, the province closes;
//! nobody else does any of it, every step is audited, and `actions` say so.

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

crate::on_both_backends!(directives_are_issued_answered_and_closed);
