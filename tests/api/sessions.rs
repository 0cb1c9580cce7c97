//! Sessions a user and an administrator control: a user lists the sessions open in its name and
//! ends any of them; whoever manages a login ends all of its sessions; each end stops the tokens at
//! once, is audited, and leaves every other session as it was.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{id, problem, TestApp, USER_PASSWORD};

async fn login_as(app: &TestApp, username: &str, agent: &str) -> Value {
    let res = app
        .client
        .post(app.url("/auth/login"))
        .header("User-Agent", agent)
        .json(&json!({"username": username, "password": USER_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn access(pair: &Value) -> String {
    pair["access_token"].as_str().unwrap().to_string()
}

async fn status(app: &TestApp, method: Method, path: &str, token: &str) -> u16 {
    app.request(method, path, Some(token), None)
        .await
        .status()
        .as_u16()
}

async fn refresh_status(app: &TestApp, pair: &Value) -> u16 {
    app.request(
        Method::POST,
        "/auth/refresh",
        None,
        Some(&json!({"refresh_token": pair["refresh_token"]})),
    )
    .await
    .status()
    .as_u16()
}

async fn sessions(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let res = app.get(path, token).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use restrack::db::schema::audit_log;
    let mut conn = app.db.get().unwrap();
    audit_log::table
        .filter(audit_log::entity_type.eq("session"))
        .order(audit_log::at)
        .select(audit_log::action)
        .load::<String>(&mut conn)
        .unwrap()
        .into_iter()
        .filter(|a| a.ends_with("_ended"))
        .collect()
}

async fn users_end_their_own_sessions(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    app.user(&admin, "lan", &p1, &["planner"]).await;
    app.user(&admin, "minh", &p1, &["planner"]).await;
    let office = login_as(&app, "lan", "Firefox/133.0 (office)").await;
    let phone = login_as(&app, "lan", "Chrome/131.0 (phone)").await;
    let other = login_as(&app, "minh", "Edge").await;

    let list = sessions(&app, &access(&office), "/me/sessions").await;
    assert_eq!(list.len(), 2);
    // Newest first; the one asking is marked.
    assert_eq!(list[0]["user_agent"], "Chrome/131.0 (phone)");
    assert_eq!(list[0]["current"], false);
    assert_eq!(list[1]["user_agent"], "Firefox/133.0 (office)");
    assert_eq!(list[1]["current"], true);
    for s in &list {
        let created: chrono::DateTime<chrono::Utc> =
            s["created_at"].as_str().unwrap().parse().unwrap();
        let ends: chrono::DateTime<chrono::Utc> = s["ends_at"].as_str().unwrap().parse().unwrap();
        // The absolute lifetime: 12 hours after the login by default.
        assert_eq!((ends - created).num_hours(), 12);
        assert_eq!(s["client_address"], "127.0.0.1");
        assert!(s["last_active_at"].as_str().unwrap() >= s["created_at"].as_str().unwrap());
    }
    let phone_id = list[0]["id"].as_str().unwrap().to_string();

    // Another user's session, or one that does not exist, is not found and stays open.
    let minh_sessions = sessions(&app, &access(&other), "/me/sessions").await;
    let minh_id = minh_sessions[0]["id"].as_str().unwrap();
    for sid in [
        minh_id,
        "00000000-0000-4000-8000-000000000000",
        "not-a-uuid",
    ] {
        problem(
            app.delete(&format!("/me/sessions/{sid}"), &access(&office), None)
                .await,
            404,
        )
        .await;
    }
    assert_eq!(status(&app, Method::GET, "/me", &access(&other)).await, 200);
    assert!(audit_actions(&app).iter().all(|a| a != "session_ended"));

    // Ending the phone's session: its access and refresh tokens stop at once; the office's works.
    let res = app
        .delete(&format!("/me/sessions/{phone_id}"), &access(&office), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(status(&app, Method::GET, "/me", &access(&phone)).await, 401);
    assert_eq!(refresh_status(&app, &phone).await, 401);
    assert_eq!(
        status(&app, Method::GET, "/me", &access(&office)).await,
        200
    );
    let list = sessions(&app, &access(&office), "/me/sessions").await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["current"], true);
    // Ended twice: it is no longer open.
    problem(
        app.delete(&format!("/me/sessions/{phone_id}"), &access(&office), None)
            .await,
        404,
    )
    .await;
    // Ending the current session is a logout.
    let current = list[0]["id"].as_str().unwrap();
    let res = app
        .delete(&format!("/me/sessions/{current}"), &access(&office), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status(&app, Method::GET, "/me", &access(&office)).await,
        401
    );
    assert_eq!(status(&app, Method::GET, "/me", &access(&other)).await, 200);
    assert_eq!(audit_actions(&app), ["session_ended", "session_ended"]);
}

async fn administrators_end_all_sessions_of_a_login(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let lan = id(&app.user(&admin, "lan", &p1, &["reporter"]).await);
    app.user(&admin, "qt.p1", &p1, &["agency_admin"]).await;
    app.user(&admin, "qt.p2", &p2, &["agency_admin"]).await;
    app.user(&admin, "nv.p1", &p1, &["planner"]).await;
    let a = login_as(&app, "lan", "A").await;
    let b = login_as(&app, "lan", "B").await;
    let p1_admin = access(&login_as(&app, "qt.p1", "X").await);
    let p2_admin = access(&login_as(&app, "qt.p2", "X").await);
    let planner = access(&login_as(&app, "nv.p1", "X").await);

    let user: Value = app
        .get(&format!("/users/{lan}"), &p1_admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["actions"]["end_sessions"], true);
    let path = format!("/users/{lan}/sessions");
    // Not one's to manage: a planner is refused, another province's admin does not see the login.
    for (token, code) in [(&planner, 403), (&p2_admin, 404)] {
        assert_eq!(status(&app, Method::GET, &path, token).await, code);
        assert_eq!(status(&app, Method::DELETE, &path, token).await, code);
    }
    assert_eq!(status(&app, Method::GET, "/me", &access(&a)).await, 200);
    // One's own login: at /me/sessions, not here.
    let me: Value = app.get("/me", &p1_admin).await.json().await.unwrap();
    let own = format!("/users/{}/sessions", me["id"].as_str().unwrap());
    assert_eq!(status(&app, Method::DELETE, &own, &p1_admin).await, 403);

    let list = sessions(&app, &p1_admin, &path).await;
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|s| s["current"] == false));
    let res = app.delete(&path, &p1_admin, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"ended": 2}));
    for pair in [&a, &b] {
        assert_eq!(status(&app, Method::GET, "/me", &access(pair)).await, 401);
        assert_eq!(refresh_status(&app, pair).await, 401);
    }
    assert!(sessions(&app, &p1_admin, &path).await.is_empty());
    // The administrator's own session and everybody else's are untouched.
    assert_eq!(status(&app, Method::GET, "/me", &p1_admin).await, 200);
    assert_eq!(status(&app, Method::GET, "/me", &planner).await, 200);
    // The account stays active: the user logs in again.
    let again = login_as(&app, "lan", "A").await;
    assert_eq!(status(&app, Method::GET, "/me", &access(&again)).await, 200);
    // Nothing left to end the second time.
    let res = app.delete(&path, &p1_admin, None).await;
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"ended": 1}));
    assert_eq!(audit_actions(&app), ["sessions_ended", "sessions_ended"]);
}

crate::on_both_backends!(
    users_end_their_own_sessions,
    administrators_end_all_sessions_of_a_login
);
