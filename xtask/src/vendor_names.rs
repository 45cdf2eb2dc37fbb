//! Our names for the vendor's components: where our operation refers to `#/components/schemas/Ours` and the
//! vendor's same operation, at the same place, to `#/components/schemas/TheirsView`, the two are one thing under
//! two names. `cargo xtask drift` renames the vendor's schemas so (else every type of the Rust half would be
//! removed and added again under another name, hiding what did change); `cargo xtask spec import` reuses ours.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::document::{operations_of, target};

/// A component: its kind (`schemas`, `parameters`, `responses`, …) and its name.
pub type Component = (String, String);

/// The part of a `$ref` before the kind: `#/components/`.
pub const COMPONENTS: &str = "#/components/";

/// The component a local reference names: `#/components/schemas/Job` → (`schemas`, `Job`).
pub fn component_of(reference: &str) -> Option<Component> {
    let (kind, name) = reference.strip_prefix(COMPONENTS)?.split_once('/')?;
    (!name.contains('/')).then(|| (kind.to_owned(), crate::document::unescape(name)))
}

/// The vendor's components mapped to ours, found by walking each operation of ours beside the vendor's operation
/// of the same path and method (`pairs`: our operation, theirs). A vendor component met under two of our names
/// keeps the first. Parameters pair by `in` and `name`, not by position.
pub fn ours_by_theirs<'d>(
    ours: &'d Value,
    theirs: &'d Value,
    pairs: impl IntoIterator<Item = (&'d Value, &'d Value)>,
) -> BTreeMap<Component, String> {
    let mut walk = Walk {
        ours,
        theirs,
        names: BTreeMap::new(),
        seen: BTreeSet::new(),
    };
    for (our_operation, their_operation) in pairs {
        walk.pair(our_operation, their_operation, None, 0);
    }
    walk.names
}

/// The pairs of operations at the same path (spelled the same) and method in both documents.
pub fn same_operations<'d>(ours: &'d Value, theirs: &'d Value) -> Vec<(&'d Value, &'d Value)> {
    let (Some(our_paths), Some(their_paths)) = (
        ours.get("paths").and_then(Value::as_object),
        theirs.get("paths").and_then(Value::as_object),
    ) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (path, our_item) in our_paths {
        if let Some(their_item) = their_paths.get(path) {
            for (method, our_operation) in operations_of(our_item) {
                if let Some(their_operation) = their_item.get(method) {
                    pairs.push((our_operation, their_operation));
                }
            }
        }
    }
    pairs
}

/// Rename the vendor's component schemas to ours where `names` says, and every reference to them; a name the
/// vendor already uses for another schema is left alone.
pub fn rename_schemas(document: &mut Value, names: &BTreeMap<Component, String>) {
    let taken: BTreeSet<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let renames: BTreeMap<String, String> = names
        .iter()
        .filter(|((kind, theirs), ours)| kind == "schemas" && theirs != *ours && !taken.contains(*ours))
        .map(|((_, theirs), ours)| (theirs.clone(), ours.clone()))
        .collect();
    if renames.is_empty() {
        return;
    }
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (theirs, ours) in &renames {
            if let Some(schema) = schemas.remove(theirs) {
                schemas.insert(ours.clone(), schema);
            }
        }
    }
    rewrite_references(document, &|(kind, name)| {
        (kind == "schemas").then(|| renames.get(name).cloned()).flatten()
    });
}

/// Rewrite every local component reference in `node` that `rename` gives a new name.
pub fn rewrite_references(node: &mut Value, rename: &dyn Fn(&Component) -> Option<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "$ref"
                    && let Value::String(reference) = value
                    && let Some(component) = component_of(reference)
                {
                    if let Some(new_name) = rename(&component) {
                        *reference = format!("{COMPONENTS}{}/{}", component.0, crate::document::escape(&new_name));
                    }
                } else {
                    rewrite_references(value, rename);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_references(item, rename)),
        _ => {}
    }
}

/// Deep enough for any schema a person writes; a deeper walk stops (the names found so far stay).
const MAX_DEPTH: usize = 64;

struct Walk<'d> {
    ours: &'d Value,
    theirs: &'d Value,
    names: BTreeMap<Component, String>,
    /// Pairs of references already walked: schemas refer to themselves.
    seen: BTreeSet<(String, String)>,
}

impl<'d> Walk<'d> {
    fn pair(&mut self, ours: &'d Value, theirs: &'d Value, key: Option<&str>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let our_ref = reference(ours);
        let their_ref = reference(theirs);
        if our_ref.is_some() || their_ref.is_some() {
            if let (Some(our_ref), Some(their_ref)) = (our_ref, their_ref) {
                if !self.seen.insert((our_ref.to_owned(), their_ref.to_owned())) {
                    return;
                }
                if let (Some(our_component), Some(their_component)) = (component_of(our_ref), component_of(their_ref))
                    && our_component.0 == their_component.0
                {
                    self.names.entry(their_component).or_insert(our_component.1);
                }
            }
            let ours = our_ref.and_then(|r| target(self.ours, r)).unwrap_or(ours);
            let theirs = their_ref.and_then(|r| target(self.theirs, r)).unwrap_or(theirs);
            // A reference to a reference is followed one step per level.
            return self.pair(ours, theirs, key, depth + 1);
        }
        match (ours, theirs) {
            (Value::Object(ours), Value::Object(theirs)) => {
                for (key, our_value) in ours {
                    if let Some(their_value) = theirs.get(key) {
                        self.pair(our_value, their_value, Some(key), depth + 1);
                    }
                }
            }
            (Value::Array(our_items), Value::Array(their_items)) if key == Some("parameters") => {
                for our_item in our_items {
                    let wanted = self.parameter_key(self.ours, our_item);
                    let theirs = their_items
                        .iter()
                        .find(|their_item| wanted.is_some() && self.parameter_key(self.theirs, their_item) == wanted);
                    if let Some(their_item) = theirs {
                        self.pair(our_item, their_item, None, depth + 1);
                    }
                }
            }
            (Value::Array(ours), Value::Array(theirs)) => {
                for (our_item, their_item) in ours.iter().zip(theirs) {
                    self.pair(our_item, their_item, None, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// A parameter's `in` and `name`, through its reference.
    fn parameter_key(&self, document: &'d Value, parameter: &'d Value) -> Option<(String, String)> {
        let parameter = match reference(parameter) {
            Some(r) => target(document, r)?,
            None => parameter,
        };
        Some((
            parameter.get("in")?.as_str()?.to_owned(),
            parameter.get("name")?.as_str()?.to_owned(),
        ))
    }
}

fn reference(node: &Value) -> Option<&str> {
    node.get("$ref").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(name: &str) -> Component {
        ("schemas".into(), name.into())
    }

    #[test]
    fn schemas_at_the_same_place_take_our_names_through_nested_references() {
        let ours = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
                {"$ref": "#/components/schemas/Page"}}}}}}}},
            "components": {"schemas": {
                "Page": {"properties": {"results": {"items": {"$ref": "#/components/schemas/Job"}}}},
                "Job": {"properties": {"next": {"$ref": "#/components/schemas/Job"}}}
            }}
        });
        let mut theirs = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
                {"$ref": "#/components/schemas/PageView"}}}}}}}},
            "components": {"schemas": {
                "PageView": {"properties": {"results": {"items": {"$ref": "#/components/schemas/JobView"}}}},
                "JobView": {"properties": {"next": {"$ref": "#/components/schemas/JobView"}}},
                "Unrelated": {}
            }}
        });
        let names = ours_by_theirs(&ours, &theirs, same_operations(&ours, &theirs));
        assert_eq!(
            names,
            BTreeMap::from([(schema("JobView"), "Job".into()), (schema("PageView"), "Page".into())])
        );
        rename_schemas(&mut theirs, &names);
        assert_eq!(
            theirs["components"]["schemas"]["Job"]["properties"]["next"]["$ref"],
            "#/components/schemas/Job"
        );
        assert!(theirs.pointer("/components/schemas/Unrelated").is_some());
        assert!(theirs.pointer("/components/schemas/PageView").is_none());
    }

    #[test]
    fn a_name_the_vendor_already_uses_is_not_taken() {
        let ours = json!({"paths": {"/a": {"get": {"x": {"$ref": "#/components/schemas/Link"}}}}});
        let mut theirs = json!({
            "paths": {"/a": {"get": {"x": {"$ref": "#/components/schemas/LinkView"}}}},
            "components": {"schemas": {"LinkView": {}, "Link": {"type": "string"}}}
        });
        let names = ours_by_theirs(&ours, &theirs, same_operations(&ours, &theirs));
        rename_schemas(&mut theirs, &names);
        assert_eq!(
            theirs["paths"]["/a"]["get"]["x"]["$ref"],
            "#/components/schemas/LinkView"
        );
        assert_eq!(theirs["components"]["schemas"]["Link"], json!({"type": "string"}));
    }

    #[test]
    fn parameters_pair_by_name_and_place_not_by_position() {
        let ours = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"$ref": "#/components/parameters/groupId"}, {"$ref": "#/components/parameters/pretty"}
            ]}}},
            "components": {"parameters": {
                "groupId": {"in": "path", "name": "groupId"}, "pretty": {"in": "query", "name": "pretty"}
            }}
        });
        let theirs = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"$ref": "#/components/parameters/prettyParam"}, {"$ref": "#/components/parameters/group"}
            ]}}},
            "components": {"parameters": {
                "group": {"in": "path", "name": "groupId"}, "prettyParam": {"in": "query", "name": "pretty"}
            }}
        });
        let names = ours_by_theirs(&ours, &theirs, same_operations(&ours, &theirs));
        assert_eq!(names[&("parameters".into(), "group".into())], "groupId");
        assert_eq!(names[&("parameters".into(), "prettyParam".into())], "pretty");
    }
}
