//! Only what the generated operations reach is generated. progenitor hands every component schema to typify, so
//! one schema it cannot type (or one no operation uses) would stop, or bloat, every operation.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::document::{escape, local_pointer, unescape};

/// The names of the component schemas reached from `raw`'s paths, through references of any kind (a parameter,
/// a response, a request body, a schema's properties…), transitively.
pub fn schemas_reached(raw: &Value) -> BTreeSet<String> {
    pointers_reached(raw, raw.get("paths").into_iter().collect())
        .iter()
        .filter_map(|pointer| pointer.strip_prefix("/components/schemas/"))
        .filter(|rest| !rest.contains('/'))
        .map(unescape)
        .collect()
}

/// The operations (their pointers) that reach `component` (`/components/schemas/Job`), from themselves or their
/// path item's parameters.
pub fn operations_reaching(raw: &Value, component: &str) -> Vec<String> {
    super::operations(raw)
        .into_iter()
        .filter(|(pointer, operation)| {
            let item = super::operation_pointer(pointer).and_then(|(item, _)| crate::document::node_at(raw, &item));
            let shared = item.and_then(|item| item.get("parameters"));
            let reached = pointers_reached(raw, [Some(*operation), shared].into_iter().flatten().collect());
            reached
                .iter()
                .any(|p| p == component || p.starts_with(&format!("{component}/")))
        })
        .map(|(pointer, _)| pointer)
        .collect()
}

/// Every pointer a local reference names, reached from `start` through references, transitively.
pub fn pointers_reached<'a>(raw: &'a Value, todo: Vec<&'a Value>) -> BTreeSet<String> {
    reached(raw, todo, false)
}

/// [`pointers_reached`] in a document as written, before preparation: a discriminator's `mapping` names its
/// subtypes too, which the preparation makes choices (`subtypes::mapping_as_choices`), so they are generated with
/// the schema that maps them.
pub fn pointers_reached_unprepared<'a>(raw: &'a Value, todo: Vec<&'a Value>) -> BTreeSet<String> {
    reached(raw, todo, true)
}

fn reached<'a>(raw: &'a Value, mut todo: Vec<&'a Value>, mappings: bool) -> BTreeSet<String> {
    let mut seen_pointers = BTreeSet::new();
    let mut follow = |target: &str, todo: &mut Vec<&'a Value>| {
        if let Some(target) = local_pointer(target)
            && seen_pointers.insert(target.to_owned())
            && let Some(found) = crate::document::node_at(raw, target)
        {
            todo.push(found);
        }
    };
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                    follow(target, &mut todo);
                }
                if mappings
                    && let Some(mapping) = map
                        .get("discriminator")
                        .and_then(|d| d.get("mapping"))
                        .and_then(Value::as_object)
                {
                    for target in mapping.values().filter_map(Value::as_str) {
                        follow(target, &mut todo);
                    }
                }
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    seen_pointers
}

/// Reduce a prepared document to the part `only` names: its operations, and of its component schemas those
/// `only` names or the kept ones reach (so no reference dangles).
pub fn keep_only(raw: &mut Value, only: &super::Only) {
    let others: Vec<String> = super::operations(raw)
        .into_iter()
        .map(|(pointer, _)| pointer)
        .filter(|pointer| !only.operations.contains(pointer))
        .collect();
    super::remove_operations(raw, &others);
    let Some(schemas) = raw.pointer("/components/schemas").and_then(Value::as_object) else {
        return;
    };
    let named = schemas
        .iter()
        .filter(|(name, _)| only.schemas.contains(*name))
        .map(|(_, schema)| schema);
    let reached = pointers_reached(raw, raw.get("paths").into_iter().chain(named).collect());
    let keep: BTreeSet<String> = schemas
        .keys()
        .filter(|name| {
            only.schemas.contains(*name) || reached.contains(&format!("/components/schemas/{}", escape(name)))
        })
        .cloned()
        .collect();
    if let Some(schemas) = raw.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        schemas.retain(|name, _| keep.contains(name));
    }
}

/// Remove the component schemas no operation reaches; returns their pointers.
pub fn drop_unreached_schemas(raw: &mut Value) -> Vec<String> {
    let reached = schemas_reached(raw);
    let Some(schemas) = raw.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let unreached: Vec<String> = schemas
        .keys()
        .filter(|name| !reached.contains(*name))
        .cloned()
        .collect();
    for name in &unreached {
        schemas.remove(name);
    }
    unreached
        .iter()
        .map(|name| format!("/components/schemas/{}", escape(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_are_reached_through_every_kind_of_reference_and_the_rest_dropped() {
        let mut raw = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"$ref": "#/components/responses/R"}}
            }}},
            "components": {
                "parameters": {"P": {"schema": {"$ref": "#/components/schemas/Id"}}},
                "responses": {"R": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
                "schemas": {
                    "Id": {"type": "string"},
                    "Page": {"properties": {"results": {"items": {"$ref": "#/components/schemas/Job"}}}},
                    "Job": {"properties": {"self": {"$ref": "#/components/schemas/Job"}}},
                    "Unused": {"$ref": "#/components/schemas/AlsoUnused"},
                    "AlsoUnused": {"type": "string"}
                }
            }
        });
        assert_eq!(
            schemas_reached(&raw),
            BTreeSet::from(["Id".into(), "Job".into(), "Page".into()])
        );
        let dropped = drop_unreached_schemas(&mut raw);
        assert_eq!(
            dropped,
            ["/components/schemas/AlsoUnused", "/components/schemas/Unused"]
        );
        assert_eq!(raw["components"]["schemas"].as_object().unwrap().len(), 3);
        assert_eq!(operations_reaching(&raw, "/components/schemas/Job"), ["/paths/~1a/get"]);
        assert!(operations_reaching(&raw, "/components/schemas/Unused").is_empty());
    }
}
