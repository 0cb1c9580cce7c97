use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{problem, quarter, TestApp};

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    kind: &str,
    query: &str,
    content_type: &str,
    body: impl Into<Vec<u8>>,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url(&format!("/imports/{kind}{query}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body.into());
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn csv(app: &TestApp, token: &str, kind: &str, body: &str) -> (StatusCode, Value) {
    upload(
        app,
        token,
        kind,
        "",
        "text/csv",
        body.as_bytes().to_vec(),
        None,
    )
    .await
}

pub(crate) fn errors(v: &Value) -> Vec<(u64, String, String)> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub(crate) fn counts(v: &Value) -> (i64, i64, i64, i64) {
    let c = &v["counts"];
    (
        c["created"].as_i64().unwrap(),
        c["updated"].as_i64().unwrap(),
        c["unchanged"].as_i64().unwrap(),
        c["rejected"].as_i64().unwrap(),
    )
}

async fn agencies_import_all_or_nothing(app: TestApp) {
    let admin = app.admin_token().await;
    let file = "\u{feff}code,name,kind,parent_code\nHN,Thành phố Hà Nội,province,ROOT\nHN-BD,\"Phường Ba Đình, Hà Nội\",commune,HN\nHN-HK,Phường Hoàn Kiếm,commune,HN\n";
    // A dry run says what would happen and writes nothing.
    let before = (app.count("agencies"), app.count("audit_log"));
    let (status, body) = upload(
        &app,
        &admin,
        "agencies",
        "?dry_run=true",
        "text/csv",
        file.as_bytes().to_vec(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (body["status"].as_str(), body["dry_run"].as_bool()),
        (Some("validated"), Some(true))
    );
    assert_eq!(counts(&body), (3, 0, 0, 0));
    assert_eq!((app.count("agencies"), app.count("audit_log")), before);
    let (status, body) = csv(&app, &admin, "agencies", file).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["status"].as_str(), counts(&body)),
        (Some("applied"), (3, 0, 0, 0))
    );
    let page: Value = app
        .get("/agencies?q=HN-BD", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["name"], "Phường Ba Đình, Hà Nội");
    // The same file again changes nothing.
    let (_, body) = csv(&app, &admin, "agencies", file).await;
    assert_eq!(counts(&body), (0, 0, 3, 0));
    // One bad row rejects the whole file, with every problem named by row and column.
    let before = (
        app.count("agencies"),
        app.count("audit_log"),
        app.count("agency_closure"),
    );
    let bad = "code,name,kind,parent_code\nDN,Đà Nẵng,province,ROOT\nX Y,Tên,commune,DN\nQN,Quảng Ngãi,planet,ROOT\nHP,Hải Phòng,province,NOWHERE\nDN,Trùng,province,ROOT\n";
    let (status, body) = csv(&app, &admin, "agencies", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["status"], "rejected");
    assert_eq!(
        errors(&body),
        vec![
            (3, "code".into(), "invalid".into()),
            (4, "kind".into(), "invalid".into()),
            (5, "parent_code".into(), "unknown_code".into()),
            (6, "code".into(), "duplicate_row".into()),
        ]
    );
    assert_eq!(counts(&body), (1, 0, 0, 4));
    assert_eq!(
        (app.count("agencies"), app.count("agency_closure")),
        (before.0, before.2),
        "nothing of the file was written"
    );
    // Header problems are row 1.
    let (_, body) = csv(&app, &admin, "agencies", "code,name,colour\nA,B,C\n").await;
    assert_eq!(
        errors(&body),
        vec![
            (1, "colour".into(), "unknown_column".into()),
            (1, "kind".into(), "missing_column".into())
        ]
    );
    // Not UTF-8: named, not garbled.
    let mut latin1 = b"code,name,kind,parent_code\nQT,Qu".to_vec();
    latin1.extend_from_slice(&[0xe1, 0xba]);
    latin1.extend_from_slice(b"ng Tri,province,ROOT\n");
    let (status, body) = upload(&app, &admin, "agencies", "", "text/csv", latin1, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["code"], "encoding");
    // The same rules as the single endpoints: a viewer cannot create agencies, and is refused
    // before the file is read (403, no history row).
    let root = app.root_id(&admin).await;
    let viewer = app
        .user_token(&admin, "viewer.one", &root, &["viewer"])
        .await;
    let imports_before = app.count("imports");
    let (status, body) = csv(
        &app,
        &viewer,
        "agencies",
        "code,name,kind,parent_code\nZZ,Z,province,ROOT\n",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "forbidden");
    assert_eq!(app.count("imports"), imports_before);
    // JSON arrays work too; wrong content types do not.
    let (status, body) = upload(
        &app,
        &admin,
        "agencies",
        "",
        "application/json",
        serde_json::to_vec(
            &json!([{"code": "CT", "name": "Cần Thơ", "kind": "province", "parent_code": "ROOT"}]),
        )
        .unwrap(),
        None,
    )
    .await;
    assert_eq!((status, counts(&body)), (StatusCode::OK, (1, 0, 0, 0)));
    let res = app
        .client
        .post(app.url("/imports/agencies"))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    problem(res, 415).await;
    let res = app
        .client
        .post(app.url("/imports/planets"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body("x")
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
    // History: who, when, what.
    let history: Value = app
        .get("/imports?kind=agencies", &admin)
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == "applied").count(), 3);
    assert!(statuses.contains(&"rejected") && statuses.contains(&"validated"));
    let one: Value = app
        .get(
            &format!(
                "/imports/runs/{}",
                history["items"][0]["import_id"].as_str().unwrap()
            ),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["actor_name"], "admin");
    let other = app
        .user_token(
            &admin,
            "elsewhere",
            &id_of(&app, &admin, "CT").await,
            &["viewer"],
        )
        .await;
    let hist: Value = app.get("/imports", &other).await.json().await.unwrap();
    assert_eq!(hist["total"], 0, "history is scoped");
    let _ = root;
}

pub(crate) async fn id_of(app: &TestApp, token: &str, code: &str) -> String {
    let page: Value = app
        .get(&format!("/agencies?q={code}"), token)
        .await
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// ROOT → P1 → C1, C2, an indicator of the communes, reporters of each commune.
pub(crate) async fn value_world(app: &TestApp) -> (String, String, String) {
    let admin = app.admin_token().await;
    let (status, body) = csv(app, &admin, "agencies", "code,name,kind,parent_code\nP1,Tỉnh Một,province,ROOT\nC1,Xã Một,commune,P1\nC2,Xã Hai,commune,P1\n").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let root = app.root_id(&admin).await;
    let p1 = id_of(app, &admin, "P1").await;
    let planner = app.user_token(&admin, "planner", &root, &["planner"]).await;
    let res = app
        .post("/indicators", &planner, &json!({"code": "ONLINE", "name": "Tỷ lệ trực tuyến", "group": "output", "value_type": "percent", "direction": "increase", "aggregation": "average", "frequency": "quarterly", "owner_agency_id": p1, "reporting_agency_kind": "commune"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c1 = id_of(app, &admin, "C1").await;
    let reporter = app
        .user_token(&admin, "c1.reporter", &c1, &["reporter"])
        .await;
    (admin, planner, reporter)
}

async fn value_imports_check_every_row(app: TestApp) {
    let (admin, _, reporter) = value_world(&app).await;
    let (q1, q2, q3) = (quarter(1), quarter(2), quarter(3));
    let good = format!("indicator_code,agency_code,period,value,note\nONLINE,C1,{q2},61.5,quý trước\nONLINE,C1,{q1},70,\n");
    let (status, body) = csv(&app, &reporter, "indicator-values", &good).await;
    assert_eq!(
        (status, counts(&body)),
        (StatusCode::OK, (2, 0, 0, 0)),
        "{body}"
    );
    let (_, body) = csv(&app, &reporter, "indicator-values", &good).await;
    assert_eq!(counts(&body), (0, 0, 2, 0), "re-importing changes nothing");
    let before = (app.count("indicator_values"), app.count("audit_log"));
    let future = quarter(-2);
    let bad = format!(
        "indicator_code,agency_code,period,value,note\nONLINE,C1,{q1},71,sửa\nONLINE,C2,{q1},50,\nONLINE,C1,2025,50,\nONLINE,C1,{future},50,\nONLINE,C1,{q2},cao,\nONLINE,C1,{q3},150,\nONLINE,C1,{q1},72,\nNOPE,C1,{q1},1,\n"
    );
    let (status, body) = csv(&app, &reporter, "indicator-values", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(&body),
        vec![
            // C2 is a sibling outside the reporter's scope: as unknown as a code that does not
            // exist (it was `forbidden`, which told the two apart).
            (3, "agency_code".into(), "unknown_code".into()),
            (4, "period".into(), "invalid".into()),
            (5, "period".into(), "invalid".into()),
            (6, "value".into(), "invalid".into()),
            (7, "value".into(), "invalid".into()),
            (8, "period".into(), "duplicate_row".into()),
            (9, "indicator_code".into(), "unknown_code".into()),
        ]
    );
    assert_eq!(
        (app.count("indicator_values"), app.count("audit_log")),
        before,
        "no back door, no half file"
    );
    let (_, body) = csv(
        &app,
        &reporter,
        "indicator-values",
        "indicator_code,agency_code,period\nONLINE,C1,2025-Q1\n",
    )
    .await;
    assert_eq!(
        errors(&body),
        vec![(1, "value".into(), "missing_column".into())]
    );
    // A correction is a new revision, counted as updated; with submit=true it goes for approval.
    let (status, body) = upload(
        &app,
        &reporter,
        "indicator-values",
        "?submit=true",
        "text/csv",
        format!("indicator_code,agency_code,period,value,note\nONLINE,C1,{q1},75,\n"),
        None,
    )
    .await;
    assert_eq!((status, counts(&body)), (StatusCode::OK, (0, 1, 0, 0)));
    let queue: Value = app
        .get("/values?status=submitted", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["revision"], 2);
    assert_eq!(queue["items"][0]["import_id"], body["import_id"]);
    app.assert_aggregates_consistent();
}

/// Files larger than one write batch (1,000 figures on SQLite, 10,000 per COPY on PostgreSQL):
/// every row is counted once, corrections in any batch become new revisions, and a bad row in the
/// last batch leaves the earlier batches unwritten.
async fn value_imports_span_batches(app: TestApp) {
    let (admin, planner, _) = value_world(&app).await;
    let batch = match app.backend {
        crate::helpers::Backend::Sqlite => restrack::indicators::figures::VALUE_BATCH,
        crate::helpers::Backend::Postgres => restrack::indicators::figures::VALUE_BATCH_COPY,
    };
    let months: Vec<String> = (1900..2026)
        .flat_map(|y| (1..=12).map(move |m| format!("{y}-{m:02}")))
        .collect();
    // A statistics office supplies the monthly figure of enough communes to fill two batches.
    let communes = batch / months.len() + 1;
    let mut agencies =
        String::from("code,name,kind,parent_code\nSTATS,Cục Thống kê,department,ROOT\n");
    for c in 3..3 + communes {
        agencies.push_str(&format!("C{c},Xã {c},commune,P1\n"));
    }
    let (status, body) = csv(&app, &admin, "agencies", &agencies).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let p1 = id_of(&app, &admin, "P1").await;
    let stats = id_of(&app, &admin, "STATS").await;
    let reporter = app
        .user_token(&admin, "stats.reporter", &stats, &["reporter"])
        .await;
    let res = app
        .post("/indicators", &planner, &json!({"code": "MONTHLY", "name": "Hồ sơ trực tuyến theo tháng", "group": "output", "value_type": "number", "direction": "increase", "aggregation": "sum", "frequency": "monthly", "owner_agency_id": p1, "reporting_agency_kind": "commune", "source_agency_id": stats}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let n = months.len() * communes;
    assert!(n > batch && n < 2 * batch + months.len());
    let file = |changed: &[usize], extra: &str| {
        let mut f = String::from("indicator_code,agency_code,period,value\n");
        for i in 0..n {
            let (c, m) = (3 + i / months.len(), &months[i % months.len()]);
            let v = if changed.contains(&i) { i + 7 } else { i };
            f.push_str(&format!("MONTHLY,C{c},{m},{v}\n"));
        }
        f.push_str(extra);
        f
    };
    let (status, body) = csv(&app, &reporter, "indicator-values", &file(&[], "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(counts(&body), (n as i64, 0, 0, 0));
    let values = app.count("indicator_values");
    let changed = [0, batch - 1, batch, n - 1];
    let (_, body) = csv(&app, &reporter, "indicator-values", &file(&changed, "")).await;
    assert_eq!(counts(&body), (0, 4, n as i64 - 4, 0));
    assert_eq!(app.count("indicator_values"), values + 4);
    let bad = file(&[5, batch + 5], "MONTHLY,C3,1899-12,1\n");
    let (status, body) = csv(&app, &reporter, "indicator-values", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(&body),
        vec![(n as u64 + 2, "period".into(), "invalid".into())]
    );
    assert_eq!(
        app.count("indicator_values"),
        values + 4,
        "nothing of the earlier batches stays"
    );
    app.assert_aggregates_consistent();
}

async fn idempotency_keys(app: TestApp) {
    let (admin, _, reporter) = value_world(&app).await;
    let file = format!(
        "indicator_code,agency_code,period,value\nONLINE,C1,{},40\n",
        quarter(1)
    );
    let (s1, first) = upload(
        &app,
        &reporter,
        "indicator-values",
        "",
        "text/csv",
        file.clone(),
        Some("batch-2026-11-23"),
    )
    .await;
    assert_eq!(s1, StatusCode::OK);
    let values = app.count("indicator_values");
    let (s2, again) = upload(
        &app,
        &reporter,
        "indicator-values",
        "",
        "text/csv",
        file.clone(),
        Some("batch-2026-11-23"),
    )
    .await;
    assert_eq!(s2, StatusCode::OK);
    assert_eq!(
        again["import_id"], first["import_id"],
        "the stored first result"
    );
    assert_eq!(counts(&again), (1, 0, 0, 0));
    assert_eq!(app.count("indicator_values"), values, "applied once");
    let changed = file.replace(",40", ",41");
    let (s3, body) = upload(
        &app,
        &reporter,
        "indicator-values",
        "",
        "text/csv",
        changed.clone(),
        Some("batch-2026-11-23"),
    )
    .await;
    assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
    // Keys are per caller: another caller's same key is a different import.
    let c2 = id_of(&app, &admin, "C2").await;
    let other = app
        .user_token(&admin, "c2.reporter", &c2, &["reporter"])
        .await;
    let mine = changed.replace(",C1,", ",C2,");
    let (s4, body) = upload(
        &app,
        &other,
        "indicator-values",
        "",
        "text/csv",
        mine.clone(),
        Some("batch-2026-11-23"),
    )
    .await;
    assert_eq!((s4, counts(&body)), (StatusCode::OK, (1, 0, 0, 0)));
    // While the first request with a key is still running, a retry of it is refused with 409.
    let running_key = "still-running";
    let me: Value = app.get("/me", &reporter).await.json().await.unwrap();
    let user_id = me["id"].as_str().unwrap().to_string();
    let running_hash = {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"indicator-values|false|false|false|");
        h.update(file.as_bytes());
        hex::encode(h.finalize())
    };
    app.db
        .run(move |conn| {
            use diesel::prelude::*;
            use restrack::db::schema::imports::dsl::*;
            diesel::insert_into(imports)
                .values((
                    id.eq(uuid::Uuid::new_v4().to_string()),
                    kind.eq("indicator-values"),
                    actor_id.eq(&user_id),
                    actor_name.eq("c1.reporter"),
                    agency_id.eq("x"),
                    idempotency_key.eq(running_key),
                    request_hash.eq(running_hash),
                    dry_run.eq(false),
                    status.eq("running"),
                    started_at.eq(restrack::db::now()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let res = app
        .client
        .post(app.url("/imports/indicator-values"))
        .bearer_auth(&reporter)
        .header("content-type", "text/csv")
        .header("Idempotency-Key", running_key)
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(res, 409).await["code"], "import_running");
}

async fn export_then_import_round_trips(app: TestApp) {
    let (admin, planner, reporter) = value_world(&app).await;
    let root = app.root_id(&admin).await;
    let res = app
        .post(
            "/resolutions",
            &planner,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    let resolution = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tasks = "resolution_code,code,parent_code,title,description,lead_agency_code,coordinating_agency_codes,start_date,due_date,weight,status\n\
         57-NQ/TW,T1,,Nhiệm vụ một,\"=cmd|' /C calc'!A0\",P1,C2;C1,2026-01-01,2027-12-31,2,in_progress\n\
         57-NQ/TW,T1.1,T1,Việc con,,C1,,2026-02-01,2027-06-30,1,\n".to_string();
    let (status, body) = csv(&app, &planner, "tasks", &tasks).await;
    assert_eq!(
        (status, counts(&body)),
        (StatusCode::OK, (2, 0, 0, 0)),
        "{body}"
    );
    let t1: Value = app
        .get("/tasks?q=T1&sort=code", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t1["items"][0]["status"], "in_progress");
    assert_eq!(
        t1["items"][0]["coordinating_agency_ids"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    csv(
        &app,
        &reporter,
        "indicator-values",
        &format!(
            "indicator_code,agency_code,period,value,note\nONLINE,C1,{},55,\"@ghi chú\"\n",
            quarter(1)
        ),
    )
    .await;
    for (kind, token) in [
        ("agencies", &admin),
        ("tasks", &planner),
        ("indicators", &planner),
        ("indicator-values", &reporter),
    ] {
        let res = app
            .client
            .get(app.url(&format!("/exports/{kind}?format=csv")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let exported = res.text().await.unwrap();
        if kind == "tasks" {
            assert!(
                exported.contains("'=cmd"),
                "formula cells are neutralised: {exported}"
            );
        }
        let (status, body) = csv(&app, token, kind, &exported).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
        let (created, updated, unchanged, rejected) = counts(&body);
        assert_eq!((created, updated, rejected), (0, 0, 0), "{kind}: {body}");
        assert!(unchanged >= 1, "{kind}");
        let res = app
            .client
            .get(app.url(&format!("/exports/{kind}?format=json")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let exported: Value = res.json().await.unwrap();
        let (_, body) = upload(
            &app,
            token,
            kind,
            "",
            "application/json",
            serde_json::to_vec(&exported).unwrap(),
            None,
        )
        .await;
        assert_eq!(counts(&body).3, 0, "{kind} JSON: {body}");
        assert_eq!(
            (counts(&body).0, counts(&body).1),
            (0, 0),
            "{kind} JSON: {body}"
        );
    }
    // Exports are scoped: the commune reporter's agency export holds its own agency only.
    let res = app
        .client
        .get(app.url("/exports/agencies"))
        .bearer_auth(&reporter)
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    let _ = resolution;
    app.assert_aggregates_consistent();
}

async fn api_keys_for_ministry_systems(app: TestApp) {
    let (admin, _, _) = value_world(&app).await;
    let c1 = id_of(&app, &admin, "C1").await;
    let p1 = id_of(&app, &admin, "P1").await;
    // A key gets at most its creator's roles: the administrator who issues a reporting system's
    // key holds the reporter role itself.
    let p1_admin = app
        .user_token(&admin, "p1.admin", &p1, &["agency_admin", "reporter"])
        .await;
    let res = app
        .post(
            "/api-keys",
            &p1_admin,
            &json!({"name": "Hệ thống báo cáo xã Một", "agency_id": c1, "roles": ["reporter"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let key = created["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("rtk_") && key.len() > 40);
    let p = problem(
        app.post(
            "/api-keys",
            &p1_admin,
            &json!({"name": "x", "roles": ["admin"]}),
        )
        .await,
        403,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("admin"));
    problem(
        app.post(
            "/api-keys",
            &p1_admin,
            &json!({"name": "x", "roles": ["viewer"], "expires_at": "2000-01-01T00:00:00Z"}),
        )
        .await,
        422,
    )
    .await;
    let listed: Value = app.get("/api-keys", &p1_admin).await.json().await.unwrap();
    assert_eq!(listed["total"], 1);
    assert!(listed["items"][0].get("key").is_none(), "shown once only");
    assert_eq!(listed["items"][0]["active"], true);
    // The key works as a bearer token, with its agency's scope and its roles.
    let me: Value = app.get("/me", &key).await.json().await.unwrap();
    assert_eq!(me["agency"]["code"], "C1");
    let (status, body) = csv(
        &app,
        &key,
        "indicator-values",
        &format!(
            "indicator_code,agency_code,period,value\nONLINE,C1,{},33\n",
            quarter(1)
        ),
    )
    .await;
    assert_eq!((status, counts(&body)), (StatusCode::OK, (1, 0, 0, 0)));
    let (_, body) = csv(
        &app,
        &key,
        "indicator-values",
        &format!(
            "indicator_code,agency_code,period,value\nONLINE,C2,{},33\n",
            quarter(1)
        ),
    )
    .await;
    // C2 is outside the key's scope: as unknown as a code that does not exist.
    assert_eq!(body["errors"][0]["code"], "unknown_code");
    problem(
        app.post(
            "/agencies",
            &key,
            &json!({"code": "K", "name": "K", "kind": "other", "parent_id": c1}),
        )
        .await,
        403,
    )
    .await;
    // The import is audited under the key's name, and each figure it wrote points to it.
    let audit: Value = app
        .get("/audit?entity_type=import", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["actor_name"], "Hệ thống báo cáo xã Một");
    assert_eq!(audit["items"][0]["actor_kind"], "api_key");
    let import_id = audit["items"][0]["entity_id"].as_str().unwrap().to_string();
    let history: Value = app
        .get(&format!("/imports/runs/{import_id}"), &key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["actor_name"], "Hệ thống báo cáo xã Một");
    // The old path (the same template as POST /imports/{kind}) still answers, marked deprecated.
    let old = app.get(&format!("/imports/{import_id}"), &key).await;
    assert_eq!(old.status(), StatusCode::OK);
    assert_eq!(old.headers()["deprecation"], "@1796601600");
    assert_eq!(
        old.headers()["link"],
        format!("</api/v1/imports/runs/{import_id}>; rel=\"successor-version\"").as_str()
    );
    let old: Value = old.json().await.unwrap();
    assert_eq!(old, history);
    // An unknown id is still a 404 there.
    let unknown = app
        .get("/imports/00000000-0000-4000-8000-000000000000", &key)
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // GET of a kind is a method that path does not have.
    let kind = app.get("/imports/indicator-values", &key).await;
    assert_eq!(kind.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(kind.headers()["allow"], "POST");
    // Service accounts cannot log in with a password.
    let res = app.request(reqwest::Method::POST, "/auth/login", None, Some(&json!({"username": format!("svc.{}", &created["id"].as_str().unwrap()[24..]), "password": "!"}))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Revoked: refused at once.
    let res = app
        .delete(
            &format!("/api-keys/{}", created["id"].as_str().unwrap()),
            &p1_admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(app.get("/me", &key).await, 401).await;
    let listed: Value = app.get("/api-keys", &p1_admin).await.json().await.unwrap();
    assert_eq!(listed["items"][0]["active"], false);
    problem(app.get("/me", "rtk_not-a-real-key").await, 401).await;
    // An expired key is refused too.
    let res = app.post("/api-keys", &p1_admin, &json!({"name": "Tạm thời", "roles": ["viewer"], "expires_at": (Utc::now() + Duration::seconds(2)).to_rfc3339()})).await;
    let temp = res.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.get("/me", &temp).await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    problem(app.get("/me", &temp).await, 401).await;
    let viewer = app.user_token(&admin, "p1.viewer", &p1, &["viewer"]).await;
    problem(
        app.post(
            "/api-keys",
            &viewer,
            &json!({"name": "x", "roles": ["viewer"]}),
        )
        .await,
        403,
    )
    .await;
}

/// `restrack import` posts a file, prints the summary and the row errors, and exits non-zero when
/// the import is rejected; `restrack export` writes what the server exports.
async fn the_import_command(app: TestApp) {
    let admin = app.admin_token().await;
    let dir = std::env::temp_dir().join(format!("restrack-cli-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("agencies.csv");
    std::fs::write(
        &good,
        "code,name,kind,parent_code\nHN,Hà Nội,province,ROOT\n",
    )
    .unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "code,name,kind,parent_code\nDN,Đà Nẵng,planet,ROOT\n").unwrap();
    let run = |args: Vec<String>| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_restrack"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let base = |file: &std::path::Path, extra: &[&str]| {
        let mut v: Vec<String> = vec![
            "import".into(),
            "--server".into(),
            app.base.clone(),
            "--token".into(),
            admin.clone(),
            "--kind".into(),
            "agencies".into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v.push(file.display().to_string());
        v
    };
    let (code, out, _) = run(base(&good, &["--dry-run"]));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("validated") && out.contains("created 1"),
        "{out}"
    );
    assert_eq!(app.count("agencies"), 1);
    let (code, out, _) = run(base(&good, &[]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("applied"), "{out}");
    let (code, out, _) = run(base(&bad, &[]));
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("rejected") && out.contains("kind") && out.contains("     2"),
        "{out}"
    );
    let (code, _, err) = run(vec![
        "import".into(),
        "--server".into(),
        app.base.clone(),
        "--token".into(),
        "wrong".into(),
        "--kind".into(),
        "agencies".into(),
        good.display().to_string(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    let exported = dir.join("export.csv");
    let (code, _, err) = run(vec![
        "export".into(),
        "--server".into(),
        app.base.clone(),
        "--token".into(),
        admin.clone(),
        "--kind".into(),
        "agencies".into(),
        "--output".into(),
        exported.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read_to_string(&exported)
        .unwrap()
        .contains("HN,Hà Nội,province,ROOT"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The one transaction type: a step that fails in a savepoint is undone alone, and a panic half-way
/// rolls the whole transaction back and leaves the connection usable (none goes back to the pool
/// with a transaction open).
async fn transactions_roll_back_on_error_and_panic(app: TestApp) {
    use diesel::prelude::*;
    use restrack::db::{Tx, TxMode};
    let name = |conn: &mut restrack::db::DbConn| -> String {
        use restrack::db::schema::agencies;
        agencies::table
            .filter(agencies::parent_id.is_null())
            .select(agencies::name)
            .first(conn)
            .unwrap()
    };
    let mut pooled = app.db.get().expect("connection");
    let conn: &mut restrack::db::DbConn = &mut pooled;
    let before = name(conn);
    // A savepoint's error undoes only that step.
    let mut tx = Tx::begin(conn, TxMode::Write).unwrap();
    let step: Result<(), &str> = tx
        .savepoint(|c| {
            diesel::sql_query("UPDATE agencies SET name = 'Bước hỏng' WHERE parent_id IS NULL")
                .execute(c)
                .unwrap();
            Err("the row is rejected")
        })
        .unwrap();
    assert!(step.is_err());
    assert_eq!(name(tx.conn()), before);
    tx.savepoint(|c| {
        diesel::sql_query("UPDATE agencies SET name = 'Bước tốt' WHERE parent_id IS NULL")
            .execute(c)
    })
    .unwrap()
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(name(conn), "Bước tốt");
    // A panic inside the transaction: rolled back when the transaction is dropped on unwinding.
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut tx = Tx::begin(conn, TxMode::Write).unwrap();
        diesel::sql_query("UPDATE agencies SET name = 'Không được lưu' WHERE parent_id IS NULL")
            .execute(tx.conn())
            .unwrap();
        panic!("a bug half-way through a write");
    }));
    assert!(panicked.is_err());
    assert_eq!(name(conn), "Bước tốt");
    // The connection is not left inside a transaction: a new one begins and commits.
    let tx = Tx::begin(conn, TxMode::Write).expect("no transaction left open");
    tx.commit().unwrap();
}

crate::on_both_backends!(
    transactions_roll_back_on_error_and_panic,
    the_import_command,
    agencies_import_all_or_nothing,
    value_imports_check_every_row,
    value_imports_span_batches,
    idempotency_keys,
    export_then_import_round_trips,
    api_keys_for_ministry_systems,
);
