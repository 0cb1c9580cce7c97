//! Demo resolutions with decomposed tasks and progress reports, dated relative to today so that
//! some tasks are on track, some at risk, some overdue.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::auth::roles::Role;
use crate::auth::Caller;
use crate::db::schema::{agencies, users};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::period::{Frequency, Period};
use crate::resolutions::handlers::{self as resolutions, CreateResolution, UpdateResolution};
use crate::resolutions::ResolutionStatus;
use crate::tasks::handlers::{self as tasks, CreateTask, UpdateTask};
use crate::tasks::reports::{self, CreateReport};
use crate::tasks::TaskStatus;
use crate::users::handlers::{self as users_service, CreateUser};

/// (code, title, issued on)
const RESOLUTIONS: &[(&str, &str, &str)] = &[
    ("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia", "2024-12-22"),
    ("59-NQ/TW", "Về hội nhập quốc tế trong tình hình mới", "2025-01-24"),
    ("66-NQ/TW", "Về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới", "2025-04-30"),
    ("68-NQ/TW", "Về phát triển kinh tế tư nhân", "2025-05-04"),
    ("70-NQ/TW", "Về bảo đảm an ninh năng lượng quốc gia đến năm 2030, tầm nhìn đến năm 2045", "2025-08-20"),
    ("71-NQ/TW", "Về đột phá phát triển giáo dục và đào tạo", "2025-08-22"),
    ("72-NQ/TW", "Về một số giải pháp đột phá, tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân", "2025-09-09"),
];

/// A task to seed: code suffix, title, lead agency code, coordinating agency codes, start and due
/// (days from today), the progress last reported (None: no report) and an obstacle, and sub-tasks.
struct Seed {
    code: &'static str,
    title: &'static str,
    lead: &'static str,
    coordinators: &'static [&'static str],
    start: i64,
    due: i64,
    progress: Option<f64>,
    obstacle: &'static str,
    children: &'static [Seed],
}

const fn leaf(
    code: &'static str,
    title: &'static str,
    lead: &'static str,
    start: i64,
    due: i64,
    progress: Option<f64>,
    obstacle: &'static str,
) -> Seed {
    Seed {
        code,
        title,
        lead,
        coordinators: &[],
        start,
        due,
        progress,
        obstacle,
        children: &[],
    }
}

const PROGRAMMES: &[(&str, &[Seed])] = &[
    ("57-NQ/TW", &[
        Seed { code: "1", title: "Hoàn thiện thể chế, chính sách phát triển khoa học, công nghệ và đổi mới sáng tạo", lead: "BKHCN", coordinators: &["BTP", "BTC"], start: -330, due: 60, progress: None, obstacle: "", children: &[
            leaf("1.1", "Xây dựng Luật Khoa học, công nghệ và đổi mới sáng tạo (sửa đổi)", "BKHCN", -330, 20, Some(85.0), ""),
            // A ministry assigns sub-tasks within itself: the Ministry of Finance coordinates.
            Seed { code: "1.2", title: "Đề xuất cơ chế tài chính đặc thù cho nghiên cứu khoa học", lead: "BKHCN", coordinators: &["BTC"], start: -300, due: 40, progress: Some(35.0), obstacle: "Chưa thống nhất cơ chế khoán chi đến sản phẩm cuối cùng", children: &[] },
        ]},
        Seed { code: "2", title: "Phát triển hạ tầng số và chính quyền số", lead: "BKHCN-CDS", coordinators: &["VPCP"], start: -320, due: 200, progress: None, obstacle: "", children: &[
            leaf("2.1", "Kết nối, chia sẻ dữ liệu dân cư với cơ sở dữ liệu chuyên ngành", "BKHCN-CDS", -320, -15, Some(70.0), "Một số bộ, ngành chưa chuẩn hóa dữ liệu"),
            leaf("2.2", "Cung cấp dịch vụ công trực tuyến toàn trình", "BKHCN-CDS", -200, 200, Some(55.0), ""),
        ]},
        Seed { code: "3", title: "Triển khai chuyển đổi số tại Thành phố Hà Nội", lead: "HN", coordinators: &["BKHCN-CDS"], start: -300, due: 150, progress: None, obstacle: "", children: &[
            leaf("3.1", "Số hóa hồ sơ thủ tục hành chính cấp thành phố", "HN-SKHCN", -300, 100, Some(60.0), ""),
            Seed { code: "3.2", title: "Chuyển đổi số cấp xã", lead: "HN", coordinators: &[], start: -250, due: 140, progress: None, obstacle: "", children: &[
                leaf("3.2.1", "Phường Ba Đình: 100% hồ sơ giải quyết trực tuyến", "HN-BADINH", -250, 90, Some(75.0), ""),
                leaf("3.2.2", "Phường Hoàn Kiếm: triển khai trợ lý ảo cho cán bộ", "HN-HOANKIEM", -250, 120, Some(20.0), "Thiếu nhân lực công nghệ thông tin"),
                leaf("3.2.3", "Xã Sóc Sơn: phủ sóng hạ tầng số đến thôn", "HN-SOCSON", -250, -10, Some(40.0), "Địa bàn rộng, kinh phí hạn chế"),
            ]},
        ]},
        leaf("4", "Chuyển đổi số tại Thành phố Hồ Chí Minh", "HCM", -280, 180, Some(45.0), ""),
    ]),
    ("59-NQ/TW", &[
        leaf("1", "Rà soát, hoàn thiện pháp luật về hội nhập quốc tế", "BNG", -250, 110, Some(50.0), ""),
        leaf("2", "Nâng cao hiệu quả thực thi các hiệp định thương mại tự do", "BCT", -250, 300, Some(25.0), ""),
        leaf("3", "Thu hút đầu tư nước ngoài thế hệ mới tại Đà Nẵng", "DN", -200, 160, Some(30.0), "Quỹ đất sạch còn hạn chế"),
        leaf("4", "Tổ chức diễn đàn hợp tác quốc tế Thành phố Hồ Chí Minh", "HCM", -200, 10, Some(40.0), "Chưa chốt được danh sách đối tác"),
        leaf("5", "Xây dựng cơ sở dữ liệu về hội nhập quốc tế của tỉnh", "NA", -150, 200, None, ""),
    ]),
    ("66-NQ/TW", &[
        leaf("1", "Đổi mới quy trình xây dựng văn bản quy phạm pháp luật", "BTP", -180, 60, Some(80.0), ""),
        leaf("2", "Rà soát văn bản quy phạm pháp luật của thành phố", "HP", -150, -5, Some(65.0), "Khối lượng văn bản lớn"),
    ]),
    ("68-NQ/TW", &[
        leaf("1", "Cắt giảm thủ tục, chi phí tuân thủ cho doanh nghiệp", "BTC", -170, 190, Some(40.0), ""),
        Seed { code: "2", title: "Hỗ trợ doanh nghiệp nhỏ và vừa tại Nghệ An", lead: "NA", coordinators: &["BTC"], start: -160, due: 200, progress: None, obstacle: "", children: &[
            leaf("2.1", "Thành lập trung tâm hỗ trợ khởi nghiệp", "NA", -160, 120, Some(30.0), ""),
            leaf("2.2", "Tập huấn chuyển đổi số cho hộ kinh doanh tại Vinh", "NA-VINH", -150, 100, Some(10.0), "Hộ kinh doanh chưa quan tâm"),
        ]},
    ]),
    ("70-NQ/TW", &[
        leaf("1", "Quy hoạch phát triển điện lực và năng lượng tái tạo", "BCT", -90, 400, Some(15.0), ""),
        leaf("2", "Tiết kiệm năng lượng trong cơ quan nhà nước tại Lào Cai", "LC", -80, 250, Some(5.0), ""),
    ]),
    ("71-NQ/TW", &[
        leaf("1", "Chuẩn hóa đội ngũ nhà giáo và cán bộ quản lý giáo dục", "BGDDT", -90, 500, Some(12.0), ""),
        leaf("2", "Kiên cố hóa trường lớp học tại xã Bát Xát", "LC-BATXAT", -80, 300, Some(0.0), "Chưa được bố trí vốn"),
    ]),
    ("72-NQ/TW", &[
        leaf("1", "Nâng cao năng lực y tế cơ sở", "BYT", -70, 450, Some(8.0), ""),
        leaf("2", "Khám sức khỏe định kỳ miễn phí cho người dân TP.HCM", "HCM", -60, 300, Some(20.0), ""),
    ]),
];

fn agency_id(conn: &mut DbConn, code: &str) -> Result<String, ApiError> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(agencies::id)
        .first(conn)?)
}

/// The reporter of `agency` who files its reports: its first demo account with the reporter
/// role, or else a reporter account made for it (`baocao.<code>`, the demo password): only the lead
/// agency's reporters report a task's progress.
pub(crate) fn reporter_for(
    conn: &mut DbConn,
    agency: &str,
    admin: &Caller,
    hash: &str,
) -> Result<Caller, ApiError> {
    let username: Option<String> = users::table
        .filter(users::agency_id.eq(agency))
        .filter(users::roles.like("%\"reporter\"%"))
        .order(users::username)
        .select(users::username)
        .first(conn)
        .optional()?;
    if let Some(u) = username {
        return Caller::of_user(conn, &u);
    }
    let (code, name): (String, String) = agencies::table
        .find(agency)
        .select((agencies::code, agencies::name))
        .first(conn)?;
    let row = users_service::create_in(
        conn,
        admin,
        &CreateUser {
            username: format!("baocao.{}", code.to_lowercase()),
            display_name: format!("Cán bộ báo cáo, {name}"),
            agency_id: agency.to_string(),
            roles: vec![Role::Reporter],
            password: crate::seed::DEMO_PASSWORD.to_string(),
        },
        hash,
    )?;
    Caller::of_user(conn, &row.username)
}

/// The resolutions, their tasks and reports, written through the same services as the API: the
/// administrator plans them (a resolution is created in draft and then made active), and each leaf
/// task's reporter files two quarterly reports.
pub fn load(conn: &mut DbConn, today: NaiveDate, hash: &str) -> Result<(), ApiError> {
    let root = agency_id(conn, crate::bootstrap::ROOT_CODE)?;
    let admin = Caller::of_user(conn, crate::bootstrap::ADMIN_USERNAME)?;
    for (code, title, issued) in RESOLUTIONS {
        let (created, version) = resolutions::create_in(
            conn,
            &admin,
            CreateResolution {
                code: code.to_string(),
                title: title.to_string(),
                summary: format!(
                    "Nghị quyết số {code} của Bộ Chính trị {}",
                    title.to_lowercase()
                ),
                issued_on: issued.parse::<NaiveDate>().ok(),
                owner_agency_id: root.clone(),
            },
        )?;
        resolutions::update_in(
            conn,
            &admin,
            &created.id,
            UpdateResolution {
                status: Some(ResolutionStatus::Active),
                ..UpdateResolution::default()
            },
            Some(Ok(crate::etag::etag(version))),
        )?;
        let seeds = PROGRAMMES
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, s)| *s)
            .unwrap_or(&[]);
        for seed in seeds {
            insert(conn, today, &admin, hash, &created.id, code, None, seed)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &mut DbConn,
    today: NaiveDate,
    admin: &Caller,
    hash: &str,
    resolution_id: &str,
    resolution_code: &str,
    parent: Option<&str>,
    seed: &Seed,
) -> Result<(), ApiError> {
    let lead = agency_id(conn, seed.lead)?;
    let coordinating_agency_ids = seed
        .coordinators
        .iter()
        .map(|c| agency_id(conn, c))
        .collect::<Result<Vec<_>, _>>()?;
    let (task, version) = tasks::create_in(
        conn,
        admin,
        CreateTask {
            resolution_id: resolution_id.to_string(),
            parent_id: parent.map(str::to_string),
            code: format!("{resolution_code}.{}", seed.code),
            title: seed.title.to_string(),
            description: String::new(),
            lead_agency_id: lead.clone(),
            coordinating_agency_ids,
            start_date: today + TimeDelta::days(seed.start),
            due_date: today + TimeDelta::days(seed.due),
            weight: None,
        },
    )?;
    if !seed.children.is_empty() {
        // A task decomposed into sub-tasks is under way.
        tasks::update_in(
            conn,
            admin,
            &task.id,
            UpdateTask {
                status: Some(TaskStatus::InProgress),
                ..UpdateTask::default()
            },
            Some(Ok(crate::etag::etag(version))),
        )?;
    }
    if let Some(progress) = seed.progress {
        // Two quarterly reports: the previous quarter's and the current one's.
        let reporter = reporter_for(conn, &lead, admin, hash)?;
        let current = Period::containing(today, Frequency::Quarterly);
        let previous = Period::containing(
            current.bounds().0 - TimeDelta::days(1),
            Frequency::Quarterly,
        );
        for (period, value, obstacle) in [
            (previous, progress * 0.6, ""),
            (current, progress, seed.obstacle),
        ] {
            reports::create_in(
                conn,
                &reporter,
                &task.id,
                CreateReport {
                    period: period.to_string(),
                    progress: value,
                    narrative: format!("Đã hoàn thành khoảng {value:.0}% khối lượng công việc."),
                    obstacles: obstacle.to_string(),
                    proposals: if obstacle.is_empty() {
                        String::new()
                    } else {
                        "Đề nghị cấp trên hỗ trợ tháo gỡ.".to_string()
                    },
                    attachment_ids: Vec::new(),
                },
            )?;
        }
    }
    for child in seed.children {
        insert(
            conn,
            today,
            admin,
            hash,
            resolution_id,
            resolution_code,
            Some(&task.id),
            child,
        )?;
    }
    Ok(())
}
