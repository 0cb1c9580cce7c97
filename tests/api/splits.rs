//! Splits: an agency divided between successors with shares. Bad shares or successors are refused
//! with each field (or plan row) named and nothing written; a split hands the open work and the
//! users to the principal successor, keeps the source's history its own, takes effect on its day,
//! names every successor with its share in the lineage, and restates the successors' series before
//! it on today's map (sums weighted by the share, averages carried and marked).

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{day, id, problem, quarter, TestApp};

/// Everything recorded so far has existed since 2024.
fn since_2024(app: &TestApp) {
    use restrack::db::schema::agency_versions;
    let mut conn = app.db.get().unwrap();
    let since = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    diesel::update(agency_versions::table)
        .set(agency_versions::valid_from.eq(since))
        .execute(&mut *conn)
        .unwrap();
}

async fn json_of(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, token).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{path}: {:?}",
        res.text().await
    );
    res.json().await.unwrap()
}

/// The value and the restated mark of `period` in the series of `agency` on `map`.
async fn point(
    app: &TestApp,
    token: &str,
    kpi: &str,
    agency: &str,
    map: &str,
    period: &str,
) -> Option<(f64, bool)> {
    let s = json_of(
        app,
        token,
        &format!("/indicators/{kpi}/series?agency_id={agency}&map={map}"),
    )
    .await;
    assert_eq!(s["map"], map);
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == period)
        .map(|p| {
            (
                p["value"].as_f64().unwrap(),
                p["restated"].as_bool().unwrap(),
            )
        })
}

/// The KPI achievement and the restated mark of `quarter` in the dashboard trend of `agency`.
async fn trend(
    app: &TestApp,
    token: &str,
    agency: &str,
    map: &str,
    quarter: &str,
) -> (Option<f64>, bool) {
    let t = json_of(
        app,
        token,
        &format!("/dashboard/trend?agency_id={agency}&map={map}"),
    )
    .await;
    let point = t
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == quarter)
        .cloned()
        .unwrap_or_else(|| panic!("{quarter} is not in the trend {t}"));
    (
        point["kpi_achievement_pct"].as_f64(),
        point["restated"].as_bool().unwrap(),
    )
}

async fn an_agency_is_split_between_successors(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let old = id(&app.agency(&admin, "P-OLD", "commune", &p).await);
    let a = id(&app.agency(&admin, "P-A", "commune", &p).await);
    let b = id(&app.agency(&admin, "P-B", "commune", &p).await);
    let planner = app.user_token(&admin, "p.planner", &p, &["planner"]).await;
    let approver = app
        .user_token(&admin, "p.approver", &p, &["approver"])
        .await;
    let old_reporter = app
        .user_token(&admin, "old.reporter", &old, &["reporter"])
        .await;
    since_2024(&app);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-S", "title": "Sắp xếp", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let task = id(&app
        .post(
            "/tasks",
            &admin,
            &json!({"resolution_id": resolution, "code": "NQ-S.1", "title": "Việc của xã cũ",
                    "lead_agency_id": old, "start_date": day(-30), "due_date": day(60)}),
        )
        .await
        .json()
        .await
        .unwrap());
    let mut kpis = Vec::new();
    for (code, aggregation) in [("DAN_SO", "sum"), ("TY_LE", "average")] {
        let res = app
            .post(
                "/indicators",
                &planner,
                &json!({"code": code, "name": code, "group": "output", "value_type": "number",
                        "direction": "increase", "aggregation": aggregation, "frequency": "quarterly",
                        "owner_agency_id": p, "reporting_agency_kind": "commune"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let kpi = id(&res.json().await.unwrap());
        let created: Value = app
            .post(
                &format!("/indicators/{kpi}/values"),
                &old_reporter,
                &json!({"agency_id": old, "period": quarter(2), "value": 100, "submit": true}),
            )
            .await
            .json()
            .await
            .unwrap();
        let res = app
            .post(
                &format!("/values/{}/approve", id(&created)),
                &approver,
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        kpis.push(kpi);
    }
    // The old commune's own target for the sum: its figure achieves 50 %.
    let res = app
        .put(
            &format!("/indicators/{}/targets", kpis[0]),
            &planner,
            &json!({"interim": [{"period": quarter(2), "agency_id": old, "value": 200}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let path = format!("/agencies/{old}/split");
    let untouched = |app: &TestApp| {
        (
            app.count("agency_merges"),
            app.count("audit_log"),
            app.count("agency_versions"),
        )
    };
    let before = untouched(&app);

    // Refused, each problem named, nothing written.
    let p1 = problem(
        app.post(
            &path,
            &admin,
            &json!({"successors": [{"agency_id": a, "share": 0.5}, {"agency_id": b, "share": 0.4}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p1["errors"][0]["field"], "successors");
    assert!(p1["errors"][0]["message"].as_str().unwrap().contains("0.9"));
    let p2 = problem(
        app.post(
            &path,
            &admin,
            &json!({"successors": [{"agency_id": old, "share": 0.5},
                                   {"agency_id": a, "share": 0},
                                   {"agency_id": "00000000-0000-4000-8000-000000000000", "share": 0.5}]}),
        )
        .await,
        422,
    )
    .await;
    let fields: Vec<(&str, &str)> = p2["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert!(
        fields.contains(&("successors[0].agency_id", "invalid")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("successors[1].share", "range")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("successors[2].agency_id", "not_found")),
        "{fields:?}"
    );
    let p3 = problem(
        app.post(
            &path,
            &admin,
            &json!({"successors": [{"agency_id": a, "share": 1}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p3["errors"][0]["field"], "successors");
    problem(
        app.post(
            &path,
            &planner,
            &json!({"successors": [{"agency_id": a, "share": 0.6}, {"agency_id": b, "share": 0.4}]}),
        )
        .await,
        403,
    )
    .await;
    let body = json!({"successors": [{"agency_id": b, "share": 0.4}, {"agency_id": a, "share": 0.6}],
                      "effective_on": day(-1)});
    let preview: Value = app
        .post(&format!("{path}?dry_run=true"), &admin, &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["principal_id"], a);
    assert_eq!(preview["handed_over"]["tasks_moved"], 1);
    assert_eq!(untouched(&app), before);
    assert_eq!(
        json_of(&app, &admin, &format!("/agencies/{old}")).await["status"],
        "active"
    );

    // Split, effective yesterday.
    let res = app.post(&path, &admin, &body).await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let old_now = json_of(&app, &admin, &format!("/agencies/{old}")).await;
    assert_eq!(old_now["status"], "split");
    assert_eq!(old_now["parent_id"], p, "the source stays where it was");
    assert_eq!(
        json_of(&app, &admin, &format!("/tasks/{task}")).await["lead_agency_id"],
        a
    );
    assert_eq!(
        json_of(&app, &admin, &format!("/agencies/{old}?as_of={}", day(-2))).await["status"],
        "active"
    );
    assert_eq!(
        json_of(&app, &admin, &format!("/agencies/{old}?as_of={}", day(-1))).await["status"],
        "split"
    );
    // A province's units as of a day: the whole list on either side of the split.
    for (date, status) in [(day(-2), "active"), (day(-1), "split")] {
        let units = json_of(
            &app,
            &admin,
            &format!("/agencies?parent_id={p}&as_of={date}"),
        )
        .await;
        assert_eq!(units["total"], 3, "{units}");
        let source = units["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == old.as_str())
            .cloned()
            .unwrap();
        assert_eq!(
            (source["status"].as_str(), source["depth"].as_i64()),
            (Some(status), Some(2))
        );
    }
    let me: Value = json_of(&app, &old_reporter, "/me").await;
    assert_eq!(
        me["agency_id"], a,
        "the source's users work for the principal successor"
    );
    let lineage = json_of(&app, &admin, &format!("/agencies/{old}/lineage")).await;
    let mut successors: Vec<(String, f64, String, String)> = lineage["successors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["agency_id"].as_str().unwrap().to_string(),
                s["share"].as_f64().unwrap(),
                s["kind"].as_str().unwrap().to_string(),
                s["effective_on"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    successors.sort_by(|x, y| x.1.total_cmp(&y.1));
    assert_eq!(
        successors,
        [
            (b.clone(), 0.4, "split".into(), day(-1)),
            (a.clone(), 0.6, "split".into(), day(-1))
        ]
    );
    let of_b = json_of(&app, &admin, &format!("/agencies/{b}/lineage")).await;
    assert_eq!(of_b["predecessors"][0]["agency_id"], old);
    assert_eq!(of_b["predecessors"][0]["share"], 0.4);
    let audit = json_of(
        &app,
        &admin,
        &format!("/audit?entity_type=agency&entity_id={old}"),
    )
    .await;
    let splits = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "split")
        .count();
    assert_eq!(splits, 1, "{audit}");

    // Series: as recorded, the old figures stay with the source; on today's map the successors
    // carry them (a sum by share, an average as reported), marked; the province counts them once.
    let (sum, avg) = (&kpis[0], &kpis[1]);
    let q = quarter(2);
    assert_eq!(point(&app, &admin, sum, &a, "recorded", &q).await, None);
    assert_eq!(
        point(&app, &admin, sum, &a, "today", &q).await,
        Some((60.0, true))
    );
    assert_eq!(
        point(&app, &admin, sum, &b, "today", &q).await,
        Some((40.0, true))
    );
    assert_eq!(
        point(&app, &admin, avg, &b, "today", &q).await,
        Some((100.0, true))
    );
    assert_eq!(
        point(&app, &admin, sum, &p, "today", &q).await,
        Some((100.0, false))
    );
    assert_eq!(
        point(&app, &admin, sum, &p, "recorded", &q).await,
        Some((100.0, false))
    );
    assert_eq!(
        point(&app, &admin, sum, &old, "today", &q).await,
        Some((100.0, false))
    );

    // The dashboard trend of a successor: on today's map the old commune's figure counts against
    // its own target in that quarter, marked; as recorded the successor has no figure then; the
    // province counts it once either way.
    assert_eq!(
        trend(&app, &admin, &a, "today", &q).await,
        (Some(50.0), true)
    );
    assert_eq!(trend(&app, &admin, &a, "recorded", &q).await, (None, false));
    assert_eq!(
        trend(&app, &admin, &p, "today", &q).await,
        (Some(50.0), false)
    );
    assert_eq!(
        trend(&app, &admin, &p, "recorded", &q).await,
        (Some(50.0), false)
    );

    // A split agency is not split again.
    let p4 = problem(app.post(&path, &admin, &body).await, 409).await;
    assert_eq!(p4["code"], "not_active");
    app.assert_aggregates_consistent();
}

async fn import(app: &TestApp, token: &str, csv: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url("/imports/reorganisation"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn a_plan_splits_with_its_rows_named(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    for code in ["P-X", "P-C", "P-D"] {
        app.agency(&admin, code, "commune", &p).await;
    }
    let x = id(&json_of(&app, &admin, "/agencies?q=P-X").await["items"][0]);
    let header = "action,agency_code,target_code,share,effective_on\n";
    let before = (app.count("agency_merges"), app.count("audit_log"));
    // Shares that do not sum to 1: every row of the split is named; a successor that does not
    // exist is named on its row; nothing is written.
    let (status, report) = import(
        &app,
        &admin,
        &format!(
            "{header}split,P-X,P-C,\"0,5\",{d}\nsplit,P-X,P-D,0.4,{d}\n",
            d = day(-3)
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    let named: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(named, [(2, "share"), (3, "share")], "{report}");
    assert_eq!(report["counts"]["rejected"], 2);
    let (status, report) = import(
        &app,
        &admin,
        &format!("{header}split,P-X,P-C,0.5,\nsplit,P-X,NOPE,0.5,\n"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(report["errors"][0]["row"], 3);
    assert_eq!(report["errors"][0]["field"], "target_code");
    assert_eq!(report["errors"][0]["code"], "unknown_code");
    assert_eq!((app.count("agency_merges"), app.count("audit_log")), before);
    assert_eq!(
        json_of(&app, &admin, &format!("/agencies/{x}")).await["status"],
        "active"
    );

    // The same plan with shares that sum to 1, followed by another step.
    let (status, report) = import(
        &app,
        &admin,
        &format!(
            "{header}split,P-X,P-C,0.5,{d}\nsplit,P-X,P-D,0.5,{d}\nmerge,P-D,P-C,,\n",
            d = day(-3)
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["counts"]["updated"], 3, "{report}");
    let x_now = json_of(&app, &admin, &format!("/agencies/{x}")).await;
    assert_eq!(x_now["status"], "split");
    let lineage = json_of(&app, &admin, &format!("/agencies/{x}/lineage")).await;
    // C and D (D's later merge into C adds no new successor).
    assert_eq!(
        lineage["successors"].as_array().unwrap().len(),
        2,
        "{lineage}"
    );
    app.assert_aggregates_consistent();
}

crate::on_both_backends!(
    an_agency_is_split_between_successors,
    a_plan_splits_with_its_rows_named
);
