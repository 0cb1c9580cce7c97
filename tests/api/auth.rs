use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, TestApp, ADMIN_PASSWORD, JWT_SECRET, USER_PASSWORD};

async fn login_gives_tokens_and_me(app: TestApp) {
    let pair = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(pair["token_type"], "Bearer");
    let ttl = pair["expires_in"].as_i64().unwrap();
    assert!(
        ttl > 0 && ttl <= 900,
        "access tokens live at most 15 minutes"
    );
    let token = pair["access_token"].as_str().unwrap();
    let me: Value = app.get("/me", token).await.json().await.unwrap();
    assert_eq!(me["username"], "admin");
    assert_eq!(me["roles"], json!(["admin"]));
    assert_eq!(me["agency"]["code"], "ROOT");
    assert!(me.get("password_hash").is_none());
}

async fn wrong_credentials_are_401(app: TestApp) {
    for (u, p) in [
        ("admin", "not-the-password"),
        ("nobody", "whatever-password"),
    ] {
        let res = app
            .request(
                Method::POST,
                "/auth/login",
                None,
                Some(&json!({"username": u, "password": p})),
            )
            .await;
        let body = problem(res, 401).await;
        assert_eq!(body["detail"], "wrong username or password");
    }
}

async fn repeated_failures_are_throttled(app: TestApp) {
    for _ in 0..5 {
        let res = app
            .request(
                Method::POST,
                "/auth/login",
                None,
                Some(&json!({"username": "admin", "password": "wrong-password"})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Past the limit even the right password is refused, with a hint when to retry.
    let res = app
        .request(
            Method::POST,
            "/auth/login",
            None,
            Some(&json!({"username": "admin", "password": ADMIN_PASSWORD})),
        )
        .await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900);
    problem(res, 429).await;
    assert_eq!(app.count("sessions"), 0, "no session was opened");
}

async fn refresh_rotates_and_detects_reuse(app: TestApp) {
    let first = app.login("admin", ADMIN_PASSWORD).await;
    let refresh = |t: &Value| json!({"refresh_token": t["refresh_token"].as_str().unwrap()});
    let res = app
        .request(Method::POST, "/auth/refresh", None, Some(&refresh(&first)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    let token = second["access_token"].as_str().unwrap();
    assert_eq!(app.get("/me", token).await.status(), StatusCode::OK);
    // The old refresh token works once only; replaying it ends the whole session.
    let replay = app
        .request(Method::POST, "/auth/refresh", None, Some(&refresh(&first)))
        .await;
    problem(replay, 401).await;
    assert_eq!(
        app.get("/me", token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .request(Method::POST, "/auth/refresh", None, Some(&refresh(&second)))
        .await;
    problem(res, 401).await;
    // Stored tokens are hashes, never the tokens themselves.
    let raw = second["refresh_token"].as_str().unwrap().to_string();
    let found = app
        .db
        .run(move |conn| {
            use diesel::prelude::*;
            use restrack::db::schema::refresh_tokens::dsl::*;
            Ok(refresh_tokens
                .filter(token_hash.eq(raw))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(found, 0);
}

async fn logout_revokes_at_once(app: TestApp) {
    let pair = app.login("admin", ADMIN_PASSWORD).await;
    let token = pair["access_token"].as_str().unwrap();
    let other = app.admin_token().await;
    let res = app
        .request(Method::POST, "/auth/logout", Some(token), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(app.get("/me", token).await, 401).await;
    let res = app
        .request(
            Method::POST,
            "/auth/refresh",
            None,
            Some(&json!({"refresh_token": pair["refresh_token"]})),
        )
        .await;
    problem(res, 401).await;
    // Other sessions of the same user go on.
    assert_eq!(app.get("/me", &other).await.status(), StatusCode::OK);
}

async fn password_change_revokes_sessions(app: TestApp) {
    let token = app.admin_token().await;
    let res = app
        .post(
            "/me/password",
            &token,
            &json!({"current_password": "wrong-one-here", "new_password": "a-brand-new-password"}),
        )
        .await;
    let body = problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "current_password");
    let res = app
        .post(
            "/me/password",
            &token,
            &json!({"current_password": ADMIN_PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(
        problem(res, 422).await["errors"][0]["field"],
        "new_password"
    );
    assert_eq!(
        app.get("/me", &token).await.status(),
        StatusCode::OK,
        "failed attempts change nothing"
    );
    let res = app
        .post(
            "/me/password",
            &token,
            &json!({"current_password": ADMIN_PASSWORD, "new_password": "a-brand-new-password"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(app.get("/me", &token).await, 401).await;
    let res = app
        .request(
            Method::POST,
            "/auth/login",
            None,
            Some(&json!({"username": "admin", "password": ADMIN_PASSWORD})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.login("admin", "a-brand-new-password").await;
}

async fn deactivation_revokes_sessions(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let user = app.user(&admin, "viewer.one", &root, &["viewer"]).await;
    let token = app.token("viewer.one", USER_PASSWORD).await;
    assert_eq!(app.get("/me", &token).await.status(), StatusCode::OK);
    let res = app
        .patch(
            &format!("/users/{}", user["id"].as_str().unwrap()),
            &admin,
            None,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    problem(app.get("/me", &token).await, 401).await;
    let res = app
        .request(
            Method::POST,
            "/auth/login",
            None,
            Some(&json!({"username": "viewer.one", "password": USER_PASSWORD})),
        )
        .await;
    problem(res, 401).await;
}

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

async fn tampered_tokens_are_401(app: TestApp) {
    let good = app.admin_token().await;
    let payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(good.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    let now = chrono::Utc::now().timestamp();
    let sign = |alg: Algorithm, claims: &Value| {
        jsonwebtoken::encode(
            &Header::new(alg),
            claims,
            &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        )
        .unwrap()
    };
    let with = |key: &str, value: Value| {
        let mut c = payload.clone();
        c[key] = value;
        c
    };
    let without = |key: &str| {
        let mut c = payload.clone();
        c.as_object_mut().unwrap().remove(key);
        c
    };
    let mut forged = vec![
        ("HS512 instead of HS256", sign(Algorithm::HS512, &payload)),
        (
            "expired",
            sign(Algorithm::HS256, &with("exp", json!(now - 5))),
        ),
        (
            "wrong audience",
            sign(Algorithm::HS256, &with("aud", json!("someone-else"))),
        ),
        (
            "wrong issuer",
            sign(Algorithm::HS256, &with("iss", json!("evil"))),
        ),
        ("no exp", sign(Algorithm::HS256, &without("exp"))),
        ("no iat", sign(Algorithm::HS256, &without("iat"))),
        ("no sub", sign(Algorithm::HS256, &without("sub"))),
        ("no aud", sign(Algorithm::HS256, &without("aud"))),
        ("no iss", sign(Algorithm::HS256, &without("iss"))),
        ("no session", sign(Algorithm::HS256, &without("sid"))),
        (
            "unknown session",
            sign(
                Algorithm::HS256,
                &with("sid", json!(uuid::Uuid::new_v4().to_string())),
            ),
        ),
        (
            "issued in the future",
            sign(Algorithm::HS256, &with("iat", json!(now + 3600))),
        ),
    ];
    let header_none = b64(br#"{"alg":"none","typ":"JWT"}"#);
    let body = b64(serde_json::to_string(&payload).unwrap().as_bytes());
    forged.push(("alg none", format!("{header_none}.{body}.")));
    let parts: Vec<&str> = good.split('.').collect();
    let elevated = b64(serde_json::to_string(&with("sub", json!("someone-else")))
        .unwrap()
        .as_bytes());
    forged.push((
        "payload changed",
        format!("{}.{}.{}", parts[0], elevated, parts[2]),
    ));
    forged.push(("garbage", "not.a.token".to_string()));
    for (what, token) in forged {
        let res = app.get("/me", &token).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{what} must be rejected"
        );
    }
    let res = app.request(Method::GET, "/me", None, None).await;
    problem(res, 401).await;
    let res = app
        .client
        .get(app.url("/me"))
        .header("Authorization", format!("Basic {}", b64(b"admin:x")))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
    assert_eq!(app.get("/me", &good).await.status(), StatusCode::OK);
}

/// Instances that share a database share the signing key generated in it, so a session opened on
/// one works on the other, and logout on one ends it on both.
async fn instances_share_the_generated_signing_key(app: TestApp) {
    let mut config = crate::helpers::test_config(app.database_url.clone());
    config.jwt_secret = None;
    let first = TestApp::spawn_with(app.backend, config.clone()).await;
    let second = TestApp::spawn_with(app.backend, config).await;
    let token = first.admin_token().await;
    assert_eq!(second.get("/me", &token).await.status(), StatusCode::OK);
    let res = second
        .request(Method::POST, "/auth/logout", Some(&token), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        first.get("/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

crate::on_both_backends!(
    login_gives_tokens_and_me,
    wrong_credentials_are_401,
    repeated_failures_are_throttled,
    refresh_rotates_and_detects_reuse,
    logout_revokes_at_once,
    password_change_revokes_sessions,
    deactivation_revokes_sessions,
    tampered_tokens_are_401,
    instances_share_the_generated_signing_key,
);
