//! A second factor for local accounts (TOTP, RFC 6238): enrolment, login with a code, a wrong and a
//! reused code, recovery codes, the role requirement at login and at refresh, and an
//! administrator's reset; every refused login leaves no session behind.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::{id, problem, TestApp, USER_PASSWORD};

fn app_of(secret: &str) -> TOTP {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.to_string()).to_bytes().unwrap(),
        None,
        "test".into(),
    )
    .unwrap()
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of the step `offset` steps from now.
fn code(app: &TOTP, offset: i64) -> String {
    app.generate((now_secs() as i64 + offset * 30) as u64)
}

/// A code that is not any of the accepted ones.
fn wrong(app: &TOTP) -> String {
    let accepted: Vec<String> = (-1..=1).map(|o| code(app, o)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !accepted.contains(c))
        .unwrap()
}

async fn login(app: &TestApp, username: &str, extra: Value) -> reqwest::Response {
    let mut body = json!({"username": username, "password": USER_PASSWORD});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.request(Method::POST, "/auth/login", None, Some(&body))
        .await
}

async fn ok_json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn enrol(app: &TestApp, token: &str) -> (TOTP, Vec<String>) {
    let e = ok_json(
        app.post(
            "/me/totp",
            token,
            &json!({"current_password": USER_PASSWORD}),
        )
        .await,
    )
    .await;
    let totp = app_of(e["secret"].as_str().unwrap());
    let codes = ok_json(
        app.post("/me/totp/confirm", token, &json!({"code": code(&totp, 0)}))
            .await,
    )
    .await;
    let codes = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (totp, codes)
}

fn audit_actions(app: &TestApp, entity: &str) -> Vec<String> {
    use diesel::prelude::*;
    use restrack::db::schema::audit_log;
    let mut conn = app.db.get().unwrap();
    audit_log::table
        .filter(audit_log::entity_type.eq(entity))
        .order(audit_log::at)
        .select(audit_log::action)
        .load(&mut conn)
        .unwrap()
}

async fn enrolment_codes_and_recovery(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    app.user(&admin, "lan", &p1, &["planner"]).await;
    let token = app.token("lan", USER_PASSWORD).await;
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await,
        json!({"enabled": false, "pending": false, "required": false, "recovery_codes_left": 0})
    );
    // Enrolment takes the current password: a stolen access token cannot put its own second
    // factor on the account. A wrong one leaves nothing pending.
    let p = problem(
        app.post("/me/totp", &token, &json!({"current_password": "not-it"}))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "current_password");
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await["pending"],
        false
    );
    let e = ok_json(
        app.post(
            "/me/totp",
            &token,
            &json!({"current_password": USER_PASSWORD}),
        )
        .await,
    )
    .await;
    let uri = e["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Resolution%20Tracker:lan?"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={}", e["secret"].as_str().unwrap())));
    assert!(e["qr_svg"].as_str().unwrap().contains("<svg"));
    let totp = app_of(e["secret"].as_str().unwrap());
    // A wrong code does not turn it on.
    let p = problem(
        app.post("/me/totp/confirm", &token, &json!({"code": wrong(&totp)}))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "code");
    let status = ok_json(app.get("/me/totp", &token).await).await;
    assert_eq!(
        (status["enabled"].clone(), status["pending"].clone()),
        (json!(false), json!(true))
    );
    // Until it is confirmed, the password alone still logs in.
    ok_json(login(&app, "lan", json!({})).await).await;

    let confirmed_with = code(&totp, 0);
    let codes = ok_json(
        app.post("/me/totp/confirm", &token, &json!({"code": confirmed_with}))
            .await,
    )
    .await;
    let recovery: Vec<String> = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await["recovery_codes_left"],
        10
    );
    problem(
        app.post(
            "/me/totp",
            &token,
            &json!({"current_password": USER_PASSWORD}),
        )
        .await,
        409,
    )
    .await;

    let sessions = app.count("sessions");
    // Without a code, with a wrong one, with the one used to confirm (a replay): refused, and no
    // session.
    let p = problem(login(&app, "lan", json!({})).await, 401).await;
    assert_eq!(p["code"], "second_factor_required");
    for extra in [
        json!({"totp_code": wrong(&totp)}),
        json!({"totp_code": confirmed_with}),
        json!({"recovery_code": "aaaaa-bbbbb"}),
    ] {
        let p = problem(login(&app, "lan", extra.clone()).await, 401).await;
        assert_eq!(p["code"], "second_factor_invalid", "{extra}");
    }
    assert_eq!(app.count("sessions"), sessions);
    // The next step's code (the app's clock a little ahead) logs in, once.
    let next = code(&totp, 1);
    let pair = ok_json(login(&app, "lan", json!({"totp_code": next})).await).await;
    assert_eq!(pair["second_factor_enrolment_required"], false);
    let p = problem(login(&app, "lan", json!({"totp_code": next})).await, 401).await;
    assert_eq!(p["code"], "second_factor_invalid");
    // A recovery code works once, whatever its case and spacing.
    let loose = format!(" {} ", recovery[3].to_uppercase());
    ok_json(login(&app, "lan", json!({"recovery_code": loose})).await).await;
    problem(
        login(&app, "lan", json!({"recovery_code": recovery[3]})).await,
        401,
    )
    .await;
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await["recovery_codes_left"],
        9
    );
    // Turning it off takes the password; then the password alone logs in again.
    let p = problem(
        app.post(
            "/me/totp/disable",
            &token,
            &json!({"current_password": "wrong-password-1"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "current_password");
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await["enabled"],
        true
    );
    let res = app
        .post(
            "/me/totp/disable",
            &token,
            &json!({"current_password": USER_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    ok_json(login(&app, "lan", json!({})).await).await;
    assert_eq!(
        audit_actions(&app, "user")
            .into_iter()
            .filter(|a| a.starts_with("second_factor"))
            .collect::<Vec<_>>(),
        ["second_factor_enabled", "second_factor_disabled"]
    );
}

async fn wrong_codes_count_as_failed_logins(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    app.user(&admin, "lan", &root, &["viewer"]).await;
    let token = app.token("lan", USER_PASSWORD).await;
    let (totp, _) = enrol(&app, &token).await;
    for _ in 0..5 {
        problem(
            login(&app, "lan", json!({"totp_code": wrong(&totp)})).await,
            401,
        )
        .await;
    }
    // Past the limit even the right code waits.
    let res = login(&app, "lan", json!({"totp_code": code(&totp, 1)})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn roles_can_require_it(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    app.user(&admin, "qt.p1", &p1, &["admin"]).await;
    let approver = id(&app.user(&admin, "duyet", &p1, &["approver"]).await);
    app.user(&admin, "kehoach", &p1, &["planner"]).await;
    let planner_before = ok_json(login(&app, "kehoach", json!({})).await).await;
    let planner_enrolled_elsewhere = ok_json(login(&app, "kehoach", json!({})).await).await;

    // Only an administrator of the top agency sets it.
    let p1_admin = app.token("qt.p1", USER_PASSWORD).await;
    let body = json!({"required_roles": ["approver", "admin"]});
    problem(app.put("/settings/totp", &p1_admin, &body).await, 403).await;
    assert_eq!(
        ok_json(app.get("/settings/totp", &p1_admin).await).await,
        json!({"required_roles": []})
    );
    let set = ok_json(app.put("/settings/totp", &admin, &body).await).await;
    assert_eq!(set, json!({"required_roles": ["admin", "approver"]}));
    assert_eq!(audit_actions(&app, "settings"), ["update_totp_settings"]);

    // An approver without TOTP gets a session that may only enrol.
    let pair = ok_json(login(&app, "duyet", json!({})).await).await;
    assert_eq!(pair["second_factor_enrolment_required"], true);
    let token = pair["access_token"].as_str().unwrap().to_string();
    let p = problem(app.get("/tasks", &token).await, 403).await;
    assert_eq!(p["code"], "second_factor_enrolment_required");
    ok_json(app.get("/me", &token).await).await;
    assert_eq!(
        ok_json(app.get("/me/totp", &token).await).await["required"],
        true
    );
    // It may sign out through the endpoint the web app uses, and that ends it.
    let other = ok_json(login(&app, "duyet", json!({})).await).await;
    let other = other["access_token"].as_str().unwrap();
    let out = ok_json(
        app.request(Method::POST, "/auth/oidc/logout", Some(other), None)
            .await,
    )
    .await;
    assert_eq!(out["end_session_url"], Value::Null);
    problem(app.get("/me", other).await, 401).await;
    let (totp, _) = enrol(&app, &token).await;
    // Confirmed: the same session is a full one now, and it cannot be turned off.
    ok_json(app.get("/tasks", &token).await).await;
    let p = problem(
        app.post(
            "/me/totp/disable",
            &token,
            &json!({"current_password": USER_PASSWORD}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "second_factor_required_by_role");
    let pair = ok_json(login(&app, "duyet", json!({"totp_code": code(&totp, 1)})).await).await;
    assert_eq!(pair["second_factor_enrolment_required"], false);

    // Required for planners after their login: the next refresh restricts the session.
    let body = json!({"required_roles": ["approver", "admin", "planner"]});
    ok_json(app.put("/settings/totp", &admin, &body).await).await;
    let refreshed = ok_json(
        app.request(
            Method::POST,
            "/auth/refresh",
            None,
            Some(&json!({"refresh_token": planner_before["refresh_token"]})),
        )
        .await,
    )
    .await;
    assert_eq!(refreshed["second_factor_enrolment_required"], true);
    let limited = refreshed["access_token"].as_str().unwrap();
    let p = problem(app.get("/tasks", limited).await, 403).await;
    assert_eq!(p["code"], "second_factor_enrolment_required");
    // The planner enrols in that session; its other session, opened with the password alone, is
    // refused at its next refresh and ended.
    enrol(&app, limited).await;
    ok_json(app.get("/tasks", limited).await).await;
    let res = app
        .request(
            Method::POST,
            "/auth/refresh",
            None,
            Some(&json!({"refresh_token": planner_enrolled_elsewhere["refresh_token"]})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let old = planner_enrolled_elsewhere["access_token"].as_str().unwrap();
    assert_eq!(app.get("/me", old).await.status(), StatusCode::UNAUTHORIZED);

    // A lost phone: the province's administrator resets the approver's second factor; its
    // sessions end, and its next login must enrol again.
    problem(
        app.delete(&format!("/users/{approver}/totp"), limited, None)
            .await,
        403,
    )
    .await;
    let p1_admin = ok_json(login(&app, "qt.p1", json!({})).await).await;
    assert_eq!(p1_admin["second_factor_enrolment_required"], true);
    let p1_admin = p1_admin["access_token"].as_str().unwrap().to_string();
    enrol(&app, &p1_admin).await;
    let res = app
        .delete(&format!("/users/{approver}/totp"), &p1_admin, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let pair = ok_json(login(&app, "duyet", json!({})).await).await;
    assert_eq!(pair["second_factor_enrolment_required"], true);
}

crate::on_both_backends!(
    enrolment_codes_and_recovery,
    wrong_codes_count_as_failed_logins,
    roles_can_require_it
);
