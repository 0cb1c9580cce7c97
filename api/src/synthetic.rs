//! `restrack seed synthetic`: a deterministic national dataset for benchmarks and capacity tests.
//!
//! The shape follows the Party and the State after the 2025 reorganisation: under the Central
//! Office (the root) the central Party committees, the Government's holding the 17 ministries and
//! ministerial-level agencies with their departments; the 34 provinces with their departments (sở)
//! and communes (about two thirds of all agencies). Each province's first three departments are
//! those of Education, Health and Science and Technology, in the sector lines of their ministries,
//! which own an indicator each that those departments report (docs/roles.md). Each resolution is decomposed breadth first: ministries lead the top tasks,
//! every province takes a share of each, its communes take a share of that, and communes break
//! theirs down further (3–5 levels at national scale). The other indicators are reported by
//! provinces or communes, monthly, quarterly or yearly, with targets; figures go back several years
//! and the recent ones are in every workflow state. The same `--seed` gives the same data (ids and
//! timestamps aside).
//!
//! Rows are written with multi-row inserts in transactions of about 100,000 rows, so national
//! scale (5,000 agencies, 1,000,000 tasks, 10,000,000 figures) loads in minutes.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::agencies::tree::{self, NewAgency};
use crate::auth::password;
use crate::auth::roles::Role;
use crate::bootstrap::{self, ROOT_CODE};
use crate::db::schema::{
    agencies, indicator_targets, indicator_values, indicators, progress_reports, resolutions,
    task_coordinators, tasks, users,
};
use crate::db::{new_id, now, write_transaction, DbConn};
use crate::error::{ApiError, ErrorCode};
use crate::period::{Frequency, Period};
use crate::seed::DEMO_PASSWORD;
use crate::tasks::TaskStatus;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub agencies: usize,
    pub tasks: usize,
    pub values: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Loaded {
    pub agencies: usize,
    pub resolutions: usize,
    pub tasks: usize,
    pub indicators: usize,
    pub values: usize,
    pub reports: usize,
}

/// The logins the synthetic data creates besides `admin` (all with the demo password):
/// (username, agency code, roles).
pub const LOGINS: &[(&str, &str, &[Role])] = &[
    ("synth.viewer", ROOT_CODE, &[Role::Viewer]),
    ("synth.province", "T01", &[Role::Viewer, Role::Planner]),
    ("synth.reporter", "T01-X0001", &[Role::Reporter]),
    (
        "synth.approver",
        "T01-X0001",
        &[Role::Approver, Role::Viewer],
    ),
];

const PROVINCES: [&str; 34] = [
    "Thành phố Hà Nội",
    "Thành phố Huế",
    "Tỉnh Lai Châu",
    "Tỉnh Điện Biên",
    "Tỉnh Sơn La",
    "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh",
    "Tỉnh Thanh Hóa",
    "Tỉnh Nghệ An",
    "Tỉnh Hà Tĩnh",
    "Tỉnh Cao Bằng",
    "Tỉnh Tuyên Quang",
    "Tỉnh Lào Cai",
    "Tỉnh Thái Nguyên",
    "Tỉnh Phú Thọ",
    "Tỉnh Bắc Ninh",
    "Tỉnh Hưng Yên",
    "Thành phố Hải Phòng",
    "Tỉnh Ninh Bình",
    "Tỉnh Quảng Trị",
    "Thành phố Đà Nẵng",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Gia Lai",
    "Tỉnh Khánh Hòa",
    "Tỉnh Lâm Đồng",
    "Tỉnh Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Tỉnh Đồng Nai",
    "Tỉnh Tây Ninh",
    "Thành phố Cần Thơ",
    "Tỉnh Vĩnh Long",
    "Tỉnh Đồng Tháp",
    "Tỉnh Cà Mau",
    "Tỉnh An Giang",
];

/// The central Party committees under the Central Office (the root); the first, the Government's,
/// holds the ministries.
const CENTRAL: [&str; 5] = [
    "Đảng ủy Chính phủ",
    "Đảng ủy Quốc hội",
    "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
    "Đảng ủy các cơ quan Đảng Trung ương",
    "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
];

/// The 14 ministries and 3 ministerial-level agencies of the Government since March 2025.
const MINISTRIES: [&str; 17] = [
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
];

/// The sector lines: (index in [`MINISTRIES`], the province department's name). A province's
/// departments numbered 1, 2, 3 are these, in the line of their ministry.
const LINES: [(usize, &str); 3] = [
    (11, "Sở Giáo dục và Đào tạo"),
    (12, "Sở Y tế"),
    (10, "Sở Khoa học và Công nghệ"),
];

const RESOLUTIONS: [&str; 7] = [
    "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Phát triển kinh tế tư nhân",
    "Đổi mới công tác xây dựng và thi hành pháp luật",
    "Hội nhập quốc tế trong tình hình mới",
    "Đột phá phát triển giáo dục và đào tạo",
    "Tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân",
    "Bảo đảm an ninh năng lượng quốc gia",
];

/// Rows per transaction.
const COMMIT_EVERY: usize = 100_000;

/// Inserts `rows` in statements of `per` rows (chosen under both databases' bind limits).
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $per:expr) => {{
        for chunk in $rows.chunks($per) {
            match &mut *$conn {
                DbConn::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                DbConn::Pg(c) => diesel::insert_into($table).values(chunk).execute(c)?,
            };
        }
    }};
}

#[derive(Clone)]
struct Agency {
    id: String,
    code: String,
    kind: &'static str,
    /// Index of the province (for provinces, their departments and communes).
    province: Option<usize>,
}

struct TaskGen {
    id: String,
    parent: Option<usize>,
    resolution: usize,
    code: String,
    lead: usize,
    level: u8,
    start: NaiveDate,
    due: NaiveDate,
    weight: f64,
    progress: f64,
    status: TaskStatus,
    children: Vec<usize>,
}

/// Loads the dataset into an empty database (only the bootstrap root and admin may exist).
pub fn load(conn: &mut DbConn, size: Size, today: NaiveDate) -> Result<Loaded, ApiError> {
    let count: i64 = agencies::table.count().get_result(conn)?;
    if count > 1 {
        return Err(ApiError::conflict(
            ErrorCode::NotEmpty,
            format!("the database already holds {count} agencies; use an empty one"),
        ));
    }
    if size.agencies < 150 {
        return Err(ApiError::bad_request(
            ErrorCode::TooSmall,
            "--agencies must be at least 150 (34 provinces with their communes)",
        ));
    }
    if let DbConn::Sqlite(c) = conn {
        // A throwaway load: durability of each intermediate commit is not needed, the last one is.
        diesel::sql_query("PRAGMA synchronous = OFF").execute(c)?;
        diesel::sql_query("PRAGMA cache_size = -1000000").execute(c)?;
    }
    bootstrap::ensure(conn, Some(DEMO_PASSWORD))?;
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed);
    let list = write_transaction(conn, |c| agencies_of(c, size.agencies))?;
    let admin: String = users::table
        .filter(users::username.eq(bootstrap::ADMIN_USERNAME))
        .select(users::id)
        .first(conn)?;
    write_transaction(conn, |c| logins(c, &list))?;
    let mut loaded = Loaded {
        agencies: list.len(),
        resolutions: RESOLUTIONS.len(),
        ..Default::default()
    };
    let task_list = tasks_of(conn, &mut rng, &list, size.tasks, today)?;
    loaded.tasks = task_list.len();
    loaded.reports = reports_of(conn, &mut rng, &list, &task_list, &admin, today)?;
    let (n_ind, n_val) = indicators_of(
        conn,
        &mut rng,
        &list,
        &task_list,
        &admin,
        size.values,
        today,
    )?;
    loaded.indicators = n_ind;
    loaded.values = n_val;
    write_transaction(conn, crate::indicators::stats::refresh_all)?;
    if let DbConn::Sqlite(c) = conn {
        diesel::sql_query("PRAGMA synchronous = NORMAL").execute(c)?;
        diesel::sql_query("ANALYZE").execute(c)?;
    } else {
        diesel::sql_query("ANALYZE").execute(conn)?;
    }
    Ok(loaded)
}

fn agencies_of(conn: &mut DbConn, n: usize) -> Result<Vec<Agency>, ApiError> {
    let root: String = agencies::table
        .filter(agencies::code.eq(ROOT_CODE))
        .select(agencies::id)
        .first(conn)?;
    let mut list = vec![Agency {
        id: root.clone(),
        code: ROOT_CODE.into(),
        kind: "central",
        province: None,
    }];
    let add = |conn: &mut DbConn,
               list: &mut Vec<Agency>,
               code: String,
               name: String,
               kind: &'static str,
               parent: usize,
               province: Option<usize>|
     -> Result<usize, ApiError> {
        let parent_id = list[parent].id.clone();
        let id = tree::insert(
            conn,
            NewAgency {
                code: &code,
                name: &name,
                kind,
                parent_id: Some(&parent_id),
            },
        )?;
        list.push(Agency {
            id,
            code,
            kind,
            province,
        });
        Ok(list.len() - 1)
    };
    let (central, ministries, provinces) = (5, 17, PROVINCES.len());
    let communes = n * 2 / 3;
    let rest = n - 1 - central - ministries - provinces - communes;
    let (ministry_depts, province_depts) = (rest / 2, rest - rest / 2);
    let mut central_idx = Vec::new();
    for (i, name) in CENTRAL.iter().enumerate().take(central) {
        central_idx.push(add(
            conn,
            &mut list,
            format!("TW{:02}", i + 1),
            name.to_string(),
            "central",
            0,
            None,
        )?);
    }
    let mut ministry_idx = Vec::new();
    for (i, name) in MINISTRIES.iter().enumerate().take(ministries) {
        // Under the Government's Party committee.
        ministry_idx.push(add(
            conn,
            &mut list,
            format!("B{:02}", i + 1),
            name.to_string(),
            "ministry",
            central_idx[0],
            None,
        )?);
    }
    for d in 0..ministry_depts {
        let m = d % ministries;
        let code = format!("B{:02}-C{:03}", m + 1, d / ministries + 1);
        add(
            conn,
            &mut list,
            code,
            format!("Cục số {} – {}", d / ministries + 1, MINISTRIES[m]),
            "department",
            ministry_idx[m],
            None,
        )?;
    }
    let mut province_idx = Vec::new();
    for (p, name) in PROVINCES.iter().enumerate() {
        province_idx.push(add(
            conn,
            &mut list,
            format!("T{:02}", p + 1),
            name.to_string(),
            "province",
            0,
            Some(p),
        )?);
    }
    let mut lines = Vec::new();
    for d in 0..province_depts {
        let p = d % provinces;
        let number = d / provinces + 1;
        let code = format!("T{:02}-S{number:02}", p + 1);
        let name = match LINES.get(number - 1) {
            Some((_, department)) => format!("{department} – {}", PROVINCES[p]),
            None => format!("Sở số {number} – {}", PROVINCES[p]),
        };
        let at = add(
            conn,
            &mut list,
            code,
            name,
            "department",
            province_idx[p],
            Some(p),
        )?;
        if let Some((ministry, _)) = LINES.get(number - 1) {
            lines.push((
                list[at].id.clone(),
                list[ministry_idx[*ministry]].id.clone(),
            ));
        }
    }
    // Dual subordination: the departments numbered 1–3 are also in their ministry's line.
    for (department, ministry) in &lines {
        diesel::update(agencies::table.find(department))
            .set(agencies::sector_ministry_id.eq(Some(ministry)))
            .execute(conn)?;
    }
    crate::sectors::rebuild(conn)?;
    for x in 0..communes {
        let p = x % provinces;
        let number = x / provinces + 1;
        let kind = if number % 3 == 0 { "Phường" } else { "Xã" };
        let code = format!("T{:02}-X{number:04}", p + 1);
        add(
            conn,
            &mut list,
            code,
            format!("{kind} số {number} – {}", PROVINCES[p]),
            "commune",
            province_idx[p],
            Some(p),
        )?;
    }
    Ok(list)
}

fn logins(conn: &mut DbConn, list: &[Agency]) -> Result<(), ApiError> {
    let hash = password::hash(DEMO_PASSWORD)?;
    let now = now();
    for (username, agency, roles) in LOGINS {
        let Some(a) = list.iter().find(|a| a.code == *agency) else {
            continue;
        };
        diesel::insert_into(users::table)
            .values((
                users::id.eq(new_id()),
                users::username.eq(username),
                users::display_name.eq(format!("Người dùng thử nghiệm {username}")),
                users::agency_id.eq(&a.id),
                users::roles.eq(crate::auth::roles::encode(roles)),
                users::password_hash.eq(&hash),
                users::active.eq(true),
                users::version.eq(1),
                users::created_at.eq(now),
                users::updated_at.eq(now),
                users::is_service.eq(false),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Generates the resolutions and their task trees (breadth first, so every level exists before
/// the next one grows), computes progress bottom-up as the roll-up would, and writes them.
fn tasks_of(
    conn: &mut DbConn,
    rng: &mut ChaCha8Rng,
    list: &[Agency],
    n: usize,
    today: NaiveDate,
) -> Result<Vec<TaskGen>, ApiError> {
    let of_kind =
        |k: &str| -> Vec<usize> { (0..list.len()).filter(|&i| list[i].kind == k).collect() };
    let ministries = of_kind("ministry");
    let provinces = of_kind("province");
    let mut communes_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, a) in list.iter().enumerate() {
        if a.kind == "commune" {
            communes_of
                .entry(a.province.unwrap_or(0))
                .or_default()
                .push(i);
        }
    }
    let province_of = |i: usize| list[i].province;
    let per_resolution = n.div_ceil(RESOLUTIONS.len());
    let top = (per_resolution / 20_000).clamp(3, 12);
    let mut all: Vec<TaskGen> = Vec::with_capacity(n);
    let mut queue = std::collections::VecDeque::new();
    let year_start = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).expect("valid date");
    let span = |rng: &mut ChaCha8Rng, parent: Option<(NaiveDate, NaiveDate)>| {
        let (lo, hi) = parent.unwrap_or((year_start, year_start + TimeDelta::days(365 * 5)));
        let days = (hi - lo).num_days().max(2);
        let start = lo + TimeDelta::days(rng.gen_range(0..days / 2));
        let due = start
            + TimeDelta::days(
                rng.gen_range(days / 4..=days - (start - lo).num_days())
                    .max(30),
            );
        (start, due.min(hi).max(start + TimeDelta::days(30)))
    };
    for r in 0..RESOLUTIONS.len() {
        for t in 0..top {
            if all.len() >= n {
                break;
            }
            let (start, due) = span(rng, None);
            all.push(TaskGen {
                id: new_id(),
                parent: None,
                resolution: r,
                code: format!("{}", t + 1),
                lead: ministries[(r + t) % ministries.len()],
                level: 1,
                start,
                due,
                weight: rng.gen_range(1..=3) as f64,
                progress: 0.0,
                status: TaskStatus::InProgress,
                children: Vec::new(),
            });
            queue.push_back(all.len() - 1);
        }
    }
    while let Some(i) = queue.pop_front() {
        if all.len() >= n {
            break;
        }
        let (level, lead) = (all[i].level, all[i].lead);
        // Who takes part in this task's decomposition.
        let leads: Vec<usize> = match level {
            1 => provinces.clone(),
            2 => {
                let mut c = communes_of
                    .get(&province_of(lead).unwrap_or(0))
                    .cloned()
                    .unwrap_or_default();
                c.truncate(120);
                c
            }
            3 | 4 => vec![lead; rng.gen_range(2..=6)],
            _ => Vec::new(),
        };
        for (k, child_lead) in leads.into_iter().enumerate() {
            if all.len() >= n {
                break;
            }
            let (start, due) = span(rng, Some((all[i].start, all[i].due)));
            let code = format!("{}.{}", all[i].code, k + 1);
            all.push(TaskGen {
                id: new_id(),
                parent: Some(i),
                resolution: all[i].resolution,
                code,
                lead: child_lead,
                level: level + 1,
                start,
                due,
                weight: rng.gen_range(1..=3) as f64,
                progress: 0.0,
                status: TaskStatus::InProgress,
                children: Vec::new(),
            });
            let child = all.len() - 1;
            all[i].children.push(child);
            queue.push_back(child);
        }
    }
    // Leaves: progress around what the elapsed time implies, some ahead, some far behind.
    for t in all.iter_mut().filter(|t| t.children.is_empty()) {
        let expected = crate::tasks::health::expected_progress(t.start, t.due, today);
        let p = (expected + rng.gen_range(-40.0..25.0)).clamp(0.0, 100.0);
        t.progress = (p / 5.0).round() * 5.0;
        let roll: f64 = rng.gen();
        t.status = if t.progress >= 100.0 {
            TaskStatus::Completed
        } else if roll < 0.02 {
            TaskStatus::Cancelled
        } else if roll < 0.04 {
            TaskStatus::Paused
        } else if t.progress == 0.0 {
            TaskStatus::NotStarted
        } else {
            TaskStatus::InProgress
        };
    }
    // Parents: the weighted mean of their non-cancelled children, deepest first.
    for i in (0..all.len()).rev() {
        if all[i].children.is_empty() {
            continue;
        }
        let (mut wp, mut w) = (0.0, 0.0);
        for &c in &all[i].children {
            if all[c].status != TaskStatus::Cancelled {
                wp += all[c].weight * all[c].progress;
                w += all[c].weight;
            }
        }
        all[i].progress = if w > 0.0 { wp / w } else { 0.0 };
        all[i].status = if all[i].progress >= 100.0 {
            TaskStatus::Completed
        } else if all[i].progress == 0.0 {
            TaskStatus::NotStarted
        } else {
            TaskStatus::InProgress
        };
    }
    let now = now();
    let root = &list[0].id;
    let mut res_ids = Vec::new();
    write_transaction(conn, |c| {
        for (r, title) in RESOLUTIONS.iter().enumerate() {
            let id = new_id();
            let (wp, w) = all
                .iter()
                .filter(|t| {
                    t.resolution == r && t.parent.is_none() && t.status != TaskStatus::Cancelled
                })
                .fold((0.0, 0.0), |(wp, w), t| {
                    (wp + t.weight * t.progress, w + t.weight)
                });
            diesel::insert_into(resolutions::table)
                .values((
                    resolutions::id.eq(&id),
                    resolutions::code.eq(format!("{:02}-NQ/TW", 50 + r)),
                    resolutions::title.eq(format!("Nghị quyết về {}", title.to_lowercase())),
                    resolutions::summary.eq(format!(
                        "Nghị quyết số {:02}-NQ/TW (dữ liệu tổng hợp để đo hiệu năng)",
                        50 + r
                    )),
                    resolutions::issued_on.eq(Some(
                        NaiveDate::from_ymd_opt(today.year() - 2, 1, 1 + r as u32)
                            .expect("valid date"),
                    )),
                    resolutions::owner_agency_id.eq(root),
                    resolutions::status.eq("active"),
                    resolutions::progress.eq(if w > 0.0 { wp / w } else { 0.0 }),
                    resolutions::version.eq(1),
                    resolutions::created_at.eq(now),
                    resolutions::updated_at.eq(now),
                ))
                .execute(c)?;
            res_ids.push(id);
        }
        Ok(())
    })?;
    // PostgreSQL: the per-row triggers that maintain the dashboard aggregates are switched off for
    // the bulk load (health and the parent's lead are written directly) and the aggregates are
    // built once afterwards; SQLite cannot switch triggers off and keeps them.
    let pg = matches!(conn, DbConn::Pg(_));
    if pg {
        diesel::sql_query("ALTER TABLE tasks DISABLE TRIGGER USER").execute(conn)?;
    }
    for block in all.chunks(COMMIT_EVERY) {
        let rows: Vec<_> = block
            .iter()
            .map(|t| {
                (
                    tasks::id.eq(t.id.clone()),
                    tasks::resolution_id.eq(res_ids[t.resolution].clone()),
                    tasks::parent_id.eq(t.parent.map(|p| all[p].id.clone())),
                    tasks::code.eq(format!("{:02}-NQ/TW.{}", 50 + t.resolution, t.code)),
                    tasks::title.eq(format!("Nhiệm vụ {} cấp {}", t.code, t.level)),
                    tasks::description.eq(String::new()),
                    tasks::lead_agency_id.eq(list[t.lead].id.clone()),
                    tasks::start_date.eq(t.start),
                    tasks::due_date.eq(t.due),
                    (
                        tasks::original_due_date.eq(t.due),
                        tasks::evaluation_due_date.eq(t.due),
                        tasks::completed_on
                            .eq((t.status == TaskStatus::Completed).then_some(t.due.min(today))),
                    ),
                    tasks::status.eq(t.status.as_str()),
                    tasks::weight.eq(t.weight),
                    tasks::progress.eq(t.progress),
                    tasks::depth.eq(t.level as i32 - 1),
                    tasks::version.eq(1),
                    tasks::created_at.eq(now),
                    tasks::updated_at.eq(now),
                    tasks::health.eq(crate::tasks::health::of(
                        t.status, t.progress, t.start, t.due, today,
                    )
                    .as_str()),
                    tasks::parent_lead_agency_id.eq(t.parent.map(|p| list[all[p].lead].id.clone())),
                )
            })
            .collect();
        let coordinators: Vec<_> = block
            .iter()
            .filter(|t| t.level <= 2)
            .map(|t| {
                (
                    task_coordinators::task_id.eq(t.id.clone()),
                    task_coordinators::agency_id
                        .eq(list[ministries[(t.lead + 1) % ministries.len()]].id.clone()),
                )
            })
            .collect();
        write_transaction(conn, |c| {
            insert_chunks!(c, tasks::table, &rows, 1000);
            insert_chunks!(c, task_coordinators::table, &coordinators, 10_000);
            Ok(())
        })?;
    }
    if pg {
        write_transaction(conn, crate::tasks::stats::rebuild_all)?;
        // The triggers were off: the tasks' first versions are written in one statement.
        diesel::sql_query(
            "INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, \
             lead_agency_id, status, progress, weight, start_date, due_date) \
             SELECT t.id, t.created_at, NULL, t.resolution_id, t.parent_id, t.lead_agency_id, \
             t.status, t.progress, t.weight, t.start_date, t.due_date FROM tasks t \
             WHERE NOT EXISTS (SELECT 1 FROM task_versions v WHERE v.task_id = t.id)",
        )
        .execute(conn)?;
        diesel::sql_query("ALTER TABLE tasks ENABLE TRIGGER USER").execute(conn)?;
    }
    Ok(all)
}

/// A progress report for about one task in ten, with obstacles on the lagging ones.
fn reports_of(
    conn: &mut DbConn,
    rng: &mut ChaCha8Rng,
    list: &[Agency],
    all: &[TaskGen],
    author: &str,
    today: NaiveDate,
) -> Result<usize, ApiError> {
    let period = Period::containing(today, Frequency::Monthly).to_string();
    let now = now();
    let picked: Vec<&TaskGen> = all.iter().filter(|_| rng.gen_bool(0.1)).collect();
    for block in picked.chunks(COMMIT_EVERY) {
        let rows: Vec<_> = block
            .iter()
            .map(|t| {
                let lagging = t.progress
                    < crate::tasks::health::expected_progress(t.start, t.due, today) - 10.0;
                (
                    progress_reports::id.eq(new_id()),
                    progress_reports::task_id.eq(t.id.clone()),
                    progress_reports::period.eq(period.clone()),
                    progress_reports::revision.eq(1),
                    progress_reports::progress.eq(t.progress),
                    progress_reports::narrative.eq("Đã triển khai theo kế hoạch của đơn vị."),
                    progress_reports::obstacles.eq(if lagging {
                        "Thiếu kinh phí và nhân lực."
                    } else {
                        ""
                    }),
                    progress_reports::proposals.eq(if lagging {
                        "Đề nghị bổ sung kinh phí."
                    } else {
                        ""
                    }),
                    progress_reports::agency_id.eq(list[t.lead].id.clone()),
                    progress_reports::reported_by.eq(author),
                    progress_reports::created_at.eq(now),
                    progress_reports::updated_at.eq(now),
                )
            })
            .collect();
        write_transaction(conn, |c| {
            insert_chunks!(c, progress_reports::table, &rows, 2500);
            Ok(())
        })?;
    }
    Ok(picked.len())
}

/// (code, name, group, unit, value type, aggregation, frequency, reported by, baseline, target)
type IndicatorDef = (
    String,
    String,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Frequency,
    &'static str,
    f64,
    f64,
);

/// The sector indicators, one per line of [`LINES`]: (code, name, baseline, target).
const SECTOR_INDICATORS: [(&str, &str, f64, f64); 3] = [
    (
        "SYN_GD_MN5",
        "Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo",
        95.0,
        99.5,
    ),
    (
        "SYN_YT_XA",
        "Tỷ lệ xã, phường đạt Bộ tiêu chí quốc gia về y tế",
        80.0,
        95.0,
    ),
    (
        "SYN_KHCN_DVC",
        "Tỷ lệ thủ tục hành chính trực tuyến toàn trình",
        55.0,
        80.0,
    ),
];

fn base_indicators() -> Vec<IndicatorDef> {
    use Frequency::*;
    let d = |c: &str, n: &str, g, u, v, a, f, k, b, t| {
        (c.to_string(), n.to_string(), g, u, v, a, f, k, b, t)
    };
    vec![
        d(
            "SYN_RD_BUDGET",
            "Kinh phí chi cho khoa học và công nghệ",
            "input",
            "tỷ đồng",
            "number",
            "sum",
            Quarterly,
            "province",
            100.0,
            400.0,
        ),
        d(
            "SYN_STAFF",
            "Số cán bộ chuyên trách chuyển đổi số",
            "input",
            "người",
            "number",
            "sum",
            Yearly,
            "commune",
            1.0,
            3.0,
        ),
        d(
            "SYN_DOCS",
            "Tỷ lệ văn bản điện tử được ký số",
            "process",
            "%",
            "percent",
            "average",
            Quarterly,
            "province",
            40.0,
            100.0,
        ),
        d(
            "SYN_ONLINE",
            "Tỷ lệ dịch vụ công trực tuyến toàn trình",
            "output",
            "%",
            "percent",
            "average",
            Quarterly,
            "commune",
            20.0,
            90.0,
        ),
        d(
            "SYN_FIRMS",
            "Số doanh nghiệp thành lập mới",
            "outcome",
            "doanh nghiệp",
            "number",
            "sum",
            Quarterly,
            "province",
            800.0,
            1500.0,
        ),
        d(
            "SYN_SATISFACTION",
            "Mức độ hài lòng của người dân",
            "outcome",
            "%",
            "percent",
            "average",
            Yearly,
            "commune",
            70.0,
            95.0,
        ),
    ]
}

fn periods(frequency: Frequency, today: NaiveDate, count: usize) -> Vec<Period> {
    let step = match frequency {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 3,
        Frequency::HalfYearly => 6,
        Frequency::Yearly => 12,
    };
    let mut out = Vec::new();
    let mut date = today;
    // Finished periods only, newest first.
    while out.len() < count {
        date = date
            .checked_sub_months(Months::new(step))
            .expect("valid date");
        let p = Period::containing(date, frequency);
        if p.bounds().1 < today && out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

fn indicators_of(
    conn: &mut DbConn,
    rng: &mut ChaCha8Rng,
    list: &[Agency],
    all_tasks: &[TaskGen],
    author: &str,
    n_values: usize,
    today: NaiveDate,
) -> Result<(usize, usize), ApiError> {
    const HISTORY: usize = 60; // months of history for monthly series
    let provinces: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].kind == "province")
        .collect();
    let communes: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].kind == "commune")
        .collect();
    let capacity = |f: Frequency| match f {
        Frequency::Monthly => HISTORY,
        Frequency::Quarterly => HISTORY / 3,
        Frequency::HalfYearly => HISTORY / 6,
        Frequency::Yearly => HISTORY / 12,
    };
    let mut defs = base_indicators();
    // The owner of each indicator and who reports it: the national ones are owned at the root
    // (every province or commune reports them), the sector ones by their ministry (the
    // departments of its line report them, one per province).
    let root = list[0].id.clone();
    let mut owners: Vec<String> = vec![root.clone(); defs.len()];
    let mut reporting: Vec<Vec<usize>> = defs
        .iter()
        .map(|d| {
            if d.7 == "province" {
                provinces.clone()
            } else {
                communes.clone()
            }
        })
        .collect();
    for (line, (code, name, baseline, target)) in SECTOR_INDICATORS.iter().enumerate() {
        let ministry = format!("B{:02}", LINES[line].0 + 1);
        let Some(owner) = list.iter().find(|a| a.code == ministry) else {
            continue;
        };
        let suffix = format!("-S{:02}", line + 1);
        let members: Vec<usize> = (0..list.len())
            .filter(|&i| list[i].kind == "department" && list[i].province.is_some())
            .filter(|&i| list[i].code.ends_with(&suffix))
            .collect();
        if members.is_empty() {
            continue;
        }
        defs.push((
            code.to_string(),
            name.to_string(),
            "outcome",
            "%",
            "percent",
            "average",
            Frequency::Quarterly,
            "department",
            *baseline,
            *target,
        ));
        owners.push(owner.id.clone());
        reporting.push(members);
    }
    let mut room: usize = defs
        .iter()
        .enumerate()
        .map(|(k, d)| reporting[k].len() * capacity(d.6))
        .sum();
    let mut extra = 0;
    while room < n_values {
        extra += 1;
        defs.push((
            format!("SYN_M{extra:03}"),
            format!("Chỉ tiêu theo tháng số {extra} của cấp xã"),
            ["input", "process", "output", "outcome"][extra % 4],
            "%",
            "percent",
            "average",
            Frequency::Monthly,
            "commune",
            30.0,
            90.0,
        ));
        owners.push(root.clone());
        reporting.push(communes.clone());
        room += communes.len() * HISTORY;
    }
    let linked_task = all_tasks.first().map(|t| t.id.clone());
    let now = now();
    let mut ids = Vec::new();
    write_transaction(conn, |c| {
        for (
            k,
            (code, name, group, unit, value_type, aggregation, frequency, kind, baseline, target),
        ) in defs.iter().enumerate()
        {
            let id = new_id();
            let first = periods(*frequency, today, capacity(*frequency));
            let target_period =
                Period::containing(today + TimeDelta::days(365), *frequency).to_string();
            diesel::insert_into(indicators::table)
                .values((
                    (
                        indicators::id.eq(&id),
                        indicators::code.eq(code),
                        indicators::name.eq(name),
                        indicators::description.eq(""),
                        indicators::indicator_group.eq(*group),
                        indicators::unit.eq(*unit),
                        indicators::value_type.eq(*value_type),
                        indicators::direction.eq("increase"),
                        indicators::aggregation.eq(*aggregation),
                        indicators::frequency.eq(frequency_text(*frequency)),
                        indicators::owner_agency_id.eq(&owners[k]),
                        indicators::reporting_agency_kind.eq(Some(*kind)),
                    ),
                    (
                        indicators::task_id.eq(if k == 0 { linked_task.clone() } else { None }),
                        indicators::drives_task_progress.eq(false),
                        indicators::baseline_value.eq(Some(*baseline)),
                        indicators::baseline_period.eq(first.last().map(|p| p.to_string())),
                        indicators::target_value.eq(Some(*target)),
                        indicators::target_period.eq(Some(target_period)),
                        indicators::definition.eq(format!("{name} (dữ liệu tổng hợp)")),
                        indicators::data_source.eq("Báo cáo định kỳ"),
                        indicators::method.eq("Tổng hợp từ số liệu đã phê duyệt"),
                        indicators::verification.eq("Đối chiếu hồ sơ"),
                        indicators::version.eq(1),
                        indicators::created_at.eq(now),
                        indicators::updated_at.eq(now),
                    ),
                ))
                .execute(c)?;
            // A target for each finished period, on the line from baseline to target.
            let steps = first.len().max(1) as f64;
            let targets: Vec<_> = first
                .iter()
                .rev()
                .enumerate()
                .map(|(i, p)| {
                    (
                        indicator_targets::indicator_id.eq(id.clone()),
                        indicator_targets::period.eq(p.to_string()),
                        indicator_targets::agency_id.eq(String::new()),
                        indicator_targets::value
                            .eq(baseline + (target - baseline) * (i as f64 + 1.0) / steps),
                    )
                })
                .collect();
            insert_chunks!(c, indicator_targets::table, &targets, 5000);
            ids.push(id);
        }
        Ok(())
    })?;
    // Figures: every series gets the same share of the requested count, newest periods first.
    // Shortest histories first, so that the longer ones take up what those cannot hold.
    let mut series: Vec<(usize, usize)> = defs
        .iter()
        .enumerate()
        .flat_map(|(k, _)| reporting[k].iter().map(move |&a| (k, a)))
        .collect();
    series.sort_by_key(|&(k, _)| capacity(defs[k].6));
    let mut remaining = n_values;
    let mut written = 0;
    let mut rows = Vec::with_capacity(COMMIT_EVERY + 100);
    let period_lists: Vec<Vec<Period>> = defs
        .iter()
        .map(|d| periods(d.6, today, capacity(d.6)))
        .collect();
    for (s, &(k, agency)) in series.iter().enumerate() {
        let left = series.len() - s;
        let share = remaining.div_ceil(left).min(period_lists[k].len());
        let (baseline, target, percent) = (defs[k].8, defs[k].9, defs[k].4 == "percent");
        let skill: f64 = rng.gen_range(0.6..1.15);
        for (age, p) in period_lists[k].iter().take(share).enumerate() {
            let progress = 1.0 - age as f64 / period_lists[k].len() as f64;
            let mut value =
                (baseline + (target - baseline) * progress * skill) * rng.gen_range(0.95..1.05);
            if percent {
                value = value.clamp(0.0, 100.0);
            }
            let value = (value * 10.0).round() / 10.0;
            let roll: f64 = rng.gen();
            // The newest period is in every state; older ones are approved.
            let status = match (age, roll) {
                (0, r) if r < 0.15 => "submitted",
                (0, r) if r < 0.22 => "draft",
                (0, r) if r < 0.27 => "returned",
                _ => "approved",
            };
            let approved = status == "approved";
            let end = p.bounds().1;
            let submitted_at = (status != "draft").then(|| {
                (end + TimeDelta::days(rng.gen_range(3..40)))
                    .and_hms_opt(9, 0, 0)
                    .expect("valid time")
            });
            rows.push((
                (
                    indicator_values::id.eq(new_id()),
                    indicator_values::indicator_id.eq(ids[k].clone()),
                    indicator_values::agency_id.eq(list[agency].id.clone()),
                    indicator_values::period.eq(p.to_string()),
                    indicator_values::period_end.eq(end),
                    indicator_values::revision.eq(1),
                    indicator_values::value.eq(value),
                    indicator_values::note.eq(String::new()),
                    indicator_values::status.eq(status),
                    indicator_values::is_current.eq(true),
                    indicator_values::counted.eq(approved),
                ),
                (
                    indicator_values::created_by.eq(author.to_string()),
                    indicator_values::submitted_by.eq(submitted_at.map(|_| author.to_string())),
                    indicator_values::submitted_at.eq(submitted_at),
                    indicator_values::approved_by.eq(approved.then(|| author.to_string())),
                    indicator_values::approved_at.eq(if approved { submitted_at } else { None }),
                    indicator_values::return_reason
                        .eq((status == "returned").then_some("Số liệu chưa khớp với báo cáo quý.")),
                    indicator_values::created_at.eq(submitted_at.unwrap_or(now)),
                    indicator_values::updated_at.eq(submitted_at.unwrap_or(now)),
                ),
            ));
            written += 1;
            if rows.len() >= COMMIT_EVERY {
                write_transaction(conn, |c| {
                    insert_chunks!(c, indicator_values::table, &rows, 1500);
                    Ok(())
                })?;
                rows.clear();
            }
        }
        remaining -= share;
    }
    write_transaction(conn, |c| {
        insert_chunks!(c, indicator_values::table, &rows, 1500);
        Ok(())
    })?;
    Ok((defs.len(), written))
}

fn frequency_text(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::HalfYearly => "half_yearly",
        Frequency::Yearly => "yearly",
    }
}
