//! Schema slips a published document makes and typify refuses, each rewritten to what the schema plainly means.

use std::collections::BTreeSet;

use serde_json::Value;

/// `type: array` with an `enum` of strings: the values are the items', not the array's (typify refuses the
/// default-less enum as "value does not conform to the given schema"). The enum moves to `items`.
pub fn move_array_enums_to_items(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    each_schema(raw, String::new(), &mut |schema, pointer| {
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        let values_are_items = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|value| !value.is_array()));
        let items_free = schema.get("items").is_some_and(|items| items.get("enum").is_none());
        if !(is_array && values_are_items && items_free) {
            return;
        }
        let Some(values) = schema.as_object_mut().and_then(|object| object.remove("enum")) else {
            return;
        };
        if let Some(items) = schema.get_mut("items").and_then(Value::as_object_mut) {
            items.insert("enum".into(), values);
            changed.push(pointer.to_owned());
        }
    });
    changed
}

/// A string enum whose values cannot each become a Rust variant name (`<` and `>` both sanitize to `X`): typify
/// panics on it, so it is generated as a plain string. The values stay in the description's place: the spec.
pub fn unnameable_enums_as_strings(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    each_schema(raw, String::new(), &mut |schema, pointer| {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else {
            return;
        };
        let names: Vec<String> = values.iter().filter_map(Value::as_str).map(variant_key).collect();
        let distinct: BTreeSet<&String> = names.iter().collect();
        if distinct.len() < names.len()
            && let Some(object) = schema.as_object_mut()
        {
            object.remove("enum");
            changed.push(pointer.to_owned());
        }
    });
    changed
}

/// What typify's last try at a variant name keeps of a value, case aside: letters and digits, anything else `x`.
fn variant_key(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                'x'
            }
        })
        .collect()
}

/// Call `f` with every JSON object of the document that may be a schema, and its pointer; examples are data,
/// not schemas, and are not entered. Recursive: spec text is nested at most 128 levels deep (`yaml.rs`).
pub(super) fn each_schema(node: &mut Value, pointer: String, f: &mut dyn FnMut(&mut Value, &str)) {
    // One pointer, grown and cut back on the way: a vendor document has a few hundred thousand nodes, and a new
    // string for each was most of the time of the steps that walk it.
    fn walk(node: &mut Value, pointer: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
        if node.is_object() {
            f(node, pointer);
        }
        let length = pointer.len();
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key != "example" && key != "examples" {
                        pointer.push('/');
                        crate::document::push_escaped(pointer, key);
                        walk(child, pointer, f);
                        pointer.truncate(length);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    use std::fmt::Write;
                    let _ = write!(pointer, "/{i}");
                    walk(child, pointer, f);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
    let mut pointer = pointer;
    walk(node, &mut pointer, f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_enum_of_item_values_on_an_array_moves_to_its_items() {
        let mut raw = json!({"components": {"schemas": {"Team": {"properties": {"roleNames": {
            "type": "array", "enum": ["GROUP_OWNER", "GROUP_READ_ONLY"], "items": {"type": "string"}
        }}}}}});
        let changed = move_array_enums_to_items(&mut raw);
        assert_eq!(changed, ["/components/schemas/Team/properties/roleNames"]);
        assert_eq!(
            raw.pointer("/components/schemas/Team/properties/roleNames").unwrap(),
            &json!({"type": "array", "items": {"type": "string", "enum": ["GROUP_OWNER", "GROUP_READ_ONLY"]}})
        );
    }

    #[test]
    fn an_enum_whose_values_make_no_distinct_names_becomes_a_string_and_examples_are_not_touched() {
        let mut raw = json!({"components": {"schemas": {
            "Operator": {"type": "string", "enum": ["<", ">"]},
            "Fine": {"type": "string", "enum": ["a-b", "a_c", "LT"]},
            "Shown": {"type": "object", "example": {"enum": ["<", ">"]}}
        }}});
        let changed = unnameable_enums_as_strings(&mut raw);
        assert_eq!(changed, ["/components/schemas/Operator"]);
        assert_eq!(raw["components"]["schemas"]["Operator"], json!({"type": "string"}));
        assert_eq!(
            raw["components"]["schemas"]["Shown"]["example"]["enum"],
            json!(["<", ">"])
        );
    }
}
