//! Line breaking shared by both renderings: greedy, with Times New Roman metrics, and
//! evenly for centred headings (Word gets the same breaks as explicit line breaks).

use crate::fonts::{self, Face};

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
        for word in para.split_ascii_whitespace() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_break_spaces_stay_inside_their_word() {
        let number = "Số:\u{a0}\u{a0}\u{a0}\u{a0}/BC-HN";
        let lines = wrap(number, Face::Regular, 13.0, 300.0, 0.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].words, [number]);
    }

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
}
