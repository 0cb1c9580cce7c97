//! Reports a leader signs: any period, in Excel, Word and PDF, opened here with independent
//! readers (openpyxl, python-docx, pypdf and poppler's pdftotext) and held against the API's own
//! figures for the same scope and period; a past quarter as the dashboard stood on its last day;
//! agencies ranked among their peers; scheduled reports produced once per closed period and
//! announced to their recipients.

use chrono::Datelike;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::excel::{python, read_sheet};
use crate::helpers::{day, error_fields, id, problem, TestApp};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.get(path, token).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.json().await.unwrap()
}

async fn file(app: &TestApp, token: &str, path: &str, media_type: &str) -> Vec<u8> {
    let res = app.get(path, token).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with(media_type), "{path}: {ct}");
    let disposition = res
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_string());
    if !media_type.starts_with("text/html") {
        assert!(
            disposition.is_some_and(|d| d.starts_with("attachment; filename=\"")),
            "{path}"
        );
    }
    res.bytes().await.unwrap().to_vec()
}

async fn task(
    app: &TestApp,
    token: &str,
    resolution: &str,
    code: &str,
    lead: &str,
    start: i64,
    due: i64,
) -> String {
    let res = app
        .post(
            "/tasks",
            token,
            &json!({"resolution_id": resolution, "code": code, "title": format!("Nhiệm vụ {code}"),
                    "lead_agency_id": lead, "start_date": day(start), "due_date": day(due)}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    id(&res.json().await.unwrap())
}

async fn report(app: &TestApp, token: &str, task: &str, progress: f64, obstacles: &str) {
    let res = app
        .post(
            &format!("/tasks/{task}/reports"),
            token,
            &json!({"period": crate::helpers::quarter(0), "progress": progress,
                    "narrative": "Báo cáo định kỳ", "obstacles": obstacles,
                    "proposals": "Đề nghị bổ sung kinh phí"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
}

/// Ministries M1, M2 and provinces P1, P2 under the root; one resolution with four tasks: P1's
/// overdue, P2's open within its deadline, M1's completed on time, M2's due long before.
struct World {
    admin: String,
    root: String,
    m2: String,
    p1: String,
    resolution: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let m1 = id(&app.agency(&admin, "M1", "ministry", &root).await);
    let m2 = id(&app.agency(&admin, "M2", "ministry", &root).await);
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let p2 = id(&app.agency(&admin, "P2", "province", &root).await);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let late = task(app, &admin, &resolution, "57.1", &p1, -100, -10).await;
    task(app, &admin, &resolution, "57.2", &p2, -30, 20).await;
    let done = task(app, &admin, &resolution, "57.3", &m1, -30, 10).await;
    task(app, &admin, &resolution, "57.4", &m2, -300, -200).await;
    let p1_reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    report(app, &p1_reporter, &late, 20.0, "Thiếu vốn đối ứng").await;
    let m1_reporter = app
        .user_token(&admin, "m1.reporter", &m1, &["reporter"])
        .await;
    let res = app
        .post(
            &format!("/tasks/{done}/completion"),
            &m1_reporter,
            &json!({"summary": "Đã xong"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let res = app
        .post(
            &format!("/tasks/{done}/completion/accept"),
            &admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    World {
        admin,
        root,
        m2,
        p1,
        resolution,
    }
}

fn vn(date: &str) -> String {
    let d: chrono::NaiveDate = date.parse().unwrap();
    d.format("%d/%m/%Y").to_string()
}

/// The first row of a sheet whose first cell is `label`.
fn row<'a>(sheet: &'a Value, label: &str) -> &'a Vec<Value> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap())
        .find(|r| r.first().is_some_and(|c| c["value"] == label))
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn number(cell: &Value) -> f64 {
    assert_eq!(cell["type"], "number", "{cell}");
    cell["value"].as_f64().unwrap()
}

fn run_reader(python: &str, script: &str, bytes: &[u8], ext: &str) -> Value {
    let path = std::env::temp_dir().join(format!("restrack-report-{}.{ext}", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).unwrap();
    let script = format!("{}/tests/readers/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The PDF's text as poppler reads it, words joined by single spaces.
fn pdftotext(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("restrack-report-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn every_format_says_what_the_api_says(app: TestApp) {
    let Some(python) = python() else {
        return;
    };
    let w = world(&app).await;
    // P1 reports one KPI: this quarter's figure approved, last quarter's never sent.
    let res = app
        .post("/indicators", &w.admin, &json!({"code": "CT-1", "name": "Tỷ lệ hồ sơ trực tuyến", "group": "outcome", "unit": "%", "value_type": "number", "direction": "increase", "aggregation": "average", "frequency": "quarterly", "owner_agency_id": w.p1, "target_value": 100, "target_period": "2030-Q4"}))
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    let kpi = id(&res.json().await.unwrap());
    let res = app
        .put(&format!("/indicators/{kpi}/targets"), &w.admin, &json!({"interim": [{"period": crate::helpers::quarter(0), "agency_id": w.p1, "value": 50}]}))
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let p1_reporter = app
        .token("p1.reporter", crate::helpers::USER_PASSWORD)
        .await;
    let figure: Value = app
        .post(&format!("/indicators/{kpi}/values"), &p1_reporter, &json!({"agency_id": w.p1, "period": crate::helpers::quarter(0), "value": 30, "submit": true}))
        .await
        .json()
        .await
        .unwrap();
    let approver = app
        .user_token(&w.admin, "p1.approver", &w.p1, &["approver"])
        .await;
    let res = app
        .post(
            &format!("/values/{}/approve", id(&figure)),
            &approver,
            &json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{:?}", res.text().await);
    let (from, to) = (day(-60), day(30));
    let span = format!("from={from}&to={to}");
    let summary = get(&app, &w.admin, &format!("/dashboard/summary?{span}")).await;
    let e = &summary["evaluation"];
    assert_eq!(
        (
            e["completed_on_time"].clone(),
            e["completed_late"].clone(),
            e["not_completed_within_deadline"].clone(),
            e["not_completed_overdue"].clone()
        ),
        (json!(1), json!(0), json!(1), json!(1)),
        "{summary}"
    );
    let cards = get(&app, &w.admin, &format!("/dashboard/agencies?{span}")).await;
    let cards = cards.as_array().unwrap();
    // Ranked among peers: ministries 1, 2 and provinces 1, 2, each group in rank order. P1 is ahead
    // of P2 on progress (20 % against 0 %) but did not report the figure it owed for the last
    // quarter: insufficient data, so after its peer.
    let ranks: Vec<(String, String, i64)> = cards
        .iter()
        .map(|c| {
            (
                c["peer_group"].as_str().unwrap().into(),
                c["code"].as_str().unwrap().into(),
                c["rank"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranks,
        vec![
            ("ministry".into(), "M1".into(), 1),
            ("ministry".into(), "M2".into(), 2),
            ("province".into(), "P2".into(), 1),
            ("province".into(), "P1".into(), 2),
        ]
    );
    let quality: Vec<&str> = cards
        .iter()
        .map(|c| c["data_quality"].as_str().unwrap())
        .collect();
    assert_eq!(
        quality,
        [
            "not_expected",
            "not_expected",
            "not_expected",
            "insufficient"
        ]
    );
    assert!(
        cards[3]["weighted_progress"].as_f64().unwrap()
            > cards[2]["weighted_progress"].as_f64().unwrap()
    );

    // Excel: one sheet per table, numbers as numbers, the API's figures.
    let path = format!("/reports/periodic?{span}&format=xlsx");
    let named = app.get(&path, &w.admin).await;
    let disposition = named.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"bao-cao-root-{}-{}.xlsx\"",
            from.replace('-', ""),
            to.replace('-', "")
        )
    );
    let xlsx = file(
        &app,
        &w.admin,
        &path,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await;
    let first = read_sheet(&python, &xlsx, 0);
    assert_eq!(
        first["sheets"],
        json!([
            "Tổng hợp",
            "Theo đơn vị",
            "Theo nghị quyết",
            "Chỉ tiêu",
            "Chậm tiến độ",
            "Khó khăn, kiến nghị",
            "Chỉ đạo chưa kết thúc"
        ])
    );
    assert_eq!(first["freeze"], "A4", "the header row stays in view");
    assert_eq!(number(&row(&first, "Nhiệm vụ đến hạn trong kỳ")[1]), 3.0);
    for (label, key) in [
        ("Hoàn thành đúng hạn", "completed_on_time"),
        ("Hoàn thành quá hạn", "completed_late"),
        (
            "Chưa hoàn thành, còn trong hạn",
            "not_completed_within_deadline",
        ),
        ("Chưa hoàn thành, quá hạn", "not_completed_overdue"),
    ] {
        assert_eq!(
            number(&row(&first, label)[1]),
            e[key].as_f64().unwrap(),
            "{label}"
        );
    }
    assert_eq!(
        number(&row(&first, "Tiến độ bình quân (%)")[1]),
        summary["weighted_progress"].as_f64().unwrap()
    );
    let agencies = read_sheet(&python, &xlsx, 1);
    for c in cards {
        let r = agencies["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap())
            .find(|r| r.get(2).is_some_and(|x| x["value"] == c["name"]))
            .unwrap_or_else(|| panic!("no row for {}", c["name"]));
        assert_eq!(number(&r[1]), c["rank"].as_f64().unwrap());
        assert_eq!(
            number(&r[4]),
            c["evaluation"]["completed_on_time"].as_f64().unwrap()
        );
        assert_eq!(
            number(&r[7]),
            c["evaluation"]["not_completed_overdue"].as_f64().unwrap()
        );
        assert_eq!(number(&r[8]), c["weighted_progress"].as_f64().unwrap());
        let mark = if c["code"] == "P1" {
            "Chưa đủ"
        } else {
            "Không áp dụng"
        };
        assert_eq!(r[11]["value"], mark);
    }
    let method = agencies["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .any(|c| {
            c["value"]
                .as_str()
                .is_some_and(|s| s.starts_with("Xếp hạng trong từng nhóm"))
        });
    assert!(method, "the ranking's method under its table");
    // The KPI against its interim target (30 of 50) and its final one (30 of 100).
    let kpis = read_sheet(&python, &xlsx, 3);
    let line = row(&kpis, "CT-1");
    assert_eq!(line[1]["value"], "Tỷ lệ hồ sơ trực tuyến");
    assert_eq!(
        [5, 6, 7, 8, 10].map(|i| number(&line[i])),
        [30.0, 50.0, 60.0, 100.0, 30.0]
    );
    let lagging = read_sheet(&python, &xlsx, 4);
    let late = row(&lagging, "57.1");
    assert_eq!(late[3]["type"], "date", "a real date");
    assert_eq!(late[3]["format"], "dd/mm/yyyy");
    assert_eq!(late[7]["value"], "Thiếu vốn đối ứng");
    let charts = zip::ZipArchive::new(std::io::Cursor::new(&xlsx))
        .unwrap()
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(charts, 1, "a chart of the four classes per agency");

    // Word: the Decree 30 layout, in Times New Roman, saying the same numbers.
    let docx = file(
        &app,
        &w.admin,
        &format!("/reports/periodic?{span}&format=docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    .await;
    let doc = run_reader(&python, "docx_dump.py", &docx, "docx");
    let texts: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Số:",
        "Nơi nhận:",
        "THỦ TRƯỞNG CƠ QUAN",
        "có 3 nhiệm vụ đến hạn",
        "1 nhiệm vụ hoàn thành đúng hạn",
        "1 nhiệm vụ chưa hoàn thành và đã quá hạn",
        "Thiếu vốn đối ứng.",
    ] {
        assert!(has(needle), "{needle} in {texts:?}");
    }
    let subject = format!("từ ngày {} đến ngày {}", vn(&from), vn(&to));
    assert!(has(&subject), "the period in words: {subject}");
    let today = chrono::Utc::now().date_naive();
    assert!(
        has(&format!(
            "ngày {:02} tháng {:02} năm {}",
            today.day(),
            today.month(),
            today.year()
        )),
        "place and date"
    );
    for p in doc["paragraphs"].as_array().unwrap() {
        assert_eq!(p["fonts"], json!(["Times New Roman"]), "{p}");
    }
    let body = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["text"]
                .as_str()
                .unwrap()
                .contains("có 3 nhiệm vụ đến hạn")
        })
        .unwrap();
    assert!(body["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| (13.0..=14.0).contains(&s.as_f64().unwrap())));
    let first_section = &doc["sections"][0];
    assert_eq!(
        (
            first_section["width"].clone(),
            first_section["height"].clone(),
            first_section["left"].clone()
        ),
        (json!(210.0), json!(297.0), json!(30.0)),
        "A4, 30 mm left"
    );
    assert!(
        doc["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["landscape"] == true),
        "wide appendices in landscape"
    );
    let cells: Vec<String> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t.as_array().unwrap())
        .flat_map(|r| r.as_array().unwrap())
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert!(cells.iter().any(|c| c == "Cơ quan P1"), "the agency table");
    assert!(
        cells.iter().any(|c| c == &vn(&day(-10))),
        "dates dd/mm/yyyy in the tables"
    );

    // PDF: the same document, its fonts embedded, its text readable.
    let pdf = file(
        &app,
        &w.admin,
        &format!("/reports/periodic?{span}&format=pdf"),
        "application/pdf",
    )
    .await;
    assert!(pdf.starts_with(b"%PDF-"));
    let info = run_reader(&python, "pdf_dump.py", &pdf, "pdf");
    assert!(info["pages"].as_i64().unwrap() >= 3, "{info}");
    let fonts = info["fonts"].as_object().unwrap();
    assert!(
        !fonts.is_empty() && fonts.values().all(|e| e == true),
        "every font embedded: {info}"
    );
    assert!(fonts.keys().any(|f| f.contains("LiberationSerif")));
    let text = pdftotext(&pdf);
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "có 3 nhiệm vụ đến hạn",
        "Thiếu vốn đối ứng",
        "Cơ quan P1",
        "Nơi nhận:",
        &subject,
    ] {
        assert!(text.contains(needle), "{needle} in the PDF text");
    }

    // CSV: every cell of every table, in Vietnamese.
    let csv = file(
        &app,
        &w.admin,
        &format!("/reports/periodic?{span}&format=csv"),
        "text/csv",
    )
    .await;
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Bảng", "Dòng", "Cột", "Giá trị"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records
        .iter()
        .any(|r| &r[2] == "Hạn" && r[3] == vn(&day(-10))));
    // HTML: printable, escaped, the same heading.
    let html = String::from_utf8(
        file(
            &app,
            &w.admin,
            &format!("/reports/periodic?{span}"),
            "text/html",
        )
        .await,
    )
    .unwrap();
    assert!(
        html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && html.contains("Thiếu vốn đối ứng")
    );

    // One resolution's report carries only its tasks; a province's only its own.
    let p1_report = file(
        &app,
        &w.admin,
        &format!(
            "/reports/periodic?{span}&agency_id={}&resolution_id={}&format=xlsx",
            w.p1, w.resolution
        ),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await;
    let p1_first = read_sheet(&python, &p1_report, 0);
    assert_eq!(number(&row(&p1_first, "Nhiệm vụ đến hạn trong kỳ")[1]), 1.0);
    assert_eq!(number(&row(&p1_first, "Chưa hoàn thành, quá hạn")[1]), 1.0);
}

async fn bad_periods_and_scopes_are_refused(app: TestApp) {
    let w = world(&app).await;
    let p = problem(
        app.get(
            "/reports/periodic?from=2026-09-30&to=2026-07-01&format=pdf",
            &w.admin,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["to"]);
    let p = problem(app.get("/reports/periodic?format=doc", &w.admin).await, 400).await;
    assert!(p["detail"].as_str().unwrap().contains("format"), "{p}");
    let p = problem(
        app.get("/reports/periodic?from=2026-13-01", &w.admin).await,
        400,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("from"), "{p}");
    // A province's reporter cannot report on the country, nor on another province.
    let p1_viewer = app
        .user_token(&w.admin, "p1.viewer", &w.p1, &["viewer"])
        .await;
    problem(
        app.get(
            &format!("/reports/periodic?agency_id={}&format=docx", w.root),
            &p1_viewer,
        )
        .await,
        404,
    )
    .await;
    let own = app.get("/reports/periodic?format=docx", &p1_viewer).await;
    assert_eq!(own.status().as_u16(), 200);
}

/// The quarter before this one.
fn last_quarter() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let today = chrono::Utc::now().date_naive();
    let q = (today.month0() / 3) as i32;
    let (y, q) = if q == 0 {
        (today.year() - 1, 3)
    } else {
        (today.year(), q - 1)
    };
    let from = chrono::NaiveDate::from_ymd_opt(y, q as u32 * 3 + 1, 1).unwrap();
    let to = (from + chrono::Months::new(3)).pred_opt().unwrap();
    (from, to)
}

async fn a_past_quarter_reads_as_the_dashboard_did_on_its_last_day(app: TestApp) {
    let Some(python) = python() else {
        return;
    };
    let admin = app.admin_token().await;
    let root = app.root_id(&admin).await;
    let p1 = id(&app.agency(&admin, "P1", "province", &root).await);
    let res = app
        .post(
            "/resolutions",
            &admin,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết 57", "owner_agency_id": root}),
        )
        .await;
    let resolution = id(&res.json().await.unwrap());
    let t = task(&app, &admin, &resolution, "57.1", &p1, -400, 200).await;
    let reporter = app
        .user_token(&admin, "p1.reporter", &p1, &["reporter"])
        .await;
    report(&app, &reporter, &t, 40.0, "").await;
    // The 40 % has stood since long before last quarter ended; today it became 70 %.
    {
        let mut conn = app.db.get().unwrap();
        for sql in [
            "UPDATE agency_versions SET valid_from = '2020-01-01 00:00:00'",
            "UPDATE task_versions SET valid_from = '2020-01-01 00:00:00' WHERE progress = 0",
            "UPDATE task_versions SET valid_to = '2020-01-02 00:00:00' WHERE progress = 0",
            "UPDATE task_versions SET valid_from = '2020-01-02 00:00:00' WHERE progress = 40",
        ] {
            diesel::sql_query(sql).execute(&mut *conn).unwrap();
        }
    }
    report(&app, &reporter, &t, 70.0, "").await;
    let (from, to) = last_quarter();
    let span = format!("from={from}&to={to}");
    let then = get(
        &app,
        &admin,
        &format!("/dashboard/summary?{span}&as_of={to}"),
    )
    .await;
    let now = get(&app, &admin, &format!("/dashboard/summary?{span}")).await;
    assert_eq!(then["weighted_progress"], json!(40.0));
    assert_eq!(now["weighted_progress"], json!(70.0));
    let xlsx = file(
        &app,
        &admin,
        &format!("/reports/periodic?{span}&format=xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await;
    let first = read_sheet(&python, &xlsx, 0);
    assert_eq!(
        number(&row(&first, "Tiến độ bình quân (%)")[1]),
        40.0,
        "as it stood on {to}"
    );
    assert_eq!(
        number(&row(&first, "Nhiệm vụ đến hạn trong kỳ")[1]),
        [
            "completed_on_time",
            "completed_late",
            "not_completed_within_deadline",
            "not_completed_overdue"
        ]
        .iter()
        .map(|k| then["evaluation"][k].as_f64().unwrap())
        .sum::<f64>()
    );
    let note = first["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .find_map(|c| c["value"].as_str().filter(|s| s.starts_with("Kỳ này:")))
        .unwrap()
        .to_string();
    assert!(
        note.contains(&format!("tính đến hết ngày {}", to.format("%d/%m/%Y"))),
        "{note}"
    );
}

async fn scheduled_reports_arrive_once_per_closed_period(app: TestApp) {
    use restrack::db::schema::{mail_outbox, report_runs};
    let w = world(&app).await;
    let planner = app.user(&w.admin, "p1.planner", &w.p1, &["planner"]).await;
    let planner_token = app.token("p1.planner", crate::helpers::USER_PASSWORD).await;
    let viewer = app.user(&w.admin, "p1.viewer", &w.p1, &["viewer"]).await;
    let viewer_token = app.token("p1.viewer", crate::helpers::USER_PASSWORD).await;
    let res = app
        .put(
            "/me/notification-settings",
            &viewer_token,
            &json!({"email": "viewer@p1.example.vn", "notify": "immediate"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // Someone of another province cannot receive the province's report; a reporter cannot schedule.
    let stranger = app.user(&w.admin, "m2.viewer", &w.m2, &["viewer"]).await;
    let body = |recipients: Vec<&Value>| {
        json!({"agency_id": w.p1, "period_kind": "quarter", "format": "docx",
               "recipient_ids": recipients.iter().map(|u| u["id"].clone()).collect::<Vec<_>>()})
    };
    let p = problem(
        app.post(
            "/report-schedules",
            &planner_token,
            &body(vec![&viewer, &stranger, &viewer]),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_fields(&p), ["recipient_ids[1]", "recipient_ids[2]"]);
    let reporter = app
        .token("p1.reporter", crate::helpers::USER_PASSWORD)
        .await;
    problem(
        app.post("/report-schedules", &reporter, &body(vec![&viewer]))
            .await,
        403,
    )
    .await;
    assert_eq!(
        app.count("report_schedules"),
        0,
        "a refused schedule leaves nothing"
    );
    let res = app
        .post(
            "/report-schedules",
            &planner_token,
            &body(vec![&viewer, &planner]),
        )
        .await;
    assert_eq!(res.status().as_u16(), 201, "{:?}", res.text().await);
    let schedule: Value = res.json().await.unwrap();
    assert_eq!(schedule["actions"]["delete"], true);
    assert_eq!(schedule["last_run"], Value::Null);
    let (from, to): (String, String) = (
        schedule["next_period"]["from"].as_str().unwrap().into(),
        schedule["next_period"]["to"].as_str().unwrap().into(),
    );
    let to_day: chrono::NaiveDate = to.parse().unwrap();
    assert!(
        to_day >= chrono::Utc::now().date_naive(),
        "the quarter under way comes first"
    );

    // Nothing before the quarter closes; once after it, however often the round runs.
    let mut conn = app.db.get().unwrap();
    assert_eq!(
        restrack::reports::schedules::run_due(&mut conn, to_day).unwrap(),
        0
    );
    let after = to_day + chrono::TimeDelta::days(3);
    assert_eq!(
        restrack::reports::schedules::run_due(&mut conn, after).unwrap(),
        1
    );
    assert_eq!(
        restrack::reports::schedules::run_due(&mut conn, after).unwrap(),
        0
    );
    let runs: Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> = report_runs::table
        .select((
            report_runs::id,
            report_runs::period_from,
            report_runs::period_to,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].1.to_string(), runs[0].2.to_string()),
        (from.clone(), to.clone())
    );
    let mails: Vec<(String, String)> = mail_outbox::table
        .select((mail_outbox::to_address, mail_outbox::subject))
        .load(&mut *conn)
        .unwrap();
    drop(conn);
    assert_eq!(
        mails.len(),
        1,
        "mail for the recipient who wants it at once: {mails:?}"
    );
    assert_eq!(mails[0].0, "viewer@p1.example.vn");
    assert!(mails[0].1.starts_with("Báo cáo quý"), "{}", mails[0].1);
    let bell = get(&app, &viewer_token, "/me/notifications").await;
    let notice = bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "report_ready")
        .expect("a report_ready notice")
        .clone();
    assert_eq!(
        notice["link"],
        format!("/reports?schedule={}", schedule["id"].as_str().unwrap())
    );
    // The recipients download it; someone outside the scope does not see it.
    let listed = get(
        &app,
        &viewer_token,
        &format!(
            "/report-schedules/{}/runs",
            schedule["id"].as_str().unwrap()
        ),
    )
    .await;
    let download = listed["items"][0]["download"]
        .as_str()
        .unwrap()
        .trim_start_matches("/api/v1")
        .to_string();
    let bytes = file(
        &app,
        &viewer_token,
        &download,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    .await;
    assert!(bytes.starts_with(b"PK"));
    let stranger_token = app.token("m2.viewer", crate::helpers::USER_PASSWORD).await;
    problem(app.get(&download, &stranger_token).await, 404).await;
    problem(
        app.get(
            &format!(
                "/report-schedules/{}/runs",
                schedule["id"].as_str().unwrap()
            ),
            &stranger_token,
        )
        .await,
        404,
    )
    .await;
    let page = get(&app, &viewer_token, "/report-schedules").await;
    assert_eq!(page["items"][0]["last_run"]["to"], json!(to));
    assert_eq!(
        page["items"][0]["actions"]["delete"], false,
        "viewers do not stop schedules"
    );
    // Stopped by a planner: its runs go with it.
    problem(
        app.delete(
            &format!("/report-schedules/{}", schedule["id"].as_str().unwrap()),
            &viewer_token,
            None,
        )
        .await,
        403,
    )
    .await;
    let res = app
        .delete(
            &format!("/report-schedules/{}", schedule["id"].as_str().unwrap()),
            &planner_token,
            None,
        )
        .await;
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(
        (
            app.count("report_schedules"),
            app.count("report_runs"),
            app.count("report_schedule_recipients")
        ),
        (0, 0, 0)
    );
}

async fn alerts_and_scorecard_export_like_their_lists(app: TestApp) {
    let Some(python) = python() else {
        return;
    };
    let w = world(&app).await;
    let res = app.post("/alerts/evaluate", &w.admin, &json!({})).await;
    assert!(res.status().is_success(), "{:?}", res.text().await);
    let listed = get(&app, &w.admin, "/alerts?kind=overdue").await;
    assert!(listed["total"].as_i64().unwrap() >= 1, "{listed}");
    let xlsx = file(
        &app,
        &w.admin,
        "/exports/alerts?kind=overdue&format=xlsx",
        XLSX,
    )
    .await;
    let sheet = read_sheet(&python, &xlsx, 0);
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows[2][0]["value"], "Mức độ", "the header under the title");
    assert_eq!(rows[2][0]["bold"], true);
    let data: Vec<&Vec<Value>> = rows[3..]
        .iter()
        .map(|r| r.as_array().unwrap())
        .filter(|r| r[0]["type"] != "empty")
        .collect();
    assert_eq!(
        data.len() as i64,
        listed["total"].as_i64().unwrap(),
        "the same alerts as the list"
    );
    assert!(data.iter().all(|r| r[1]["value"] == "Quá hạn"));
    assert_eq!(data[0][5]["type"], "date");
    assert_eq!(data[0][2]["value"], listed["items"][0]["message"]);
    let csv = file(&app, &w.admin, "/exports/alerts?kind=overdue", "text/csv").await;
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("Mức độ,Loại,Nội dung,Đơn vị,Trạng thái,Ngày phát sinh"),
        "{text}"
    );
    // The scorecard as the dashboard ranks it.
    let cards = get(&app, &w.admin, "/dashboard/agencies").await;
    let xlsx = file(&app, &w.admin, "/exports/scorecard?format=xlsx", XLSX).await;
    let sheet = read_sheet(&python, &xlsx, 0);
    let names: Vec<(Value, Value)> = sheet["rows"].as_array().unwrap()[3..]
        .iter()
        .map(|r| r.as_array().unwrap())
        .filter(|r| r.len() > 2 && r[1]["type"] == "number")
        .map(|r| (r[2]["value"].clone(), r[1]["value"].clone()))
        .collect();
    let expected: Vec<(Value, Value)> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].clone(), c["rank"].clone()))
        .collect();
    assert_eq!(names, expected);
    let p = problem(
        app.get("/exports/scorecard?from=2026-09-30&to=2026-07-01", &w.admin)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["to"]);
}

crate::on_both_backends!(
    every_format_says_what_the_api_says,
    bad_periods_and_scopes_are_refused,
    a_past_quarter_reads_as_the_dashboard_did_on_its_last_day,
    scheduled_reports_arrive_once_per_closed_period,
    alerts_and_scorecard_export_like_their_lists,
);
