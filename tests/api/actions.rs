//! The `actions` a view reports are what the server then allows: for every role of one province
//! and every relation of a task to it (its own, a child's, a parent's it coordinates, a sibling's
//! it coordinates), and of a figure to it (its own series, a commune's below it; written by
//! someone else or by the caller itself; directing a series' source), each action the view offers
//! succeeds and each it does
//! not offer is refused with 403 — the policy cannot say yes while the endpoint says no, or the
//! other way round.

use serde_json::{json, Value};

use crate::helpers::{day, etag, id, quarter, TestApp};

fn this_quarter() -> String {
    quarter(0)
}

const ROLES: [&str; 6] = [
    "admin",
    "agency_admin",
    "planner",
    "reporter",
    "approver",
    "viewer",
];

struct Agencies {
    root: String,
    p1: String,
    c1: String,
    p2: String,
}

/// Four tasks of one resolution as seen from P1: led by P1 (own), by its commune C1 under P1's task
/// (child), by ROOT and coordinated by P1 (parent), by P2 and coordinated by P1 (sibling). All in
/// progress. Returns (relation, task id).
async fn tasks_for(
    app: &TestApp,
    admin: &str,
    a: &Agencies,
    resolution: &str,
    tag: &str,
) -> Vec<(&'static str, String)> {
    let create = |body: Value| async move {
        let res = app.post("/tasks", admin, &body).await;
        assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
        id(&res.json().await.unwrap())
    };
    let own = create(
        json!({"resolution_id": resolution, "code": format!("{tag}.P1"), "title": "Của tỉnh",
        "lead_agency_id": a.p1, "start_date": day(-30), "due_date": day(60)}),
    )
    .await;
    let child = create(
        json!({"resolution_id": resolution, "parent_id": own, "code": format!("{tag}.P1.C1"),
        "title": "Của xã", "lead_agency_id": a.c1, "start_date": day(-30), "due_date": day(50)}),
    )
    .await;
    let parent = create(json!({"resolution_id": resolution, "code": format!("{tag}.ROOT"), "title": "Của trung ương",
        "lead_agency_id": a.root, "coordinating_agency_ids": [a.p1], "start_date": day(-30), "due_date": day(60)}))
    .await;
    let sibling = create(json!({"resolution_id": resolution, "code": format!("{tag}.P2"), "title": "Của tỉnh khác",
        "lead_agency_id": a.p2, "coordinating_agency_ids": [a.p1], "start_date": day(-30), "due_date": day(60)}))
    .await;
    let all = vec![
        ("own", own),
        ("child", child),
        ("parent", parent),
        ("sibling", sibling),
    ];
    for (_, task) in &all {
        set_status(app, admin, task, "in_progress").await;
    }
    all
}

async fn get_task(app: &TestApp, token: &str, task: &str) -> (Value, String) {
    let res = app.get(&format!("/tasks/{task}"), token).await;
    assert_eq!(res.status().as_u16(), 200);
    let tag = etag(&res);
    (res.json().await.unwrap(), tag)
}

async fn set_status(app: &TestApp, token: &str, task: &str, status: &str) -> u16 {
    let (_, tag) = get_task(app, token, task).await;
    app.patch(
        &format!("/tasks/{task}"),
        token,
        Some(&tag),
        &json!({"status": status}),
    )
    .await
    .status()
    .as_u16()
}

fn offered(actions: &Value, name: &str) -> bool {
    actions[name].as_bool().unwrap()
}

/// Whether an answer means "allowed" (anything but 403; a 409 is a state no role could change).
fn agrees(what: &str, offered: bool, status: u16) {
    assert_ne!(status, 500, "{what}");
    assert_eq!(
        offered,
        status != 403,
        "{what}: offered {offered} but the server answered {status}"
    );
}

async fn task_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let a = Agencies { root, p1, c1, p2 };
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết 57", "owner_agency_id": a.root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let mut cells = 0;
    for role in ROLES {
        let token = if role == "admin" {
            admin.clone()
        } else {
            app.user_token(&admin, &format!("p1.{role}"), &a.p1, &[role])
                .await
        };
        // The resolution's own actions.
        let res = app.get(&format!("/resolutions/{resolution}"), &token).await;
        let tag = etag(&res);
        let seen: Value = res.json().await.unwrap();
        let status = app
            .patch(
                &format!("/resolutions/{resolution}"),
                &token,
                Some(&tag),
                &json!({"summary": format!("sửa bởi {role}")}),
            )
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{role}: edit resolution"),
            offered(&seen["actions"], "edit"),
            status,
        );
        let status = app
            .post(
                "/tasks",
                &token,
                &json!({"resolution_id": resolution, "code": format!("TOP.{role}"), "title": "Thêm",
                        "lead_agency_id": a.p1, "start_date": day(0), "due_date": day(10)}),
            )
            .await
            .status()
            .as_u16();
        agrees(
            &format!("{role}: add a top-level task"),
            offered(&seen["actions"], "add_task"),
            status,
        );
        for (relation, task) in tasks_for(&app, &admin, &a, &resolution, role).await {
            let what = |action: &str| format!("{role} on {relation}: {action}");
            let (seen, tag) = get_task(&app, &token, &task).await;
            let actions = seen["actions"].clone();
            // Edit the plan.
            let status = app
                .patch(
                    &format!("/tasks/{task}"),
                    &token,
                    Some(&tag),
                    &json!({"title": format!("Sửa bởi {role}")}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("edit"), offered(&actions, "edit"), status);
            // Report progress.
            let status = app
                .post(
                    &format!("/tasks/{task}/reports"),
                    &token,
                    &json!({"period": this_quarter(), "progress": 20, "narrative": "Báo cáo"}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("report"), offered(&actions, "report"), status);
            // Decompose.
            let lead = seen["lead_agency_id"].as_str().unwrap().to_string();
            let status = app
                .post(
                    "/tasks",
                    &token,
                    &json!({"resolution_id": resolution, "parent_id": task, "code": format!("{role}.{relation}.SUB"),
                            "title": "Việc con", "lead_agency_id": lead, "start_date": day(0), "due_date": day(10)}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("decompose"), offered(&actions, "decompose"), status);
            // Tie a KPI to its progress.
            let owner = if role == "admin" { &a.root } else { &a.p1 };
            let status = app
                .post(
                    "/indicators",
                    &token,
                    &json!({"code": format!("K_{}_{relation}", role.to_uppercase()), "name": "Chỉ tiêu", "group": "output",
                            "unit": "%", "value_type": "percent", "direction": "increase", "aggregation": "average",
                            "frequency": "quarterly", "owner_agency_id": owner, "task_id": task,
                            "drives_task_progress": true, "target_value": 100}),
                )
                .await
                .status()
                .as_u16();
            agrees(&what("link_kpi"), offered(&actions, "link_kpi"), status);
            // Every status move, offered or not; a move that succeeds is undone by the admin.
            let moves: Vec<String> = actions["status_moves"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect();
            for to in ["paused", "completed", "not_started", "cancelled"] {
                let (now, _) = get_task(&app, &admin, &task).await;
                if now["status"] != "in_progress" {
                    // A sub-task added above keeps its parent from completing: a state, not a role.
                    set_status(&app, &admin, &task, "in_progress").await;
                }
                let status = set_status(&app, &token, &task, to).await;
                let allowed = moves.iter().any(|m| m == to);
                if to == "not_started" {
                    // Never a move from in progress: 409 for whoever may change the status.
                    assert!(!allowed, "{}", what("not_started offered"));
                    assert!(status == 403 || status == 409, "{}", what(to));
                    continue;
                }
                if to == "completed" && status == 409 {
                    // Open sub-tasks: the role was allowed.
                    assert!(allowed, "{}: 409 but not offered", what(to));
                    continue;
                }
                agrees(&what(to), allowed, status);
                if status == 200 && to != "cancelled" {
                    assert_eq!(
                        set_status(&app, &admin, &task, "in_progress").await,
                        200,
                        "undo {to}"
                    );
                }
                cells += 1;
            }
            // Delete last (a 409 for reports or sub-tasks is a state: the role was allowed).
            let (_, tag) = get_task(&app, &token, &task).await;
            let status = app
                .delete(&format!("/tasks/{task}"), &token, Some(&tag))
                .await
                .status()
                .as_u16();
            agrees(&what("delete"), offered(&actions, "delete"), status);
            cells += 5;
        }
    }
    // 6 roles × 4 relations × (edit, report, decompose, link_kpi, delete and three moves), less
    // the completions a sub-task blocked.
    assert!(cells >= 6 * 4 * 7, "{cells} cells checked");
}

/// A fresh figure of one series written by `author` (submitted or a draft); returns its id.
async fn figure(app: &TestApp, author: &str, ind: &str, agency: &str, submit: bool) -> String {
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            author,
            &json!({"agency_id": agency, "period": this_quarter(), "value": 50, "submit": submit}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    id(&res.json().await.unwrap())
}

/// The caller's view of one figure (the current revision of its series).
async fn seen_figure(app: &TestApp, token: &str, ind: &str, agency: &str, value: &str) -> Value {
    let list: Value = app
        .get(
            &format!("/indicators/{ind}/values?agency_id={agency}"),
            token,
        )
        .await
        .json()
        .await
        .unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == value)
        .cloned()
        .unwrap_or_else(|| panic!("figure {value} not listed: {list}"))
}

async fn value_actions_match_the_server(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let res = app
        .post(
            "/indicators",
            &admin,
            &json!({"code": "SHARED", "name": "Chỉ tiêu chung", "group": "output", "unit": "%",
                    "value_type": "percent", "direction": "increase", "aggregation": "average",
                    "frequency": "quarterly", "owner_agency_id": root, "reporting_agency_ids": [p1, c1]}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let ind = id(&res.json().await.unwrap());
    let p1_reporter = app
        .user_token(&admin, "p1.writer", &p1, &["reporter"])
        .await;
    let c1_reporter = app
        .user_token(&admin, "c1.writer", &c1, &["reporter"])
        .await;
    let mut cells = 0;
    let mut directed = 0;
    let mut users: Vec<(String, String)> = vec![("admin".into(), admin.clone())];
    for role in ROLES.iter().skip(1) {
        users.push((
            role.to_string(),
            app.user_token(&admin, &format!("p1.{role}"), &p1, &[role])
                .await,
        ));
    }
    // One who reports and approves: never approves its own figure.
    let both = app
        .user_token(&admin, "p1.both", &p1, &["reporter", "approver"])
        .await;
    users.push(("reporter+approver".into(), both.clone()));
    for (who, token) in &users {
        let seen: Value = app
            .get(&format!("/indicators/{ind}"), token)
            .await
            .json()
            .await
            .unwrap();
        let writes: Vec<String> = seen["actions"]["write_agency_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        for series in [&p1, &c1] {
            let status = app
                .post(
                    &format!("/indicators/{ind}/values"),
                    token,
                    &json!({"agency_id": series, "period": this_quarter(), "value": 40}),
                )
                .await
                .status()
                .as_u16();
            agrees(
                &format!("{who} writes {series}"),
                writes.contains(series),
                status,
            );
            // Directing the series' source (P1 is its own source; C1 is below P1).
            let view: Value = app
                .get(
                    &format!("/indicators/{ind}/series?agency_id={series}"),
                    token,
                )
                .await
                .json()
                .await
                .unwrap();
            let status = app
                .post(
                    &format!("/indicators/{ind}/directives"),
                    token,
                    &json!({"agency_id": series, "text": "Giải trình số liệu"}),
                )
                .await
                .status()
                .as_u16();
            let offered = view["actions"]["issue_directive"].as_bool().unwrap();
            agrees(&format!("{who} directs {series}"), offered, status);
            directed += usize::from(offered);
        }
        for (series, author) in [(&p1, &p1_reporter), (&c1, &c1_reporter)] {
            let what = |a: &str| format!("{who} on {series}: {a}");
            for decision in ["approve", "return"] {
                let author = if who == "reporter+approver" && series == &p1 {
                    &both
                } else {
                    author
                };
                let value = figure(&app, author, &ind, series, true).await;
                let seen = seen_figure(&app, token, &ind, series, &value).await;
                let offered = seen["actions"][decision].as_bool().unwrap();
                let status = app
                    .post(
                        &format!("/values/{value}/{decision}"),
                        token,
                        &json!({"reason": "Số liệu chưa khớp với báo cáo"}),
                    )
                    .await
                    .status()
                    .as_u16();
                agrees(&what(decision), offered, status);
                if author == &both && token == &both {
                    assert!(!offered && seen["actions"]["own_submission"] == true);
                }
                cells += 1;
            }
            let draft = figure(&app, author, &ind, series, false).await;
            let seen = seen_figure(&app, token, &ind, series, &draft).await;
            let offered = seen["actions"]["submit"].as_bool().unwrap();
            let status = app
                .post(&format!("/values/{draft}/submit"), token, &json!({}))
                .await
                .status()
                .as_u16();
            agrees(&what("submit"), offered, status);
            cells += 1;
        }
    }
    assert_eq!(cells, users.len() * 2 * 3);
    // The national admin directs both series; P1's planner, approver and reporter+approver direct
    // C1's.
    assert_eq!(directed, 5);
    assert_eq!(app.count("directives"), 5);
}

crate::on_both_backends!(
    task_actions_match_the_server,
    value_actions_match_the_server
);
