//! The report as an administrative document (Decree 30/2020/NĐ-CP): the issuing body and its
//! superior, the number and symbol left for the clerk (`Số:      /BC-…`), place and date, the
//! title, a body that states the results in words, recipients and a signature block, with the
//! tables as appendices. `restrack-documents` writes it as Word and PDF; the HTML report prints
//! the same heading, words and tables.

use chrono::Datelike;
use diesel::prelude::*;

use super::model::PeriodicReport;
use super::tables::{self, Cell, Table};
use crate::agencies::AgencyKind;
use crate::db::schema::{agencies, agency_closure};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::vietnamese;
use restrack_documents as docs;

/// Who issues the report and where.
#[derive(Debug, Clone)]
pub struct Heading {
    pub parent_body: Option<String>,
    pub issuer: String,
    pub number: String,
    /// The place name of the issuer's seat: its province's name, or Hà Nội for central bodies.
    pub place: String,
    /// The body reported to (the issuer's superior), then the archive.
    pub recipients: Vec<String>,
}

/// "Thành phố Hà Nội" → "Hà Nội", "Tỉnh Nghệ An" → "Nghệ An".
fn place_name(province: &str) -> String {
    ["Thành phố ", "Tỉnh ", "TP. "]
        .iter()
        .find_map(|p| province.strip_prefix(p))
        .unwrap_or(province)
        .to_string()
}

/// The heading of a report issued by `root`.
pub fn heading_of(conn: &mut DbConn, root: &str) -> Result<Heading, ApiError> {
    let (code, name, parent): (String, String, Option<String>) = agencies::table
        .find(root)
        .select((agencies::code, agencies::name, agencies::parent_id))
        .first(conn)?;
    let parent_name: Option<String> = match &parent {
        Some(p) => Some(agencies::table.find(p).select(agencies::name).first(conn)?),
        None => None,
    };
    // The nearest province at or above the issuer (the closure holds the agency itself).
    let province: Option<String> = agency_closure::table
        .inner_join(agencies::table.on(agencies::id.eq(agency_closure::ancestor_id)))
        .filter(agency_closure::descendant_id.eq(root))
        .filter(agencies::kind.eq(AgencyKind::Province.as_str()))
        .select(agencies::name)
        .first(conn)
        .optional()?;
    let mut recipients = Vec::new();
    if let Some(p) = &parent_name {
        recipients.push(format!("{p} (để báo cáo)"));
    }
    recipients.push(format!(
        "Lưu: VT, {}",
        code.split(|c: char| !c.is_alphanumeric())
            .next_back()
            .unwrap_or(&code)
    ));
    Ok(Heading {
        parent_body: parent_name.map(|p| p.to_uppercase()),
        issuer: name.to_uppercase(),
        // Left blank for the clerk who registers it (no-break spaces, so no layout collapses them).
        number: format!("Số:{}/BC-{}", "\u{a0}".repeat(10), code.to_uppercase()),
        place: province.as_deref().map_or("Hà Nội".to_string(), place_name),
        recipients,
    })
}

impl Heading {
    /// "Hà Nội, ngày 07 tháng 12 năm 2026".
    pub fn place_date(&self, day: chrono::NaiveDate) -> String {
        format!(
            "{}, ngày {:02} tháng {:02} năm {}",
            self.place,
            day.day(),
            day.month(),
            day.year()
        )
    }
}

pub const KIND: &str = "BÁO CÁO";

pub fn subject(r: &PeriodicReport) -> String {
    let what = match &r.resolution {
        Some((code, title)) => format!("Tình hình thực hiện {title} ({code})"),
        None => "Tình hình thực hiện các nghị quyết, chương trình".to_string(),
    };
    format!("{what} {}", r.span.label_vi())
}

/// The text as a sentence: trimmed, ending with a full stop unless it has its own.
fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn pct_text(x: Option<f64>) -> String {
    x.map_or("chưa có số liệu".to_string(), vietnamese::percent)
}

/// The body in words: the results, the change, the obstacles and the open directives; each
/// heading with its paragraphs.
pub fn narrative(r: &PeriodicReport) -> Vec<(String, Vec<String>)> {
    let s = &r.summary;
    let e = &s.evaluation.counts;
    let due = tables::due(e);
    let mut results = vec![format!(
        "Trong {}, {} có {} nhiệm vụ đến hạn (tính đến hết ngày {}): {} nhiệm vụ hoàn thành đúng \
         hạn, {} nhiệm vụ hoàn thành quá hạn, {} nhiệm vụ chưa hoàn thành nhưng còn trong hạn, {} \
         nhiệm vụ chưa hoàn thành và đã quá hạn.{}",
        r.span.label_vi(),
        r.agency_name,
        due,
        vietnamese::date(r.day),
        e.completed_on_time,
        e.completed_late,
        e.not_completed_within_deadline,
        e.not_completed_overdue,
        tables::on_time_pct(e)
            .map(|p| format!(" Tỷ lệ hoàn thành đúng hạn đạt {}.", vietnamese::percent(p)))
            .unwrap_or_default(),
    )];
    results.push(format!(
        "Tiến độ bình quân của các nhiệm vụ là {}. Trong {} chuỗi số liệu chỉ tiêu, {} đạt từ 85% \
         chỉ tiêu của kỳ trở lên, {} chưa đạt, {} chưa có số liệu được phê duyệt. Mức độ đầy đủ số \
         liệu {}, mức độ đúng hạn {}.",
        vietnamese::percent(s.weighted_progress),
        s.kpis.series,
        s.kpis.on_track,
        s.kpis.off_track,
        s.kpis.no_data,
        pct_text(s.completeness_pct),
        pct_text(s.timeliness_pct),
    ));
    if let (Some(p), Some(span)) = (&r.previous, r.previous_span) {
        let before = &p.evaluation.counts;
        results.push(format!(
            "So với {}: số nhiệm vụ đến hạn {} (kỳ trước {}), hoàn thành đúng hạn {} (kỳ trước \
             {}), chưa hoàn thành quá hạn {} (kỳ trước {}); tiến độ bình quân {} (kỳ trước {}).",
            span.label_vi(),
            due,
            tables::due(before),
            e.completed_on_time,
            before.completed_on_time,
            e.not_completed_overdue,
            before.not_completed_overdue,
            vietnamese::percent(s.weighted_progress),
            vietnamese::percent(p.weighted_progress),
        ));
    }
    results.push(
        "Chi tiết theo đơn vị, theo nghị quyết và theo chỉ tiêu tại các phụ lục kèm theo."
            .to_string(),
    );
    let mut obstacles: Vec<String> = r
        .obstacles
        .iter()
        .take(10)
        .map(|o| {
            let mut line = format!("{} ({}, {}):", o.task_title, o.task_code, o.agency_name);
            if !o.obstacles.is_empty() {
                line.push_str(&format!(" {}", sentence(&o.obstacles)));
            }
            if !o.proposals.is_empty() {
                line.push_str(&format!(" Kiến nghị: {}", sentence(&o.proposals)));
            }
            if let Some(a) = &o.answer {
                line.push_str(&format!(" Trả lời: {}", sentence(a)));
            }
            line
        })
        .collect();
    if obstacles.is_empty() {
        obstacles.push("Trong kỳ, các đơn vị không báo cáo khó khăn, vướng mắc.".to_string());
    }
    let directives = if r.directives.is_empty() {
        vec!["Không có ý kiến chỉ đạo nào chưa kết thúc.".to_string()]
    } else {
        vec![format!(
            "Còn {} ý kiến chỉ đạo chưa kết thúc, trong đó {} chưa được trả lời (chi tiết tại phụ lục).",
            r.directives.len(),
            r.directives.iter().filter(|d| d.answer.is_none()).count()
        )]
    };
    vec![
        ("I. KẾT QUẢ THỰC HIỆN".to_string(), results),
        (
            "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ".to_string(),
            obstacles,
        ),
        ("III. Ý KIẾN CHỈ ĐẠO CHƯA KẾT THÚC".to_string(), directives),
    ]
}

/// Who signs, above the room for the signature and seal (the office completes the name).
pub const SIGNER_TITLE: &str = "THỦ TRƯỞNG CƠ QUAN";

/// "Phụ lục I" for the first appendix (the tables after the first, which stands in the body).
pub fn annex_title(i: usize) -> String {
    const ROMAN: [&str; 8] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
    format!("Phụ lục {}", ROMAN.get(i).copied().unwrap_or(""))
}

fn doc_table(t: &Table) -> docs::Table {
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|j| {
            t.rows
                .iter()
                .any(|r| r.get(j).is_some_and(Cell::is_numeric))
        })
        .collect();
    docs::Table {
        columns: t
            .columns
            .iter()
            .zip(&numeric)
            .map(|(c, n)| docs::Column {
                header: c.header.to_string(),
                width: c.width,
                align: if *n {
                    docs::Align::Right
                } else {
                    docs::Align::Left
                },
            })
            .collect(),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect(),
        note: t.note.clone(),
    }
}

fn document(r: &PeriodicReport, h: &Heading, tables: &[Table]) -> docs::Document {
    let mut body = Vec::new();
    // The comparison table in the body; the others as appendices.
    for (i, (head, paragraphs)) in narrative(r).into_iter().enumerate() {
        body.push(docs::Block::Heading1(head));
        body.extend(paragraphs.into_iter().map(docs::Block::Paragraph));
        if i == 0 {
            if let Some(t) = tables.first() {
                body.push(docs::Block::Table(doc_table(t)));
            }
        }
    }
    let annexes = tables
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, t)| docs::Annex {
            title: annex_title(i),
            subject: t.title.to_string(),
            landscape: t.columns.len() > 6,
            blocks: if t.rows.is_empty() {
                vec![docs::Block::Paragraph(
                    "Không có nội dung trong kỳ.".to_string(),
                )]
            } else {
                vec![docs::Block::Table(doc_table(t))]
            },
        })
        .collect();
    docs::Document {
        heading: docs::Heading {
            parent_body: h.parent_body.clone(),
            issuer: h.issuer.clone(),
            number: h.number.clone(),
            place_date: h.place_date(r.produced_on),
        },
        kind: KIND.to_string(),
        subject: subject(r),
        body,
        recipients: h.recipients.clone(),
        signature: docs::Signature {
            authority: None,
            title: SIGNER_TITLE.to_string(),
            name: String::new(),
        },
        annexes,
    }
}

fn render_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(anyhow::anyhow!("rendering the report: {e}"))
}

pub fn docx(r: &PeriodicReport, h: &Heading, tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    docs::docx(&document(r, h, tables)).map_err(render_error)
}

pub fn pdf(r: &PeriodicReport, h: &Heading, tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    docs::pdf(&document(r, h, tables)).map_err(render_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_the_province_without_its_kind() {
        assert_eq!(place_name("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_name("Tỉnh Nghệ An"), "Nghệ An");
        assert_eq!(place_name("Huế"), "Huế");
    }
}
