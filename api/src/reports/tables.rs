//! The report's tables, built once from the model with typed cells: Excel writes real numbers and
//! dates, the other formats the Vietnamese text of each cell (`dd/mm/yyyy`, decimal comma).

use chrono::NaiveDate;

use super::model::PeriodicReport;
use crate::dashboard::ranking::{self, DataQuality, PeerGroup};
use crate::dashboard::Summary;
use crate::tasks::evaluation::EvaluationCounts;
use crate::vietnamese;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A figure as recorded.
    Number(f64),
    /// A percentage (0–100), one decimal.
    Percent(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    /// The cell as a Vietnamese reader reads it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Number(x) => vietnamese::number(*x),
            Cell::Percent(x) => vietnamese::decimal(*x),
            Cell::Date(d) => vietnamese::date(*d),
            Cell::Empty => String::new(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Number(_) | Cell::Percent(_))
    }
}

fn pct(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Percent)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    /// Relative width in the documents.
    pub width: u16,
}

const fn col(header: &'static str, width: u16) -> Column {
    Column { header, width }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The Excel sheet's name (at most 31 characters).
    pub sheet: &'static str,
    pub title: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Written under the table.
    pub note: Option<String>,
}

pub fn evaluation_words(e: &EvaluationCounts) -> [(&'static str, i64); 4] {
    [
        ("Hoàn thành đúng hạn", e.completed_on_time),
        ("Hoàn thành quá hạn", e.completed_late),
        (
            "Chưa hoàn thành, còn trong hạn",
            e.not_completed_within_deadline,
        ),
        ("Chưa hoàn thành, quá hạn", e.not_completed_overdue),
    ]
}

pub fn due(e: &EvaluationCounts) -> i64 {
    e.completed_on_time
        + e.completed_late
        + e.not_completed_within_deadline
        + e.not_completed_overdue
}

/// Share of the tasks due that were completed on time.
pub fn on_time_pct(e: &EvaluationCounts) -> Option<f64> {
    let n = due(e);
    (n > 0).then(|| (e.completed_on_time as f64 * 1000.0 / n as f64).round() / 10.0)
}

pub fn peer_group(g: PeerGroup) -> &'static str {
    match g {
        PeerGroup::Central => "Cơ quan Trung ương",
        PeerGroup::Ministry => "Bộ, ngành",
        PeerGroup::Province => "Tỉnh, thành phố",
        PeerGroup::Department => "Sở, ban, ngành",
        PeerGroup::Commune => "Xã, phường, đặc khu",
        PeerGroup::Other => "Đơn vị khác",
    }
}

pub fn data_quality(q: DataQuality) -> &'static str {
    match q {
        DataQuality::Good => "Tốt",
        DataQuality::Fair => "Khá",
        DataQuality::Insufficient => "Chưa đủ",
        DataQuality::NotExpected => "Không áp dụng",
    }
}

/// The summary's lines: (what, this period, previous period) for the comparison table.
pub fn summary_lines(s: &Summary) -> Vec<(&'static str, Cell)> {
    let e = &s.evaluation.counts;
    let mut out = vec![("Nhiệm vụ đến hạn trong kỳ", Cell::Int(due(e)))];
    out.extend(evaluation_words(e).map(|(w, n)| (w, Cell::Int(n))));
    out.extend([
        ("Tỷ lệ hoàn thành đúng hạn (%)", pct(on_time_pct(e))),
        ("Tiến độ bình quân (%)", Cell::Percent(s.weighted_progress)),
        ("Chỉ tiêu đạt", Cell::Int(s.kpis.on_track)),
        ("Chỉ tiêu chưa đạt", Cell::Int(s.kpis.off_track)),
        ("Chỉ tiêu chưa có số liệu", Cell::Int(s.kpis.no_data)),
        ("Mức độ đầy đủ số liệu (%)", pct(s.completeness_pct)),
        ("Mức độ đúng hạn của số liệu (%)", pct(s.timeliness_pct)),
        (
            "Cảnh báo đang mở",
            Cell::Int(s.alerts.info + s.alerts.warning + s.alerts.critical),
        ),
    ]);
    out
}

fn difference(now: &Cell, before: &Cell) -> Cell {
    match (now, before) {
        (Cell::Int(a), Cell::Int(b)) => Cell::Int(a - b),
        (Cell::Percent(a), Cell::Percent(b)) => Cell::Percent(((a - b) * 10.0).round() / 10.0),
        _ => Cell::Empty,
    }
}

fn summary_table(r: &PeriodicReport) -> Table {
    let before = r.previous.as_ref().map(summary_lines);
    let rows = summary_lines(&r.summary)
        .into_iter()
        .enumerate()
        .map(|(i, (what, now))| {
            let prev = before.as_ref().map_or(Cell::Empty, |b| b[i].1.clone());
            let change = difference(&now, &prev);
            vec![text(what), now, prev, change]
        })
        .collect();
    Table {
        sheet: "Tổng hợp",
        title: "Kết quả chung của kỳ báo cáo, so với kỳ trước",
        columns: vec![
            col("Nội dung", 46),
            col("Kỳ này", 16),
            col("Kỳ trước", 16),
            col("Tăng (+), giảm (−)", 18),
        ],
        rows,
        note: Some(format!(
            "Kỳ này: {}; kỳ trước: {}. Số liệu tính đến hết ngày {}.",
            r.span.label_vi(),
            r.previous_span
                .map_or("không có".to_string(), |p| p.label_vi()),
            vietnamese::date(r.day)
        )),
    }
}

fn agency_table(r: &PeriodicReport) -> Table {
    scorecard_table(&r.agencies)
}

/// The scorecard as a table (the report's agency table and the scorecard export).
pub fn scorecard_table(rows: &[crate::dashboard::ScorecardRow]) -> Table {
    let rows = rows
        .iter()
        .map(|a| {
            let e = &a.evaluation;
            vec![
                text(peer_group(a.peer_group)),
                Cell::Int(a.rank),
                text(&a.name),
                Cell::Int(due(e)),
                Cell::Int(e.completed_on_time),
                Cell::Int(e.completed_late),
                Cell::Int(e.not_completed_within_deadline),
                Cell::Int(e.not_completed_overdue),
                Cell::Percent(a.weighted_progress),
                pct(a.completeness_pct),
                pct(a.timeliness_pct),
                text(data_quality(a.data_quality)),
            ]
        })
        .collect();
    Table {
        sheet: super::sheet::AGENCY_SHEET,
        title: "Kết quả thực hiện nhiệm vụ theo đơn vị",
        columns: vec![
            col("Nhóm so sánh", 14),
            col("Xếp hạng trong nhóm", 8),
            col("Đơn vị", 26),
            col("Đến hạn", 8),
            col("Hoàn thành đúng hạn", 9),
            col("Hoàn thành quá hạn", 9),
            col("Chưa hoàn thành, trong hạn", 9),
            col("Chưa hoàn thành, quá hạn", 9),
            col("Tiến độ bình quân (%)", 9),
            col("Đầy đủ số liệu (%)", 9),
            col("Đúng hạn số liệu (%)", 9),
            col("Chất lượng dữ liệu", 10),
        ],
        rows,
        note: Some(ranking::METHOD_VI.to_string()),
    }
}

fn resolution_table(r: &PeriodicReport) -> Table {
    let rows = r
        .resolutions
        .iter()
        .map(|l| {
            let e = &l.summary.evaluation.counts;
            let gap = l.expected_progress.map_or(Cell::Empty, |x| {
                Cell::Percent(((l.summary.weighted_progress - x) * 10.0).round() / 10.0)
            });
            vec![
                text(&l.code),
                text(&l.title),
                Cell::Int(due(e)),
                Cell::Int(e.completed_on_time),
                Cell::Int(e.completed_late),
                Cell::Int(e.not_completed_within_deadline),
                Cell::Int(e.not_completed_overdue),
                Cell::Percent(l.summary.weighted_progress),
                pct(l.expected_progress),
                gap,
            ]
        })
        .collect();
    Table {
        sheet: "Theo nghị quyết",
        title: "Kết quả thực hiện theo nghị quyết, chương trình",
        columns: vec![
            col("Số, ký hiệu", 12),
            col("Nghị quyết", 30),
            col("Đến hạn", 8),
            col("Hoàn thành đúng hạn", 9),
            col("Hoàn thành quá hạn", 9),
            col("Chưa hoàn thành, trong hạn", 9),
            col("Chưa hoàn thành, quá hạn", 9),
            col("Tiến độ thực tế (%)", 9),
            col("Tiến độ kế hoạch (%)", 9),
            col("Chênh lệch (điểm %)", 9),
        ],
        rows,
        note: Some(
            "Tiến độ kế hoạch: phần thời gian đã qua từ ngày bắt đầu đến hạn của các nhiệm vụ, \
             bình quân theo trọng số."
                .to_string(),
        ),
    }
}

fn kpi_table(r: &PeriodicReport) -> Table {
    let rows = r
        .kpis
        .iter()
        .map(|k| {
            vec![
                text(&k.indicator_code),
                text(&k.indicator_name),
                text(&k.unit),
                text(&k.agency_name),
                text(&k.period),
                Cell::Number(k.value),
                k.interim_target.map_or(Cell::Empty, Cell::Number),
                pct(k.achievement_pct),
                k.final_target.map_or(Cell::Empty, Cell::Number),
                text(k.final_period.clone().unwrap_or_default()),
                pct(k.final_achievement_pct),
            ]
        })
        .collect();
    let mut note = "Mức đạt: số liệu đã phê duyệt so với chỉ tiêu của kỳ và so với mục tiêu cuối \
                    (100 = đạt), tính theo chiều của chỉ tiêu; các chỉ tiêu đạt thấp nhất so với \
                    chỉ tiêu của kỳ được xếp trước."
        .to_string();
    if r.kpis_left_out > 0 {
        note.push_str(&format!(
            " Còn {} chuỗi số liệu đạt cao hơn không in trong bảng này.",
            r.kpis_left_out
        ));
    }
    Table {
        sheet: "Chỉ tiêu",
        title: "Kết quả thực hiện các chỉ tiêu so với mục tiêu",
        columns: vec![
            col("Mã", 9),
            col("Chỉ tiêu", 26),
            col("Đơn vị tính", 8),
            col("Đơn vị báo cáo", 18),
            col("Kỳ", 8),
            col("Số liệu", 9),
            col("Chỉ tiêu của kỳ", 9),
            col("Mức đạt (%)", 8),
            col("Mục tiêu cuối", 9),
            col("Kỳ mục tiêu", 8),
            col("Mức đạt so với mục tiêu cuối (%)", 9),
        ],
        rows,
        note: Some(note),
    }
}

fn lagging_table(r: &PeriodicReport) -> Table {
    let rows = r
        .lagging
        .iter()
        .map(|l| {
            vec![
                text(&l.code),
                text(&l.title),
                text(&l.lead),
                Cell::Date(l.due),
                Cell::Percent(l.progress),
                Cell::Percent(l.expected),
                text(vietnamese::health(l.health)),
                text(&l.obstacles),
                text(&l.proposals),
            ]
        })
        .collect();
    Table {
        sheet: "Chậm tiến độ",
        title: "Nhiệm vụ chậm tiến độ, quá hạn",
        columns: vec![
            col("Mã", 9),
            col("Nhiệm vụ", 26),
            col("Đơn vị chủ trì", 16),
            col("Hạn", 9),
            col("Tiến độ (%)", 7),
            col("Tiến độ kế hoạch (%)", 8),
            col("Tình trạng", 10),
            col("Khó khăn, vướng mắc", 18),
            col("Kiến nghị, đề xuất", 18),
        ],
        rows,
        note: None,
    }
}

fn obstacle_table(r: &PeriodicReport) -> Table {
    let rows = r
        .obstacles
        .iter()
        .map(|o| {
            vec![
                text(&o.task_code),
                text(&o.task_title),
                text(&o.agency_name),
                Cell::Date(o.reported_on),
                text(&o.obstacles),
                text(&o.proposals),
                text(o.answer.clone().unwrap_or_default()),
            ]
        })
        .collect();
    Table {
        sheet: "Khó khăn, kiến nghị",
        title: "Khó khăn, vướng mắc và kiến nghị đã báo cáo trong kỳ, ý kiến trả lời",
        columns: vec![
            col("Mã", 8),
            col("Nhiệm vụ", 20),
            col("Đơn vị báo cáo", 14),
            col("Ngày báo cáo", 9),
            col("Khó khăn, vướng mắc", 18),
            col("Kiến nghị, đề xuất", 18),
            col("Ý kiến trả lời", 18),
        ],
        rows,
        note: None,
    }
}

fn directive_table(r: &PeriodicReport) -> Table {
    let rows = r
        .directives
        .iter()
        .map(|d| {
            vec![
                Cell::Date(d.issued_on),
                text(&d.issuer),
                text(&d.addressee),
                text(&d.subject),
                text(&d.text),
                d.due_date.map_or(Cell::Empty, Cell::Date),
                text(d.answer.clone().unwrap_or_default()),
            ]
        })
        .collect();
    Table {
        sheet: "Chỉ đạo chưa kết thúc",
        title: "Ý kiến chỉ đạo chưa kết thúc",
        columns: vec![
            col("Ngày", 9),
            col("Cơ quan chỉ đạo", 16),
            col("Đơn vị thực hiện", 16),
            col("Nhiệm vụ, chỉ tiêu", 9),
            col("Nội dung chỉ đạo", 26),
            col("Hạn trả lời", 9),
            col("Trả lời", 18),
        ],
        rows,
        note: None,
    }
}

/// Every table of the report, in the order the documents print them.
pub fn all(r: &PeriodicReport) -> Vec<Table> {
    vec![
        summary_table(r),
        agency_table(r),
        resolution_table(r),
        kpi_table(r),
        lagging_table(r),
        obstacle_table(r),
        directive_table(r),
    ]
}
