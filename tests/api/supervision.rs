//! Supervision: the lead agency proposes completion and requests extensions or cancellation; only
//! the assigning agency accepts, returns, grants or refuses; every decision is audited; refusals
//! leave nothing behind; the Government Office's four-way evaluation is exact at its boundaries.

use serde_json::{json, Value};

use crate::helpers::{day, error_fields, etag, id, problem, upload, TestApp, PDF};

/// A province P1 with a commune C1 under it, a resolution owned by the root, a top-level task led
/// by P1 and a sub-task that P1 assigned to C1.
struct World {
    admin: String,
    p1: String,
    c1: String,
    p1_planner: String,
    p1_approver: String,
    c1_planner: String,
    c1_reporter: String,
    resolution: String,
    parent: String,
    sub: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let p1_planner = app
        .user_token(&admin, "p1.planner", &p1, &["planner"])
        .await;
    let p1_approver = app
        .user_token(&admin, "p1.approver", &p1, &["approver"])
        .await;
    let c1_planner = app
        .user_token(&admin, "c1.planner", &c1, &["planner"])
        .await;
    let c1_reporter = app
        .user_token(&admin, "c1.reporter", &c1, &["reporter"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-57", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let parent = task(app, &admin, &resolution, None, "NQ-57.1", &p1, -60, 120).await;
    let sub = task(
        app,
        &p1_planner,
        &resolution,
        Some(&parent),
        "NQ-57.1.1",
        &c1,
        -30,
        60,
    )
    .await;
    World {
        admin,
        p1,
        c1,
        p1_planner,
        p1_approver,
        c1_planner,
        c1_reporter,
        resolution,
        parent,
        sub,
    }
}

#[allow(clippy::too_many_arguments)]
async fn task(
    app: &TestApp,
    token: &str,
    resolution: &str,
    parent: Option<&str>,
    code: &str,
    lead: &str,
    start: i64,
    due: i64,
) -> String {
    let res = app
        .post(
            "/tasks",
            token,
            &json!({"resolution_id": resolution, "parent_id": parent, "code": code,
                    "title": format!("Nhiệm vụ {code}"), "lead_agency_id": lead,
                    "start_date": day(start), "due_date": day(due)}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    id(&res.json().await.unwrap())
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, token).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.json().await.unwrap()
}

/// `PATCH /tasks/{id}` with the task's current ETag.
async fn patch(app: &TestApp, token: &str, task: &str, body: &Value) -> reqwest::Response {
    let tag = etag(&app.get(&format!("/tasks/{task}"), token).await);
    app.patch(&format!("/tasks/{task}"), token, Some(&tag), body)
        .await
}

async fn audit_actions(app: &TestApp, admin: &str, task: &str) -> Vec<String> {
    let page = get(
        app,
        admin,
        &format!("/audit?entity_type=task&entity_id={task}&limit=100"),
    )
    .await;
    let mut actions: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    actions.reverse();
    actions
}

async fn completion_is_proposed_then_accepted_by_the_assigner(app: TestApp) {
    let w = world(&app).await;
    let sub = format!("/tasks/{}", w.sub);
    // The lead agency cannot complete, cancel or move the deadline of its own task.
    for (token, body) in [
        (&w.c1_planner, json!({"status": "completed"})),
        (&w.c1_planner, json!({"status": "cancelled"})),
        (&w.c1_reporter, json!({"status": "completed"})),
        (&w.c1_planner, json!({"due_date": day(90)})),
    ] {
        problem(patch(&app, token, &w.sub, &body).await, 403).await;
    }
    let t = get(&app, &w.c1_reporter, &sub).await;
    assert_eq!(t["status"], "not_started");
    assert_eq!(t["due_date"], day(60));
    assert_eq!(
        t["actions"]["status_moves"],
        json!(["in_progress", "paused"])
    );
    assert_eq!(t["actions"]["propose_completion"], true);
    assert_eq!(t["actions"]["decide_completion"], false);
    // A self-assigned task (P1 leads a sub-task of its own task): P1's planners still may not move
    // its deadline or complete it; the root above decides.
    let own = task(
        &app,
        &w.p1_planner,
        &w.resolution,
        Some(&w.parent),
        "NQ-57.1.2",
        &w.p1,
        -10,
        30,
    )
    .await;
    problem(
        patch(&app, &w.p1_planner, &own, &json!({"due_date": day(40)})).await,
        403,
    )
    .await;
    problem(
        patch(&app, &w.p1_planner, &own, &json!({"status": "completed"})).await,
        403,
    )
    .await;
    assert_eq!(
        patch(&app, &w.p1_planner, &own, &json!({"title": "Đổi tên"}))
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        patch(&app, &w.admin, &own, &json!({"status": "cancelled"}))
            .await
            .status()
            .as_u16(),
        200
    );

    // Proposal: with evidence; refused attempts leave nothing.
    let file = id(&upload(&app, &w.c1_reporter, "bien-ban.pdf", PDF)
        .await
        .json()
        .await
        .unwrap());
    let foreign = id(&upload(&app, &w.p1_planner, "khac.pdf", PDF)
        .await
        .json()
        .await
        .unwrap());
    let propose = format!("{sub}/completion");
    for token in [&w.p1_planner, &w.p1_approver] {
        problem(
            app.post(&propose, token, &json!({"summary": "Xong"})).await,
            403,
        )
        .await;
    }
    let p = problem(
        app.post(&propose, &w.c1_reporter, &json!({"summary": "  "}))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), ["summary"]);
    let p = problem(
        app.post(
            &propose,
            &w.c1_reporter,
            &json!({"summary": "Xong", "attachment_ids": [foreign]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), ["attachment_ids[0]"]);
    assert_eq!(app.count("task_completions"), 0);
    assert_eq!(app.count("evidence_links"), 0);
    assert_eq!(get(&app, &w.admin, &sub).await["status"], "not_started");

    let body = json!({"summary": "Đã ban hành kế hoạch.\nKèm biên bản nghiệm thu.", "attachment_ids": [file]});
    let t: Value = app
        .post(&propose, &w.c1_reporter, &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "awaiting_acceptance");
    assert_eq!(t["actions"]["propose_completion"], false);
    assert_eq!(t["actions"]["status_moves"], json!([]));
    let p = problem(app.post(&propose, &w.c1_planner, &body).await, 409).await;
    assert_eq!(p["code"], "completion_pending");
    let p = problem(
        patch(&app, &w.c1_reporter, &w.sub, &json!({"status": "paused"})).await,
        409,
    )
    .await;
    assert_eq!(p["code"], "completion_pending");
    // Who decides: P1's planners (the assigner), not its approver, not C1.
    let decides = |token: String| {
        let app = &app;
        let sub = sub.clone();
        async move { get(app, &token, &sub).await["actions"]["decide_completion"] == true }
    };
    assert!(decides(w.p1_planner.clone()).await && decides(w.admin.clone()).await);
    assert!(!decides(w.p1_approver.clone()).await && !decides(w.c1_planner.clone()).await);
    for token in [&w.c1_planner, &w.p1_approver] {
        problem(
            app.post(&format!("{propose}/accept"), token, &json!({}))
                .await,
            403,
        )
        .await;
        problem(
            app.post(
                &format!("{propose}/return"),
                token,
                &json!({"reason": "Thiếu"}),
            )
            .await,
            403,
        )
        .await;
    }
    assert_eq!(
        get(&app, &w.admin, &sub).await["status"],
        "awaiting_acceptance"
    );

    // Returned with a reason.
    let p = problem(
        app.post(&format!("{propose}/return"), &w.p1_planner, &json!({}))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), ["reason"]);
    let t: Value = app
        .post(
            &format!("{propose}/return"),
            &w.p1_planner,
            &json!({"reason": "Thiếu biên bản nghiệm thu"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "in_progress");
    let list = get(&app, &w.c1_reporter, &format!("{sub}/completions")).await;
    assert_eq!(list["items"][0]["status"], "returned");
    assert_eq!(list["items"][0]["reason"], "Thiếu biên bản nghiệm thu");
    assert_eq!(list["items"][0]["attachments"][0]["id"], file);
    assert_eq!(
        list["items"][0]["summary"],
        "Đã ban hành kế hoạch.\nKèm biên bản nghiệm thu."
    );
    assert_eq!(list["items"][0]["proposed_by_name"], "c1.reporter");
    assert_eq!(list["items"][0]["decided_by_name"], "p1.planner");
    problem(
        app.post(&format!("{propose}/accept"), &w.p1_planner, &json!({}))
            .await,
        409,
    )
    .await;

    // Proposed again and accepted: completed on the day of the proposal, by whom, when.
    app.post(
        &propose,
        &w.c1_reporter,
        &json!({"summary": "Đã bổ sung biên bản"}),
    )
    .await;
    let pending = get(&app, &w.p1_planner, &format!("{sub}/completions")).await;
    assert_eq!(
        pending["items"][0]["actions"],
        json!({"accept": true, "return": true})
    );
    let res = app
        .post(&format!("{propose}/accept"), &w.p1_planner, &json!({}))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let t: Value = res.json().await.unwrap();
    let me = get(&app, &w.p1_planner, "/me").await;
    assert_eq!(t["status"], "completed");
    assert_eq!(t["progress"], 100.0);
    assert_eq!(t["completed_on"], day(0));
    assert_eq!(t["accepted_by"], me["id"]);
    assert!(t["accepted_at"].is_string());
    assert_eq!(t["evaluation"], "completed_on_time");
    problem(
        app.post(&format!("{propose}/accept"), &w.p1_planner, &json!({}))
            .await,
        409,
    )
    .await;
    assert_eq!(
        audit_actions(&app, &w.admin, &w.sub).await,
        [
            "create",
            "completion_proposed",
            "completion_returned",
            "completion_proposed",
            "completion_accepted"
        ]
    );

    // A parent is not accepted while a sub-task is not.
    let third = task(
        &app,
        &w.p1_planner,
        &w.resolution,
        Some(&w.parent),
        "NQ-57.1.3",
        &w.c1,
        -10,
        30,
    )
    .await;
    let p1_reporter = app
        .user_token(&w.admin, "p1.reporter", &w.p1, &["reporter"])
        .await;
    let p = problem(
        app.post(
            &format!("/tasks/{}/completion", w.parent),
            &p1_reporter,
            &json!({"summary": "Xong"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "open_subtasks");
    app.post(
        &format!("/tasks/{third}/completion"),
        &w.c1_reporter,
        &json!({"summary": "Xong"}),
    )
    .await;
    let p = problem(
        app.post(
            &format!("/tasks/{}/completion", w.parent),
            &p1_reporter,
            &json!({"summary": "Xong"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(
        p["code"], "open_subtasks",
        "a sub-task awaiting acceptance is not completed"
    );
    app.post(
        &format!("/tasks/{third}/completion/accept"),
        &w.p1_planner,
        &json!({}),
    )
    .await;
    let t: Value = app
        .post(
            &format!("/tasks/{}/completion", w.parent),
            &p1_reporter,
            &json!({"summary": "Xong"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "awaiting_acceptance");
    // The parent is the root's to accept; P1 (its lead) may not.
    problem(
        app.post(
            &format!("/tasks/{}/completion/accept", w.parent),
            &w.p1_planner,
            &json!({}),
        )
        .await,
        403,
    )
    .await;
    let s = get(
        &app,
        &w.admin,
        &format!("/dashboard/summary?agency_id={}", w.p1),
    )
    .await;
    assert_eq!(s["tasks"]["awaiting_acceptance"], 1);
    assert_eq!(s["tasks"]["completed"], 2);
    let waiting = get(&app, &w.admin, "/tasks?awaiting_decision=true").await;
    assert_eq!(waiting["total"], 1);
    assert_eq!(waiting["items"][0]["id"], w.parent);
    // What waits comes with the task: the pending proposal, with its id and when it was sent.
    let proposals = get(&app, &w.admin, &format!("/tasks/{}/completions", w.parent)).await;
    let pending = &proposals["items"][0];
    assert_eq!(pending["status"], "pending");
    assert_eq!(
        waiting["items"][0]["waiting"],
        json!([{"kind": "completion", "id": pending["id"], "since": pending["proposed_at"], "due_date": null}])
    );
    // Other lists do not carry it.
    assert!(get(&app, &w.admin, &format!("/tasks/{}", w.parent))
        .await
        .get("waiting")
        .is_none());
    assert_eq!(
        get(&app, &w.p1_planner, "/tasks?awaiting_decision=true").await["total"],
        0
    );
    app.assert_aggregates_consistent();
}

async fn deadlines_and_cancellation_belong_to_the_assigner(app: TestApp) {
    let w = world(&app).await;
    let requests = format!("/tasks/{}/requests", w.sub);
    let ask = |due: Value| json!({"kind": "extension", "reason": "Chờ hướng dẫn của Bộ", "due_date": due});
    for (body, field) in [
        (ask(Value::Null), "due_date"),
        (ask(json!(day(60))), "due_date"),
        (ask(json!(day(121))), "due_date"),
        (
            json!({"kind": "cancellation", "reason": "x", "due_date": day(70)}),
            "due_date",
        ),
        (
            json!({"kind": "extension", "reason": "", "due_date": day(70)}),
            "reason",
        ),
    ] {
        let p = problem(app.post(&requests, &w.c1_reporter, &body).await, 422).await;
        assert_eq!(error_fields(&p), [field], "{body}");
    }
    problem(
        app.post(&requests, &w.p1_planner, &ask(json!(day(70))))
            .await,
        403,
    )
    .await;
    assert_eq!(app.count("task_requests"), 0);
    let r: Value = app
        .post(&requests, &w.c1_reporter, &ask(json!(day(90))))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "pending");
    assert_eq!(r["actions"], json!({"grant": false, "refuse": false}));
    let p = problem(
        app.post(&requests, &w.c1_planner, &ask(json!(day(95))))
            .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "request_pending");
    let list = get(&app, &w.p1_planner, &requests).await;
    assert_eq!(
        list["items"][0]["actions"],
        json!({"grant": true, "refuse": true})
    );
    let waiting = get(&app, &w.p1_planner, "/tasks?awaiting_decision=true").await;
    assert_eq!(waiting["items"][0]["id"], w.sub);
    assert_eq!(
        waiting["items"][0]["waiting"],
        json!([{"kind": "extension", "id": r["id"], "since": r["requested_at"], "due_date": day(90)}])
    );
    let grant = format!("/task-requests/{}/grant", id(&r));
    for token in [&w.c1_planner, &w.p1_approver] {
        problem(app.post(&grant, token, &json!({})).await, 403).await;
    }
    assert_eq!(
        get(&app, &w.admin, &format!("/tasks/{}", w.sub)).await["due_date"],
        day(60)
    );
    // Granted before the deadline: the due date and the evaluation's deadline move.
    let t: Value = app
        .post(&grant, &w.p1_planner, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["due_date"], day(90));
    assert_eq!(t["original_due_date"], day(60));
    assert_eq!(t["evaluation_due_date"], day(90));
    problem(app.post(&grant, &w.p1_planner, &json!({})).await, 409).await;
    let history = get(&app, &w.c1_reporter, &format!("/tasks/{}/due-dates", w.sub)).await;
    assert_eq!(history["total"], 1);
    assert_eq!(history["items"][0]["due_date_before"], day(60));
    assert_eq!(history["items"][0]["due_date_after"], day(90));
    assert_eq!(history["items"][0]["request_id"], r["id"]);
    assert_eq!(history["items"][0]["changed_by_name"], "p1.planner");

    // Cancellation: refused (nothing changes), then asked again and granted.
    let cancel = json!({"kind": "cancellation", "reason": "Không còn phù hợp"});
    let r: Value = app
        .post(&requests, &w.c1_planner, &cancel)
        .await
        .json()
        .await
        .unwrap();
    let refuse = format!("/task-requests/{}/refuse", id(&r));
    let p = problem(app.post(&refuse, &w.p1_planner, &json!({})).await, 422).await;
    assert_eq!(error_fields(&p), ["reason"]);
    let r: Value = app
        .post(
            &refuse,
            &w.p1_planner,
            &json!({"reason": "Vẫn là nhiệm vụ trọng tâm"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "refused");
    assert_eq!(r["decision_reason"], "Vẫn là nhiệm vụ trọng tâm");
    let p = problem(
        app.post(
            &format!("/task-requests/{}/grant", id(&r)),
            &w.p1_planner,
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "already_decided");
    let t = get(&app, &w.admin, &format!("/tasks/{}", w.sub)).await;
    assert_eq!(t["status"], "not_started");
    assert_eq!(t["evaluation"], "not_completed_within_deadline");
    let r: Value = app
        .post(&requests, &w.c1_planner, &cancel)
        .await
        .json()
        .await
        .unwrap();
    let t: Value = app
        .post(
            &format!("/task-requests/{}/grant", id(&r)),
            &w.p1_planner,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "cancelled");
    assert_eq!(t["evaluation"], Value::Null);
    problem(
        app.post(&requests, &w.c1_planner, &ask(json!(day(100))))
            .await,
        409,
    )
    .await;
    assert_eq!(
        audit_actions(&app, &w.admin, &w.sub).await,
        [
            "create",
            "extension_requested",
            "request_granted",
            "cancellation_requested",
            "request_refused",
            "cancellation_requested",
            "request_granted"
        ]
    );
    app.assert_aggregates_consistent();
}

async fn evaluation_is_exact_at_the_boundaries(app: TestApp) {
    let w = world(&app).await;
    let admin = &w.admin;
    let lead = &w.c1;
    let new = |code: &'static str, start: i64, due: i64| {
        let app = &app;
        let token = w.p1_planner.clone();
        let (resolution, parent) = (w.resolution.clone(), w.parent.clone());
        async move {
            task(
                app,
                &token,
                &resolution,
                Some(&parent),
                code,
                lead,
                start,
                due,
            )
            .await
        }
    };
    let complete = |task: String| {
        let app = &app;
        let (reporter, planner) = (w.c1_reporter.clone(), w.p1_planner.clone());
        async move {
            let res = app
                .post(
                    &format!("/tasks/{task}/completion"),
                    &reporter,
                    &json!({"summary": "Xong"}),
                )
                .await;
            assert_eq!(res.status().as_u16(), 200);
            let res = app
                .post(
                    &format!("/tasks/{task}/completion/accept"),
                    &planner,
                    &json!({}),
                )
                .await;
            assert_eq!(res.status().as_u16(), 200);
        }
    };
    let extend = |task: String, due: i64| {
        let app = &app;
        let (reporter, planner) = (w.c1_reporter.clone(), w.p1_planner.clone());
        async move {
            let r: Value = app
                .post(
                    &format!("/tasks/{task}/requests"),
                    &reporter,
                    &json!({"kind": "extension", "reason": "Lý do", "due_date": day(due)}),
                )
                .await
                .json()
                .await
                .unwrap();
            let res = app
                .post(
                    &format!("/task-requests/{}/grant", id(&r)),
                    &planner,
                    &json!({}),
                )
                .await;
            assert_eq!(res.status().as_u16(), 200);
        }
    };
    // Completed on the due day: on time. Completed the day after: late.
    let on_due_day = new("E.1", -20, 0).await;
    complete(on_due_day.clone()).await;
    let day_after = new("E.2", -20, -1).await;
    complete(day_after.clone()).await;
    // Due today, open: within the deadline. Due yesterday, open: overdue.
    let due_today = new("E.3", -20, 0).await;
    let due_yesterday = new("E.4", -20, -1).await;
    // Extended on the due day (before the deadline passed): the deadline moves, still within it.
    let extended_in_time = new("E.5", -20, 0).await;
    extend(extended_in_time.clone(), 20).await;
    // Extended a day after the deadline: the lateness stands.
    let extended_late = new("E.6", -20, -1).await;
    extend(extended_late.clone(), 20).await;
    // Cancelled (granted): not evaluated. Due after the period: not in it.
    let cancelled = new("E.7", -20, 5).await;
    patch(&app, admin, &cancelled, &json!({"status": "cancelled"})).await;
    let _later = new("E.8", -20, 100).await;

    for (task, class, deadline) in [
        (&on_due_day, "completed_on_time", day(0)),
        (&day_after, "completed_late", day(-1)),
        (&due_today, "not_completed_within_deadline", day(0)),
        (&due_yesterday, "not_completed_overdue", day(-1)),
        (&extended_in_time, "not_completed_within_deadline", day(20)),
        (&extended_late, "not_completed_overdue", day(-1)),
    ] {
        let t = get(&app, admin, &format!("/tasks/{task}")).await;
        assert_eq!(t["evaluation"], class, "{}", t["code"]);
        assert_eq!(t["evaluation_due_date"], deadline, "{}", t["code"]);
    }
    let expected = json!({"completed_on_time": 1, "completed_late": 1,
                          "not_completed_within_deadline": 2, "not_completed_overdue": 2});
    let (from, to) = (day(-30), day(30));
    let s = get(
        &app,
        admin,
        &format!("/dashboard/summary?agency_id={}&from={from}&to={to}", w.c1),
    )
    .await;
    let e = &s["evaluation"];
    assert_eq!(
        (e["from"].clone(), e["to"].clone(), e["as_of"].clone()),
        (json!(from), json!(to), json!(day(0)))
    );
    for key in [
        "completed_on_time",
        "completed_late",
        "not_completed_within_deadline",
        "not_completed_overdue",
    ] {
        assert_eq!(e[key], expected[key], "{key}");
    }
    let rows = get(
        &app,
        admin,
        &format!("/dashboard/agencies?parent_id={}&from={from}&to={to}", w.p1),
    )
    .await;
    assert_eq!(rows[0]["agency_id"], w.c1);
    assert_eq!(rows[0]["evaluation"], expected);
    // Each count opens its list: the same tasks, by the same rule.
    for (class, tasks) in [
        ("completed_on_time", vec![&on_due_day]),
        ("completed_late", vec![&day_after]),
        (
            "not_completed_within_deadline",
            vec![&due_today, &extended_in_time],
        ),
        (
            "not_completed_overdue",
            vec![&due_yesterday, &extended_late],
        ),
    ] {
        let list = get(
            &app,
            admin,
            &format!(
                "/tasks?lead_agency_subtree={}&evaluation={class}&evaluation_from={from}&evaluation_to={to}&limit=100",
                w.c1
            ),
        )
        .await;
        let mut got: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        let mut want: Vec<&str> = tasks.iter().map(|t| t.as_str()).collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "{class}");
        assert_eq!(list["total"], expected[class], "{class}");
        for t in list["items"].as_array().unwrap() {
            assert_eq!(t["evaluation"], class);
        }
    }
    // The period bounds the evaluation's deadline, not today's due date: E.6's lateness stays at
    // day -1 though its due date moved to day 20.
    let late = get(
        &app,
        admin,
        &format!(
            "/tasks?evaluation=not_completed_overdue&evaluation_from={}&evaluation_to={}",
            day(-1),
            day(-1)
        ),
    )
    .await;
    let codes: Vec<&str> = late["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"E.6") && codes.contains(&"E.4"),
        "{codes:?}"
    );
    let p = problem(
        app.get(
            &format!("/tasks?evaluation_from={to}&evaluation_to={from}"),
            admin,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["evaluation_to"]);
    problem(app.get("/tasks?evaluation=late", admin).await, 400).await;
    let p = problem(
        app.get(&format!("/dashboard/summary?from={to}&to={from}"), admin)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["to"]);
}

/// The demo data shows each state of the workflow, made through the services.
async fn the_demo_shows_each_supervision_state(app: TestApp) {
    {
        let mut conn = app.db.get().expect("connection");
        restrack::seed::demo(&mut conn, None).expect("demo data");
    }
    let admin = app.admin_token().await;
    let by_code = |code: &'static str| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let page = get(app, &admin, &format!("/tasks?q={code}")).await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["code"] == code)
                .cloned()
                .unwrap_or_else(|| panic!("{code}"))
        }
    };
    let waiting = by_code("57-NQ/TW.4").await;
    assert_eq!(waiting["status"], "awaiting_acceptance");
    assert_eq!(waiting["actions"]["decide_completion"], true);
    let returned = by_code("59-NQ/TW.4").await;
    let list = get(
        &app,
        &admin,
        &format!("/tasks/{}/completions", id(&returned)),
    )
    .await;
    assert_eq!(list["items"][0]["status"], "returned");
    let extended = by_code("72-NQ/TW.2").await;
    assert_ne!(extended["due_date"], extended["original_due_date"]);
    let history = get(&app, &admin, &format!("/tasks/{}/due-dates", id(&extended))).await;
    assert_eq!(history["total"], 1);
    let answered = by_code("57-NQ/TW.3.2.1").await;
    let thread = get(
        &app,
        &admin,
        &format!("/tasks/{}/directives", id(&answered)),
    )
    .await;
    assert_eq!(thread["items"][0]["status"], "answered");
    let overdue = by_code("59-NQ/TW.3").await;
    let alerts = get(
        &app,
        &admin,
        &format!("/alerts?task_id={}&kind=directive_overdue", id(&overdue)),
    )
    .await;
    assert_eq!(alerts["total"], 1);
    // A directive on a KPI series: Hà Nội's approver directs Sóc Sơn on COMMUNE_ONLINE.
    let indicators = get(&app, &admin, "/indicators?q=COMMUNE_ONLINE").await;
    let online = indicators["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "COMMUNE_ONLINE")
        .cloned()
        .unwrap();
    let on_series = get(
        &app,
        &admin,
        &format!("/indicators/{}/directives", id(&online)),
    )
    .await;
    assert_eq!(on_series["total"], 1, "{on_series}");
    assert_eq!(on_series["items"][0]["status"], "open");
    assert_eq!(on_series["items"][0]["directed_agency_name"], "Xã Sóc Sơn");
    assert_eq!(
        on_series["items"][0]["issued_by_name"]
            .as_str()
            .map(str::is_empty),
        Some(false)
    );

    // The old map's figures were written through the figure service at their own time: the old
    // ward's reporter submitted 2024-Q3 on 25/10/2024, an approver above it approved it a week
    // later, and the audit says so.
    let agencies = get(&app, &admin, "/agencies?q=HG-NGUYENTRAI").await;
    let old_ward = agencies["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "HG-NGUYENTRAI")
        .cloned()
        .unwrap();
    let figures = get(
        &app,
        &admin,
        &format!(
            "/indicators/{}/values?agency_id={}&from=2024-Q3&to=2024-Q3",
            id(&online),
            id(&old_ward)
        ),
    )
    .await;
    let figure = &figures["items"][0];
    assert_eq!(figures["total"], 1, "{figures}");
    assert_eq!(figure["status"], "approved");
    assert_eq!(figure["submitted_at"], "2024-10-25T09:00:00Z");
    assert_eq!(figure["approved_at"], "2024-11-01T09:00:00Z");
    let trail = get(
        &app,
        &admin,
        &format!(
            "/audit?entity_type=indicator_value&entity_id={}",
            id(figure)
        ),
    )
    .await;
    let steps: Vec<(String, String, String)> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor_name"].as_str().unwrap().to_string(),
                e["at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        steps.contains(&(
            "create_submit".into(),
            "baocao.hg-nguyentrai".into(),
            "2024-10-25T09:00:00Z".into()
        )),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|(action, _, at)| action == "approve" && at == "2024-11-01T09:00:00Z"),
        "{steps:?}"
    );
    app.assert_aggregates_consistent();
}

/// Proposals (kiến nghị) in a progress report are answered by the level above.
async fn proposals_are_answered_by_the_level_above(app: TestApp) {
    let w = world(&app).await;
    let file = |proposals: &'static str| {
        let (app, token, sub) = (&app, w.c1_reporter.clone(), w.sub.clone());
        async move {
            let res = app
                .post(
                    &format!("/tasks/{sub}/reports"),
                    &token,
                    &json!({"period": crate::helpers::quarter(0), "progress": 40,
                            "narrative": "Đang triển khai", "proposals": proposals}),
                )
                .await;
            assert_eq!(res.status().as_u16(), 201);
            res.json::<Value>().await.unwrap()
        }
    };
    let plain = file("").await;
    let asking = file("Đề nghị tỉnh hỗ trợ kinh phí số hóa").await;
    assert_eq!(
        asking["actions"]["answer_proposals"], false,
        "the ward does not answer itself"
    );
    let reports = get(&app, &w.p1_approver, &format!("/tasks/{}/reports", w.sub)).await;
    let offered: Vec<(String, bool)> = reports["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (id(r), r["actions"]["answer_proposals"].as_bool().unwrap()))
        .collect();
    assert!(offered.contains(&(id(&asking), true)) && offered.contains(&(id(&plain), false)));
    let answer = json!({"text": "Tỉnh bố trí 500 triệu đồng trong quý tới"});
    for token in [&w.c1_reporter, &w.c1_planner] {
        problem(
            app.post(&format!("/reports/{}/answer", id(&asking)), token, &answer)
                .await,
            403,
        )
        .await;
    }
    problem(
        app.post(
            &format!("/reports/{}/answer", id(&plain)),
            &w.p1_approver,
            &answer,
        )
        .await,
        409,
    )
    .await;
    let p = problem(
        app.post(
            &format!("/reports/{}/answer", id(&asking)),
            &w.p1_approver,
            &json!({"text": ""}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), ["text"]);
    let r: Value = app
        .post(
            &format!("/reports/{}/answer", id(&asking)),
            &w.p1_approver,
            &answer,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["proposals_answer"], answer["text"]);
    assert_eq!(
        r["proposals_answered_by"],
        get(&app, &w.p1_approver, "/me").await["id"]
    );
    assert_eq!(r["proposals_answered_by_name"], "p1.approver");
    let seen = get(&app, &w.c1_reporter, &format!("/tasks/{}/reports", w.sub)).await;
    let mine = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == asking["id"])
        .unwrap();
    assert_eq!(mine["proposals_answer"], answer["text"]);
    let audit = get(
        &app,
        &w.admin,
        &format!(
            "/audit?entity_type=progress_report&entity_id={}",
            id(&asking)
        ),
    )
    .await;
    assert_eq!(audit["items"][0]["action"], "answer_proposals");
}

/// A scorecard row says about its agency what that agency's own summary says (the rows are read
/// for all children at once, the summary for one): on the demo, where the children have tasks,
/// figures and open alerts of every severity.
async fn scorecard_rows_equal_each_childs_summary(app: TestApp) {
    {
        let mut conn = app.db.get().expect("connection");
        restrack::seed::demo(&mut conn, None).expect("demo data");
    }
    let admin = app.admin_token().await;
    let hn: Value = get(&app, &admin, "/agencies?q=HN&limit=500").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "HN")
        .cloned()
        .unwrap();
    for parent in [None, Some(id(&hn))] {
        let path = match &parent {
            Some(p) => format!("/dashboard/agencies?parent_id={p}"),
            None => "/dashboard/agencies".to_string(),
        };
        let rows = get(&app, &admin, &path).await;
        let rows = rows.as_array().unwrap();
        assert!(rows.len() >= 3, "{rows:?}");
        let mut alerts_seen = 0;
        for row in rows {
            let s = get(
                &app,
                &admin,
                &format!(
                    "/dashboard/summary?agency_id={}",
                    row["agency_id"].as_str().unwrap()
                ),
            )
            .await;
            let open_alerts = ["info", "warning", "critical"]
                .iter()
                .map(|k| s["alerts"][k].as_i64().unwrap())
                .sum::<i64>();
            alerts_seen += open_alerts;
            let with_target =
                s["kpis"]["on_track"].as_i64().unwrap() + s["kpis"]["off_track"].as_i64().unwrap();
            let on_track_pct = (with_target > 0).then(|| {
                (1000.0 * s["kpis"]["on_track"].as_f64().unwrap() / with_target as f64).round()
                    / 10.0
            });
            assert_eq!(
                (
                    &row["tasks"],
                    &row["completed"],
                    &row["overdue"],
                    &row["weighted_progress"],
                    &row["completeness_pct"],
                    &row["timeliness_pct"],
                    row["open_alerts"].as_i64(),
                    row["kpi_on_track_pct"].as_f64(),
                    &row["evaluation"],
                ),
                (
                    &s["tasks"]["total"],
                    &s["tasks"]["completed"],
                    &s["tasks"]["overdue"],
                    &s["weighted_progress"],
                    &s["completeness_pct"],
                    &s["timeliness_pct"],
                    Some(open_alerts),
                    on_track_pct,
                    &json!({
                        "completed_on_time": s["evaluation"]["completed_on_time"],
                        "completed_late": s["evaluation"]["completed_late"],
                        "not_completed_within_deadline": s["evaluation"]["not_completed_within_deadline"],
                        "not_completed_overdue": s["evaluation"]["not_completed_overdue"],
                    }),
                ),
                "{}",
                row["code"]
            );
        }
        assert!(alerts_seen > 0, "the demo's children have open alerts");
    }
}

crate::on_both_backends!(
    scorecard_rows_equal_each_childs_summary,
    completion_is_proposed_then_accepted_by_the_assigner,
    deadlines_and_cancellation_belong_to_the_assigner,
    evaluation_is_exact_at_the_boundaries,
    the_demo_shows_each_supervision_state,
    proposals_are_answered_by_the_level_above,
);
