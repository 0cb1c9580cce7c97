//! `restrack seed synthetic`: the national dataset's shape, determinism, and the maintained
//! aggregates after a bulk load (which PostgreSQL builds in one statement with triggers off).

use diesel::prelude::*;
use serde_json::Value;

use crate::helpers::TestApp;
use restrack::db::schema::{agencies, indicator_values, indicators, tasks};
use restrack::synthetic::{load, Size};

const SIZE: Size = Size {
    agencies: 400,
    tasks: 4000,
    values: 30_000,
    seed: 7,
};

type TaskDigest = Vec<(String, String, String, i64)>;
type ValueDigest = Vec<(String, String, String, i64, String)>;

/// A digest of the generated content (ids and timestamps aside).
fn digest(app: &TestApp) -> (TaskDigest, ValueDigest) {
    let mut conn = app.db.get().expect("connection");
    let conn: &mut restrack::db::DbConn = &mut conn;
    let t: Vec<(String, String, String, f64)> = tasks::table
        .inner_join(agencies::table.on(agencies::id.eq(tasks::lead_agency_id)))
        .select((tasks::code, agencies::code, tasks::status, tasks::progress))
        .order(tasks::code)
        .load(conn)
        .expect("tasks");
    let v: Vec<(String, String, String, f64, String)> = indicator_values::table
        .inner_join(indicators::table.on(indicators::id.eq(indicator_values::indicator_id)))
        .inner_join(agencies::table.on(agencies::id.eq(indicator_values::agency_id)))
        .select((
            indicators::code,
            agencies::code,
            indicator_values::period,
            indicator_values::value,
            indicator_values::status,
        ))
        .order((indicators::code, agencies::code, indicator_values::period))
        .load(conn)
        .expect("values");
    (
        t.into_iter()
            .map(|(a, b, c, p)| (a, b, c, (p * 1000.0).round() as i64))
            .collect(),
        v.into_iter()
            .map(|(a, b, c, x, s)| (a, b, c, (x * 1000.0).round() as i64, s))
            .collect(),
    )
}

async fn synthetic_national_dataset(app: TestApp) {
    let loaded = {
        let mut conn = app.db.get().expect("connection");
        load(&mut conn, SIZE, restrack::tasks::today()).expect("synthetic load")
    };
    assert_eq!((loaded.tasks, loaded.values), (SIZE.tasks, SIZE.values));
    assert_eq!(app.count("agencies"), SIZE.agencies as i64);
    assert_eq!(app.count("tasks"), SIZE.tasks as i64);
    assert_eq!(app.count("indicator_values"), SIZE.values as i64);
    let kinds: Vec<(String, i64)> = {
        let mut conn = app.db.get().expect("connection");
        agencies::table
            .group_by(agencies::kind)
            .select((agencies::kind, diesel::dsl::count_star()))
            .order(agencies::kind)
            .load(&mut *conn)
            .expect("kinds")
    };
    assert!(kinds.contains(&("province".into(), 34)), "{kinds:?}");
    assert!(kinds
        .iter()
        .any(|(k, n)| k == "commune" && *n == (SIZE.agencies * 2 / 3) as i64));
    let statuses: Vec<String> = {
        let mut conn = app.db.get().expect("connection");
        indicator_values::table
            .select(indicator_values::status)
            .distinct()
            .order(indicator_values::status)
            .load(&mut *conn)
            .expect("statuses")
    };
    assert_eq!(statuses, ["approved", "draft", "returned", "submitted"]);
    // The real structure: the ministries under the Government's Party committee, and the
    // Ministry of Education's sector line (every province's Department of Education), which
    // reports the ministry's indicator.
    let (ministry_parent, education, line, reporters): (String, String, i64, i64) = {
        use restrack::db::schema::sector_closure;
        let mut conn = app.db.get().expect("connection");
        let conn: &mut restrack::db::DbConn = &mut conn;
        let (id, name, parent): (String, String, Option<String>) = agencies::table
            .filter(agencies::code.eq("B12"))
            .select((agencies::id, agencies::name, agencies::parent_id))
            .first(conn)
            .expect("B12");
        let parent_name: String = agencies::table
            .find(parent.expect("a parent"))
            .select(agencies::name)
            .first(conn)
            .expect("parent");
        let line: i64 = sector_closure::table
            .filter(sector_closure::head_id.eq(&id))
            .count()
            .get_result(conn)
            .expect("line");
        let reporters: i64 = indicator_values::table
            .inner_join(indicators::table.on(indicators::id.eq(indicator_values::indicator_id)))
            .filter(indicators::code.eq("SYN_GD_MN5"))
            .filter(indicators::owner_agency_id.eq(&id))
            .select(diesel::dsl::count(indicator_values::agency_id).aggregate_distinct())
            .get_result(conn)
            .expect("reporters");
        (parent_name, name, line, reporters)
    };
    assert_eq!(ministry_parent, "Đảng ủy Chính phủ");
    assert_eq!(education, "Bộ Giáo dục và Đào tạo");
    assert_eq!((line, reporters), (34, 34));
    app.assert_aggregates_consistent();
    // The dashboards read the aggregates: the root sees every task and every series.
    let admin = app.admin_token().await;
    let summary: Value = app
        .get("/dashboard/summary", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["tasks"]["total"], SIZE.tasks as i64);
    assert!(summary["kpis"]["series"].as_i64().unwrap() > 0);
    assert!(summary["kpis"]["on_track"].as_i64().unwrap() > 0);
    // The synthetic logins work and see their scope.
    let reporter = app
        .token("synth.reporter", restrack::seed::DEMO_PASSWORD)
        .await;
    let me: Value = app.get("/me", &reporter).await.json().await.unwrap();
    assert_eq!(me["agency"]["code"], "T01-X0001");
    // The same seed gives the same data, on a second fresh database.
    let again = TestApp::spawn(app.backend).await;
    {
        let mut conn = again.db.get().expect("connection");
        load(&mut conn, SIZE, restrack::tasks::today()).expect("second load");
    }
    assert!(digest(&app) == digest(&again), "same seed, same data");
}

crate::on_both_backends!(synthetic_national_dataset);
