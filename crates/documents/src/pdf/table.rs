//! Tables: wrapped cells, thin borders, a grey header row repeated after each page break.

use super::flow::Flow;
use super::layout::{baseline, line_height, set_line, wrap, Line, Op, Set};
use crate::fonts::{self, Face};
use crate::model::{Align, Table};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.5;
const BORDER: f32 = 0.5;
/// Light grey of the header row (0 black … 255 white).
const HEADER_GRAY: u8 = 217;

#[derive(Clone)]
struct Row {
    /// Lines, alignment and measure of each cell.
    cells: Vec<(Vec<Line>, Align, f32)>,
    face: Face,
    height: f32,
}

impl Row {
    fn new(texts: &[&str], aligns: &[Align], face: Face, size: f32, widths: &[f32]) -> Row {
        let cells: Vec<(Vec<Line>, Align, f32)> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = texts.get(i).copied().unwrap_or("");
                let m = measure(text, face, size, *w);
                let lines = wrap(text, face, size, m, 0.0);
                (lines, aligns.get(i).copied().unwrap_or_default(), m)
            })
            .collect();
        let most = cells.iter().map(|c| c.0.len()).max().unwrap_or(1).max(1);
        Row {
            cells,
            face,
            height: most as f32 * line_height(size) + 2.0 * PAD_Y,
        }
    }
}

/// The measure of a cell's text: the cell less its padding, but a word ("TT") that fits
/// the whole cell may use the padding rather than be split.
fn measure(text: &str, face: Face, size: f32, cell: f32) -> f32 {
    let inner = (cell - 2.0 * PAD_X).max(size);
    let longest = text
        .split_ascii_whitespace()
        .map(|w| fonts::width(face, size, w))
        .fold(0.0, f32::max);
    if longest > inner && longest <= cell - 1.0 {
        longest
    } else {
        inner
    }
}

/// Lays a table out over the text width at the cursor.
pub(crate) fn table(f: &mut Flow, t: &Table, size: f32) {
    let tw = f.geo.text_width();
    let widths: Vec<f32> = t.fractions().iter().map(|fr| fr * tw).collect();
    let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
    let centred = vec![Align::Center; widths.len()];
    let header = Row::new(&headers, &centred, Face::Bold, size, &widths);
    let aligns: Vec<Align> = t.columns.iter().map(|c| c.align).collect();
    let rows: Vec<Row> = t
        .rows
        .iter()
        .map(|r| {
            let texts: Vec<&str> = r.iter().map(String::as_str).collect();
            Row::new(&texts, &aligns, Face::Regular, size, &widths)
        })
        .collect();
    // The header row never stays alone at the foot of a page.
    f.ensure(header.height + rows.first().map_or(0.0, |r| r.height));
    draw_row(f, &header, &widths, size, true);
    for row in rows {
        place_row(f, row, &header, &widths, size);
    }
}

impl Row {
    /// The first `n` lines of every cell, and the rest.
    fn split(self, n: usize, size: f32) -> (Row, Row) {
        let (mut head, mut rest) = (Vec::new(), Vec::new());
        for (mut lines, align, m) in self.cells {
            let tail = lines.split_off(n.min(lines.len()));
            head.push((lines, align, m));
            rest.push((tail, align, m));
        }
        let height = |cells: &[(Vec<Line>, Align, f32)]| {
            let most = cells.iter().map(|c| c.0.len()).max().unwrap_or(1).max(1);
            most as f32 * line_height(size) + 2.0 * PAD_Y
        };
        let (hh, rh) = (height(&head), height(&rest));
        let row = |cells, height| Row {
            cells,
            face: self.face,
            height,
        };
        (row(head, hh), row(rest, rh))
    }
}

/// A row goes on the next page when it does not fit; a row taller than a whole page is
/// split between lines, the header row repeated above each part.
fn place_row(f: &mut Flow, mut row: Row, header: &Row, widths: &[f32], size: f32) {
    loop {
        if f.ensure(row.height) {
            draw_row(f, header, widths, size, true);
        }
        if row.height <= f.room() + 0.01 {
            draw_row(f, &row, widths, size, false);
            return;
        }
        let fit = ((f.room() - 2.0 * PAD_Y) / line_height(size))
            .floor()
            .max(0.0) as usize;
        if fit > 0 {
            let (head, rest) = row.split(fit, size);
            draw_row(f, &head, widths, size, false);
            row = rest;
        }
        f.break_page();
        draw_row(f, header, widths, size, true);
    }
}

fn draw_row(f: &mut Flow, row: &Row, widths: &[f32], size: f32, header: bool) {
    let (x0, top, h) = (f.geo.left, f.y, row.height);
    let total: f32 = widths.iter().sum();
    if header {
        f.push(Op::Fill {
            x: x0,
            y: top,
            w: total,
            h,
            gray: HEADER_GRAY,
        });
    }
    let lh = line_height(size);
    let mut x = x0;
    for ((lines, align, m), w) in row.cells.iter().zip(widths) {
        // Cells are centred vertically, as in the Word rendering.
        let mut y = top + (h - lines.len() as f32 * lh) / 2.0;
        for line in lines {
            let base = y + baseline(row.face, size);
            let ops =
                set_line(line, x + (w - m) / 2.0, *m, base, row.face, size).ops(Set::Align(*align));
            f.extend(ops);
            y += lh;
        }
        x += w;
    }
    f.hline(x0, x0 + total, top, BORDER);
    f.hline(x0, x0 + total, top + h, BORDER);
    let mut x = x0;
    for w in std::iter::once(&0.0).chain(widths) {
        x += w;
        f.push(Op::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: top + h,
            width: BORDER,
        });
    }
    f.y += h;
}
