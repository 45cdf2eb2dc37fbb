//! What the generated types must keep so that a body goes out and comes back as the server wrote it.
//!
//! typify gives one Rust type per schema, used both to decode responses and to encode requests; four things it
//! does with a schema are right for one direction or for neither, and each is mended here, in the copy of the
//! spec progenitor is given, by what the schema plainly means on the wire:
//!
//! - a property both `required` and `readOnly` (or `writeOnly`) is required in one direction only (OpenAPI 3.0):
//!   the server never sends a `writeOnly` one, callers never send a `readOnly` one. It is made optional.
//! - `format: float` becomes `f32`, so the `0.1` a server sends is sent back as `0.10000000149011612`. JSON numbers
//!   are read as `f64` (`format: double`).
//! - an optional property with a `default` is generated as a plain value filled in when absent, so the default is
//!   *sent* although the caller never set it (on a PATCH it overwrites the server's value). The `default` is
//!   dropped: absent stays absent (`None`).
//! - an optional array or free-form object is generated as a `Vec`/`Map` skipped when empty, so an explicit `[]`
//!   or `{}` vanishes (and a PATCH cannot clear a list). It is made `nullable`, which typify generates as
//!   `Option<Vec<_>>`/`Option<Map<_>>`: absent is `None`, empty is `Some` of an empty one.

use serde_json::{Map, Value};

use super::schemas::each_schema;

/// Required properties that are `readOnly` or `writeOnly` (themselves, or the component they refer to) are taken
/// out of `required`; returns the `required` lists changed.
pub fn required_one_way_optional(raw: &mut Value) -> Vec<String> {
    let components = raw.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    let mut changed = Vec::new();
    each_schema(raw, String::new(), &mut |schema, pointer| {
        let Some(object) = schema.as_object_mut() else { return };
        let one_way: Vec<String> = match (object.get("required"), object.get("properties")) {
            (Some(Value::Array(required)), Some(Value::Object(properties))) => required
                .iter()
                .filter_map(Value::as_str)
                .filter(|name| properties.get(*name).is_some_and(|p| is_one_way(p, &components)))
                .map(str::to_owned)
                .collect(),
            _ => return,
        };
        if one_way.is_empty() {
            return;
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(|name| !name.as_str().is_some_and(|name| one_way.iter().any(|w| w == name)));
            if required.is_empty() {
                object.remove("required");
            }
        }
        changed.push(format!("{pointer}/required"));
    });
    changed
}

/// `readOnly: true` or `writeOnly: true` on the property, or on the component schema its `$ref` names.
fn is_one_way(property: &Value, components: &Value) -> bool {
    let flagged = |schema: &Value| {
        schema.get("readOnly") == Some(&Value::Bool(true)) || schema.get("writeOnly") == Some(&Value::Bool(true))
    };
    if flagged(property) {
        return true;
    }
    property
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        .and_then(|name| components.get(crate::document::unescape(name)))
        .is_some_and(flagged)
}

/// `type: number, format: float` becomes `format: double`; returns the schemas changed.
pub fn floats_as_doubles(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    each_schema(raw, String::new(), &mut |schema, pointer| {
        let is_float = schema.get("type").and_then(Value::as_str) == Some("number")
            && schema.get("format").and_then(Value::as_str) == Some("float");
        if is_float && let Some(object) = schema.as_object_mut() {
            object.insert("format".into(), Value::String("double".into()));
            changed.push(pointer.to_owned());
        }
    });
    changed
}

/// The `default` of every optional property is dropped; returns the properties changed.
pub fn defaults_not_sent(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    each_optional_property(raw, &mut |property, pointer| {
        if let Some(object) = property.as_object_mut()
            && object.remove("default").is_some()
        {
            changed.push(pointer.to_owned());
        }
    });
    changed
}

/// Every optional property written inline as an array or a free-form object is made `nullable`; returns the
/// properties changed.
pub fn empty_collections_kept(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    each_optional_property(raw, &mut |property, pointer| {
        let Some(object) = property.as_object_mut() else { return };
        let is_array = object.get("type").and_then(Value::as_str) == Some("array");
        let is_map = object.get("type").and_then(Value::as_str) == Some("object")
            && object
                .get("properties")
                .is_none_or(|p| p.as_object().is_some_and(Map::is_empty))
            && !["oneOf", "anyOf", "allOf", "$ref"]
                .iter()
                .any(|key| object.contains_key(*key))
            && object.get("additionalProperties") != Some(&Value::Bool(false));
        if (is_array || is_map) && object.get("nullable") != Some(&Value::Bool(true)) {
            object.insert("nullable".into(), Value::Bool(true));
            changed.push(pointer.to_owned());
        }
    });
    changed
}

/// Call `f` with each property of each object schema that the schema does not list as `required`.
fn each_optional_property(raw: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    each_schema(raw, String::new(), &mut |schema, pointer| {
        let Some(object) = schema.as_object_mut() else { return };
        let required: Vec<String> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) {
                f(
                    property,
                    &format!("{pointer}/properties/{}", crate::document::escape(name)),
                );
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_required_read_only_or_write_only_property_is_optional_and_the_others_stay_required() {
        let mut raw = json!({"components": {"schemas": {
            "Id": {"type": "string", "readOnly": true},
            "User": {"type": "object", "required": ["groupId", "password", "name", "id"], "properties": {
                "groupId": {"type": "string", "readOnly": true},
                "password": {"type": "string", "writeOnly": true},
                "name": {"type": "string"},
                "id": {"$ref": "#/components/schemas/Id"}
            }},
            "Only": {"type": "object", "required": ["a"], "properties": {"a": {"readOnly": true}}}
        }}});
        let mut changed = required_one_way_optional(&mut raw);
        changed.sort();
        assert_eq!(
            changed,
            ["/components/schemas/Only/required", "/components/schemas/User/required"]
        );
        assert_eq!(raw["components"]["schemas"]["User"]["required"], json!(["name"]));
        assert!(raw["components"]["schemas"]["Only"].get("required").is_none());
    }

    #[test]
    fn floats_become_doubles_and_other_numbers_stay() {
        let mut raw = json!({"components": {"schemas": {"Line": {"properties": {
            "percentDiscount": {"type": "number", "format": "float"},
            "total": {"type": "number", "format": "double"},
            "n": {"type": "integer", "format": "int32"}
        }}}}});
        assert_eq!(
            floats_as_doubles(&mut raw),
            ["/components/schemas/Line/properties/percentDiscount"]
        );
        assert_eq!(
            raw.pointer("/components/schemas/Line/properties/percentDiscount/format"),
            Some(&json!("double"))
        );
    }

    #[test]
    fn only_optional_properties_lose_their_default_and_parameters_keep_theirs() {
        let mut raw = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "p", "in": "query", "schema": {"type": "integer", "default": 1}}]}}},
            "components": {"schemas": {"Index": {"type": "object", "required": ["kind"], "properties": {
                "deletable": {"type": "boolean", "default": false},
                "kind": {"type": "string", "default": "STANDARD"}
            }}}}
        });
        assert_eq!(
            defaults_not_sent(&mut raw),
            ["/components/schemas/Index/properties/deletable"]
        );
        assert_eq!(
            raw["components"]["schemas"]["Index"]["properties"]["kind"]["default"],
            json!("STANDARD")
        );
        assert_eq!(
            raw["paths"]["/a"]["get"]["parameters"][0]["schema"]["default"],
            json!(1)
        );
    }

    #[test]
    fn optional_inline_arrays_and_free_form_objects_become_nullable_and_nothing_else_does() {
        let mut raw = json!({"components": {"schemas": {"Index": {"type": "object", "required": ["names"], "properties": {
            "names": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "fields": {"type": "object"},
            "options": {"type": "object", "additionalProperties": {"type": "string"}},
            "closed": {"type": "object", "properties": {"a": {"type": "string"}}},
            "refd": {"$ref": "#/components/schemas/Other"},
            "already": {"type": "array", "items": {}, "nullable": true}
        }}}}});
        let mut changed = empty_collections_kept(&mut raw);
        changed.sort();
        assert_eq!(
            changed,
            [
                "/components/schemas/Index/properties/fields",
                "/components/schemas/Index/properties/options",
                "/components/schemas/Index/properties/tags"
            ]
        );
    }
}
