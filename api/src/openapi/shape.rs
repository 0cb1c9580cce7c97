//! The shape generated clients take from the document, fixed where utoipa's derivation gives them
//! poor names: a page's items by reference ([`items_by_ref`]) and names for enum values that are
//! no identifiers ([`enum_names`]).

use serde_json::{json, Value};

/// Ids in answers are UUIDs too (`db::new_id`, the request ids): every property named `id`, `*_id`
/// or `*_ids` that is a string without a format gets `format: uuid` (the audit's `entity_id`, which
/// also names settings, excepted), so generated clients read them as UUIDs.
pub fn id_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    let target = match name.strip_suffix("_ids") {
                        Some(_) => property.get_mut("items"),
                        None if crate::extract::is_id_parameter(name) => Some(property),
                        None => None,
                    };
                    if let Some(Value::Object(schema)) = target {
                        if super::limits::has_type(schema, "string")
                            && !schema.contains_key("format")
                        {
                            schema.insert("format".into(), json!("uuid"));
                        }
                    }
                }
            }
            map.values_mut().for_each(id_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(id_formats),
        _ => {}
    }
}

/// A sort order such as `-due_date` has no name a generator can make (openapi-python-client made
/// `VALUE_1`): every enum with such a value gets `x-enum-varnames`, which openapi-python-client,
/// openapi-typescript and openapi-generator read (`-due_date` is `due_date_desc`).
pub fn enum_names(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let names = map
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|values| {
                    let texts: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                    let nameless =
                        texts.len() == values.len() && texts.iter().any(|t| t.starts_with('-'));
                    nameless.then(|| texts.iter().map(|t| variable_name(t)).collect::<Vec<_>>())
                });
            if let Some(names) = names {
                map.insert("x-enum-varnames".into(), json!(names));
            }
            map.values_mut().for_each(enum_names);
        }
        Value::Array(items) => items.iter_mut().for_each(enum_names),
        _ => {}
    }
}

fn variable_name(value: &str) -> String {
    let (base, descending) = match value.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (value, false),
    };
    let mut name: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if descending {
        name.push_str("_desc");
    }
    name
}

/// utoipa inlines a generic's argument, so `Page_Agency` carried a copy of `Agency` and generated
/// clients got a second type for it (`PageAgencyItemsItem` next to `Agency`). Where the inlined
/// schema is exactly a component's, it becomes a `$ref` to it.
pub fn items_by_ref(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let pages: Vec<(String, String)> = schemas
        .keys()
        .filter_map(|name| {
            let item = name.strip_prefix("Page_")?;
            Some((name.clone(), item.to_string()))
        })
        .collect();
    for (page, item) in pages {
        let Some(component) = schemas.get(&item).cloned() else {
            continue;
        };
        let Some(items) = schemas
            .get_mut(&page)
            .and_then(|p| p.pointer_mut("/properties/items/items"))
        else {
            continue;
        };
        if *items == component {
            *items = json!({ "$ref": format!("#/components/schemas/{item}") });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_but_the_audits_entity() {
        let mut doc = json!({ "properties": {
            "id": { "type": "string" },
            "parent_id": { "type": ["string", "null"] },
            "member_ids": { "type": "array", "items": { "type": "string" } },
            "entity_id": { "type": "string" },
            "code": { "type": "string" }
        } });
        id_formats(&mut doc);
        let p = &doc["properties"];
        assert_eq!(p["id"]["format"], "uuid");
        assert_eq!(p["parent_id"]["format"], "uuid");
        assert_eq!(p["member_ids"]["items"]["format"], "uuid");
        assert!(p["entity_id"].get("format").is_none());
        assert!(p["code"].get("format").is_none());
    }

    #[test]
    fn a_descending_sort_gets_a_name() {
        let mut doc = json!({ "schema": { "type": "string", "enum": ["due_date", "-due_date", "code"] },
                              "other": { "type": "string", "enum": ["a-b", "c"] } });
        enum_names(&mut doc);
        assert_eq!(
            doc["schema"]["x-enum-varnames"],
            json!(["due_date", "due_date_desc", "code"])
        );
        assert!(doc["other"].get("x-enum-varnames").is_none());
    }

    #[test]
    fn an_inlined_component_becomes_a_reference_and_nothing_else_does() {
        let agency = json!({ "type": "object", "properties": { "code": { "type": "string" } } });
        let mut doc = json!({ "components": { "schemas": {
            "Agency": agency,
            "Page_Agency": { "properties": { "items": { "type": "array", "items": agency } } },
            "Page_Other": { "properties": { "items": { "type": "array", "items": { "type": "string" } } } },
        } } });
        items_by_ref(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Page_Agency"]["properties"]["items"]["items"]["$ref"],
            "#/components/schemas/Agency"
        );
        assert_eq!(
            schemas["Page_Other"]["properties"]["items"]["items"]["type"],
            "string"
        );
    }
}
