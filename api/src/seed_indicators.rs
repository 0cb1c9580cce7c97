//! Demo indicators in all five groups, reported by several provinces over several quarters, with
//! values in every workflow state.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::auth::Caller;
use crate::db::schema::{agencies, indicators, tasks, users};
use crate::db::{self, now, DbConn};
use crate::error::ApiError;
use crate::indicators::handlers::{
    self as indicators_service, CreateIndicator, InterimTarget, PutTargets,
};
use crate::indicators::values::{self as values_service, CreateValue, Step, ValueStatus};

use crate::period::{Frequency, Period};

/// (code, name, group, unit, value type, direction, aggregation, frequency, reporting kind,
/// source agency code, baseline, target, formula, definition)
type Def = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<f64>,
    Option<f64>,
    Option<&'static str>,
    &'static str,
);

const INDICATORS: &[Def] = &[
    ("DT_DOCS", "Tỷ lệ văn bản điện tử được ký số", "process", "%", "percent", "increase", "average", "quarterly", Some("province"), None, Some(40.0), Some(100.0), None,
     "Số văn bản đi được ký số chia cho tổng số văn bản đi trong kỳ, nhân 100."),
    ("DT_SERVICES", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "output", "%", "percent", "increase", "average", "quarterly", Some("province"), None, Some(30.0), Some(80.0), None,
     "Số thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình chia cho tổng số thủ tục, nhân 100."),
    ("DT_INDEX", "Chỉ số chuyển đổi số tổng hợp", "composite", "điểm", "number", "increase", "average", "quarterly", Some("province"), None, None, Some(90.0), Some("0.4*{DT_DOCS} + 0.6*{DT_SERVICES}"),
     "Chỉ số tổng hợp từ tỷ lệ văn bản ký số (trọng số 0,4) và tỷ lệ dịch vụ công toàn trình (trọng số 0,6)."),
    ("NEW_FIRMS", "Số doanh nghiệp thành lập mới", "outcome", "doanh nghiệp", "number", "increase", "sum", "quarterly", Some("province"), None, None, None, None,
     "Số doanh nghiệp được cấp giấy chứng nhận đăng ký doanh nghiệp lần đầu trong kỳ."),
    ("RD_BUDGET", "Kinh phí chi cho nghiên cứu khoa học", "input", "tỷ đồng", "number", "increase", "sum", "quarterly", Some("province"), Some("BTC-TK"), None, None, None,
     "Tổng chi ngân sách cho nhiệm vụ khoa học và công nghệ trong kỳ, do Cục Thống kê tổng hợp."),
    ("COMMUNE_ONLINE", "Tỷ lệ hồ sơ giải quyết trực tuyến cấp xã", "output", "%", "percent", "increase", "average", "quarterly", Some("commune"), None, Some(20.0), Some(100.0), None,
     "Số hồ sơ thủ tục hành chính cấp xã tiếp nhận và giải quyết trực tuyến chia cho tổng số hồ sơ, nhân 100."),
];

/// (indicator, province, figures for the last five quarters, oldest first)
const FIGURES: &[(&str, &str, [f64; 5])] = &[
    ("DT_DOCS", "HN", [62.0, 70.0, 76.0, 83.0, 88.0]),
    ("DT_DOCS", "HCM", [65.0, 72.0, 78.0, 81.0, 86.0]),
    ("DT_DOCS", "DN", [70.0, 74.0, 80.0, 85.0, 90.0]),
    ("DT_DOCS", "NA", [40.0, 44.0, 47.0, 49.0, 52.0]),
    ("DT_SERVICES", "HN", [35.0, 40.0, 46.0, 52.0, 58.0]),
    ("DT_SERVICES", "HCM", [38.0, 44.0, 50.0, 55.0, 61.0]),
    ("DT_SERVICES", "DN", [42.0, 47.0, 53.0, 60.0, 66.0]),
    ("DT_SERVICES", "NA", [25.0, 27.0, 29.0, 31.0, 33.0]),
    ("NEW_FIRMS", "HN", [7200.0, 7900.0, 8100.0, 8600.0, 9100.0]),
    (
        "NEW_FIRMS",
        "HCM",
        [10100.0, 10800.0, 11500.0, 11900.0, 12600.0],
    ),
    ("RD_BUDGET", "HN", [410.0, 455.0, 470.0, 520.0, 560.0]),
    ("RD_BUDGET", "HCM", [600.0, 640.0, 690.0, 720.0, 780.0]),
    (
        "COMMUNE_ONLINE",
        "HN-BADINH",
        [55.0, 63.0, 71.0, 80.0, 86.0],
    ),
    (
        "COMMUNE_ONLINE",
        "HN-HOANKIEM",
        [50.0, 58.0, 66.0, 72.0, 79.0],
    ),
    // Units of the old map (merged or split on 1 July 2025 by crate::seed): their first four
    // figures are of the four quarters before the reform (OLD_MAP_PERIODS), all approved.
    ("DT_DOCS", "TQ", [45.0, 50.0, 56.0, 61.0, 67.0]),
    ("DT_DOCS", "HG", [30.0, 34.0, 39.0, 43.0, f64::NAN]),
    ("DT_SERVICES", "TQ", [22.0, 26.0, 31.0, 35.0, 40.0]),
    ("DT_SERVICES", "HG", [15.0, 18.0, 22.0, 25.0, f64::NAN]),
    (
        "COMMUNE_ONLINE",
        "HN-HANGBAC",
        [40.0, 46.0, 52.0, 58.0, f64::NAN],
    ),
    (
        "COMMUNE_ONLINE",
        "HN-HANGDAO",
        [35.0, 41.0, 48.0, 55.0, f64::NAN],
    ),
    (
        "COMMUNE_ONLINE",
        "HG-NGUYENTRAI",
        [28.0, 33.0, 39.0, 44.0, f64::NAN],
    ),
];

/// The units of the old map among FIGURES' agencies.
const OLD_MAP_UNITS: &[&str] = &["HG", "HN-HANGBAC", "HN-HANGDAO", "HG-NGUYENTRAI"];

/// The four quarters before the 2025 reform, when the old map's units reported.
const OLD_MAP_PERIODS: [&str; 4] = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"];

/// Interim targets of the four quarters before the reform (OLD_MAP_PERIODS), for every agency.
const OLD_MAP_TARGETS: &[(&str, [f64; 4])] = &[
    ("DT_DOCS", [40.0, 45.0, 50.0, 55.0]),
    ("DT_SERVICES", [20.0, 25.0, 30.0, 35.0]),
    ("COMMUNE_ONLINE", [30.0, 35.0, 40.0, 45.0]),
];

fn id_of(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)?)
}

/// One of the demo table's words as the enum it names.
fn word<T: std::str::FromStr>(s: &str) -> Result<T, ApiError> {
    s.parse()
        .map_err(|_| ApiError::internal(anyhow::anyhow!("the demo names an unknown kind {s}")))
}

/// Who approves `agency`'s figures: the first demo approver whose agency holds it (Hà Nội's
/// approver for the city and its wards), else the administrator.
pub(crate) fn approver_for(
    conn: &mut DbConn,
    agency: &str,
    admin: &Caller,
) -> Result<Caller, ApiError> {
    let approvers: Vec<(String, String)> = users::table
        .filter(users::roles.like("%\"approver\"%"))
        .order(users::created_at)
        .select((users::username, users::agency_id))
        .load(conn)?;
    for (username, home) in approvers {
        if crate::scope::contains(conn, &home, agency)? {
            return Caller::of_user(conn, &username);
        }
    }
    Ok(admin.clone())
}

/// The catalogue, its targets and two years of figures, written through the services the API
/// uses: the administrator defines the indicators (400 days ago), each figure is written and
/// submitted by its source's reporter on the day it arrived and approved or returned a week later
/// by an approver above it — each step at its own time (`db::at`), so timeliness, locks and the
/// audit read as they would have.
pub fn load(conn: &mut DbConn, today: NaiveDate, hash: &str) -> Result<(), ApiError> {
    let root = id_of(conn, crate::bootstrap::ROOT_CODE)?;
    let admin = Caller::of_user(conn, crate::bootstrap::ADMIN_USERNAME)?;
    let current = Period::containing(today, Frequency::Quarterly);
    let mut quarters = vec![current];
    while quarters.len() < 5 {
        let first = quarters[0].bounds().0 - TimeDelta::days(1);
        quarters.insert(0, Period::containing(first, Frequency::Quarterly));
    }
    let target_period =
        Period::containing(today + TimeDelta::days(365), Frequency::Quarterly).to_string();
    let baseline_period = quarters[0].to_string();
    let task_57_3: Option<String> = tasks::table
        .filter(tasks::code.eq("57-NQ/TW.3.2.1"))
        .select(tasks::id)
        .first(conn)
        .optional()?;
    let now = now();
    // Indicators defined long ago (a new one is not late for periods before it existed).
    db::at(now - TimeDelta::days(400), || -> Result<(), ApiError> {
        for &(
            code,
            name,
            group,
            unit,
            value_type,
            direction,
            aggregation,
            frequency,
            kind,
            source,
            baseline,
            target,
            formula,
            definition,
        ) in INDICATORS
        {
            let source_agency_id = match source {
                Some(s) => Some(id_of(conn, s)?),
                None => None,
            };
            let drives = code == "COMMUNE_ONLINE" && task_57_3.is_some();
            indicators_service::create_in(
                conn,
                &admin,
                CreateIndicator {
                    code: code.to_string(),
                    name: name.to_string(),
                    description: String::new(),
                    group: word(group)?,
                    unit: unit.to_string(),
                    value_type: word(value_type)?,
                    direction: word(direction)?,
                    aggregation: word(aggregation)?,
                    frequency: word(frequency)?,
                    owner_agency_id: root.clone(),
                    reporting_agency_ids: Vec::new(),
                    reporting_agency_kind: kind.map(word).transpose()?,
                    source_agency_id,
                    task_id: if drives { task_57_3.clone() } else { None },
                    drives_task_progress: drives,
                    baseline_value: baseline,
                    baseline_period: baseline.map(|_| baseline_period.clone()),
                    target_value: target,
                    target_period: target.map(|_| target_period.clone()),
                    formula: formula.map(str::to_string),
                    definition: definition.to_string(),
                    data_source:
                        "Báo cáo định kỳ của các cơ quan, đơn vị; cơ sở dữ liệu chuyên ngành"
                            .to_string(),
                    method: "Tổng hợp theo quý từ số liệu đã được thủ trưởng đơn vị phê duyệt"
                        .to_string(),
                    verification:
                        "Đối chiếu với hệ thống quản lý văn bản và Cổng dịch vụ công quốc gia"
                            .to_string(),
                },
            )?;
        }
        Ok(())
    })?;
    // Interim targets per quarter for every agency: the last five quarters, and the four before
    // the reform.
    for (code, start, step) in [
        ("DT_DOCS", 60.0, 7.5),
        ("DT_SERVICES", 40.0, 5.0),
        ("COMMUNE_ONLINE", 50.0, 8.0),
    ] {
        let indicator = indicator_id(conn, code)?;
        let old = OLD_MAP_TARGETS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let interim = OLD_MAP_PERIODS
            .iter()
            .zip(old)
            .map(|(period, value)| (period.to_string(), value))
            .chain(
                quarters
                    .iter()
                    .enumerate()
                    .map(|(i, period)| (period.to_string(), start + step * i as f64)),
            )
            .map(|(period, value)| InterimTarget {
                period,
                agency_id: None,
                value,
            })
            .collect();
        indicators_service::put_targets_in(conn, &admin, &indicator, &PutTargets { interim })?;
    }
    for (n, (code, agency_code, figures)) in FIGURES.iter().enumerate() {
        let (indicator, source): (String, Option<String>) = indicators::table
            .filter(indicators::code.eq(code))
            .select((indicators::id, indicators::source_agency_id))
            .first(conn)?;
        let agency = id_of(conn, agency_code)?;
        let author = crate::seed_programmes::reporter_for(
            conn,
            source.as_deref().unwrap_or(&agency),
            &admin,
            hash,
        )?;
        let approver = approver_for(conn, &agency, &admin)?;
        let old_map = OLD_MAP_UNITS.contains(agency_code);
        let periods: Vec<Period> = if old_map {
            OLD_MAP_PERIODS
                .iter()
                .map(|p| p.parse().expect("a quarter"))
                .collect()
        } else {
            quarters.clone()
        };
        for (i, (period, value)) in periods.iter().zip(figures.iter()).enumerate() {
            if value.is_nan() {
                continue;
            }
            // The last two quarters show the workflow: submitted, returned or draft; the old map's
            // figures were all approved before the reform.
            let status = match (i, n % 3) {
                _ if old_map => ValueStatus::Approved,
                (4, 0) => ValueStatus::Submitted,
                (4, 1) => ValueStatus::Draft,
                (4, _) => ValueStatus::Returned,
                (3, 0) => ValueStatus::Submitted,
                _ => ValueStatus::Approved,
            };
            // Figures arrive a few days after their period (some late), decisions a week later.
            let arrived = (period.bounds().1.and_hms_opt(9, 0, 0).expect("time")
                + TimeDelta::days(if n % 4 == 0 { 25 } else { 5 }))
            .min(now);
            let decided = (arrived + TimeDelta::days(7)).min(now);
            let row = db::at(arrived, || {
                values_service::create_in(
                    conn,
                    &author,
                    &indicator,
                    &CreateValue {
                        agency_id: agency.clone(),
                        period: period.to_string(),
                        value: *value,
                        note: String::new(),
                        evidence_url: None,
                        submit: status != ValueStatus::Draft,
                        attachment_ids: Vec::new(),
                    },
                )
            })?;
            let step = match status {
                ValueStatus::Approved => Step::Approve,
                ValueStatus::Returned => Step::Return(
                    "Số liệu chưa khớp với báo cáo quý trước, đề nghị rà soát lại.".to_string(),
                ),
                _ => continue,
            };
            db::at(decided, || {
                values_service::step_in(conn, &approver, &row.id, &step)
            })?;
        }
    }
    Ok(())
}

fn indicator_id(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(indicators::table
        .filter(indicators::code.eq(code))
        .select(indicators::id)
        .first(conn)?)
}
