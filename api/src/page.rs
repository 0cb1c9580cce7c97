//! List pagination: `?limit=` (default 50, at most 500; more is a 400 naming `limit`) and `?offset=`.

use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match the filters in all.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    /// Change feeds only (`updated_since` or `cursor`): where this page stopped. Pass it as
    /// `cursor` for the next page, and keep the last one for the next sync.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 128)]
    pub next_cursor: Option<String>,
    /// Change feeds only: the records removed in the same window as `items` (deleted, merged,
    /// split or dissolved), in feed order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<crate::changes::Removal>>,
}

impl<T> Page<T> {
    /// A list that is never paged (the few items of one object: a task's directives, requests).
    pub fn whole(items: Vec<T>) -> Self {
        let total = items.len() as i64;
        Page::of(items, total, total.max(1), 0)
    }

    /// A page read by offset.
    pub fn of(items: Vec<T>, total: i64, limit: i64, offset: i64) -> Self {
        Page {
            items,
            total,
            limit,
            offset,
            next_cursor: None,
            removed: None,
        }
    }
}

/// The effective (limit, offset) of a list request.
pub fn window(limit: Option<i64>, offset: Option<i64>) -> Result<(i64, i64), ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let offset = offset.unwrap_or(0);
    let mut errors = Vec::new();
    if limit < 1 {
        errors.push(FieldError::coded(
            "limit",
            FieldCode::Range,
            "must be at least 1",
        ));
    } else if limit > MAX_LIMIT {
        // Refused, not clamped: a client that asks for more than a page holds must page.
        errors.push(FieldError::coded(
            "limit",
            FieldCode::Range,
            format!("must be at most {MAX_LIMIT}"),
        ));
    }
    if offset < 0 {
        errors.push(FieldError::coded(
            "offset",
            FieldCode::Range,
            "must not be negative",
        ));
    } else if offset > crate::openapi::limits::MAX_OFFSET {
        errors.push(FieldError::coded(
            "offset",
            FieldCode::Range,
            format!("must be at most {}", crate::openapi::limits::MAX_OFFSET),
        ));
    }
    if !errors.is_empty() {
        let mut err = ApiError::bad_request(ErrorCode::BadQuery, "invalid paging parameters");
        err.errors = errors;
        return Err(err);
    }
    Ok((limit, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_taken_as_asked_or_refused() {
        assert_eq!(window(None, None).unwrap(), (50, 0));
        assert_eq!(window(Some(500), Some(3)).unwrap(), (500, 3));
        let refused = window(Some(501), None).unwrap_err();
        assert_eq!(refused.status.as_u16(), 400);
        assert_eq!(refused.errors[0].field, "limit");
        assert_eq!(window(Some(0), None).unwrap_err().status.as_u16(), 400);
        assert_eq!(
            window(None, Some(-1)).unwrap_err().errors[0].field,
            "offset"
        );
    }
}
