//! What an import takes from the vendor's document: the operation, in one version, and every component it reaches,
//! each under our name — one of ours it reuses, or a new one in our spec's naming.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ImportError;
use crate::document::{METHODS, operations_of};
use crate::prepare::{ApiVersion, date_of};
use crate::vendor_names::{self, COMPONENTS, Component};

/// One operation found in the vendor's document.
pub(super) struct Found {
    pub path: String,
    pub method: &'static str,
    /// Our operationId for it: the vendor's SDK name (`x-xgen-operation-id-override`) when it gives one, as our
    /// spec names its operations.
    pub operation_id: String,
    pub operation: Value,
}

/// The operation whose operationId, or SDK name, is `id`.
pub(super) fn find(theirs: &Value, id: &str) -> Result<Found, ImportError> {
    let paths = theirs.get("paths").and_then(Value::as_object).into_iter().flatten();
    let mut known = Vec::new();
    for (path, item) in paths {
        for (method, operation) in operations_of(item) {
            let vendor_id = operation.get("operationId").and_then(Value::as_str);
            let sdk_id = operation.get("x-xgen-operation-id-override").and_then(Value::as_str);
            if vendor_id == Some(id) || sdk_id == Some(id) {
                let mut operation = operation.clone();
                let operation_id = sdk_id.or(vendor_id).unwrap_or(id).to_owned();
                if let Some(map) = operation.as_object_mut() {
                    map.insert("operationId".into(), Value::String(operation_id.clone()));
                }
                return Ok(Found {
                    path: path.clone(),
                    method,
                    operation_id,
                    operation,
                });
            }
            known.extend(sdk_id.into_iter().chain(vendor_id).map(str::to_owned));
        }
    }
    let wanted = id.to_ascii_lowercase();
    let mut similar: Vec<String> = known
        .into_iter()
        .filter(|known| {
            let known = known.to_ascii_lowercase();
            known.contains(&wanted) || wanted.contains(&known)
        })
        .collect();
    similar.sort();
    similar.dedup();
    similar.truncate(5);
    Err(ImportError::UnknownOperation {
        id: id.to_owned(),
        similar,
    })
}

/// The dated media types of the operation's own bodies (`application/vnd.atlas.2024-11-13+json`).
fn versions_offered(operation: &Value) -> BTreeSet<String> {
    crate::document::contents_of(operation)
        .flat_map(|content| content.keys())
        .filter_map(|media| date_of(media))
        .map(str::to_owned)
        .collect()
}

/// Keep one version of the operation: `wanted` (our spec's, or the one asked for), or its newest when neither
/// exists. Media types without a date (errors' `application/json`) stay. Returns the version kept.
pub(super) fn keep_version(found: &mut Found, wanted: Option<&ApiVersion>) -> Result<Option<String>, ImportError> {
    let offered = versions_offered(&found.operation);
    let Some(newest) = offered.last().cloned() else {
        return Ok(None);
    };
    let chosen = match wanted {
        Some(wanted) if offered.contains(&wanted.to_string()) => wanted.to_string(),
        Some(wanted) => {
            return Err(ImportError::NoVersion {
                id: found.operation_id.clone(),
                wanted: wanted.to_string(),
                offered: offered.into_iter().collect(),
            });
        }
        None => newest,
    };
    let strip = |part: &mut Value| {
        if let Some(content) = part.get_mut("content").and_then(Value::as_object_mut) {
            content.retain(|media, _| date_of(media).is_none_or(|date| date == chosen));
        }
    };
    if let Some(request) = found.operation.get_mut("requestBody") {
        strip(request);
    }
    if let Some(responses) = found.operation.get_mut("responses").and_then(Value::as_object_mut) {
        responses.values_mut().for_each(strip);
    }
    Ok(Some(chosen))
}

/// Our spec's name for a vendor component that is not one of ours: its `View` suffix and the `ApiAtlas` of a
/// page's name dropped (`PaginatedApiAtlasFlexBackupRestoreJob20241113View` → `PaginatedFlexBackupRestoreJob20241113`),
/// a response's name capitalized (`badRequest` → `BadRequest`), as MongoDB's SDKs and our spec name them.
pub(super) fn our_style(kind: &str, name: &str) -> String {
    match kind {
        "schemas" => {
            let name = name
                .strip_suffix("View")
                .filter(|rest| !rest.is_empty())
                .unwrap_or(name);
            match name.strip_prefix("PaginatedApiAtlas") {
                Some(rest) if !rest.is_empty() => format!("Paginated{rest}"),
                _ => name.to_owned(),
            }
        }
        "responses" => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => name.to_owned(),
    }
}

/// What the import adds and reuses.
#[derive(Debug, Default)]
pub(super) struct Components {
    /// Vendor component → our name, for every component the operations reach.
    pub names: BTreeMap<Component, String>,
    /// The components to add, under our names, their references already renamed.
    pub added: BTreeMap<Component, Value>,
    /// Vendor components whose ours is reused, and why (`same place`, `same content`, `kept ours`).
    pub reused: BTreeMap<Component, (String, &'static str)>,
}

/// Every component `operations` reach in `theirs`, named (`by_place`: the vendor's components our operations use
/// at the same places), reused where ours is the same thing, added where not. With `keep_ours`, a component of ours
/// that has the vendor's name but not its content is reused as it is; without, it is a conflict.
pub(super) fn components(
    operations: &[&Value],
    ours: &Value,
    theirs: &Value,
    by_place: &BTreeMap<Component, String>,
    keep_ours: bool,
) -> Result<Components, ImportError> {
    // Every component reached, through components too: names must be known before contents are compared.
    let mut reached = BTreeSet::new();
    let mut pending: Vec<Component> = operations.iter().flat_map(|op| references(op)).collect();
    while let Some(component) = pending.pop() {
        if reached.insert(component.clone()) {
            let Some(value) = component_value(theirs, &component) else {
                return Err(ImportError::Unresolved {
                    reference: format!("{COMPONENTS}{}/{}", component.0, component.1),
                });
            };
            pending.extend(references(value));
        }
    }
    let ours_has = |kind: &str, name: &str| component_value(ours, &(kind.to_owned(), name.to_owned())).is_some();
    let mut result = Components::default();
    let mut taken: BTreeSet<Component> = BTreeSet::new();
    for component in &reached {
        let (kind, name) = component;
        let our_name = match by_place.get(component) {
            Some(ours) => {
                result
                    .reused
                    .insert(component.clone(), (ours.clone(), "used at the same place"));
                ours.clone()
            }
            None => {
                let styled = our_style(kind, name);
                let free = !taken.contains(&(kind.clone(), styled.clone()));
                if free { styled } else { name.clone() }
            }
        };
        taken.insert((kind.clone(), our_name.clone()));
        result.names.insert(component.clone(), our_name);
    }
    let renamed = |value: &Value| {
        let mut value = value.clone();
        vendor_names::rewrite_references(&mut value, &|component| result.names.get(component).cloned());
        value
    };
    let mut added = BTreeMap::new();
    let mut reused = result.reused.clone();
    for component in &reached {
        if reused.contains_key(component) {
            continue;
        }
        let our_name = &result.names[component];
        let theirs_renamed = renamed(component_value(theirs, component).unwrap_or(&Value::Null));
        if !ours_has(&component.0, our_name) {
            added.insert((component.0.clone(), our_name.clone()), theirs_renamed);
            continue;
        }
        let our_value = component_value(ours, &(component.0.clone(), our_name.clone())).unwrap_or(&Value::Null);
        if without_notes(our_value) == without_notes(&theirs_renamed) {
            reused.insert(component.clone(), (our_name.clone(), "the same content"));
        } else if keep_ours {
            reused.insert(component.clone(), (our_name.clone(), "ours kept (--keep-ours)"));
        } else {
            return Err(ImportError::Conflict {
                component: format!("{}/{our_name}", component.0),
                vendor: format!("{}/{}", component.0, component.1),
                difference: first_difference(our_value, &theirs_renamed, String::new())
                    .unwrap_or_else(|| "their contents differ".into()),
            });
        }
    }
    // Only what the operations reach through what is added: what ours reuses brings its own.
    let mut needed = BTreeSet::new();
    let mut pending: Vec<Component> = operations.iter().flat_map(|op| references(op)).collect();
    while let Some(component) = pending.pop() {
        if reused.contains_key(&component) || !needed.insert(component.clone()) {
            continue;
        }
        if let Some(value) = component_value(theirs, &component) {
            pending.extend(references(value));
        }
    }
    result.added = added
        .into_iter()
        .filter(|((kind, our_name), _)| {
            needed
                .iter()
                .any(|component| &component.0 == kind && &result.names[component] == our_name)
        })
        .collect();
    result.reused = reused;
    Ok(result)
}

/// Our notes (`x-deviation`, examples) are not content: a schema of ours that only adds them is the vendor's.
fn without_notes(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !matches!(key.as_str(), "x-deviation" | "example" | "examples" | "description"))
                .map(|(key, value)| (key.clone(), without_notes(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_notes).collect()),
        other => other.clone(),
    }
}

/// Where two values first differ, as a pointer with both sides, notes left out.
fn first_difference(ours: &Value, theirs: &Value, at: String) -> Option<String> {
    match (without_notes(ours), without_notes(theirs)) {
        (a, b) if a == b => None,
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().find_map(|key| {
                let here = format!("{at}/{}", crate::document::escape(key));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, here),
                    (Some(_), None) => Some(format!("{here}: only in ours")),
                    (None, Some(y)) => Some(format!("{here}: only in the vendor's ({})", short(y))),
                    (None, None) => None,
                }
            })
        }
        (a, b) => Some(format!(
            "{}: ours {}, the vendor's {}",
            if at.is_empty() { "/" } else { &at },
            short(&a),
            short(&b)
        )),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// The components a value refers to, directly.
pub(super) fn references(value: &Value) -> Vec<Component> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(reference)) => found.extend(vendor_names::component_of(reference)),
                        _ => stack.push(value),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

pub(super) fn component_value<'d>(document: &'d Value, (kind, name): &Component) -> Option<&'d Value> {
    document.get("components")?.get(kind)?.get(name)
}

/// Whether our document has an operation at this method and path.
pub(super) fn has_operation(ours: &Value, path: &str, method: &str) -> bool {
    METHODS.contains(&method)
        && ours
            .get("paths")
            .and_then(|paths| paths.get(path))
            .and_then(|item| item.get(method))
            .is_some()
}

/// Our spelling of `path` when ours has the same path with other parameter names (`/a/{id}` for `/a/{name}`).
pub(super) fn spelled_otherwise<'d>(ours: &'d Value, path: &str) -> Option<&'d str> {
    let shape = crate::diff::api::normalize_template(path);
    let paths = ours.get("paths").and_then(Value::as_object)?;
    paths
        .keys()
        .find(|ours| ours.as_str() != path && crate::diff::api::normalize_template(ours) == shape)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vendor_names_become_ours() {
        assert_eq!(
            our_style("schemas", "PaginatedApiAtlasFlexBackupRestoreJob20241113View"),
            "PaginatedFlexBackupRestoreJob20241113"
        );
        assert_eq!(
            our_style("schemas", "FlexClusterDescription20241113"),
            "FlexClusterDescription20241113"
        );
        assert_eq!(our_style("schemas", "View"), "View");
        assert_eq!(our_style("responses", "badRequest"), "BadRequest");
        assert_eq!(our_style("parameters", "groupId"), "groupId");
    }

    #[test]
    fn one_version_is_kept_and_a_missing_one_is_refused() {
        let operation = json!({"operationId": "x", "responses": {"200": {"content": {
            "application/vnd.atlas.2023-01-01+json": {}, "application/vnd.atlas.2024-11-13+json": {}
        }}, "400": {"content": {"application/json": {}}}}});
        let found = |operation: &Value| Found {
            path: "/a".into(),
            method: "get",
            operation_id: "x".into(),
            operation: operation.clone(),
        };
        let mut newest = found(&operation);
        assert_eq!(keep_version(&mut newest, None).unwrap().as_deref(), Some("2024-11-13"));
        let content = &newest.operation["responses"]["200"]["content"];
        assert_eq!(content.as_object().unwrap().len(), 1);
        assert!(
            newest.operation["responses"]["400"]["content"]
                .get("application/json")
                .is_some()
        );
        let mut old = found(&operation);
        keep_version(&mut old, Some(&"2023-01-01".parse().unwrap())).unwrap();
        assert!(
            old.operation["responses"]["200"]["content"]
                .get("application/vnd.atlas.2023-01-01+json")
                .is_some()
        );
        let error = keep_version(&mut found(&operation), Some(&"2025-01-01".parse().unwrap())).unwrap_err();
        assert!(error.to_string().contains("2023-01-01, 2024-11-13"), "{error}");
    }

    #[test]
    fn a_component_of_ours_with_the_vendor_name_is_reused_when_equal_and_a_conflict_when_not() {
        let theirs = json!({"components": {"schemas": {
            "JobView": {"type": "object", "properties": {"link": {"$ref": "#/components/schemas/Link"}}},
            "Link": {"type": "object", "properties": {"href": {"type": "string"}}}
        }}});
        let operation = json!({"responses": {"200": {"$ref": "#/components/schemas/JobView"}}});
        let same = json!({"components": {"schemas": {
            "Link": {"type": "object", "description": "ours", "properties": {"href": {"type": "string"}}}
        }}});
        let result = components(&[&operation], &same, &theirs, &BTreeMap::new(), false).unwrap();
        assert_eq!(
            result.added.keys().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
            ["Job"]
        );
        assert_eq!(
            result.added[&("schemas".into(), "Job".into())]["properties"]["link"]["$ref"],
            "#/components/schemas/Link"
        );
        let different = json!({"components": {"schemas": {"Link": {"type": "string"}}}});
        let error = components(&[&operation], &different, &theirs, &BTreeMap::new(), false).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("schemas/Link") && message.contains("/properties: only in the vendor's"),
            "{message}"
        );
        let kept = components(&[&operation], &different, &theirs, &BTreeMap::new(), true).unwrap();
        assert_eq!(
            kept.reused[&("schemas".into(), "Link".into())].1,
            "ours kept (--keep-ours)"
        );
    }
}
