//! Page geometry, line breaking and the flow of lines down the pages.

use crate::fonts::{self, Face};
use crate::model::Align;

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

/// A line of words broken from a text; `width` with single spaces between the words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub words: Vec<String>,
    pub width: f32,
}

/// Splits a word too long for `max` into pieces that fit (at least one char each).
fn split_long(word: &str, face: Face, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in word.chars() {
        let mut next = cur.clone();
        next.push(c);
        if !cur.is_empty() && fonts::width(face, size, &next) > max {
            out.push(std::mem::take(&mut cur));
            cur.push(c);
        } else {
            cur = next;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Greedy line breaking; the first line is `indent` narrower. Explicit newlines break.
pub(crate) fn wrap(text: &str, face: Face, size: f32, max: f32, indent: f32) -> Vec<Line> {
    let space = fonts::width(face, size, " ");
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut cur = Line {
            words: Vec::new(),
            width: 0.0,
        };
        for word in para.split_whitespace() {
            let room = if lines.is_empty() { max - indent } else { max };
            for piece in split_long(word, face, size, room.max(size)) {
                let w = fonts::width(face, size, &piece);
                let room = if lines.is_empty() { max - indent } else { max };
                let added = if cur.words.is_empty() {
                    w
                } else {
                    cur.width + space + w
                };
                if !cur.words.is_empty() && added > room {
                    lines.push(std::mem::replace(
                        &mut cur,
                        Line {
                            words: vec![piece],
                            width: w,
                        },
                    ));
                } else {
                    cur.words.push(piece);
                    cur.width = added;
                }
            }
        }
        lines.push(cur);
    }
    lines
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

/// Breaks a centred heading into lines of even length: the narrowest measure that does
/// not need more lines than `max` itself ("VĂN PHÒNG TRUNG / ƯƠNG ĐẢNG", not "… ĐẢNG"
/// alone on the second line).
pub(crate) fn wrap_balanced(text: &str, face: Face, size: f32, max: f32) -> Vec<Line> {
    let lines = wrap(text, face, size, max, 0.0);
    if lines.len() < 2 {
        return lines;
    }
    let (mut lo, mut hi) = (max / 2.0, max);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if wrap(text, face, size, mid, 0.0).len() > lines.len() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    wrap(text, face, size, hi, 0.0)
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
    fn wrap_keeps_every_word_and_fits() {
        let text = "Các cơ quan, đơn vị đã chủ động rà soát, đôn đốc, kịp thời tháo gỡ khó khăn, \
                    vướng mắc phát sinh trong quá trình tổ chức thực hiện";
        let lines = wrap(text, Face::Regular, 14.0, 200.0, 36.0);
        assert!(lines.len() > 2);
        assert!(lines[0].width <= 164.0);
        for l in &lines {
            assert!(l.width <= 200.0, "{l:?}");
        }
        let back: Vec<String> = lines.iter().flat_map(|l| l.words.clone()).collect();
        assert_eq!(back.join(" "), text);
    }

    #[test]
    fn centred_headings_break_evenly() {
        let lines = wrap_balanced("VĂN PHÒNG TRUNG ƯƠNG ĐẢNG", Face::Bold, 13.0, 190.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].words.join(" "), "VĂN PHÒNG TRUNG");
    }

    #[test]
    fn an_overlong_word_is_split() {
        let lines = wrap("1234567890123", Face::Regular, 12.0, 20.0, 0.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat_words(), "1234567890123");
    }

    trait Concat {
        fn concat_words(&self) -> String;
    }
    impl Concat for Vec<Line> {
        fn concat_words(&self) -> String {
            self.iter().flat_map(|l| l.words.clone()).collect()
        }
    }

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
