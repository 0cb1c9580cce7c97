//! Demo resolutions with decomposed tasks and progress reports, dated relative to today so that
//! some tasks are on track, some at risk, some overdue.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::{agencies, progress_reports, resolutions, task_coordinators, tasks, users};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::period::{Frequency, Period};
use crate::tasks::rollup;

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
            leaf("1.2", "Ban hành cơ chế tài chính đặc thù cho nghiên cứu khoa học", "BTC", -300, 40, Some(35.0), "Chưa thống nhất cơ chế khoán chi đến sản phẩm cuối cùng"),
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

/// A reporter of the agency, else the admin, to sign seeded reports.
fn reporter_for(conn: &mut DbConn, agency: &str, admin: &str) -> Result<String, ApiError> {
    Ok(users::table
        .filter(users::agency_id.eq(agency))
        .filter(users::roles.like("%reporter%"))
        .select(users::id)
        .first::<String>(conn)
        .optional()?
        .unwrap_or_else(|| admin.to_string()))
}

pub fn load(conn: &mut DbConn, today: NaiveDate) -> Result<(), ApiError> {
    let root = agency_id(conn, crate::bootstrap::ROOT_CODE)?;
    let admin: String = users::table
        .filter(users::username.eq(crate::bootstrap::ADMIN_USERNAME))
        .select(users::id)
        .first(conn)?;
    for (code, title, issued) in RESOLUTIONS {
        let id = new_id();
        let now = now();
        diesel::insert_into(resolutions::table)
            .values((
                resolutions::id.eq(&id),
                resolutions::code.eq(code),
                resolutions::title.eq(title),
                resolutions::summary.eq(format!(
                    "Nghị quyết số {code} của Bộ Chính trị {}",
                    title.to_lowercase()
                )),
                resolutions::issued_on.eq(issued.parse::<NaiveDate>().ok()),
                resolutions::owner_agency_id.eq(&root),
                resolutions::status.eq("active"),
                resolutions::progress.eq(0.0),
                resolutions::version.eq(1),
                resolutions::created_at.eq(now),
                resolutions::updated_at.eq(now),
            ))
            .execute(conn)?;
        let seeds = PROGRAMMES
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, s)| *s)
            .unwrap_or(&[]);
        for seed in seeds {
            insert(conn, today, &id, code, None, 0, seed, &admin)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &mut DbConn,
    today: NaiveDate,
    resolution_id: &str,
    resolution_code: &str,
    parent: Option<&str>,
    depth: i32,
    seed: &Seed,
    admin: &str,
) -> Result<(), ApiError> {
    let id = new_id();
    let lead = agency_id(conn, seed.lead)?;
    let start = today + TimeDelta::days(seed.start);
    let due = today + TimeDelta::days(seed.due);
    let status = match seed.progress {
        Some(p) if p > 0.0 => "in_progress",
        _ if !seed.children.is_empty() => "in_progress",
        _ => "not_started",
    };
    let now = now();
    diesel::insert_into(tasks::table)
        .values((
            tasks::id.eq(&id),
            tasks::resolution_id.eq(resolution_id),
            tasks::parent_id.eq(parent),
            tasks::code.eq(format!("{resolution_code}.{}", seed.code)),
            tasks::title.eq(seed.title),
            tasks::description.eq(""),
            tasks::lead_agency_id.eq(&lead),
            tasks::start_date.eq(start),
            tasks::due_date.eq(due),
            tasks::original_due_date.eq(due),
            tasks::evaluation_due_date.eq(due),
            tasks::status.eq(status),
            tasks::weight.eq(1.0),
            tasks::progress.eq(seed.progress.unwrap_or(0.0)),
            tasks::depth.eq(depth),
            tasks::version.eq(1),
            tasks::created_at.eq(now),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    for code in seed.coordinators {
        let agency = agency_id(conn, code)?;
        diesel::insert_into(task_coordinators::table)
            .values((
                task_coordinators::task_id.eq(&id),
                task_coordinators::agency_id.eq(agency),
            ))
            .execute(conn)?;
    }
    if let Some(progress) = seed.progress {
        // Two quarterly reports: the previous quarter's and the current one's.
        let reporter = reporter_for(conn, &lead, admin)?;
        let current = Period::containing(today, Frequency::Quarterly);
        let previous = Period::containing(
            current.bounds().0 - TimeDelta::days(1),
            Frequency::Quarterly,
        );
        for (period, value, obstacle) in [
            (previous, progress * 0.6, ""),
            (current, progress, seed.obstacle),
        ] {
            diesel::insert_into(progress_reports::table)
                .values((
                    progress_reports::id.eq(new_id()),
                    progress_reports::task_id.eq(&id),
                    progress_reports::period.eq(period.to_string()),
                    progress_reports::revision.eq(1),
                    progress_reports::progress.eq(value),
                    progress_reports::narrative.eq(format!(
                        "Đã hoàn thành khoảng {value:.0}% khối lượng công việc."
                    )),
                    progress_reports::obstacles.eq(obstacle),
                    progress_reports::proposals.eq(if obstacle.is_empty() {
                        ""
                    } else {
                        "Đề nghị cấp trên hỗ trợ tháo gỡ."
                    }),
                    progress_reports::agency_id.eq(&lead),
                    progress_reports::reported_by.eq(&reporter),
                    progress_reports::created_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    for child in seed.children {
        insert(
            conn,
            today,
            resolution_id,
            resolution_code,
            Some(&id),
            depth + 1,
            child,
            admin,
        )?;
    }
    if seed.children.is_empty() {
        rollup::from_parent(conn, resolution_id, parent.map(str::to_string))?;
    }
    Ok(())
}
