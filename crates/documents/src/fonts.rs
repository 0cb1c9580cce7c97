//! Liberation Serif 2.1.5 (metric-compatible with Times New Roman), embedded in the
//! crate, and the advance widths used to break lines in both formats.

use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// The four faces of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Face {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
            Face::Italic => ITALIC,
            Face::BoldItalic => BOLD_ITALIC,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Per face: units per em and the advance of each char, looked up once.
struct Metrics {
    units_per_em: f32,
    face: ttf_parser::Face<'static>,
}

fn metrics(face: Face) -> &'static Metrics {
    static ALL: OnceLock<Vec<Metrics>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic]
            .into_iter()
            .map(|f| {
                // The fonts are part of the crate; a parse failure is a build defect.
                let face = ttf_parser::Face::parse(f.data(), 0).expect("embedded font parses");
                Metrics {
                    units_per_em: f32::from(face.units_per_em()),
                    face,
                }
            })
            .collect()
    });
    &all[face.index()]
}

/// The width of `text` in points at `size` points (sum of advances, no kerning).
pub(crate) fn width(face: Face, size: f32, text: &str) -> f32 {
    let m = metrics(face);
    let units: u32 = text
        .chars()
        .map(|c| {
            let gid = m.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            u32::from(m.face.glyph_hor_advance(gid).unwrap_or(0))
        })
        .sum();
    units as f32 * size / m.units_per_em
}

/// Ascender and descender (descender negative) in points at `size`.
pub(crate) fn ascent_descent(face: Face, size: f32) -> (f32, f32) {
    let m = metrics(face);
    let k = size / m.units_per_em;
    (
        f32::from(m.face.ascender()) * k,
        f32::from(m.face.descender()) * k,
    )
}

/// Whether every char of `text` has a glyph in the face.
#[cfg(test)]
pub(crate) fn covers(face: Face, text: &str) -> bool {
    let m = metrics(face);
    text.chars()
        .all(|c| c.is_whitespace() || m.face.glyph_index(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_covered_by_every_face() {
        let s = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ữ ỹ ẵ ậ ợ ở đ Đ …";
        for f in [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic] {
            assert!(covers(f, s), "{f:?}");
        }
    }

    #[test]
    fn widths_scale_with_size() {
        let a = width(Face::Regular, 14.0, "Hà Nội");
        let b = width(Face::Regular, 7.0, "Hà Nội");
        assert!(a > 30.0 && (a - 2.0 * b).abs() < 0.01, "{a} {b}");
        assert!(width(Face::Bold, 14.0, "BÁO CÁO") > width(Face::Regular, 14.0, "BÁO CÁO"));
    }
}
