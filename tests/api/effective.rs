//! Reorganisations with effective dates: a merge, a move and a dissolution recorded today but
//! effective on a past day show in `?as_of=` views from that day on, the tasks they move change
//! lead agency from that day, the audit keeps the recording time, and the lineage names
//! predecessors and successors with their dates. A future date is refused and changes nothing.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{day, error_fields, id, problem, TestApp};

/// Everything recorded so far has existed since 2024 (its history starts then).
fn since_2024(app: &TestApp) {
    use restrack::db::schema::{agency_versions, task_versions};
    let mut conn = app.db.get().unwrap();
    let since = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    diesel::update(agency_versions::table)
        .set(agency_versions::valid_from.eq(since))
        .execute(&mut *conn)
        .unwrap();
    diesel::update(task_versions::table)
        .set(task_versions::valid_from.eq(since))
        .execute(&mut *conn)
        .unwrap();
}

async fn as_of(app: &TestApp, token: &str, agency: &str, date: &str) -> Value {
    let res = app
        .get(&format!("/agencies/{agency}?as_of={date}"), token)
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    res.json().await.unwrap()
}

async fn back_dated_merge_move_and_dissolve(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let c2 = id(&app.agency(&admin, "P1-C2", "commune", &p1).await);
    let c3 = id(&app.agency(&admin, "P1-C3", "commune", &p1).await);
    let c4 = id(&app.agency(&admin, "P1-C4", "commune", &p1).await);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-57", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let res = app
        .post(
            "/tasks",
            &admin,
            &json!({"resolution_id": resolution, "code": "NQ-57.1", "title": "Số hóa", "lead_agency_id": c1,
                    "start_date": day(-400), "due_date": day(200)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let task = id(&res.json().await.unwrap());
    since_2024(&app);

    // A future effective date is refused, and nothing changes.
    let p = problem(
        app.post(
            &format!("/agencies/{c1}/merge"),
            &admin,
            &json!({"into_id": c2, "effective_on": day(3)}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["effective_on"]);
    assert_eq!(as_of(&app, &admin, &c1, &day(0)).await["status"], "active");

    // Merged today, effective 30 days ago.
    let res = app
        .post(
            &format!("/agencies/{c1}/merge"),
            &admin,
            &json!({"into_id": c2, "effective_on": day(-30)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let before = as_of(&app, &admin, &c1, &day(-31)).await;
    assert_eq!(
        (before["status"].as_str(), before["parent_id"].as_str()),
        (Some("active"), Some(p1.as_str()))
    );
    let after = as_of(&app, &admin, &c1, &day(-30)).await;
    assert_eq!(
        (after["status"].as_str(), after["parent_id"].as_str()),
        (Some("merged"), Some(c2.as_str()))
    );
    // The open task it led passed to the successor on the same day.
    {
        use restrack::db::schema::task_versions;
        let mut conn = app.db.get().unwrap();
        let effective = chrono::NaiveDate::parse_from_str(&day(-30), "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let leads: Vec<(String, chrono::NaiveDateTime)> = task_versions::table
            .filter(task_versions::task_id.eq(&task))
            .order(task_versions::valid_from)
            .select((task_versions::lead_agency_id, task_versions::valid_from))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(leads.last().unwrap(), &(c2.clone(), effective), "{leads:?}");
    }
    // The audit keeps when it was recorded.
    let audit: Value = app
        .get(&format!("/audit?entity_id={c1}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    let merge = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "merge")
        .expect("the merge is audited");
    assert!(
        merge["at"].as_str().unwrap().starts_with(&day(0)),
        "{merge}"
    );
    // The lineage, both ways.
    let lineage: Value = app
        .get(&format!("/agencies/{c2}/lineage"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lineage["predecessors"][0]["agency_id"], c1.as_str());
    assert_eq!(lineage["predecessors"][0]["effective_on"], day(-30));
    assert_eq!(lineage["predecessors"][0]["share"], 1.0);
    assert_eq!(lineage["successors"], json!([]));
    let lineage: Value = app
        .get(&format!("/agencies/{c1}/lineage"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lineage["successors"][0]["code"], "P1-C2");

    // A plan's move with an effective date; a bad date names its row and writes nothing.
    let csv = format!(
        "action,agency_code,target_code,effective_on\nmove,P1-C3,P2,{}\n",
        day(-20)
    );
    let bad = "action,agency_code,target_code,effective_on\nmove,P1-C3,P2,20/11/2026\n";
    let res = app
        .client
        .post(app.url("/imports/reorganisation"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report: Value = res.json().await.unwrap();
    assert!(report.to_string().contains("effective_on"), "{report}");
    assert_eq!(
        as_of(&app, &admin, &c3, &day(0)).await["parent_id"],
        p1.as_str()
    );
    let res = app
        .client
        .post(app.url("/imports/reorganisation"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    assert_eq!(
        as_of(&app, &admin, &c3, &day(-21)).await["parent_id"],
        p1.as_str()
    );
    assert_eq!(
        as_of(&app, &admin, &c3, &day(-20)).await["parent_id"],
        p2.as_str()
    );

    // A dissolution effective five days ago.
    let res = app
        .post(
            &format!("/agencies/{c4}/dissolve?effective_on={}", day(-5)),
            &admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    assert_eq!(as_of(&app, &admin, &c4, &day(-6)).await["status"], "active");
    assert_eq!(
        as_of(&app, &admin, &c4, &day(-5)).await["status"],
        "dissolved"
    );
    // The tree of the province as it was between the steps.
    let tree: Value = app
        .get(
            &format!("/agencies?parent_id={p1}&as_of={}", day(-25)),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = tree["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["P1-C2", "P1-C3", "P1-C4"], "{tree}");
}

crate::on_both_backends!(back_dated_merge_move_and_dissolve);
