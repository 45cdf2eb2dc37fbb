//! Response shapes progenitor cannot take, made ones it can (run after the JSON media types are renamed
//! `application/json`, see `media_types.rs`).
//!
//! progenitor types a response by its `application/json` schema, panics on one without a schema, and wants one
//! type for all success responses and one for all error responses of an operation. Atlas answers bodiless
//! `202`/`204`s as `application/vnd.atlas.…+json: {}`, answers some operations with a `200` body or a bodiless
//! `204`, leaves some error responses without a body, and gives a few operations two success or error schemas.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::operations;
use crate::document::resolve;

const JSON: &str = "application/json";

/// A JSON media type without a schema is a response without a body. Returns the responses changed.
pub fn drop_schemaless_media_types(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    let mut pointers: Vec<String> = operations(raw)
        .into_iter()
        .flat_map(|(pointer, operation)| {
            let statuses = operation.get("responses").and_then(Value::as_object);
            statuses
                .into_iter()
                .flatten()
                .filter(|(_, response)| response.get("$ref").is_none())
                .map(move |(status, _)| format!("{pointer}/responses/{}", crate::document::escape(status)))
        })
        .collect();
    let shared = raw.pointer("/components/responses").and_then(Value::as_object);
    pointers.extend(
        shared
            .into_iter()
            .flatten()
            .map(|(name, _)| format!("/components/responses/{}", crate::document::escape(name))),
    );
    for pointer in pointers {
        let Some(content) = raw
            .pointer_mut(&format!("{pointer}/content"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let before = content.len();
        content.retain(|media, body| media != JSON || body.get("schema").is_some());
        if content.len() < before {
            if content.is_empty()
                && let Some(response) = raw.pointer_mut(&pointer).and_then(Value::as_object_mut)
            {
                response.remove("content");
            }
            changed.push(pointer);
        }
    }
    changed
}

/// The operations whose responses [`unify`] changed, by what it did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Unified {
    pub bodiless_errors: Vec<String>,
    pub optional_success: Vec<String>,
    pub either: Vec<String>,
}

/// Give every success response of an operation one body type, and every error response one.
pub fn unify(raw: &mut Value) -> Unified {
    let mut unified = Unified::default();
    let pointers: Vec<String> = operations(raw).into_iter().map(|(pointer, _)| pointer).collect();
    for pointer in pointers {
        let Some(responses) = raw.pointer(&format!("{pointer}/responses")).and_then(Value::as_object) else {
            continue;
        };
        let mut success = Bodies::default();
        let mut error = Bodies::default();
        for (status, response) in responses {
            let bodies = match status.chars().next() {
                Some('2') => &mut success,
                Some('4' | '5') => &mut error,
                _ => continue,
            };
            match json_schema(raw, response) {
                Some(schema) => bodies.typed.entry(identity(schema)).or_insert_with(|| schema.clone()),
                None if has_content(raw, response) => continue, // raw bytes (not JSON): progenitor's `Raw`
                None => {
                    bodies.bodiless.push(status.clone());
                    continue;
                }
            };
            bodies.statuses.push(status.clone());
        }
        let responses_at = format!("{pointer}/responses");
        if let Some(schema) = success.unified(true) {
            let either = success.typed.len() > 1;
            success.apply(raw, &responses_at, &schema);
            let list = if either {
                &mut unified.either
            } else {
                &mut unified.optional_success
            };
            list.push(responses_at.clone());
        }
        if let Some(schema) = error.unified(false) {
            let either = error.typed.len() > 1;
            error.apply(raw, &responses_at, &schema);
            let list = if either {
                &mut unified.either
            } else {
                &mut unified.bodiless_errors
            };
            if list.last() != Some(&responses_at) {
                list.push(responses_at.clone());
            }
        }
    }
    unified
}

/// The responses of one kind (success or error) of an operation.
#[derive(Default)]
struct Bodies {
    /// Distinct body schemas, by identity.
    typed: BTreeMap<String, Value>,
    /// Statuses with a typed body.
    statuses: Vec<String>,
    /// Statuses without a body.
    bodiless: Vec<String>,
}

impl Bodies {
    /// The one schema every response of this kind should have, when they do not share one already. A bodiless
    /// success makes the body optional (the request hook hands the generated code `null` for an empty body);
    /// a bodiless error keeps the error schema (its empty body reaches the caller as raw bytes).
    fn unified(&self, success: bool) -> Option<Value> {
        let mixed = self.typed.len() > 1 || (!self.typed.is_empty() && !self.bodiless.is_empty());
        if !mixed {
            return None;
        }
        let schemas: Vec<Value> = self.typed.values().cloned().collect();
        let one = match schemas.as_slice() {
            [single] => single.clone(),
            _ => json!({"oneOf": schemas}),
        };
        Some(match success && !self.bodiless.is_empty() {
            true => json!({"nullable": true, "allOf": [one]}),
            false => one,
        })
    }

    /// Give every response of this kind `schema`, copying a shared response into the operation first.
    fn apply(&self, raw: &mut Value, responses_at: &str, schema: &Value) {
        for status in self.statuses.iter().chain(&self.bodiless) {
            let at = format!("{responses_at}/{}", crate::document::escape(status));
            let Some(response) = raw.pointer(&at) else { continue };
            let mut copy = resolve(raw, response).0.clone();
            if let Some(object) = copy.as_object_mut() {
                let content = object.entry("content").or_insert_with(|| json!({}));
                content[JSON] = json!({"schema": schema});
            }
            if let Some(slot) = raw.pointer_mut(&at) {
                *slot = copy;
            }
        }
    }
}

/// The schema of a response's JSON body, references to the response followed.
fn json_schema<'a>(raw: &'a Value, response: &'a Value) -> Option<&'a Value> {
    resolve(raw, response).0.get("content")?.get(JSON)?.get("schema")
}

fn has_content(raw: &Value, response: &Value) -> bool {
    resolve(raw, response)
        .0
        .get("content")
        .and_then(Value::as_object)
        .is_some_and(|content| !content.is_empty())
}

/// What tells two schemas apart: the reference, or the inline schema's text.
fn identity(schema: &Value) -> String {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference.to_owned(),
        None => schema.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(responses: Value) -> Value {
        json!({
            "paths": {"/a": {"post": {"operationId": "a", "responses": responses}}},
            "components": {"responses": {
                "Error": {"description": "e", "content": {JSON: {"schema": {"$ref": "#/components/schemas/E"}}}},
                "Empty": {"description": "e", "content": {JSON: {}}}
            }}
        })
    }

    fn schema(raw: &Value, status: &str) -> Value {
        raw["paths"]["/a"]["post"]["responses"][status]["content"][JSON]["schema"].clone()
    }

    #[test]
    fn a_media_type_without_a_schema_becomes_a_bodiless_response_also_when_shared() {
        let mut raw = op(json!({"204": {"description": "d", "content": {JSON: {}}}}));
        let changed = drop_schemaless_media_types(&mut raw);
        assert_eq!(
            changed,
            ["/paths/~1a/post/responses/204", "/components/responses/Empty"]
        );
        assert_eq!(
            raw["paths"]["/a"]["post"]["responses"]["204"],
            json!({"description": "d"})
        );
        assert_eq!(raw["components"]["responses"]["Empty"], json!({"description": "e"}));
    }

    #[test]
    fn a_success_with_and_without_a_body_makes_the_body_optional() {
        let body = json!({"$ref": "#/components/schemas/Thing"});
        let mut raw = op(json!({
            "200": {"description": "d", "content": {JSON: {"schema": body}}},
            "204": {"description": "none"},
            "404": {"$ref": "#/components/responses/Error"}
        }));
        let unified = unify(&mut raw);
        assert_eq!(unified.optional_success, ["/paths/~1a/post/responses"]);
        let optional = json!({"nullable": true, "allOf": [body]});
        assert_eq!(schema(&raw, "200"), optional);
        assert_eq!(schema(&raw, "204"), optional);
        assert_eq!(
            raw["paths"]["/a"]["post"]["responses"]["404"]["$ref"],
            "#/components/responses/Error"
        );
    }

    #[test]
    fn a_bodiless_error_gets_the_error_schema_in_a_copy_of_a_shared_response() {
        let mut raw = op(json!({
            "200": {"description": "d"},
            "401": {"description": "no body"},
            "404": {"$ref": "#/components/responses/Error"}
        }));
        let unified = unify(&mut raw);
        assert_eq!(unified.bodiless_errors, ["/paths/~1a/post/responses"]);
        assert_eq!(schema(&raw, "401"), json!({"$ref": "#/components/schemas/E"}));
        assert_eq!(
            raw["components"]["responses"]["Error"]["description"], "e",
            "the shared one is untouched"
        );
    }

    #[test]
    fn two_error_schemas_become_one_of_them() {
        let mut raw = op(json!({
            "200": {"description": "d"},
            "400": {"description": "x", "content": {JSON: {"schema": {"type": "string"}}}},
            "404": {"$ref": "#/components/responses/Error"}
        }));
        let unified = unify(&mut raw);
        assert_eq!(unified.either, ["/paths/~1a/post/responses"]);
        let one_of = json!({"oneOf": [{"$ref": "#/components/schemas/E"}, {"type": "string"}]});
        assert_eq!(schema(&raw, "400"), one_of);
        assert_eq!(schema(&raw, "404"), one_of);
    }

    #[test]
    fn responses_that_agree_are_left_alone() {
        let original = op(json!({
            "200": {"description": "d", "content": {JSON: {"schema": {"type": "object"}}}},
            "201": {"description": "d", "content": {JSON: {"schema": {"type": "object"}}}},
            "404": {"$ref": "#/components/responses/Error"},
            "500": {"$ref": "#/components/responses/Error"}
        }));
        let mut raw = original.clone();
        assert_eq!(unify(&mut raw), Unified::default());
        assert_eq!(raw, original);
    }
}
