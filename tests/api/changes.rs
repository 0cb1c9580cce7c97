//! Change feeds (docs/integration.md, "Change feeds"): a ministry system syncs agencies, tasks,
//! progress reports, indicators, figures and alerts by `updated_since` and then `next_cursor`,
//! reading only what changed since its last sync — in a stable order, deletions and merges
//! included, within its scope — and a bad feed query is a 400 naming the parameter.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::helpers::{day, etag, id, problem, quarter, test_config, TestApp};

const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Every entry of a feed from `start` (an `updated_since=` or `cursor=` pair), page by page of
/// `limit`: the items, the removals, and the cursor to keep for the next sync.
async fn sync(
    app: &TestApp,
    token: &str,
    list: &str,
    start: &str,
    limit: usize,
) -> (Vec<Value>, Vec<Value>, String) {
    let (mut items, mut removed) = (Vec::new(), Vec::new());
    let sep = if list.contains('?') { '&' } else { '?' };
    let mut from = start.to_string();
    for _ in 0..50 {
        let path = format!("{list}{sep}{from}&limit={limit}");
        let res = app.get(&path, token).await;
        assert_eq!(res.status(), 200, "{path}");
        let page: Value = res.json().await.unwrap();
        let got = page["items"].as_array().unwrap().clone();
        let gone = page["removed"]
            .as_array()
            .expect("a feed page has removed")
            .clone();
        let cursor = page["next_cursor"]
            .as_str()
            .expect("a feed page has next_cursor");
        let n = got.len() + gone.len();
        assert!(n <= limit, "{page}");
        assert!(page["total"].as_i64().unwrap() >= n as i64, "{page}");
        items.extend(got);
        removed.extend(gone);
        if n < limit {
            return (items, removed, cursor.to_string());
        }
        from = format!("cursor={cursor}");
    }
    panic!("the feed of {list} did not end");
}

fn ids(items: &[Value]) -> BTreeSet<String> {
    items.iter().map(id).collect()
}

fn task(resolution: &str, code: &str, lead: &str) -> Value {
    json!({"resolution_id": resolution, "code": code, "title": format!("Nhiệm vụ {code}"),
           "lead_agency_id": lead, "start_date": day(-30), "due_date": day(100)})
}

async fn created(app: &TestApp, token: &str, path: &str, body: &Value) -> String {
    let res = app.post(path, token, body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{path}: {body}");
    id(&body)
}

async fn a_sync_reads_what_changed_removals_included_within_scope(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let a = id(&app.agency(&admin, "P-A", "commune", &p).await);
    let b = id(&app.agency(&admin, "P-B", "commune", &p).await);
    let q = id(&app.agency(&admin, "Q", "province", &root).await);
    let c = id(&app.agency(&admin, "Q-C", "commune", &q).await);
    let planner = app
        .user_token(&admin, "tw.planner", &root, &["planner"])
        .await;
    // The province's system syncs with an API-key-like account of the province.
    let province = app
        .user_token(&admin, "p.sync", &p, &["viewer", "approver"])
        .await;
    let a_reporter = app
        .user_token(&admin, "a.reporter", &a, &["reporter"])
        .await;
    let resolution = created(
        &app,
        &planner,
        "/resolutions",
        &json!({"code": "R", "title": "Nghị quyết", "owner_agency_id": root}),
    )
    .await;
    let t1 = created(&app, &planner, "/tasks", &task(&resolution, "T1", &a)).await;
    let t2 = created(&app, &planner, "/tasks", &task(&resolution, "T2", &b)).await;
    let t3 = created(&app, &planner, "/tasks", &task(&resolution, "T3", &c)).await;
    let t4 = created(&app, &planner, "/tasks", &task(&resolution, "T4", &a)).await;

    // The first sync, two entries a page: the province's tasks, none of the other province's.
    let (items, removed, cursor) = sync(
        &app,
        &province,
        "/tasks",
        &format!("updated_since={EPOCH}"),
        2,
    )
    .await;
    assert_eq!(
        ids(&items),
        BTreeSet::from([t1.clone(), t2.clone(), t4.clone()])
    );
    assert!(removed.is_empty());
    let stamps: Vec<&str> = items
        .iter()
        .map(|t| t["updated_at"].as_str().unwrap())
        .collect();
    assert!(
        stamps.windows(2).all(|w| w[0] <= w[1]),
        "oldest change first: {stamps:?}"
    );
    // Nothing changed: the next sync reads nothing and keeps its place.
    let (items, removed, same) =
        sync(&app, &province, "/tasks", &format!("cursor={cursor}"), 2).await;
    assert!(items.is_empty() && removed.is_empty());
    assert_eq!(same, cursor);

    // T1 is renamed, T2 deleted, T3 (the other province's) renamed.
    for (t, title) in [(&t1, "Đổi tên T1"), (&t3, "Đổi tên T3")] {
        let tag = etag(&app.get(&format!("/tasks/{t}"), &planner).await);
        let res = app
            .patch(
                &format!("/tasks/{t}"),
                &planner,
                Some(&tag),
                &json!({"title": title}),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let tag = etag(&app.get(&format!("/tasks/{t2}"), &planner).await);
    let res = app
        .delete(&format!("/tasks/{t2}"), &planner, Some(&tag))
        .await;
    assert_eq!(res.status(), 204);
    let (items, removed, next) =
        sync(&app, &province, "/tasks", &format!("cursor={cursor}"), 2).await;
    assert_eq!(ids(&items), BTreeSet::from([t1.clone()]));
    assert_eq!(items[0]["title"], "Đổi tên T1");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["id"], t2.as_str());
    assert_eq!(removed[0]["entity"], "task");
    assert_eq!(removed[0]["reason"], "deleted");
    assert!(removed[0]["replaced_by"].is_null());
    // The other province learns nothing of P's deletion; it sees its own rename.
    let q_viewer = app.user_token(&admin, "q.viewer", &q, &["viewer"]).await;
    let (items, removed, _) = sync(
        &app,
        &q_viewer,
        "/tasks",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([t3.clone()]));
    assert!(removed.is_empty(), "{removed:?}");
    // The feed takes the list's filters.
    let (items, _, _) = sync(
        &app,
        &province,
        &format!("/tasks?lead_agency_id={a}"),
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([t1.clone(), t4.clone()]));

    // Progress reports: filed, then its proposals answered, each a change.
    let (_, _, reports_cursor) = sync(
        &app,
        &province,
        "/progress-reports",
        &format!("updated_since={EPOCH}"),
        10,
    )
    .await;
    let report = created(
        &app,
        &a_reporter,
        &format!("/tasks/{t1}/reports"),
        &json!({"period": quarter(0), "progress": 20.0, "proposals": "Đề nghị bổ sung kinh phí"}),
    )
    .await;
    let (items, _, after_report) = sync(
        &app,
        &province,
        "/progress-reports",
        &format!("cursor={reports_cursor}"),
        10,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([report.clone()]));
    let res = app
        .post(
            &format!("/reports/{report}/answer"),
            &planner,
            &json!({"text": "Đồng ý"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (items, _, _) = sync(
        &app,
        &province,
        "/progress-reports",
        &format!("cursor={after_report}"),
        10,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([report.clone()]));
    assert_eq!(items[0]["proposals_answer"], "Đồng ý");
    // The plain list has the report too, newest first.
    let list: Value = app
        .get("/progress-reports", &province)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], report.as_str());
    assert!(
        list.get("next_cursor").is_none() && list.get("removed").is_none(),
        "{list}"
    );

    // Agencies: A merges into B. The province's feed has A as merged and its removal, naming B.
    let (_, _, agencies_cursor) = sync(
        &app,
        &province,
        "/agencies",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    let res = app
        .post(
            &format!("/agencies/{a}/merge"),
            &admin,
            &json!({"into_id": b}),
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let (items, removed, _) = sync(
        &app,
        &province,
        "/agencies",
        &format!("cursor={agencies_cursor}"),
        50,
    )
    .await;
    let merged = items
        .iter()
        .find(|x| x["id"] == a.as_str())
        .expect("the merged agency changed");
    assert_eq!(merged["status"], "merged");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["id"], a.as_str());
    assert_eq!(removed[0]["entity"], "agency");
    assert_eq!(removed[0]["reason"], "merged");
    assert_eq!(removed[0]["replaced_by"], b.as_str());
    // T4 moved to B with A's open work: the task feed has it.
    let (items, _, _) = sync(&app, &province, "/tasks", &format!("cursor={next}"), 50).await;
    let moved = items
        .iter()
        .find(|x| x["id"] == t4.as_str())
        .expect("the moved task changed");
    assert_eq!(moved["lead_agency_id"], b.as_str());
}

async fn figures_indicators_and_alerts_are_synced(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let c = id(&app.agency(&admin, "P-C", "commune", &p).await);
    let planner = app
        .user_token(&admin, "tw.planner", &root, &["planner"])
        .await;
    let approver = app
        .user_token(&admin, "p.approver", &p, &["approver"])
        .await;
    let reporter = app
        .user_token(&admin, "c.reporter", &c, &["reporter"])
        .await;
    let (_, _, start) = sync(
        &app,
        &approver,
        "/indicators",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    let indicator = created(
        &app,
        &planner,
        "/indicators",
        &json!({"code": "K1", "name": "Chỉ tiêu K1", "group": "output", "unit": "%", "value_type": "percent",
                "direction": "increase", "aggregation": "average", "frequency": "quarterly", "owner_agency_id": p,
                "reporting_agency_kind": "commune", "definition": "Định nghĩa", "data_source": "Nguồn",
                "method": "Cách tính", "verification": "Kiểm chứng"}),
    )
    .await;
    let (items, removed, _) = sync(
        &app,
        &approver,
        "/indicators",
        &format!("cursor={start}"),
        50,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([indicator.clone()]));
    assert!(removed.is_empty());

    let (_, _, values_cursor) = sync(
        &app,
        &approver,
        "/values",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    let figure = created(
        &app,
        &reporter,
        &format!("/indicators/{indicator}/values"),
        &json!({"agency_id": c, "period": quarter(1), "value": 80.0, "submit": true}),
    )
    .await;
    let (items, _, after_submit) = sync(
        &app,
        &approver,
        "/values",
        &format!("cursor={values_cursor}"),
        50,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([figure.clone()]));
    assert_eq!(items[0]["status"], "submitted");
    let res = app
        .post(&format!("/values/{figure}/approve"), &approver, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let (items, _, _) = sync(
        &app,
        &approver,
        "/values",
        &format!("cursor={after_submit}"),
        50,
    )
    .await;
    assert_eq!(ids(&items), BTreeSet::from([figure.clone()]));
    assert_eq!(items[0]["status"], "approved");

    // Alerts: the feed carries resolved ones (the plain list hides them), so a sync can close them.
    let (items, _, _) = sync(
        &app,
        &admin,
        "/alerts",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    let plain: Value = app
        .get("/alerts?limit=500", &admin)
        .await
        .json()
        .await
        .unwrap();
    let open: BTreeSet<String> = ids(plain["items"].as_array().unwrap());
    assert!(open.is_subset(&ids(&items)));
}

async fn bad_feed_queries_are_refused_naming_the_parameter(app: TestApp) {
    let token = app.admin_token().await;
    let cases = [
        ("/tasks?cursor=not-a-cursor", "cursor", "format"),
        ("/tasks?updated_since=yesterday", "updated_since", ""),
        (
            "/tasks?updated_since=2026-01-01T00:00:00Z&cursor=YzF8MHxpfA",
            "cursor",
            "invalid",
        ),
        (
            "/agencies?updated_since=2026-01-01T00:00:00Z&offset=50",
            "offset",
            "invalid",
        ),
        (
            "/tasks?updated_since=2026-01-01T00:00:00Z&sort=code",
            "sort",
            "invalid",
        ),
        (
            "/agencies?updated_since=2026-01-01T00:00:00Z&as_of=2026-01-01",
            "as_of",
            "invalid",
        ),
        (
            &*format!("/values?cursor={}", "A".repeat(129)),
            "cursor",
            "length",
        ),
    ];
    for (path, field, code) in cases {
        let body = problem(app.get(path, &token).await, 400).await;
        assert_eq!(body["errors"][0]["field"], field, "{path}: {body}");
        if !code.is_empty() {
            assert_eq!(body["errors"][0]["code"], code, "{path}: {body}");
        }
    }
}

async fn a_change_waits_for_the_lag(app: TestApp) {
    let mut config = test_config(app.database_url.clone());
    config.change_feed_lag_secs = 2;
    let lagging = TestApp::spawn_with(app.backend, config).await;
    let admin = lagging.admin_token().await;
    let root = lagging.root_id(&admin).await;
    let agency = id(&lagging.agency(&admin, "LAG", "department", &root).await);
    // Just written: not yet in the feed, which stops before it.
    let (items, _, cursor) = sync(
        &lagging,
        &admin,
        "/agencies",
        &format!("updated_since={EPOCH}"),
        50,
    )
    .await;
    assert!(!ids(&items).contains(&agency));
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let (items, _, _) = sync(
        &lagging,
        &admin,
        "/agencies",
        &format!("cursor={cursor}"),
        50,
    )
    .await;
    assert!(ids(&items).contains(&agency), "{items:?}");
}

/// Runs docs/examples/sync.py (the sync loop of docs/integration.md) for `list` with `token`, two
/// entries a page; what it printed.
async fn documented_sync(app: &TestApp, token: &str, list: &str, state: &std::path::Path) -> Value {
    let python = std::env::var("RESTRACK_TEST_READERS_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples/sync.py");
    let (server, token, list, state) = (
        app.base.clone(),
        token.to_string(),
        list.to_string(),
        state.to_path_buf(),
    );
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&python)
            .arg(script)
            .arg(&list)
            .arg(&state)
            .env("RESTRACK_SERVER", server)
            .env("RESTRACK_TOKEN", token)
            .env("RESTRACK_PAGE_SIZE", "2")
            .output()
            .unwrap_or_else(|e| panic!("{python} runs: {e}"))
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "sync.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

async fn the_documented_sync_script_keeps_a_copy_up_to_date(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p = id(&app.agency(&admin, "P", "province", &root).await);
    let planner = app
        .user_token(&admin, "tw.planner", &root, &["planner"])
        .await;
    let key: Value = app
        .post(
            "/api-keys",
            &admin,
            &json!({"name": "Hệ thống của tỉnh", "agency_id": p, "roles": ["viewer"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().expect("an API key").to_string();
    let resolution = created(
        &app,
        &planner,
        "/resolutions",
        &json!({"code": "R", "title": "Nghị quyết", "owner_agency_id": root}),
    )
    .await;
    let mut tasks = Vec::new();
    for code in ["T1", "T2", "T3"] {
        tasks.push(created(&app, &planner, "/tasks", &task(&resolution, code, &p)).await);
    }
    let dir = std::env::temp_dir().join(format!("restrack-sync-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("tasks.json");
    // The first run copies the whole list, two tasks a page.
    let first = documented_sync(&app, &key, "tasks", &state).await;
    assert_eq!(first, json!({"changed": 3, "removed": 0, "records": 3}));
    // T1 renamed, T2 deleted: the next run reads those two changes only.
    let tag = etag(&app.get(&format!("/tasks/{}", tasks[0]), &planner).await);
    let res = app
        .patch(
            &format!("/tasks/{}", tasks[0]),
            &planner,
            Some(&tag),
            &json!({"title": "Tên mới"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let tag = etag(&app.get(&format!("/tasks/{}", tasks[1]), &planner).await);
    assert_eq!(
        app.delete(&format!("/tasks/{}", tasks[1]), &planner, Some(&tag))
            .await
            .status(),
        204
    );
    let second = documented_sync(&app, &key, "tasks", &state).await;
    assert_eq!(second, json!({"changed": 1, "removed": 1, "records": 2}));
    let copy: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(copy["records"][&tasks[0]]["title"], "Tên mới");
    assert!(copy["records"].get(&tasks[1]).is_none());
    assert!(copy["records"].get(&tasks[2]).is_some());
    // Nothing new: nothing read.
    let third = documented_sync(&app, &key, "tasks", &state).await;
    assert_eq!(third, json!({"changed": 0, "removed": 0, "records": 2}));
    std::fs::remove_dir_all(&dir).ok();
}

crate::on_both_backends!(
    a_sync_reads_what_changed_removals_included_within_scope,
    the_documented_sync_script_keeps_a_copy_up_to_date,
    figures_indicators_and_alerts_are_synced,
    bad_feed_queries_are_refused_naming_the_parameter,
    a_change_waits_for_the_lag
);
