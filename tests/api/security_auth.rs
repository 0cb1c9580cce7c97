//! Regression tests of the penetration test's authentication findings (issue 15: MEDIUM 4 and 6,
//! LOW 9, 12 and 13). Each reproduces the attack, asserts it fails with a clear problem document,
//! and checks the state afterwards.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use futures_util::stream::{self, StreamExt};
use reqwest::{Method, Response, StatusCode};
use restrack::db::schema::{login_failures, refresh_tokens, sessions, users};
use serde_json::{json, Value};

use crate::helpers::{
    error_fields, id, problem, test_config, TestApp, ADMIN_PASSWORD, JWT_SECRET, USER_PASSWORD,
};

async fn login_attempt(
    app: &TestApp,
    username: &str,
    password: &str,
    xff: Option<&str>,
) -> Response {
    let mut req = app
        .client
        .post(app.url("/auth/login"))
        .json(&json!({"username": username, "password": password}));
    if let Some(value) = xff {
        req = req.header("X-Forwarded-For", value);
    }
    req.send().await.expect("request sent")
}

fn retry_after(res: &Response) -> u64 {
    res.headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in whole seconds")
}

/// The client addresses the throttle counted, per address.
fn counted_addresses(app: &TestApp) -> BTreeMap<String, i64> {
    let mut conn = app.db.get().unwrap();
    let rows: Vec<String> = login_failures::table
        .select(login_failures::client_address)
        .load(&mut *conn)
        .unwrap();
    let mut counts = BTreeMap::new();
    for address in rows {
        *counts.entry(address).or_insert(0) += 1;
    }
    counts
}

fn failures_of(app: &TestApp, username: &str) -> i64 {
    let mut conn = app.db.get().unwrap();
    login_failures::table
        .filter(login_failures::username.eq(username))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

fn session_addresses(app: &TestApp) -> Vec<String> {
    let mut conn = app.db.get().unwrap();
    sessions::table
        .select(sessions::client_address)
        .load::<Option<String>>(&mut *conn)
        .unwrap()
        .into_iter()
        .flatten()
        .collect()
}

fn password_hash(app: &TestApp, username: &str) -> String {
    let mut conn = app.db.get().unwrap();
    users::table
        .filter(users::username.eq(username))
        .select(users::password_hash)
        .first(&mut *conn)
        .unwrap()
}

/// An instance on the same database with a changed configuration.
async fn instance_with(
    app: &TestApp,
    change: impl FnOnce(&mut restrack::config::Config),
) -> TestApp {
    let mut config = test_config(app.database_url.clone());
    change(&mut config);
    TestApp::spawn_with(app.backend, config).await
}

// ---- MEDIUM 4: login throttling behind a load balancer ----------------------------------------

/// Without trusted proxies, `X-Forwarded-For` is the client's word and is ignored: rotating it
/// neither escapes the per-address limit nor changes the recorded address.
async fn spoofed_forwarded_for_from_untrusted_peer_is_ignored(app: TestApp) {
    let app = instance_with(&app, |c| c.login_max_failures_per_address = 3).await;
    for (n, spoofed) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        .iter()
        .enumerate()
    {
        let res = login_attempt(&app, &format!("ghost{n}"), "wrong-password", Some(spoofed)).await;
        problem(res, 401).await;
    }
    // A fourth address in the header, but the same peer: past the address limit.
    let res = login_attempt(&app, "ghost9", "wrong-password", Some("203.0.113.4")).await;
    assert!(retry_after(&res) >= 1);
    let body = problem(res, 429).await;
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(
        counted_addresses(&app),
        BTreeMap::from([("127.0.0.1".to_string(), 4)]),
        "every attempt counted under the TCP peer"
    );
    app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(session_addresses(&app), vec!["127.0.0.1".to_string()]);
}

/// Behind a trusted proxy the client is the right-most forwarded address that is not a proxy: one
/// client past its limit does not block the others behind the same balancer, and what the client
/// wrote itself to the left is not believed.
async fn trusted_proxy_names_the_client(app: TestApp) {
    let app = instance_with(&app, |c| {
        c.login_max_failures_per_address = 3;
        c.trusted_proxies = restrack::config::parse_networks("127.0.0.1, 10.0.0.0/8").unwrap();
    })
    .await;
    // The attacker forges a left-most entry each time; the balancer (10.0.0.5) appends the real one.
    for n in 0..3 {
        let xff = format!("192.0.2.{n}, 198.51.100.7, 10.0.0.5");
        problem(
            login_attempt(&app, &format!("ghost{n}"), "wrong-password", Some(&xff)).await,
            401,
        )
        .await;
    }
    let res = login_attempt(
        &app,
        "ghost9",
        "wrong-password",
        Some("192.0.2.200, 198.51.100.7"),
    )
    .await;
    problem(res, 429).await;
    // Another client behind the same balancer is not affected.
    let res = login_attempt(
        &app,
        "ghost9",
        "wrong-password",
        Some("198.51.100.8, 10.0.0.5"),
    )
    .await;
    problem(res, 401).await;
    assert_eq!(
        counted_addresses(&app),
        BTreeMap::from([
            ("198.51.100.7".to_string(), 4),
            ("198.51.100.8".to_string(), 1)
        ])
    );
    let res = login_attempt(
        &app,
        "admin",
        ADMIN_PASSWORD,
        Some("198.51.100.9, 10.0.0.5"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(session_addresses(&app), vec!["198.51.100.9".to_string()]);
}

/// One address past its limit (an office behind one proxy, or an attacker spraying usernames)
/// cannot lock out a user who is not under attack: the right password still logs in. Wrong
/// passwords from there get 429, and still count against their username.
async fn address_limit_never_locks_out_a_correct_password(app: TestApp) {
    let app = instance_with(&app, |c| c.login_max_failures_per_address = 3).await;
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    app.user(&admin, "clerk", &root, &["viewer"]).await;
    for n in 0..3 {
        problem(
            login_attempt(&app, &format!("ghost{n}"), "wrong-password", None).await,
            401,
        )
        .await;
    }
    let before = app.count("sessions");
    let res = login_attempt(&app, "clerk", "wrong-password", None).await;
    assert!(retry_after(&res) >= 1);
    problem(res, 429).await;
    assert_eq!(
        failures_of(&app, "clerk"),
        1,
        "the wrong guess counts for the username"
    );
    assert_eq!(
        app.count("sessions"),
        before,
        "no session for a wrong password"
    );
    let pair = app.login("clerk", USER_PASSWORD).await;
    assert_eq!(app.count("sessions"), before + 1);
    assert_eq!(
        failures_of(&app, "clerk"),
        0,
        "success forgets the user's failures"
    );
    let token = pair["access_token"].as_str().unwrap();
    assert_eq!(app.get("/me", token).await.status(), StatusCode::OK);
}

/// 25 parallel wrong passwords against a limit of 5: each attempt is counted before its password is
/// checked, so exactly 5 are checked (401) and the rest refused (429).
async fn parallel_guesses_are_counted_before_checking(app: TestApp) {
    let statuses: Vec<u16> = stream::iter(0..25)
        .map(|n| {
            let app = &app;
            async move {
                login_attempt(app, "admin", &format!("wrong-password-{n}"), None)
                    .await
                    .status()
                    .as_u16()
            }
        })
        .buffer_unordered(25)
        .collect()
        .await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 20), "{statuses:?}");
    assert_eq!(failures_of(&app, "admin"), 5);
    // The account is under attack: even the right password waits.
    problem(
        login_attempt(&app, "admin", ADMIN_PASSWORD, None).await,
        429,
    )
    .await;
    assert_eq!(app.count("sessions"), 0, "no session was opened");
}

// ---- MEDIUM 6: self-approval through API keys, keys above their creator -----------------------

/// A province with one indicator it reports itself; `lead` holds agency_admin, reporter and
/// approver there, `head` is a second approver.
async fn approval_world(app: &TestApp) -> (String, String, String, String) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let res = app
        .post(
            "/indicators",
            &admin,
            &json!({"code": "P1_KPI", "name": "Chỉ tiêu P1", "group": "output", "value_type": "number",
                    "direction": "increase", "aggregation": "sum", "frequency": "yearly", "owner_agency_id": p1}),
        )
        .await;
    let status = res.status();
    let created: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let indicator = id(&created);
    let lead = app
        .user_token(
            &admin,
            "p1.lead",
            &p1,
            &["agency_admin", "reporter", "approver"],
        )
        .await;
    let head = app.user_token(&admin, "p1.head", &p1, &["approver"]).await;
    (lead, head, indicator, p1)
}

async fn api_key(app: &TestApp, token: &str, name: &str, roles: &[&str]) -> String {
    let res = app
        .post("/api-keys", token, &json!({"name": name, "roles": roles}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "key {name}");
    res.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn value_status(app: &TestApp, indicator: &str, value: &str) -> String {
    let admin = app.admin_token().await;
    let page: Value = app
        .get(&format!("/indicators/{indicator}/values"), &admin)
        .await
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == value)
        .expect("the figure")["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// One person, two keys: the reporter key submits, the approver key tries to approve (and to
/// return), the person tries too. Refused; another approver can.
async fn one_person_cannot_approve_through_two_keys(app: TestApp) {
    let (lead, head, indicator, p1) = approval_world(&app).await;
    let reporter_key = api_key(&app, &lead, "Hệ thống báo cáo", &["reporter"]).await;
    let approver_key = api_key(&app, &lead, "Hệ thống phê duyệt", &["approver"]).await;
    let res = app
        .post(
            &format!("/indicators/{indicator}/values"),
            &reporter_key,
            &json!({"agency_id": p1, "period": "2024", "value": 42, "submit": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let value = id(&res.json().await.unwrap());
    for (who, token) in [("the approver key", &approver_key), ("the person", &lead)] {
        let body = problem(
            app.post(&format!("/values/{value}/approve"), token, &json!({}))
                .await,
            403,
        )
        .await;
        assert_eq!(body["code"], "forbidden", "{who}");
        assert!(
            body["detail"].as_str().unwrap().contains("own submission"),
            "{who}: {body}"
        );
        problem(
            app.post(
                &format!("/values/{value}/return"),
                token,
                &json!({"reason": "Sai số liệu"}),
            )
            .await,
            403,
        )
        .await;
        assert_eq!(
            value_status(&app, &indicator, &value).await,
            "submitted",
            "{who}"
        );
    }
    // The other way round: the person's own figure, approved with the person's key.
    let res = app
        .post(
            &format!("/indicators/{indicator}/values"),
            &lead,
            &json!({"agency_id": p1, "period": "2023", "value": 40, "submit": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let own = id(&res.json().await.unwrap());
    problem(
        app.post(&format!("/values/{own}/approve"), &approver_key, &json!({}))
            .await,
        403,
    )
    .await;
    assert_eq!(value_status(&app, &indicator, &own).await, "submitted");
    // Another person approves.
    let res = app
        .post(&format!("/values/{value}/approve"), &head, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(value_status(&app, &indicator, &value).await, "approved");
}

/// An agency admin cannot hand a key a role it does not hold; viewer comes with any role, and an
/// admin may give every role.
async fn api_keys_get_at_most_their_creators_roles(app: TestApp) {
    let (lead, _, _, p1) = approval_world(&app).await;
    let admin = app.admin_token().await;
    let p1_admin = app
        .user_token(&admin, "p1.admin", &p1, &["agency_admin"])
        .await;
    let before = (
        app.count("api_keys"),
        app.count("users"),
        app.count("audit_log"),
    );
    for roles in [
        json!(["approver"]),
        json!(["viewer", "reporter"]),
        json!(["planner"]),
        json!(["admin"]),
    ] {
        let res = app
            .post(
                "/api-keys",
                &p1_admin,
                &json!({"name": "Khóa vượt quyền", "roles": roles}),
            )
            .await;
        let body = problem(res, 403).await;
        let wanted: Vec<&str> = roles
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_str())
            .filter(|r| *r != "viewer")
            .collect();
        for role in wanted {
            assert!(body["detail"].as_str().unwrap().contains(role), "{body}");
        }
    }
    assert_eq!(
        (
            app.count("api_keys"),
            app.count("users"),
            app.count("audit_log")
        ),
        before,
        "refused keys leave nothing behind"
    );
    api_key(&app, &p1_admin, "Khóa xem", &["viewer"]).await;
    api_key(&app, &p1_admin, "Khóa quản trị", &["agency_admin"]).await;
    api_key(
        &app,
        &lead,
        "Khóa báo cáo và phê duyệt",
        &["reporter", "approver"],
    )
    .await;
    api_key(&app, &admin, "Khóa toàn quyền", &["planner", "approver"]).await;
    assert_eq!(app.count("api_keys"), before.0 + 4);
}

/// An API key (even one with agency_admin) cannot create a login, change one, or change a
/// password: a stolen key must not mint the human approver it lacks.
async fn api_keys_cannot_manage_logins(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let key = api_key(&app, &admin, "Hệ thống nhân sự", &["agency_admin"]).await;
    let clerk = app.user(&admin, "clerk", &root, &["viewer"]).await;
    let users_before = app.count("users");
    let res = app
        .post(
            "/users",
            &key,
            &json!({"username": "minted", "display_name": "Người phê duyệt", "agency_id": root,
                    "roles": ["approver"], "password": "Minted-by-a-key-2026"}),
        )
        .await;
    let body = problem(res, 403).await;
    assert_eq!(body["detail"], "an API key cannot manage logins");
    assert_eq!(app.count("users"), users_before, "no user created");
    let hash_before = password_hash(&app, "clerk");
    for change in [
        json!({"roles": ["approver"]}),
        json!({"password": "Reset-by-a-key-2026"}),
    ] {
        let res = app
            .patch(&format!("/users/{}", id(&clerk)), &key, None, &change)
            .await;
        assert_eq!(
            problem(res, 403).await["detail"],
            "an API key cannot manage logins"
        );
    }
    let now: Value = app
        .get(&format!("/users/{}", id(&clerk)), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["roles"], json!(["viewer"]));
    assert_eq!(password_hash(&app, "clerk"), hash_before);
    let res = app
        .post(
            "/me/password",
            &key,
            &json!({"current_password": "!", "new_password": "Key-password-2026"}),
        )
        .await;
    problem(res, 403).await;
}

// ---- LOW 9: password controls ---------------------------------------------------------------

/// An agency admin (or anyone) cannot set its own password through the user administration,
/// which does not ask for the current one.
async fn own_password_changes_need_the_current_one(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let me = app.user(&admin, "p1.admin", &p1, &["agency_admin"]).await;
    let token = app.token("p1.admin", USER_PASSWORD).await;
    let hash_before = password_hash(&app, "p1.admin");
    let res = app
        .patch(
            &format!("/users/{}", id(&me)),
            &token,
            None,
            &json!({"password": "Taken-over-2026-x"}),
        )
        .await;
    let body = problem(res, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("/me/password"),
        "{body}"
    );
    assert_eq!(password_hash(&app, "p1.admin"), hash_before);
    assert_eq!(
        app.get("/me", &token).await.status(),
        StatusCode::OK,
        "sessions go on"
    );
    // The national admin neither.
    let admin_me: Value = app.get("/me", &admin).await.json().await.unwrap();
    let res = app
        .patch(
            &format!("/users/{}", id(&admin_me)),
            &admin,
            None,
            &json!({"password": "Taken-over-2026-x"}),
        )
        .await;
    problem(res, 403).await;
    app.login("admin", ADMIN_PASSWORD).await;
}

/// A stolen access token does not give unlimited guesses at the password: a wrong current password
/// counts as a failed login of the user, and past the limit the answer is 429.
async fn wrong_current_passwords_are_throttled(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    app.user(&admin, "clerk", &root, &["viewer"]).await;
    let token = app.token("clerk", USER_PASSWORD).await;
    let hash_before = password_hash(&app, "clerk");
    for n in 0..5 {
        let res = app
            .post(
                "/me/password",
                &token,
                &json!({"current_password": format!("guess-number-{n}"), "new_password": "A-new-secret-2026"}),
            )
            .await;
        assert_eq!(
            error_fields(&problem(res, 422).await),
            vec!["current_password"]
        );
    }
    let res = app
        .post(
            "/me/password",
            &token,
            &json!({"current_password": USER_PASSWORD, "new_password": "A-new-secret-2026"}),
        )
        .await;
    assert!(retry_after(&res) >= 1);
    assert_eq!(problem(res, 429).await["code"], "rate_limited");
    assert_eq!(
        password_hash(&app, "clerk"),
        hash_before,
        "the password is unchanged"
    );
    assert_eq!(failures_of(&app, "clerk"), 5);
    assert_eq!(
        app.get("/me", &token).await.status(),
        StatusCode::OK,
        "sessions go on"
    );
    // The login throttle is the same one.
    problem(login_attempt(&app, "clerk", USER_PASSWORD, None).await, 429).await;
}

/// Repeats, sequences, blanks and the user's own name are refused wherever a password is set.
async fn weak_passwords_are_refused_everywhere(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let weak = ["aaaaaaaaaa", "1234567890", "          ", "khoa.tran.1990"];
    let users_before = app.count("users");
    for password in weak {
        let res = app
            .post(
                "/users",
                &admin,
                &json!({"username": "khoa.tran", "display_name": "Trần Minh Khoa", "agency_id": root,
                        "roles": ["viewer"], "password": password}),
            )
            .await;
        let body = problem(res, 422).await;
        assert_eq!(error_fields(&body), vec!["password"], "{password:?}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("too easy to guess"),
            "{body}"
        );
    }
    assert_eq!(app.count("users"), users_before, "no user created");
    let res = app
        .post(
            "/users",
            &admin,
            &json!({"username": "khoa.tran", "display_name": "Trần Minh Khoa", "agency_id": root,
                    "roles": ["viewer"], "password": USER_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let khoa = id(&res.json().await.unwrap());
    let hash_before = password_hash(&app, "khoa.tran");
    for password in weak {
        let res = app
            .patch(
                &format!("/users/{khoa}"),
                &admin,
                None,
                &json!({"password": password}),
            )
            .await;
        assert_eq!(
            error_fields(&problem(res, 422).await),
            vec!["password"],
            "{password:?}"
        );
    }
    let token = app.token("khoa.tran", USER_PASSWORD).await;
    for password in weak {
        let res = app
            .post(
                "/me/password",
                &token,
                &json!({"current_password": USER_PASSWORD, "new_password": password}),
            )
            .await;
        assert_eq!(
            error_fields(&problem(res, 422).await),
            vec!["new_password"],
            "{password:?}"
        );
    }
    assert_eq!(
        password_hash(&app, "khoa.tran"),
        hash_before,
        "the password is unchanged"
    );
    assert_eq!(
        failures_of(&app, "khoa.tran"),
        0,
        "a weak new password costs no attempt"
    );
    // A strong one is taken.
    let res = app
        .post(
            "/me/password",
            &token,
            &json!({"current_password": USER_PASSWORD, "new_password": "Ruộng lúa xanh mướt 2026"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    app.login("khoa.tran", "Ruộng lúa xanh mướt 2026").await;
}

// ---- LOW 13: token errors, absolute session lifetime ------------------------------------------

/// Refused tokens get one fixed message; the JWT library's reasons stay in the debug log.
async fn token_errors_say_nothing_of_the_library(app: TestApp) {
    use base64::Engine;
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    let good = app.admin_token().await;
    let b64 = |d: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(d);
    let payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(good.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    let sign = |alg: Algorithm, secret: &str, claims: &Value| {
        jsonwebtoken::encode(
            &Header::new(alg),
            claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };
    let mut expired = payload.clone();
    expired["exp"] = json!(chrono::Utc::now().timestamp() - 10);
    let mut future = payload.clone();
    future["iat"] = json!(chrono::Utc::now().timestamp() + 3600);
    let forged = [
        sign(Algorithm::HS256, JWT_SECRET, &expired),
        sign(
            Algorithm::HS256,
            "another-secret-another-secret-another",
            &payload,
        ),
        sign(Algorithm::HS512, JWT_SECRET, &payload),
        sign(Algorithm::HS256, JWT_SECRET, &future),
        format!(
            "{}.{}.",
            b64(br#"{"alg":"none"}"#),
            b64(payload.to_string().as_bytes())
        ),
        "garbage".to_string(),
    ];
    for token in forged {
        let body = problem(app.get("/me", &token).await, 401).await;
        assert_eq!(body["detail"], "invalid or expired token", "{token}");
        assert_eq!(body["code"], "unauthorized");
    }
    assert_eq!(app.get("/me", &good).await.status(), StatusCode::OK);
}

/// Refreshing keeps a session alive for at most its maximum lifetime after the login.
async fn sessions_end_at_their_maximum_lifetime(app: TestApp) {
    let app = instance_with(&app, |c| c.session_max_age_secs = 3).await;
    let first = app.login("admin", ADMIN_PASSWORD).await;
    let refresh = |pair: &Value| json!({"refresh_token": pair["refresh_token"].as_str().unwrap()});
    let res = app
        .request(Method::POST, "/auth/refresh", None, Some(&refresh(&first)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    {
        let mut conn = app.db.get().unwrap();
        let (created, expires): (NaiveDateTime, NaiveDateTime) = sessions::table
            .select((sessions::created_at, sessions::expires_at))
            .first(&mut *conn)
            .unwrap();
        let end = created + chrono::TimeDelta::seconds(3);
        assert!(expires <= end, "the session's expiry is capped");
        let latest: NaiveDateTime = refresh_tokens::table
            .select(diesel::dsl::max(refresh_tokens::expires_at))
            .first::<Option<NaiveDateTime>>(&mut *conn)
            .unwrap()
            .unwrap();
        assert!(latest <= end, "the new refresh token's expiry is capped");
    }
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let res = app
        .request(Method::POST, "/auth/refresh", None, Some(&refresh(&second)))
        .await;
    let body = problem(res, 401).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("maximum lifetime"),
        "{body}"
    );
    let access = second["access_token"].as_str().unwrap();
    problem(app.get("/me", access).await, 401).await;
    {
        let mut conn = app.db.get().unwrap();
        let reason: Option<String> = sessions::table
            .select(sessions::revoked_reason)
            .first(&mut *conn)
            .unwrap();
        assert_eq!(reason.as_deref(), Some("max_age"), "the session is revoked");
    }
    // Logging in again starts a new session.
    app.login("admin", ADMIN_PASSWORD).await;
}

// ---- LOW 12: per-caller rate limits ---------------------------------------------------------

/// 600 requests as fast as possible with one API key: past the burst some are 429 with
/// `Retry-After`; another key is unaffected; after waiting the first works again.
async fn api_key_floods_are_rate_limited(app: TestApp) {
    let app = crate::helpers::with_production_rate_limits(&app).await;
    let admin = app.admin_token().await;
    let flooding = api_key(&app, &admin, "Hệ thống gửi dồn", &["viewer"]).await;
    let other = api_key(&app, &admin, "Hệ thống khác", &["viewer"]).await;
    // Where the key stands, before the flood: the whole burst but the request itself.
    let first = app.get("/me", &flooding).await;
    let header = |res: &reqwest::Response, name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let defaults = restrack::config::Config::for_database(app.database_url.clone());
    let (burst, rate) = (defaults.rate_limit_burst, defaults.rate_limit_per_second);
    assert_eq!(
        header(&first, "ratelimit-policy").as_deref(),
        Some(format!("\"caller\";q={burst};w={}", burst.div_ceil(rate)).as_str())
    );
    assert_eq!(
        header(&first, "ratelimit").as_deref(),
        Some(format!("\"caller\";r={};t=1", burst - 1).as_str())
    );
    /// Status, `Retry-After`, `Content-Type`, `RateLimit`.
    type Answer = (u16, Option<u64>, Option<String>, Option<String>);
    let answers: Vec<Answer> = stream::iter(0..600)
        .map(|_| {
            let (app, key) = (&app, &flooding);
            async move {
                let res = app.get("/me", key).await;
                let status = res.status().as_u16();
                let wait = res
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().parse::<u64>().expect("whole seconds"));
                let content_type = res
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().unwrap().to_string());
                let state = res
                    .headers()
                    .get("ratelimit")
                    .map(|v| v.to_str().unwrap().to_string());
                (status, wait, content_type, state)
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let limited: Vec<_> = answers.iter().filter(|a| a.0 == 429).collect();
    let served = answers.iter().filter(|a| a.0 == 200).count();
    assert_eq!(limited.len() + served, 600, "only 200 or 429");
    assert!(!limited.is_empty(), "the flood was limited");
    assert!(served >= 200, "the burst was served: {served}");
    for (_, wait, content_type, state) in &limited {
        assert!(
            wait.is_some_and(|w| w >= 1),
            "Retry-After of at least a second"
        );
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(
            state
                .as_deref()
                .is_some_and(|s| s.starts_with("\"caller\";r=0;t=")),
            "a refused request says nothing is left: {state:?}"
        );
    }
    assert!(
        answers.iter().all(|a| a.3.is_some()),
        "every answer says where the key stands"
    );
    assert_eq!(
        app.get("/me", &other).await.status(),
        StatusCode::OK,
        "another key is unaffected"
    );
    let wait = limited.iter().filter_map(|a| a.1).max().unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(
        app.get("/me", &flooding).await.status(),
        StatusCode::OK,
        "after waiting"
    );
    assert_eq!(app.get("/me", &admin).await.status(), StatusCode::OK);
}

/// Two instances on one database hold a key to one allowance (`auth::rate_limit`: leased from the
/// database a tenth of the burst at a time), not to one each.
async fn rate_limits_hold_across_instances(app: TestApp) {
    let mut config = test_config(app.database_url.clone());
    config.rate_limit_per_second = 1;
    config.rate_limit_burst = 20;
    let a = TestApp::spawn_with(app.backend, config.clone()).await;
    let b = TestApp::spawn_with(app.backend, config).await;
    let admin = a.admin_token().await;
    let key = api_key(&a, &admin, "Hệ thống hai máy chủ", &["viewer"]).await;
    let started = std::time::Instant::now();
    let mut served = [0usize; 2];
    let mut refused = [0usize; 2];
    for i in 0..60 {
        let res = [&a, &b][i % 2].get("/me", &key).await;
        match res.status() {
            StatusCode::OK => served[i % 2] += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(res.headers().contains_key("retry-after"));
                refused[i % 2] += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    let refilled = started.elapsed().as_secs() as usize + 1;
    let total = served[0] + served[1];
    // Each instance with its own count would have served 40 (20 each); shared, the burst and what
    // refilled meanwhile, less at most one leased request each instance did not use.
    assert!(
        (18..=20 + refilled).contains(&total),
        "served {served:?}, refused {refused:?} in {refilled} s"
    );
    assert!(served[0] > 0 && served[1] > 0, "both instances served");
    assert!(refused[0] > 0 && refused[1] > 0, "both instances refused");
    // The allowance is one row of the key's account, in the database both share.
    assert_eq!(a.count("rate_limits"), 2, "the key's and the admin's");
}

crate::on_both_backends!(
    rate_limits_hold_across_instances,
    spoofed_forwarded_for_from_untrusted_peer_is_ignored,
    trusted_proxy_names_the_client,
    address_limit_never_locks_out_a_correct_password,
    parallel_guesses_are_counted_before_checking,
    one_person_cannot_approve_through_two_keys,
    api_keys_get_at_most_their_creators_roles,
    api_keys_cannot_manage_logins,
    own_password_changes_need_the_current_one,
    wrong_current_passwords_are_throttled,
    weak_passwords_are_refused_everywhere,
    token_errors_say_nothing_of_the_library,
    sessions_end_at_their_maximum_lifetime,
    api_key_floods_are_rate_limited,
);
