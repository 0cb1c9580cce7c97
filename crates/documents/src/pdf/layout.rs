//! Page geometry, line breaking and the flow of lines down the pages.

use crate::fonts::{self, Face};
use crate::model::Align;
pub(crate) use crate::text::{wrap, wrap_balanced, Line};

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;
const A4_W: f32 = 210.0 * MM;
const A4_H: f32 = 297.0 * MM;

/// A drawing operation; `y` grows downwards from the top of the page, text at its baseline.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
}

/// Margins of Decree 30/2020: top 20, bottom 20, left 30, right 15 mm.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Geometry {
    pub(crate) fn a4(landscape: bool) -> Self {
        let (width, height) = if landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        Geometry {
            width,
            height,
            top: 20.0 * MM,
            bottom: 20.0 * MM,
            left: 30.0 * MM,
            right: 15.0 * MM,
        }
    }
    pub(crate) fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    pub(crate) fn text_bottom(&self) -> f32 {
        self.height - self.bottom
    }
    pub(crate) fn landscape(&self) -> bool {
        self.width > self.height
    }
}

/// Line height: "single" spacing of Times New Roman is about 1.15 em.
pub(crate) fn line_height(size: f32) -> f32 {
    size * 1.15
}

/// Distance from the top of a line box to its baseline.
pub(crate) fn baseline(face: Face, size: f32) -> f32 {
    let (asc, desc) = fonts::ascent_descent(face, size);
    asc + (line_height(size) - (asc - desc)) / 2.0
}

/// How a line is set within its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Set {
    Align(Align),
    /// Justified, except the last line of a paragraph.
    Justify {
        last: bool,
    },
}

/// The operations drawing one line in the box [x, x + width] at baseline `y`.
pub(crate) fn set_line(
    line: &Line,
    x: f32,
    width: f32,
    y: f32,
    face: Face,
    size: f32,
) -> SetLine<'_> {
    SetLine {
        line,
        x,
        width,
        y,
        face,
        size,
    }
}

pub(crate) struct SetLine<'a> {
    line: &'a Line,
    x: f32,
    width: f32,
    y: f32,
    face: Face,
    size: f32,
}

impl SetLine<'_> {
    pub(crate) fn ops(&self, set: Set) -> Vec<Op> {
        let text = |x: f32, t: String| Op::Text {
            x,
            y: self.y,
            face: self.face,
            size: self.size,
            text: t,
        };
        let words = &self.line.words;
        if words.is_empty() {
            return Vec::new();
        }
        if let Set::Justify { last: false } = set {
            if words.len() > 1 {
                let widths: Vec<f32> = words
                    .iter()
                    .map(|w| fonts::width(self.face, self.size, w))
                    .collect();
                let gap = (self.width - widths.iter().sum::<f32>()) / (words.len() - 1) as f32;
                let mut x = self.x;
                let mut out = Vec::new();
                for (w, ww) in words.iter().zip(&widths) {
                    out.push(text(x, w.clone()));
                    x += ww + gap;
                }
                return out;
            }
        }
        let x = match set {
            Set::Align(Align::Center) => self.x + (self.width - self.line.width) / 2.0,
            Set::Align(Align::Right) => self.x + self.width - self.line.width,
            _ => self.x,
        };
        vec![text(x, words.join(" "))]
    }
}

/// Lays `text` out in the box [x, x + width] from `top`, without page breaks; returns
/// the operations and the y under the last line. Centred text is broken evenly.
pub(crate) fn text_box(
    text: &str,
    (face, size): (Face, f32),
    (x, width): (f32, f32),
    top: f32,
    align: Align,
) -> (Vec<Op>, f32) {
    let mut ops = Vec::new();
    let mut y = top;
    let lines = if align == Align::Center {
        wrap_balanced(text, face, size, width)
    } else {
        wrap(text, face, size, width, 0.0)
    };
    for line in lines {
        let base = y + baseline(face, size);
        ops.extend(set_line(&line, x, width, base, face, size).ops(Set::Align(align)));
        y += line_height(size);
    }
    (ops, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn justified_lines_reach_the_right_edge() {
        let line = &wrap(
            "một hai ba bốn năm sáu bảy",
            Face::Regular,
            14.0,
            120.0,
            0.0,
        )[0];
        let ops = set_line(line, 10.0, 120.0, 50.0, Face::Regular, 14.0)
            .ops(Set::Justify { last: false });
        let Some(Op::Text { x, text, .. }) = ops.last() else {
            panic!("no text")
        };
        let end = x + fonts::width(Face::Regular, 14.0, text);
        assert!((end - 130.0).abs() < 0.01, "{end}");
    }
}
