//! Component schemas that include themselves through `allOf` (`A: allOf: [A, …]`, or `A → B → A`). typify merges
//! an allOf's members into one type and recurses without end on such a cycle: the stack overflows and the process
//! aborts, which no `catch_unwind` turns into an error. So the cycle is found before generation and refused, named.
//! The merge also follows the `oneOf`/`anyOf` members of what it merges, so a cycle through those reached from an
//! allOf (a base schema listing its subtypes in `oneOf`, each subtype `allOf` the base) aborts it the same way
//! ([`merge_cycle`]; `prepare/subtypes.rs` rewrites the common form). Recursion through properties or items, or
//! through oneOf and anyOf alone, is fine: typify boxes it.

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

/// How one schema leads to another in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    AllOf,
    /// `oneOf` or `anyOf`.
    Choice,
}

/// The first cycle typify's merge would run around: component schemas reached from an `allOf` member through
/// `allOf`, `oneOf` and `anyOf` members (inline members looked into) that lead back to one on the way. Each step is
/// the schema and how it leads to the next; the last schema is the first again.
pub fn merge_cycle(document: &Value) -> Option<Vec<(String, Edge)>> {
    MergeGraph::of(document)?.cycle()
}

/// How each component schema leads to others in a merge: built once, updated as schemas are rewritten one by one
/// (`prepare/subtypes.rs` rewrites a vendor document's hundred-odd cycles; rebuilding the graph each time was a
/// sixtieth of a review).
pub struct MergeGraph {
    edges: BTreeMap<String, Vec<(String, Edge)>>,
}

impl MergeGraph {
    /// The graph of `document`'s component schemas, `None` when it has none.
    pub fn of(document: &Value) -> Option<MergeGraph> {
        let schemas = document.pointer("/components/schemas")?.as_object()?;
        let edges = schemas
            .iter()
            .map(|(name, schema)| (name.clone(), composition_refs(schema)))
            .collect();
        Some(MergeGraph { edges })
    }

    /// The component schema `name` is now `schema`.
    pub fn update(&mut self, name: &str, schema: &Value) {
        if let Some(edges) = self.edges.get_mut(name) {
            *edges = composition_refs(schema);
        }
    }

    /// [`merge_cycle`] of the document as the graph now stands.
    pub fn cycle(&self) -> Option<Vec<(String, Edge)>> {
        let edges = &self.edges;
        let mut done = std::collections::BTreeSet::new();
        let starts: Vec<&str> = edges
            .values()
            .flatten()
            .filter(|(_, edge)| *edge == Edge::AllOf)
            .filter_map(|(name, _)| edges.get_key_value(name.as_str()).map(|(key, _)| key.as_str()))
            .collect();
        for start in starts {
            let mut path: Vec<(&str, Edge)> = Vec::new();
            if let Some(cycle) = walk(start, edges, &mut done, &mut path) {
                return Some(cycle);
            }
        }
        None
    }
}

/// Depth-first from `name`, iteratively deep enough for any document: a schema on `path` reached again is a cycle.
fn walk<'e>(
    name: &'e str,
    edges: &'e BTreeMap<String, Vec<(String, Edge)>>,
    done: &mut std::collections::BTreeSet<&'e str>,
    path: &mut Vec<(&'e str, Edge)>,
) -> Option<Vec<(String, Edge)>> {
    if done.contains(name) {
        return None;
    }
    if let Some(start) = path.iter().position(|(n, _)| *n == name) {
        let mut cycle: Vec<(String, Edge)> = path[start..].iter().map(|(n, e)| (n.to_string(), *e)).collect();
        cycle.push((name.to_owned(), Edge::AllOf));
        return Some(cycle);
    }
    for (next, edge) in edges.get(name).into_iter().flatten() {
        let Some((next, _)) = edges.get_key_value(next.as_str()) else {
            continue;
        };
        let next = next.as_str();
        path.push((name, *edge));
        let found = walk(next, edges, done, path);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    done.insert(name);
    None
}

/// The component schemas a merge of `schema` reaches in one step, and how.
fn composition_refs(schema: &Value) -> Vec<(String, Edge)> {
    let mut found = Vec::new();
    if let Some(name) = component(schema) {
        found.push((name, Edge::AllOf));
    }
    let mut pending: Vec<&Value> = vec![schema];
    while let Some(schema) = pending.pop() {
        for (key, edge) in [("allOf", Edge::AllOf), ("oneOf", Edge::Choice), ("anyOf", Edge::Choice)] {
            for member in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
                match component(member) {
                    Some(name) => found.push((name, edge)),
                    None => pending.push(member),
                }
            }
        }
    }
    found
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
    fn a_subtype_that_is_all_of_its_base_listing_it_in_one_of_is_a_merge_cycle() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let document = json!({"components": {"schemas": {
            "Base": {"oneOf": [r("Aws"), r("Gcp")], "properties": {"provider": {"type": "string"}}},
            "Aws": {"allOf": [r("Base"), {"properties": {"region": {"type": "string"}}}]},
            "Gcp": {"allOf": [r("Base")]}
        }}});
        let cycle = merge_cycle(&document).expect("a cycle");
        let names: Vec<&str> = cycle.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names.first(), names.last());
        assert!(cycle.iter().any(|(_, edge)| *edge == Edge::Choice), "{cycle:?}");
        assert_eq!(all_of_cycle(&document), None, "no cycle through allOf alone");

        let choices_only = json!({"components": {"schemas": {"A": {"oneOf": [r("B")]}, "B": {"anyOf": [r("A")]}}}});
        assert_eq!(merge_cycle(&choices_only), None, "no allOf reaches it: typify boxes it");
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
