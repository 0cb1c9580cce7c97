//! Search that ignores case and diacritics ("so hoa" finds "Số hóa", "DA NANG" finds "Đà Nẵng").
//!
//! [`fold`] is the one definition: upper-case Latin letters to lower case, letters with marks to
//! their base letter (`đ` to `d`), combining marks dropped (text typed in decomposed form). Both
//! backends apply it as the SQL function `search_fold`: every SQLite connection registers this Rust
//! function; PostgreSQL's is a `translate()` written from the same table on every start
//! ([`postgres_function`]), so the two cannot disagree (a test holds them together).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

diesel::define_sql_function! {
    /// [`fold`] in SQL, on both backends.
    fn search_fold(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The letters folded: ASCII capitals, Latin-1 Supplement, Latin Extended-A and -B, and Latin
/// Extended Additional (every precomposed Vietnamese letter is in these).
const RANGES: [(u32, u32); 3] = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)];

/// The combining diacritical marks, dropped.
const MARKS: (u32, u32) = (0x0300, 0x036F);

fn table() -> &'static BTreeMap<char, char> {
    static TABLE: OnceLock<BTreeMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = BTreeMap::new();
        for (lo, hi) in RANGES {
            for c in (lo..=hi).filter_map(char::from_u32) {
                let mut lower = c.to_lowercase();
                let (Some(l), None) = (lower.next(), lower.next()) else {
                    continue;
                };
                let base = base_letter(l);
                if base != c {
                    map.insert(c, base);
                }
            }
        }
        map
    })
}

/// The letter without its marks: the first character of the canonical decomposition when the
/// rest are combining marks; `đ` (which Unicode does not decompose) is `d`.
fn base_letter(c: char) -> char {
    if c == 'đ' {
        return 'd';
    }
    let mut parts = Vec::with_capacity(3);
    decompose_canonical(c, |p| parts.push(p));
    match parts.split_first() {
        Some((first, rest)) if rest.iter().all(|m| is_combining_mark(*m)) => *first,
        _ => c,
    }
}

fn is_mark(c: char) -> bool {
    (MARKS.0..=MARKS.1).contains(&(c as u32))
}

/// The text as search compares it.
pub fn fold(text: &str) -> String {
    let table = table();
    text.chars()
        .filter(|c| !is_mark(*c))
        .map(|c| table.get(&c).copied().unwrap_or(c))
        .collect()
}

/// A `LIKE` pattern matching `query` anywhere in a folded column, or `None` for a blank query.
/// `%`, `_` and `\` in the query are matched literally (the pattern escapes them with `\`).
pub fn pattern(query: &str) -> Option<String> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in fold(q).chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    Some(p)
}

/// PostgreSQL's `search_fold`, written from [`fold`]'s table: `translate()` maps each folded
/// letter and deletes the combining marks (listed past the end of the replacement).
pub fn postgres_function() -> String {
    let (mut from, mut to) = (String::new(), String::new());
    for (c, base) in table() {
        from.push(*c);
        to.push(*base);
    }
    for m in (MARKS.0..=MARKS.1).filter_map(char::from_u32) {
        from.push(m);
    }
    let quote = |s: &str| s.replace('\'', "''");
    format!(
        "CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text \
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE \
         AS $fold$ SELECT translate(t, '{}', '{}') $fold$;",
        quote(&from),
        quote(&to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_folds_to_its_base_letters() {
        assert_eq!(fold("Số hóa"), "so hoa");
        assert_eq!(fold("ĐÀ NẴNG"), "da nang");
        assert_eq!(fold("Thành phố Hồ Chí Minh"), "thanh pho ho chi minh");
        assert_eq!(fold("Ưu tiên ỨNG DỤNG"), "uu tien ung dung");
        assert_eq!(fold("57-NQ/TW.1"), "57-nq/tw.1");
    }

    #[test]
    fn decomposed_text_folds_like_precomposed() {
        // "Số" typed as o + circumflex + acute.
        assert_eq!(fold("S\u{6f}\u{302}\u{301}"), "so");
    }

    #[test]
    fn every_vietnamese_letter_is_in_the_table() {
        let letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            let f = fold(&c.to_string());
            assert!(f.len() == 1 && f.is_ascii(), "{c} folds to {f}");
        }
    }

    #[test]
    fn patterns_escape_like_wildcards() {
        assert_eq!(pattern("  Số  ").as_deref(), Some("%so%"));
        assert_eq!(pattern("100%_x").as_deref(), Some("%100\\%\\_x%"));
        assert_eq!(pattern("   "), None);
    }

    #[test]
    fn the_postgres_function_maps_letters_and_deletes_marks() {
        let sql = postgres_function();
        let args: Vec<&str> = sql.split('\'').collect();
        let (from, to) = (args[1], args[3]);
        // translate() pairs the n-th letters and deletes what has no pair: the 112 marks.
        assert_eq!(from.chars().count(), to.chars().count() + 112);
        let pos = from.chars().position(|c| c == 'Ố').expect("Ố listed");
        assert_eq!(to.chars().nth(pos), Some('o'));
        assert!(from.contains('\u{301}') && !to.contains('\u{301}'));
    }
}
