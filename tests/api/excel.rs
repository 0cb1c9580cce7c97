//! Excel where offices expect it: every export also as `.xlsx` — opened here with openpyxl, an
//! independent reader — with a frozen bold header and real numbers and dates, importing back
//! unchanged; an `.xlsx` import is checked row by row like a CSV file, all or nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{quarter, TestApp};
use crate::imports::{counts, csv, errors, upload, value_world};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The Python with openpyxl that `make test` installs; `None` (skipped) only outside CI.
pub(crate) fn python() -> Option<String> {
    match std::env::var("RESTRACK_TEST_READERS_PYTHON") {
        Ok(p) => Some(p),
        Err(_) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED: RESTRACK_TEST_READERS_PYTHON is not set (scripts/test.sh sets it)");
            None
        }
        Err(_) => panic!(
            "RESTRACK_TEST_READERS_PYTHON is not set: the export tests need the Python with \
             openpyxl that `make test` installs (scripts/test.sh, target/readers-venv)"
        ),
    }
}

/// What openpyxl reads in a workbook's first sheet (tests/readers/xlsx_dump.py).
fn read_with_openpyxl(python: &str, bytes: &[u8]) -> Value {
    read_sheet(python, bytes, 0)
}

pub(crate) fn read_sheet(python: &str, bytes: &[u8], sheet: usize) -> Value {
    let dir = tempfile_dir();
    let path = dir.join("export.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/readers/xlsx_dump.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(&path)
        .arg(sheet.to_string())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "openpyxl could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("restrack-xlsx-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn export(app: &TestApp, token: &str, kind: &str, format: &str) -> reqwest::Response {
    let res = app
        .client
        .get(app.url(&format!("/exports/{kind}?format={format}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{kind} {format}");
    res
}

/// Tasks (dates, weights, a formula-looking description) and a figure in the world of the import
/// tests.
async fn world(app: &TestApp) -> (String, String, String) {
    let (admin, planner, reporter) = value_world(app).await;
    let root = app.root_id(&admin).await;
    let res = app
        .post(
            "/resolutions",
            &planner,
            &json!({"code": "57-NQ/TW", "title": "Nghị quyết", "owner_agency_id": root}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tasks = "resolution_code,code,parent_code,title,description,lead_agency_code,coordinating_agency_codes,start_date,due_date,weight,status\n\
         57-NQ/TW,0101,,Số hóa hồ sơ,\"=cmd|' /C calc'!A0\",P1,C2;C1,2026-01-01,2027-12-31,2.5,in_progress\n\
         57-NQ/TW,0101.1,0101,Việc con,,C1,,2026-02-01,2027-06-30,1,\n";
    let (status, body) = csv(app, &planner, "tasks", tasks).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let figures = format!(
        "indicator_code,agency_code,period,value,note\nONLINE,C1,{},55.25,ghi chú\n",
        quarter(1)
    );
    let (status, body) = csv(app, &reporter, "indicator-values", &figures).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (admin, planner, reporter)
}

async fn exports_open_in_excel_and_import_back(app: TestApp) {
    let (admin, planner, reporter) = world(&app).await;
    for (kind, token) in [
        ("agencies", &admin),
        ("tasks", &planner),
        ("indicators", &planner),
        ("indicator-values", &reporter),
    ] {
        let res = export(&app, token, kind, "xlsx").await;
        assert_eq!(res.headers()["content-type"], XLSX);
        assert!(res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("{kind}.xlsx")));
        let bytes = res.bytes().await.unwrap();
        // Imports back unchanged.
        let (status, body) = upload(&app, token, kind, "", XLSX, bytes.to_vec(), None).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
        let (created, updated, unchanged, rejected) = counts(&body);
        assert_eq!((created, updated, rejected), (0, 0, 0), "{kind}: {body}");
        assert!(unchanged >= 1, "{kind}");

        let Some(python) = python() else { continue };
        let book = read_with_openpyxl(&python, &bytes);
        let csv_text = export(&app, token, kind, "csv").await.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(book["sheets"], json!([kind]));
        assert_eq!(book["freeze"], "A2", "{kind}: the header stays in view");
        let rows = book["rows"].as_array().unwrap();
        let head: Vec<&str> = rows[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap())
            .collect();
        assert_eq!(head, header, "{kind}");
        assert!(rows[0]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["bold"] == true));
        assert_eq!(rows.len() - 1, records.len(), "{kind}");
        // Every cell says what the CSV says, numbers as numbers and dates as dates.
        for (row, record) in rows[1..].iter().zip(&records) {
            for ((cell, text), column) in row.as_array().unwrap().iter().zip(record).zip(&header) {
                let what = format!("{kind}.{column} = {text:?}: {cell}");
                match cell["type"].as_str().unwrap() {
                    "empty" => assert_eq!(text, "", "{what}"),
                    "number" => {
                        assert_eq!(
                            cell["value"].as_f64().unwrap(),
                            text.parse::<f64>().unwrap(),
                            "{what}"
                        )
                    }
                    "date" => {
                        assert_eq!(cell["value"], text.as_str(), "{what}");
                        assert_eq!(cell["format"], "dd/mm/yyyy", "{what}");
                    }
                    // The CSV protects formula-looking text with a leading ' ; Excel's text cell
                    // needs no protection: it is never run.
                    _ => assert_eq!(
                        cell["value"].as_str().unwrap(),
                        text.strip_prefix('\'')
                            .filter(|_| text.starts_with("'="))
                            .unwrap_or(text),
                        "{what}"
                    ),
                }
                let numeric = ["value", "weight", "baseline_value", "target_value"]
                    .contains(&column.as_str());
                let dated = ["start_date", "due_date", "established_on"].contains(&column.as_str());
                if !text.is_empty() {
                    assert_eq!(cell["type"] == "number", numeric, "{what}");
                    assert_eq!(cell["type"] == "date", dated, "{what}");
                }
            }
        }
        if kind == "tasks" {
            // A code of digits stays text, with its leading zero.
            assert_eq!(rows[1][1]["value"], "0101");
            assert_eq!(rows[1][1]["type"], "text");
        }
    }
}

/// A workbook as an office fills it in: the header in row 1, one row per figure.
fn workbook(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if i > 0 && j == 3 => sheet.write_number(i as u32, j as u16, n),
                _ => sheet.write_string(i as u32, j as u16, *cell),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn excel_imports_are_checked_row_by_row(app: TestApp) {
    let (_, _, reporter) = world(&app).await;
    let (q1, q2, q3) = (quarter(1), quarter(2), quarter(3));
    let before = (app.count("indicator_values"), app.count("audit_log"));
    // Row 3 holds text where a number belongs, row 4 is out of range: both named, nothing written.
    let bad = workbook(&[
        vec!["indicator_code", "agency_code", "period", "value", "note"],
        vec!["ONLINE", "C1", &q2, "61.5", "quý trước"],
        vec!["ONLINE", "C1", &q3, "cao", ""],
        vec!["ONLINE", "C1", &q1, "150", ""],
    ]);
    let (status, body) = upload(&app, &reporter, "indicator-values", "", XLSX, bad, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let found = errors(&body);
    assert_eq!(
        found
            .iter()
            .map(|(r, f, _)| (*r, f.as_str()))
            .collect::<Vec<_>>(),
        [(3, "value"), (4, "value")],
        "{body}"
    );
    assert_eq!(
        (app.count("indicator_values"), app.count("audit_log")),
        before,
        "a rejected import writes nothing"
    );
    // A wrong header is row 1; a file that is no workbook is one error.
    let (status, body) = upload(
        &app,
        &reporter,
        "indicator-values",
        "",
        XLSX,
        workbook(&[vec!["indicator_code", "agency", "period", "value"]]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(errors(&body).iter().all(|(r, _, _)| *r == 1), "{body}");
    let (status, body) = upload(
        &app,
        &reporter,
        "indicator-values",
        "",
        XLSX,
        b"indicator_code,agency_code\n".to_vec(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors(&body), [(1, String::new(), "malformed".to_string())]);
    // The good rows alone are imported.
    let good = workbook(&[
        vec!["indicator_code", "agency_code", "period", "value", "note"],
        vec!["ONLINE", "C1", &q2, "61.5", "quý trước"],
        vec!["ONLINE", "C1", &q3, "40", ""],
    ]);
    let (status, body) = upload(&app, &reporter, "indicator-values", "", XLSX, good, None).await;
    assert_eq!(
        (status, counts(&body)),
        (StatusCode::OK, (2, 0, 0, 0)),
        "{body}"
    );
    let series: Value = app
        .get("/indicators?q=ONLINE", &reporter)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(series["total"], 1);
}

/// An office downloads the template, fills a row in with openpyxl (as Excel would save it) and
/// imports it as it is.
async fn templates_explain_and_import_as_filled(app: TestApp) {
    let (_, _, reporter) = world(&app).await;
    let res = app.get("/import-templates/nope", &reporter).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .get("/import-templates/indicator-values", &reporter)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], XLSX);
    let bytes = res.bytes().await.unwrap().to_vec();
    let Some(python) = python() else { return };
    let data = read_sheet(&python, &bytes, 0);
    assert_eq!(data["sheets"], json!(["indicator-values", "Hướng dẫn"]));
    let head: Vec<&str> = data["rows"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        head,
        [
            "indicator_code",
            "agency_code",
            "period",
            "value",
            "note",
            "evidence_url"
        ]
    );
    assert_eq!(
        data["rows"].as_array().unwrap().len(),
        1,
        "nothing to delete first"
    );
    let guide = read_sheet(&python, &bytes, 1);
    let rows = guide["rows"].as_array().unwrap();
    let explained: Vec<(&str, &str)> = rows[1..=6]
        .iter()
        .map(|r| {
            (
                r[0]["value"].as_str().unwrap(),
                r[1]["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        explained,
        [
            ("indicator_code", "Có"),
            ("agency_code", "Có"),
            ("period", "Có"),
            ("value", "Có"),
            ("note", "Không"),
            ("evidence_url", "Không")
        ]
    );
    assert!(rows[1..=6]
        .iter()
        .all(|r| !r[2]["value"].as_str().unwrap().is_empty()));
    // Filled in and saved by openpyxl: a number cell for the value.
    let dir = tempfile_dir();
    let path = dir.join("filled.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let fill = format!(
        "import sys; from openpyxl import load_workbook\n\
         b = load_workbook(sys.argv[1]); s = b.worksheets[0]\n\
         s.append(['ONLINE', 'C1', '{}', 48.5, 'điền từ mẫu'])\n\
         b.save(sys.argv[1])",
        quarter(2)
    );
    let out = std::process::Command::new(&python)
        .args(["-c", &fill])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let filled = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let (status, body) = upload(&app, &reporter, "indicator-values", "", XLSX, filled, None).await;
    assert_eq!(
        (status, counts(&body)),
        (StatusCode::OK, (1, 0, 0, 0)),
        "{body}"
    );
}

crate::on_both_backends!(
    exports_open_in_excel_and_import_back,
    excel_imports_are_checked_row_by_row,
    templates_explain_and_import_as_filled
);
