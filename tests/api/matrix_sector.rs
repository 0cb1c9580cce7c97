//! The access-control matrix of sector lines (docs/roles.md): the operations a sector line
//! changes × every role × the two relations it adds.
//!
//! - `sector member`: the caller is in a ministry (M) and the object belongs to a department (D) of
//!   a province in M's sector line.
//! - `sector head`: the caller is in that department and the object belongs to the ministry.
//!
//! The ministry owns `SECTOR`, an indicator reported by the departments of its line. A department
//! of another province outside the line (E) has its own indicator and figures: no successful
//! answer may show one of its ids. Each row also runs a role that may act, so a row cannot pass by
//! refusing everyone.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{id, TestApp, USER_PASSWORD};
use crate::on_both_backends;

const RELATIONS: [&str; 2] = ["sector member", "sector head"];
const ROLES: [&str; 6] = [
    "admin",
    "agency_admin",
    "planner",
    "reporter",
    "approver",
    "viewer",
];
const ALL: &[&str] = &ROLES;
const PLANNERS: &[&str] = &["admin", "planner"];
const REPORTERS: &[&str] = &["admin", "reporter"];
const APPROVERS: &[&str] = &["admin", "approver"];

#[derive(Clone, Copy, PartialEq)]
enum Fresh {
    Nothing,
    /// A submitted figure of the department for `SECTOR`.
    Submitted,
    /// An approved one.
    Approved,
}

struct Row {
    method: Method,
    path: &'static str,
    body: Option<&'static str>,
    fresh: Fresh,
    roles: &'static [&'static str],
    may: [u16; 2],
    may_not: [u16; 2],
}

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Fresh::*;
    let r = |method: Method, path, body, fresh, roles, may, may_not| Row { method, path, body, fresh, roles, may, may_not };
    let get = |path, may| Row { method: Method::GET, path, body: None, fresh: Nothing, roles: ALL, may, may_not: may };
    vec![
        // The line is professional guidance, not administration: neither side opens the other's
        // agency record, nor the other's own indicators.
        get("/agencies/{agency}", [404, 404]),
        get("/indicators/{own}", [404, 404]),
        // The sector indicator: the department reports it, the ministry owns it.
        get("/indicators/{sector}", [200, 200]),
        get("/indicators/{sector}/values?agency_id={member}", [200, 200]),
        // The owner opens the department's part; the department not the ministry's roll-up.
        get("/indicators/{sector}/series?agency_id={agency}", [200, 404]),
        get("/indicators/{sector}/provinces", [200, 200]),
        get("/indicators?owner_agency_id={agency}", [200, 200]),
        get("/values?agency_id={agency}", [200, 200]),
        r(Method::PATCH, "/indicators/{sector}", Some(r#"{"description":"Mô tả {n}"}"#), Nothing, PLANNERS, [200, 403], [403, 403]),
        r(Method::PUT, "/indicators/{sector}/targets", Some(r#"{"interim":[]}"#), Nothing, PLANNERS, [200, 403], [403, 403]),
        // One datum, one source: only the department writes its series.
        r(Method::POST, "/indicators/{sector}/values", Some(r#"{"agency_id":"{member}","period":"{period}","value":7}"#), Nothing, REPORTERS, [403, 201], [403, 403]),
        // Its own approvers approve; the ministry does not.
        r(Method::POST, "/values/{value}/approve", None, Submitted, APPROVERS, [403, 200], [403, 403]),
        // The owner's planners return an approved figure for correction; nobody else.
        r(Method::POST, "/values/{value}/return", Some(r#"{"reason":"Đề nghị kiểm tra lại {n}"}"#), Approved, PLANNERS, [200, 403], [403, 403]),
    ]
}

struct World {
    admin: String,
    /// Per relation: the object's agency and its own indicator.
    agency: [String; 2],
    own: [String; 2],
    /// The department of the line, its reporter and approver (to make figures).
    member: String,
    member_reporter: String,
    member_approver: String,
    sector: String,
    /// Per relation, per role: the callers (in M for `sector member`, in D for `sector head`).
    callers: [Vec<String>; 2],
    /// Ids of the department outside the line.
    foreign: Vec<String>,
}

async fn ok(res: reqwest::Response, what: &str) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let m = id(&app.agency(&admin, "M", "ministry", &root).await);
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let q = id(&app.agency(&admin, "Q", "province", &root).await);
    let d = id(&ok(
        app.post(
            "/agencies",
            &admin,
            &json!({"code": "P-D", "name": "Sở trong ngành", "kind": "department", "parent_id": p,
                    "sector_ministry_id": m}),
        )
        .await,
        "department",
    )
    .await);
    let e = id(&app.agency(&admin, "Q-E", "department", &q).await);
    let indicator = |code: &str, owner: &str, by_kind: bool| {
        let mut body = json!({"code": code, "name": format!("Chỉ tiêu {code}"), "group": "output",
                              "value_type": "number", "direction": "increase", "aggregation": "sum",
                              "frequency": "monthly", "owner_agency_id": owner});
        if by_kind {
            body["reporting_agency_kind"] = json!("department");
        }
        body
    };
    let mut own = Vec::new();
    for (code, owner) in [("OWN_D", &d), ("OWN_M", &m), ("OWN_E", &e)] {
        let body = indicator(code, owner, false);
        own.push(id(
            &ok(app.post("/indicators", &admin, &body).await, code).await
        ));
    }
    let body = indicator("SECTOR", &m, true);
    let sector = id(&ok(app.post("/indicators", &admin, &body).await, "sector").await);
    let e_reporter = app
        .user_token(&admin, "e.reporter", &e, &["reporter"])
        .await;
    let e_figure = ok(
        app.post(
            &format!("/indicators/{}/values", own[2]),
            &e_reporter,
            &json!({"agency_id": e, "period": "2001-01", "value": 1, "submit": true}),
        )
        .await,
        "foreign figure",
    )
    .await;
    let mut callers = [Vec::new(), Vec::new()];
    for (side, agency) in [(0, &m), (1, &d)] {
        for role in ROLES {
            let name = format!("{}.{role}", ["m", "d"][side]);
            app.user(&admin, &name, agency, &[role]).await;
            callers[side].push(app.token(&name, USER_PASSWORD).await);
        }
    }
    World {
        member_reporter: app.user_token(&admin, "d.source", &d, &["reporter"]).await,
        member_approver: app
            .user_token(&admin, "p.approver", &p, &["approver"])
            .await,
        admin,
        agency: [d.clone(), m],
        own: [own[0].clone(), own[1].clone()],
        member: d,
        sector,
        callers,
        foreign: vec![e, own[2].clone(), id(&e_figure)],
    }
}

fn period(n: usize) -> String {
    format!("{}-{:02}", 2002 + n / 12, n % 12 + 1)
}

/// A figure of the department for `SECTOR` in a month of its own, submitted or approved.
async fn figure(app: &TestApp, w: &World, fresh: Fresh, month: usize) -> String {
    let res = app
        .post(
            &format!("/indicators/{}/values", w.sector),
            &w.member_reporter,
            &json!({"agency_id": w.member, "period": period(month), "value": month, "submit": true}),
        )
        .await;
    let figure = id(&ok(res, "figure").await);
    if fresh == Fresh::Approved {
        let res = app
            .post(
                &format!("/values/{figure}/approve"),
                &w.member_approver,
                &json!({}),
            )
            .await;
        ok(res, "approval").await;
    }
    figure
}

async fn sector_line_matrix(app: TestApp) {
    let w = world(&app).await;
    let (mut n, mut months, mut cells) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for row in rows() {
        for (r, rel) in RELATIONS.iter().enumerate() {
            for (c, role) in ROLES.iter().enumerate() {
                n += 1;
                months += 1;
                let mut vars: HashMap<&str, String> = HashMap::from([
                    ("agency", w.agency[r].clone()),
                    ("own", w.own[r].clone()),
                    ("member", w.member.clone()),
                    ("sector", w.sector.clone()),
                    ("period", period(months)),
                    ("n", n.to_string()),
                ]);
                if row.fresh != Fresh::Nothing {
                    vars.insert("value", figure(&app, &w, row.fresh, months).await);
                }
                let fill = |template: &str| {
                    let mut out = template.to_string();
                    for (k, v) in &vars {
                        out = out.replace(&format!("{{{k}}}"), v);
                    }
                    out
                };
                let path = fill(row.path);
                let body: Option<Value> = row.body.map(|b| serde_json::from_str(&fill(b)).unwrap());
                let caller = &w.callers[r][c];
                let res = if row.method == Method::PATCH {
                    let current = app.get(&path, &w.admin).await;
                    let tag = crate::helpers::etag(&current);
                    app.patch(&path, caller, Some(&tag), &body.unwrap()).await
                } else {
                    app.request(row.method.clone(), &path, Some(caller), body.as_ref())
                        .await
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
                    if let Some(leak) = w.foreign.iter().find(|id| text.contains(id.as_str())) {
                        wrong.push(format!(
                            "{} {} as {role} on {rel}: the answer shows {leak} from outside the line",
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
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    eprintln!("sector-line matrix: {cells} cells");
}

on_both_backends!(sector_line_matrix);
