//! Crash safety of imports: the server process is killed (SIGKILL) in the middle of a large import;
//! after a restart the database is intact and holds either every row of the import or none.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{start_binary, ADMIN_PASSWORD};

async fn login(client: &reqwest::Client, base: &str, user: &str, password: &str) -> String {
    let res: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    res["access_token"].as_str().unwrap().to_string()
}

fn count_values(db: &std::path::Path) -> (i64, String) {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut conn = diesel::SqliteConnection::establish(&db.display().to_string()).unwrap();
    let n: N = diesel::sql_query("SELECT COUNT(*) AS n FROM indicator_values")
        .get_result(&mut conn)
        .unwrap();
    let check: Check = diesel::sql_query("PRAGMA integrity_check")
        .get_result(&mut conn)
        .unwrap();
    (n.n, check.integrity_check)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_import_killed_midway_leaves_all_or_nothing() {
    let dir = std::env::temp_dir().join(format!("restrack-crash-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crash.db");
    let client = reqwest::Client::new();
    let server = start_binary(&format!("sqlite://{}", db.display()), &[], None).await;
    let base = server.base.clone();
    let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
    // A statistics office supplies the monthly figure of 40 communes.
    let mut agencies = String::from(
        "code,name,kind,parent_code\nSTATS,Cục Thống kê,department,ROOT\nP,Tỉnh,province,ROOT\n",
    );
    for i in 0..40 {
        agencies.push_str(&format!("C{i},Xã {i},commune,P\n"));
    }
    let res = client
        .post(format!("{base}/api/v1/imports/agencies"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(agencies)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = client
        .get(format!("{base}/api/v1/agencies?limit=500"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = |code: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (root, stats, province) = (id("ROOT"), id("STATS"), id("P"));
    let res = client
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": "stats", "display_name": "Thống kê", "agency_id": stats, "roles": ["reporter", "planner"], "password": "stats-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = client
        .post(format!("{base}/api/v1/indicators"))
        .bearer_auth(&admin)
        .json(&json!({"code": "M", "name": "Chỉ tiêu tháng", "group": "output", "value_type": "number", "direction": "increase",
                      "aggregation": "sum", "frequency": "monthly", "owner_agency_id": province, "reporting_agency_kind": "commune", "source_agency_id": stats}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let _ = root;
    let mut rows = String::from("indicator_code,agency_code,period,value\n");
    let mut n = 0;
    for year in 1990..2020 {
        for month in 1..=12 {
            for c in 0..40 {
                rows.push_str(&format!("M,C{c},{year}-{month:02},{}\n", year + month + c));
                n += 1;
            }
        }
    }
    drop(server);
    let mut outcomes = Vec::new();
    for round in 0..2u64 {
        let server = start_binary(&format!("sqlite://{}", db.display()), &[], None).await;
        let token = login(&client, &server.base, "stats", "stats-password-1").await;
        let url = format!("{}/api/v1/imports/indicator-values", server.base);
        let body = rows.clone();
        let import = tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
        });
        tokio::time::sleep(Duration::from_millis(700 + 900 * round)).await;
        drop(server); // SIGKILL, mid-flight
        let _ = import.await;
        let (count, integrity) = count_values(&db);
        assert_eq!(integrity, "ok");
        assert!(
            count == 0 || count == n,
            "round {round}: {count} of {n} rows survived a crash"
        );
        outcomes.push(count);
        if count == n {
            break;
        }
    }
    // After a restart the service works and the import can be run to completion.
    let server = start_binary(&format!("sqlite://{}", db.display()), &[], None).await;
    let token = login(&client, &server.base, "stats", "stats-password-1").await;
    let res = client
        .post(format!("{}/api/v1/imports/indicator-values", server.base))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(rows)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(count_values(&db).0, n);
    eprintln!("crash rounds: {outcomes:?} of {n} rows");
    let _ = std::fs::remove_dir_all(dir);
}

/// Single writes under SIGKILL, repeatedly at random moments: four writers create agencies as
/// fast as they can while the process is killed; after every restart the database is intact, every
/// write the server acknowledged (201) is there with its closure rows and its audit entry, nothing
/// half-written is, and no writer ever got an error response (no "database is locked").
async fn single_writes_survive_repeated_kills(backend: crate::helpers::Backend) {
    use rand::{Rng, SeedableRng};
    use std::sync::{Arc, Mutex};

    let url = crate::scaleout::url_string(&crate::helpers::fresh_database(backend));
    let client = reqwest::Client::new();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20261130);
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    const ROUNDS: usize = 6;
    for round in 0..=ROUNDS {
        // Four writers as one admin, as fast as they can: a crash test, not a client the per-caller
        // rate limit is for (its 429s would end the writers before the kill).
        let server = start_binary(&url, &[("RESTRACK_RATE_LIMIT_PER_SECOND", "0")], None).await;
        let base = server.base.clone();
        let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
        check_single_writes(&url, &acknowledged.lock().unwrap());
        if round == ROUNDS {
            break;
        }
        let roots: Value = client
            .get(format!("{base}/api/v1/agencies?limit=1"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let root = roots["items"][0]["id"].as_str().unwrap().to_string();
        let mut writers = Vec::new();
        for w in 0..4 {
            let (base, admin, root) = (base.clone(), admin.clone(), root.clone());
            let (acknowledged, failures) = (acknowledged.clone(), failures.clone());
            writers.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                for i in 0.. {
                    let code = format!("R{round}W{w}N{i}");
                    let res = client
                        .post(format!("{base}/api/v1/agencies"))
                        .bearer_auth(&admin)
                        .json(&json!({"code": code, "name": format!("Xã {code}"), "kind": "commune", "parent_id": root}))
                        .send()
                        .await;
                    match res {
                        Ok(res) if res.status() == StatusCode::CREATED => {
                            let body: Value = match res.json().await {
                                Ok(body) => body,
                                Err(_) => return, // killed while the body was on its way
                            };
                            acknowledged
                                .lock()
                                .unwrap()
                                .push(body["id"].as_str().unwrap().to_string());
                        }
                        Ok(res) => {
                            let status = res.status();
                            let text = res.text().await.unwrap_or_default();
                            failures.lock().unwrap().push(format!("{code}: {status} {text}"));
                            return;
                        }
                        Err(_) => return, // the process is gone
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(rng.gen_range(150..1500))).await;
        drop(server); // SIGKILL at a random moment
        for writer in writers {
            writer.await.unwrap();
        }
        let failures = failures.lock().unwrap();
        assert!(failures.is_empty(), "error responses: {failures:?}");
    }
    let n = acknowledged.lock().unwrap().len();
    assert!(n > ROUNDS * 4, "only {n} writes were acknowledged");
    eprintln!("{ROUNDS} kills survived, {n} acknowledged writes all present");
}

/// Every acknowledged agency is present, linked into the tree and audited; no agency lacks either;
/// on SQLite the integrity check passes.
fn check_single_writes(url: &str, acknowledged: &[String]) {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let url: restrack::db::DatabaseUrl = url.parse().unwrap();
    let mut conn = restrack::db::establish(&url).unwrap();
    let count = |conn: &mut restrack::db::DbConn, sql: &str| -> i64 {
        diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
    };
    if let restrack::db::DatabaseUrl::Sqlite(_) = url {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Check = diesel::sql_query("PRAGMA integrity_check")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(check.integrity_check, "ok");
    }
    let present: std::collections::HashSet<String> = {
        use restrack::db::schema::agencies;
        agencies::table
            .select(agencies::id)
            .load::<String>(&mut conn)
            .unwrap()
            .into_iter()
            .collect()
    };
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !present.contains(*id))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM agencies a WHERE NOT EXISTS \
             (SELECT 1 FROM audit_log l WHERE l.entity_id = a.id) AND a.code <> 'ROOT'"
        ),
        0,
        "agencies without their audit entry"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM agencies a WHERE NOT EXISTS \
             (SELECT 1 FROM agency_closure c WHERE c.descendant_id = a.id AND c.ancestor_id = a.id)"
        ),
        0,
        "agencies missing from the tree"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM audit_log l WHERE l.entity_type = 'agency' AND NOT EXISTS \
             (SELECT 1 FROM agencies a WHERE a.id = l.entity_id)"
        ),
        0,
        "audit entries of agencies that were not written"
    );
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn single_writes_survive_repeated_kills() {
        super::single_writes_survive_repeated_kills(crate::helpers::Backend::Sqlite).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn single_writes_survive_repeated_kills() {
        super::single_writes_survive_repeated_kills(crate::helpers::Backend::Postgres).await;
    }
}
