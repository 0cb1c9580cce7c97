//! The Word rendering: docx-rs paragraphs and tables, one section for the signed body and
//! one per annex (landscape when asked), page numbers in the header from page 2.

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, PageSize, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, Section, SpecialIndentType, Table as WTable,
};

use crate::fonts::{self, Face};
use crate::model::{Block, Document};
use crate::Error;

mod heading;
mod table;

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
    xml.document = table::mark_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| Error::new(format!("writing the .docx failed: {e}")))?;
    deflate(&out.into_inner()).map_err(|e| Error::new(format!("compressing the .docx failed: {e}")))
}

/// The same package with every part deflated (docx-rs writes them stored), in the same order.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        if part.is_dir() {
            continue;
        }
        let mut content = Vec::with_capacity(part.size() as usize);
        part.read_to_end(&mut content)?;
        let name = part.name()?.to_string();
        out.start_file(name, options)?;
        out.write_all(&content)?;
    }
    Ok(out.finish()?.into_inner())
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
            .size(26)
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
    let mut out = vec![tbl(heading::heading_table(doc, width))];
    let subject_w = text_twips(Face::Bold, 28, &doc.subject).min(width);
    out.push(para(
        centered(&doc.kind, 28, true, false).line_spacing(LineSpacing::new().before(360).after(0)),
    ));
    for line in doc.subject.lines() {
        out.push(para(centered(line, 28, true, false)));
    }
    out.push(para(short_line((subject_w / 3).max(1134), width)));
    out.extend(blocks(&doc.body, 24, width));
    out.push(tbl(heading::signature_table(doc, width)));
    out
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
                out.push(tbl(table::table(t, table_size, width)));
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
