//! Versioned vendor media types, made typed.
//!
//! Atlas v2 versions each operation by a dated media type, `application/vnd.atlas.2024-11-13+json`, in `Accept`
//! and `Content-Type`. progenitor types only `application/json` bodies (any other media type becomes raw bytes,
//! and a request body with one is refused), so before generation every JSON media type (`application/json` or any
//! `application/…+json`, RFC 6839) is renamed `application/json`, and what each operation really sends and accepts
//! is kept in the table that codegen emits beside the generated code (`generated::operations`, see `operations.rs`), for the request
//! hook to put on the wire. The table is derived here, from the spec, at every generation: never kept by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::document::{METHODS, escape, local_pointer};

/// What one operation sends and accepts, as the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationMedia {
    /// The operation's `operationId`, as written in the spec.
    pub operation_id: String,
    /// The media type of its success responses: its `Accept`.
    pub accept: Option<String>,
    /// The media type of its request body: its `Content-Type`.
    pub content_type: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{} at {pointer}: {message}", spec.display())]
pub struct MediaTypeError {
    pub spec: PathBuf,
    pub pointer: String,
    pub message: String,
}

/// Whether `media_type` is JSON: `application/json` or a structured-syntax `+json` type, parameters aside.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Read each operation's media types from `raw` (the spec as JSON) and rename every JSON media type to
/// `application/json` in place. Refuses a body that offers two JSON media types (two versions, or a vendor type
/// beside `application/json`), and success responses that disagree on theirs, naming the operation.
pub fn normalize(spec_path: &Path, raw: &mut Value) -> Result<Vec<OperationMedia>, MediaTypeError> {
    let error = |pointer: String, message: String| MediaTypeError {
        spec: spec_path.to_owned(),
        pointer,
        message,
    };
    let mut table = Vec::new();
    let original = raw.clone();
    let templates: Vec<String> = original
        .pointer("/paths")
        .and_then(Value::as_object)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default();
    for template in &templates {
        for method in METHODS {
            let pointer = format!("/paths/{}/{method}", escape(template));
            let Some(operation) = crate::document::node_at(&original, &pointer) else {
                continue;
            };
            let name = operation.get("operationId").and_then(Value::as_str).unwrap_or_default();
            let what = format!("operation `{name}` ({} {template})", method.to_uppercase());

            let content_type = match operation.get("requestBody") {
                Some(body) => {
                    let (at, body) = resolve(&original, &format!("{pointer}/requestBody"), body);
                    json_media_type(body)
                        .map_err(|types| error(at, format!("the request body of {what} offers {}", listed(&types))))?
                }
                None => None,
            };

            let mut accept: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let responses = operation.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                let (at, response) = resolve(&original, &format!("{pointer}/responses/{status}"), response);
                let media = json_media_type(response)
                    .map_err(|types| error(at, format!("response {status} of {what} offers {}", listed(&types))))?;
                if let Some(media) = media.filter(|_| is_success(status)) {
                    accept.entry(media).or_default().push(status.clone());
                }
            }
            if accept.len() > 1 {
                let found: Vec<String> = accept
                    .iter()
                    .map(|(media, statuses)| format!("{} → {media}", statuses.join(", ")))
                    .collect();
                return Err(error(
                    format!("{pointer}/responses"),
                    format!(
                        "the success responses of {what} use different media types: {}",
                        found.join("; ")
                    ),
                ));
            }
            table.push(OperationMedia {
                operation_id: name.to_owned(),
                accept: accept.into_keys().next(),
                content_type,
            });
        }
    }
    rename_json_media_types(raw);
    Ok(table)
}

fn is_success(status: &str) -> bool {
    status == "default" || status == "2XX" || status.starts_with('2')
}

/// A request body or response, following one local `$ref`; with the pointer where it was found.
fn resolve<'a>(raw: &'a Value, pointer: &str, item: &'a Value) -> (String, &'a Value) {
    match item.get("$ref").and_then(Value::as_str).and_then(local_pointer) {
        Some(target) => match crate::document::node_at(raw, target) {
            Some(found) => (target.to_owned(), found),
            None => (pointer.to_owned(), item),
        },
        None => (pointer.to_owned(), item),
    }
}

/// The one JSON media type of a body's `content`, or all of them when there are several.
fn json_media_type(body: &Value) -> Result<Option<String>, Vec<String>> {
    let content = body.get("content").and_then(Value::as_object);
    let json: Vec<String> = content
        .into_iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| is_json(k))
        .collect();
    // It goes into an HTTP header: visible ASCII and spaces only.
    if json
        .iter()
        .any(|k| !k.bytes().all(|b| b == b' ' || b.is_ascii_graphic()))
    {
        return Err(json);
    }
    match json.len() {
        0 => Ok(None),
        1 => Ok(json.into_iter().next()),
        _ => Err(json),
    }
}

fn listed(types: &[String]) -> String {
    if let [one] = types {
        return format!("the media type {one:?}, which cannot be sent in an HTTP header");
    }
    format!(
        "{} JSON media types ({}); the client sends one Accept per operation, so keep one",
        types.len(),
        types.join(", ")
    )
}

/// Rename every JSON media type key of every `content` map to `application/json`.
fn rename_json_media_types(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(content)) = map.get_mut("content") {
                let keys: Vec<String> = content
                    .keys()
                    .filter(|k| is_json(k) && *k != "application/json")
                    .cloned()
                    .collect();
                for key in keys {
                    if let Some(media) = content.remove(&key) {
                        content.insert("application/json".into(), media);
                    }
                }
            }
            map.values_mut().for_each(rename_json_media_types);
        }
        Value::Array(items) => items.iter_mut().for_each(rename_json_media_types),
        _ => {}
    }
}

/// The operation's name in the generated code, as progenitor forms it (snake case).
pub fn generated_name(operation_id: &str) -> String {
    heck::ToSnakeCase::to_snake_case(operation_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_media_types_are_recognised() {
        for yes in [
            "application/json",
            "application/vnd.atlas.2024-11-13+json",
            "application/problem+json; charset=utf-8",
        ] {
            assert!(is_json(yes), "{yes}");
        }
        for no in [
            "application/octet-stream",
            "text/json",
            "application/jsonx",
            "application/vnd.atlas.csv",
        ] {
            assert!(!is_json(no), "{no}");
        }
    }

    #[test]
    fn vendor_types_are_recorded_and_renamed() {
        let mut raw = json!({"paths": {"/things": {"post": {
            "operationId": "createThing",
            "requestBody": {"content": {"application/vnd.x.2024-01-01+json": {"schema": {}}}},
            "responses": {
                "200": {"content": {"application/vnd.x.2024-01-01+json": {"schema": {}}}},
                "400": {"$ref": "#/components/responses/Err"}
            }
        }}}, "components": {"responses": {"Err": {"content": {"application/json": {"schema": {}}}}}}});
        let table = normalize(Path::new("s.yaml"), &mut raw).unwrap();
        assert_eq!(
            table,
            [OperationMedia {
                operation_id: "createThing".into(),
                accept: Some("application/vnd.x.2024-01-01+json".into()),
                content_type: Some("application/vnd.x.2024-01-01+json".into()),
            }]
        );
        let op = &raw["paths"]["/things"]["post"];
        assert!(op["requestBody"]["content"]["application/json"].is_object());
        assert!(op["responses"]["200"]["content"]["application/json"].is_object());
        assert_eq!(generated_name("createThing"), "create_thing");
    }

    #[test]
    fn two_versions_of_one_response_are_refused_naming_the_operation() {
        let mut raw = json!({"paths": {"/things": {"get": {
            "operationId": "listThings",
            "responses": {"200": {"content": {
                "application/vnd.x.2023-01-01+json": {}, "application/vnd.x.2024-01-01+json": {}
            }}}
        }}}});
        let err = normalize(Path::new("s.yaml"), &mut raw).unwrap_err().to_string();
        assert!(err.starts_with("s.yaml at /paths/~1things/get/responses/200: response 200 of operation `listThings` (GET /things) offers 2 JSON media types"), "{err}");
    }
}
