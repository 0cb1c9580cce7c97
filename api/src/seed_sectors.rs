//! The demo's sector lines (docs/roles.md): the provinces' Departments of Education and Training
//! and of Health in the lines of their ministries, the Departments of Science and Technology in
//! the line of theirs, and an indicator of the Ministry of Education and Training that its line
//! reports from every province — the ministry's sector view.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::agencies::handlers::{self as agencies_service, CreateAgency, UpdateAgency};
use crate::agencies::AgencyKind;
use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::db::{self, now, DbConn};
use crate::error::ApiError;
use crate::indicators::handlers::{self as indicators_service, CreateIndicator};
use crate::indicators::values::{self as values_service, CreateValue, Step};
use crate::indicators::{Aggregation, Direction, Frequency, IndicatorGroup, ValueType};
use crate::period::{Frequency as PeriodFrequency, Period};

/// (province code, its name in the departments' names)
const PROVINCES: &[(&str, &str)] = &[
    ("HN", "Hà Nội"),
    ("HCM", "Thành phố Hồ Chí Minh"),
    ("DN", "Đà Nẵng"),
    ("NA", "Nghệ An"),
    ("LC", "Lào Cai"),
];

/// (code suffix, department name, ministry)
const LINES: &[(&str, &str, &str)] = &[
    ("SGDDT", "Sở Giáo dục và Đào tạo", "BGDDT"),
    ("SYT", "Sở Y tế", "BYT"),
];

/// The share of five-year-olds in kindergarten, per province, for the last four quarters (oldest
/// first); NaN: not reported yet.
const FIGURES: &[(&str, [f64; 4])] = &[
    ("HN", [98.1, 98.4, 98.9, 99.2]),
    ("HCM", [97.6, 98.0, 98.3, 98.8]),
    ("DN", [99.0, 99.1, 99.4, 99.6]),
    ("NA", [95.2, 95.9, 96.4, f64::NAN]),
    ("LC", [91.5, 92.8, 93.6, 94.1]),
];

fn id_of(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)?)
}

pub fn load(
    conn: &mut DbConn,
    admin: &Caller,
    today: NaiveDate,
    established: NaiveDate,
    hash: &str,
) -> Result<(), ApiError> {
    for (province, place) in PROVINCES {
        let parent = id_of(conn, province)?;
        for (suffix, name, ministry) in LINES {
            let sector = id_of(conn, ministry)?;
            agencies_service::create_in(
                conn,
                admin,
                CreateAgency {
                    code: format!("{province}-{suffix}"),
                    official_code: None,
                    name: format!("{name} {place}"),
                    kind: AgencyKind::Department,
                    parent_id: parent.clone(),
                    established_on: Some(established),
                    sector_ministry_id: Some(sector),
                },
            )?;
        }
    }
    // The Departments of Science and Technology, recorded before lines existed, join theirs.
    let bkhcn = id_of(conn, "BKHCN")?;
    for code in ["HN-SKHCN", "HCM-SKHCN"] {
        let id = id_of(conn, code)?;
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
                sector_ministry_id: Some(Some(bkhcn.clone())),
            },
            None,
        )?;
    }
    education_indicator(conn, admin, today, hash)
}

/// The ministry's planner defines the indicator (a year ago); each department's reporter writes
/// and submits its figure a few days after the quarter, its province's approver (or the
/// administrator) approves it a week later; the latest quarter's figure of Hồ Chí Minh City waits.
fn education_indicator(
    conn: &mut DbConn,
    admin: &Caller,
    today: NaiveDate,
    hash: &str,
) -> Result<(), ApiError> {
    let planner = Caller::of_user(conn, "kehoach.bgddt")?;
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
                code: "GD_MN5".to_string(),
                name: "Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo".to_string(),
                description: "Chỉ tiêu của Nghị quyết 71-NQ/TW, do các Sở Giáo dục và Đào tạo báo \
                              cáo Bộ Giáo dục và Đào tạo."
                    .to_string(),
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
                baseline_value: Some(97.0),
                baseline_period: Some(quarters[0].to_string()),
                target_value: Some(99.5),
                target_period: Some(
                    Period::containing(today + TimeDelta::days(365), PeriodFrequency::Quarterly)
                        .to_string(),
                ),
                formula: None,
                definition: "Số trẻ em 5 tuổi đang học mẫu giáo chia cho số trẻ em 5 tuổi trên \
                             địa bàn, nhân 100."
                    .to_string(),
                data_source: "Cơ sở dữ liệu ngành giáo dục".to_string(),
                method: "Sở Giáo dục và Đào tạo tổng hợp từ các cơ sở giáo dục mầm non".to_string(),
                verification: "Đối chiếu với số liệu dân số của ngành thống kê".to_string(),
            },
        )
    })?;
    for (province, figures) in FIGURES {
        let department = id_of(conn, &format!("{province}-SGDDT"))?;
        let author = crate::seed_programmes::reporter_for(conn, &department, admin, hash)?;
        let approver = crate::seed_indicators::approver_for(conn, &department, admin)?;
        for (i, (period, value)) in quarters.iter().zip(figures).enumerate() {
            if value.is_nan() {
                continue;
            }
            let arrived = (period.bounds().1.and_hms_opt(9, 0, 0).expect("time")
                + TimeDelta::days(6))
            .min(now);
            let waits = *province == "HCM" && i == quarters.len() - 1;
            let row = db::at(arrived, || {
                values_service::create_in(
                    conn,
                    &author,
                    &indicator.id,
                    &CreateValue {
                        agency_id: department.clone(),
                        period: period.to_string(),
                        value: *value,
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
