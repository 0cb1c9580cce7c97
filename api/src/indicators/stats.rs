//! Maintained KPI aggregates (see the `scope_kpi_stats` migration). The state of each series
//! (indicator × reporting agency) is recomputed here whenever something it depends on is written:
//! a figure of the series (written, submitted, approved, returned, imported), the indicator or its
//! targets, the agency tree. Triggers roll each state change up to every ancestor's
//! `scope_kpi_stats`, so a dashboard reads one row per scope. The last finished period moves with
//! the date alone, so the periodic job re-derives every series once a day.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{Date, Double, Text};

use super::{reporting_agencies, IndicatorGroup, IndicatorRow};
use crate::db::schema::{
    agency_closure, indicator_targets, indicator_values, indicators, kpi_series_state,
    scope_kpi_stats, settings,
};
use crate::db::{BackendKind, DbConn};
use crate::error::ApiError;
use crate::period::Period;

/// Achievement at or above this share of the target counts as on track.
pub const KPI_ON_TRACK_PCT: f64 = 85.0;

/// The target of a series for a period: the agency's own interim target, else the indicator-wide
/// interim target, else the indicator's final target when the period is its target period.
/// `targets` are the indicator's (period, agency or "", value) rows.
pub fn target_for(
    ind: &IndicatorRow,
    targets: &[(String, String, f64)],
    period: &str,
    agency: &str,
) -> Option<f64> {
    targets
        .iter()
        .find(|(p, a, _)| p == period && a == agency)
        .or_else(|| targets.iter().find(|(p, a, _)| p == period && a.is_empty()))
        .map(|t| t.2)
        .or_else(|| {
            (ind.target_period.as_deref() == Some(period))
                .then_some(ind.target_value)
                .flatten()
        })
}

/// The KPI figures of a scope, from the maintained aggregates.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScopeKpis {
    pub series: i64,
    pub on_track: i64,
    pub off_track: i64,
    pub no_target: i64,
    pub no_data: i64,
    pub reported: i64,
    pub timely: i64,
}

pub fn read(conn: &mut DbConn, scope: &str) -> Result<ScopeKpis, ApiError> {
    Ok(read_many(conn, &[scope.to_string()])?
        .remove(scope)
        .unwrap_or_default())
}

/// (scope, series, on track, off track, no target, no data, reported, timely)
type ScopeKpiRow = (String, i64, i64, i64, i64, i64, i64, i64);

/// The KPI figures of several scopes (a scorecard's child agencies), one read per 500 scopes.
pub fn read_many(
    conn: &mut DbConn,
    scopes: &[String],
) -> Result<std::collections::HashMap<String, ScopeKpis>, ApiError> {
    let mut out = std::collections::HashMap::new();
    for chunk in scopes.chunks(500) {
        let rows: Vec<ScopeKpiRow> = scope_kpi_stats::table
            .filter(scope_kpi_stats::scope_id.eq_any(chunk))
            .select((
                scope_kpi_stats::scope_id,
                scope_kpi_stats::series,
                scope_kpi_stats::on_track,
                scope_kpi_stats::off_track,
                scope_kpi_stats::no_target,
                scope_kpi_stats::no_data,
                scope_kpi_stats::reported,
                scope_kpi_stats::timely,
            ))
            .load(conn)?;
        for (scope, series, on_track, off_track, no_target, no_data, reported, timely) in rows {
            out.insert(
                scope,
                ScopeKpis {
                    series,
                    on_track,
                    off_track,
                    no_target,
                    no_data,
                    reported,
                    timely,
                },
            );
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    achievement: &'static str,
    reported: bool,
    timely: bool,
}

/// The last finished period of the indicator's frequency on `today`.
fn last_finished(ind: &IndicatorRow, today: NaiveDate) -> Period {
    let frequency = ind.frequency().period_frequency();
    Period::containing(
        Period::containing(today, frequency).bounds().0 - TimeDelta::days(1),
        frequency,
    )
}

/// The latest approved figure of a series.
#[derive(QueryableByName)]
pub struct Latest {
    #[diesel(sql_type = Text)]
    pub agency_id: String,
    #[diesel(sql_type = Text)]
    pub period: String,
    #[diesel(sql_type = Double)]
    pub value: f64,
    #[diesel(sql_type = Date)]
    pub period_end: NaiveDate,
}

/// The latest approved figure of every series of `ind`: one aggregate in the database, whatever
/// the length of the series.
pub fn latest_counted(conn: &mut DbConn, ind: &str) -> Result<Vec<Latest>, ApiError> {
    let p1 = match conn.kind() {
        BackendKind::Sqlite => "?1",
        BackendKind::Postgres => "$1",
    };
    let sql = format!(
        "SELECT v.agency_id, v.period, v.value, v.period_end FROM indicator_values v \
         JOIN (SELECT agency_id, MAX(period_end) AS pe FROM indicator_values \
               WHERE indicator_id = {p1} AND counted GROUP BY agency_id) m \
           ON m.agency_id = v.agency_id AND m.pe = v.period_end \
         WHERE v.indicator_id = {p1} AND v.counted"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Text, _>(ind.to_string())
        .load(conn)?)
}

/// Recomputes the state of the series of `ind` — of the agencies in `only`, or of all its
/// reporting agencies — and writes the rows that changed (the triggers move the scope counts).
pub fn refresh(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    only: Option<&[String]>,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let expected: Vec<String> = if ind.group() == IndicatorGroup::Composite {
        Vec::new()
    } else if let Some(list) = only.filter(|l| l.len() <= 20) {
        // A few series: one indexed check each instead of listing every reporting agency.
        let mut out = Vec::new();
        for a in list {
            if super::is_reporting_agency(conn, ind, a)? {
                out.push(a.clone());
            }
        }
        out
    } else {
        reporting_agencies(conn, ind)?
    };
    let expected_set: HashSet<&str> = expected.iter().map(String::as_str).collect();
    let wanted: Vec<String> = match only {
        Some(list) => list
            .iter()
            .filter(|a| expected_set.contains(a.as_str()))
            .cloned()
            .collect(),
        None => expected.clone(),
    };
    let existing: HashMap<String, State> = {
        let mut q = kpi_series_state::table
            .filter(kpi_series_state::indicator_id.eq(&ind.id))
            .into_boxed();
        if let Some(list) = only {
            q = q.filter(kpi_series_state::agency_id.eq_any(list.to_vec()));
        }
        q.select((
            kpi_series_state::agency_id,
            kpi_series_state::achievement,
            kpi_series_state::reported,
            kpi_series_state::timely,
        ))
        .load::<(String, String, bool, bool)>(conn)?
        .into_iter()
        .map(|(a, ach, reported, timely)| {
            let achievement = match ach.as_str() {
                "on_track" => "on_track",
                "off_track" => "off_track",
                "no_target" => "no_target",
                _ => "no_data",
            };
            (
                a,
                State {
                    achievement,
                    reported,
                    timely,
                },
            )
        })
        .collect()
    };
    // Series that are no longer expected (the agency merged, the indicator changed).
    let gone: Vec<&String> = existing
        .keys()
        .filter(|a| !expected_set.contains(a.as_str()))
        .collect();
    for chunk in gone.chunks(500) {
        diesel::delete(
            kpi_series_state::table
                .filter(kpi_series_state::indicator_id.eq(&ind.id))
                .filter(kpi_series_state::agency_id.eq_any(chunk.iter().map(|s| s.as_str()))),
        )
        .execute(conn)?;
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let small = only.is_some() && wanted.len() <= 200;
    let latest: HashMap<String, Latest> = if small {
        // Per series: the newest approved figure, straight from the series index.
        let mut out = HashMap::new();
        for a in &wanted {
            let row: Option<(String, f64, NaiveDate)> = indicator_values::table
                .filter(indicator_values::indicator_id.eq(&ind.id))
                .filter(indicator_values::agency_id.eq(a))
                .filter(indicator_values::counted.eq(true))
                .order(indicator_values::period_end.desc())
                .select((
                    indicator_values::period,
                    indicator_values::value,
                    indicator_values::period_end,
                ))
                .first(conn)
                .optional()?;
            if let Some((period, value, period_end)) = row {
                out.insert(
                    a.clone(),
                    Latest {
                        agency_id: a.clone(),
                        period,
                        value,
                        period_end,
                    },
                );
            }
        }
        out
    } else {
        latest_counted(conn, &ind.id)?
            .into_iter()
            .map(|l| (l.agency_id.clone(), l))
            .collect()
    };
    let last = last_finished(ind, today);
    // Each series is on time against its own level's deadline in the indicator's calendar.
    let cal = crate::reporting::calendar::load(conn, &ind.id)?;
    let kinds = if cal.levels.is_empty() {
        HashMap::new()
    } else {
        crate::reporting::calendar::kinds_of(conn, wanted.iter().cloned())?
    };
    let deadline = |agency: &str| {
        cal.report_deadline(
            kinds
                .get(agency)
                .copied()
                .unwrap_or(crate::agencies::AgencyKind::Other),
            last,
        )
    };
    let mut last_q = indicator_values::table
        .filter(indicator_values::indicator_id.eq(&ind.id))
        .filter(indicator_values::period.eq(last.to_string()))
        .filter(indicator_values::is_current.eq(true))
        .into_boxed();
    if small {
        last_q = last_q.filter(indicator_values::agency_id.eq_any(wanted.clone()));
    }
    let reported: HashMap<String, (String, Option<NaiveDateTime>)> = last_q
        .select((
            indicator_values::agency_id,
            indicator_values::status,
            indicator_values::submitted_at,
        ))
        .load::<(String, String, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .map(|(a, s, at)| (a, (s, at)))
        .collect();
    let targets: Vec<(String, String, f64)> = indicator_targets::table
        .filter(indicator_targets::indicator_id.eq(&ind.id))
        .select((
            indicator_targets::period,
            indicator_targets::agency_id,
            indicator_targets::value,
        ))
        .load(conn)?;
    let mut changed_insert = Vec::new();
    for agency in &wanted {
        let achievement = match latest.get(agency) {
            None => "no_data",
            Some(Latest { period, value, .. }) => {
                let target = target_for(ind, &targets, period, agency);
                match target.and_then(|t| super::series::achievement(ind.direction(), *value, t)) {
                    None => "no_target",
                    Some(p) if p >= KPI_ON_TRACK_PCT => "on_track",
                    Some(_) => "off_track",
                }
            }
        };
        let (reported, timely) = match reported.get(agency) {
            Some((status, at))
                if status != crate::indicators::values::ValueStatus::Draft.as_str() =>
            {
                (true, at.is_some_and(|at| at.date() <= deadline(agency)))
            }
            _ => (false, false),
        };
        let state = State {
            achievement,
            reported,
            timely,
        };
        match existing.get(agency) {
            Some(old) if *old == state => {}
            Some(_) => {
                diesel::update(kpi_series_state::table.find((&ind.id, agency)))
                    .set((
                        kpi_series_state::achievement.eq(state.achievement),
                        kpi_series_state::reported.eq(state.reported),
                        kpi_series_state::timely.eq(state.timely),
                    ))
                    .execute(conn)?;
            }
            None => changed_insert.push((
                kpi_series_state::indicator_id.eq(ind.id.clone()),
                kpi_series_state::agency_id.eq(agency.clone()),
                kpi_series_state::achievement.eq(state.achievement),
                kpi_series_state::reported.eq(state.reported),
                kpi_series_state::timely.eq(state.timely),
            )),
        }
    }
    for chunk in changed_insert.chunks(2000) {
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(kpi_series_state::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(kpi_series_state::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// [`refresh`] for the series of `agencies` of the indicator `indicator_id`.
pub fn refresh_series(
    conn: &mut DbConn,
    indicator_id: &str,
    agencies: &[String],
) -> Result<(), ApiError> {
    let ind: IndicatorRow = indicators::table
        .find(indicator_id)
        .select(IndicatorRow::as_select())
        .first(conn)?;
    for chunk in agencies.chunks(200) {
        refresh(conn, &ind, Some(chunk), crate::tasks::today())?;
    }
    Ok(())
}

/// [`refresh_series`] for many series at once (an import). Past a few hundred series the scope
/// counts are rebuilt in one statement instead of row by row (see [`refresh_all`]).
pub fn refresh_many(
    conn: &mut DbConn,
    series: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Result<(), ApiError> {
    let total: usize = series.values().map(|a| a.len()).sum();
    let bulk = total > 500;
    let pg = conn.kind() == BackendKind::Postgres;
    if bulk && pg {
        diesel::sql_query("SELECT set_config('restrack.bulk', 'on', true)").execute(conn)?;
    }
    for (indicator, agencies) in series {
        let agencies: Vec<String> = agencies.iter().cloned().collect();
        refresh_series(conn, indicator, &agencies)?;
    }
    if bulk && pg {
        rebuild_all(conn)?;
        diesel::sql_query("SELECT set_config('restrack.bulk', 'off', true)").execute(conn)?;
    }
    Ok(())
}

/// [`refresh`] for every series of the indicator.
pub fn refresh_indicator(conn: &mut DbConn, indicator_id: &str) -> Result<(), ApiError> {
    let ind: IndicatorRow = indicators::table
        .find(indicator_id)
        .select(IndicatorRow::as_select())
        .first(conn)?;
    refresh(conn, &ind, None, crate::tasks::today())
}

/// A new agency may be a reporting agency of existing indicators.
pub fn agency_added(conn: &mut DbConn, agency: &str) -> Result<(), ApiError> {
    if crate::aggregates::defer_kpis() {
        return Ok(());
    }
    let list: Vec<IndicatorRow> = indicators::table
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let one = [agency.to_string()];
    for ind in &list {
        refresh(conn, ind, Some(&one), crate::tasks::today())?;
    }
    Ok(())
}

/// Every series of every indicator (after reorganisations, and once a day), then every scope's
/// counts in one statement. On PostgreSQL the per-row trigger stands aside for the transaction.
pub fn refresh_all(conn: &mut DbConn) -> Result<(), ApiError> {
    if crate::aggregates::defer_kpis() {
        return Ok(());
    }
    let today = crate::tasks::today();
    let list: Vec<IndicatorRow> = indicators::table
        .select(IndicatorRow::as_select())
        .load(conn)?;
    let pg = conn.kind() == BackendKind::Postgres;
    if pg {
        diesel::sql_query("SELECT set_config('restrack.bulk', 'on', true)").execute(conn)?;
    }
    for ind in &list {
        refresh(conn, ind, None, today)?;
    }
    rebuild_all(conn)?;
    if pg {
        diesel::sql_query("SELECT set_config('restrack.bulk', 'off', true)").execute(conn)?;
    }
    let day = today.to_string();
    let updated = diesel::update(settings::table.find(DAY_KEY))
        .set(settings::value.eq(&day))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(DAY_KEY), settings::value.eq(&day)))
            .execute(conn)?;
    }
    Ok(())
}

const DAY_KEY: &str = "kpi_stats_day";

/// [`refresh_all`] unless it already ran today (the periodic job calls this).
pub fn refresh_daily(conn: &mut DbConn) -> Result<bool, ApiError> {
    let day: Option<String> = settings::table
        .find(DAY_KEY)
        .select(settings::value)
        .first(conn)
        .optional()?;
    if day.as_deref() == Some(crate::tasks::today().to_string().as_str()) {
        return Ok(false);
    }
    refresh_all(conn)?;
    Ok(true)
}

/// Recomputes every scope's counts from the series states in one statement.
pub fn rebuild_all(conn: &mut DbConn) -> Result<(), ApiError> {
    diesel::delete(scope_kpi_stats::table).execute(conn)?;
    diesel::sql_query(
        "INSERT INTO scope_kpi_stats \
         (scope_id, series, on_track, off_track, no_target, no_data, reported, timely) \
         SELECT c.ancestor_id, COUNT(*), \
         SUM(CASE WHEN s.achievement = 'on_track' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN s.achievement = 'off_track' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN s.achievement = 'no_target' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN s.achievement = 'no_data' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN s.reported THEN 1 ELSE 0 END), \
         SUM(CASE WHEN s.timely THEN 1 ELSE 0 END) \
         FROM kpi_series_state s JOIN agency_closure c ON c.descendant_id = s.agency_id \
         GROUP BY c.ancestor_id",
    )
    .execute(conn)?;
    Ok(())
}

/// Recomputes `scope_kpi_stats` of `scopes` from the series states, after their subtrees changed.
pub fn rebuild_scopes(conn: &mut DbConn, scopes: &[String]) -> Result<(), ApiError> {
    if crate::aggregates::defer_kpis() {
        return Ok(());
    }
    for scope in scopes {
        diesel::delete(scope_kpi_stats::table.find(scope)).execute(conn)?;
        let rows: Vec<(String, bool, bool)> = kpi_series_state::table
            .filter(
                kpi_series_state::agency_id.eq_any(
                    agency_closure::table
                        .filter(agency_closure::ancestor_id.eq(scope))
                        .select(agency_closure::descendant_id),
                ),
            )
            .select((
                kpi_series_state::achievement,
                kpi_series_state::reported,
                kpi_series_state::timely,
            ))
            .load(conn)?;
        if rows.is_empty() {
            continue;
        }
        let count =
            |f: &dyn Fn(&(String, bool, bool)) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
        diesel::insert_into(scope_kpi_stats::table)
            .values((
                scope_kpi_stats::scope_id.eq(scope),
                scope_kpi_stats::series.eq(rows.len() as i64),
                scope_kpi_stats::on_track.eq(count(&|r| r.0 == "on_track")),
                scope_kpi_stats::off_track.eq(count(&|r| r.0 == "off_track")),
                scope_kpi_stats::no_target.eq(count(&|r| r.0 == "no_target")),
                scope_kpi_stats::no_data.eq(count(&|r| r.0 == "no_data")),
                scope_kpi_stats::reported.eq(count(&|r| r.1)),
                scope_kpi_stats::timely.eq(count(&|r| r.2)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
