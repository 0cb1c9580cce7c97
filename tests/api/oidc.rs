//! Single sign-on through a real OpenID Connect provider: the certified `oidc-provider` package
//! (tests/oidc/provider.mjs) started for each test, driven over HTTP as a browser would. A login goes
//! through; a forged, unsigned, replayed or re-keyed ID token, a wrong nonce, audience or issuer, an
//! expired token, an unknown or inactive linked user, a replayed or foreign `state` and a
//! substituted code are each refused with a clear error and leave no session behind.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::{Method, StatusCode};
use restrack::config::{OidcConfig, Secret};
use serde_json::{json, Value};

use crate::helpers::{fresh_database, problem, test_config, TestApp, USER_PASSWORD};

const CLIENT_ID: &str = "restrack";
const CLIENT_SECRET: &str = "restrack-test-client-secret";
const REDIRECT: &str = "http://app.test/login/oidc";
const AFTER_LOGOUT: &str = "http://app.test/login";

/// The test identity provider, stopped when dropped.
struct IdP {
    child: Child,
    issuer: String,
}

impl Drop for IdP {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The provider's script with its packages installed, or `None` (skipped) outside CI.
fn provider_script() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
    if dir.join("node_modules/oidc-provider").is_dir() {
        return Some(dir.join("provider.mjs"));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "tests/oidc/node_modules is missing: `make test` installs the test provider (npm ci in tests/oidc)"
    );
    eprintln!("SKIPPED: tests/oidc/node_modules is missing (scripts/test.sh installs it)");
    None
}

/// Accounts at the provider: `login` / `secret-<login>`, with these claims.
fn start_idp() -> Option<IdP> {
    let script = provider_script()?;
    let accounts = json!([
        {"login": "sso.planner", "password": "secret-sso.planner",
         "claims": {"preferred_username": "sso.planner", "email": "planner@example.gov.vn", "email_verified": true}},
        {"login": "stranger", "password": "secret-stranger",
         "claims": {"preferred_username": "stranger", "email": "stranger@example.gov.vn", "email_verified": true}},
        {"login": "retired", "password": "secret-retired",
         "claims": {"preferred_username": "retired"}},
        {"login": "no.claim", "password": "secret-no.claim", "claims": {}},
    ]);
    let mut child = Command::new("node")
        .arg(&script)
        .env("OIDC_PORT", "0")
        .env("OIDC_CLIENT_ID", CLIENT_ID)
        .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
        .env("OIDC_REDIRECT_URIS", REDIRECT)
        .env("OIDC_POST_LOGOUT_REDIRECT_URIS", AFTER_LOGOUT)
        .env("OIDC_ACCOUNTS", accounts.to_string())
        .stdout(Stdio::piped())
        .stderr(match std::env::var_os("RESTRACK_TEST_OIDC_LOG") {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("provider log")),
            None => Stdio::null(),
        })
        .spawn()
        .expect("node runs the test provider");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line)
        .expect("the provider prints its issuer");
    // Keep reading what it prints, so that it never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let issuer = serde_json::from_str::<Value>(&line).expect("a JSON line")["issuer"]
        .as_str()
        .expect("issuer")
        .to_string();
    Some(IdP { child, issuer })
}

impl IdP {
    async fn control(&self, what: &str, mode: &str) {
        let res = reqwest::Client::new()
            .post(format!("{}/__test/{what}", self.issuer))
            .form(&[("mode", mode)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }

    fn config(&self) -> OidcConfig {
        OidcConfig {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: Secret::new(CLIENT_SECRET),
            redirect_url: REDIRECT.into(),
            post_logout_url: Some(AFTER_LOGOUT.into()),
            claim: "preferred_username".into(),
            display_name: "Test IdP".into(),
            scopes: "email profile".into(),
        }
    }
}

/// An application of the same backend, on a fresh database, that signs in through `idp`, with
/// the local account `sso.planner` (and `retired`, deactivated).
async fn sso_app(app: &TestApp, idp: &IdP) -> TestApp {
    let mut config = test_config(fresh_database(app.backend));
    config.oidc = Some(idp.config());
    let sso = TestApp::spawn_with(app.backend, config).await;
    let admin = sso.admin_token().await;
    let root = sso.root_id(&admin).await;
    sso.user(&admin, "sso.planner", &root, &["planner"]).await;
    let retired = sso.user(&admin, "retired", &root, &["viewer"]).await;
    let res = sso
        .patch(
            &format!("/users/{}", retired["id"].as_str().unwrap()),
            &admin,
            None,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "deactivate retired");
    sso
}

/// A login started at the application: the browser's cookie and the provider's address.
struct Started {
    cookie: String,
    authorization_url: String,
}

async fn start(app: &TestApp) -> Started {
    let res = app
        .request(
            Method::POST,
            "/auth/oidc/start",
            None,
            Some(&json!({"return_to": "/tasks?status=overdue"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .expect("a cookie binds the login to the browser")
        .to_str()
        .unwrap()
        .to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    assert!(set_cookie.contains("Path=/api/v1/auth/oidc"));
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    Started {
        cookie,
        authorization_url: body["authorization_url"].as_str().unwrap().to_string(),
    }
}

/// What the provider sends the browser back with.
#[derive(Debug, Clone)]
struct Answer {
    code: String,
    state: String,
    iss: String,
}

/// The browser at the provider: signs in with the form and follows the redirects back to the
/// application's callback address.
async fn at_provider(idp: &IdP, authorization_url: &str, login: &str) -> Answer {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let absolute = |location: &str| {
        if location.starts_with('/') {
            format!("{}{location}", idp.issuer)
        } else {
            location.to_string()
        }
    };
    let location = |res: &reqwest::Response| {
        res.headers()
            .get("location")
            .unwrap_or_else(|| panic!("a redirect, got {}", res.status()))
            .to_str()
            .unwrap()
            .to_string()
    };
    let res = browser.get(authorization_url).send().await.unwrap();
    let interaction = absolute(&location(&res));
    assert!(interaction.contains("/interaction/"), "{interaction}");
    let page = browser
        .get(&interaction)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sign in"), "the provider's login form");
    let res = browser
        .post(format!("{interaction}/login"))
        .form(&[("login", login), ("password", &format!("secret-{login}"))])
        .send()
        .await
        .unwrap();
    let mut next = absolute(&location(&res));
    while !next.starts_with(REDIRECT) {
        let res = browser.get(&next).send().await.unwrap();
        next = absolute(&location(&res));
    }
    let url = reqwest::Url::parse(&next).unwrap();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| panic!("{name} in {next}"))
    };
    Answer {
        code: param("code"),
        state: param("state"),
        iss: param("iss"),
    }
}

async fn callback(app: &TestApp, cookie: Option<&str>, answer: &Answer) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/auth/oidc/callback"))
        .json(&json!({"code": answer.code, "state": answer.state, "iss": answer.iss}));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req.send().await.unwrap()
}

/// A whole login as `login`: the callback's answer.
async fn sign_in(app: &TestApp, idp: &IdP, login: &str) -> reqwest::Response {
    let started = start(app).await;
    let answer = at_provider(idp, &started.authorization_url, login).await;
    callback(app, Some(&started.cookie), &answer).await
}

fn sso_logins(app: &TestApp) -> i64 {
    app.count("audit_log WHERE action = 'sso_login'")
}

/// Checks that a refused sign-in is `code` and left no session.
async fn refused(app: &TestApp, res: reqwest::Response, code: &str, sessions_before: i64) {
    let body = problem(res, 401).await;
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(
        app.count("sessions"),
        sessions_before,
        "no session after {code}"
    );
}

async fn signs_in_through_the_provider(app: TestApp) {
    let Some(idp) = start_idp() else { return };
    let app = sso_app(&app, &idp).await;
    let info: Value = app
        .request(Method::GET, "/auth/oidc", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info, json!({"enabled": true, "name": "Test IdP"}));
    // Roles that require TOTP concern password logins: the provider has its own factors.
    let admin = app.admin_token().await;
    let res = app
        .put(
            "/settings/totp",
            &admin,
            &json!({"required_roles": ["planner"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let started = start(&app).await;
    let answer = at_provider(&idp, &started.authorization_url, "sso.planner").await;
    let res = callback(&app, Some(&started.cookie), &answer).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cleared = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cleared.starts_with("restrack_oidc=;") && cleared.contains("Max-Age=0"));
    let login: Value = res.json().await.unwrap();
    assert_eq!(login["return_to"], "/tasks?status=overdue");
    assert_eq!(login["second_factor_enrolment_required"], false);
    let token = login["access_token"].as_str().unwrap();
    let me: Value = app.get("/me", token).await.json().await.unwrap();
    assert_eq!(me["username"], "sso.planner");
    assert_eq!(sso_logins(&app), 1);
    assert_eq!(
        app.count("sessions WHERE login_method = 'oidc' AND id_token IS NOT NULL"),
        1
    );
    // A refresh keeps the session (the TOTP requirement does not restrict it).
    let res = app
        .request(
            Method::POST,
            "/auth/refresh",
            None,
            Some(&json!({"refresh_token": login["refresh_token"]})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let pair: Value = res.json().await.unwrap();
    assert_eq!(pair["second_factor_enrolment_required"], false);
    let token = pair["access_token"].as_str().unwrap().to_string();
    assert_eq!(app.get("/tasks", &token).await.status(), StatusCode::OK);

    // The same answer again (a replayed callback): the state worked once.
    let sessions = app.count("sessions");
    let res = callback(&app, Some(&started.cookie), &answer).await;
    refused(&app, res, "sso_state_invalid", sessions).await;

    // Logout ends the session here and points at the provider's logout.
    let res = app
        .request(Method::POST, "/auth/oidc/logout", Some(&token), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let out: Value = res.json().await.unwrap();
    let url = reqwest::Url::parse(out["end_session_url"].as_str().unwrap()).unwrap();
    assert!(url.as_str().starts_with(&idp.issuer), "{url}");
    let params: std::collections::HashMap<String, String> =
        url.query_pairs().into_owned().collect();
    assert!(params.contains_key("id_token_hint"));
    assert_eq!(params["post_logout_redirect_uri"], AFTER_LOGOUT);
    assert_eq!(params["client_id"], CLIENT_ID);
    assert_eq!(
        app.get("/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The provider accepts that logout request (its confirmation page answers).
    let page = reqwest::get(url.as_str()).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);

    // A password session gets no provider logout.
    let password = app.token("sso.planner", USER_PASSWORD).await;
    let out: Value = app
        .request(Method::POST, "/auth/oidc/logout", Some(&password), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(out["end_session_url"], Value::Null);
}

async fn tampered_id_tokens_are_refused(app: TestApp) {
    let Some(idp) = start_idp() else { return };
    let app = sso_app(&app, &idp).await;
    // One good login first: the replay below presents its ID token again.
    assert_eq!(
        sign_in(&app, &idp, "sso.planner").await.status(),
        StatusCode::OK
    );
    for mode in [
        "forged",
        "unknown_key",
        "unsigned",
        "wrong_audience",
        "wrong_issuer",
        "expired",
        "wrong_nonce",
        "replay",
    ] {
        idp.control("mode", mode).await;
        let sessions = app.count("sessions");
        let res = sign_in(&app, &idp, "sso.planner").await;
        let body = problem(res, 401).await;
        assert_eq!(body["code"], "sso_token_invalid", "{mode}: {body}");
        assert_eq!(app.count("sessions"), sessions, "{mode} opened a session");
    }
    assert_eq!(
        sso_logins(&app),
        1,
        "only the good login is in the audit trail"
    );
    // The provider's own tokens work again.
    idp.control("mode", "").await;
    assert_eq!(
        sign_in(&app, &idp, "sso.planner").await.status(),
        StatusCode::OK
    );
}

async fn unknown_users_and_foreign_states_are_refused(app: TestApp) {
    let Some(idp) = start_idp() else { return };
    let app = sso_app(&app, &idp).await;
    let sessions = app.count("sessions");
    // Authenticated by the provider, but no account here has that username.
    let res = sign_in(&app, &idp, "stranger").await;
    refused(&app, res, "sso_user_unknown", sessions).await;
    // The account exists but is deactivated.
    let res = sign_in(&app, &idp, "retired").await;
    refused(&app, res, "sso_user_unknown", sessions).await;
    // The token has no such claim.
    let res = sign_in(&app, &idp, "no.claim").await;
    refused(&app, res, "sso_user_unknown", sessions).await;

    // The answer brought to another browser (no cookie): refused, and the state is spent.
    let started = start(&app).await;
    let answer = at_provider(&idp, &started.authorization_url, "sso.planner").await;
    let res = callback(&app, None, &answer).await;
    refused(&app, res, "sso_state_invalid", sessions).await;
    let res = callback(&app, Some(&started.cookie), &answer).await;
    refused(&app, res, "sso_state_invalid", sessions).await;

    // Another login's cookie does not fit either.
    let first = start(&app).await;
    let second = start(&app).await;
    let answer = at_provider(&idp, &first.authorization_url, "sso.planner").await;
    let res = callback(&app, Some(&second.cookie), &answer).await;
    refused(&app, res, "sso_state_invalid", sessions).await;

    // A code from one login with the state of another: PKCE binds the code to its own login.
    let a = start(&app).await;
    let b = start(&app).await;
    let answer_a = at_provider(&idp, &a.authorization_url, "sso.planner").await;
    let answer_b = at_provider(&idp, &b.authorization_url, "sso.planner").await;
    let swapped = Answer {
        code: answer_a.code.clone(),
        ..answer_b.clone()
    };
    let res = callback(&app, Some(&b.cookie), &swapped).await;
    refused(&app, res, "sso_code_refused", sessions).await;

    // An answer naming another issuer (RFC 9207).
    let c = start(&app).await;
    let mut answer_c = at_provider(&idp, &c.authorization_url, "sso.planner").await;
    answer_c.iss = "http://issuer.invalid".into();
    let res = callback(&app, Some(&c.cookie), &answer_c).await;
    refused(&app, res, "sso_token_invalid", sessions).await;

    // A login that took longer than ten minutes.
    let late = start(&app).await;
    let answer = at_provider(&idp, &late.authorization_url, "sso.planner").await;
    app.exec("UPDATE oidc_logins SET expires_at = created_at");
    let res = callback(&app, Some(&late.cookie), &answer).await;
    refused(&app, res, "sso_state_invalid", sessions).await;

    // Only paths of this site to go back to.
    for bad in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let res = app
            .request(
                Method::POST,
                "/auth/oidc/start",
                None,
                Some(&json!({"return_to": bad})),
            )
            .await;
        let body = problem(res, 422).await;
        assert_eq!(
            crate::helpers::error_fields(&body),
            vec!["return_to"],
            "{bad}"
        );
    }
    assert_eq!(sso_logins(&app), 0);
}

async fn follows_the_providers_key_rotation(app: TestApp) {
    let Some(idp) = start_idp() else { return };
    let app = sso_app(&app, &idp).await;
    assert_eq!(
        sign_in(&app, &idp, "sso.planner").await.status(),
        StatusCode::OK
    );
    // The provider now signs with a new key the cached keys do not know: read again, accepted.
    idp.control("rotate", "").await;
    assert_eq!(
        sign_in(&app, &idp, "sso.planner").await.status(),
        StatusCode::OK
    );
    assert_eq!(sso_logins(&app), 2);
}

async fn without_a_provider_nothing_is_offered(app: TestApp) {
    let info: Value = app
        .request(Method::GET, "/auth/oidc", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info, json!({"enabled": false, "name": null}));
    let res = app
        .request(Method::POST, "/auth/oidc/start", None, Some(&json!({})))
        .await;
    let body = problem(res, 404).await;
    assert_eq!(body["code"], "sso_not_configured");
    let res = app
        .request(
            Method::POST,
            "/auth/oidc/callback",
            None,
            Some(&json!({"code": "x", "state": "y"})),
        )
        .await;
    assert_eq!(problem(res, 404).await["code"], "sso_not_configured");
}

crate::on_both_backends!(
    signs_in_through_the_provider,
    tampered_id_tokens_are_refused,
    unknown_users_and_foreign_states_are_refused,
    follows_the_providers_key_rotation,
    without_a_provider_nothing_is_offered,
);
