//! The early-warning rules: each returns the conditions that hold now. Thresholds come from the
//! configuration (defaults below, documented in docs/alerts.md).

use super::{AlertKind, Severity};
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{indicator_values, indicators, progress_reports, resolutions, tasks};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::indicators::{reporting_agencies, Direction, IndicatorGroup, IndicatorRow};
use crate::period::{Frequency, Period};
use crate::tasks::health::expected_progress;

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Thresholds {
    /// `due_soon`: due within this many days and behind.
    pub due_soon_days: i64,
    /// `behind_schedule`/`due_soon`: points of progress behind the expected line that count.
    pub behind_tolerance: f64,
    /// `stale_report`/`stale_kpi`: days after a period's end before a missing figure is late.
    pub report_grace_days: i64,
    /// `kpi_off_track`: achievement this many % below the target to date.
    pub kpi_band_pct: f64,
    /// `approval_backlog`: days a submitted value may wait.
    pub approval_backlog_days: i64,
    /// `bottleneck`: share of an agency's open tasks that are overdue or off track.
    pub bottleneck_share: f64,
    pub bottleneck_min_tasks: i64,
    /// `forecast_miss`: how many recent points the least-squares trend uses.
    pub forecast_points: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            due_soon_days: 14,
            behind_tolerance: 10.0,
            report_grace_days: 15,
            kpi_band_pct: 15.0,
            approval_backlog_days: 7,
            bottleneck_share: 0.3,
            bottleneck_min_tasks: 3,
            forecast_points: 4,
        }
    }
}

/// A condition that holds now and should have an alert.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub kind: AlertKind,
    pub subject: String,
    pub severity: Severity,
    pub task_id: Option<String>,
    pub indicator_id: Option<String>,
    pub agency_id: String,
    pub message: Message,
}

/// What an alert says, in both languages of the app: Vietnamese with `dd/mm/yyyy` dates and
/// decimal commas, English with ISO dates and decimal points.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub vi: String,
    pub en: String,
}

/// `32,9` in Vietnamese, `32.9` in English.
fn n_vi(x: f64) -> String {
    crate::vietnamese::decimal(x)
}

fn d_vi(d: NaiveDate) -> String {
    crate::vietnamese::date(d)
}

/// Least squares `y = a + b·x`; None with fewer than two distinct x.
pub fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

fn day_number(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(2000, 1, 1).expect("date")).num_days() as f64
}

fn from_day_number(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 1e6 {
        return None;
    }
    NaiveDate::from_ymd_opt(2000, 1, 1)?.checked_add_signed(TimeDelta::days(x.round() as i64))
}

/// The date a progress trend reaches 100%: None when it never does (flat or falling).
pub fn projected_completion(points: &[(NaiveDate, f64)]) -> Option<NaiveDate> {
    let xy: Vec<(f64, f64)> = points.iter().map(|(d, p)| (day_number(*d), *p)).collect();
    let (a, b) = least_squares(&xy)?;
    if b <= 0.0 {
        return None;
    }
    from_day_number((100.0 - a) / b)
}

/// The value a trend reaches on `at`.
pub fn projected_value(points: &[(NaiveDate, f64)], at: NaiveDate) -> Option<f64> {
    let xy: Vec<(f64, f64)> = points.iter().map(|(d, v)| (day_number(*d), *v)).collect();
    let (a, b) = least_squares(&xy)?;
    Some(a + b * day_number(at))
}

#[derive(Queryable)]
struct OpenTask {
    id: String,
    code: String,
    lead: String,
    start: NaiveDate,
    due: NaiveDate,
    progress: f64,
}

fn fmt1(x: f64) -> String {
    format!("{:.1}", x)
}

pub fn evaluate(
    conn: &mut DbConn,
    t: &Thresholds,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<Candidate>, ApiError> {
    let mut out = Vec::new();
    let open: Vec<OpenTask> = tasks::table
        .inner_join(resolutions::table)
        .filter(resolutions::status.ne("closed"))
        .filter(tasks::status.ne_all(["completed", "cancelled"]))
        .select((
            tasks::id,
            tasks::code,
            tasks::lead_agency_id,
            tasks::start_date,
            tasks::due_date,
            tasks::progress,
        ))
        .load(conn)?;
    let parents: std::collections::HashSet<String> = tasks::table
        .filter(tasks::parent_id.is_not_null())
        .select(tasks::parent_id)
        .distinct()
        .load::<Option<String>>(conn)?
        .into_iter()
        .flatten()
        .collect();
    // Reports: the current revision of each (task, period).
    let mut reports: HashMap<String, BTreeMap<NaiveDate, (i32, f64)>> = HashMap::new();
    for (task, period, revision, progress) in progress_reports::table
        .select((
            progress_reports::task_id,
            progress_reports::period,
            progress_reports::revision,
            progress_reports::progress,
        ))
        .load::<(String, String, i32, f64)>(conn)?
    {
        if let Ok(p) = period.parse::<Period>() {
            let e = reports
                .entry(task)
                .or_default()
                .entry(p.bounds().1)
                .or_insert((revision, progress));
            if revision >= e.0 {
                *e = (revision, progress);
            }
        }
    }
    let last_quarter =
        Period::containing(today, Frequency::Quarterly).bounds().0 - TimeDelta::days(1);
    let last_quarter = Period::containing(last_quarter, Frequency::Quarterly);
    let mut load: HashMap<String, (i64, i64)> = HashMap::new();
    for task in &open {
        let expected = expected_progress(task.start, task.due, today);
        let gap = expected - task.progress;
        let overdue = task.due < today;
        let entry = load.entry(task.lead.clone()).or_default();
        entry.0 += 1;
        if overdue || gap > 25.0 {
            entry.1 += 1;
        }
        let mut push = |kind: AlertKind, severity: Severity, message: Message| {
            out.push(Candidate {
                kind,
                subject: format!("task:{}", task.id),
                severity,
                task_id: Some(task.id.clone()),
                indicator_id: None,
                agency_id: task.lead.clone(),
                message,
            });
        };
        if overdue {
            let days = (today - task.due).num_days();
            push(
                AlertKind::Overdue,
                if days > 30 {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                Message {
                    vi: format!(
                        "Nhiệm vụ {} quá hạn {days} ngày (hạn {}), tiến độ {} %",
                        task.code,
                        d_vi(task.due),
                        n_vi(task.progress)
                    ),
                    en: format!(
                        "Task {} is {days} days overdue (due {}), progress {} %",
                        task.code,
                        task.due,
                        fmt1(task.progress)
                    ),
                },
            );
        } else {
            let left = (task.due - today).num_days();
            if left <= t.due_soon_days && gap > t.behind_tolerance {
                push(
                    AlertKind::DueSoon,
                    Severity::Warning,
                    Message {
                        vi: format!(
                            "Nhiệm vụ {} còn {left} ngày đến hạn nhưng mới đạt {} % (cần khoảng {} %)",
                            task.code,
                            n_vi(task.progress),
                            n_vi(expected)
                        ),
                        en: format!(
                            "Task {} is due in {left} days but only at {} % (about {} % needed)",
                            task.code,
                            fmt1(task.progress),
                            fmt1(expected)
                        ),
                    },
                );
            }
            if gap > t.behind_tolerance {
                let severity = if gap > crate::tasks::health::AT_RISK_GAP {
                    Severity::Warning
                } else {
                    Severity::Info
                };
                push(
                    AlertKind::BehindSchedule,
                    severity,
                    Message {
                        vi: format!(
                            "Nhiệm vụ {} chậm {} điểm % so với tiến độ dự kiến ({} % / {} %)",
                            task.code,
                            n_vi(gap),
                            n_vi(task.progress),
                            n_vi(expected)
                        ),
                        en: format!(
                            "Task {} is {} points behind its expected progress ({} % / {} %)",
                            task.code,
                            fmt1(gap),
                            fmt1(task.progress),
                            fmt1(expected)
                        ),
                    },
                );
            }
        }
        let is_leaf = !parents.contains(&task.id);
        if is_leaf {
            let series = reports.get(&task.id);
            let points: Vec<(NaiveDate, f64)> = series
                .map(|m| {
                    m.iter()
                        .rev()
                        .take(t.forecast_points)
                        .map(|(d, (_, p))| (*d, *p))
                        .collect()
                })
                .unwrap_or_default();
            if points.len() >= 2 && task.progress < 100.0 {
                match projected_completion(&points) {
                    Some(date) if date > task.due => push(
                        AlertKind::ForecastMiss,
                        Severity::Warning,
                        Message {
                            vi: format!(
                                "Theo xu hướng báo cáo, nhiệm vụ {} dự kiến hoàn thành ngày {}, sau hạn {}",
                                task.code,
                                d_vi(date),
                                d_vi(task.due)
                            ),
                            en: format!(
                                "On its reported trend, task {} would be completed on {date}, after its due date {}",
                                task.code, task.due
                            ),
                        },
                    ),
                    None => push(
                        AlertKind::ForecastMiss,
                        Severity::Critical,
                        Message {
                            vi: format!(
                                "Tiến độ nhiệm vụ {} không tăng qua các kỳ báo cáo gần đây; không thể hoàn thành đúng hạn {}",
                                task.code,
                                d_vi(task.due)
                            ),
                            en: format!(
                                "Task {}'s progress has not risen over its recent reports; it cannot be completed by {}",
                                task.code, task.due
                            ),
                        },
                    ),
                    _ => {}
                }
            }
            let (q_start, q_end) = last_quarter.bounds();
            let reported = series.is_some_and(|m| m.keys().any(|end| *end >= q_start));
            if task.start <= q_end
                && !reported
                && today > q_end + TimeDelta::days(t.report_grace_days)
            {
                push(
                    AlertKind::StaleReport,
                    Severity::Info,
                    Message {
                        vi: format!(
                            "Nhiệm vụ {} chưa có báo cáo tiến độ kỳ {last_quarter}",
                            task.code
                        ),
                        en: format!(
                            "Task {} has no progress report for {last_quarter}",
                            task.code
                        ),
                    },
                );
            }
        }
    }
    for (agency, (total, bad)) in load {
        if total >= t.bottleneck_min_tasks && (bad as f64) / (total as f64) > t.bottleneck_share {
            out.push(Candidate {
                kind: AlertKind::Bottleneck,
                subject: format!("agency:{agency}"),
                severity: if (bad as f64) / (total as f64) > 0.5 {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                task_id: None,
                indicator_id: None,
                agency_id: agency,
                message: Message {
                    vi: format!(
                        "{bad} trên {total} nhiệm vụ của đơn vị đang quá hạn hoặc chậm tiến độ"
                    ),
                    en: format!("{bad} of the agency's {total} tasks are overdue or off track"),
                },
            });
        }
    }
    kpi_rules(conn, t, today, &mut out)?;
    // Values waiting too long for approval.
    let backlog: Vec<(String, String, String, String, NaiveDateTime)> = indicator_values::table
        .inner_join(indicators::table)
        .filter(indicator_values::status.eq("submitted"))
        .filter(indicator_values::is_current.eq(true))
        .filter(indicator_values::submitted_at.lt(now - TimeDelta::days(t.approval_backlog_days)))
        .select((
            indicator_values::id,
            indicator_values::indicator_id,
            indicator_values::agency_id,
            indicators::code,
            indicator_values::submitted_at.assume_not_null(),
        ))
        .load(conn)?;
    for (value, indicator, agency, code, at) in backlog {
        out.push(Candidate {
            kind: AlertKind::ApprovalBacklog,
            subject: format!("value:{value}"),
            severity: Severity::Warning,
            task_id: None,
            indicator_id: Some(indicator),
            agency_id: agency,
            message: Message {
                vi: format!(
                    "Số liệu chỉ tiêu {code} gửi ngày {} chưa được phê duyệt hoặc trả lại sau {} ngày",
                    d_vi(at.date()),
                    (now - at).num_days()
                ),
                en: format!(
                    "The figure of indicator {code} submitted on {} has been neither approved nor returned for {} days",
                    at.date(),
                    (now - at).num_days()
                ),
            },
        });
    }
    directive_rules(conn, today, &mut out)?;
    Ok(out)
}

/// Directives still unanswered after their due date: the directed agency (a task's lead agency, a
/// series' source) has not answered its supervisor.
fn directive_rules(
    conn: &mut DbConn,
    today: NaiveDate,
    out: &mut Vec<Candidate>,
) -> Result<(), ApiError> {
    let late = crate::directives::open(
        conn,
        crate::directives::OpenFilter {
            due_before: Some(today),
            ..Default::default()
        },
    )?;
    for d in late {
        let Some(due) = d.due_date else { continue };
        out.push(Candidate {
            kind: AlertKind::DirectiveOverdue,
            subject: format!("directive:{}", d.id),
            severity: Severity::Warning,
            task_id: d.task_id,
            indicator_id: d.indicator_id,
            agency_id: d.directed_agency_id,
            message: Message {
                vi: format!(
                    "Chỉ đạo về {} hạn trả lời {} chưa được trả lời ({} ngày quá hạn)",
                    d.about.short,
                    d_vi(due),
                    (today - due).num_days()
                ),
                en: format!(
                    "The directive on {} due {due} has not been answered ({} days overdue)",
                    d.about.short,
                    (today - due).num_days()
                ),
            },
        });
    }
    Ok(())
}

fn kpi_rules(
    conn: &mut DbConn,
    t: &Thresholds,
    today: NaiveDate,
    out: &mut Vec<Candidate>,
) -> Result<(), ApiError> {
    let list: Vec<IndicatorRow> = indicators::table
        .select(IndicatorRow::as_select())
        .load(conn)?;
    for ind in list
        .iter()
        .filter(|i| i.group() != IndicatorGroup::Composite)
    {
        let agencies = reporting_agencies(conn, ind)?;
        let frequency = ind.frequency().period_frequency();
        let current = Period::containing(today, frequency);
        let last_finished = Period::containing(current.bounds().0 - TimeDelta::days(1), frequency);
        // Late against the series' own deadline in the indicator's calendar (the grace days
        // `t.report_grace_days` when it has none).
        let mut cal = crate::reporting::calendar::load(conn, &ind.id)?;
        if !cal.configured {
            cal.report_days = t.report_grace_days;
        }
        let kinds = crate::reporting::calendar::kinds_of(conn, agencies.iter().cloned())?;
        let late = |agency: &str| {
            let kind = kinds
                .get(agency)
                .copied()
                .unwrap_or(crate::agencies::AgencyKind::Other);
            today > cal.report_deadline(kind, last_finished)
        };
        // Only what the rules need, never a whole series: the latest approved figure of each
        // series (one aggregate), the figures of the last finished period, and the approved
        // figures of the last few periods for the forecast.
        let latest: HashMap<String, (String, f64)> =
            crate::indicators::stats::latest_counted(conn, &ind.id)?
                .into_iter()
                .map(|l| (l.agency_id, (l.period, l.value)))
                .collect();
        let reported: HashSet<String> = indicator_values::table
            .filter(indicator_values::indicator_id.eq(&ind.id))
            .filter(indicator_values::period.eq(last_finished.to_string()))
            .filter(indicator_values::is_current.eq(true))
            .filter(indicator_values::status.ne("draft"))
            .select(indicator_values::agency_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let mut window = current;
        for _ in 0..t.forecast_points {
            window = Period::containing(window.bounds().0 - TimeDelta::days(1), frequency);
        }
        let mut recent_counted: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
        for (agency, end, value) in indicator_values::table
            .filter(indicator_values::indicator_id.eq(&ind.id))
            .filter(indicator_values::counted.eq(true))
            .filter(indicator_values::period_end.ge(window.bounds().1))
            .select((
                indicator_values::agency_id,
                indicator_values::period_end,
                indicator_values::value,
            ))
            .load::<(String, NaiveDate, f64)>(conn)?
        {
            recent_counted.entry(agency).or_default().push((end, value));
        }
        let targets: Vec<(String, String, f64)> = crate::db::schema::indicator_targets::table
            .filter(crate::db::schema::indicator_targets::indicator_id.eq(&ind.id))
            .select((
                crate::db::schema::indicator_targets::period,
                crate::db::schema::indicator_targets::agency_id,
                crate::db::schema::indicator_targets::value,
            ))
            .load(conn)?;
        for agency in &agencies {
            let created = ind.created_at.date();
            if late(agency) && !reported.contains(agency) && created <= last_finished.bounds().1 {
                out.push(Candidate {
                    kind: AlertKind::StaleKpi,
                    subject: format!("indicator:{}:{agency}", ind.id),
                    severity: Severity::Warning,
                    task_id: None,
                    indicator_id: Some(ind.id.clone()),
                    agency_id: agency.clone(),
                    message: Message {
                        vi: format!("Chưa có số liệu chỉ tiêu {} kỳ {last_finished}", ind.code),
                        en: format!("No figure of indicator {} for {last_finished}", ind.code),
                    },
                });
            }
            if let Some((period, value)) = latest.get(agency) {
                let target = crate::indicators::stats::target_for(ind, &targets, period, agency);
                if let Some(target) = target {
                    if let Some(pct) =
                        crate::indicators::series::achievement(ind.direction(), *value, target)
                    {
                        if pct < 100.0 - t.kpi_band_pct {
                            out.push(Candidate {
                                kind: AlertKind::KpiOffTrack,
                                subject: format!("indicator:{}:{agency}", ind.id),
                                severity: if pct < 100.0 - 2.0 * t.kpi_band_pct {
                                    Severity::Critical
                                } else {
                                    Severity::Warning
                                },
                                task_id: ind.task_id.clone(),
                                indicator_id: Some(ind.id.clone()),
                                agency_id: agency.clone(),
                                message: Message {
                                    vi: format!(
                                        "Chỉ tiêu {} kỳ {period} đạt {} % mục tiêu ({} / {})",
                                        ind.code,
                                        n_vi(pct),
                                        crate::vietnamese::number(*value),
                                        crate::vietnamese::number(target)
                                    ),
                                    en: format!(
                                        "Indicator {} reached {} % of its target in {period} ({} / {})",
                                        ind.code,
                                        fmt1(pct),
                                        value,
                                        target
                                    ),
                                },
                            });
                        }
                    }
                }
            }
            let mut counted = recent_counted.remove(agency).unwrap_or_default();
            counted.sort_by_key(|c| c.0);
            if let (Some(target), Some(target_period)) = (
                ind.target_value,
                ind.target_period
                    .as_deref()
                    .and_then(|p| p.parse::<Period>().ok()),
            ) {
                let recent: Vec<(NaiveDate, f64)> = counted
                    .iter()
                    .rev()
                    .take(t.forecast_points)
                    .copied()
                    .collect();
                if recent.len() >= 2 && target_period.bounds().1 >= today {
                    if let Some(projected) = projected_value(&recent, target_period.bounds().1) {
                        let short = match ind.direction() {
                            Direction::Increase => projected < target,
                            Direction::Decrease => projected > target,
                        };
                        if short {
                            out.push(Candidate {
                                kind: AlertKind::ForecastMiss,
                                subject: format!("indicator:{}:{agency}", ind.id),
                                severity: Severity::Warning,
                                task_id: ind.task_id.clone(),
                                indicator_id: Some(ind.id.clone()),
                                agency_id: agency.clone(),
                                message: Message {
                                    vi: format!(
                                        "Theo xu hướng, chỉ tiêu {} dự kiến đạt {} vào kỳ {target_period}, chưa đạt mục tiêu {}",
                                        ind.code,
                                        n_vi(projected),
                                        crate::vietnamese::number(target)
                                    ),
                                    en: format!(
                                        "On its trend, indicator {} would reach {} by {target_period}, short of its target {target}",
                                        ind.code,
                                        fmt1(projected)
                                    ),
                                },
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn least_squares_on_a_known_line() {
        let (a, b) = least_squares(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).unwrap();
        assert!((a - 1.0).abs() < 1e-9 && (b - 2.0).abs() < 1e-9);
        assert!(least_squares(&[(1.0, 1.0)]).is_none());
        assert!(least_squares(&[(1.0, 1.0), (1.0, 2.0)]).is_none());
    }

    #[test]
    fn projected_completion_date() {
        // 10 points of progress every 10 days from 2025-01-01: 100% is reached on 2025-04-11.
        let pts = [
            (d("2025-01-01"), 0.0),
            (d("2025-01-11"), 10.0),
            (d("2025-01-21"), 20.0),
        ];
        assert_eq!(projected_completion(&pts), Some(d("2025-04-11")));
        let flat = [(d("2025-01-01"), 30.0), (d("2025-02-01"), 30.0)];
        assert_eq!(projected_completion(&flat), None);
        let v = projected_value(
            &[(d("2025-01-01"), 10.0), (d("2025-01-11"), 20.0)],
            d("2025-01-31"),
        )
        .unwrap();
        assert!((v - 40.0).abs() < 1e-9);
    }
}
