//! Optimistic concurrency: single objects carry an `ETag` built from their version; changes must
//! send it back in `If-Match` (428 without, 412 when stale).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::error::ApiError;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// A single object's answer: its JSON with the `ETag` of its version (what `If-Match` sends back).
pub fn tagged<T: Serialize>(status: StatusCode, version: i32, body: &T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// The longest `If-Match` taken (a few ETags); longer is a 400 naming the header.
pub const MAX_IF_MATCH: usize = 128;

/// The `If-Match` value of the request; 428 when it has none.
pub fn required_if_match(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(ApiError::precondition_required)?;
    if value.len() > MAX_IF_MATCH {
        let message = format!("must be at most {MAX_IF_MATCH} characters");
        let mut err = ApiError::bad_request(
            crate::error::ErrorCode::BadQuery,
            format!("invalid header If-Match: {message}"),
        );
        err.errors = vec![crate::error::FieldError::coded(
            "If-Match",
            crate::error::FieldCode::Length,
            message,
        )];
        return Err(err);
    }
    Ok(value)
}

/// 412 unless `if_match` names the current version (or is `*`).
pub fn check(if_match: &str, current_version: i32) -> Result<(), ApiError> {
    let current = etag(current_version);
    let matches = if_match == "*"
        || if_match
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == current);
    if matches {
        Ok(())
    } else {
        Err(ApiError::precondition_failed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        assert!(check("\"3\"", 3).is_ok());
        assert!(check("W/\"3\"", 3).is_ok());
        assert!(check("\"1\", \"3\"", 3).is_ok());
        assert!(check("*", 3).is_ok());
        assert_eq!(check("\"2\"", 3).unwrap_err().status.as_u16(), 412);
    }
}
