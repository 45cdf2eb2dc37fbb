//! A base schema that lists its subtypes (`Base: oneOf: [Aws, Gcp]`, usually with a discriminator) while each
//! subtype includes the base (`Aws: allOf: [Base, {…}]`): typify's merge of `Aws` follows `Base`'s `oneOf` back
//! to `Aws` and never ends (see `schema_cycles.rs`). Atlas' document uses this form for its provider-specific
//! types. The subtype is meant to carry the base's fields, not its list of subtypes, so in the subtype's `allOf`
//! the reference to the base becomes a copy of the base without `oneOf`, `anyOf` and `discriminator`; the base
//! itself stays the choice of its subtypes.

use serde_json::Value;

use crate::document::escape;
use crate::schema_cycles::{Edge, merge_cycle};

/// Rewrite subtypes until no merge cycle of this form is left; returns the `allOf` members rewritten. A cycle of
/// another form stays, for the generatability check to refuse (located) and the operations reaching it to be left
/// out.
pub fn include_base_fields(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    let limit = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |schemas| schemas.len());
    for _ in 0..limit {
        let Some(cycle) = merge_cycle(raw) else { break };
        let Some((subtype, index, base)) = fixable_step(raw, &cycle) else {
            break;
        };
        let Some(fields) = base_fields(raw, &base) else { break };
        let pointer = format!("/components/schemas/{}/allOf/{index}", escape(&subtype));
        match raw.pointer_mut(&pointer) {
            Some(member) => *member = fields,
            None => break,
        }
        changed.push(pointer);
    }
    changed
}

/// A step `subtype --allOf[index]--> base` of the cycle where the base lists choices.
fn fixable_step(raw: &Value, cycle: &[(String, Edge)]) -> Option<(String, usize, String)> {
    cycle.windows(2).find_map(|pair| {
        let ((subtype, edge), (base, _)) = (&pair[0], &pair[1]);
        if *edge != Edge::AllOf || !has_choices(raw, base) {
            return None;
        }
        let reference = format!("#/components/schemas/{}", escape(base));
        let members = raw
            .pointer(&format!("/components/schemas/{}/allOf", escape(subtype)))?
            .as_array()?;
        let index = members
            .iter()
            .position(|member| member.get("$ref").and_then(Value::as_str) == Some(reference.as_str()))?;
        Some((subtype.clone(), index, base.clone()))
    })
}

fn has_choices(raw: &Value, name: &str) -> bool {
    raw.pointer(&format!("/components/schemas/{}", escape(name)))
        .is_some_and(|schema| schema.get("oneOf").is_some() || schema.get("anyOf").is_some())
}

/// The base without its list of subtypes.
fn base_fields(raw: &Value, name: &str) -> Option<Value> {
    let mut fields = raw.pointer(&format!("/components/schemas/{}", escape(name)))?.clone();
    let object = fields.as_object_mut()?;
    for key in ["oneOf", "anyOf", "discriminator"] {
        object.remove(key);
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_subtype_includes_the_base_fields_and_the_base_keeps_its_subtypes() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let base = json!({
            "type": "object",
            "oneOf": [r("Aws"), r("Gcp")],
            "discriminator": {"propertyName": "provider"},
            "properties": {"provider": {"type": "string"}}
        });
        let mut raw = json!({"components": {"schemas": {
            "Base": base,
            "Aws": {"allOf": [r("Base"), {"properties": {"region": {"type": "string"}}}]},
            "Gcp": {"allOf": [r("Base")]}
        }}});
        let changed = include_base_fields(&mut raw);
        assert_eq!(
            changed,
            ["/components/schemas/Aws/allOf/0", "/components/schemas/Gcp/allOf/0"]
        );
        let fields = json!({"type": "object", "properties": {"provider": {"type": "string"}}});
        assert_eq!(raw["components"]["schemas"]["Aws"]["allOf"][0], fields);
        assert_eq!(raw["components"]["schemas"]["Gcp"]["allOf"][0], fields);
        assert_eq!(
            raw["components"]["schemas"]["Base"], base,
            "the base stays the choice of its subtypes"
        );
        assert_eq!(merge_cycle(&raw), None);
    }

    #[test]
    fn a_cycle_of_another_form_is_left_for_the_check() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let mut raw = json!({"components": {"schemas": {"A": {"allOf": [r("B")]}, "B": {"allOf": [r("A")]}}}});
        assert!(include_base_fields(&mut raw).is_empty());
        assert!(merge_cycle(&raw).is_some());
    }
}
