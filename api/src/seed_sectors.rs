//! The demo's sector lines (docs/roles.md): in each of the 34 provinces, the Departments of
//! Education and Training, of Health and of Science and Technology, in the lines of their
//! ministries; and an indicator of each of those ministries that its line reports from every
//! province — the ministries' sector views.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::agencies::handlers::{self as agencies_service, CreateAgency, UpdateAgency};
use crate::agencies::{AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::db::{self, now, DbConn};
use crate::error::ApiError;
use crate::indicators::handlers::{self as indicators_service, CreateIndicator};
use crate::indicators::values::{self as values_service, CreateValue, Step};
use crate::indicators::{Aggregation, Direction, Frequency, IndicatorGroup, ValueType};
use crate::period::{Frequency as PeriodFrequency, Period};

/// (code suffix, department name, ministry)
const LINES: &[(&str, &str, &str)] = &[
    ("SGDDT", "Sở Giáo dục và Đào tạo", "BGDDT"),
    ("SYT", "Sở Y tế", "BYT"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "BKHCN"),
];

/// The share of five-year-olds in kindergarten in the demo's first provinces, for the last four
/// quarters (oldest first); NaN: not reported yet. The other provinces' figures are made up by
/// [`made_up`].
const FIGURES: &[(&str, [f64; 4])] = &[
    ("HN", [98.1, 98.4, 98.9, 99.2]),
    ("HCM", [97.6, 98.0, 98.3, 98.8]),
    ("DN", [99.0, 99.1, 99.4, 99.6]),
    ("NA", [95.2, 95.9, 96.4, f64::NAN]),
    ("LC", [91.5, 92.8, 93.6, 94.1]),
];

/// One sector indicator of the demo: a ministry's, reported by the departments of its line.
struct SectorIndicator {
    code: &'static str,
    name: &'static str,
    /// The department suffix of the line that reports it.
    line: &'static str,
    planner: &'static str,
    source: &'static str,
    definition: &'static str,
    baseline: f64,
    target: f64,
    /// The figures of the provinces not in [`FIGURES`] start here.
    base: f64,
}

const INDICATORS: &[SectorIndicator] = &[
    SectorIndicator {
        code: "GD_MN5",
        name: "Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo",
        line: "SGDDT",
        planner: "kehoach.bgddt",
        source: "Cơ sở dữ liệu ngành giáo dục",
        definition: "Số trẻ em 5 tuổi đang học mẫu giáo chia cho số trẻ em 5 tuổi trên địa bàn, \
                     nhân 100.",
        baseline: 97.0,
        target: 99.5,
        base: 93.0,
    },
    SectorIndicator {
        code: "YT_XA_CHUAN",
        name: "Tỷ lệ xã, phường đạt Bộ tiêu chí quốc gia về y tế",
        line: "SYT",
        planner: "kehoach.byt",
        source: "Hệ thống thông tin y tế cơ sở",
        definition: "Số xã, phường đạt Bộ tiêu chí quốc gia về y tế chia cho tổng số xã, phường \
                     của tỉnh, nhân 100.",
        baseline: 80.0,
        target: 95.0,
        base: 78.0,
    },
    SectorIndicator {
        code: "KHCN_DVC_TT",
        name: "Tỷ lệ thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình",
        line: "SKHCN",
        planner: "kehoach.bkhcn",
        source: "Cổng Dịch vụ công quốc gia",
        definition: "Số thủ tục hành chính cung cấp trực tuyến toàn trình chia cho tổng số thủ \
                     tục hành chính của tỉnh, nhân 100.",
        baseline: 55.0,
        target: 80.0,
        base: 50.0,
    },
];

fn id_of(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)?)
}

/// The place's name in a department's name: "Sở Y tế Hà Nội", "Sở Y tế Thành phố Hồ Chí Minh".
fn place(province_name: &str) -> &str {
    let rest = province_name
        .strip_prefix("Tỉnh ")
        .or_else(|| province_name.strip_prefix("Thành phố "))
        .unwrap_or(province_name);
    if rest == "Hồ Chí Minh" {
        province_name
    } else {
        rest
    }
}

/// A made-up but steady figure: province number `i` (by official code), quarter `q` (0 oldest).
fn made_up(base: f64, i: usize, q: usize) -> f64 {
    let v = base + ((i * 37) % 29) as f64 * 0.17 + q as f64 * 0.4;
    (v * 10.0).round() / 10.0
}

pub fn load(
    conn: &mut DbConn,
    admin: &Caller,
    today: NaiveDate,
    established: NaiveDate,
    hash: &str,
) -> Result<(), ApiError> {
    // Every active province, in the order of the state's codes.
    let provinces: Vec<(String, String, String)> = agencies::table
        .filter(agencies::kind.eq(AgencyKind::Province.as_str()))
        .filter(agencies::status.eq(AgencyStatus::Active.as_str()))
        .order(agencies::official_code.asc())
        .select((agencies::id, agencies::code, agencies::name))
        .load(conn)?;
    for (parent, province, province_name) in &provinces {
        for (suffix, name, ministry) in LINES {
            let sector = id_of(conn, ministry)?;
            let code = format!("{province}-{suffix}");
            let existing: Option<String> = agencies::table
                .filter(agencies::code.eq(&code))
                .select(agencies::id)
                .first(conn)
                .optional()?;
            match existing {
                // Recorded before lines existed (Hà Nội's and Hồ Chí Minh City's Departments of
                // Science and Technology): it joins its line.
                Some(id) => {
                    agencies_service::update_in(
                        conn,
                        admin,
                        &id,
                        UpdateAgency {
                            code: None,
                            official_code: None,
                            name: None,
                            kind: None,
                            parent_id: None,
                            sector_ministry_id: Some(Some(sector)),
                        },
                        None,
                    )?;
                }
                None => {
                    let established_on = Some(established.max(established_of(conn, parent)?));
                    agencies_service::create_in(
                        conn,
                        admin,
                        CreateAgency {
                            code,
                            official_code: None,
                            name: format!("{name} {}", place(province_name)),
                            kind: AgencyKind::Department,
                            parent_id: parent.clone(),
                            established_on,
                            sector_ministry_id: Some(sector),
                        },
                    )?;
                }
            }
        }
    }
    let codes: Vec<String> = provinces.into_iter().map(|(_, code, _)| code).collect();
    for indicator in INDICATORS {
        sector_indicator(conn, admin, today, hash, indicator, &codes)?;
    }
    committee(conn, admin)
}

/// Resolution 72-NQ/TW (health) has its steering committee: the Ministry of Health as standing
/// agency (it acts as the owner), the Ministries of Education and of Finance as members.
fn committee(conn: &mut DbConn, admin: &Caller) -> Result<(), ApiError> {
    use crate::db::schema::resolutions;
    let resolution: String = resolutions::table
        .filter(resolutions::code.eq("72-NQ/TW"))
        .select(resolutions::id)
        .first(conn)?;
    let input = crate::resolutions::committee::SetCommittee {
        standing_agency_id: Some(id_of(conn, "BYT")?),
        member_agency_ids: vec![id_of(conn, "BGDDT")?, id_of(conn, "BTC")?],
    };
    crate::resolutions::committee::set_in(conn, admin, &resolution, input)?;
    Ok(())
}

/// The day an agency was established (a department cannot be older than its province).
fn established_of(conn: &mut DbConn, id: &str) -> Result<NaiveDate, ApiError> {
    let (on, created): (Option<NaiveDate>, chrono::NaiveDateTime) = agencies::table
        .find(id)
        .select((agencies::established_on, agencies::created_at))
        .first(conn)?;
    Ok(on.unwrap_or(created.date()))
}

/// The ministry's planner defines the indicator (a year ago); each department's reporter writes
/// and submits its figure a few days after the quarter, its province's approver (or the
/// administrator) approves it a week later. In the education indicator, the latest quarter's
/// figure of Hồ Chí Minh City waits and Nghệ An has not reported it yet.
fn sector_indicator(
    conn: &mut DbConn,
    admin: &Caller,
    today: NaiveDate,
    hash: &str,
    def: &SectorIndicator,
    provinces: &[String],
) -> Result<(), ApiError> {
    let planner = Caller::of_user(conn, def.planner)?;
    let current = Period::containing(today, PeriodFrequency::Quarterly);
    let mut quarters = vec![current];
    while quarters.len() < 5 {
        let before = quarters[0].bounds().0 - TimeDelta::days(1);
        quarters.insert(0, Period::containing(before, PeriodFrequency::Quarterly));
    }
    // The four quarters that have ended.
    quarters.pop();
    let now = now();
    let (indicator, _) = db::at(now - TimeDelta::days(400), || {
        indicators_service::create_in(
            conn,
            &planner,
            CreateIndicator {
                code: def.code.to_string(),
                name: def.name.to_string(),
                description: format!(
                    "Chỉ tiêu ngành, do các sở của 34 tỉnh, thành phố báo cáo {}.",
                    def.source
                ),
                group: IndicatorGroup::Outcome,
                unit: "%".to_string(),
                value_type: ValueType::Percent,
                direction: Direction::Increase,
                aggregation: Aggregation::Average,
                frequency: Frequency::Quarterly,
                owner_agency_id: planner.agency_id.clone(),
                reporting_agency_ids: Vec::new(),
                reporting_agency_kind: Some(AgencyKind::Department),
                source_agency_id: None,
                task_id: None,
                drives_task_progress: false,
                baseline_value: Some(def.baseline),
                baseline_period: Some(quarters[0].to_string()),
                target_value: Some(def.target),
                target_period: Some(
                    Period::containing(today + TimeDelta::days(365), PeriodFrequency::Quarterly)
                        .to_string(),
                ),
                formula: None,
                definition: def.definition.to_string(),
                data_source: def.source.to_string(),
                method: "Sở tổng hợp từ các cơ sở trên địa bàn".to_string(),
                verification: "Đối chiếu với số liệu của ngành thống kê".to_string(),
            },
        )
    })?;
    let education = def.line == "SGDDT";
    for (i, province) in provinces.iter().enumerate() {
        let given = FIGURES
            .iter()
            .find(|(p, _)| education && p == province)
            .map(|(_, f)| *f);
        let figures: [f64; 4] =
            given.unwrap_or_else(|| std::array::from_fn(|q| made_up(def.base, i, q)));
        let department = id_of(conn, &format!("{province}-{}", def.line))?;
        let author = crate::seed_programmes::reporter_for(conn, &department, admin, hash)?;
        let approver = crate::seed_indicators::approver_for(conn, &department, admin)?;
        for (q, (period, value)) in quarters.iter().zip(figures).enumerate() {
            if value.is_nan() {
                continue;
            }
            let arrived = (period.bounds().1.and_hms_opt(9, 0, 0).expect("time")
                + TimeDelta::days(6 + (i % 5) as i64))
            .min(now);
            let waits = education && province == "HCM" && q == quarters.len() - 1;
            let row = db::at(arrived, || {
                values_service::create_in(
                    conn,
                    &author,
                    &indicator.id,
                    &CreateValue {
                        agency_id: department.clone(),
                        period: period.to_string(),
                        value,
                        note: String::new(),
                        evidence_url: None,
                        submit: true,
                        attachment_ids: Vec::new(),
                    },
                )
            })?;
            if !waits {
                let decided = (arrived + TimeDelta::days(7)).min(now);
                db::at(decided, || {
                    values_service::step_in(conn, &approver, &row.id, &Step::Approve)
                })?;
            }
        }
    }
    Ok(())
}
