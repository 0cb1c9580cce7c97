//! Search ignores case and diacritics on every list that takes `q=`, on both backends: an officer
//! types "so hoa" on a phone without a Vietnamese keyboard and finds "Số hóa".

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{etag, id, TestApp};

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post(path, token, &body).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{path}: {:?}",
        res.text().await
    );
    res.json().await.unwrap()
}

async fn codes(app: &TestApp, token: &str, path: &str, q: &str, field: &str) -> Vec<String> {
    let url = format!(
        "{path}?q={}&limit=100",
        form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    );
    let page: Value = app.get(&url, token).await.json().await.unwrap();
    let mut out: Vec<String> = page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{url}: {page}"))
        .iter()
        .map(|i| i[field].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

async fn finds_without_diacritics_or_case(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let dn = created(
        &app,
        &admin,
        "/agencies",
        json!({"code": "DN", "name": "Thành phố Đà Nẵng", "kind": "province", "parent_id": root}),
    )
    .await;
    created(
        &app,
        &admin,
        "/agencies",
        json!({"code": "DAKLAK", "name": "Tỉnh Đắk Lắk", "kind": "province", "parent_id": root}),
    )
    .await;
    created(
        &app,
        &admin,
        "/users",
        json!({"username": "duc.nv", "display_name": "Nguyễn Văn Đức", "agency_id": id(&dn),
               "roles": ["planner"], "password": crate::helpers::USER_PASSWORD}),
    )
    .await;
    let planner = app.token("duc.nv", crate::helpers::USER_PASSWORD).await;
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "57-NQ/TW", "title": "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
                    "issued_on": "2024-12-22", "owner_agency_id": id(&dn)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = etag(&res);
    let resolution = id(&res.json().await.unwrap());
    let res = app
        .patch(
            &format!("/resolutions/{resolution}"),
            &admin,
            Some(&tag),
            &json!({"status": "active"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (code, title) in [
        ("SH.1", "Số hóa hồ sơ thủ tục hành chính"),
        ("SH.2", "Xây dựng cơ sở dữ liệu đất đai"),
        ("SH.3", "Hoàn thành 100% dịch vụ công trực tuyến"),
    ] {
        created(
            &app,
            &planner,
            "/tasks",
            json!({"resolution_id": resolution, "code": code, "title": title, "lead_agency_id": id(&dn),
                   "start_date": "2026-01-01", "due_date": "2026-12-31"}),
        )
        .await;
    }
    created(
        &app,
        &planner,
        "/indicators",
        json!({"code": "TY_LE_SO_HOA", "name": "Tỷ lệ hồ sơ được số hóa", "group": "output", "unit": "%",
               "value_type": "percent", "direction": "increase", "aggregation": "average",
               "frequency": "quarterly", "owner_agency_id": id(&dn), "reporting_agency_kind": "province",
               "definition": "Định nghĩa", "data_source": "Nguồn", "method": "Cách tính", "verification": "Kiểm chứng"}),
    )
    .await;

    let tasks = |q: &'static str| codes(&app, &admin, "/tasks", q, "code");
    // Without marks, with marks, upper case, mixed: the same task.
    for q in ["so hoa", "Số hóa", "SỐ HÓA", "so HÓA", "  so hoa  "] {
        assert_eq!(tasks(q).await, ["SH.1"], "{q:?}");
    }
    // Typed in decomposed form (o + circumflex + acute), as some keyboards send it.
    assert_eq!(tasks("S\u{6f}\u{302}\u{301} hoa").await, ["SH.1"]);
    // "đ" is not "d" with a mark in Unicode; it still folds to d.
    assert_eq!(tasks("dat dai").await, ["SH.2"]);
    // The code matches too, and LIKE's wildcards are literal: "%" finds the task that has one.
    assert_eq!(tasks("sh.").await, ["SH.1", "SH.2", "SH.3"]);
    assert_eq!(tasks("100%").await, ["SH.3"]);
    assert_eq!(tasks("0%").await, ["SH.3"]);
    assert!(tasks("_").await.is_empty());
    assert!(tasks("so hoa dat").await.is_empty());

    assert_eq!(
        codes(&app, &admin, "/agencies", "da nang", "code").await,
        ["DN"]
    );
    assert_eq!(
        codes(&app, &admin, "/agencies", "DAK LAK", "code").await,
        ["DAKLAK"]
    );
    assert_eq!(
        codes(&app, &admin, "/users", "nguyen van duc", "username").await,
        ["duc.nv"]
    );
    assert_eq!(
        codes(&app, &admin, "/indicators", "ho so duoc so hoa", "code").await,
        ["TY_LE_SO_HOA"]
    );
    assert_eq!(
        codes(&app, &admin, "/resolutions", "chuyen doi so", "code").await,
        ["57-NQ/TW"]
    );
}

crate::on_both_backends!(finds_without_diacritics_or_case);
