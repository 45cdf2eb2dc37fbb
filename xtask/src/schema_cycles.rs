//! Component schemas that include themselves through `allOf` (`A: allOf: [A, …]`, or `A → B → A`). typify merges
//! an allOf's members into one type and recurses without end on such a cycle: the stack overflows and the process
//! aborts, which no `catch_unwind` turns into an error. So the cycle is found before generation and refused, named.
//! (Recursion through properties, items, oneOf or anyOf is fine: typify boxes it.)

use std::collections::BTreeMap;

use serde_json::Value;

use crate::document::{escape, unescape};

/// The first cycle of component schemas through `allOf`, as the names along it (`["A", "B", "A"]`).
pub fn all_of_cycle(document: &Value) -> Option<Vec<String>> {
    let schemas = document.pointer("/components/schemas")?.as_object()?;
    let edges: BTreeMap<&str, Vec<String>> = schemas
        .iter()
        .map(|(name, schema)| (name.as_str(), merged_refs(schema)))
        .collect();
    let mut state: BTreeMap<&str, Visit> = BTreeMap::new();
    for name in edges.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(name, &edges, &mut state, &mut path) {
            return Some(cycle);
        }
    }
    None
}

/// Where a cycle's first schema declares its allOf, for the error.
pub fn pointer(cycle: &[String]) -> String {
    let first = cycle.first().map_or("", String::as_str);
    format!("/components/schemas/{}/allOf", escape(first))
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    OnPath,
    Done,
}

fn visit<'e>(
    name: &'e str,
    edges: &'e BTreeMap<&'e str, Vec<String>>,
    state: &mut BTreeMap<&'e str, Visit>,
    path: &mut Vec<&'e str>,
) -> Option<Vec<String>> {
    match state.get(name) {
        Some(Visit::Done) => return None,
        Some(Visit::OnPath) => {
            let start = path.iter().position(|n| *n == name).unwrap_or(0);
            let mut cycle: Vec<String> = path[start..].iter().map(|n| n.to_string()).collect();
            cycle.push(name.to_owned());
            return Some(cycle);
        }
        None => {}
    }
    state.insert(name, Visit::OnPath);
    path.push(name);
    for next in edges.get(name).into_iter().flatten() {
        // A `$ref` to a schema that does not exist is reported elsewhere.
        let Some((next, _)) = edges.get_key_value(next.as_str()) else {
            continue;
        };
        if let Some(cycle) = visit(next, edges, state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state.insert(name, Visit::Done);
    None
}

/// The component schemas typify merges into `schema`: the targets of its allOf members, of the allOfs of its inline
/// members, and of `schema` itself when it is only a `$ref`.
fn merged_refs(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(name) = component(schema) {
        found.push(name);
    }
    let mut pending: Vec<&Value> = vec![schema];
    while let Some(schema) = pending.pop() {
        for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            match component(member) {
                Some(name) => found.push(name),
                None => pending.push(member),
            }
        }
    }
    found
}

fn component(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    reference.strip_prefix("#/components/schemas/").map(unescape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cycle(schemas: Value) -> Option<Vec<String>> {
        all_of_cycle(&json!({"components": {"schemas": schemas}}))
    }

    #[test]
    fn a_schema_in_its_own_allof_is_a_cycle_through_one_or_more_schemas() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        assert_eq!(
            cycle(json!({"A": {"allOf": [r("A"), {"type": "object"}]}})),
            Some(vec!["A".into(), "A".into()])
        );
        assert_eq!(
            cycle(json!({"A": {"allOf": [r("B")]}, "B": {"allOf": [{"allOf": [r("C")]}]}, "C": r("A")})),
            Some(vec!["A".into(), "B".into(), "C".into(), "A".into()])
        );
    }

    #[test]
    fn recursion_through_properties_items_or_oneof_is_no_cycle() {
        let r = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(cycle(json!({"A": {"type": "object", "properties": {"a": r}}})), None);
        assert_eq!(cycle(json!({"A": {"type": "array", "items": r}})), None);
        assert_eq!(cycle(json!({"A": {"oneOf": [r, {"type": "string"}]}})), None);
        assert_eq!(cycle(json!({"A": {"allOf": [{"oneOf": [r]}]}})), None);
        assert_eq!(
            cycle(json!({"A": {"allOf": [{"$ref": "#/components/schemas/Missing"}]}})),
            None
        );
    }
}
