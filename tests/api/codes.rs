//! Official codes of administrative units, and indicator codes in the shapes real systems use
//! (`0101`, `CT-57-01`) with formulas that name them in braces; older bare formulas are rewritten
//! to braces once without changing what they compute.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{error_fields, id, problem, TestApp};

async fn official_codes_are_unique_checked_and_importable(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let res = app
        .post(
            "/agencies",
            &admin,
            &json!({"code": "HN", "official_code": "01", "name": "Thành phố Hà Nội", "kind": "province", "parent_id": root}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let hn: Value = res.json().await.unwrap();
    assert_eq!(hn["official_code"], "01");
    let before = app.count("agencies");
    let p = problem(
        app.post(
            "/agencies",
            &admin,
            &json!({"code": "HN2", "official_code": "01", "name": "Trùng mã", "kind": "province", "parent_id": root}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "duplicate_code");
    assert_eq!(error_fields(&p), vec!["official_code"]);
    for bad in ["0-1", "", "01234567890123456"] {
        let p = problem(
            app.post(
                "/agencies",
                &admin,
                &json!({"code": "HN3", "official_code": bad, "name": "Sai mã", "kind": "province", "parent_id": root}),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(error_fields(&p), vec!["official_code"], "{bad:?}");
    }
    assert_eq!(
        app.count("agencies"),
        before,
        "refused agencies leave nothing"
    );
    let found: Value = app
        .get("/agencies?official_code=01", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["code"], "HN");
    // An agency's own administrator does not change its identity, the official code included.
    let own = app
        .user_token(&admin, "hn.admin", &id(&hn), &["agency_admin"])
        .await;
    let tag = crate::helpers::etag(&app.get(&format!("/agencies/{}", id(&hn)), &own).await);
    let res = app
        .patch(
            &format!("/agencies/{}", id(&hn)),
            &own,
            Some(&tag),
            &json!({"official_code": "99"}),
        )
        .await;
    problem(res, 403).await;
    // The import sets and keeps official codes (a commune's five digits).
    let csv =
        "code,name,kind,parent_code,official_code\nHN-BADINH,Phường Ba Đình,commune,HN,00004\n";
    let res = app
        .client
        .post(app.url("/imports/agencies"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let ward: Value = app
        .get("/agencies?official_code=00004", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ward["items"][0]["code"], "HN-BADINH");
    let export = app
        .client
        .get(app.url("/exports/agencies?format=csv"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        export
            .lines()
            .next()
            .unwrap()
            .ends_with("official_code,established_on,sector_ministry_code"),
        "{export}"
    );
    assert!(
        export.contains(&format!(
            "HN-BADINH,Phường Ba Đình,commune,HN,00004,{}",
            crate::helpers::day(0)
        )),
        "{export}"
    );
}

fn indicator(owner: &str, code: &str, group: &str, formula: Option<&str>) -> Value {
    json!({"code": code, "name": format!("Chỉ tiêu {code}"), "group": group, "unit": "%",
        "value_type": "number", "direction": "increase", "aggregation": "average", "frequency": "quarterly",
        "owner_agency_id": owner, "definition": "Định nghĩa", "data_source": "Nguồn",
        "method": "Cách tính", "verification": "Kiểm chứng", "formula": formula})
}

async fn indicator_codes_take_real_shapes(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    for code in ["0101", "CT-57-01", "57-NQ/TW.1"] {
        let res = app
            .post(
                "/indicators",
                &admin,
                &indicator(&root, code, "output", None),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{code}: {:?}",
            res.text().await
        );
    }
    let p = problem(
        app.post(
            "/indicators",
            &admin,
            &indicator(&root, "CT 57", "output", None),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), vec!["code"]);
    // Formulas name such codes in braces; an unknown or unclosed one is refused with its place.
    let res = app
        .post(
            "/indicators",
            &admin,
            &indicator(
                &root,
                "IDX-57",
                "composite",
                Some("0.5*{CT-57-01} + 0.5*{0101}"),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let idx: Value = res.json().await.unwrap();
    assert_eq!(idx["formula"], "0.5*{CT-57-01} + 0.5*{0101}");
    for (bad, fragment) in [("{CT-99} + 1", "CT-99"), ("{CT-57-01", "not closed")] {
        let p = problem(
            app.post(
                "/indicators",
                &admin,
                &indicator(&root, "IDX-X", "composite", Some(bad)),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(error_fields(&p), vec!["formula"], "{bad}");
        assert!(p.to_string().contains(fragment), "{p}");
    }
    // The older bare form still reads the same; the migration's rewrite braces it.
    let res = app
        .post(
            "/indicators",
            &admin,
            &indicator(&root, "A1", "output", None),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            "/indicators",
            &admin,
            &indicator(&root, "OLD_IDX", "composite", Some("2 * A1 - 1")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let old: Value = res.json().await.unwrap();
    let changed = {
        let mut conn = app.db.get().unwrap();
        restrack::indicators::brace_stored_formulas(&mut conn).unwrap()
    };
    assert_eq!(changed, 1, "only the bare formula changes");
    let after: Value = app
        .get(&format!("/indicators/{}", id(&old)), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["formula"], "2 * {A1} - 1");
    let idx_after: Value = app
        .get(&format!("/indicators/{}", id(&idx)), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(idx_after["formula"], "0.5*{CT-57-01} + 0.5*{0101}");
}

crate::on_both_backends!(
    official_codes_are_unique_checked_and_importable,
    indicator_codes_take_real_shapes,
);
