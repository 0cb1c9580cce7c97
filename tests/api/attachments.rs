//! Evidence files: stored once by content, downloaded only within the scope, typed by content;
//! every refusal leaves nothing behind.

use reqwest::multipart::Form;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    day, fresh_database, id, problem, quarter, test_config, upload, TestApp, EXE, PDF, PNG,
};

async fn evidence_is_stored_once_and_downloaded_within_scope(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let c1 = id(&app.agency(&admin, "P1-C1", "commune", &p1).await);
    let ward = app
        .user_token(&admin, "c1.reporter", &c1, &["reporter"])
        .await;
    let province = app
        .user_token(&admin, "p1.planner", &p1, &["planner"])
        .await;
    let other = app
        .user_token(&admin, "p2.planner", &p2, &["planner"])
        .await;

    let res = upload(&app, &ward, "Biên bản nghiệm thu.pdf", PDF).await;
    assert_eq!(res.status().as_u16(), 201);
    let first: Value = res.json().await.unwrap();
    let sha = hex::encode(Sha256::digest(PDF));
    assert_eq!(first["sha256"], sha);
    assert_eq!(first["size"], PDF.len());
    assert_eq!(first["media_type"], "application/pdf");
    assert_eq!(first["filename"], "Biên bản nghiệm thu.pdf");
    assert_eq!(first["agency_id"], c1);
    // The same file again: a second attachment, one stored content.
    let second: Value = upload(&app, &ward, "ban-sao.pdf", PDF)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(second["id"], first["id"]);
    assert_eq!(second["sha256"], sha);
    assert_eq!(app.count("attachments"), 2);
    assert_eq!(app.count("attachment_blobs"), 1);

    let file = id(&first);
    for (who, token) in [
        ("the ward", &ward),
        ("the province above", &province),
        ("the centre", &admin),
    ] {
        let res = app.get(&format!("/attachments/{file}"), token).await;
        assert_eq!(res.status().as_u16(), 200, "{who}");
        let headers = res.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert!(
            disposition.contains("UTF-8''Bi%C3%AAn%20b%E1%BA%A3n"),
            "{disposition}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let digest = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            Sha256::digest(PDF),
        );
        assert_eq!(
            headers["repr-digest"],
            format!("sha-256=:{digest}:").as_str()
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    }
    // Outside the scope, and unknown: the same 404.
    problem(app.get(&format!("/attachments/{file}"), &other).await, 404).await;
    problem(
        app.get(&format!("/attachments/{}", uuid::Uuid::new_v4()), &admin)
            .await,
        404,
    )
    .await;
    problem(app.get("/attachments/not-a-uuid", &admin).await, 404).await;
    // Evidence of a progress report: the ward's own files only; a refused report leaves nothing.
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "NQ-57", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let res = app
        .post(
            "/tasks",
            &admin,
            &json!({"resolution_id": resolution, "code": "NQ-57.1", "title": "Số hóa hồ sơ",
                    "lead_agency_id": c1, "start_date": day(-30), "due_date": day(30)}),
        )
        .await;
    let task = id(&res.json().await.unwrap());
    let provinces_file = id(&upload(&app, &province, "cong-van.pdf", PDF)
        .await
        .json()
        .await
        .unwrap());
    let reports_before = app.count("progress_reports");
    let body = problem(
        app.post(
            &format!("/tasks/{task}/reports"),
            &ward,
            &json!({"period": quarter(0), "progress": 40, "attachment_ids": [file, provinces_file]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "attachment_ids[1]");
    assert_eq!(body["errors"][0]["code"], "not_found");
    assert_eq!(app.count("progress_reports"), reports_before);
    assert_eq!(app.count("evidence_links"), 0);
    let res = app
        .post(
            &format!("/tasks/{task}/reports"),
            &ward,
            &json!({"period": quarter(0), "progress": 40, "attachment_ids": [file, id(&second)]}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["attachments"][0]["id"], file);
    assert_eq!(report["attachments"][1]["id"], second["id"]);
    let listed: Value = app
        .get(&format!("/tasks/{task}/reports"), &province)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["attachments"][0]["sha256"], sha);
    // Evidence of a figure.
    let res = app
        .post(
            "/indicators",
            &admin,
            &json!({"code": "HS_SO", "name": "Tỷ lệ hồ sơ số hóa", "group": "output", "unit": "%",
                    "value_type": "percent", "direction": "increase", "aggregation": "average",
                    "frequency": "quarterly", "owner_agency_id": root, "reporting_agency_ids": [c1]}),
        )
        .await;
    let ind = id(&res.json().await.unwrap());
    let res = app
        .post(
            &format!("/indicators/{ind}/values"),
            &ward,
            &json!({"agency_id": c1, "period": quarter(0), "value": 42, "attachment_ids": [file]}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let figure: Value = res.json().await.unwrap();
    assert_eq!(
        figure["attachments"][0]["filename"],
        "Biên bản nghiệm thu.pdf"
    );
    // Audited.
    let audit: Value = app
        .get(
            &format!("/audit?entity_type=attachment&entity_id={file}"),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "upload");
}

async fn bad_files_are_refused_and_nothing_is_stored(app: TestApp) {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    let viewer = app.user_token(&admin, "p1.viewer", &p1, &["viewer"]).await;
    for (name, content, code) in [
        ("bao-cao.pdf", EXE, "format"),
        ("setup.exe", EXE, "format"),
        ("anh-chup.pdf", PNG, "format"),
        (
            "trang.html",
            b"<html><script>alert(1)</script></html>".as_slice(),
            "format",
        ),
        ("rong.pdf", b"".as_slice(), "required"),
    ] {
        let body = problem(upload(&app, &reporter, name, content).await, 422).await;
        assert_eq!(body["errors"][0]["field"], "file", "{name}: {body}");
        assert_eq!(body["errors"][0]["code"], code, "{name}: {body}");
    }
    // A form without the file field.
    let form = Form::new().text("note", "không có tệp");
    let res = app
        .client
        .post(app.url("/attachments"))
        .bearer_auth(&reporter)
        .multipart(form)
        .send()
        .await
        .unwrap();
    problem(res, 422).await;
    // Viewers read; they do not attach.
    problem(upload(&app, &viewer, "bien-ban.pdf", PDF).await, 403).await;
    assert_eq!(app.count("attachments"), 0);
    assert_eq!(app.count("attachment_blobs"), 0);

    // Over the configured limit.
    let mut config = test_config(fresh_database(app.backend));
    config.attachment_max_bytes = 64;
    let small = TestApp::spawn_with(app.backend, config).await;
    let admin = small.admin_token().await;
    let body = problem(upload(&small, &admin, "bien-ban.pdf", PDF).await, 422).await;
    assert_eq!(body["errors"][0]["code"], "length");
    assert!(PDF.len() > 64);
    assert_eq!(small.count("attachments"), 0);
    assert_eq!(small.count("attachment_blobs"), 0);
    assert_eq!(
        upload(&small, &admin, "anh.png", PNG)
            .await
            .status()
            .as_u16(),
        201
    );
}

crate::on_both_backends!(
    evidence_is_stored_once_and_downloaded_within_scope,
    bad_files_are_refused_and_nothing_is_stored,
);
