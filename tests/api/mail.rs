//! Reminders and the mail outbox against a real SMTP server (aiosmtpd, `scripts/smtp-sink.py`,
//! started by the test with the Python that `make test` installs): a passed deadline notifies the
//! officers and escalates to the level above once, mail waits in the outbox while the server is
//! down, goes out when it is back, and two instances delivering at once send each message once.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::reporting::{last_quarter, world};
use restrack::config::{NotifySettings, SmtpConfig, SmtpTls};

/// The SMTP server, stopped when dropped.
struct Sink {
    child: Child,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Python with aiosmtpd that `make test` installs; `None` (the test is skipped) only outside
/// CI, like the other tests of parts a developer's machine may lack.
fn python() -> Option<String> {
    match std::env::var("RESTRACK_TEST_SMTP_PYTHON") {
        Ok(p) => Some(p),
        Err(_) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED: RESTRACK_TEST_SMTP_PYTHON is not set (scripts/test.sh sets it)");
            None
        }
        Err(_) => panic!(
            "RESTRACK_TEST_SMTP_PYTHON is not set: the mail tests need the Python with aiosmtpd \
             that `make test` installs (scripts/test.sh, target/smtp-venv)"
        ),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_sink(python: &str, port: u16, dir: &Path) -> Sink {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/smtp-sink.py");
    let mut child = Command::new(python)
        .arg(script)
        .arg(port.to_string())
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the SMTP server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready", "the SMTP server did not start");
    Sink { child }
}

fn received(dir: &Path) -> Vec<Value> {
    let mut out: Vec<Value> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|m: &Value| m["to"][0].as_str().unwrap_or_default().to_string());
    out
}

async fn settings(app: &TestApp, token: &str, email: &str, mode: &str) {
    let res = app
        .put(
            "/me/notification-settings",
            token,
            &json!({"email": email, "notify": mode}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
}

fn deliver(app: &TestApp, smtp: &SmtpConfig, holder: &str) -> restrack::notify::outbox::Delivery {
    restrack::notify::outbox::deliver(&app.db, smtp, holder).expect("delivery round")
}

fn statuses(app: &TestApp) -> Vec<(String, i32)> {
    use diesel::prelude::*;
    use restrack::db::schema::mail_outbox;
    let mut conn = app.db.get().unwrap();
    let mut rows: Vec<(String, i32)> = mail_outbox::table
        .select((mail_outbox::status, mail_outbox::attempts))
        .load(&mut *conn)
        .unwrap();
    rows.sort();
    rows
}

async fn reminders_and_outbox_over_real_smtp(app: TestApp) {
    let Some(python) = python() else {
        return;
    };
    let w = world(&app).await;
    let (lq, k) = last_quarter();
    // The settings refuse what is not an address, and keep what they had.
    let res = app
        .put(
            "/me/notification-settings",
            &w.c1_reporter,
            &json!({"email": "not an address", "notify": "immediate"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    settings(&app, &w.c1_reporter, "c1@xa.example.vn", "immediate").await;
    settings(&app, &w.c2_reporter, "c2@xa.example.vn", "digest").await;
    settings(&app, &w.p1_approver, "p1@tinh.example.vn", "off").await;
    // The communes' figures of the last quarter were due yesterday; none was sent.
    let res = app
        .put(
            &format!("/indicators/{}/calendar", w.indicator),
            &w.planner,
            &json!({"report_days": k - 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let today = chrono::Utc::now().date_naive();
    let notify = NotifySettings {
        reminder_days: 3,
        ..NotifySettings::default()
    };
    let round = {
        let mut conn = app.db.get().unwrap();
        restrack::notify::reminders::run(&mut conn, &notify, today).unwrap()
    };
    // Each commune's reporter, and the province's approver twice (escalation per commune).
    assert_eq!(round.notified, 4, "{round:?}");
    assert_eq!(round.digests, 1, "the digest user gets one digest");
    let again = {
        let mut conn = app.db.get().unwrap();
        restrack::notify::reminders::run(&mut conn, &notify, today).unwrap()
    };
    assert_eq!(again.notified, 0, "a reminder is never repeated");
    assert_eq!(again.digests, 0, "one digest a day");
    let bell: Value = app
        .get("/me/notifications", &w.p1_approver)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bell["unread"], 2);
    assert!(bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"] == "escalation"));
    // Immediate for C1, the digest for C2, nothing for the approver who turned mail off.
    assert_eq!(
        statuses(&app),
        vec![("pending".into(), 0), ("pending".into(), 0)]
    );
    let port = free_port();
    let smtp = SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        tls: SmtpTls::None,
        username: None,
        password: None,
        from: "\"Theo dõi Nghị quyết\" <noreply@restrack.test>".into(),
    };
    // The mail server is down: the attempt is counted, nothing is lost.
    let d = deliver(&app, &smtp, "instance-a");
    assert_eq!((d.sent, d.failed), (0, 2));
    assert_eq!(
        statuses(&app),
        vec![("pending".into(), 1), ("pending".into(), 1)]
    );
    // Back up; the retry is due (backoff elapsed): two instances deliver at once.
    let dir: PathBuf = std::env::temp_dir().join(format!("restrack-mail-{}", uuid::Uuid::new_v4()));
    let _sink = start_sink(&python, port, &dir);
    app.exec("UPDATE mail_outbox SET next_attempt_at = created_at");
    let (a, b) = {
        let (db_a, db_b) = (app.db.clone(), app.db.clone());
        let (s_a, s_b) = (smtp.clone(), smtp.clone());
        let ta = std::thread::spawn(move || {
            restrack::notify::outbox::deliver(&db_a, &s_a, "instance-a").unwrap()
        });
        let tb = std::thread::spawn(move || {
            restrack::notify::outbox::deliver(&db_b, &s_b, "instance-b").unwrap()
        });
        (ta.join().unwrap(), tb.join().unwrap())
    };
    assert_eq!(a.sent + b.sent, 2, "{a:?} {b:?}");
    assert_eq!(a.failed + b.failed, 0);
    assert_eq!(deliver(&app, &smtp, "instance-a").sent, 0, "nothing left");
    let mails = received(&dir);
    assert_eq!(mails.len(), 2, "each message once: {mails:?}");
    assert_eq!(mails[0]["to"], json!(["c1@xa.example.vn"]));
    assert_eq!(
        mails[0]["subject"],
        format!("Quá hạn báo cáo chỉ tiêu CT_01 kỳ {lq}")
    );
    assert!(mails[0]["body"].as_str().unwrap().contains("chưa được gửi"));
    assert_eq!(mails[0]["from"], "noreply@restrack.test");
    assert_eq!(mails[1]["to"], json!(["c2@xa.example.vn"]));
    assert_eq!(
        mails[1]["subject"],
        format!(
            "Tổng hợp thông báo ngày {} (1 mục)",
            today.format("%d/%m/%Y")
        )
    );
    assert_eq!(statuses(&app), vec![("sent".into(), 2), ("sent".into(), 2)]);
    let _ = std::fs::remove_dir_all(&dir);
}

crate::on_both_backends!(reminders_and_outbox_over_real_smtp);
