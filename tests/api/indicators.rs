use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{error_fields, etag, id, problem, quarter, TestApp};

/// ROOT → P1 → C1, C2; ROOT → P2; ROOT → STATS (statistics office).
struct World {
    admin: String,
    root: String,
    p1: String,
    c1: String,
    c2: String,
    p2: String,
    stats: String,
    planner: String,
    c1_reporter: String,
    c2_reporter: String,
    p1_reporter: String,
    p1_approver: String,
    stats_reporter: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let c2 = id(&app.agency(&admin, "P1-C2", "commune", &p1).await);
    let stats = id(&app.agency(&admin, "STATS", "department", &root).await);
    World {
        planner: app
            .user_token(&admin, "tw.planner", &root, &["planner"])
            .await,
        c1_reporter: app
            .user_token(&admin, "c1.reporter", &c1, &["reporter"])
            .await,
        c2_reporter: app
            .user_token(&admin, "c2.reporter", &c2, &["reporter"])
            .await,
        p1_reporter: app
            .user_token(&admin, "p1.reporter", &p1, &["reporter"])
            .await,
        p1_approver: app
            .user_token(&admin, "p1.approver", &p1, &["approver"])
            .await,
        stats_reporter: app
            .user_token(&admin, "stats.reporter", &stats, &["reporter"])
            .await,
        admin,
        root,
        p1,
        c1,
        c2,
        p2,
        stats,
    }
}

fn indicator_body(w: &World, code: &str, value_type: &str, aggregation: &str) -> Value {
    json!({"code": code, "name": format!("Chỉ tiêu {code}"), "group": "output", "unit": "%", "value_type": value_type,
           "direction": "increase", "aggregation": aggregation, "frequency": "quarterly", "owner_agency_id": w.p1,
           "reporting_agency_kind": "commune", "definition": "Định nghĩa", "data_source": "Nguồn", "method": "Cách tính",
           "verification": "Kiểm chứng"})
}

async fn indicator(app: &TestApp, w: &World, body: Value) -> Value {
    let res = app.post("/indicators", &w.planner, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    res.json().await.unwrap()
}

async fn value(app: &TestApp, token: &str, ind: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/indicators/{ind}/values"), token, &body)
        .await
}

async fn approved(
    app: &TestApp,
    w: &World,
    author: &str,
    ind: &str,
    agency: &str,
    period: &str,
    v: f64,
) -> Value {
    let res = value(
        app,
        author,
        ind,
        json!({"agency_id": agency, "period": period, "value": v, "submit": true}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let created: Value = res.json().await.unwrap();
    let res = app
        .post(
            &format!("/values/{}/approve", id(&created)),
            &w.p1_approver,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    res.json().await.unwrap()
}

async fn catalogue_rules(app: TestApp) {
    let w = world(&app).await;
    let created = indicator(
        &app,
        &w,
        indicator_body(&w, "ONLINE_RATE", "percent", "average"),
    )
    .await;
    assert_eq!(
        (
            created["group"].as_str(),
            created["reporting_agency_kind"].as_str(),
            created["locked"].as_bool()
        ),
        (Some("output"), Some("commune"), Some(false))
    );
    assert_eq!(created["verification"], "Kiểm chứng");
    let before = (app.count("indicators"), app.count("audit_log"));
    let p = problem(
        app.post(
            "/indicators",
            &w.planner,
            &indicator_body(&w, "ONLINE_RATE", "percent", "average"),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["code"]);
    let mut no_group = indicator_body(&w, "X1", "percent", "average");
    no_group.as_object_mut().unwrap().remove("group");
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &no_group).await, 422).await),
        vec!["group"]
    );
    let mut both = indicator_body(&w, "X2", "percent", "average");
    both["reporting_agency_ids"] = json!([w.c1]);
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &both).await, 422).await),
        vec!["reporting_agency_kind"]
    );
    let mut outside = indicator_body(&w, "X3", "percent", "average");
    outside
        .as_object_mut()
        .unwrap()
        .remove("reporting_agency_kind");
    outside["reporting_agency_ids"] = json!([w.p2]);
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &outside).await, 422).await),
        vec!["reporting_agency_ids[0]"]
    );
    let mut bad_period = indicator_body(&w, "X4", "percent", "average");
    bad_period["baseline_period"] = json!("2025");
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &bad_period).await, 422).await),
        vec!["baseline_period"]
    );
    // Codes take the shapes real systems use (`0101`, `CT-57-01`), but no spaces or braces.
    let mut bad_code = indicator_body(&w, "1 BAD", "percent", "average");
    bad_code["code"] = json!("1 {BAD}");
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &bad_code).await, 422).await),
        vec!["code"]
    );
    problem(
        app.post(
            "/indicators",
            &w.c1_reporter,
            &indicator_body(&w, "X5", "percent", "average"),
        )
        .await,
        403,
    )
    .await;
    assert_eq!((app.count("indicators"), app.count("audit_log")), before);
    let mut input = indicator_body(&w, "INPUT_1", "number", "sum");
    input["group"] = json!("input");
    indicator(&app, &w, input).await;
    let page: Value = app
        .get("/indicators?group=input", &w.c1_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["code"], "INPUT_1");
    let page: Value = app.get("/indicators", &w.admin).await.json().await.unwrap();
    assert_eq!(page["total"], 2);
    let p2_viewer = app
        .user_token(&w.admin, "p2.viewer", &w.p2, &["viewer"])
        .await;
    problem(
        app.get(&format!("/indicators/{}", id(&created)), &p2_viewer)
            .await,
        404,
    )
    .await;
    app.assert_aggregates_consistent();
}

async fn one_datum_one_source_one_owner(app: TestApp) {
    let w = world(&app).await;
    let ind = id(&indicator(
        &app,
        &w,
        indicator_body(&w, "ONLINE_RATE", "percent", "average"),
    )
    .await);
    let p1_admin = app
        .user_token(&w.admin, "p1.admin", &w.p1, &["admin"])
        .await;
    let p2_reporter = app
        .user_token(&w.admin, "p2.reporter", &w.p2, &["reporter"])
        .await;
    let period = quarter(1);
    let before = (app.count("indicator_values"), app.count("audit_log"));
    for (who, agency) in [
        (&w.c1_reporter, &w.c2), // another commune's series
        (&w.p1_reporter, &w.c1), // the parent province does not author its commune's figures
        (&p1_admin, &w.c1),      // nor do its admins
        (&w.admin, &w.c1),       // nor the national admin
        (&w.stats_reporter, &w.c1),
        (&p2_reporter, &w.p2),   // not a reporting agency (and not visible)
        (&w.p1_reporter, &w.p1), // the province is not a reporting agency of a commune indicator
    ] {
        let res = value(
            &app,
            who,
            &ind,
            json!({"agency_id": agency, "period": period, "value": 50}),
        )
        .await;
        assert!(
            matches!(res.status().as_u16(), 403 | 404),
            "{agency}: {}",
            res.status()
        );
    }
    assert_eq!(
        (app.count("indicator_values"), app.count("audit_log")),
        before,
        "refused writes leave nothing"
    );
    let res = value(
        &app,
        &w.c1_reporter,
        &ind,
        json!({"agency_id": w.c1, "period": period, "value": 50}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // With a source agency, the statistics office writes every commune's series, and only it.
    let mut sourced = indicator_body(&w, "SOURCED", "number", "sum");
    sourced["source_agency_id"] = json!(w.stats);
    let sourced = id(&indicator(&app, &w, sourced).await);
    let res = value(
        &app,
        &w.c1_reporter,
        &sourced,
        json!({"agency_id": w.c1, "period": period, "value": 5}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for agency in [&w.c1, &w.c2] {
        let res = value(
            &app,
            &w.stats_reporter,
            &sourced,
            json!({"agency_id": agency, "period": period, "value": 5}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let listed: Value = app
        .get(&format!("/indicators/{sourced}/values"), &w.stats_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 2, "the source sees what it supplies");
    let listed: Value = app
        .get(&format!("/indicators/{sourced}/values"), &w.c2_reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1, "a commune sees its own series only");
    app.assert_aggregates_consistent();
}

async fn value_validation(app: TestApp) {
    let w = world(&app).await;
    let pct = id(&indicator(&app, &w, indicator_body(&w, "PCT", "percent", "average")).await);
    let boolean = id(&indicator(&app, &w, indicator_body(&w, "FLAG", "boolean", "sum")).await);
    let future = quarter(-2);
    for (ind, body, field) in [
        (
            &pct,
            json!({"agency_id": w.c1, "period": "2025", "value": 5}),
            "period",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": "2025-13", "value": 5}),
            "period",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": future, "value": 5}),
            "period",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": quarter(1), "value": 101}),
            "value",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": quarter(1), "value": -0.5}),
            "value",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": quarter(1), "value": "cao"}),
            "value",
        ),
        (
            &boolean,
            json!({"agency_id": w.c1, "period": quarter(1), "value": 0.5}),
            "value",
        ),
        (
            &pct,
            json!({"agency_id": w.c1, "period": quarter(1), "value": 5, "evidence_url": "not a url"}),
            "evidence_url",
        ),
    ] {
        let p = problem(value(&app, &w.c1_reporter, ind, body.clone()).await, 422).await;
        assert_eq!(error_fields(&p), vec![field], "{body}");
    }
    assert_eq!(app.count("indicator_values"), 0);
    let res = value(
        &app,
        &w.c1_reporter,
        &boolean,
        json!({"agency_id": w.c1, "period": quarter(1), "value": 1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn workflow_revisions_and_self_approval(app: TestApp) {
    let w = world(&app).await;
    let ind = id(&indicator(
        &app,
        &w,
        indicator_body(&w, "ONLINE_RATE", "percent", "average"),
    )
    .await);
    let period = quarter(1);
    let both_roles = app
        .user_token(&w.admin, "c1.both", &w.c1, &["reporter", "approver"])
        .await;
    let draft: Value = value(
        &app,
        &both_roles,
        &ind,
        json!({"agency_id": w.c1, "period": period, "value": 60, "note": "quý trước"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (draft["status"].as_str(), draft["revision"].as_i64()),
        (Some("draft"), Some(1))
    );
    let v1 = id(&draft);
    problem(
        app.post(&format!("/values/{v1}/approve"), &w.p1_approver, &json!({}))
            .await,
        409,
    )
    .await;
    let submitted: Value = app
        .post(&format!("/values/{v1}/submit"), &both_roles, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(submitted["status"], "submitted");
    // Nobody approves their own submission, even holding the approver role.
    problem(
        app.post(&format!("/values/{v1}/approve"), &both_roles, &json!({}))
            .await,
        403,
    )
    .await;
    problem(
        app.post(&format!("/values/{v1}/approve"), &w.c2_reporter, &json!({}))
            .await,
        404,
    )
    .await;
    let series_path = format!("/indicators/{ind}/series?agency_id={}", w.c1);
    let series: Value = app.get(&series_path, &w.admin).await.json().await.unwrap();
    assert!(
        series["points"].as_array().unwrap().is_empty(),
        "nothing unapproved counts"
    );
    let ok: Value = app
        .post(&format!("/values/{v1}/approve"), &w.p1_approver, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (ok["status"].as_str(), ok["counted"].as_bool()),
        (Some("approved"), Some(true))
    );
    problem(
        app.post(&format!("/values/{v1}/approve"), &w.p1_approver, &json!({}))
            .await,
        409,
    )
    .await;
    // A correction is a new revision; the approved one still counts until the correction is approved.
    let v2: Value = value(
        &app,
        &w.c1_reporter,
        &ind,
        json!({"agency_id": w.c1, "period": period, "value": 64, "submit": true}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (v2["revision"].as_i64(), v2["status"].as_str()),
        (Some(2), Some("submitted"))
    );
    let v2 = id(&v2);
    let series: Value = app.get(&series_path, &w.admin).await.json().await.unwrap();
    assert_eq!(series["points"][0]["value"], 60.0);
    let p = problem(
        app.post(&format!("/values/{v2}/return"), &w.p1_approver, &json!({}))
            .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["reason"]);
    problem(
        app.post(
            &format!("/values/{v2}/return"),
            &w.p1_approver,
            &json!({"reason": "  "}),
        )
        .await,
        422,
    )
    .await;
    let returned: Value = app
        .post(
            &format!("/values/{v2}/return"),
            &w.p1_approver,
            &json!({"reason": "Chưa có minh chứng"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            returned["status"].as_str(),
            returned["return_reason"].as_str()
        ),
        (Some("returned"), Some("Chưa có minh chứng"))
    );
    app.post(&format!("/values/{v2}/submit"), &w.c1_reporter, &json!({}))
        .await;
    let ok: Value = app
        .post(&format!("/values/{v2}/approve"), &w.p1_approver, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ok["counted"], true);
    let series: Value = app.get(&series_path, &w.admin).await.json().await.unwrap();
    assert_eq!(series["points"][0]["value"], 64.0);
    let all: Value = app
        .get(
            &format!("/indicators/{ind}/values?all_revisions=true"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    let old = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == v1.as_str())
        .unwrap();
    assert_eq!(
        (
            old["status"].as_str(),
            old["counted"].as_bool(),
            old["current"].as_bool()
        ),
        (Some("approved"), Some(false), Some(false))
    );
    let current: Value = app
        .get(&format!("/indicators/{ind}/values"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current["total"], 1);
    // The approvals queue.
    value(
        &app,
        &w.c2_reporter,
        &ind,
        json!({"agency_id": w.c2, "period": period, "value": 30, "submit": true}),
    )
    .await;
    let queue: Value = app
        .get("/values?status=submitted", &w.p1_approver)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1);
    let history: Value = app
        .get(
            &format!("/audit?entity_type=indicator_value&entity_id={v2}"),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["approve", "submit", "return", "create_submit"]
    );
    // Locked: the meaning of approved history cannot change.
    let tag = etag(&app.get(&format!("/indicators/{ind}"), &w.planner).await);
    let p = problem(
        app.patch(
            &format!("/indicators/{ind}"),
            &w.planner,
            Some(&tag),
            &json!({"unit": "‰"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "indicator_locked");
    problem(
        app.patch(
            &format!("/indicators/{ind}"),
            &w.planner,
            Some(&tag),
            &json!({"aggregation": "sum"}),
        )
        .await,
        409,
    )
    .await;
    let res = app
        .patch(
            &format!("/indicators/{ind}"),
            &w.planner,
            Some(&tag),
            &json!({"name": "Tỷ lệ hồ sơ trực tuyến"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.assert_aggregates_consistent();
}

async fn roll_up_by_aggregation(app: TestApp) {
    let w = world(&app).await;
    let period = quarter(1);
    let mut expected = vec![];
    for (agg, want) in [
        ("sum", 100.0),
        ("average", 50.0),
        ("min", 30.0),
        ("max", 70.0),
        ("last", 70.0),
    ] {
        let ind = id(&indicator(
            &app,
            &w,
            indicator_body(&w, &format!("AGG_{agg}"), "number", agg),
        )
        .await);
        approved(&app, &w, &w.c1_reporter, &ind, &w.c1, &period, 30.0).await;
        approved(&app, &w, &w.c2_reporter, &ind, &w.c2, &period, 70.0).await;
        expected.push((ind, want));
    }
    for (ind, want) in &expected {
        let s: Value = app
            .get(
                &format!("/indicators/{ind}/series?agency_id={}", w.p1),
                &w.admin,
            )
            .await
            .json()
            .await
            .unwrap();
        let point = &s["points"][0];
        assert_eq!(point["value"].as_f64(), Some(*want), "{}", s["aggregation"]);
        assert_eq!(
            (
                point["reported"].as_i64(),
                point["expected"].as_i64(),
                point["completeness_pct"].as_f64()
            ),
            (Some(2), Some(2), Some(100.0))
        );
        let s: Value = app
            .get(
                &format!("/indicators/{ind}/series?agency_id={}", w.c1),
                &w.admin,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(s["points"][0]["value"], 30.0);
        assert_eq!(s["points"][0]["expected"], 1);
    }
    // Targets and direction-aware achievement.
    let (sum_ind, _) = &expected[0];
    let res = app.put(&format!("/indicators/{sum_ind}/targets"), &w.planner, &json!({"interim": [{"period": period, "value": 80}, {"period": period, "agency_id": w.c1, "value": 60}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = app
        .get(
            &format!("/indicators/{sum_ind}/series?agency_id={}", w.p1),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            s["points"][0]["target"].as_f64(),
            s["points"][0]["achievement_pct"].as_f64()
        ),
        (Some(80.0), Some(125.0))
    );
    let s: Value = app
        .get(
            &format!("/indicators/{sum_ind}/series?agency_id={}", w.c1),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            s["points"][0]["target"].as_f64(),
            s["points"][0]["achievement_pct"].as_f64()
        ),
        (Some(60.0), Some(50.0))
    );
    let p = problem(
        app.put(
            &format!("/indicators/{sum_ind}/targets"),
            &w.planner,
            &json!({"interim": [{"period": "2025", "value": 1}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["interim[0].period"]);
    let mut lower = indicator_body(&w, "COST", "number", "average");
    lower["direction"] = json!("decrease");
    let lower = id(&indicator(&app, &w, lower).await);
    approved(&app, &w, &w.c1_reporter, &lower, &w.c1, &period, 20.0).await;
    app.put(
        &format!("/indicators/{lower}/targets"),
        &w.planner,
        &json!({"interim": [{"period": period, "value": 10}]}),
    )
    .await;
    let s: Value = app
        .get(
            &format!("/indicators/{lower}/series?agency_id={}", w.p1),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        s["points"][0]["achievement_pct"], 50.0,
        "lower is better: 10 / 20"
    );
    assert_eq!(
        s["points"][0]["completeness_pct"], 50.0,
        "one of two communes reported"
    );
    let _ = (&w.root, &w.stats_reporter);
    app.assert_aggregates_consistent();
}

async fn composite_formulas(app: TestApp) {
    let w = world(&app).await;
    let period = quarter(1);
    let docs = id(&indicator(
        &app,
        &w,
        indicator_body(&w, "DT_DOCS", "percent", "average"),
    )
    .await);
    let services = id(&indicator(
        &app,
        &w,
        indicator_body(&w, "DT_SERVICES", "percent", "average"),
    )
    .await);
    let composite = |code: &str, formula: &str| {
        let mut b = indicator_body(&w, code, "number", "average");
        b["group"] = json!("composite");
        b["formula"] = json!(formula);
        b
    };
    let before = app.count("indicators");
    let p = problem(
        app.post(
            "/indicators",
            &w.planner,
            &composite("DT_INDEX", "0.4*DT_DOCS +"),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["formula"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("position 14"),
        "{p}"
    );
    let p = problem(
        app.post(
            "/indicators",
            &w.planner,
            &composite("DT_INDEX", "0.4*DT_DOCS + 0.6*NOPE"),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown indicator code NOPE at position 19"),
        "{p}"
    );
    let mut no_formula = composite("DT_INDEX", "");
    no_formula.as_object_mut().unwrap().remove("formula");
    assert_eq!(
        error_fields(&problem(app.post("/indicators", &w.planner, &no_formula).await, 422).await),
        vec!["formula"]
    );
    let mut formula_on_plain = indicator_body(&w, "PLAIN", "number", "sum");
    formula_on_plain["formula"] = json!("DT_DOCS");
    assert_eq!(
        error_fields(
            &problem(
                app.post("/indicators", &w.planner, &formula_on_plain).await,
                422
            )
            .await
        ),
        vec!["formula"]
    );
    assert_eq!(app.count("indicators"), before);
    let index = id(&indicator(
        &app,
        &w,
        composite("DT_INDEX", "0.4*DT_DOCS + 0.6 × DT_SERVICES"),
    )
    .await);
    approved(&app, &w, &w.c1_reporter, &docs, &w.c1, &period, 80.0).await;
    approved(&app, &w, &w.c1_reporter, &services, &w.c1, &period, 50.0).await;
    let s: Value = app
        .get(
            &format!("/indicators/{index}/series?agency_id={}", w.c1),
            &w.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let point = &s["points"][0];
    assert!(
        (point["value"].as_f64().unwrap() - 62.0).abs() < 1e-9,
        "{point}"
    );
    let parts: Vec<(String, f64)> = point["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_string(),
                c["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        vec![
            ("DT_DOCS".to_string(), 80.0),
            ("DT_SERVICES".to_string(), 50.0)
        ],
        "traceable to each component"
    );
    problem(
        value(
            &app,
            &w.c1_reporter,
            &index,
            json!({"agency_id": w.c1, "period": period, "value": 1}),
        )
        .await,
        409,
    )
    .await;
    // Cycles: OUTER uses INNER; INNER may not come to use OUTER.
    let inner = id(&indicator(&app, &w, composite("INNER", "DT_DOCS")).await);
    indicator(&app, &w, composite("OUTER", "INNER * 2")).await;
    let tag = etag(&app.get(&format!("/indicators/{inner}"), &w.planner).await);
    let p = problem(
        app.patch(
            &format!("/indicators/{inner}"),
            &w.planner,
            Some(&tag),
            &json!({"formula": "OUTER + 1"}),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cycle"),
        "{p}"
    );
    let p = problem(
        app.patch(
            &format!("/indicators/{inner}"),
            &w.planner,
            Some(&tag),
            &json!({"formula": "INNER + 1"}),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cycle"),
        "{p}"
    );
    let tag = etag(&app.get(&format!("/indicators/{docs}"), &w.planner).await);
    problem(
        app.patch(
            &format!("/indicators/{docs}"),
            &w.planner,
            Some(&tag),
            &json!({"code": "DT_DOCS2"}),
        )
        .await,
        409,
    )
    .await;
    app.assert_aggregates_consistent();
}

async fn kpi_drives_task_progress(app: TestApp) {
    let w = world(&app).await;
    let res = app
        .post(
            "/resolutions",
            &w.planner,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết", "owner_agency_id": w.root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let day = |d: i64| (Utc::now().date_naive() + Duration::days(d)).to_string();
    let res = app.post("/tasks", &w.planner, &json!({"resolution_id": resolution, "code": "T", "title": "Nhiệm vụ", "lead_agency_id": w.p1, "start_date": day(-200), "due_date": day(200)})).await;
    let top = id(&res.json().await.unwrap());
    let res = app.post("/tasks", &w.planner, &json!({"resolution_id": resolution, "parent_id": top, "code": "T.1", "title": "Số hóa hồ sơ", "lead_agency_id": w.c1, "start_date": day(-200), "due_date": day(100)})).await;
    let leaf = id(&res.json().await.unwrap());
    let mut body = indicator_body(&w, "DIGITISED", "number", "sum");
    body["task_id"] = json!(leaf);
    body["drives_task_progress"] = json!(true);
    body["baseline_value"] = json!(20);
    body["target_value"] = json!(220);
    let p = problem(
        app.post("/indicators", &w.planner, &{
            let mut b = body.clone();
            b.as_object_mut().unwrap().remove("target_value");
            b
        })
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["drives_task_progress"]);
    let ind = id(&indicator(&app, &w, body).await);
    approved(&app, &w, &w.c1_reporter, &ind, &w.c1, &quarter(2), 70.0).await;
    let task: Value = app
        .get(&format!("/tasks/{leaf}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(task["progress"], 25.0, "(70 − 20) / (220 − 20)");
    approved(&app, &w, &w.c1_reporter, &ind, &w.c1, &quarter(1), 120.0).await;
    let task: Value = app
        .get(&format!("/tasks/{leaf}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(task["progress"], 50.0);
    let parent: Value = app
        .get(&format!("/tasks/{top}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        parent["progress"], 50.0,
        "and the roll-up carries it upward"
    );

    // Unlinking: `task_id: null` (absent leaves the link). A KPI that drives the task's progress
    // is unlinked only with `drives_task_progress: false`; a refused unlink changes nothing.
    let path = format!("/indicators/{ind}");
    let patch = |body: Value| {
        let (app, path, planner) = (&app, path.clone(), w.planner.clone());
        async move {
            let tag = etag(&app.get(&path, &planner).await);
            app.patch(&path, &planner, Some(&tag), &body).await
        }
    };
    let p = problem(patch(json!({"task_id": null})).await, 422).await;
    assert_eq!(error_fields(&p), vec!["drives_task_progress"]);
    let p = problem(patch(json!({"task_id": "not-a-uuid"})).await, 422).await;
    assert_eq!(error_fields(&p), vec!["task_id"]);
    let res = patch(json!({"name": "Hồ sơ đã số hóa"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let kept: Value = res.json().await.unwrap();
    assert_eq!(
        kept["task_id"],
        json!(leaf),
        "an absent task_id leaves the link"
    );
    let res = patch(json!({"task_id": null, "drives_task_progress": false})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let unlinked: Value = res.json().await.unwrap();
    assert_eq!(
        (
            unlinked["task_id"].clone(),
            unlinked["drives_task_progress"].clone()
        ),
        (Value::Null, json!(false))
    );
    let linked: Value = app
        .get(&format!("/indicators?task_id={leaf}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(linked["total"], 0, "the task lists no KPI any more");
    let task: Value = app
        .get(&format!("/tasks/{leaf}"), &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(task["progress"], 50.0, "the progress reached stays");
}

async fn indicator_sets_are_versioned(app: TestApp) {
    let w = world(&app).await;
    let a = id(&indicator(&app, &w, indicator_body(&w, "A1", "number", "sum")).await);
    let b = id(&indicator(&app, &w, indicator_body(&w, "B1", "number", "sum")).await);
    let res = app.post("/indicator-sets", &w.planner, &json!({"code": "PAR-INDEX", "name": "Chỉ số cải cách hành chính", "owner_agency_id": w.p1, "items": [{"indicator_id": a, "weight": 1}]})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = etag(&res);
    let v1: Value = res.json().await.unwrap();
    assert_eq!(
        (v1["set_version"].as_i64(), v1["status"].as_str()),
        (Some(1), Some("draft"))
    );
    let path = format!("/indicator-sets/{}", id(&v1));
    let res = app
        .patch(
            &path,
            &w.planner,
            Some(&tag),
            &json!({"items": [{"indicator_id": a, "weight": 2}, {"indicator_id": b, "weight": 1}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(&format!("{path}/publish"), &w.planner, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let tag = etag(&res);
    let p = problem(
        app.patch(&path, &w.planner, Some(&tag), &json!({"name": "Đổi tên"}))
            .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "published");
    problem(
        app.post(&format!("{path}/publish"), &w.planner, &json!({}))
            .await,
        409,
    )
    .await;
    let res = app
        .post(&format!("{path}/versions"), &w.planner, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v2: Value = res.json().await.unwrap();
    assert_eq!(
        (v2["set_version"].as_i64(), v2["status"].as_str()),
        (Some(2), Some("draft"))
    );
    assert_eq!(
        v2["items"].as_array().unwrap().len(),
        2,
        "a new version starts as a copy"
    );
    problem(
        app.post(&format!("{path}/versions"), &w.planner, &json!({}))
            .await,
        409,
    )
    .await;
    let still: Value = app.get(&path, &w.c1_reporter).await.json().await.unwrap();
    assert_eq!(
        (still["status"].as_str(), still["name"].as_str()),
        (Some("published"), Some("Chỉ số cải cách hành chính"))
    );
    let list: Value = app
        .get("/indicator-sets?code=PAR-INDEX", &w.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    problem(
        app.post(
            "/indicator-sets",
            &w.c1_reporter,
            &json!({"code": "X", "name": "X", "owner_agency_id": w.c1}),
        )
        .await,
        403,
    )
    .await;
}

crate::on_both_backends!(
    catalogue_rules,
    one_datum_one_source_one_owner,
    value_validation,
    workflow_revisions_and_self_approval,
    roll_up_by_aggregation,
    composite_formulas,
    kpi_drives_task_progress,
    indicator_sets_are_versioned,
);
