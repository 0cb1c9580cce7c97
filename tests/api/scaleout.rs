//! Scale-out: two `restrack serve` processes on one database, reached on their own ports with
//! nothing in front of them. Sessions, writes and logouts made on one hold on the other, and the
//! periodic alert evaluation runs on exactly one of them (until it stops; then the other takes
//! over).

use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{fresh_database, start_binary, Backend, ADMIN_PASSWORD};

pub fn url_string(url: &restrack::db::DatabaseUrl) -> String {
    match url {
        restrack::db::DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        restrack::db::DatabaseUrl::Postgres(url) => url.clone(),
    }
}

fn evaluations(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .matches("alerts evaluated")
        .count()
}

async fn two_instances_share_one_database(backend: Backend) {
    let url = url_string(&fresh_database(backend));
    let dir = std::env::temp_dir().join(format!("restrack-scaleout-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (log_a, log_b) = (dir.join("a.log"), dir.join("b.log"));
    // The first instance creates the schema and the administrator; the second starts on it.
    let env = [
        ("RESTRACK_ALERT_INTERVAL_SECS", "1"),
        ("RESTRACK_LOG", "info"),
    ];
    let a = start_binary(&url, &env, Some(&log_a)).await;
    let b = start_binary(&url, &env, Some(&log_b)).await;
    let client = reqwest::Client::new();
    let get = |base: &str, path: &str, token: &str| {
        client
            .get(format!("{base}/api/v1{path}"))
            .bearer_auth(token)
            .send()
    };

    // A session created on A works on B.
    let pair: Value = client
        .post(format!("{}/api/v1/auth/login", a.base))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = pair["access_token"].as_str().unwrap().to_string();
    let me: Value = get(&b.base, "/me", &token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "admin");

    // A write on B is read on A at once, and its audit entry with it.
    let root: Value = get(&b.base, "/agencies?limit=1", &token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let root_id = root["items"][0]["id"].as_str().unwrap().to_string();
    let res = client
        .post(format!("{}/api/v1/agencies", b.base))
        .bearer_auth(&token)
        .json(&json!({"code": "HN", "name": "Thành phố Hà Nội", "kind": "province", "parent_id": root_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let read: Value = get(&a.base, &format!("/agencies/{id}"), &token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["name"], "Thành phố Hà Nội");
    let audit: Value = get(&a.base, &format!("/audit?entity_id={id}"), &token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 1, "{audit}");

    // A refresh on B rotates the pair issued by A.
    let res = client
        .post(format!("{}/api/v1/auth/refresh", b.base))
        .json(&json!({"refresh_token": pair["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pair: Value = res.json().await.unwrap();
    let token = pair["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        get(&a.base, "/me", &token).await.unwrap().status(),
        StatusCode::OK
    );

    // Logout on A revokes the session on B, access and refresh token alike.
    let res = client
        .post(format!("{}/api/v1/auth/logout", a.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for base in [&a.base, &b.base] {
        assert_eq!(
            get(base, "/me", &token).await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = client
        .post(format!("{}/api/v1/auth/refresh", b.base))
        .json(&json!({"refresh_token": pair["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Alert evaluation (every second on both) runs on exactly one instance.
    tokio::time::sleep(Duration::from_millis(4500)).await;
    let (n_a, n_b) = (evaluations(&log_a), evaluations(&log_b));
    assert!(
        (n_a >= 3 && n_b == 0) || (n_b >= 3 && n_a == 0),
        "evaluations: A {n_a}, B {n_b}"
    );
    // An administrator can still evaluate on demand on either instance.
    for base in [&a.base, &b.base] {
        let res = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
            .send()
            .await
            .unwrap();
        let token = res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        let mut ran = false;
        for _ in 0..20 {
            let res = client
                .post(format!("{base}/api/v1/alerts/evaluate"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            match res.status() {
                StatusCode::OK => {
                    ran = true;
                    break;
                }
                // The periodic run was under way at that moment.
                StatusCode::CONFLICT => tokio::time::sleep(Duration::from_millis(50)).await,
                other => panic!("on-demand evaluation: {other}"),
            }
        }
        assert!(ran, "on-demand evaluation on {base} never ran");
    }
    // When the evaluating instance stops, the other takes over once its lease (3 intervals) ends.
    let (survivor_log, before) = if n_a > 0 {
        drop(a);
        (log_b.clone(), n_b)
    } else {
        drop(b);
        (log_a.clone(), n_a)
    };
    let mut taken_over = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if evaluations(&survivor_log) > before {
            taken_over = true;
            break;
        }
    }
    assert!(taken_over, "the remaining instance did not take over");
    let _ = std::fs::remove_dir_all(dir);
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_share_one_database() {
        super::two_instances_share_one_database(crate::helpers::Backend::Sqlite).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_share_one_database() {
        super::two_instances_share_one_database(crate::helpers::Backend::Postgres).await;
    }
}
