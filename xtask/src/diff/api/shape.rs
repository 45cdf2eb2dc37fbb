//! What a schema is, documentation aside: the shapes schemas, compositions and security schemes are compared by.
//! A leaf module, below the rule modules that use it.

use serde_json::Value;

/// The schema without documentation, for comparing shapes. The keys of a `properties` map are names, not
/// keywords: a property called `description` is part of the shape.
pub(super) fn strip_docs(value: &Value) -> Value {
    strip_docs_in(value, false)
}

fn strip_docs_in(value: &Value, keys_are_names: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    keys_are_names
                        || !(matches!(k.as_str(), "description" | "example" | "examples" | "title" | "summary")
                            || k.starts_with("x-"))
                })
                .map(|(k, v)| {
                    let names_below = !keys_are_names && k == "properties";
                    (k.clone(), strip_docs_in(v, names_below))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| strip_docs_in(v, false)).collect()),
        other => other.clone(),
    }
}
