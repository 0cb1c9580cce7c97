//! The national map: `restrack seed map` records the 34 provinces and 3,321 commune-level units with
//! their official codes through the agency service, established on 1 July 2025, matching what the
//! database already holds (by official code, then by name under the same parent), and a second run
//! changes nothing.

use serde_json::{json, Value};

use crate::helpers::{id, TestApp};

async fn total(app: &TestApp, token: &str, query: &str) -> i64 {
    let page: Value = app
        .get(&format!("/agencies?{query}&limit=1"), token)
        .await
        .json()
        .await
        .unwrap();
    page["total"].as_i64().unwrap_or_else(|| panic!("{page}"))
}

async fn by_official_code(app: &TestApp, token: &str, code: &str) -> Value {
    let page: Value = app
        .get(&format!("/agencies?official_code={code}"), token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{code}: {page}");
    page["items"][0].clone()
}

async fn the_national_map_is_recorded_once(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    // Already there: Hà Nội and one of its wards by name without codes, Đà Nẵng with its code, and
    // an agency whose internal code is Hồ Chí Minh City's official code.
    let hanoi = id(&app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "HANOI", "name": "Thành phố Hà Nội", "kind": "province", "parent_id": root}),
        )
        .await
        .json()
        .await
        .unwrap());
    let ba_dinh = id(&app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "HN-BD", "name": "Phường Ba Đình", "kind": "commune", "parent_id": hanoi}),
        )
        .await
        .json()
        .await
        .unwrap());
    let da_nang = id(&app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "DN", "official_code": "48", "name": "Đà Nẵng", "kind": "province", "parent_id": root}),
        )
        .await
        .json()
        .await
        .unwrap());
    let clash = app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "79", "name": "Phòng 79", "kind": "other", "parent_id": root}),
        )
        .await;
    assert_eq!(clash.status().as_u16(), 201);

    let loaded = {
        let mut conn = app.db.get().expect("connection");
        restrack::agencies::national_map::seed(&mut conn, None)
            .expect("the map loads")
            .1
    };
    assert_eq!(loaded.created, 34 + 3321 - 3);
    assert_eq!(loaded.coded, 2);
    assert_eq!(loaded.present, 1);

    assert_eq!(total(&app, &admin, "kind=province").await, 34);
    assert_eq!(total(&app, &admin, "kind=commune").await, 3321);
    // No district level: every commune-level unit sits directly under its province.
    assert_eq!(
        total(&app, &admin, &format!("parent_id={hanoi}")).await,
        126
    );
    let hn = by_official_code(&app, &admin, "01").await;
    assert_eq!(hn["id"], hanoi);
    assert_eq!(hn["code"], "HANOI");
    assert_eq!(by_official_code(&app, &admin, "00004").await["id"], ba_dinh);
    let dn = by_official_code(&app, &admin, "48").await;
    assert_eq!(
        (dn["id"].as_str(), dn["name"].as_str()),
        (Some(da_nang.as_str()), Some("Đà Nẵng"))
    );
    let hcm = by_official_code(&app, &admin, "79").await;
    assert_eq!(hcm["code"], "DVHC-79");
    assert_eq!(hcm["name"], "Thành phố Hồ Chí Minh");
    assert_eq!(hcm["established_on"], "2025-07-01");
    let con_dao = by_official_code(&app, &admin, "26732").await;
    assert_eq!(con_dao["name"], "Đặc khu Côn Đảo");
    assert_eq!(con_dao["kind"], "commune");
    assert_eq!(con_dao["parent_id"], hcm["id"]);

    // History follows the day the units were established.
    let before: Value = app
        .get("/agencies?kind=commune&as_of=2025-06-30&limit=1", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["total"], 0, "{before}");
    let after: Value = app
        .get("/agencies?kind=commune&as_of=2025-07-01&limit=1", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["total"], 3320);
    // Audited like a unit entered by hand.
    let audit: Value = app
        .get(
            &format!(
                "/audit?entity_type=agency&entity_id={}",
                con_dao["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "create", "{audit}");

    // A second run finds everything recorded.
    let again = {
        let mut conn = app.db.get().expect("connection");
        restrack::agencies::national_map::seed(&mut conn, None)
            .expect("the map loads")
            .1
    };
    assert_eq!((again.created, again.coded, again.present), (0, 0, 3355));
    assert_eq!(total(&app, &admin, "kind=commune").await, 3321);
    app.assert_aggregates_consistent();
}

crate::on_both_backends!(the_national_map_is_recorded_once);
