//! The access-control matrix: every operation × every role × every relation between the caller's
//! agency and the object's, as one table with the expected status of each cell.
//!
//! The callers are six users of one province (P1), one per role. The objects belong to agencies in
//! five relations to P1: its own agency, a child (a commune of P1), its parent (the root), a sibling
//! (another province) and an unrelated agency (a commune of that other province). Outside the
//! caller's subtree an object does not exist for the caller (404, so ids from elsewhere reveal
//! nothing: BOLA); inside it a role that may not do something gets 403 (BFLA). Each row also runs
//! a request of a role that may act, so a row cannot pass by refusing everyone.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{etag, id, TestApp, USER_PASSWORD};
use crate::on_both_backends;

const RELATIONS: [&str; 5] = ["own", "child", "parent", "sibling", "unrelated"];
const ROLES: [&str; 6] = [
    "admin",
    "agency_admin",
    "planner",
    "reporter",
    "approver",
    "viewer",
];
const ALL: &[&str] = &ROLES;
const ADMINS: &[&str] = &["admin", "agency_admin"];
const PLANNERS: &[&str] = &["admin", "planner"];
/// Reporters write their agency's data; an agency's administrator may act as its reporter.
const REPORTERS: &[&str] = &["admin", "reporter"];
/// Everybody but viewers.
const ACTORS: &[&str] = &["admin", "agency_admin", "planner", "reporter", "approver"];
const APPROVERS: &[&str] = &["admin", "approver"];
const ADMIN: &[&str] = &["admin"];

/// What a row needs made fresh, per request, before it runs (by the national administrator or
/// the object's own reporter), so that a success does not change what the next cell sees.
#[derive(Clone, Copy, PartialEq)]
enum Fresh {
    Nothing,
    SubmittedValue,
    DraftValue,
    Task,
    ApiKey,
    DraftSet,
    PublishedSet,
    /// The alert open again (an acknowledged alert is not acknowledged twice).
    OpenAlert,
    /// A scheduled report of the agency, its person as the recipient.
    Schedule,
}

struct Row {
    method: Method,
    path: &'static str,
    body: Option<&'static str>,
    fresh: Fresh,
    /// Roles the row's `may` outcomes apply to; every other role gets `may_not`.
    roles: &'static [&'static str],
    may: [u16; 5],
    may_not: [u16; 5],
}

const READ: [u16; 5] = [200, 200, 404, 404, 404];
const READ_UP: [u16; 5] = [200, 200, 200, 404, 404];
const HIDDEN: [u16; 5] = [403, 403, 404, 404, 404];
/// Creating: the role is checked first; a reference outside the scope is a named invalid field.
const CREATE: [u16; 5] = [201, 201, 422, 422, 422];
const REFUSED: [u16; 5] = [403; 5];

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Fresh::*;
    let r = |method: Method, path, body, fresh, roles, may, may_not| Row { method, path, body, fresh, roles, may, may_not };
    let get = |path, may| Row { method: Method::GET, path, body: None, fresh: Nothing, roles: ALL, may, may_not: may };
    vec![
        // Agencies
        get("/agencies/{agency}", READ),
        get("/agencies/{agency}/tree", READ),
        get("/agencies?parent_id={agency}", [200; 5]),
        r(Method::POST, "/agencies", Some(r#"{"code":"N{n}","name":"Xã mới {n}","kind":"commune","parent_id":"{agency}"}"#), Nothing, ADMINS, CREATE, REFUSED),
        r(Method::PATCH, "/agencies/{agency}", Some(r#"{"name":"Tên mới {n}"}"#), Nothing, ADMINS, [200, 200, 404, 404, 404], HIDDEN),
        // One's own agency: never (403); one below: refused while it has sub-agencies and users.
        r(Method::DELETE, "/agencies/{agency}", None, Nothing, ADMINS, [403, 409, 404, 404, 404], HIDDEN),
        r(Method::POST, "/agencies/{agency}/merge?dry_run=true", Some(r#"{"into_id":"{c1b}"}"#), Nothing, ADMINS, [403, 200, 404, 404, 404], HIDDEN),
        r(Method::POST, "/agencies/{agency}/merge/undo", None, Nothing, ADMIN, [409, 409, 404, 404, 404], HIDDEN),
        r(Method::POST, "/agencies/{agency}/dissolve", None, Nothing, ADMINS, [403, 409, 404, 404, 404], HIDDEN),
        get("/agencies/{agency}?as_of=2020-01-01", [404, 404, 404, 404, 404]),
        get("/agencies/{agency}/tree?as_of=2999-01-01", READ),
        // Users
        get("/users/{user}", READ),
        get("/users?agency_id={agency}", [200; 5]),
        r(Method::POST, "/users", Some(r#"{"username":"u{n}","display_name":"Người {n}","agency_id":"{agency}","roles":["viewer"],"password":"Matrix-pass-2026!"}"#), Nothing, ADMINS, CREATE, REFUSED),
        r(Method::PATCH, "/users/{user}", Some(r#"{"display_name":"Tên {n}"}"#), Nothing, ADMINS, [200, 200, 404, 404, 404], HIDDEN),
        r(Method::GET, "/users/{user}/sessions", None, Nothing, ADMINS, [200, 200, 404, 404, 404], HIDDEN),
        // DELETE /users/{id}/sessions would end the fixture reporters' own sessions, which later rows
        // use: it is tried per role in actions_admin and per relation in sessions.rs.
        // Resolutions
        get("/resolutions/{resolution}", READ_UP),
        get("/resolutions/{resolution}/tree", READ_UP),
        get("/resolutions?owner_agency_id={agency}", [200; 5]),
        r(Method::POST, "/resolutions", Some(r#"{"code":"NQ{n}","title":"Nghị quyết {n}","owner_agency_id":"{agency}"}"#), Nothing, PLANNERS, CREATE, REFUSED),
        r(Method::PATCH, "/resolutions/{resolution}", Some(r#"{"summary":"Tóm tắt {n}"}"#), Nothing, PLANNERS, [200, 200, 403, 404, 404], [403, 403, 403, 404, 404]),
        // Tasks
        get("/tasks/{task}", READ),
        get("/tasks/{task}/reports", READ),
        get("/tasks?lead_agency_id={agency}", [200; 5]),
        r(Method::POST, "/tasks", Some(r#"{"resolution_id":"{r0}","parent_id":"{task}","code":"T{n}","title":"Việc {n}","lead_agency_id":"{agency}","start_date":"2024-01-01","due_date":"2024-06-30"}"#), Nothing, PLANNERS, CREATE, REFUSED),
        r(Method::PATCH, "/tasks/{task}", Some(r#"{"description":"Mô tả {n}"}"#), Task, PLANNERS, [200, 200, 404, 404, 404], HIDDEN),
        r(Method::DELETE, "/tasks/{task}", None, Task, PLANNERS, [204, 204, 404, 404, 404], HIDDEN),
        r(Method::POST, "/tasks/{task}/reports", Some(r#"{"period":"2026-11","progress":10}"#), Nothing, REPORTERS, [201, 403, 404, 404, 404], HIDDEN),
        // Indicators
        get("/indicators/{indicator}", READ_UP),
        get("/indicators/{indicator}/targets", READ_UP),
        get("/indicators?owner_agency_id={agency}", [200; 5]),
        r(Method::POST, "/indicators", Some(r#"{"code":"I{n}","name":"Chỉ tiêu {n}","group":"output","value_type":"number","direction":"increase","aggregation":"sum","frequency":"yearly","owner_agency_id":"{agency}"}"#), Nothing, PLANNERS, CREATE, REFUSED),
        r(Method::PATCH, "/indicators/{indicator}", Some(r#"{"description":"Mô tả {n}"}"#), Nothing, PLANNERS, [200, 200, 403, 404, 404], [403, 403, 403, 404, 404]),
        r(Method::PUT, "/indicators/{indicator}/targets", Some(r#"{"interim":[]}"#), Nothing, PLANNERS, [200, 200, 403, 404, 404], [403, 403, 403, 404, 404]),
        // Figures: one datum, one source, one owner
        get("/indicators/{shared}/series?agency_id={agency}", READ),
        get("/indicators/{shared}/values?agency_id={agency}", [200; 5]),
        get("/values?agency_id={agency}", [200; 5]),
        r(Method::POST, "/indicators/{shared}/values", Some(r#"{"agency_id":"{agency}","period":"{period}","value":7}"#), Nothing, REPORTERS, [201, 403, 403, 403, 403], [403, 403, 403, 403, 403]),
        r(Method::POST, "/values/{value}/submit", None, DraftValue, REPORTERS, [200, 403, 404, 404, 404], HIDDEN),
        r(Method::POST, "/values/{value}/approve", None, SubmittedValue, APPROVERS, [200, 200, 404, 404, 404], HIDDEN),
        r(Method::POST, "/values/{value}/return", Some(r#"{"reason":"Thiếu minh chứng"}"#), SubmittedValue, APPROVERS, [200, 200, 404, 404, 404], HIDDEN),
        // Indicator sets
        get("/indicator-sets/{set}", READ_UP),
        r(Method::POST, "/indicator-sets", Some(r#"{"code":"S{n}","name":"Bộ {n}","owner_agency_id":"{agency}"}"#), Nothing, PLANNERS, CREATE, REFUSED),
        r(Method::PATCH, "/indicator-sets/{set}", Some(r#"{"name":"Bộ {n}"}"#), DraftSet, PLANNERS, [200, 200, 403, 404, 404], [403, 403, 403, 404, 404]),
        r(Method::POST, "/indicator-sets/{set}/publish", None, DraftSet, PLANNERS, [200, 200, 403, 404, 404], [403, 403, 403, 404, 404]),
        r(Method::POST, "/indicator-sets/{set}/versions", None, PublishedSet, PLANNERS, [201, 201, 403, 404, 404], [403, 403, 403, 404, 404]),
        // API keys
        r(Method::GET, "/api-keys?agency_id={agency}", None, Nothing, ADMINS, [200; 5], [403; 5]),
        r(Method::POST, "/api-keys", Some(r#"{"name":"Hệ thống {n}","roles":["viewer"],"agency_id":"{agency}"}"#), Nothing, ADMINS, CREATE, REFUSED),
        r(Method::DELETE, "/api-keys/{key}", None, ApiKey, ADMINS, [204, 204, 404, 404, 404], HIDDEN),
        // Alerts, imports, audit
        get("/alerts?agency_id={agency}", READ),
        r(Method::POST, "/alerts/{alert}/acknowledge", None, OpenAlert, ACTORS, [200, 200, 404, 404, 404], HIDDEN),
        get("/imports/runs/{import}", READ),
        r(Method::POST, "/imports/indicator-values?dry_run=true", Some(r#"[{"indicator_code":"SHARED","agency_code":"{code}","period":"2001-01","value":"5"}]"#), Nothing, REPORTERS, [200, 422, 422, 422, 422], [403, 403, 403, 403, 403]),
        get("/audit?entity_id={agency}", [200; 5]),
        // Dashboards and reports
        get("/dashboard/summary?agency_id={agency}", READ),
        get("/dashboard/agencies?parent_id={agency}", READ),
        get("/dashboard/summary?agency_id={agency}&as_of=2999-01-01", READ),
        get("/dashboard/agencies?parent_id={agency}&as_of=2999-01-01", READ),
        get("/dashboard/trend?agency_id={agency}", READ),
        get("/dashboard/data-quality?parent_id={agency}", READ),
        get("/reports/periodic?agency_id={agency}", READ),
        get("/reports/periodic?agency_id={agency}&format=docx", READ),
        get("/exports/alerts?agency_id={agency}&format=xlsx", READ),
        get("/exports/scorecard?parent_id={agency}", READ),
        r(Method::POST, "/report-schedules", Some(r#"{"agency_id":"{agency}","period_kind":"quarter","format":"pdf","recipient_ids":["{user}"]}"#), Nothing, PLANNERS, CREATE, REFUSED),
        r(Method::GET, "/report-schedules/{schedule}/runs", None, Schedule, ALL, READ, READ),
        r(Method::DELETE, "/report-schedules/{schedule}", None, Schedule, PLANNERS, [204, 204, 404, 404, 404], HIDDEN),
    ]
}

/// Operations without an object: the same for every relation.
#[rustfmt::skip]
fn unrelated_rows() -> Vec<(Method, &'static str, &'static [&'static str], u16, u16)> {
    vec![
        (Method::GET, "/me", ALL, 200, 200),
        (Method::GET, "/agencies", ALL, 200, 200),
        (Method::GET, "/tasks", ALL, 200, 200),
        (Method::GET, "/resolutions", ALL, 200, 200),
        (Method::GET, "/indicators", ALL, 200, 200),
        (Method::GET, "/indicator-sets", ALL, 200, 200),
        (Method::GET, "/values", ALL, 200, 200),
        (Method::GET, "/alerts", ALL, 200, 200),
        (Method::GET, "/imports", ALL, 200, 200),
        (Method::GET, "/audit", ALL, 200, 200),
        (Method::GET, "/users", ALL, 200, 200),
        (Method::GET, "/api-keys", ADMINS, 200, 403),
        (Method::GET, "/dashboard/summary", ALL, 200, 200),
        (Method::GET, "/exports/agencies?format=json", ALL, 200, 200),
        (Method::GET, "/exports/indicator-values?format=csv", ALL, 200, 200),
        (Method::GET, "/report-schedules", ALL, 200, 200),
        (Method::POST, "/alerts/evaluate", ADMIN, 200, 403),
    ]
}

struct World {
    admin: String,
    /// Per relation.
    agency: Vec<String>,
    code: Vec<String>,
    user: Vec<String>,
    reporter: Vec<String>,
    resolution: Vec<String>,
    task: Vec<String>,
    indicator: Vec<String>,
    set: Vec<String>,
    alert: Vec<String>,
    import: Vec<String>,
    r0: String,
    shared: String,
    c1b: String,
    /// Per role: the caller in P1.
    callers: Vec<String>,
}

async fn created(res: reqwest::Response, what: &str) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let c1 = id(&app.agency(&admin, "C1", "commune", &p1).await);
    let c1b = id(&app.agency(&admin, "C1B", "commune", &p1).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c2 = id(&app.agency(&admin, "C2", "commune", &p2).await);
    let agency = vec![p1.clone(), c1, root.clone(), p2, c2];
    let code: Vec<String> = ["P1", "C1", "ROOT", "P2", "C2"].map(String::from).into();
    let mut user = Vec::new();
    let mut reporter = Vec::new();
    for (rel, a) in RELATIONS.iter().zip(&agency) {
        let name = format!("target.{rel}");
        user.push(id(&app.user(&admin, &name, a, &["reporter"]).await));
        reporter.push(app.token(&name, USER_PASSWORD).await);
    }
    let mut callers = Vec::new();
    for role in ROLES {
        callers.push(
            app.user_token(&admin, &format!("p1.{role}"), &p1, &[role])
                .await,
        );
    }
    // The national resolution every relation's task belongs to; one resolution per relation too.
    let r0 = id(&created(
        app.post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ0", "title": "Nghị quyết quốc gia", "owner_agency_id": root}),
        )
        .await,
        "resolution",
    )
    .await);
    let mut resolution = Vec::new();
    let mut task = Vec::new();
    let mut indicator = Vec::new();
    let mut set = Vec::new();
    for (i, a) in agency.iter().enumerate() {
        resolution.push(id(&created(
            app.post(
                "/resolutions",
                &admin,
                &json!({"code": format!("NQ_{i}"), "title": format!("Nghị quyết {i}"), "owner_agency_id": a}),
            )
            .await,
            "resolution",
        )
        .await));
        // Overdue, so that the evaluation raises an alert about each.
        task.push(id(&created(
            app.post(
                "/tasks",
                &admin,
                &json!({"resolution_id": r0, "code": format!("T_{i}"), "title": format!("Nhiệm vụ {i}"),
                        "lead_agency_id": a, "start_date": "2024-01-01", "due_date": "2024-06-30"}),
            )
            .await,
            "task",
        )
        .await));
        indicator.push(id(&created(
            app.post(
                "/indicators",
                &admin,
                &json!({"code": format!("IND_{i}"), "name": format!("Chỉ tiêu {i}"), "group": "output",
                        "value_type": "number", "direction": "increase", "aggregation": "sum",
                        "frequency": "yearly", "owner_agency_id": a}),
            )
            .await,
            "indicator",
        )
        .await));
        set.push(id(&created(
            app.post(
                "/indicator-sets",
                &admin,
                &json!({"code": format!("SET_{i}"), "name": format!("Bộ {i}"), "owner_agency_id": a}),
            )
            .await,
            "set",
        )
        .await));
    }
    // Monthly figures reported by every relation's agency itself.
    let shared = id(&created(
        app.post(
            "/indicators",
            &admin,
            &json!({"code": "SHARED", "name": "Chỉ tiêu chung", "group": "output", "value_type": "number",
                    "direction": "increase", "aggregation": "sum", "frequency": "monthly",
                    "owner_agency_id": root, "reporting_agency_ids": agency}),
        )
        .await,
        "shared indicator",
    )
    .await);
    let res = app
        .request(Method::POST, "/alerts/evaluate", Some(&admin), None)
        .await;
    created(res, "evaluation").await;
    let mut alert = Vec::new();
    let mut import = Vec::new();
    for (i, t) in task.iter().enumerate() {
        let alerts: Value = app
            .get(&format!("/alerts?task_id={t}"), &admin)
            .await
            .json()
            .await
            .unwrap();
        alert.push(
            alerts["items"][0]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("no alert about task {i}: {alerts}"))
                .to_string(),
        );
        let res = app
            .request(
                Method::POST,
                "/imports/indicator-values",
                Some(&reporter[i]),
                Some(&json!([{"indicator_code": "SHARED", "agency_code": code[i], "period": "2001-01", "value": "5"}])),
            )
            .await;
        let result = created(res, "import").await;
        assert_eq!(result["status"], "applied", "{result}");
        import.push(result["import_id"].as_str().unwrap().to_string());
    }
    World {
        admin,
        agency,
        code,
        user,
        reporter,
        resolution,
        task,
        indicator,
        set,
        alert,
        import,
        r0,
        shared,
        c1b,
        callers,
    }
}

/// A month no other request has used yet, for fresh figures.
fn period(n: usize) -> String {
    format!("{}-{:02}", 2002 + n / 12, n % 12 + 1)
}

async fn access_control_matrix(app: TestApp) {
    let w = world(&app).await;
    let mut n = 0usize;
    let mut months = 0usize;
    // Ids of the other province's objects: no successful answer to a caller of P1 may show one.
    let foreign: Vec<String> = [3, 4]
        .into_iter()
        .flat_map(|r| {
            [
                &w.agency[r],
                &w.user[r],
                &w.resolution[r],
                &w.task[r],
                &w.indicator[r],
                &w.set[r],
                &w.alert[r],
                &w.import[r],
            ]
        })
        .cloned()
        .collect();
    let mut cells = 0usize;
    let mut wrong = Vec::new();
    for row in rows() {
        for (r, rel) in RELATIONS.iter().enumerate() {
            for (c, role) in ROLES.iter().enumerate() {
                n += 1;
                let mut vars: HashMap<&str, String> = HashMap::from([
                    ("agency", w.agency[r].clone()),
                    ("code", w.code[r].clone()),
                    ("user", w.user[r].clone()),
                    ("resolution", w.resolution[r].clone()),
                    ("task", w.task[r].clone()),
                    ("indicator", w.indicator[r].clone()),
                    ("set", w.set[r].clone()),
                    ("alert", w.alert[r].clone()),
                    ("import", w.import[r].clone()),
                    ("r0", w.r0.clone()),
                    ("shared", w.shared.clone()),
                    ("c1b", w.c1b.clone()),
                    ("n", n.to_string()),
                ]);
                if row.body.is_some_and(|b| b.contains("{period}")) {
                    months += 1;
                    vars.insert("period", period(months));
                }
                if matches!(row.fresh, Fresh::SubmittedValue | Fresh::DraftValue) {
                    months += 1;
                }
                let fresh = fresh(&app, &w, row.fresh, r, n, months).await;
                vars.extend(fresh);
                let fill = |template: &str| {
                    let mut out = template.to_string();
                    for (k, v) in &vars {
                        out = out.replace(&format!("{{{k}}}"), v);
                    }
                    out
                };
                let path = fill(row.path);
                // Changes carry the object's current version, as a client would send it.
                let mut if_match = None;
                if row.method == Method::PATCH || row.method == Method::DELETE {
                    let current = app.get(&path, &w.admin).await;
                    if current.headers().contains_key("etag") {
                        if_match = Some(etag(&current));
                    }
                }
                let body: Option<Value> = row.body.map(|b| serde_json::from_str(&fill(b)).unwrap());
                let res = match (&row.method, if_match) {
                    (m, Some(tag)) if *m == Method::PATCH => {
                        app.patch(&path, &w.callers[c], Some(&tag), &body.unwrap())
                            .await
                    }
                    (m, Some(tag)) if *m == Method::DELETE => {
                        app.delete(&path, &w.callers[c], Some(&tag)).await
                    }
                    (m, _) if *m == Method::DELETE => app.delete(&path, &w.callers[c], None).await,
                    (m, _) => {
                        app.request(m.clone(), &path, Some(&w.callers[c]), body.as_ref())
                            .await
                    }
                };
                let expected = if row.roles.contains(role) {
                    row.may[r]
                } else {
                    row.may_not[r]
                };
                let got = res.status().as_u16();
                cells += 1;
                let text = res.text().await.unwrap_or_default();
                if (200..300).contains(&got) {
                    let shown = without_reporting_agencies(&text);
                    if let Some(leak) = foreign.iter().find(|id| shown.contains(id.as_str())) {
                        wrong.push(format!(
                            "{} {} as {role} on {rel}: the answer shows {leak} of another province",
                            row.method, row.path
                        ));
                    }
                }
                if got != expected {
                    wrong.push(format!(
                        "{} {} as {role} on {rel}: expected {expected}, got {got} {}",
                        row.method,
                        row.path,
                        text.chars().take(160).collect::<String>()
                    ));
                }
            }
        }
    }
    for (method, path, roles, may, may_not) in unrelated_rows() {
        for (c, role) in ROLES.iter().enumerate() {
            let res = app
                .request(method.clone(), path, Some(&w.callers[c]), None)
                .await;
            let expected = if roles.contains(role) { may } else { may_not };
            cells += 1;
            if res.status().as_u16() != expected {
                wrong.push(format!(
                    "{method} {path} as {role}: expected {expected}, got {}",
                    res.status()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    eprintln!("access-control matrix: {cells} cells");
    app.assert_aggregates_consistent();
}

/// An indicator's reference sheet names every agency that reports it, in the whole country: the
/// one place where the ids of agencies outside the caller's subtree are shown (by design; they
/// open nothing).
fn without_reporting_agencies(text: &str) -> String {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("reporting_agency_ids");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut v) => {
            strip(&mut v);
            v.to_string()
        }
        Err(_) => text.to_string(),
    }
}

/// Makes what a row needs fresh and returns the placeholders it fills.
async fn fresh(
    app: &TestApp,
    w: &World,
    what: Fresh,
    r: usize,
    n: usize,
    month: usize,
) -> Vec<(&'static str, String)> {
    match what {
        Fresh::Nothing => vec![],
        Fresh::OpenAlert => {
            app.exec(&format!(
                "UPDATE alerts SET status = 'open' WHERE id = '{}'",
                w.alert[r]
            ));
            vec![]
        }
        Fresh::SubmittedValue | Fresh::DraftValue => {
            let res = app
                .post(
                    &format!("/indicators/{}/values", w.shared),
                    &w.reporter[r],
                    &json!({"agency_id": w.agency[r], "period": period(month), "value": n,
                            "submit": what == Fresh::SubmittedValue}),
                )
                .await;
            vec![("value", id(&created(res, "figure").await))]
        }
        Fresh::Task => {
            let res = app
                .post(
                    "/tasks",
                    &w.admin,
                    &json!({"resolution_id": w.r0, "parent_id": w.task[r], "code": format!("F{n}"),
                            "title": "Việc tạm", "lead_agency_id": w.agency[r],
                            "start_date": "2024-01-01", "due_date": "2024-06-30"}),
                )
                .await;
            vec![("task", id(&created(res, "task").await))]
        }
        Fresh::Schedule => {
            let res = app
                .post(
                    "/report-schedules",
                    &w.admin,
                    &json!({"agency_id": w.agency[r], "period_kind": "month", "format": "xlsx",
                            "recipient_ids": [w.user[r]]}),
                )
                .await;
            vec![("schedule", id(&created(res, "report schedule").await))]
        }
        Fresh::ApiKey => {
            let res = app
                .post(
                    "/api-keys",
                    &w.admin,
                    &json!({"name": format!("Khóa {n}"), "roles": ["viewer"], "agency_id": w.agency[r]}),
                )
                .await;
            vec![("key", id(&created(res, "api key").await))]
        }
        Fresh::DraftSet | Fresh::PublishedSet => {
            let res = app
                .post(
                    "/indicator-sets",
                    &w.admin,
                    &json!({"code": format!("FS{n}"), "name": "Bộ tạm", "owner_agency_id": w.agency[r]}),
                )
                .await;
            let set = id(&created(res, "set").await);
            if what == Fresh::PublishedSet {
                let res = app
                    .request(
                        Method::POST,
                        &format!("/indicator-sets/{set}/publish"),
                        Some(&w.admin),
                        None,
                    )
                    .await;
                assert_eq!(res.status(), StatusCode::OK, "publish");
            }
            vec![("set", set)]
        }
    }
}

/// Fields a caller may not set (state, ownership, approval) are refused by name, even from a
/// caller who may make the object; nobody approves their own submission.
async fn mass_assignment_and_self_approval(app: TestApp) {
    let w = world(&app).await;
    let admin_p1 = &w.callers[0];
    let (p1, c1) = (&w.agency[0], &w.agency[1]);
    let someone = &w.user[0];
    #[rustfmt::skip]
    let cases: Vec<(&str, String, Value, &str)> = vec![
        ("POST", "/agencies".into(), json!({"code": "X1", "name": "Xã", "kind": "commune", "parent_id": p1, "status": "merged"}), "status"),
        ("POST", "/agencies".into(), json!({"code": "X2", "name": "Xã", "kind": "commune", "parent_id": p1, "merged_into_id": c1}), "merged_into_id"),
        ("POST", "/users".into(), json!({"username": "x.user", "display_name": "X", "agency_id": p1, "roles": ["viewer"], "password": "Matrix-pass-2026!", "id": someone}), "id"),
        ("POST", "/resolutions".into(), json!({"code": "NQX", "title": "X", "owner_agency_id": p1, "status": "active"}), "status"),
        ("POST", "/tasks".into(), json!({"resolution_id": w.r0, "parent_id": w.task[0], "code": "TX", "title": "X", "lead_agency_id": p1,
                                          "start_date": "2024-01-01", "due_date": "2024-06-30", "status": "completed"}), "status"),
        ("POST", "/tasks".into(), json!({"resolution_id": w.r0, "parent_id": w.task[0], "code": "TY", "title": "X", "lead_agency_id": p1,
                                          "start_date": "2024-01-01", "due_date": "2024-06-30", "owner_agency_id": p1}), "owner_agency_id"),
        ("POST", format!("/tasks/{}/reports", w.task[0]), json!({"period": "2026-11", "progress": 50, "status": "approved"}), "status"),
        ("POST", format!("/indicators/{}/values", w.shared), json!({"agency_id": p1, "period": "2001-02", "value": 1, "status": "approved"}), "status"),
        ("POST", format!("/indicators/{}/values", w.shared), json!({"agency_id": p1, "period": "2001-02", "value": 1, "approved_by": someone}), "approved_by"),
        ("POST", "/indicators".into(), json!({"code": "IX", "name": "X", "group": "output", "value_type": "number", "direction": "increase",
                                              "aggregation": "sum", "frequency": "yearly", "owner_agency_id": p1, "created_by": someone}), "created_by"),
        ("POST", "/api-keys".into(), json!({"name": "X", "roles": ["viewer"], "agency_id": p1, "key_hash": "00"}), "key_hash"),
        ("PATCH", format!("/users/{someone}"), json!({"display_name": "X", "username": "renamed"}), "username"),
    ];
    let tables = [
        "agencies",
        "users",
        "resolutions",
        "tasks",
        "progress_reports",
        "indicators",
        "indicator_values",
        "api_keys",
        "audit_log",
    ];
    let before: Vec<i64> = tables.iter().map(|t| app.count(t)).collect();
    for (method, path, body, field) in &cases {
        let res = match *method {
            "PATCH" => app.patch(path, admin_p1, None, body).await,
            _ => app.post(path, admin_p1, body).await,
        };
        let problem = crate::helpers::problem(res, 422).await;
        assert!(
            crate::helpers::error_fields(&problem)
                .iter()
                .any(|f| f == field),
            "{method} {path}: {field} is not named in {problem}"
        );
    }
    let after: Vec<i64> = tables.iter().map(|t| app.count(t)).collect();
    assert_eq!(before, after, "refused bodies leave nothing behind");

    // Self-approval: a user who both reports and approves cannot approve their own figure.
    let both = app
        .user_token(&w.admin, "p1.both", p1, &["reporter", "approver"])
        .await;
    let res = app
        .post(
            &format!("/indicators/{}/values", w.shared),
            &both,
            &json!({"agency_id": p1, "period": "2001-03", "value": 9, "submit": true}),
        )
        .await;
    let figure = id(&created(res, "figure").await);
    let approve = format!("/values/{figure}/approve");
    let refused = app.request(Method::POST, &approve, Some(&both), None).await;
    crate::helpers::problem(refused, 403).await;
    let stored: Value = app
        .get(
            &format!("/indicators/{}/values?agency_id={p1}", w.shared),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let row = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == figure.as_str())
        .unwrap();
    assert_eq!(
        row["status"], "submitted",
        "the refused approval changed nothing"
    );
    let approver = &w.callers[4];
    let res = app
        .request(Method::POST, &approve, Some(approver), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

on_both_backends!(access_control_matrix, mass_assignment_and_self_approval);
