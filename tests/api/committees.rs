//! Steering committees (Ban chỉ đạo): a resolution of a central body whose committee has the
//! Ministry of Education as standing agency and two provinces as members. Members (and the
//! agencies below them) see the resolution, its tree and its tasks read-only; the standing agency
//! acts as the owner; a province outside the committee sees nothing; only the owner's planners set
//! the committee, and a bad committee changes nothing.

use serde_json::{json, Value};

use crate::helpers::{day, error_fields, etag, id, problem, TestApp};

/// The root; a central body TW (the owner) and the Ministry of Education MOE under it; provinces
/// P1, P2 (members) and P3 (outside); a department P1D under P1. One resolution of TW with a
/// top-level task led by P1 (assigned by the root's admin: a top-level task's lead must be in its
/// creator's scope) and a sub-task of it led by P1D.
struct World {
    admin: String,
    tw_planner: String,
    moe_planner: String,
    p1_reporter: String,
    p1d_viewer: String,
    p2_planner: String,
    p3_planner: String,
    moe: String,
    p1: String,
    p2: String,
    p3: String,
    resolution: String,
    task: String,
    sub_task: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let tw = id(&app.agency(&admin, "TW", "central", &root).await);
    let moe = id(&app.agency(&admin, "MOE", "ministry", &root).await);
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let p3 = id(&app.agency(&admin, "P3", "province", &root).await);
    let p1d = id(&app.agency(&admin, "P1D", "department", &p1).await);
    let tw_planner = app
        .user_token(&admin, "tw.planner", &tw, &["planner"])
        .await;
    let moe_planner = app
        .user_token(&admin, "moe.planner", &moe, &["planner"])
        .await;
    let p1_reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    let p1d_viewer = app
        .user_token(&admin, "p1d.viewer", &p1d, &["viewer"])
        .await;
    let p2_planner = app
        .user_token(&admin, "p2.planner", &p2, &["planner"])
        .await;
    let p3_planner = app
        .user_token(&admin, "p3.planner", &p3, &["planner"])
        .await;
    let res = app
        .post(
            "/resolutions",
            &tw_planner,
            &json!({"code": "45-NQ/TW", "title": "Nghị quyết 45", "owner_agency_id": tw}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    let resolution = id(&res.json().await.unwrap());
    // A top-level task's lead is in its creator's scope: the root's admin assigns it to P1.
    let task = create_task(app, &admin, &resolution, None, "45.1", &p1).await;
    assert_eq!(task.0, 201, "{}", task.1);
    let task = id(&task.1);
    // P1 itself does not see TW's resolution before the committee: the root's admin decomposes.
    let sub = create_task(app, &admin, &resolution, Some(&task), "45.1.1", &p1d).await;
    assert_eq!(sub.0, 201, "{}", sub.1);
    World {
        admin,
        tw_planner,
        moe_planner,
        p1_reporter,
        p1d_viewer,
        p2_planner,
        p3_planner,
        moe,
        p1,
        p2,
        p3,
        resolution,
        task,
        sub_task: id(&sub.1),
    }
}

async fn create_task(
    app: &TestApp,
    token: &str,
    resolution: &str,
    parent: Option<&str>,
    code: &str,
    lead: &str,
) -> (u16, Value) {
    let res = app
        .post(
            "/tasks",
            token,
            &json!({"resolution_id": resolution, "parent_id": parent, "code": code,
                    "title": format!("Nhiệm vụ {code}"), "lead_agency_id": lead,
                    "start_date": day(-10), "due_date": day(100)}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, token).await;
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body
}

async fn put_committee(
    app: &TestApp,
    token: &str,
    resolution: &str,
    body: &Value,
) -> reqwest::Response {
    app.put(&format!("/resolutions/{resolution}/committee"), token, body)
        .await
}

/// The committee of the scenario: MOE standing, P1 and P2 members.
async fn set_committee(app: &TestApp, w: &World) -> Value {
    let res = put_committee(
        app,
        &w.tw_planner,
        &w.resolution,
        &json!({"standing_agency_id": w.moe, "member_agency_ids": [w.p1, w.p2]}),
    )
    .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    res.json().await.unwrap()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(id).collect()
}

fn tree_codes(tree: &Value) -> Vec<String> {
    fn walk(nodes: &Value, out: &mut Vec<String>) {
        for n in nodes.as_array().into_iter().flatten() {
            let task = if n["task"].is_object() { &n["task"] } else { n };
            if let Some(c) = task["code"].as_str() {
                out.push(c.to_string());
            }
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&tree["tasks"], &mut out);
    out.sort();
    out
}

async fn committee_is_set_and_shown(app: TestApp) {
    let w = world(&app).await;
    let path = format!("/resolutions/{}/committee", w.resolution);
    let empty = get(&app, &w.tw_planner, &path).await;
    assert_eq!(empty["resolution_id"], w.resolution.as_str());
    assert!(empty["standing_agency_id"].is_null());
    assert_eq!(empty["member_agency_ids"], json!([]));
    assert_eq!(empty["actions"]["edit"], true);
    let set = set_committee(&app, &w).await;
    assert_eq!(set["standing_agency_id"], w.moe.as_str());
    let mut members = vec![w.p1.clone(), w.p2.clone()];
    members.sort();
    assert_eq!(set["member_agency_ids"], json!(members));
    assert_eq!(get(&app, &w.tw_planner, &path).await, set);
    // Named, so that a member sees who else sits on it (agencies outside its own subtree).
    assert_eq!(set["standing_agency"]["code"], "MOE");
    assert_eq!(set["standing_agency"]["name"], "Cơ quan MOE");
    let named: Vec<&str> = set["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(named, members);
    // The picker: every active agency of the country, for those who may set the committee (the
    // provinces are outside TW's subtree); a member is refused, an outsider does not see it.
    let candidates = format!("{path}/candidates?q=p&kind=province");
    let page = get(&app, &w.tw_planner, &candidates).await;
    let codes: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["P1", "P2", "P3"]);
    // Highest first, central bodies and ministries before provinces.
    let all = get(&app, &w.tw_planner, &format!("{path}/candidates")).await;
    let all: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(all, ["ROOT", "TW", "MOE", "P1", "P2", "P3", "P1D"]);
    problem(app.get(&candidates, &w.p2_planner).await, 403).await;
    problem(app.get(&candidates, &w.p3_planner).await, 404).await;
    let res = app
        .get(&format!("{path}/candidates?kind=planet"), &w.tw_planner)
        .await;
    assert_eq!(error_fields(&problem(res, 400).await), ["kind"]);
    // Members and the standing agency read it, without the right to change it.
    let seen = get(&app, &w.p2_planner, &path).await;
    assert_eq!(seen["member_agency_ids"], json!(members));
    assert_eq!(seen["actions"]["edit"], false);
    assert_eq!(
        get(&app, &w.moe_planner, &path).await["actions"]["edit"],
        false
    );
    // Audited in the same write.
    let audit = get(
        &app,
        &w.admin,
        &format!(
            "/audit?entity_type=resolution_committee&entity_id={}",
            w.resolution
        ),
    )
    .await;
    let items = audit["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{audit}");
    assert_eq!(items[0]["action"], "update");
    // Emptied again: no standing agency, no members, and the provinces no longer see it.
    let res = put_committee(
        &app,
        &w.tw_planner,
        &w.resolution,
        &json!({"standing_agency_id": null, "member_agency_ids": []}),
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body["standing_agency_id"].is_null());
    assert_eq!(body["member_agency_ids"], json!([]));
    problem(
        app.get(&format!("/resolutions/{}", w.resolution), &w.p2_planner)
            .await,
        404,
    )
    .await;
}

async fn members_see_read_only_and_outsiders_see_nothing(app: TestApp) {
    let w = world(&app).await;
    let r = format!("/resolutions/{}", w.resolution);
    // Before the committee, P2 and MOE see nothing of it.
    problem(app.get(&r, &w.p2_planner).await, 404).await;
    problem(app.get(&r, &w.moe_planner).await, 404).await;
    set_committee(&app, &w).await;

    for token in [&w.p2_planner, &w.p1d_viewer, &w.moe_planner] {
        let res = get(&app, token, &r).await;
        assert_eq!(res["id"], w.resolution.as_str());
        let list = get(&app, token, "/resolutions").await;
        assert!(ids(&list).contains(&w.resolution));
        let tree = get(&app, token, &format!("{r}/tree")).await;
        assert_eq!(tree_codes(&tree), vec!["45.1", "45.1.1"], "{tree}");
        get(&app, token, &format!("/tasks/{}", w.task)).await;
        get(&app, token, &format!("/tasks/{}", w.sub_task)).await;
        let tasks = get(
            &app,
            token,
            &format!("/tasks?resolution_id={}", w.resolution),
        )
        .await;
        let mut seen = ids(&tasks);
        seen.sort();
        let mut want = vec![w.task.clone(), w.sub_task.clone()];
        want.sort();
        assert_eq!(seen, want);
    }
    // A member has no write permission from its membership.
    let member = get(&app, &w.p2_planner, &r).await;
    assert_eq!(member["actions"]["edit"], false);
    assert_eq!(member["actions"]["add_task"], false);
    let task: Value = get(&app, &w.p2_planner, &format!("/tasks/{}", w.task)).await;
    assert!(
        task["actions"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v != &json!(true)),
        "a member may do nothing with a task: {}",
        task["actions"]
    );
    let res = app.get(&r, &w.p2_planner).await;
    let tag = etag(&res);
    problem(
        app.patch(&r, &w.p2_planner, Some(&tag), &json!({"title": "Đổi tên"}))
            .await,
        403,
    )
    .await;
    let (status, _) = create_task(&app, &w.p2_planner, &w.resolution, None, "45.9", &w.p2).await;
    assert_eq!(status, 403, "a member adds no top-level task");
    let (status, _) = create_task(
        &app,
        &w.p2_planner,
        &w.resolution,
        Some(&w.task),
        "45.1.9",
        &w.p2,
    )
    .await;
    assert!(
        status == 403 || status == 422,
        "a member decomposes no task ({status})"
    );
    let res = app.get(&format!("/tasks/{}", w.task), &w.p2_planner).await;
    let tag = etag(&res);
    problem(
        app.patch(
            &format!("/tasks/{}", w.task),
            &w.p2_planner,
            Some(&tag),
            &json!({"title": "Đổi tên"}),
        )
        .await,
        403,
    )
    .await;
    // Nothing changed.
    let after = get(&app, &w.tw_planner, &r).await;
    assert_eq!(after["title"], "Nghị quyết 45");
    let t = get(&app, &w.admin, &format!("/tasks/{}", w.task)).await;
    assert_eq!(t["title"], "Nhiệm vụ 45.1");
    let tasks = get(
        &app,
        &w.admin,
        &format!("/tasks?resolution_id={}", w.resolution),
    )
    .await;
    assert_eq!(tasks["total"], 2);

    // A province outside the committee sees nothing of it.
    problem(app.get(&r, &w.p3_planner).await, 404).await;
    problem(app.get(&format!("{r}/tree"), &w.p3_planner).await, 404).await;
    problem(app.get(&format!("{r}/committee"), &w.p3_planner).await, 404).await;
    problem(
        app.get(&format!("/tasks/{}", w.task), &w.p3_planner).await,
        404,
    )
    .await;
    let list = get(&app, &w.p3_planner, "/resolutions").await;
    assert!(!ids(&list).contains(&w.resolution));
    let tasks = get(
        &app,
        &w.p3_planner,
        &format!("/tasks?resolution_id={}", w.resolution),
    )
    .await;
    assert_eq!(tasks["total"], 0);
}

async fn standing_agency_acts_as_owner(app: TestApp) {
    let w = world(&app).await;
    let r = format!("/resolutions/{}", w.resolution);
    set_committee(&app, &w).await;
    let seen = get(&app, &w.moe_planner, &r).await;
    assert_eq!(seen["actions"]["edit"], true);
    assert_eq!(seen["actions"]["add_task"], true);
    // Edits the resolution.
    let res = app.get(&r, &w.moe_planner).await;
    let tag = etag(&res);
    let res = app
        .patch(
            &r,
            &w.moe_planner,
            Some(&tag),
            &json!({"title": "Nghị quyết 45 (sửa)"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    assert_eq!(
        get(&app, &w.tw_planner, &r).await["title"],
        "Nghị quyết 45 (sửa)"
    );
    // Adds a top-level task (led by an agency of its own scope, as for anybody).
    let (status, body) =
        create_task(&app, &w.moe_planner, &w.resolution, None, "45.2", &w.moe).await;
    assert_eq!(status, 201, "{body}");
    // Decides a top-level task as its assigner: accepts P1's completion of a leaf task.
    let task = get(&app, &w.moe_planner, &format!("/tasks/{}", w.task)).await;
    assert_eq!(task["actions"]["edit"], true, "{}", task["actions"]);
    let (status, leaf) = create_task(&app, &w.admin, &w.resolution, None, "45.3", &w.p1).await;
    assert_eq!(status, 201, "{leaf}");
    let leaf = id(&leaf);
    let res = app
        .post(
            &format!("/tasks/{leaf}/completion"),
            &w.p1_reporter,
            &json!({"summary": "Đã hoàn thành"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    // It waits for the standing agency's decision in its supervisor's list.
    let waiting = get(&app, &w.moe_planner, "/tasks?awaiting_decision=true").await;
    assert_eq!(ids(&waiting), vec![leaf.clone()], "{waiting}");
    // A member may not accept it.
    problem(
        app.post(
            &format!("/tasks/{leaf}/completion/accept"),
            &w.p2_planner,
            &json!({}),
        )
        .await,
        403,
    )
    .await;
    let res = app
        .post(
            &format!("/tasks/{leaf}/completion/accept"),
            &w.moe_planner,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let task = get(&app, &w.admin, &format!("/tasks/{leaf}")).await;
    assert_eq!(task["status"], "completed");
    // The standing agency does not choose its committee.
    problem(
        put_committee(
            &app,
            &w.moe_planner,
            &w.resolution,
            &json!({"standing_agency_id": w.moe, "member_agency_ids": []}),
        )
        .await,
        403,
    )
    .await;
}

async fn only_owner_planners_set_a_valid_committee(app: TestApp) {
    let w = world(&app).await;
    let before = set_committee(&app, &w).await;
    let path = format!("/resolutions/{}/committee", w.resolution);
    let unknown = uuid::Uuid::new_v4().to_string();
    let cases = [
        (
            json!({"standing_agency_id": w.moe, "member_agency_ids": [w.p1, unknown]}),
            "member_agency_ids[1]",
            "not_found",
        ),
        (
            json!({"standing_agency_id": unknown, "member_agency_ids": [w.p1]}),
            "standing_agency_id",
            "not_found",
        ),
        (
            json!({"standing_agency_id": w.moe, "member_agency_ids": [w.p1, w.p3, w.p1]}),
            "member_agency_ids[2]",
            "duplicate",
        ),
        (
            json!({"standing_agency_id": w.moe, "member_agency_ids": [w.p1], "chair": w.p1}),
            "chair",
            "unknown_field",
        ),
        (
            json!({"standing_agency_id": w.moe, "member_agency_ids": ["not-a-uuid"]}),
            "member_agency_ids[0]",
            "",
        ),
    ];
    for (body, field, code) in cases {
        let p = problem(
            put_committee(&app, &w.tw_planner, &w.resolution, &body).await,
            422,
        )
        .await;
        assert_eq!(error_fields(&p), vec![field.to_string()], "{p}");
        if !code.is_empty() {
            assert_eq!(p["errors"][0]["code"], code, "{p}");
        }
        assert_eq!(get(&app, &w.tw_planner, &path).await, before, "{body}");
    }
    let many: Vec<String> = (0..201).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let p = problem(
        put_committee(
            &app,
            &w.tw_planner,
            &w.resolution,
            &json!({"standing_agency_id": null, "member_agency_ids": many}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["member_agency_ids"]);
    // Only the owner's planners (and those above) set it.
    let p2_changes = json!({"standing_agency_id": w.p2, "member_agency_ids": [w.p2]});
    problem(
        put_committee(&app, &w.p2_planner, &w.resolution, &p2_changes).await,
        403,
    )
    .await;
    problem(
        put_committee(&app, &w.p3_planner, &w.resolution, &p2_changes).await,
        404,
    )
    .await;
    assert_eq!(get(&app, &w.tw_planner, &path).await, before);
    let res = put_committee(&app, &w.admin, &w.resolution, &p2_changes).await;
    assert_eq!(
        res.status().as_u16(),
        200,
        "the root's admin is above the owner"
    );
    // A closed resolution keeps its committee.
    let r = format!("/resolutions/{}", w.resolution);
    for status in ["active", "closed"] {
        let tag = etag(&app.get(&r, &w.tw_planner).await);
        let res = app
            .patch(&r, &w.tw_planner, Some(&tag), &json!({"status": status}))
            .await;
        assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    }
    problem(
        put_committee(&app, &w.tw_planner, &w.resolution, &p2_changes).await,
        409,
    )
    .await;
}

async fn merges_hand_the_seats_to_the_successor(app: TestApp) {
    let w = world(&app).await;
    set_committee(&app, &w).await;
    let path = format!("/resolutions/{}/committee", w.resolution);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        json!(v)
    };
    // P2 merges into P1, which already sits on the committee: one seat, no duplicate.
    let res = app
        .post(
            &format!("/agencies/{}/merge", w.p2),
            &w.admin,
            &json!({"into_id": w.p1}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let c = get(&app, &w.tw_planner, &path).await;
    assert_eq!(c["member_agency_ids"], json!([w.p1]));
    // Undone: P2 sits again.
    let res = app
        .post(
            &format!("/agencies/{}/merge/undo", w.p2),
            &w.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let c = get(&app, &w.tw_planner, &path).await;
    assert_eq!(
        c["member_agency_ids"],
        sorted(vec![w.p1.clone(), w.p2.clone()])
    );
    // The standing agency merges into a new ministry, which then acts as the owner; P3 merges
    // into P2 and its people see the resolution through P2.
    let root = app.root_id(&w.admin).await;
    let moet = id(&app.agency(&w.admin, "MOET", "ministry", &root).await);
    let res = app
        .post(
            &format!("/agencies/{}/merge", w.moe),
            &w.admin,
            &json!({"into_id": moet}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let c = get(&app, &w.tw_planner, &path).await;
    assert_eq!(c["standing_agency_id"], moet.as_str());
    let moet_planner = app
        .user_token(&w.admin, "moet.planner", &moet, &["planner"])
        .await;
    let seen = get(
        &app,
        &moet_planner,
        &format!("/resolutions/{}", w.resolution),
    )
    .await;
    assert_eq!(seen["actions"]["edit"], true);
}

crate::on_both_backends!(
    merges_hand_the_seats_to_the_successor,
    committee_is_set_and_shown,
    members_see_read_only_and_outsiders_see_nothing,
    standing_agency_acts_as_owner,
    only_owner_planners_set_a_valid_committee,
);
