//! The bounds the contract states, added in one place to the document utoipa derives: what a
//! client may send (every string a length, every integer a range, every list a size) and what every
//! counted answer carries (the rate-limit fields). Each bound is one the server enforces; where the
//! server's limit is configurable the document states the default.
//!
//! The contract linters of `make test` (`tests/contract/`, Spectral with the OWASP ruleset and
//! Redocly) hold the document to this: an unbounded input is an error there.

use serde_json::{json, Map, Value};

use crate::config::{DEFAULT_IMPORT_BODY_LIMIT, DEFAULT_IMPORT_MAX_ROWS, DEFAULT_RATE_LIMIT_BURST};

/// The longest text of a format: a UUID, an ISO date, an RFC 3339 time (nanoseconds and offset
/// make 35; the server reads nothing longer as a time).
fn format_length(format: &str) -> Option<u64> {
    match format {
        "uuid" => Some(36),
        "date" => Some(10),
        "date-time" => Some(64),
        _ => None,
    }
}

/// The largest `offset` a list takes (2^53 − 1, the largest integer every JSON reader holds
/// exactly); `page::window` refuses more.
pub const MAX_OFFSET: i64 = 9_007_199_254_740_991;

pub fn apply(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for op in item.values_mut() {
                bound_parameters(op);
                bound_bodies(op);
                declare_rate_limit(op);
            }
        }
    }
    bound_formats(doc);
}

fn is_type(schema: &Value, name: &str) -> bool {
    schema.as_object().is_some_and(|map| has_type(map, name))
}

/// Whether a schema's `type` is `name` or (OpenAPI 3.1) a list holding it.
pub(super) fn has_type(schema: &Map<String, Value>, name: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == name),
        _ => false,
    }
}

/// Strings of a known format get that format's length, wherever they are.
fn bound_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let length = map
                .get("format")
                .and_then(Value::as_str)
                .and_then(format_length);
            if let Some(length) = length {
                if has_type(map, "string") && !map.contains_key("maxLength") {
                    map.insert("maxLength".into(), json!(length));
                }
            }
            map.values_mut().for_each(bound_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_formats),
        _ => {}
    }
}

/// Query ids are UUIDs (`extract::parse_query` refuses anything else, naming the parameter);
/// `offset` is bounded; the request headers have the lengths the server takes.
fn bound_parameters(op: &mut Value) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for param in params {
        let name = param["name"].as_str().unwrap_or_default().to_string();
        let place = param["in"].as_str().unwrap_or_default().to_string();
        let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
            continue;
        };
        let string = has_type(schema, "string");
        match (place.as_str(), name.as_str()) {
            ("query", name)
                if string
                    && crate::extract::is_id_parameter(name)
                    && !schema.contains_key("format") =>
            {
                schema.insert("format".into(), json!("uuid"));
            }
            ("query", "offset") => {
                schema.insert("format".into(), json!("int64"));
                schema.insert("minimum".into(), json!(0));
                schema.insert("maximum".into(), json!(MAX_OFFSET));
            }
            ("header", "If-Match") => {
                schema.insert("maxLength".into(), json!(crate::etag::MAX_IF_MATCH));
            }
            ("header", "Idempotency-Key") => {
                schema.insert("minLength".into(), json!(1));
                schema.insert(
                    "maxLength".into(),
                    json!(crate::imports::MAX_IDEMPOTENCY_KEY),
                );
            }
            _ => {}
        }
    }
}

/// Files travel as bytes (`format: binary`), not as the JSON list of numbers a `Vec<u8>` derives;
/// an import's body is bounded by the import body limit and its rows by [`DEFAULT_IMPORT_MAX_ROWS`].
fn bound_bodies(op: &mut Value) {
    if let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(Value::as_object_mut)
    {
        for (media, body) in content.iter_mut() {
            let Some(schema) = body.get_mut("schema") else {
                continue;
            };
            if is_bytes(schema) {
                *schema = binary(Some(DEFAULT_IMPORT_BODY_LIMIT));
            } else if media == "text/csv" && is_type(schema, "string") {
                schema["maxLength"] = json!(DEFAULT_IMPORT_BODY_LIMIT);
            } else if media == "application/json" && is_type(schema, "array") {
                schema["maxItems"] = json!(DEFAULT_IMPORT_MAX_ROWS);
                if schema.get("items") == Some(&json!({ "type": "object" })) {
                    schema["items"] = import_row();
                }
            }
        }
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for response in responses.values_mut() {
            let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
                continue;
            };
            for body in content.values_mut() {
                if body.get("schema").is_some_and(is_bytes) {
                    body["schema"] = binary(None);
                }
            }
        }
    }
}

/// One row of a JSON import: its columns by name (`imports::rows::MAX_COLUMNS`), each a text, a
/// number, a yes/no or empty (`null`), as a cell of the file would hold it.
fn import_row() -> Value {
    json!({
        "type": "object",
        "maxProperties": crate::imports::rows::MAX_COLUMNS,
        "additionalProperties": {
            "type": ["string", "number", "boolean", "null"],
            "maxLength": DEFAULT_IMPORT_BODY_LIMIT
        },
        "example": { "indicator_code": "GD_MN5", "agency_code": "01", "period": "2026-Q3", "value": 97.5 }
    })
}

/// The schema utoipa derives for `Vec<u8>`.
fn is_bytes(schema: &Value) -> bool {
    is_type(schema, "array")
        && schema.get("items").is_some_and(|items| {
            is_type(items, "integer") && items.get("minimum") == Some(&json!(0))
        })
}

fn binary(max: Option<usize>) -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), json!("string"));
    schema.insert("format".into(), json!("binary"));
    if let Some(max) = max {
        schema.insert("maxLength".into(), json!(max));
    }
    Value::Object(schema)
}

/// Every answer to a request counted against a caller's allowance (one with a valid token or API
/// key) carries `RateLimit-Policy` and `RateLimit` (`auth::rate_limit`); operations without a
/// token are not counted (the login has its own throttle, with `Retry-After`).
fn declare_rate_limit(op: &mut Value) {
    let secured = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    if !secured {
        return;
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        if !(status.starts_with('2') || status.starts_with('4')) {
            continue;
        }
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        let headers = response
            .entry("headers")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        if let Some(headers) = headers {
            headers.insert("RateLimit-Policy".into(), policy_header());
            headers.insert("RateLimit".into(), state_header());
        }
    }
}

fn policy_header() -> Value {
    json!({
        "description": format!(
            "The caller's allowance (IETF draft \"RateLimit header fields for HTTP\"): `q` requests \
             at once, refilled in `w` seconds at the steady rate, for example \
             `\"caller\";q={DEFAULT_RATE_LIMIT_BURST};w=4`. On every answer to a counted request \
             (one with a valid token or API key)."
        ),
        "schema": { "type": "string", "maxLength": 128 }
    })
}

fn state_header() -> Value {
    json!({
        "description": "Where the caller stands: `r` requests left, full again in `t` seconds, \
                        for example `\"caller\";r=187;t=1`. On every answer to a counted request.",
        "schema": { "type": "string", "maxLength": 128 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_get_their_lengths_and_bytes_become_binary() {
        let mut doc = json!({
            "paths": { "/x": { "post": {
                "security": [{ "bearer": [] }],
                "parameters": [
                    { "name": "agency_id", "in": "query", "schema": { "type": ["string", "null"] } },
                    { "name": "offset", "in": "query", "schema": { "type": "integer" } }
                ],
                "requestBody": { "content": {
                    "application/pdf": { "schema": { "type": "array", "items": { "type": "integer", "minimum": 0 } } }
                } },
                "responses": { "200": { "description": "ok" }, "500": { "description": "no" } }
            } } },
            "components": { "schemas": { "A": { "properties": { "on": { "type": "string", "format": "date" } } } } }
        });
        apply(&mut doc);
        let op = &doc["paths"]["/x"]["post"];
        assert_eq!(op["parameters"][0]["schema"]["format"], "uuid");
        assert_eq!(op["parameters"][0]["schema"]["maxLength"], 36);
        assert_eq!(op["parameters"][1]["schema"]["maximum"], MAX_OFFSET);
        assert_eq!(
            op["requestBody"]["content"]["application/pdf"]["schema"]["format"],
            "binary"
        );
        assert!(op["responses"]["200"]["headers"]["RateLimit"].is_object());
        assert!(op["responses"]["500"].get("headers").is_none());
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["on"]["maxLength"],
            10
        );
    }
}
