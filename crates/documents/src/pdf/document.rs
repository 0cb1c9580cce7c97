//! The parts of an administrative document (Decree 30/2020/NĐ-CP, Appendix I) laid out
//! on the flow: heading, kind and subject, body, "Nơi nhận:" and signature, annexes,
//! page numbers.

use super::flow::{Flow, TextStyle};
use super::layout::{line_height, text_box, wrap_balanced, Geometry, Op, Page, Set, MM};
use super::table::table;
use crate::fonts::{self, Face};
use crate::model::{recipient_lines, Align, Block, Document};

const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Thickness of the lines under the issuer, the motto and the subject.
const RULE: f32 = 0.6;
const BODY: f32 = 14.0;
const AFTER: f32 = 6.0;
const INDENT: f32 = 12.7 * MM;
/// The issuer's share of the heading's width (the national title needs the rest).
const HEADING_LEFT: f32 = 0.41;

pub(crate) fn layout(doc: &Document) -> Vec<Page> {
    let mut f = Flow::new();
    f.new_page(false);
    heading(&mut f, doc);
    title(&mut f, &doc.kind, &doc.subject, true);
    blocks(&mut f, &doc.body, 12.0);
    signature(&mut f, doc);
    for annex in &doc.annexes {
        f.new_page(annex.landscape);
        title(&mut f, &annex.title, &annex.subject, false);
        blocks(&mut f, &annex.blocks, 11.0);
    }
    number_pages(&mut f.pages);
    f.pages
}

/// The width of the widest line of `text` broken to `max`.
fn widest(text: &str, face: Face, size: f32, max: f32) -> f32 {
    wrap_balanced(text, face, size, max)
        .iter()
        .map(|l| l.width)
        .fold(0.0, f32::max)
}

/// A rule `width` long centred in the column [x, x + col] at `y`.
fn centred_rule(f: &mut Flow, x: f32, col: f32, width: f32, y: f32) {
    let x1 = x + (col - width) / 2.0;
    f.hline(x1, x1 + width, y, RULE);
}

/// Issuer on the left (41 %), national title and motto on the right (59 %), then the
/// number and the place and date on one level.
fn heading(f: &mut Flow, doc: &Document) {
    let h = &doc.heading;
    let (top, lx, tw) = (f.geo.top, f.geo.left, f.geo.text_width());
    let lw = tw * HEADING_LEFT;
    let (rx, rw) = (lx + lw, tw - lw);

    let mut yl = top;
    if let Some(parent) = &h.parent_body {
        let (ops, y) = text_box(
            &parent.to_uppercase(),
            (Face::Regular, 13.0),
            (lx, lw),
            yl,
            Align::Center,
        );
        f.extend(ops);
        yl = y;
    }
    let issuer = h.issuer.to_uppercase();
    let (ops, y) = text_box(&issuer, (Face::Bold, 13.0), (lx, lw), yl, Align::Center);
    f.extend(ops);
    let iw = widest(&issuer, Face::Bold, 13.0, lw);
    centred_rule(f, lx, lw, (iw * 0.4).max(20.0 * MM).min(iw), y + 4.0);
    yl = y + 8.0;

    let (ops, y) = text_box(NATION, (Face::Bold, 13.0), (rx, rw), top, Align::Center);
    f.extend(ops);
    let (ops, y) = text_box(MOTTO, (Face::Bold, 14.0), (rx, rw), y, Align::Center);
    f.extend(ops);
    let mw = widest(MOTTO, Face::Bold, 14.0, rw);
    centred_rule(f, rx, rw, mw, y + 4.0);
    let yr = y + 8.0;

    let y = yl.max(yr);
    let (ops, yn) = text_box(&h.number, (Face::Regular, 13.0), (lx, lw), y, Align::Center);
    f.extend(ops);
    let (ops, yd) = text_box(
        &h.place_date,
        (Face::Italic, 14.0),
        (rx, rw),
        y,
        Align::Center,
    );
    f.extend(ops);
    f.y = yn.max(yd);
}

/// The kind ("BÁO CÁO") or an annex's title, the subject under it, a short rule under
/// the subject of the document itself.
fn title(f: &mut Flow, kind: &str, subject: &str, rule: bool) {
    let (x, w) = (f.geo.left, f.geo.text_width());
    f.y += if rule { 18.0 } else { 0.0 };
    let (ops, y) = text_box(kind, (Face::Bold, BODY), (x, w), f.y, Align::Center);
    f.extend(ops);
    let (ops, y) = text_box(subject, (Face::Bold, BODY), (x, w), y, Align::Center);
    f.extend(ops);
    f.y = y;
    if rule && !subject.trim().is_empty() {
        let sw = widest(subject, Face::Bold, BODY, w);
        centred_rule(f, x, w, (sw / 3.0).max(25.0 * MM).min(sw), y + 4.0);
    }
    f.y += 14.0;
}

fn blocks(f: &mut Flow, blocks: &[Block], table_size: f32) {
    let body = TextStyle {
        face: Face::Regular,
        size: BODY,
        indent: INDENT,
        justify: true,
        after: AFTER,
    };
    let bold = TextStyle {
        face: Face::Bold,
        justify: false,
        ..body
    };
    for b in blocks {
        match b {
            Block::Heading1(t) | Block::Heading2(t) => {
                let indent = if matches!(b, Block::Heading1(_)) {
                    0.0
                } else {
                    INDENT
                };
                // A heading keeps with the next two lines.
                f.ensure(AFTER + 3.0 * line_height(BODY));
                if !f.at_top() {
                    f.y += AFTER;
                }
                f.paragraph(t, TextStyle { indent, ..bold }, Set::Align(Align::Left));
            }
            Block::Paragraph(t) => f.paragraph(t, body, Set::Justify { last: false }),
            Block::Table(t) => {
                table(f, t, table_size);
                f.y += 3.0;
                if let Some(note) = t.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    let st = TextStyle {
                        face: Face::Italic,
                        size: 12.0,
                        indent: 0.0,
                        justify: true,
                        after: 0.0,
                    };
                    f.paragraph(note, st, Set::Justify { last: false });
                }
                f.y += AFTER;
            }
        }
    }
}

/// "Nơi nhận:" on the left, the signature on the right; kept together on one page.
fn signature(f: &mut Flow, doc: &Document) {
    f.y += 6.0;
    let (ops, bottom) = signature_ops(f, doc, f.y);
    if bottom > f.geo.text_bottom() && !f.at_top() {
        f.break_page();
        let (ops, bottom) = signature_ops(f, doc, f.y);
        f.extend(ops);
        f.y = bottom;
    } else {
        f.extend(ops);
        f.y = bottom;
    }
}

fn signature_ops(f: &Flow, doc: &Document, top: f32) -> (Vec<Op>, f32) {
    let (lx, tw) = (f.geo.left, f.geo.text_width());
    let lw = tw * 0.5;
    let (rx, rw) = (lx + lw, tw - lw);
    let mut ops = Vec::new();

    let (o, mut yl) = text_box(
        "Nơi nhận:",
        (Face::BoldItalic, 12.0),
        (lx, lw),
        top,
        Align::Left,
    );
    ops.extend(o);
    for line in recipient_lines(&doc.recipients) {
        let (o, y) = text_box(
            &line,
            (Face::Regular, 11.0),
            (lx, lw - 6.0),
            yl,
            Align::Left,
        );
        ops.extend(o);
        yl = y;
    }

    let s = &doc.signature;
    let mut yr = top;
    for t in s.authority.iter().chain(std::iter::once(&s.title)) {
        let (o, y) = text_box(
            &t.to_uppercase(),
            (Face::Bold, BODY),
            (rx, rw),
            yr,
            Align::Center,
        );
        ops.extend(o);
        yr = y;
    }
    // About 3 cm for the signature and the seal; the name's line stays even when empty.
    yr += 30.0 * MM;
    let (o, y) = text_box(&s.name, (Face::Bold, BODY), (rx, rw), yr, Align::Center);
    ops.extend(o);
    yr = y.max(yr + line_height(BODY));
    (ops, yl.max(yr))
}

/// Arabic page numbers centred in the top margin, from the second page on.
fn number_pages(pages: &mut [Page]) {
    for (i, p) in pages.iter_mut().enumerate().skip(1) {
        let text = (i + 1).to_string();
        let size = 13.0;
        let geo = Geometry::a4(p.width > p.height);
        let w = fonts::width(Face::Regular, size, &text);
        p.ops.push(Op::Text {
            x: geo.left + (geo.text_width() - w) / 2.0,
            y: 12.0 * MM,
            face: Face::Regular,
            size,
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annex, Column, Heading, Signature, Table};

    fn long_doc() -> Document {
        let words = "Các cơ quan, đơn vị đã chủ động rà soát, đôn đốc, kịp thời tháo gỡ khó khăn. ";
        let table = Table {
            columns: vec![
                Column {
                    header: "TT".into(),
                    width: 1,
                    align: Align::Right,
                },
                Column {
                    header: "Nội dung".into(),
                    width: 9,
                    align: Align::Left,
                },
            ],
            rows: (0..60)
                .map(|i| vec![i.to_string(), words.repeat(2)])
                .collect(),
            note: Some(words.into()),
        };
        Document {
            heading: Heading {
                parent_body: Some("Ban Chấp hành Trung ương".into()),
                issuer: "Văn phòng Trung ương Đảng".into(),
                number: "Số: 1/BC-VPTW".into(),
                place_date: "Hà Nội, ngày 07 tháng 12 năm 2026".into(),
            },
            kind: "BÁO CÁO".into(),
            subject: words.repeat(2),
            body: vec![
                Block::Heading1("I. MỘT".into()),
                Block::Paragraph(words.repeat(40)),
                Block::Table(table.clone()),
            ],
            recipients: vec!["Như trên".into(); 30],
            signature: Signature {
                authority: None,
                title: "Chánh Văn phòng".into(),
                name: String::new(),
            },
            annexes: vec![Annex {
                title: "Phụ lục".into(),
                subject: "Bảng".into(),
                landscape: true,
                blocks: vec![Block::Table(table)],
            }],
        }
    }

    /// Nothing is drawn outside the margins but the page numbers in the top margin.
    #[test]
    fn everything_stays_inside_the_margins() {
        let pages = layout(&long_doc());
        assert!(pages.len() > 4);
        everything_inside(&pages);
    }

    fn everything_inside(pages: &[Page]) {
        for (i, p) in pages.iter().enumerate() {
            let g = Geometry::a4(p.width > p.height);
            let (l, r, t, b) = (
                g.left - 0.5,
                p.width - g.right + 0.5,
                g.top,
                g.text_bottom(),
            );
            for op in &p.ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        face,
                        size,
                        text,
                    } => {
                        let end = x + fonts::width(*face, *size, text);
                        assert!(*x >= l && end <= r, "page {i}: {text:?} at {x}..{end}");
                        let number = i > 0 && *y < t;
                        assert!(
                            number || (*y > t && *y <= b + 0.5),
                            "page {i}: {text:?} y {y}"
                        );
                    }
                    Op::Line { x1, y1, x2, y2, .. } => {
                        assert!(x1.min(*x2) >= l && x1.max(*x2) <= r, "page {i}: line x");
                        assert!(
                            y1.min(*y2) >= t - 0.5 && y1.max(*y2) <= b + 0.5,
                            "page {i}: line y"
                        );
                    }
                    Op::Fill { .. } => {}
                }
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let mut doc = long_doc();
        if let Block::Table(t) = &mut doc.body[2] {
            t.rows[3][1] = "Một đoạn rất dài trong một ô của bảng. ".repeat(150);
        }
        everything_inside(&layout(&doc));
    }

    #[test]
    fn only_later_pages_are_numbered() {
        let pages = layout(&long_doc());
        let numbered = |p: &Page| {
            p.ops
                .iter()
                .any(|o| matches!(o, Op::Text { y, .. } if *y < 20.0 * MM))
        };
        assert!(!numbered(&pages[0]));
        assert!(pages[1..].iter().all(numbered));
    }
}
