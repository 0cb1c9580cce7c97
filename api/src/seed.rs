//! `restrack seed demo`: a realistic Vietnamese hierarchy and a user of every role, so that a
//! newcomer can log in and try each screen.

use diesel::prelude::*;

use crate::agencies::handlers::{self as agencies_service, CreateAgency};
use crate::agencies::AgencyKind;
use crate::auth::password;
use crate::auth::roles::Role;
use crate::auth::Caller;
use crate::bootstrap::{self, ADMIN_USERNAME, ROOT_CODE};
use crate::db::schema::{agencies, users};
use crate::db::{write_transaction, DbConn};
use crate::error::ApiError;
use crate::users::handlers::{self as users_service, CreateUser};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Demo@2026!";

/// (code, name, kind, parent code)
const AGENCIES: &[(&str, &str, AgencyKind, &str)] = &[
    // The central Party committees under the Central Office (ROOT): the Government's, whose
    // ministries carry out most tasks, the National Assembly's, the Fatherland Front's and the
    // central mass organisations', and the central Party bodies'.
    ("DUCP", "Đảng ủy Chính phủ", AgencyKind::Central, ROOT_CODE),
    ("DUQH", "Đảng ủy Quốc hội", AgencyKind::Central, ROOT_CODE),
    ("DUMTTQ", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương", AgencyKind::Central, ROOT_CODE),
    ("DUCCQD", "Đảng ủy các cơ quan Đảng Trung ương", AgencyKind::Central, ROOT_CODE),
    ("BCDTW", "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", AgencyKind::Central, ROOT_CODE),
    ("VPCP", "Văn phòng Chính phủ", AgencyKind::Central, "DUCP"),
    ("BKHCN", "Bộ Khoa học và Công nghệ", AgencyKind::Ministry, "DUCP"),
    ("BTC", "Bộ Tài chính", AgencyKind::Ministry, "DUCP"),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", AgencyKind::Ministry, "DUCP"),
    ("BYT", "Bộ Y tế", AgencyKind::Ministry, "DUCP"),
    ("BCT", "Bộ Công Thương", AgencyKind::Ministry, "DUCP"),
    ("BTP", "Bộ Tư pháp", AgencyKind::Ministry, "DUCP"),
    ("BNG", "Bộ Ngoại giao", AgencyKind::Ministry, "DUCP"),
    ("BKHCN-CDS", "Cục Chuyển đổi số quốc gia", AgencyKind::Department, "BKHCN"),
    ("BTC-TK", "Cục Thống kê", AgencyKind::Department, "BTC"),
    ("HN", "Thành phố Hà Nội", AgencyKind::Province, ROOT_CODE),
    ("HCM", "Thành phố Hồ Chí Minh", AgencyKind::Province, ROOT_CODE),
    ("DN", "Thành phố Đà Nẵng", AgencyKind::Province, ROOT_CODE),
    ("HP", "Thành phố Hải Phòng", AgencyKind::Province, ROOT_CODE),
    ("NA", "Tỉnh Nghệ An", AgencyKind::Province, ROOT_CODE),
    ("LC", "Tỉnh Lào Cai", AgencyKind::Province, ROOT_CODE),
    ("HN-SKHCN", "Sở Khoa học và Công nghệ Hà Nội", AgencyKind::Department, "HN"),
    ("HN-BADINH", "Phường Ba Đình", AgencyKind::Commune, "HN"),
    ("HN-HOANKIEM", "Phường Hoàn Kiếm", AgencyKind::Commune, "HN"),
    ("HN-CAUGIAY", "Phường Cầu Giấy", AgencyKind::Commune, "HN"),
    ("HN-SOCSON", "Xã Sóc Sơn", AgencyKind::Commune, "HN"),
    ("HCM-SKHCN", "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh", AgencyKind::Department, "HCM"),
    ("HCM-SAIGON", "Phường Sài Gòn", AgencyKind::Commune, "HCM"),
    ("HCM-BENTHANH", "Phường Bến Thành", AgencyKind::Commune, "HCM"),
    ("HCM-CUCHI", "Xã Củ Chi", AgencyKind::Commune, "HCM"),
    ("DN-HAICHAU", "Phường Hải Châu", AgencyKind::Commune, "DN"),
    ("DN-HOIAN", "Phường Hội An", AgencyKind::Commune, "DN"),
    ("HP-HONGBANG", "Phường Hồng Bàng", AgencyKind::Commune, "HP"),
    ("NA-VINH", "Phường Vinh Phú", AgencyKind::Commune, "NA"),
    ("NA-CUALO", "Phường Cửa Lò", AgencyKind::Commune, "NA"),
    ("LC-SAPA", "Phường Sa Pa", AgencyKind::Commune, "LC"),
    ("LC-BATXAT", "Xã Bát Xát", AgencyKind::Commune, "LC"),
    // The 2025 reform, replayed by `reorganise` below as it took effect on 1 July 2025.
    ("TQ", "Tỉnh Tuyên Quang", AgencyKind::Province, ROOT_CODE),
    ("HG", "Tỉnh Hà Giang", AgencyKind::Province, ROOT_CODE),
    ("TQ-MINHXUAN", "Phường Minh Xuân", AgencyKind::Commune, "TQ"),
    ("HG-HAGIANG1", "Phường Hà Giang 1", AgencyKind::Commune, "HG"),
    ("HG-DONGVAN", "Xã Đồng Văn", AgencyKind::Commune, "HG"),
    ("HG-HAGIANG2", "Phường Hà Giang 2", AgencyKind::Commune, "HG"),
    // An old ward of Hà Giang divided between the two new wards of the city.
    ("HG-NGUYENTRAI", "Phường Nguyễn Trãi", AgencyKind::Commune, "HG"),
    ("HN-HANGBAC", "Phường Hàng Bạc", AgencyKind::Commune, "HN"),
    ("HN-HANGDAO", "Phường Hàng Đào", AgencyKind::Commune, "HN"),
];

/// (split agency, [(successor, share)]): an old ward divided between two new ones.
const SPLITS: &[(&str, &[(&str, f64)])] = &[(
    "HG-NGUYENTRAI",
    &[("HG-HAGIANG1", 0.6), ("HG-HAGIANG2", 0.4)],
)];

/// (merged agency, successor): a province into its neighbour (its communes follow), and two wards
/// into a third.
const MERGES: &[(&str, &str)] = &[
    ("HG", "TQ"),
    ("HN-HANGBAC", "HN-HOANKIEM"),
    ("HN-HANGDAO", "HN-HOANKIEM"),
];

/// The state's codes of the demo provinces, recorded through the agency service after the merges
/// (so the merge of HG into TQ cannot be undone any more: TQ changed since). The demo's wards and
/// communes then get theirs from the national map, by name within their province.
const OFFICIAL_CODES: &[(&str, &str)] = &[
    ("HN", "01"),
    ("TQ", "08"),
    ("LC", "15"),
    ("HP", "31"),
    ("NA", "40"),
    ("DN", "48"),
    ("HCM", "79"),
];

/// The rest of the country from the national map: the 27 provinces the demo did not name, each with
/// its first two commune-level units (with the state's codes as their codes). `restrack seed map`
/// adds every other commune.
fn the_other_provinces(conn: &mut DbConn) -> Result<(), ApiError> {
    let admin = Caller::of_user(conn, ADMIN_USERNAME)?;
    let root: String = agencies::table
        .filter(agencies::code.eq(ROOT_CODE))
        .select(agencies::id)
        .first(conn)?;
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    crate::agencies::national_map::load_where(conn, &admin, &root, |unit| {
        match &unit.province_code {
            None => true,
            Some(p) if OFFICIAL_CODES.iter().any(|(_, o)| o == p) => false,
            Some(p) => {
                let n = taken.entry(p.clone()).or_default();
                *n += 1;
                *n <= 2
            }
        }
    })?;
    Ok(())
}

fn official_codes(conn: &mut DbConn) -> Result<(), ApiError> {
    let admin = crate::auth::Caller::of_user(conn, ADMIN_USERNAME)?;
    let mut coded: Vec<(String, String)> = Vec::new();
    for (code, official) in OFFICIAL_CODES {
        let id: String = agencies::table
            .filter(agencies::code.eq(code))
            .select(agencies::id)
            .first(conn)?;
        coded.push((id, (*official).to_string()));
    }
    let units = crate::agencies::national_map::units();
    for (province, province_code) in coded.clone() {
        let communes: Vec<(String, String)> = agencies::table
            .filter(agencies::parent_id.eq(&province))
            .filter(agencies::kind.eq(AgencyKind::Commune.as_str()))
            .filter(agencies::status.eq("active"))
            .select((agencies::id, agencies::name))
            .load(conn)?;
        for (id, name) in communes {
            let unit = units.iter().find(|u| {
                u.province_code.as_deref() == Some(province_code.as_str()) && u.name == name
            });
            if let Some(unit) = unit {
                coded.push((id, unit.official_code.clone()));
            }
        }
    }
    for (id, official) in coded {
        crate::agencies::handlers::update_in(
            conn,
            &admin,
            &id,
            crate::agencies::handlers::UpdateAgency {
                code: None,
                official_code: Some(official),
                name: None,
                kind: None,
                parent_id: None,
                sector_ministry_id: None,
            },
            None,
        )?;
    }
    Ok(())
}

/// The demo's part of the 2025 reform, through the same split and merge as the API, effective on
/// 1 July 2025 (the agencies themselves exist since 2020): an old ward of Hà Giang divided between
/// two new ones, Hà Giang merged into Tuyên Quang, two Hà Nội wards into Hoàn Kiếm. The old units
/// keep the figures they reported on the old map (2024-Q3 to 2025-Q2, `seed_indicators`), which
/// count in their successors' roll-ups (merges) or restate their series on today's map (the
/// split); `?as_of=2025-06-30` shows the old map. The audit records the steps when the seed ran.
fn reorganise(conn: &mut DbConn) -> Result<(), ApiError> {
    use crate::db::schema::agency_versions;
    let id_of = |c: &mut DbConn, code: &str| -> Result<String, ApiError> {
        Ok(agencies::table
            .filter(agencies::code.eq(code))
            .select(agencies::id)
            .first(c)?)
    };
    let admin = users::table
        .filter(users::username.eq(ADMIN_USERNAME))
        .select(users::id)
        .first::<String>(conn)?;
    let caller = crate::auth::Caller {
        user_id: admin,
        username: ADMIN_USERNAME.into(),
        agency_id: id_of(conn, ROOT_CODE)?,
        roles: vec![Role::Admin],
        session_id: String::new(),
        request_id: None,
        kind: crate::audit::ActorKind::User,
    };
    // The demo's agencies were established in 2020 (`demo` creates them so); the root, created
    // by the bootstrap before them, is backdated to match.
    let since = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time");
    let root = id_of(conn, ROOT_CODE)?;
    diesel::update(agency_versions::table.filter(agency_versions::agency_id.eq(&root)))
        .set(agency_versions::valid_from.eq(since))
        .execute(conn)?;
    diesel::update(agencies::table.find(&root))
        .set((
            agencies::created_at.eq(since),
            agencies::established_on.eq(since.date()),
        ))
        .execute(conn)?;
    let effective_on = crate::agencies::national_map::reform_day();
    for (source, successors) in SPLITS {
        let source = id_of(conn, source)?;
        let successors = successors
            .iter()
            .map(|(code, share)| {
                Ok(crate::agencies::split::SplitShare {
                    agency_id: id_of(conn, code)?,
                    share: *share,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        crate::agencies::split::split_in(
            conn,
            &caller,
            &source,
            &successors,
            false,
            Some(effective_on),
        )?;
    }
    for (source, into) in MERGES {
        let (source, into) = (id_of(conn, source)?, id_of(conn, into)?);
        crate::agencies::merge::merge_in(conn, &caller, &source, &into, false, Some(effective_on))?;
    }
    Ok(())
}

/// (username, display name, agency code, roles)
const USERS: &[(&str, &str, &str, &[Role])] = &[
    (
        "lanhdao.tw",
        "Nguyễn Văn Lãnh (lãnh đạo Trung ương)",
        ROOT_CODE,
        &[Role::Viewer],
    ),
    (
        "kehoach.bkhcn",
        "Trần Thị Hoa (kế hoạch, Bộ KH&CN)",
        "BKHCN",
        &[Role::Planner],
    ),
    (
        "pheduyet.bkhcn",
        "Lê Minh Tuấn (lãnh đạo Bộ KH&CN)",
        "BKHCN",
        &[Role::Approver, Role::Viewer],
    ),
    (
        "kehoach.bgddt",
        "Phan Thị Thu (kế hoạch, Bộ GD&ĐT)",
        "BGDDT",
        &[Role::Planner],
    ),
    (
        "kehoach.byt",
        "Hoàng Văn Khang (kế hoạch, Bộ Y tế)",
        "BYT",
        &[Role::Planner],
    ),
    (
        "quantri.hn",
        "Phạm Thu Hà (quản trị, Hà Nội)",
        "HN",
        &[Role::AgencyAdmin],
    ),
    (
        "kehoach.hn",
        "Đỗ Quang Huy (kế hoạch, Hà Nội)",
        "HN",
        &[Role::Planner],
    ),
    (
        "baocao.hn",
        "Vũ Thị Lan (báo cáo, Hà Nội)",
        "HN",
        &[Role::Reporter],
    ),
    (
        "pheduyet.hn",
        "Hoàng Văn Nam (lãnh đạo UBND Hà Nội)",
        "HN",
        &[Role::Approver],
    ),
    (
        "baocao.badinh",
        "Ngô Thị Mai (báo cáo, phường Ba Đình)",
        "HN-BADINH",
        &[Role::Reporter],
    ),
    (
        "pheduyet.badinh",
        "Bùi Đức Long (lãnh đạo phường Ba Đình)",
        "HN-BADINH",
        &[Role::Approver],
    ),
    (
        "baocao.hcm",
        "Đặng Minh Khoa (báo cáo, TP.HCM)",
        "HCM",
        &[Role::Reporter],
    ),
    (
        "theodoi.hcm",
        "Lý Thanh Tâm (theo dõi, TP.HCM)",
        "HCM",
        &[Role::Viewer],
    ),
];

pub enum SeedOutcome {
    Loaded,
    Skipped { reason: String },
}

/// Loads the demo data into an empty database (or one that holds only the bootstrap agency and
/// admin). The admin's password is `admin_password` or [`DEMO_PASSWORD`].
pub fn demo(conn: &mut DbConn, admin_password: Option<&str>) -> Result<SeedOutcome, ApiError> {
    let count: i64 = agencies::table.count().get_result(conn)?;
    if count > 1 {
        return Ok(SeedOutcome::Skipped {
            reason: format!("the database already holds {count} agencies"),
        });
    }
    bootstrap::ensure(conn, Some(admin_password.unwrap_or(DEMO_PASSWORD)))?;
    let hash = password::hash(DEMO_PASSWORD)?;
    // The demo's history begins in 2020: every agency was established then.
    let established = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    write_transaction(conn, |c| {
        // Everything is written through the services the API uses, as the administrator.
        let admin = Caller::of_user(c, ADMIN_USERNAME)?;
        for (code, name, kind, parent_code) in AGENCIES {
            let parent_id: String = agencies::table
                .filter(agencies::code.eq(parent_code))
                .select(agencies::id)
                .first(c)?;
            agencies_service::create_in(
                c,
                &admin,
                CreateAgency {
                    code: code.to_string(),
                    official_code: None,
                    name: name.to_string(),
                    kind: *kind,
                    parent_id,
                    established_on: Some(established),
                    sector_ministry_id: None,
                },
            )?;
        }
        for (username, display_name, agency_code, user_roles) in USERS {
            let agency_id: String = agencies::table
                .filter(agencies::code.eq(agency_code))
                .select(agencies::id)
                .first(c)?;
            users_service::create_in(
                c,
                &admin,
                &CreateUser {
                    username: username.to_string(),
                    display_name: display_name.to_string(),
                    agency_id,
                    roles: user_roles.to_vec(),
                    password: DEMO_PASSWORD.to_string(),
                },
                &hash,
            )?;
        }
        crate::seed_programmes::load(c, crate::tasks::today(), &hash)?;
        crate::seed_indicators::load(c, crate::tasks::today(), &hash)?;
        reorganise(c)?;
        official_codes(c)?;
        the_other_provinces(c)?;
        crate::seed_sectors::load(c, &admin, crate::tasks::today(), established, &hash)?;
        crate::seed_supervision::load(c, crate::tasks::today())?;
        crate::seed_reporting::load(c, crate::tasks::today())?;
        crate::indicators::stats::refresh_all(c)
    })?;
    // Reminders and escalations of the demo's deadlines, so that the bell is not empty.
    crate::notify::reminders::run(
        conn,
        &crate::config::NotifySettings::default(),
        crate::tasks::today(),
    )?;
    // Early warnings for the demo data, so that the alerts inbox is not empty on first start.
    crate::alerts::evaluate(
        conn,
        &crate::alerts::rules::Thresholds::default(),
        "seed-demo",
    )?;
    Ok(SeedOutcome::Loaded)
}

/// The demo logins, for printing: (username, password or a note, agency, roles).
pub fn demo_logins(admin_password_configured: bool) -> Vec<(String, String, String, String)> {
    let mut rows = vec![(
        ADMIN_USERNAME.to_string(),
        if admin_password_configured {
            "(RESTRACK_BOOTSTRAP_ADMIN_PASSWORD)".to_string()
        } else {
            DEMO_PASSWORD.to_string()
        },
        ROOT_CODE.to_string(),
        "admin".to_string(),
    )];
    for (username, _, agency, user_roles) in USERS {
        let names: Vec<&str> = user_roles.iter().map(|r| r.as_str()).collect();
        rows.push((
            username.to_string(),
            DEMO_PASSWORD.to_string(),
            agency.to_string(),
            names.join(","),
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo logins must be ones the API itself would accept (the seed writes them directly).
    #[test]
    fn demo_password_passes_the_policy() {
        assert_eq!(
            password::check_policy(DEMO_PASSWORD, &[ADMIN_USERNAME]),
            None
        );
        for (username, display_name, _, _) in USERS {
            assert_eq!(
                password::check_policy(DEMO_PASSWORD, &[username, display_name]),
                None,
                "{username}"
            );
        }
    }
}
