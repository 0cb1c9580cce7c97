//! Field rules shared by request types (used with `#[validate(custom(function = ...))]`).

use validator::ValidationError;

fn fail(code: &'static str, message: &'static str) -> ValidationError {
    let mut e = ValidationError::new(code);
    e.message = Some(message.into());
    e
}

/// Codes: 1–64 characters of letters, digits and `-_./`, for example `57-NQ/TW` or `HN`.
pub fn code(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || value.chars().count() > 64 {
        return Err(fail("length", "must be 1 to 64 characters"));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err(fail(
            "code_chars",
            "may contain only letters A–Z, digits and - _ . /",
        ));
    }
    Ok(())
}

/// Official codes of administrative units: 1–16 ASCII letters and digits, for example `01` or
/// `00004`.
pub fn official_code(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() || value.len() > 16 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(fail(
            "official_code",
            "must be 1 to 16 letters A–Z and digits, for example 01 or 00004",
        ));
    }
    Ok(())
}

/// Names and titles: not blank, at most 500 characters, no control characters.
pub fn name(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(fail("blank", "must not be blank"));
    }
    if value.chars().count() > 500 {
        return Err(fail("length", "must be at most 500 characters"));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(fail("control_chars", "must not contain control characters"));
    }
    Ok(())
}

/// Texts (a directive, an answer, a summary, a reason): not blank, line breaks and tabs allowed,
/// no other control characters; the length is capped by each field's `length(max)`.
pub fn text(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(fail("blank", "must not be blank"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(fail("control_chars", "must not contain control characters"));
    }
    Ok(())
}

/// Object ids are UUIDs.
/// A field where `null` means something (clear it) and absence means "unchanged": `Some(None)` for
/// `null`, `None` when absent (with `#[serde(default)]`).
pub fn null_or<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(d).map(Some)
}

pub fn uuid(value: &str) -> Result<(), ValidationError> {
    uuid::Uuid::parse_str(value)
        .map(|_| ())
        .map_err(|_| fail("uuid", "must be a UUID"))
}

/// Usernames: 3–64 characters, lower-case letters, digits and `._-`.
pub fn username(value: &str) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if !(3..=64).contains(&len) {
        return Err(fail("length", "must be 3 to 64 characters"));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(fail(
            "username_chars",
            "may contain only lower-case letters a–z, digits and . _ -",
        ));
    }
    Ok(())
}

/// Links to evidence: an `http://` or `https://` address with a host. Never `javascript:`,
/// `data:`, `file:` or anything else a browser would run or open locally.
pub fn web_url(value: &str) -> Result<(), ValidationError> {
    let lower = value.trim_start().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let well_formed = validator::ValidateUrl::validate_url(&value);
    match rest {
        Some(r) if well_formed && !r.is_empty() && !r.starts_with('/') => Ok(()),
        _ => Err(fail("web_url", "must be an http:// or https:// address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(code("57-NQ/TW").is_ok());
        assert!(code("").is_err());
        assert!(code("có dấu").is_err());
        assert!(code(&"x".repeat(65)).is_err());
    }

    #[test]
    fn names_keep_vietnamese() {
        assert!(name("Ủy ban nhân dân tỉnh Thừa Thiên Huế").is_ok());
        assert!(name("   ").is_err());
        assert!(name("a\u{0}b").is_err());
    }
}
