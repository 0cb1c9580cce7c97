//! An example for every schema of the document (`examples`, JSON Schema 2020-12, OpenAPI 3.1): built
//! from the schema itself — its type, format, enum, bounds and the field's name, with Vietnamese
//! sample texts a ministry's developer recognises — so it always fits the schema it illustrates.
//! Both contract linters validate every example against its schema (`make lint-contract`).

use serde_json::{json, Map, Value};

/// How deep examples follow references before keeping only required fields.
const FULL_DEPTH: usize = 2;
/// How deep they follow references at all.
const MAX_DEPTH: usize = 6;

/// Adds `examples` to every component schema (and to every inline request body schema) without one.
pub fn apply(doc: &mut Value) {
    let components = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            add(schema, name, &components);
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for operation in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in operation.values_mut() {
                if let Some(Value::Object(content)) = op.pointer_mut("/requestBody/content") {
                    for media in content.values_mut() {
                        if let Some(schema) = media.get_mut("schema") {
                            if schema.get("$ref").is_none() {
                                add(schema, "body", &components);
                            }
                        }
                    }
                }
            }
        }
    }
}

fn add(schema: &mut Value, name: &str, components: &Value) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("example") || map.contains_key("examples") {
        return;
    }
    if let Some(example) = example(&Value::Object(map.clone()), name, components, 0) {
        map.insert("examples".into(), json!([example]));
    }
}

fn resolve<'a>(reference: &str, components: &'a Value) -> Option<&'a Value> {
    components.get(reference.strip_prefix("#/components/schemas/")?)
}

/// The example of `schema` for a field called `name`; `None` where no value can be made (a file).
pub fn example(schema: &Value, name: &str, components: &Value, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let map = schema.as_object()?;
    if let Some(r) = map.get("$ref").and_then(Value::as_str) {
        return example(resolve(r, components)?, name, components, depth + 1);
    }
    if let Some(c) = map.get("const") {
        return Some(c.clone());
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        return values.iter().find(|v| !v.is_null()).cloned();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = map.get(key).and_then(Value::as_array) {
            // The first alternative that is not `null`.
            return options
                .iter()
                .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
                .find_map(|o| example(o, name, components, depth));
        }
    }
    if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match example(part, name, components, depth)? {
                Value::Object(o) => merged.extend(o),
                other => return Some(other),
            }
        }
        return Some(Value::Object(merged));
    }
    match main_type(map) {
        Some("object") => object(map, components, depth),
        Some("array") => {
            let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            match example(map.get("items")?, singular(name), components, depth) {
                Some(item) => Some(Value::Array(vec![
                    item;
                    usize::try_from(min.max(1)).unwrap_or(1)
                ])),
                // A tree's children past the depth followed: none.
                None if min == 0 => Some(json!([])),
                None => None,
            }
        }
        Some("string") => string(map, name),
        // Whole numbers as JSON integers (3, not 3.0), for generated clients' integer types.
        Some("integer") => Some(json!(number(map, name, true) as i64)),
        Some("number") => Some(json!(number(map, name, false))),
        Some("boolean") => Some(json!(true)),
        Some("null") => Some(Value::Null),
        // A schema without a type (free JSON): an empty object.
        _ if map.contains_key("properties") => object(map, components, depth),
        _ => Some(json!({})),
    }
}

/// The schema's type, the non-null one of `["string", "null"]`.
fn main_type(map: &Map<String, Value>) -> Option<&str> {
    match map.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

fn object(map: &Map<String, Value>, components: &Value, depth: usize) -> Option<Value> {
    let required: Vec<&str> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Map::new();
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (field, schema) in properties {
            let needed = required.contains(&field.as_str());
            if !needed && depth >= FULL_DEPTH {
                continue;
            }
            match example(schema, field, components, depth + 1) {
                Some(v) => {
                    out.insert(field.clone(), v);
                }
                None if needed => return None,
                None => {}
            }
        }
    }
    if let Some(values @ Value::Object(_)) = map.get("additionalProperties") {
        if out.is_empty() && depth < FULL_DEPTH {
            if let Some(v) = example(values, "value", components, depth + 1) {
                out.insert("01".into(), v);
            }
        }
    }
    Some(Value::Object(out))
}

fn singular(name: &str) -> &str {
    name.strip_suffix("_ids")
        .map(|_| "id")
        .or_else(|| name.strip_suffix('s'))
        .unwrap_or(name)
}

fn number(map: &Map<String, Value>, name: &str, integer: bool) -> f64 {
    let preferred: f64 = match name {
        "limit" => 50.0,
        "offset" | "attempts" => 0.0,
        "total" => 1.0,
        "revision" | "version" | "depth" => 1.0,
        "year" => 2026.0,
        "progress" | "expected_progress" | "value" | "target_value" => 62.5,
        "weight" | "share" => 0.5,
        _ if integer => 3.0,
        _ => 62.5,
    };
    let min = map.get("minimum").and_then(Value::as_f64);
    let max = map.get("maximum").and_then(Value::as_f64);
    let mut v: f64 = preferred;
    if let Some(lo) = min {
        v = v.max(lo);
    }
    if let Some(hi) = max {
        v = v.min(hi);
    }
    if let Some(lo) = map.get("exclusiveMinimum").and_then(Value::as_f64) {
        if v <= lo {
            v = lo + 1.0;
        }
    }
    if integer {
        v.round()
    } else {
        v
    }
}

fn string(map: &Map<String, Value>, name: &str) -> Option<Value> {
    let format = map.get("format").and_then(Value::as_str).unwrap_or("");
    let pattern = map.get("pattern").and_then(Value::as_str).unwrap_or("");
    let text: String = match format {
        "binary" => return None,
        "uuid" => "0193a6b2-5c1e-7d4f-9a2b-3c4d5e6f7a8b".into(),
        "date" => match name {
            n if n.contains("due") || n.ends_with("_to") || n == "to" => "2026-12-31".into(),
            _ => "2026-09-30".into(),
        },
        "date-time" => "2026-10-05T08:30:00Z".into(),
        "uri" => "https://he-thong.skhcn.hanoi.gov.vn/restrack/events".into(),
        "email" => "can.bo@skhcn.hanoi.gov.vn".into(),
        _ if pattern.starts_with("^(19") => "2026-Q3".into(),
        _ if pattern == "^[A-Za-z0-9]+$" => "01".into(),
        _ if pattern == "^[a-z0-9._-]+$" => "kehoach.hn".into(),
        _ if pattern.starts_with("^[Hh][Tt]") => {
            "https://hanoi.gov.vn/minh-chung/bao-cao-quy-3.pdf".into()
        }
        _ if pattern == "^[A-Za-z0-9._/-]+$" => match name {
            n if n.contains("indicator") => "GD_MN5".into(),
            n if n.contains("agency") || n == "parent_code" => "HN".into(),
            n if n.contains("task") => "57-NQ/TW.3.1".into(),
            _ => "57-NQ/TW".into(),
        },
        _ => by_name(name).into(),
    };
    let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let max = map.get("maxLength").and_then(Value::as_u64);
    let mut text = text;
    if let Some(max) = max {
        text = text
            .chars()
            .take(usize::try_from(max).unwrap_or(usize::MAX))
            .collect();
    }
    while (text.chars().count() as u64) < min {
        text.push('x');
    }
    Some(Value::String(text))
}

/// A sample text for a field, by its name.
fn by_name(name: &str) -> &'static str {
    match name {
        n if n.contains("password") => "Mat-khau-du-manh-2026!",
        "username" => "kehoach.hn",
        "display_name" | "reported_by_name" | "actor_name" => "Nguyễn Văn An",
        n if n.ends_with("_name") || n == "name" => "Sở Khoa học và Công nghệ Hà Nội",
        "title" => "Triển khai Nghị quyết 57-NQ/TW trên địa bàn thành phố",
        "code" => "57-NQ/TW",
        "unit" => "%",
        "key" => "rtk_3q9ZfV0cT1mK8wX2yB7nL4pR6sD5hJ0a",
        "secret" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "key_prefix" => "rtk_3q9ZfV0c",
        "access_token" | "refresh_token" | "token" => {
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
        }
        "token_type" => "Bearer",
        "etag" | "if_match" => "\"3\"",
        "detail" | "message" => "Hạn hoàn thành phải sau ngày bắt đầu",
        "field" => "due_date",
        "type" => "about:blank",
        "request_id" => "0193a6b2-5c1e-7d4f-9a2b-3c4d5e6f7a8b",
        "instance" => "/api/v1/tasks",
        "filename" => "bao-cao-quy-3.pdf",
        "media_type" | "content_type" => "application/pdf",
        "sha256" => "9f86d081884c7d659a2feb15d2c1c2aab6e2d14a1b1f2b7d5b3b4d3a0e0c1a2b",
        "period" => "2026-Q3",
        "cursor" | "next_cursor" => "YzF8MTc5MDAwMDAwMDAwMDAwMHxpfA",
        "url" | "link" => "https://he-thong.skhcn.hanoi.gov.vn/restrack/events",
        "q" => "khoa học",
        "totp_secret" | "otpauth_uri" => {
            "otpauth://totp/Resolution%20Tracker:kehoach.hn?secret=JBSWY3DPEHPK3PXP"
        }
        n if n.contains("reason") => "Số liệu chưa khớp với báo cáo của Cục Thống kê",
        n if n.contains("narrative") || n.contains("summary") => {
            "Đã hoàn thành 3/4 hạng mục, đang nghiệm thu hạng mục cuối."
        }
        n if n.contains("obstacle") => "Chậm giải ngân vốn đầu tư công.",
        n if n.contains("proposal") || n.contains("answer") || n == "text" => {
            "Đề nghị Bộ Tài chính bổ sung kinh phí trong quý 4."
        }
        n if n.contains("note") || n.contains("description") || n.contains("definition") => {
            "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình trên tổng số hồ sơ."
        }
        _ => "Ví dụ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_follows_the_schema() {
        let components = json!({
            "Status": {"type": "string", "enum": ["open", "closed"]},
            "Item": {"type": "object", "required": ["id", "status"], "properties": {
                "id": {"type": "string", "format": "uuid"},
                "status": {"$ref": "#/components/schemas/Status"},
                "period": {"type": ["string", "null"], "pattern": "^(19\\d\\d|2[01]\\d\\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$", "maxLength": 7},
                "progress": {"type": "number", "minimum": 0, "maximum": 50},
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "minItems": 2},
            }},
        });
        let got = example(
            &json!({"$ref": "#/components/schemas/Item"}),
            "item",
            &components,
            0,
        )
        .unwrap();
        assert_eq!(got["status"], "open");
        assert_eq!(got["period"], "2026-Q3");
        assert_eq!(got["progress"], 50.0);
        assert_eq!(got["tags"], json!(["Ví ", "Ví "]));
        assert_eq!(got["id"].as_str().unwrap().len(), 36);
    }
}
