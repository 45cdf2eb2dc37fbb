//! Load and validate an OpenAPI document before the generator sees it.
//!
//! progenitor reports many problems with a terse message or a panic and never with a location, so everything it
//! is known to trip over is checked here first, and each error names the file and the line/column (YAML syntax)
//! or the JSON pointer (structure) where the problem is.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::document::{escape, local_pointer, operations_of, push_escaped, target};

/// A spec that parsed and passed every check, with the bytes it came from (the header hashes them).
#[derive(Debug, Clone)]
pub struct Spec {
    pub path: PathBuf,
    pub source: String,
    pub document: OpenAPI,
    /// The same document as plain JSON, for checks the typed model makes awkward (e.g. `$ref` resolution).
    pub raw: Value,
}

/// Where in the spec file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    LineColumn { line: usize, column: usize },
    Pointer(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Pointer(p) if p.is_empty() => f.write_str("the document root"),
            Location::Pointer(p) => write!(f, "{p}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read spec {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}{}: {message}", path.display(), location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        location: Option<Location>,
        message: String,
    },
}

impl SpecError {
    fn invalid(path: &Path, location: Option<Location>, message: impl Into<String>) -> Self {
        SpecError::Invalid {
            path: path.to_owned(),
            location,
            message: message.into(),
        }
    }

    fn at(path: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid(path, Some(Location::Pointer(pointer.into())), message)
    }
}

/// Read, parse and validate the spec at `path`.
pub fn load(path: &Path) -> Result<Spec, SpecError> {
    let source = std::fs::read_to_string(path).map_err(|source| SpecError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(path, source)
}

/// Parse and validate spec text as a comparable OpenAPI 3.0 document (syntax, structure, `$ref`s, version, path
/// parameters); what the generator needs besides is [`check_generatable`]. `path` is only used in messages.
pub fn parse(path: &Path, source: String) -> Result<Spec, SpecError> {
    let raw = read_yaml(path, &source)?;
    let document = validate(path, &raw)?;
    Ok(Spec {
        path: path.to_owned(),
        source,
        document,
        raw,
    })
}

/// Spec text as a JSON value, or where it is not YAML.
pub fn read_yaml(path: &Path, source: &str) -> Result<Value, SpecError> {
    crate::yaml::parse(source).map_err(|e| {
        let location = e
            .line_column
            .map(|(line, column)| Location::LineColumn { line, column });
        SpecError::invalid(path, location, format!("not valid YAML: {}", e.message))
    })
}

/// A parsed document as a valid OpenAPI 3.0 document, or its first problem (`validity.rs` lists them all).
pub fn validate(path: &Path, raw: &Value) -> Result<OpenAPI, SpecError> {
    check_version(path, raw)?;
    check_refs(path, raw, raw, &mut String::new(), &mut HashSet::new())?;

    // Tracking the path costs a fifth of decoding a vendor document: it is tracked only to report a failure.
    let document = match <OpenAPI as serde::Deserialize>::deserialize(raw) {
        Ok(document) => document,
        Err(plain) => {
            let (pointer, message) = narrow_structure_error(raw).unwrap_or_else(|| {
                match serde_path_to_error::deserialize::<_, OpenAPI>(raw) {
                    Err(e) => (to_pointer(e.path()), e.inner().to_string()),
                    Ok(_) => (String::new(), plain.to_string()),
                }
            });
            return Err(SpecError::at(
                path,
                pointer,
                format!("not a valid OpenAPI 3.0 document: {message}"),
            ));
        }
    };

    check_path_parameters(path, raw, &document)?;
    Ok(document)
}

/// serde loses the path inside openapiv3's flattened and untagged types (a bad parameter is reported "at /paths"),
/// so on failure the parts most often edited by hand are decoded one by one to find the innermost broken one.
fn narrow_structure_error(raw: &Value) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, PathItem, RequestBody, Response, Schema};

    for (template, item) in raw.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let item_pointer = format!("/paths/{}", escape(template));
        if decode_error::<PathItem>(item, &item_pointer).is_none() {
            continue;
        }
        let operations = operations_of(item).map(|(m, op)| (format!("{item_pointer}/{m}"), op));
        for (op_pointer, operation) in operations {
            let parts = [
                each(
                    operation.get("parameters"),
                    &format!("{op_pointer}/parameters"),
                    decode_error::<Parameter>,
                ),
                each(
                    operation.get("responses"),
                    &format!("{op_pointer}/responses"),
                    decode_error::<Response>,
                ),
                operation
                    .get("requestBody")
                    .and_then(|b| decode_error::<RequestBody>(b, &format!("{op_pointer}/requestBody"))),
                decode_error::<Operation>(operation, &op_pointer),
            ];
            if let Some(found) = parts.into_iter().flatten().next() {
                return Some(found);
            }
        }
        let item_parameters = each(
            item.get("parameters"),
            &format!("{item_pointer}/parameters"),
            decode_error::<Parameter>,
        );
        return item_parameters.or_else(|| decode_error::<PathItem>(item, &item_pointer));
    }
    let components = raw.get("components");
    let component = |kind: &str| components.and_then(|c| c.get(kind));
    each(component("schemas"), "/components/schemas", decode_error::<Schema>)
        .or_else(|| {
            each(
                component("parameters"),
                "/components/parameters",
                decode_error::<Parameter>,
            )
        })
        .or_else(|| {
            each(
                component("responses"),
                "/components/responses",
                decode_error::<Response>,
            )
        })
}

/// The first child of an array or map (skipping `$ref`s, checked elsewhere) that `decode` finds broken.
fn each(
    node: Option<&Value>,
    pointer: &str,
    decode: fn(&Value, &str) -> Option<(String, String)>,
) -> Option<(String, String)> {
    let children: Vec<(String, &Value)> = match node? {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (escape(k), v)).collect(),
        _ => return None,
    };
    children
        .into_iter()
        .filter(|(_, child)| child.get("$ref").is_none())
        .find_map(|(key, child)| decode(child, &format!("{pointer}/{key}")))
}

fn decode_error<T: serde::de::DeserializeOwned>(node: &Value, pointer: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|e| (format!("{pointer}{}", to_pointer(e.path())), e.inner().to_string()))
}

fn check_version(path: &Path, raw: &Value) -> Result<(), SpecError> {
    let Some(map) = raw.as_object() else {
        return Err(SpecError::at(path, "", "the document must be a YAML mapping"));
    };
    match map.get("openapi") {
        Some(Value::String(v)) if v.trim().starts_with("3.0.") => Ok(()),
        Some(Value::String(v)) => Err(SpecError::at(
            path,
            "/openapi",
            format!("OpenAPI version {v} is not supported: progenitor reads OpenAPI 3.0.x only"),
        )),
        Some(other) => Err(SpecError::at(
            path,
            "/openapi",
            format!("the OpenAPI version must be a string such as \"3.0.3\", found {other}"),
        )),
        None => Err(SpecError::at(
            path,
            "",
            "missing the `openapi` field (this must be an OpenAPI 3.0.x document)",
        )),
    }
}

/// Every `$ref` must point into this document and resolve; external references are not supported.
/// Every `$ref` under `node` is local and names something in `root`. A vendor document refers to a few hundred
/// targets hundreds of thousands of times, so each target found is remembered in `found` and not looked up again.
fn check_refs<'d>(
    path: &Path,
    root: &'d Value,
    node: &'d Value,
    here: &mut String,
    found: &mut HashSet<&'d str>,
) -> Result<(), SpecError> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let Some(reference) = reference.as_str() else {
                    return Err(SpecError::at(path, here.clone(), "`$ref` must be a string"));
                };
                let Some(target) = local_pointer(reference) else {
                    return Err(SpecError::at(
                        path,
                        here.clone(),
                        format!("external reference `{reference}` is not supported: put the schema in this file"),
                    ));
                };
                if !found.contains(target) {
                    if crate::document::node_at(root, target).is_none() {
                        return Err(SpecError::at(
                            path,
                            here.clone(),
                            format!("unresolved reference `{reference}`: nothing at {target}"),
                        ));
                    }
                    found.insert(target);
                }
            }
            for (key, child) in map {
                let len = here.len();
                here.push('/');
                push_escaped(here, key);
                check_refs(path, root, child, here, found)?;
                here.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = here.len();
                let _ = write!(here, "/{i}");
                check_refs(path, root, child, here, found)?;
                here.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether the generator can take the spec, beyond its being a valid document: no schema including itself through
/// allOf, path items inline, an operationId on every operation, unique, and one body schema for all success
/// responses and one for all error responses.
/// Codegen needs this; the API comparison of `cargo xtask diff` does not.
pub fn check_generatable(spec: &Spec) -> Result<(), SpecError> {
    let (path, raw) = (spec.path.as_path(), &spec.raw);
    if let Some(cycle) = crate::schema_cycles::all_of_cycle(raw) {
        return Err(SpecError::at(
            path,
            crate::schema_cycles::pointer(&cycle),
            format!(
                "schema `{}` includes itself through allOf ({}): the generator (typify) cannot merge it",
                cycle[0],
                cycle.join(" → ")
            ),
        ));
    }
    if let Some(cycle) = crate::schema_cycles::merge_cycle(raw) {
        let names: Vec<&str> = cycle.iter().map(|(name, _)| name.as_str()).collect();
        return Err(SpecError::at(
            path,
            format!("/components/schemas/{}", escape(names[0])),
            format!(
                "schema `{}` reaches itself through allOf, oneOf and anyOf ({}) where the generator (typify) merges \
                 it, and would not stop",
                names[0],
                names.join(" → ")
            ),
        ));
    }
    let mut operation_ids = BTreeMap::new();
    for (template, item) in &spec.document.paths.paths {
        let item_pointer = format!("/paths/{}", escape(template));
        let Some(item) = item.as_item() else {
            return Err(SpecError::at(
                path,
                item_pointer,
                "a path item may not be a `$ref`: progenitor does not support it",
            ));
        };
        for (method, operation) in item.iter() {
            let pointer = format!("{item_pointer}/{method}");
            let Some(id) = &operation.operation_id else {
                return Err(SpecError::at(
                    path,
                    pointer,
                    format!("`{} {template}` has no operationId", method.to_uppercase()),
                ));
            };
            if let Some(first) = operation_ids.insert(id.clone(), pointer.clone()) {
                return Err(SpecError::at(
                    path,
                    pointer,
                    format!("operationId `{id}` is also used at {first}"),
                ));
            }
            check_response_schemas(path, raw, &pointer, operation)?;
        }
    }
    Ok(())
}

/// Every path parameter of a template is declared, and every declared one is in the template (OpenAPI 3.0 §4.7.12).
fn check_path_parameters(path: &Path, raw: &Value, document: &OpenAPI) -> Result<(), SpecError> {
    for (template, item) in &document.paths.paths {
        let Some(item) = item.as_item() else { continue };
        let in_template = template_parameters(template);
        for (method, operation) in item.iter() {
            let pointer = format!("/paths/{}/{method}", escape(template));
            let declared = declared_path_parameters(raw, &item.parameters, &operation.parameters);
            if let Some(missing) = in_template.difference(&declared).next() {
                return Err(SpecError::at(
                    path,
                    format!("{pointer}/parameters"),
                    format!("path parameter `{missing}` appears in `{template}` but is not declared with `in: path`"),
                ));
            }
            if let Some(extra) = declared.difference(&in_template).next() {
                return Err(SpecError::at(
                    path,
                    format!("{pointer}/parameters"),
                    format!("path parameter `{extra}` is declared but does not appear in `{template}`"),
                ));
            }
        }
    }
    Ok(())
}

fn check_response_schemas(
    path: &Path,
    raw: &Value,
    pointer: &str,
    operation: &openapiv3::Operation,
) -> Result<(), SpecError> {
    use openapiv3::StatusCode;

    // Statuses by what their body would decode into: a `$ref`, an inline schema, or no typed body.
    let mut success: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut error: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut has_success_range = false;
    for (status, response) in &operation.responses.responses {
        let body = body_identity(raw, response);
        let (bucket, name) = match status {
            StatusCode::Code(c @ 200..=299) | StatusCode::Code(c @ 101) => (&mut success, c.to_string()),
            StatusCode::Code(c @ 400..=599) => (&mut error, c.to_string()),
            StatusCode::Range(2) => {
                has_success_range = true;
                (&mut success, "2XX".into())
            }
            StatusCode::Range(r @ 4..=5) => (&mut error, format!("{r}XX")),
            _ => continue,
        };
        bucket.entry(body).or_default().push(name);
    }
    if let Some(default) = &operation.responses.default {
        let body = body_identity(raw, default);
        // progenitor drops `default` from the success side when a 2XX range already covers it.
        if !has_success_range {
            success.entry(body.clone()).or_default().push("default".into());
        }
        error.entry(body).or_default().push("default".into());
    }
    for (kind, bucket) in [("success", &success), ("error", &error)] {
        if bucket.len() > 1 {
            let groups: Vec<String> = bucket
                .iter()
                .map(|(body, statuses)| format!("{} → {body}", statuses.join(", ")))
                .collect();
            return Err(SpecError::at(
                path,
                format!("{pointer}/responses"),
                format!(
                    "all {kind} responses must share one body schema, found {}: {}",
                    bucket.len(),
                    groups.join("; ")
                ),
            ));
        }
    }
    Ok(())
}

/// A stable description of the body a response decodes into, used to compare responses.
fn body_identity(raw: &Value, response: &openapiv3::ReferenceOr<openapiv3::Response>) -> String {
    let response = match response {
        openapiv3::ReferenceOr::Item(r) => Some(r.clone()),
        openapiv3::ReferenceOr::Reference { reference } => {
            target(raw, reference).and_then(|v| serde_json::from_value(v.clone()).ok())
        }
    };
    let Some(response) = response else {
        return "unresolved".into();
    };
    let json = response
        .content
        .iter()
        .find(|(media, _)| crate::media_types::is_json(media));
    match json.and_then(|(_, m)| m.schema.as_ref()) {
        Some(openapiv3::ReferenceOr::Reference { reference }) => reference.clone(),
        Some(openapiv3::ReferenceOr::Item(schema)) => {
            format!("inline schema {}", serde_json::to_string(schema).unwrap_or_default())
        }
        None if response.content.is_empty() => "no body".into(),
        None => "raw bytes".into(),
    }
}

pub(crate) fn template_parameters(template: &str) -> BTreeSet<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn declared_path_parameters(
    raw: &Value,
    item_level: &[openapiv3::ReferenceOr<openapiv3::Parameter>],
    operation_level: &[openapiv3::ReferenceOr<openapiv3::Parameter>],
) -> BTreeSet<String> {
    item_level
        .iter()
        .chain(operation_level)
        .filter_map(|p| match p {
            openapiv3::ReferenceOr::Item(p) => Some(p.clone()),
            openapiv3::ReferenceOr::Reference { reference } => {
                target(raw, reference).and_then(|v| serde_json::from_value(v.clone()).ok())
            }
        })
        .filter_map(|p| match p {
            openapiv3::Parameter::Path { parameter_data, .. } => Some(parameter_data.name),
            _ => None,
        })
        .collect()
}

pub(crate) fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", escape(key))),
            Segment::Enum { variant } => Some(format!("/{}", escape(variant))),
            Segment::Unknown => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Spec, SpecError> {
        parse(Path::new("test.yaml"), text.to_owned())
    }

    #[test]
    fn template_parameters_are_found() {
        let found = template_parameters("/groups/{groupId}/x/{name}/y");
        assert_eq!(found, BTreeSet::from(["groupId".to_owned(), "name".to_owned()]));
    }

    #[test]
    fn a_non_mapping_document_is_rejected_at_the_root() {
        let err = parse_str("- just\n- a list\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "test.yaml at the document root: the document must be a YAML mapping"
        );
    }

    #[test]
    fn a_numeric_openapi_version_is_rejected() {
        let err = parse_str("openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at /openapi"), "{err}");
    }
}
