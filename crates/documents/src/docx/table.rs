//! Bordered tables: full text width, grey header row repeated on each page, rows kept
//! whole.

use docx_rs::{
    AlignmentType, BorderType, HeightRule, Paragraph, Shading, ShdType, Table as WTable,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableRow,
    VAlignType, WidthType,
};

use super::{after, run};
use crate::model::{Align, Table};

/// docx-rs cannot write `w:tblHeader`; header rows carry a marker no other row has (a
/// minimum height of 1 twip, which never shows) and the marker is replaced by the mark in
/// the serialised XML.
const HEADER_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

pub(super) fn mark_header_rows(xml: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(xml)
        .replace(HEADER_MARK, "<w:tblHeader />")
        .into_bytes()
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A bordered table over the text width; the header row repeats on each page.
pub(super) fn table(t: &Table, size: usize, width: i32) -> WTable {
    let grid: Vec<usize> = t
        .fractions()
        .iter()
        .map(|f| (f * width as f32).round() as usize)
        .collect();
    let cell = |text: &str, w: usize, align: AlignmentType, bold: bool| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(
                Paragraph::new()
                    .align(align)
                    .line_spacing(after(0))
                    .add_run(run(text, size, bold, false)),
            )
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&grid)
            .map(|(c, &w)| {
                cell(&c.header, w, AlignmentType::Center, true).shading(
                    Shading::new()
                        .shd_type(ShdType::Clear)
                        .color("auto")
                        .fill("D9D9D9"),
                )
            })
            .collect(),
    )
    .row_height(1.0)
    .height_rule(HeightRule::AtLeast)
    .cant_split();
    let mut rows = vec![header];
    for r in &t.rows {
        let cells = t
            .columns
            .iter()
            .zip(&grid)
            .enumerate()
            .map(|(i, (c, &w))| {
                let text = r.get(i).map(String::as_str).unwrap_or("");
                cell(text, w, alignment(c.align), false)
            })
            .collect();
        // A row is not split over two pages.
        rows.push(TableRow::new(cells).cant_split());
    }
    WTable::new(rows)
        .set_grid(grid)
        .width(width as usize, WidthType::Dxa)
        .set_borders(thin_borders())
        .margins(TableCellMargins::new().margin(40, 60, 40, 60))
}

fn thin_borders() -> TableBorders {
    use TableBorderPosition::*;
    [Top, Left, Bottom, Right, InsideH, InsideV]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| {
            b.set(
                TableBorder::new(pos)
                    .border_type(BorderType::Single)
                    .size(4)
                    .color("000000"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    #[test]
    fn header_rows_are_marked() {
        let xml = WTable::new(vec![
            TableRow::new(vec![TableCell::new()])
                .row_height(1.0)
                .height_rule(HeightRule::AtLeast),
            TableRow::new(vec![TableCell::new()]).cant_split(),
        ])
        .build();
        let out = String::from_utf8(mark_header_rows(&xml)).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 1, "{out}");
        assert!(!out.contains("trHeight"), "{out}");
    }
}
