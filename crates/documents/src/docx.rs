//! The Word rendering: docx-rs paragraphs and tables, one section for the signed body and
//! one per annex (landscape when asked), page numbers in the header from page 2.

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, PageOrientationType, PageSize, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, Section, Shading, ShdType, SpecialIndentType, Table as WTable,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableRow,
    VAlignType, WidthType,
};

use crate::fonts::{self, Face};
use crate::model::{recipient_lines, Align, Block, Document, Table};
use crate::text::wrap_balanced;
use crate::Error;

/// A4 in twentieths of a point, and the margins of Decree 30/2020 (20/20/30/15 mm).
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
const TOP: i32 = 1134;
const BOTTOM: i32 = 1134;
const LEFT: i32 = 1701;
const RIGHT: i32 = 850;
/// The page number sits in the top margin, 10 mm from the edge.
const HEADER: i32 = 567;
const FONT: &str = "Times New Roman";
/// 1.27 cm first-line indent; 6 pt after a paragraph.
const FIRST_LINE: i32 = 720;
const AFTER: u32 = 120;

/// What goes into one Word section.
enum Child {
    Para(Box<Paragraph>),
    Table(Box<WTable>),
}

fn para(p: Paragraph) -> Child {
    Child::Para(Box::new(p))
}

fn tbl(t: WTable) -> Child {
    Child::Table(Box::new(t))
}

struct Part {
    landscape: bool,
    children: Vec<Child>,
}

/// Text width in twips for a portrait or landscape page.
fn text_width(landscape: bool) -> i32 {
    let page = if landscape { A4_H } else { A4_W };
    page as i32 - LEFT - RIGHT
}

pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let mut parts = vec![Part {
        landscape: false,
        children: main_part(doc),
    }];
    for annex in &doc.annexes {
        let width = text_width(annex.landscape);
        let mut children = vec![
            para(centered(&annex.title, 28, true, false)),
            para(centered(&annex.subject, 28, true, false).line_spacing(after(AFTER * 2))),
        ];
        children.extend(blocks(&annex.blocks, 22, width));
        parts.push(Part {
            landscape: annex.landscape,
            children,
        });
    }
    let mut xml = assemble(parts).build();
    xml.document = mark_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| Error::new(format!("writing the .docx failed: {e}")))?;
    Ok(out.into_inner())
}

fn page_size(landscape: bool) -> PageSize {
    if landscape {
        PageSize::new()
            .size(A4_H, A4_W)
            .orient(PageOrientationType::Landscape)
    } else {
        PageSize::new().size(A4_W, A4_H)
    }
}

fn margins() -> PageMargin {
    PageMargin::new()
        .top(TOP)
        .bottom(BOTTOM)
        .left(LEFT)
        .right(RIGHT)
        .header(HEADER)
        .footer(HEADER)
}

fn number_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(28)
            .fonts(fonts_tnr()),
    )
}

/// All parts but the last become sections; the last one is the document's own section.
/// Only the first carries the headers (the others inherit them) and `titlePg`, so the
/// first page has no number and the annexes' pages go on counting.
fn assemble(parts: Vec<Part>) -> Docx {
    let n = parts.len();
    let mut docx = Docx::new()
        .default_fonts(fonts_tnr())
        .default_size(28)
        .default_tab_stop(720);
    for (i, part) in parts.into_iter().enumerate() {
        let first = i == 0;
        if i + 1 < n {
            let mut s = Section::new()
                .page_size(page_size(part.landscape))
                .page_margin(margins());
            if part.landscape {
                s = s.page_orient(PageOrientationType::Landscape);
            }
            if first {
                s = s
                    .header(number_header())
                    .first_header(Header::new())
                    .title_pg();
            }
            for c in part.children {
                s = match c {
                    Child::Para(p) => s.add_paragraph(*p),
                    Child::Table(t) => s.add_table(*t),
                };
            }
            docx = docx.add_section(s);
        } else {
            let (w, h) = if part.landscape {
                (A4_H, A4_W)
            } else {
                (A4_W, A4_H)
            };
            docx = docx.page_size(w, h).page_margin(margins());
            if part.landscape {
                docx = docx.page_orient(PageOrientationType::Landscape);
            }
            if first {
                docx = docx
                    .header(number_header())
                    .first_header(Header::new())
                    .title_pg();
            }
            for c in part.children {
                docx = match c {
                    Child::Para(p) => docx.add_paragraph(*p),
                    Child::Table(t) => docx.add_table(*t),
                };
            }
        }
    }
    docx
}

/// docx-rs cannot write `w:tblHeader`; header rows are the only rows marked `cantSplit`,
/// so the mark is added next to it in the serialised XML.
fn mark_header_rows(xml: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(xml);
    s.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replace("<w:cantSplit/>", "<w:cantSplit/><w:tblHeader/>")
        .into_bytes()
}

fn fonts_tnr() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// A run of text; `size` in half-points.
fn run(text: &str, size: usize, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().add_text(text).size(size).fonts(fonts_tnr());
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

fn after(twips: u32) -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(twips)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

fn centered(text: &str, size: usize, bold: bool, italic: bool) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(after(0))
        .add_run(run(text, size, bold, italic))
}

/// A solid line `width` twips long, centred in a cell (or column) `room` twips wide:
/// the top border of an empty 1 pt paragraph, narrowed by its indents.
fn short_line(width: i32, room: i32) -> Paragraph {
    let side = ((room - width) / 2).max(0);
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(60)
                .after(60)
                .line(20)
                .line_rule(LineSpacingType::Exact),
        )
        .add_run(Run::new().size(2));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(6)
                .color("000000"),
        ),
    );
    p
}

/// Width of a text in twips as Word will lay it out (Times New Roman metrics).
fn text_twips(face: Face, half_points: usize, text: &str) -> i32 {
    (fonts::width(face, half_points as f32 / 2.0, text) * 20.0).round() as i32
}

fn main_part(doc: &Document) -> Vec<Child> {
    let width = text_width(false);
    let mut out = vec![tbl(heading_table(doc, width))];
    let subject_w = text_twips(Face::Bold, 28, &doc.subject).min(width);
    out.push(para(
        centered(&doc.kind, 28, true, false).line_spacing(LineSpacing::new().before(360).after(0)),
    ));
    for line in doc.subject.lines() {
        out.push(para(centered(line, 28, true, false)));
    }
    out.push(para(short_line((subject_w / 3).max(1134), width)));
    out.extend(blocks(&doc.body, 24, width));
    out.push(tbl(signature_table(doc, width)));
    out
}

/// The borderless two-column heading: issuer on the left (41 %), national title on the
/// right; the number and the place and date on a second row, so they stand level.
fn heading_table(doc: &Document, width: i32) -> WTable {
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
fn signature_table(doc: &Document, width: i32) -> WTable {
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

fn blocks(blocks: &[Block], table_size: usize, width: i32) -> Vec<Child> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading1(t) => out.push(para(heading(t, 0))),
            Block::Heading2(t) => out.push(para(heading(t, FIRST_LINE))),
            Block::Paragraph(t) => out.push(para(
                Paragraph::new()
                    .align(AlignmentType::Both)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(FIRST_LINE)),
                        None,
                        None,
                    )
                    .line_spacing(after(AFTER))
                    .add_run(run(t, 28, false, false)),
            )),
            Block::Table(t) => {
                out.push(tbl(table(t, table_size, width)));
                let note = t.note.as_deref().unwrap_or("");
                let mut p = Paragraph::new()
                    .align(AlignmentType::Both)
                    .line_spacing(LineSpacing::new().before(60).after(AFTER));
                if !note.is_empty() {
                    p = p.add_run(run(note, 24, false, true));
                }
                out.push(para(p));
            }
        }
    }
    out
}

fn heading(text: &str, indent: i32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Left)
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(indent)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(AFTER).after(AFTER))
        .keep_next(true)
        .add_run(run(text, 28, true, false))
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A bordered table over the text width; the header row repeats on each page.
fn table(t: &Table, size: usize, width: i32) -> WTable {
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
        rows.push(TableRow::new(cells));
    }
    WTable::new(rows)
        .set_grid(grid)
        .width(width as usize, WidthType::Dxa)
        .set_borders(thin_borders())
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
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

    #[test]
    fn national_title_fits_its_column() {
        let rw = text_width(false) - text_width(false) * 41 / 100;
        let w = text_twips(Face::Bold, 26, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert!(w < rw, "{w} >= {rw}");
    }

    #[test]
    fn header_rows_are_marked() {
        let out = mark_header_rows(b"<w:trPr><w:cantSplit /></w:trPr>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>"
        );
    }
}
