//! The neutral document model: what a report says, not how it is drawn.

/// A whole administrative document: heading, kind and subject, body, "Nơi nhận:",
/// signature and appendices.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub heading: Heading,
    /// The kind of document, e.g. "BÁO CÁO".
    pub kind: String,
    /// The subject under the kind, e.g. "Tình hình thực hiện các nghị quyết quý III năm 2026".
    pub subject: String,
    pub body: Vec<Block>,
    /// "Nơi nhận:" list, e.g. ["Như trên", "Lãnh đạo Văn phòng", "Lưu: VT, THKH"].
    pub recipients: Vec<String>,
    pub signature: Signature,
    /// Appendices (Phụ lục) after the signed body, each starting on a new page.
    pub annexes: Vec<Annex>,
}

/// The two-column block at the top of the first page.
#[derive(Debug, Clone, Default)]
pub struct Heading {
    /// The superior body (cơ quan chủ quản), upper line; None when the issuer is the top.
    pub parent_body: Option<String>,
    /// The issuing body, e.g. "VĂN PHÒNG TRUNG ƯƠNG ĐẢNG".
    pub issuer: String,
    /// "Số: …/BC-VPTW" (the whole text of the line).
    pub number: String,
    /// "Hà Nội, ngày 07 tháng 12 năm 2026" (the whole text of the line).
    pub place_date: String,
}

/// The signature block on the right after the body.
#[derive(Debug, Clone, Default)]
pub struct Signature {
    /// e.g. Some("TM. BAN CHỈ ĐẠO") or None.
    pub authority: Option<String>,
    /// e.g. "CHÁNH VĂN PHÒNG".
    pub title: String,
    /// The signer's name; may be empty (then a blank line stays for it).
    pub name: String,
}

/// One block of the body or of an annex.
#[derive(Debug, Clone)]
pub enum Block {
    /// "I. KẾT QUẢ THỰC HIỆN" — bold.
    Heading1(String),
    /// "1. Nhiệm vụ đến hạn trong kỳ" — bold.
    Heading2(String),
    /// Body text: justified, first-line indent.
    Paragraph(String),
    Table(Table),
}

/// An appendix (Phụ lục), on its own page(s).
#[derive(Debug, Clone, Default)]
pub struct Annex {
    /// "Phụ lục I"
    pub title: String,
    /// "Nhiệm vụ đến hạn trong kỳ theo đơn vị"
    pub subject: String,
    /// Wide tables go on landscape pages.
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// A table with one header row, full text width.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Written in italics under the table (e.g. how a ranking is computed).
    pub note: Option<String>,
}

/// A table column: its header, relative width and the alignment of its cells.
#[derive(Debug, Clone, Default)]
pub struct Column {
    pub header: String,
    /// Relative width (the columns share the text width in proportion).
    pub width: u16,
    pub align: Align,
}

/// Horizontal alignment of the cells of a column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

impl Table {
    /// The columns' relative widths as fractions of 1 (equal shares when all are 0).
    pub(crate) fn fractions(&self) -> Vec<f32> {
        let total: u32 = self.columns.iter().map(|c| u32::from(c.width)).sum();
        let n = self.columns.len().max(1) as f32;
        self.columns
            .iter()
            .map(|c| {
                if total == 0 {
                    1.0 / n
                } else {
                    f32::from(c.width) / total as f32
                }
            })
            .collect()
    }
}

/// The "Nơi nhận:" lines: "- {text};" and "." after the last one.
pub(crate) fn recipient_lines(recipients: &[String]) -> Vec<String> {
    let n = recipients.len();
    recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let end = if i + 1 == n { '.' } else { ';' };
            format!("- {}{end}", r.trim_end_matches(['.', ';']))
        })
        .collect()
}
