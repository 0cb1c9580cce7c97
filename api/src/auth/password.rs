use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::ApiError;

/// Hashes a password with argon2id (the crate's default parameters: 19 MiB, 2 passes).
pub fn hash(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("password hashing failed: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, so that unknown usernames cannot be told apart by timing.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("dummy-password-for-timing").unwrap_or_default());
    let _ = verify(password, dummy);
}

/// The weakest zxcvbn score accepted: 3 is "safely unguessable: moderate protection from an
/// offline slow-hash scenario" (about 10^8 guesses), which argon2id makes expensive.
const MIN_SCORE: u8 = 3;

/// The words of the user's own names that a password must not lean on: each name whole, and its
/// parts (`nguyen.van.a` → `nguyen`, `van`; `Nguyễn Văn An` → `nguyễn`, `văn`).
fn own_words<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut words: Vec<&str> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        words.push(name);
        words.extend(
            name.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3),
        );
    }
    words
}

/// Rules for a new password set through the API (ASVS V2.1): 10–128 characters, not the user's own
/// name, and hard enough to guess by zxcvbn's estimate, which knows common passwords, dictionary
/// words, keyboard patterns, repeats and sequences, and `user_names` (username, display name).
/// Returns the problem, if any.
pub fn check_policy(password: &str, user_names: &[&str]) -> Option<String> {
    let len = password.chars().count();
    if len < 10 {
        return Some("must be at least 10 characters".into());
    }
    if len > 128 {
        return Some("must be at most 128 characters".into());
    }
    if user_names
        .iter()
        .any(|n| !n.trim().is_empty() && password.trim().eq_ignore_ascii_case(n.trim()))
    {
        return Some("must not be the username or display name".into());
    }
    let estimate = zxcvbn::zxcvbn(password, &own_words(user_names));
    if u8::from(estimate.score()) >= MIN_SCORE {
        return None;
    }
    let hint = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    Some(format!(
        "is too easy to guess{hint}; use a longer phrase of unrelated words, or mix in \
         numbers and symbols"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not-a-hash"));
    }

    #[test]
    fn policy() {
        assert!(check_policy("short", &["bob"]).is_some());
        assert!(check_policy("alice-the-admin", &["alice-the-admin"]).is_some());
        assert!(check_policy("a long enough one", &["bob"]).is_none());
        assert!(check_policy(&"x".repeat(129), &["bob"]).is_some());
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in [
            "aaaaaaaaaa",
            "1234567890",
            "          ",
            "password123",
            "qwertyuiop",
            "abcdefghij",
        ] {
            let problem = check_policy(weak, &["bob", "Bob"]);
            assert!(
                problem.as_deref().is_some_and(|p| p.contains("too easy")),
                "{weak:?}: {problem:?}"
            );
        }
        // The user's own names count as known words.
        assert!(check_policy("khoa.tran.1990", &["khoa.tran", "Trần Minh Khoa"]).is_some());
        assert!(check_policy("khoa.tran.1990", &["bob", "Bob"]).is_none());
    }
}
