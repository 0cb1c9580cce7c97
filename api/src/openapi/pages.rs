//! A page's items by reference: utoipa inlines a generic's argument, so `Page_Agency` carried a
//! copy of `Agency` and generated clients got a second type for it (`PageAgencyItemsItem` next to
//! `Agency`). Where the inlined schema is exactly a component's, it becomes a `$ref` to it.

use serde_json::{json, Value};

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
