//! Sector lines (docs/roles.md): a ministry owns an indicator that the departments of its line
//! report from every province; the departments write, their provinces' approvers approve, the
//! ministry sees the national series and returns a figure; a province sees only its own part and
//! another ministry nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{error_fields, etag, id, problem, quarter, TestApp};

/// ROOT → GOV (central) → MOET, MOH (ministries); ROOT → HN, HP (provinces), each with its
/// Department of Education (SGD, in MOET's line) and of Health (HN only, in MOH's line); under
/// HN's commune C1 an education officer in the line of HN's department.
struct World {
    admin: String,
    moet: String,
    hn: String,
    hp: String,
    hn_sgd: String,
    hp_sgd: String,
    c1_officer: String,
    moet_planner: String,
    moh_planner: String,
    hn_sgd_reporter: String,
    hp_sgd_reporter: String,
    hn_approver: String,
    hp_approver: String,
    hn_viewer: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let gov = id(&app.agency(&admin, "DUCP", "central", &root).await);
    let moet = id(&app.agency(&admin, "BGDDT", "ministry", &gov).await);
    let moh = id(&app.agency(&admin, "BYT", "ministry", &gov).await);
    let hn = id(&app.agency(&admin, "HN", "province", &root).await);
    let hp = id(&app.agency(&admin, "HP", "province", &root).await);
    let hn_sgd = id(&app.agency(&admin, "HN-SGD", "department", &hn).await);
    let hn_syt = id(&app.agency(&admin, "HN-SYT", "department", &hn).await);
    let hn_c1 = id(&app.agency(&admin, "HN-C1", "commune", &hn).await);

    // Joining a line when created, and later by a change of the agency.
    let res = app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "HP-SGD", "name": "Sở Giáo dục và Đào tạo Hải Phòng", "kind": "department",
                    "parent_id": hp, "sector_ministry_id": moet}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let hp_sgd_row: Value = res.json().await.unwrap();
    assert_eq!(hp_sgd_row["sector_ministry_id"], moet.as_str());
    let hp_sgd = id(&hp_sgd_row);
    for (agency, head) in [(&hn_sgd, &moet), (&hn_syt, &moh)] {
        join(app, &admin, agency, head).await;
    }
    let officer = app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "HN-C1-GD", "name": "Công chức văn hóa - xã hội (giáo dục) xã C1",
                    "kind": "other", "parent_id": hn_c1, "sector_ministry_id": hn_sgd}),
        )
        .await;
    assert_eq!(officer.status(), StatusCode::CREATED);
    let c1_officer = id(&officer.json::<Value>().await.unwrap());

    World {
        moet_planner: app
            .user_token(&admin, "moet.planner", &moet, &["planner"])
            .await,
        moh_planner: app
            .user_token(&admin, "moh.planner", &moh, &["planner", "approver"])
            .await,
        hn_sgd_reporter: app
            .user_token(&admin, "hn.sgd.reporter", &hn_sgd, &["reporter"])
            .await,
        hp_sgd_reporter: app
            .user_token(&admin, "hp.sgd.reporter", &hp_sgd, &["reporter"])
            .await,
        hn_approver: app
            .user_token(&admin, "hn.approver", &hn, &["approver"])
            .await,
        hp_approver: app
            .user_token(&admin, "hp.approver", &hp, &["approver"])
            .await,
        hn_viewer: app.user_token(&admin, "hn.viewer", &hn, &["viewer"]).await,
        admin,
        moet,
        hn,
        hp,
        hn_sgd,
        hp_sgd,
        c1_officer,
    }
}

/// Puts `agency` into `head`'s sector line (or, with `None`, out of any).
async fn join(app: &TestApp, admin: &str, agency: &str, head: &str) {
    set_line(app, admin, agency, json!(head)).await;
}

async fn set_line(app: &TestApp, admin: &str, agency: &str, head: Value) -> Value {
    let res = app.get(&format!("/agencies/{agency}"), admin).await;
    let tag = etag(&res);
    let res = app
        .patch(
            &format!("/agencies/{agency}"),
            admin,
            Some(&tag),
            &json!({ "sector_ministry_id": head }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let row: Value = res.json().await.unwrap();
    assert_eq!(row["sector_ministry_id"], head);
    row
}

fn indicator_body(code: &str, owner: &str) -> Value {
    json!({"code": code, "name": format!("Tỷ lệ trẻ 5 tuổi đi học mẫu giáo ({code})"), "group": "outcome",
           "unit": "%", "value_type": "percent", "direction": "increase", "aggregation": "average",
           "frequency": "quarterly", "owner_agency_id": owner, "definition": "Định nghĩa",
           "data_source": "Báo cáo thống kê ngành giáo dục", "method": "Số trẻ đi học / số trẻ",
           "verification": "Hồ sơ trường"})
}

async fn create_indicator(app: &TestApp, token: &str, body: Value) -> String {
    let res = app.post("/indicators", token, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    id(&res.json::<Value>().await.unwrap())
}

/// Writes and submits a figure as `reporter`, then approves it as `approver`; returns its id.
async fn report(
    app: &TestApp,
    reporter: &str,
    approver: &str,
    ind: &str,
    agency: &str,
    value: f64,
) -> String {
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            reporter,
            &json!({"agency_id": agency, "period": quarter(1), "value": value, "submit": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let figure = id(&res.json::<Value>().await.unwrap());
    let res = app
        .post(&format!("/values/{figure}/approve"), approver, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    figure
}

async fn json_of(app: &TestApp, path: &str, token: &str) -> Value {
    let res = app.get(path, token).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

async fn agencies_of(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    let page = json_of(app, path, token).await;
    let mut out: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["agency_id"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

async fn a_ministry_runs_its_sector_line(app: TestApp) {
    let w = world(&app).await;

    // Only a ministry or a department heads a line, and never from inside it.
    let res = app.get(&format!("/agencies/{}", w.hn_sgd), &w.admin).await;
    let tag = etag(&res);
    for (head, field_code) in [(&w.hp, "invalid"), (&w.c1_officer, "invalid")] {
        let res = app
            .patch(
                &format!("/agencies/{}", w.hn_sgd),
                &w.admin,
                Some(&tag),
                &json!({ "sector_ministry_id": head }),
            )
            .await;
        let body = problem(res, 422).await;
        assert_eq!(error_fields(&body), ["sector_ministry_id"]);
        assert_eq!(body["errors"][0]["code"], field_code);
    }
    let unchanged = json_of(&app, &format!("/agencies/{}", w.hn_sgd), &w.admin).await;
    assert_eq!(unchanged["sector_ministry_id"], w.moet.as_str());

    // The ministry's indicator, reported by the departments of its line in every province.
    let before = app.count("indicators");
    let mut outside = indicator_body("GD-OUT", &w.moet);
    outside["reporting_agency_ids"] = json!([w.hn]);
    let res = app.post("/indicators", &w.moet_planner, &outside).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "a ministry may name any province"
    );
    let mut outside = indicator_body("GD-OUT2", &w.moet);
    outside["reporting_agency_ids"] = json!([id(&app
        .agency(&w.admin, "HN-SNN", "department", &w.hn)
        .await)]);
    let body = problem(
        app.post("/indicators", &w.moet_planner, &outside).await,
        422,
    )
    .await;
    assert_eq!(error_fields(&body), ["reporting_agency_ids[0]"]);
    assert_eq!(
        app.count("indicators"),
        before + 1,
        "the refused one left nothing"
    );

    let mut body = indicator_body("GD-MG5", &w.moet);
    body["reporting_agency_kind"] = json!("department");
    let ind = create_indicator(&app, &w.moet_planner, body).await;

    // Each department sees it and writes its own series only.
    for (token, agency) in [
        (&w.hn_sgd_reporter, &w.hn_sgd),
        (&w.hp_sgd_reporter, &w.hp_sgd),
    ] {
        let seen = json_of(&app, &format!("/indicators/{ind}"), token).await;
        assert_eq!(seen["actions"]["write_agency_ids"], json!([agency]));
    }
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            &w.hn_sgd_reporter,
            &json!({"agency_id": w.hp_sgd, "period": quarter(1), "value": 50}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // They report; their provinces' approvers approve (each only its own province's).
    report(
        &app,
        &w.hn_sgd_reporter,
        &w.hn_approver,
        &ind,
        &w.hn_sgd,
        96.0,
    )
    .await;
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            &w.hp_sgd_reporter,
            &json!({"agency_id": w.hp_sgd, "period": quarter(1), "value": 90, "submit": true}),
        )
        .await;
    let hp_fig = id(&res.json::<Value>().await.unwrap());
    let res = app
        .post(
            &format!("/values/{hp_fig}/approve"),
            &w.hn_approver,
            &json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "Hà Nội approves only its own"
    );
    let res = app
        .post(
            &format!("/values/{hp_fig}/approve"),
            &w.moh_planner,
            &json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "another ministry sees nothing"
    );
    let res = app
        .post(
            &format!("/values/{hp_fig}/approve"),
            &w.hp_approver,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The ministry sees the national series: both figures, their mean, both reported.
    let path = format!("/indicators/{ind}/values");
    assert_eq!(
        agencies_of(&app, &path, &w.moet_planner).await,
        sorted([&w.hn_sgd, &w.hp_sgd])
    );
    let series = json_of(&app, &format!("/indicators/{ind}/series"), &w.moet_planner).await;
    assert_eq!(series["agency_id"], w.moet.as_str());
    let point = &series["points"][0];
    assert_eq!(point["value"], 93.0);
    assert_eq!(
        (point["reported"].as_i64(), point["expected"].as_i64()),
        (Some(2), Some(2))
    );
    // … and a province's part.
    let part = json_of(
        &app,
        &format!("/indicators/{ind}/series?agency_id={}", w.hp),
        &w.moet_planner,
    )
    .await;
    assert_eq!(part["points"][0]["value"], 90.0);

    // The sector view: offered to the head of a line only, the provinces compared for the
    // quarter, best first.
    for (token, offered) in [
        (&w.moet_planner, true),
        (&w.hn_viewer, false),
        (&w.moh_planner, true),
    ] {
        let me = json_of(&app, "/me", token).await;
        assert_eq!(me["actions"]["view_sector"], offered);
    }
    let compared = json_of(
        &app,
        &format!("/indicators/{ind}/provinces"),
        &w.moet_planner,
    )
    .await;
    assert_eq!(
        compared["period"],
        quarter(1).as_str(),
        "the latest period by default"
    );
    let rows: Vec<(String, f64, i64, i64, i64)> = compared["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["value"].as_f64().unwrap(),
                r["rank"].as_i64().unwrap(),
                r["reported"].as_i64().unwrap(),
                r["expected"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [("HN".into(), 96.0, 1, 1, 1), ("HP".into(), 90.0, 2, 1, 1)]
    );
    let own = json_of(&app, &format!("/indicators/{ind}/provinces"), &w.hn_viewer).await;
    assert_eq!(own["items"].as_array().unwrap().len(), 1);
    assert_eq!(own["items"][0]["code"], "HN");
    let bad = problem(
        app.get(
            &format!("/indicators/{ind}/provinces?period=2026-Q5"),
            &w.moet_planner,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&bad), ["period"]);

    // A province sees only its own part; another ministry sees nothing.
    assert_eq!(
        agencies_of(&app, &path, &w.hn_viewer).await,
        sorted([&w.hn_sgd])
    );
    let hp_part = format!("/indicators/{ind}/values?agency_id={}", w.hp_sgd);
    assert_eq!(json_of(&app, &hp_part, &w.hn_viewer).await["total"], 0);
    let hn_series = json_of(&app, &format!("/indicators/{ind}/series"), &w.hn_viewer).await;
    assert_eq!(hn_series["points"][0]["value"], 96.0);
    for path in [
        format!("/indicators/{ind}"),
        format!("/indicators/{ind}/values"),
        format!("/indicators/{ind}/series?agency_id={}", w.hn),
        format!("/indicators/{ind}/provinces"),
    ] {
        let res = app.get(&path, &w.moh_planner).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let listed = json_of(&app, "/indicators?q=GD-MG5", &w.moh_planner).await;
    assert_eq!(listed["total"], 0);

    // Only the owner's planners return an approved figure, with a reason; it stops counting.
    let figure = |token: &str| {
        let (app, path, token) = (&app, hp_part.clone(), token.to_string());
        async move { json_of(app, &path, &token).await["items"][0].clone() }
    };
    assert_eq!(figure(&w.moet_planner).await["actions"]["return"], true);
    assert_eq!(figure(&w.hp_approver).await["actions"]["return"], false);
    let res = app
        .post(
            &format!("/values/{hp_fig}/return"),
            &w.hp_approver,
            &json!({"reason": "Sai số liệu"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(figure(&w.moet_planner).await["status"], "approved");
    let res = app
        .post(
            &format!("/values/{hp_fig}/return"),
            &w.moet_planner,
            &json!({"reason": "Số trẻ đi học vượt số trẻ trong độ tuổi: đề nghị kiểm tra lại"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let returned: Value = res.json().await.unwrap();
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["counted"], false);
    let mine = figure(&w.hp_sgd_reporter).await;
    assert!(mine["return_reason"]
        .as_str()
        .is_some_and(|r| r.starts_with("Số trẻ")));
    assert_eq!(mine["actions"]["submit"], true);
    let series = json_of(&app, &format!("/indicators/{ind}/series"), &w.moet_planner).await;
    assert_eq!(series["points"][0]["value"], 96.0);
    assert_eq!(series["points"][0]["reported"], 1);
    let compared = json_of(
        &app,
        &format!("/indicators/{ind}/provinces"),
        &w.moet_planner,
    )
    .await;
    let hp_row = &compared["items"][1];
    assert_eq!(hp_row["code"], "HP");
    assert!(hp_row["value"].is_null() && hp_row["rank"].is_null());
    assert_eq!(hp_row["reported"], 0);

    // Lines nest: the commune's officer is in the department's line, so in the ministry's.
    let mut nested = indicator_body("GD-XA", &w.moet);
    nested["reporting_agency_ids"] = json!([w.c1_officer]);
    create_indicator(&app, &w.moet_planner, nested).await;

    // A ministry's indicator by province reaches every province, which sees it.
    let mut by_province = indicator_body("GD-TINH", &w.moet);
    by_province["reporting_agency_kind"] = json!("province");
    let national = create_indicator(&app, &w.moet_planner, by_province).await;
    let seen = json_of(&app, &format!("/indicators/{national}"), &w.hn_viewer).await;
    assert_eq!(seen["code"], "GD-TINH");
    let series = json_of(
        &app,
        &format!("/indicators/{national}/series"),
        &w.moet_planner,
    )
    .await;
    assert!(series["points"].as_array().unwrap().is_empty());

    // Leaving the line: the department no longer reports the ministry's indicator.
    set_line(&app, &w.admin, &w.hp_sgd, Value::Null).await;
    let res = app
        .get(&format!("/indicators/{ind}"), &w.hp_sgd_reporter)
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            &w.hp_sgd_reporter,
            &json!({"agency_id": w.hp_sgd, "period": quarter(2), "value": 91}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// A ministry's task goes down its line: sub-tasks for the departments of every province, which
/// their provinces see; the ministry decides on their completion; nobody else sees them.
async fn a_ministry_assigns_to_its_line(app: TestApp) {
    let w = world(&app).await;
    let res = app
        .post(
            "/resolutions",
            &w.moet_planner,
            &json!({"code": "71-NQ/TW", "title": "Về đột phá phát triển giáo dục và đào tạo",
                    "issued_on": "2025-08-22", "owner_agency_id": w.moet}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let resolution = id(&res.json::<Value>().await.unwrap());
    let task_body = |code: &str, lead: &str, parent: Option<&str>| {
        json!({"resolution_id": resolution, "parent_id": parent, "code": code,
               "title": format!("Phổ cập giáo dục mầm non cho trẻ 3-5 tuổi ({code})"),
               "lead_agency_id": lead, "coordinating_agency_ids": [],
               "start_date": crate::helpers::day(-30), "due_date": crate::helpers::day(300)})
    };
    let res = app
        .post("/tasks", &w.moet_planner, &task_body("71.1", &w.moet, None))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let top = id(&res.json::<Value>().await.unwrap());

    // To a department of the line, in any province; not to one outside it.
    let res = app
        .post(
            "/tasks",
            &w.moet_planner,
            &task_body("71.1.HN", &w.hn_sgd, Some(&top)),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let hn_task = id(&res.json::<Value>().await.unwrap());
    let before = app.count("tasks");
    let outside = id(&app.agency(&w.admin, "HN-STC", "department", &w.hn).await);
    let body = problem(
        app.post(
            "/tasks",
            &w.moet_planner,
            &task_body("71.1.X", &outside, Some(&top)),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&body), ["lead_agency_id"]);
    assert_eq!(app.count("tasks"), before, "the refused task left nothing");

    // The ministry and Hà Nội see the department's task; Hà Nội not the ministry's own; the
    // Ministry of Health neither.
    let seen = json_of(&app, &format!("/tasks/{hn_task}"), &w.moet_planner).await;
    assert_eq!(seen["actions"]["edit"], true, "the assigner changes it");
    let seen = json_of(&app, &format!("/tasks/{hn_task}"), &w.hn_viewer).await;
    assert_eq!(seen["lead_agency_id"], w.hn_sgd.as_str());
    for (path, token) in [
        (format!("/tasks/{top}"), &w.hn_viewer),
        (format!("/tasks/{hn_task}"), &w.moh_planner),
        (format!("/tasks/{top}"), &w.moh_planner),
    ] {
        let res = app.get(&path, token).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let listed = json_of(&app, "/tasks?q=71.1", &w.moet_planner).await;
    assert_eq!(listed["total"], 2);

    // The department proposes completion; the ministry, which assigned it, accepts.
    let res = app
        .post(
            &format!("/tasks/{hn_task}/completion"),
            &w.hn_sgd_reporter,
            &json!({"summary": "100% trẻ 5 tuổi được phổ cập"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let hn_planner = app
        .user_token(&w.admin, "hn.planner", &w.hn, &["planner"])
        .await;
    let res = app
        .post(
            &format!("/tasks/{hn_task}/completion/accept"),
            &hn_planner,
            &json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "only the assigner decides"
    );
    let res = app
        .post(
            &format!("/tasks/{hn_task}/completion/accept"),
            &w.moet_planner,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let done = json_of(&app, &format!("/tasks/{hn_task}"), &w.hn_viewer).await;
    assert_eq!(done["status"], "completed");
    let parent = json_of(&app, &format!("/tasks/{top}"), &w.moet_planner).await;
    assert_eq!(
        parent["progress"], 100.0,
        "the ministry's task rolls up its line's work"
    );
    app.assert_aggregates_consistent();
}

fn sorted<'a>(ids: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut v: Vec<String> = ids.into_iter().cloned().collect();
    v.sort();
    v
}

/// The agency form's list of possible heads (`GET /sector-heads`) and the agencies import's
/// `sector_ministry_code` column: a province's administrator may name any ministry and its own
/// departments, never another province's, and a refused row leaves every line as it was.
async fn heads_are_listed_and_imported(app: TestApp) {
    let w = world(&app).await;
    let hn_admin = app
        .user_token(&w.admin, "hn.admin", &w.hn, &["agency_admin"])
        .await;
    let codes = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["code"].as_str().unwrap().to_string())
            .collect()
    };
    // Ministries first, then the departments of the caller's subtree.
    let heads = json_of(&app, "/sector-heads", &hn_admin).await;
    assert_eq!(codes(&heads), ["BGDDT", "BYT", "HN-SGD", "HN-SYT"]);
    assert_eq!(heads["total"], 4);
    assert_eq!(heads["items"][0]["kind"], "ministry");
    let all = json_of(&app, "/sector-heads", &w.admin).await;
    assert!(codes(&all).contains(&"HP-SGD".to_string()));
    // Searching ignores case and diacritics (the names are the codes here).
    assert_eq!(
        codes(&json_of(&app, "/sector-heads?q=hn-s", &hn_admin).await),
        ["HN-SGD", "HN-SYT"]
    );
    problem(app.get("/sector-heads", &w.hn_viewer).await, 403).await;
    let res = app.get("/sector-heads?limit=501", &hn_admin).await;
    assert_eq!(error_fields(&problem(res, 400).await), ["limit"]);

    // The import: a new department joins BYT's line, an existing one moves from BGDDT to BYT.
    let file = "code,name,kind,parent_code,sector_ministry_code\n\
                HN-SYT2,Trung tâm Kiểm soát bệnh tật Hà Nội,department,HN,BYT\n\
                HN-SGD,Cơ quan HN-SGD,department,HN,BYT\n";
    let (status, body) = crate::imports::csv(&app, &hn_admin, "agencies", file).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(crate::imports::counts(&body), (1, 1, 0, 0));
    let byt = json_of(&app, "/agencies?q=HN-SYT2", &hn_admin).await;
    let byt_id = json_of(&app, "/sector-heads?q=BYT", &hn_admin).await["items"][0]["id"].clone();
    assert_eq!(byt["items"][0]["sector_ministry_id"], byt_id);
    let sgd = json_of(&app, &format!("/agencies/{}", w.hn_sgd), &hn_admin).await;
    assert_eq!(sgd["sector_ministry_id"], byt_id);
    // The form names its current value by id; another province's department is not a candidate.
    let current = json_of(
        &app,
        &format!("/sector-heads?id={}", byt_id.as_str().unwrap()),
        &hn_admin,
    )
    .await;
    assert_eq!(codes(&current), ["BYT"]);
    let other = json_of(&app, &format!("/sector-heads?id={}", w.hp_sgd), &hn_admin).await;
    assert_eq!(other["total"], 0);
    // An empty cell leaves the line as it is.
    let (_, body) = crate::imports::csv(
        &app,
        &hn_admin,
        "agencies",
        "code,name,kind,parent_code,sector_ministry_code\nHN-SGD,Cơ quan HN-SGD,department,HN,\n",
    )
    .await;
    assert_eq!(crate::imports::counts(&body), (0, 0, 1, 0));
    // The export round-trips the column.
    let export = app
        .client
        .get(app.url("/exports/agencies?format=csv"))
        .bearer_auth(&hn_admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(export
        .lines()
        .next()
        .unwrap()
        .ends_with(",sector_ministry_code"));
    assert!(export
        .lines()
        .any(|l| l.starts_with("HN-SYT2,") && l.ends_with(",BYT")));

    // Refused rows, each named by row and column; nothing is written, nothing moves.
    let before = (
        app.count("agencies"),
        app.count("sector_closure"),
        app.count("audit_log"),
    );
    let bad = "code,name,kind,parent_code,sector_ministry_code\n\
               HN-SGD,Cơ quan HN-SGD,department,HN,NOWHERE\n\
               HN-X1,Đơn vị mới,department,HN,HP-SGD\n\
               HN-X2,Đơn vị mới 2,department,HN,HN\n";
    let (status, body) = crate::imports::csv(&app, &hn_admin, "agencies", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        crate::imports::errors(&body),
        vec![
            (2, "sector_ministry_code".into(), "unknown_code".into()),
            (3, "sector_ministry_code".into(), "unknown_code".into()),
            (4, "sector_ministry_code".into(), "invalid".into()),
        ]
    );
    assert_eq!(
        (
            app.count("agencies"),
            app.count("sector_closure"),
            app.count("audit_log")
        ),
        before
    );
    let sgd = json_of(&app, &format!("/agencies/{}", w.hn_sgd), &hn_admin).await;
    assert_eq!(sgd["sector_ministry_id"], byt_id);
}

crate::on_both_backends!(
    a_ministry_runs_its_sector_line,
    a_ministry_assigns_to_its_line,
    heads_are_listed_and_imported
);
