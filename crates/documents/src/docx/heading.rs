//! The heading block (issuer, national title, number, place and date) and the signature
//! block ("Nơi nhận:", authority, title, name): borderless two-column tables.

use docx_rs::{
    AlignmentType, BreakType, LineSpacing, Paragraph, Table as WTable, TableCell, TableCellMargins,
    TableRow, WidthType,
};

use super::{after, centered, run, short_line, text_twips};
use crate::fonts::Face;
use crate::model::{recipient_lines, Document};
use crate::text::wrap_balanced;

/// The borderless two-column heading: issuer on the left (41 %), national title on the
/// right; the number and the place and date on a second row, so they stand level.
pub(super) fn heading_table(doc: &Document, width: i32) -> WTable {
    let h = &doc.heading;
    let lw = width * 41 / 100;
    let rw = width - lw;
    let mut left = TableCell::new().width(lw as usize, WidthType::Dxa);
    if let Some(parent) = &h.parent_body {
        left = left.add_paragraph(centered_lines(
            &parent.to_uppercase(),
            26,
            Face::Regular,
            lw,
        ));
    }
    let issuer = h.issuer.to_uppercase();
    let issuer_w = widest_twips(&issuer, Face::Bold, 26, lw);
    left = left
        .add_paragraph(centered_lines(&issuer, 26, Face::Bold, lw))
        .add_paragraph(short_line((issuer_w * 2 / 5).max(1134).min(issuer_w), lw));
    const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
    let motto_w = text_twips(Face::Bold, 28, MOTTO);
    let right = TableCell::new()
        .width(rw as usize, WidthType::Dxa)
        .add_paragraph(centered_lines(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            26,
            Face::Bold,
            rw,
        ))
        .add_paragraph(centered(MOTTO, 28, true, false))
        .add_paragraph(short_line(motto_w, rw));
    let number = TableCell::new()
        .width(lw as usize, WidthType::Dxa)
        .add_paragraph(centered_lines(&h.number, 26, Face::Regular, lw));
    let date = TableCell::new()
        .width(rw as usize, WidthType::Dxa)
        .add_paragraph(centered_lines(&h.place_date, 28, Face::Italic, rw));
    WTable::without_borders(vec![
        TableRow::new(vec![left, right]),
        TableRow::new(vec![number, date]),
    ])
    .set_grid(vec![lw as usize, rw as usize])
    .width(width as usize, WidthType::Dxa)
    .margins(TableCellMargins::new().margin(0, 0, 0, 0))
    .indent(0)
}

/// The widest line, in twips, of `text` broken evenly to `room` twips.
fn widest_twips(text: &str, face: Face, half_points: usize, room: i32) -> i32 {
    let lines = wrap_balanced(text, face, half_points as f32 / 2.0, room as f32 / 20.0);
    let w = lines.iter().map(|l| l.width).fold(0.0, f32::max);
    (w * 20.0).round() as i32
}

/// A centred heading broken evenly with explicit line breaks (the PDF breaks it the same).
fn centered_lines(text: &str, half_points: usize, face: Face, room: i32) -> Paragraph {
    let (bold, italic) = match face {
        Face::Regular => (false, false),
        Face::Bold => (true, false),
        Face::Italic => (false, true),
        Face::BoldItalic => (true, true),
    };
    // A little less than the cell, so Word never needs a break of its own.
    let lines = wrap_balanced(
        text,
        face,
        half_points as f32 / 2.0,
        room as f32 / 20.0 - 2.0,
    );
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(after(0));
    for (i, line) in lines.iter().enumerate() {
        let mut r = run(&line.words.join(" "), half_points, bold, italic);
        if i + 1 < lines.len() {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r);
    }
    p
}

fn borderless(cells: Vec<TableCell>, grid: &[i32], width: i32) -> WTable {
    WTable::without_borders(vec![TableRow::new(cells)])
        .set_grid(grid.iter().map(|&g| g as usize).collect())
        .width(width as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(0)
}

/// "Nơi nhận:" on the left, the signature on the right.
pub(super) fn signature_table(doc: &Document, width: i32) -> WTable {
    let lw = width / 2;
    let rw = width - lw;
    let mut left = TableCell::new()
        .width(lw as usize, WidthType::Dxa)
        .add_paragraph(Paragraph::new().line_spacing(after(0)).add_run(run(
            "Nơi nhận:",
            24,
            true,
            true,
        )));
    for line in recipient_lines(&doc.recipients) {
        left = left.add_paragraph(
            Paragraph::new()
                .line_spacing(after(0))
                .add_run(run(&line, 22, false, false)),
        );
    }
    let s = &doc.signature;
    let mut right = TableCell::new().width(rw as usize, WidthType::Dxa);
    if let Some(authority) = &s.authority {
        right = right.add_paragraph(centered(&authority.to_uppercase(), 28, true, false));
    }
    right = right
        .add_paragraph(centered(&s.title.to_uppercase(), 28, true, false))
        .add_paragraph(
            // About 3 cm for the signature and the seal.
            centered(&s.name, 28, true, false)
                .line_spacing(LineSpacing::new().before(1701).after(0)),
        );
    borderless(vec![left, right], &[lw, rw], width)
}

#[cfg(test)]
mod tests {
    use super::super::text_width;
    use super::*;

    #[test]
    fn national_title_fits_its_column() {
        let rw = text_width(false) - text_width(false) * 41 / 100;
        let w = text_twips(Face::Bold, 26, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert!(w < rw, "{w} >= {rw}");
    }
}
