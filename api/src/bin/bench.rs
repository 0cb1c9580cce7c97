//! `restrack-bench`: the benchmarks behind `make bench` (see `docs/benchmarks.md`). It talks to a
//! running server loaded with `restrack seed synthetic` and, for the baselines, to the same
//! database directly. Every benchmark prints its own figure, the baseline measured in the same run
//! and the ratio; nothing here asserts a speed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, Months};
use clap::Parser;
use diesel::prelude::*;
use reqwest::blocking::Client;
use serde_json::{json, Value};

use restrack::db::schema::{agencies, indicator_values, indicators, users};
use restrack::db::{Db, DbConn};

#[derive(Parser)]
#[command(
    name = "restrack-bench",
    about = "Resolution Tracker benchmarks (make bench)"
)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8091 (loaded with `restrack seed synthetic`).
    #[arg(long)]
    server: String,
    /// The server's database, for the baselines.
    #[arg(long)]
    database_url: String,
    /// The server's process id, for its memory.
    #[arg(long)]
    pid: u32,
    /// KPI figures in the import benchmark.
    #[arg(long, default_value_t = 200_000)]
    import_rows: usize,
    /// Seconds of load per read endpoint.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent clients of the load generator.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Requests per dashboard call and per write.
    #[arg(long, default_value_t = 50)]
    repeat: usize,
    /// The reform benchmark's old map: provinces, districts and communes (the 2025 reform: 63,
    /// about 700 and about 10,000).
    #[arg(long, value_delimiter = ',', default_values_t = [63, 700, 10_000])]
    reform: Vec<usize>,
    /// Only these benchmarks (comma-separated: dashboard, reads, writes, import, reform).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

struct Api {
    base: String,
    http: Client,
}

impl Api {
    fn new(server: &str) -> Result<Self> {
        Ok(Self {
            base: format!("{}/api/v1", server.trim_end_matches('/')),
            http: Client::builder()
                .timeout(Duration::from_secs(1800))
                .build()?,
        })
    }

    fn login(&self, username: &str) -> Result<String> {
        let res: Value = self
            .http
            .post(format!("{}/auth/login", self.base))
            .json(&json!({"username": username, "password": restrack::seed::DEMO_PASSWORD}))
            .send()?
            .error_for_status()
            .with_context(|| format!("login as {username}"))?
            .json()?;
        Ok(res["access_token"].as_str().unwrap_or_default().to_string())
    }

    fn get(&self, token: &str, path: &str) -> Result<Value> {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()?;
        let status = res.status();
        let body: Value = res.json().unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("GET {path}: {status} {body}");
        }
        Ok(body)
    }

    fn post(&self, token: &str, path: &str, body: &Value) -> Result<Value> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()?;
        let status = res.status();
        let body: Value = res.json().unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("POST {path}: {status} {body}");
        }
        Ok(body)
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds of each of `n` runs of `f` (after two warm-up runs), sorted.
fn timed<F: FnMut() -> Result<()>>(n: usize, mut f: F) -> Result<Vec<f64>> {
    f()?;
    f()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        out.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    Ok(out)
}

fn agency_id(conn: &mut DbConn, code: &str) -> Result<String> {
    agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)
        .with_context(|| format!("agency {code} (was the database loaded with seed synthetic?)"))
}

fn main() -> Result<()> {
    let args = Args::parse();
    let api = Api::new(&args.server)?;
    let url: restrack::db::DatabaseUrl = args
        .database_url
        .parse()
        .map_err(|e| anyhow!("--database-url: {e}"))?;
    let db = Db::connect(&url, 2)?;
    let mut pooled = db.get().map_err(|e| anyhow!("{e}"))?;
    let conn: &mut DbConn = &mut pooled;
    let backend = match conn {
        DbConn::Sqlite(_) => "sqlite",
        DbConn::Pg(_) => "postgres",
    };
    let tasks_n: i64 = restrack::db::schema::tasks::table
        .count()
        .get_result(conn)?;
    let values_n: i64 = indicator_values::table.count().get_result(conn)?;
    let agencies_n: i64 = agencies::table.count().get_result(conn)?;
    println!(
        "# {backend}: {agencies_n} agencies, {tasks_n} tasks, {values_n} KPI figures; {} cores",
        thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let idle_rss = rss_kib(args.pid, "VmRSS")?;
    let admin = api.login("admin")?;
    let run = |name: &str| args.only.is_empty() || args.only.iter().any(|o| o == name);
    if run("dashboard") {
        dashboard(&api, conn, &admin, args.repeat)?;
    }
    if run("reads") {
        reads(&api, &args)?;
    }
    if run("writes") {
        writes(&api, conn, args.repeat)?;
    }
    if run("import") {
        import(&api, conn, &admin, args.import_rows)?;
    }
    if run("reform") {
        let [provinces, districts, communes] = args.reform[..] else {
            bail!("--reform takes three numbers: provinces, districts, communes");
        };
        reform(&api, &admin, provinces, districts, communes, args.repeat)?;
    }
    let peak = rss_kib(args.pid, "VmHWM")?;
    println!(
        "memory: server peak RSS {:.0} MB over the run; idle after start {:.0} MB; ratio {:.1} (target: peak <= 200 MB)",
        peak as f64 / 1024.0,
        idle_rss as f64 / 1024.0,
        peak as f64 / idle_rss.max(1) as f64
    );
    Ok(())
}

fn rss_kib(pid: u32, field: &str) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow!("no {field} in /proc/{pid}/status"))
}

/// Dashboard calls against the same task figures computed by a recursive query over the raw
/// agency and task tables.
fn dashboard(api: &Api, conn: &mut DbConn, token: &str, n: usize) -> Result<()> {
    let scopes = [
        ("root", agency_id(conn, restrack::bootstrap::ROOT_CODE)?),
        ("province", agency_id(conn, "T01")?),
        ("commune", agency_id(conn, "T01-X0001")?),
    ];
    for (label, id) in &scopes {
        let summary = timed(n, || {
            api.get(token, &format!("/dashboard/summary?agency_id={id}"))
                .map(|_| ())
        })?;
        let scorecard = timed(n, || {
            api.get(token, &format!("/dashboard/agencies?parent_id={id}"))
                .map(|_| ())
        })?;
        // The baselines are slow by nature: fewer repetitions.
        let sql = recursive_summary_sql(conn, id);
        let baseline = timed(n.min(10), || {
            diesel::sql_query(&sql)
                .load::<RecursiveRow>(conn)
                .map(|_| ())
                .map_err(Into::into)
        })?;
        // The scorecard's baseline: the same figures for each child agency.
        let children: Vec<String> = agencies::table
            .filter(agencies::parent_id.eq(id))
            .select(agencies::id)
            .load(conn)?;
        let child_sql: Vec<String> = children
            .iter()
            .map(|c| recursive_summary_sql(conn, c))
            .collect();
        let per_child = timed(n.min(5), || {
            for sql in &child_sql {
                diesel::sql_query(sql).load::<RecursiveRow>(conn)?;
            }
            Ok(())
        })?;
        for (name, t, base) in [
            ("summary", &summary, &baseline),
            ("agencies", &scorecard, &per_child),
        ] {
            let b95 = percentile(base, 95.0);
            let p95 = percentile(t, 95.0);
            if name == "agencies" && children.is_empty() {
                println!(
                    "dashboard {name} at {label}: p50 {:.1} ms, p95 {p95:.1} ms (no child agencies: no baseline)",
                    percentile(t, 50.0)
                );
                continue;
            }
            println!(
                "dashboard {name} at {label}: p50 {:.1} ms, p95 {:.1} ms; recursive query over raw tables p95 {:.1} ms; {:.1}x faster (target: p95 <= 50 ms, >= 20x)",
                percentile(t, 50.0),
                p95,
                b95,
                b95 / p95.max(0.001)
            );
        }
    }
    Ok(())
}

#[derive(QueryableByName)]
#[allow(dead_code)]
struct RecursiveRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    health: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
    wp: Option<f64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
    w: Option<f64>,
}

/// The summary's task figures (counts by status and health, weighted progress of the scope's top
/// tasks) from the raw tables: the subtree by a recursive query over `agencies.parent_id`.
fn recursive_summary_sql(conn: &DbConn, root: &str) -> String {
    let today = restrack::tasks::today();
    let health = restrack::tasks::health::sql_case(conn.kind(), today);
    format!(
        "WITH RECURSIVE sub(id) AS (SELECT id FROM agencies WHERE id = '{root}' \
         UNION ALL SELECT a.id FROM agencies a JOIN sub ON a.parent_id = sub.id) \
         SELECT tasks.status AS status, {health} AS health, COUNT(*) AS n, \
         SUM(CASE WHEN tasks.status <> 'cancelled' AND (p.id IS NULL OR p.lead_agency_id NOT IN (SELECT id FROM sub)) \
             THEN tasks.weight * tasks.progress END) AS wp, \
         SUM(CASE WHEN tasks.status <> 'cancelled' AND (p.id IS NULL OR p.lead_agency_id NOT IN (SELECT id FROM sub)) \
             THEN tasks.weight END) AS w \
         FROM tasks LEFT JOIN tasks p ON p.id = tasks.parent_id \
         WHERE tasks.lead_agency_id IN (SELECT id FROM sub) \
         GROUP BY tasks.status, {health}"
    )
}

struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: usize,
}

/// `clients` threads requesting `path(i)` with `token` for `seconds`.
fn load(
    server: &str,
    token: &str,
    clients: usize,
    seconds: u64,
    path: Arc<dyn Fn(usize) -> String + Send + Sync>,
) -> Result<Load> {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|w| {
            let (stop, path) = (stop.clone(), path.clone());
            let (server, token) = (server.to_string(), token.to_string());
            thread::spawn(move || -> Result<(Vec<f64>, usize)> {
                let http = Client::builder().timeout(Duration::from_secs(30)).build()?;
                let (mut lat, mut errors, mut i) = (Vec::new(), 0, w * 7919);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let mut req = http.get(format!("{server}{}", path(i)));
                    if !token.is_empty() {
                        req = req.bearer_auth(&token);
                    }
                    match req
                        .send()
                        .and_then(|r| r.error_for_status())
                        .and_then(|r| r.bytes())
                    {
                        Ok(_) => lat.push(t.elapsed().as_secs_f64() * 1000.0),
                        Err(_) => errors += 1,
                    }
                    i += 1;
                }
                Ok((lat, errors))
            })
        })
        .collect();
    thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let (mut all, mut errors) = (Vec::new(), 0);
    for w in workers {
        let (lat, e) = w.join().map_err(|_| anyhow!("load worker panicked"))??;
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok(Load {
        rps: all.len() as f64 / elapsed,
        p50: percentile(&all, 50.0),
        p99: percentile(&all, 99.0),
        errors,
    })
}

/// Authenticated task reads in a province's subtree under concurrent load, as a share of the same
/// server's `/healthz` rate.
fn reads(api: &Api, args: &Args) -> Result<()> {
    let token = api.login("synth.province")?;
    let me = api.get(&token, "/me")?;
    let province = me["agency"]["id"]
        .as_str()
        .or_else(|| me["agency_id"].as_str())
        .ok_or_else(|| anyhow!("no agency in /me: {me}"))?
        .to_string();
    let page = api.get(
        &token,
        &format!("/tasks?lead_agency_subtree={province}&limit=200"),
    )?;
    let ids: Vec<String> = page["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        bail!("no tasks in the province's subtree");
    }
    let total = page["total"].as_i64().unwrap_or(0).max(1);
    let server = args.server.trim_end_matches('/').to_string();
    let health = load(
        &server,
        "",
        args.clients,
        args.seconds,
        Arc::new(|_| "/healthz".into()),
    )?;
    let list = load(
        &server,
        &token,
        args.clients,
        args.seconds,
        Arc::new(move |i| {
            let offset = (i as i64 * 50) % total.min(10_000);
            format!("/api/v1/tasks?lead_agency_subtree={province}&limit=50&offset={offset}")
        }),
    )?;
    let ids = Arc::new(ids);
    let one = load(
        &server,
        &token,
        args.clients,
        args.seconds,
        Arc::new(move |i| format!("/api/v1/tasks/{}", ids[i % ids.len()])),
    )?;
    println!(
        "reads: GET /healthz {:.0} req/s (p50 {:.1} ms, p99 {:.1} ms) with {} clients",
        health.rps, health.p50, health.p99, args.clients
    );
    for (name, l) in [
        ("GET /tasks (page of 50, province subtree)", &list),
        ("GET /tasks/{id}", &one),
    ] {
        println!(
            "reads: {name} {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, {} errors; {:.2} of /healthz (target >= 0.3)",
            l.rps,
            l.p50,
            l.p99,
            l.errors,
            l.rps / health.rps.max(0.001)
        );
    }
    Ok(())
}

/// Submitting a KPI figure and a progress report (with audit and roll-up), one at a time.
fn writes(api: &Api, conn: &mut DbConn, n: usize) -> Result<()> {
    let token = api.login("synth.reporter")?;
    let commune = agency_id(conn, "T01-X0001")?;
    let indicator: String = indicators::table
        .filter(indicators::code.eq("SYN_ONLINE"))
        .select(indicators::id)
        .first(conn)?;
    let task: String = restrack::db::schema::tasks::table
        .filter(restrack::db::schema::tasks::lead_agency_id.eq(&commune))
        .order(restrack::db::schema::tasks::depth.desc())
        .select(restrack::db::schema::tasks::id)
        .first(conn)
        .context("a task led by T01-X0001")?;
    let today = restrack::tasks::today();
    let last_quarter = restrack::period::Period::containing(
        today.checked_sub_months(Months::new(3)).unwrap_or(today),
        restrack::period::Frequency::Quarterly,
    )
    .to_string();
    let month = format!("{}-{:02}", today.year(), today.month());
    let mut k = 0;
    let value = timed(n, || {
        k += 1;
        api.post(
            &token,
            &format!("/indicators/{indicator}/values"),
            &json!({"agency_id": commune, "period": last_quarter, "value": 50.0 + (k % 40) as f64, "submit": true}),
        )
        .map(|_| ())
    })?;
    let mut k = 0;
    let report = timed(n, || {
        k += 1;
        api.post(
            &token,
            &format!("/tasks/{task}/reports"),
            &json!({"period": month, "progress": (k % 100) as f64, "narrative": "Báo cáo đo hiệu năng", "obstacles": "", "proposals": ""}),
        )
        .map(|_| ())
    })?;
    // Baseline: the same server's cheapest authenticated call, to separate HTTP from the work.
    let me = timed(n, || api.get(&token, "/me").map(|_| ()))?;
    let base = percentile(&me, 95.0);
    for (name, t) in [
        ("submit a KPI figure", &value),
        ("submit a progress report", &report),
    ] {
        let p95 = percentile(t, 95.0);
        println!(
            "writes: {name}: p50 {:.1} ms, p95 {:.1} ms; GET /me p95 {:.1} ms; {:.1}x its cost (target: p95 <= 20 ms)",
            percentile(t, 50.0),
            p95,
            base,
            p95 / base.max(0.001)
        );
    }
    Ok(())
}

/// An HTTP import of `rows` KPI figures (CSV) against a batched insert (SQLite) or a binary COPY
/// (PostgreSQL) of the same rows into the same table.
fn import(api: &Api, conn: &mut DbConn, admin: &str, rows: usize) -> Result<()> {
    // The Ministry of Finance (whose statistics office collects it) is the one source of a monthly
    // series for every commune.
    let source = agency_id(conn, "B06")?;
    let owner = agency_id(conn, restrack::bootstrap::ROOT_CODE)?;
    let mut codes = Vec::new();
    // New indicators each run, so that a reused database imports fresh series.
    let run = chrono::Utc::now().timestamp();
    for suffix in ["HTTP", "BASE"] {
        let code = format!("BENCH_{suffix}_{run}");
        let existing: Option<String> = indicators::table
            .filter(indicators::code.eq(&code))
            .select(indicators::id)
            .first(conn)
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => api.post(admin, "/indicators", &json!({
                "code": code, "name": format!("Chỉ tiêu đo nhập khẩu {suffix}"), "group": "output",
                "value_type": "number", "direction": "increase", "aggregation": "sum", "frequency": "monthly",
                "owner_agency_id": owner, "source_agency_id": source, "reporting_agency_kind": "commune"
            }))?["id"].as_str().unwrap_or_default().to_string(),
        };
        codes.push((code, id));
    }
    let reporter = "bench.importer";
    let exists: i64 = users::table
        .filter(users::username.eq(reporter))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        api.post(admin, "/users", &json!({"username": reporter, "display_name": "Hệ thống thống kê (đo hiệu năng)", "agency_id": source, "roles": ["reporter"], "password": restrack::seed::DEMO_PASSWORD}))?;
    }
    let token = api.login(reporter)?;
    let communes: Vec<(String, String)> = agencies::table
        .filter(agencies::kind.eq("commune"))
        .order(agencies::code)
        .select((agencies::id, agencies::code))
        .load(conn)?;
    let today = restrack::tasks::today();
    let months_needed = rows.div_ceil(communes.len().max(1));
    let months: Vec<(String, chrono::NaiveDate)> = (1..=months_needed as u32)
        .map(|back| {
            let p = restrack::period::Period::containing(
                today.checked_sub_months(Months::new(back)).unwrap_or(today),
                restrack::period::Frequency::Monthly,
            );
            (p.to_string(), p.bounds().1)
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..months.len())
        .flat_map(|m| (0..communes.len()).map(move |c| (m, c)))
        .take(rows)
        .collect();
    let mut csv = String::from("indicator_code,agency_code,period,value\n");
    for (i, &(m, c)) in pairs.iter().enumerate() {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            codes[0].0,
            communes[c].1,
            months[m].0,
            100 + i % 900
        ));
    }
    let bytes = csv.len();
    let t = Instant::now();
    let res = api
        .http
        .post(format!("{}/imports/indicator-values", api.base))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()?;
    let status = res.status();
    let body: Value = res.json()?;
    let http_secs = t.elapsed().as_secs_f64();
    if !status.is_success() || body["counts"]["created"].as_u64() != Some(pairs.len() as u64) {
        bail!(
            "import: {status} {}",
            body.to_string().chars().take(500).collect::<String>()
        );
    }
    let user: String = users::table
        .filter(users::username.eq(reporter))
        .select(users::id)
        .first(conn)?;
    let now = restrack::db::now();
    let base_rows: Vec<_> = pairs
        .iter()
        .enumerate()
        .map(|(i, &(m, c))| BaseValue {
            id: restrack::db::new_id(),
            indicator_id: codes[1].1.clone(),
            agency_id: communes[c].0.clone(),
            period: months[m].0.clone(),
            period_end: months[m].1,
            revision: 1,
            value: (100 + i % 900) as f64,
            note: String::new(),
            status: "draft".into(),
            is_current: true,
            counted: false,
            created_by: user.clone(),
            created_at: now,
            updated_at: now,
        })
        .collect();
    let t = Instant::now();
    let how = match conn {
        DbConn::Sqlite(c) => {
            c.transaction(|c| {
                for chunk in base_rows.chunks(restrack::indicators::figures::VALUE_BATCH) {
                    diesel::insert_into(indicator_values::table)
                        .values(chunk)
                        .execute(c)?;
                }
                Ok::<_, diesel::result::Error>(())
            })?;
            "batched insert"
        }
        DbConn::Pg(c) => {
            c.transaction(|c| {
                diesel::copy_from(indicator_values::table)
                    .from_insertable(base_rows)
                    .execute(c)
                    .map(|_| ())
            })?;
            "binary COPY"
        }
    };
    let base_secs = t.elapsed().as_secs_f64();
    let (http_rate, base_rate) = (
        pairs.len() as f64 / http_secs,
        pairs.len() as f64 / base_secs,
    );
    println!(
        "import: {} KPI figures ({:.1} MB CSV) over HTTP in {:.1} s = {:.0} rows/s; {how} of the same rows {:.1} s = {:.0} rows/s; ratio {:.2} (target >= 0.5)",
        pairs.len(),
        bytes as f64 / 1e6,
        http_secs,
        http_rate,
        base_secs,
        base_rate,
        http_rate / base_rate
    );
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = indicator_values)]
#[diesel(treat_none_as_default_value = false)]
struct BaseValue {
    id: String,
    indicator_id: String,
    agency_id: String,
    period: String,
    period_end: chrono::NaiveDate,
    revision: i32,
    value: f64,
    note: String,
    status: String,
    is_current: bool,
    counted: bool,
    created_by: String,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

/// The 2025 reform as one plan. The old map — `provinces` provinces, `districts` districts and
/// `communes` communes under one bench agency, established in 2020 — is loaded through the agencies
/// import (the baseline: the same number of rows of the simplest kind of change). Then one
/// reorganisation plan, effective 1 July 2025, takes it to the new map: in each district every
/// third commune survives and moves up to the province (no district level), the others merge into
/// a survivor (every tenth of those is split between two survivors instead), the emptied districts
/// are dissolved, and the provinces beyond 34 of every 63 merge into the others. The plan is one
/// all-or-nothing import. Then `?as_of=` before and after the reform against today's list.
fn reform(
    api: &Api,
    admin: &str,
    provinces: usize,
    districts: usize,
    communes: usize,
    repeat: usize,
) -> Result<()> {
    let tag = format!("R{}", chrono::Utc::now().timestamp() % 1_000_000);
    let province = |i: usize| format!("{tag}-P{i:02}");
    let district = |i: usize| format!("{tag}-D{i:03}");
    let commune = |i: usize| format!("{tag}-X{i:05}");
    let mut map = String::from("code,name,kind,parent_code,established_on\n");
    map.push_str(&format!(
        "{tag},Bản đồ cũ (đo hiệu năng),other,{},2020-01-01\n",
        restrack::bootstrap::ROOT_CODE
    ));
    for p in 0..provinces {
        map.push_str(&format!(
            "{},Tỉnh {p},province,{tag},2020-01-01\n",
            province(p)
        ));
    }
    for d in 0..districts {
        map.push_str(&format!(
            "{},Huyện {d},other,{},2020-01-01\n",
            district(d),
            province(d % provinces)
        ));
    }
    for c in 0..communes {
        map.push_str(&format!(
            "{},Xã {c},commune,{},2020-01-01\n",
            commune(c),
            district(c % districts)
        ));
    }
    let post_csv = |kind: &str, csv: String| -> Result<(f64, Value)> {
        let t = Instant::now();
        let res = api
            .http
            .post(format!("{}/imports/{kind}", api.base))
            .bearer_auth(admin)
            .header("content-type", "text/csv")
            .body(csv)
            .send()?;
        let status = res.status();
        let body: Value = res.json()?;
        let secs = t.elapsed().as_secs_f64();
        if !status.is_success() {
            bail!(
                "{kind} import: {status} {}",
                body.to_string().chars().take(500).collect::<String>()
            );
        }
        Ok((secs, body))
    };
    let map_rows = 1 + provinces + districts + communes;
    let (load_secs, _) = post_csv("agencies", map)?;

    let day = "2025-07-01";
    let mut plan = String::from("action,agency_code,target_code,share,effective_on\n");
    let mut steps = [0usize; 4]; // moves, merges, splits, dissolutions (+ province merges below)
    for d in 0..districts {
        let here: Vec<usize> = (d..communes).step_by(districts).collect();
        let survivors: Vec<usize> = here.iter().copied().step_by(3).collect();
        for &s in &survivors {
            plan.push_str(&format!(
                "move,{},{},,{day}\n",
                commune(s),
                province(d % provinces)
            ));
            steps[0] += 1;
        }
        for (k, &c) in here.iter().enumerate().filter(|(k, _)| k % 3 != 0) {
            let into = survivors[(k / 3).min(survivors.len() - 1)];
            if k % 10 == 1 && survivors.len() >= 2 {
                let other = survivors[((k / 3) + 1) % survivors.len()];
                plan.push_str(&format!(
                    "split,{},{},0.6,{day}\n",
                    commune(c),
                    commune(into)
                ));
                plan.push_str(&format!(
                    "split,{},{},0.4,{day}\n",
                    commune(c),
                    commune(other)
                ));
                steps[2] += 1;
            } else {
                plan.push_str(&format!("merge,{},{},,{day}\n", commune(c), commune(into)));
                steps[1] += 1;
            }
        }
        plan.push_str(&format!("dissolve,{},,,{day}\n", district(d)));
        steps[3] += 1;
    }
    let kept = (provinces * 34).div_ceil(63).max(1);
    for p in kept..provinces {
        plan.push_str(&format!(
            "merge,{},{},,{day}\n",
            province(p),
            province(p % kept)
        ));
        steps[1] += 1;
    }
    let plan_rows = plan.lines().count() - 1;
    let (plan_secs, body) = post_csv("reorganisation", plan)?;
    if body["counts"]["updated"].as_u64() != Some(plan_rows as u64) {
        bail!(
            "reform plan: {} of {plan_rows} rows applied: {}",
            body["counts"]["updated"],
            body.to_string().chars().take(500).collect::<String>()
        );
    }
    println!(
        "reform: one plan of {plan_rows} rows ({} moves, {} merges, {} splits, {} dissolutions) over {} old units applied in {plan_secs:.1} s, all or nothing; baseline: the old map's {map_rows} agencies imported in {load_secs:.1} s; ratio {:.1} (target: minutes, not hours)",
        steps[0],
        steps[1],
        steps[2],
        steps[3],
        map_rows,
        plan_secs / load_secs.max(1e-9)
    );
    // `?as_of=` on both sides of the reform against today's list of one province's units.
    let p0 = api.get(admin, &format!("/agencies?q={}&limit=1", province(0)))?;
    let p0 = p0["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lat = |query: String| -> Result<Vec<f64>> {
        timed(repeat, || api.get(admin, &query).map(|_| ()))
    };
    let now = lat(format!("/agencies?parent_id={p0}&limit=500"))?;
    let before = lat(format!(
        "/agencies?parent_id={p0}&as_of=2025-06-30&limit=500"
    ))?;
    let after = lat(format!("/agencies?parent_id={p0}&as_of={day}&limit=500"))?;
    let p95 = |v: &[f64]| percentile(v, 95.0);
    println!(
        "reform as_of: a province's units on 30/06/2025 p95 {:.1} ms, on 01/07/2025 p95 {:.1} ms; baseline today's list p95 {:.1} ms; ratios {:.1} and {:.1}",
        p95(&before),
        p95(&after),
        p95(&now),
        p95(&before) / p95(&now).max(1e-9),
        p95(&after) / p95(&now).max(1e-9)
    );
    Ok(())
}
