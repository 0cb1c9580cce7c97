//! Demo indicators in all five groups, reported by several provinces over several quarters, with
//! values in every workflow state.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::{
    agencies, indicator_components, indicator_targets, indicator_values, indicators, tasks, users,
};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
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

fn id_of(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)?)
}

fn user_id(conn: &mut DbConn, username: &str) -> Result<String, ApiError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn)?)
}

pub fn load(conn: &mut DbConn, today: NaiveDate) -> Result<(), ApiError> {
    let root = id_of(conn, crate::bootstrap::ROOT_CODE)?;
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
    for (
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
        let id = new_id();
        let source_id = match source {
            Some(s) => Some(id_of(conn, s)?),
            None => None,
        };
        let drives = *code == "COMMUNE_ONLINE" && task_57_3.is_some();
        diesel::insert_into(indicators::table)
            .values((
                (
                    indicators::id.eq(&id),
                    indicators::code.eq(code),
                    indicators::name.eq(name),
                    indicators::indicator_group.eq(group),
                    indicators::unit.eq(unit),
                    indicators::value_type.eq(value_type),
                    indicators::direction.eq(direction),
                    indicators::aggregation.eq(aggregation),
                    indicators::frequency.eq(frequency),
                    indicators::owner_agency_id.eq(&root),
                    indicators::reporting_agency_kind.eq(kind),
                    indicators::source_agency_id.eq(&source_id),
                ),
                (
                    indicators::task_id.eq(if drives { task_57_3.clone() } else { None }),
                    indicators::drives_task_progress.eq(drives),
                    indicators::baseline_value.eq(baseline),
                    indicators::baseline_period.eq(baseline.map(|_| baseline_period.clone())),
                    indicators::target_value.eq(target),
                    indicators::target_period.eq(target.map(|_| target_period.clone())),
                    indicators::formula.eq(formula),
                    indicators::definition.eq(definition),
                    indicators::data_source
                        .eq("Báo cáo định kỳ của các cơ quan, đơn vị; cơ sở dữ liệu chuyên ngành"),
                    indicators::method
                        .eq("Tổng hợp theo quý từ số liệu đã được thủ trưởng đơn vị phê duyệt"),
                    indicators::verification
                        .eq("Đối chiếu với hệ thống quản lý văn bản và Cổng dịch vụ công quốc gia"),
                    indicators::version.eq(1),
                ),
                indicators::created_at.eq(now - TimeDelta::days(400)),
                indicators::updated_at.eq(now),
            ))
            .execute(conn)?;
        if let Some(f) = formula {
            for component in crate::indicators::formula::codes(
                &crate::indicators::formula::parse(f).expect("demo formula"),
            ) {
                let component_id: String = indicators::table
                    .filter(indicators::code.eq(&component))
                    .select(indicators::id)
                    .first(conn)?;
                diesel::insert_into(indicator_components::table)
                    .values((
                        indicator_components::composite_id.eq(&id),
                        indicator_components::component_id.eq(component_id),
                    ))
                    .execute(conn)?;
            }
        }
    }
    let admin = user_id(conn, crate::bootstrap::ADMIN_USERNAME)?;
    let approver = user_id(conn, "pheduyet.hn").unwrap_or_else(|_| admin.clone());
    for (n, (code, agency_code, figures)) in FIGURES.iter().enumerate() {
        let (indicator, source): (String, Option<String>) = indicators::table
            .filter(indicators::code.eq(code))
            .select((indicators::id, indicators::source_agency_id))
            .first(conn)?;
        let agency = id_of(conn, agency_code)?;
        let author_agency = source.unwrap_or_else(|| agency.clone());
        let author: String = users::table
            .filter(users::agency_id.eq(&author_agency))
            .filter(users::roles.like("%reporter%"))
            .select(users::id)
            .first::<String>(conn)
            .optional()?
            .unwrap_or_else(|| admin.clone());
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
                _ if old_map => "approved",
                (4, 0) => "submitted",
                (4, 1) => "draft",
                (4, _) => "returned",
                (3, 0) => "submitted",
                _ => "approved",
            };
            let approved = status == "approved";
            let submitted = status != "draft";
            // Figures arrive a few days after their period (some late), approvals a week later.
            let submitted_at = period.bounds().1.and_hms_opt(9, 0, 0).expect("time")
                + TimeDelta::days(if n % 4 == 0 { 25 } else { 5 });
            let submitted_at = submitted_at.min(now);
            let approved_at = (submitted_at + TimeDelta::days(7)).min(now);
            diesel::insert_into(indicator_values::table)
                .values((
                    (
                        indicator_values::id.eq(new_id()),
                        indicator_values::indicator_id.eq(&indicator),
                        indicator_values::agency_id.eq(&agency),
                        indicator_values::period.eq(period.to_string()),
                        indicator_values::period_end.eq(period.bounds().1),
                        indicator_values::revision.eq(1),
                        indicator_values::value.eq(value),
                        indicator_values::note.eq(""),
                        indicator_values::status.eq(status),
                        indicator_values::is_current.eq(true),
                        indicator_values::counted.eq(approved),
                        indicator_values::created_by.eq(&author),
                    ),
                    (
                        indicator_values::submitted_by.eq(submitted.then(|| author.clone())),
                        indicator_values::submitted_at.eq(submitted.then_some(submitted_at)),
                        indicator_values::approved_by.eq(approved.then(|| approver.clone())),
                        indicator_values::approved_at.eq(approved.then_some(approved_at)),
                        indicator_values::return_reason.eq((status == "returned").then_some(
                            "Số liệu chưa khớp với báo cáo quý trước, đề nghị rà soát lại.",
                        )),
                        indicator_values::created_at.eq(now),
                        indicator_values::updated_at.eq(now),
                    ),
                ))
                .execute(conn)?;
        }
    }
    // Interim targets per quarter, for every province.
    for (code, start, step) in [
        ("DT_DOCS", 60.0, 7.5),
        ("DT_SERVICES", 40.0, 5.0),
        ("COMMUNE_ONLINE", 50.0, 8.0),
    ] {
        let indicator: String = indicators::table
            .filter(indicators::code.eq(code))
            .select(indicators::id)
            .first(conn)?;
        for (i, period) in quarters.iter().enumerate() {
            diesel::insert_into(indicator_targets::table)
                .values((
                    indicator_targets::indicator_id.eq(&indicator),
                    indicator_targets::period.eq(period.to_string()),
                    indicator_targets::agency_id.eq(""),
                    indicator_targets::value.eq(start + step * i as f64),
                ))
                .execute(conn)?;
        }
    }
    // The commune indicator drives its task's progress.
    let commune: crate::indicators::IndicatorRow = indicators::table
        .filter(indicators::code.eq("COMMUNE_ONLINE"))
        .select(crate::indicators::IndicatorRow::as_select())
        .first(conn)?;
    crate::indicators::series::drive_task_progress(
        conn,
        &crate::audit::Actor::system("seed-demo"),
        &commune,
    )?;
    Ok(())
}
