//! Every validity problem of a document that parses but is not valid OpenAPI 3.0, located: the review compares such
//! a document as far as it can (a response without `description`, an operation without `responses`, an undeclared
//! path parameter are slips real specs are full of) and lists what is wrong instead of stopping at it. Codegen
//! stays strict: `spec::parse` refuses the first problem.

use std::collections::BTreeSet;

use openapiv3::{Operation, Parameter, PathItem, RequestBody, Response, Schema};
use serde_json::Value;

use crate::document::{escape, local_pointer, operations_of};
use crate::spec;

/// At most this many problems are listed: a document broken everywhere cannot flood the report.
pub const MAX_PROBLEMS: usize = 100;

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// The problems of `raw`, in the document's order: its version, its references, the structure of each path item,
/// operation and component, and the path parameters. Empty for a valid document.
pub fn problems(raw: &Value) -> Vec<Problem> {
    let mut found = Vec::new();
    if let Some(problem) = version(raw) {
        found.push(problem);
    }
    references(raw, raw, &mut String::new(), &mut found);
    structure(raw, &mut found);
    path_parameters(raw, &mut found);
    if found.is_empty()
        && let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw)
    {
        // Nothing narrower found: the document's own error.
        found.push(Problem {
            pointer: spec::to_pointer(e.path()),
            message: e.inner().to_string(),
        });
    }
    let mut seen = BTreeSet::new();
    found.retain(|p| seen.insert(p.clone()));
    found.truncate(MAX_PROBLEMS);
    found
}

fn version(raw: &Value) -> Option<Problem> {
    let problem = |pointer: &str, message: String| {
        Some(Problem {
            pointer: pointer.into(),
            message,
        })
    };
    match raw.get("openapi") {
        Some(Value::String(v)) if v.trim().starts_with("3.0.") => None,
        Some(Value::String(v)) => problem("/openapi", format!("OpenAPI {v} is not 3.0: compared as 3.0")),
        Some(other) => problem(
            "/openapi",
            format!("the OpenAPI version must be a string, found {other}"),
        ),
        None => problem("", "no `openapi` field: compared as OpenAPI 3.0".into()),
    }
}

/// References that are not strings, point to other files, or resolve to nothing.
fn references(root: &Value, node: &Value, here: &mut String, found: &mut Vec<Problem>) {
    if found.len() >= MAX_PROBLEMS {
        return;
    }
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let message = match reference.as_str() {
                    None => Some("`$ref` must be a string".to_owned()),
                    Some(r) => match local_pointer(r) {
                        None => Some(format!("external reference `{r}`: not followed")),
                        Some(target) if crate::document::node_at(root, target).is_none() => {
                            Some(format!("unresolved reference `{r}`: nothing at {target}"))
                        }
                        Some(_) => None,
                    },
                };
                if let Some(message) = message {
                    found.push(Problem {
                        pointer: here.clone(),
                        message,
                    });
                }
            }
            for (key, child) in map {
                let len = here.len();
                here.push('/');
                here.push_str(&escape(key));
                references(root, child, here, found);
                here.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = here.len();
                here.push_str(&format!("/{i}"));
                references(root, child, here, found);
                here.truncate(len);
            }
        }
        _ => {}
    }
}

/// Each path item, operation, parameter, response, request body and component decoded on its own, so every broken
/// one is found, at its innermost place: a part of an operation before the operation, an operation before its item.
fn structure(raw: &Value, found: &mut Vec<Problem>) {
    for (template, item) in raw.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let item_pointer = format!("/paths/{}", escape(template));
        let before = found.len();
        for (method, operation) in operations_of(item) {
            let op_pointer = format!("{item_pointer}/{method}");
            let parts = found.len();
            each(
                operation.get("parameters"),
                &format!("{op_pointer}/parameters"),
                decode::<Parameter>,
                found,
            );
            each(
                operation.get("responses"),
                &format!("{op_pointer}/responses"),
                decode::<Response>,
                found,
            );
            if let Some(body) = operation.get("requestBody").filter(|b| b.get("$ref").is_none()) {
                found.extend(decode::<RequestBody>(body, &format!("{op_pointer}/requestBody")));
            }
            if found.len() == parts {
                found.extend(decode::<Operation>(operation, &op_pointer));
            }
        }
        each(
            item.get("parameters"),
            &format!("{item_pointer}/parameters"),
            decode::<Parameter>,
            found,
        );
        if found.len() == before {
            found.extend(decode::<PathItem>(item, &item_pointer));
        }
    }
    let components = raw.get("components");
    let component = |kind: &str| components.and_then(|c| c.get(kind));
    each(component("schemas"), "/components/schemas", decode::<Schema>, found);
    each(
        component("parameters"),
        "/components/parameters",
        decode::<Parameter>,
        found,
    );
    each(
        component("responses"),
        "/components/responses",
        decode::<Response>,
        found,
    );
    each(
        component("requestBodies"),
        "/components/requestBodies",
        decode::<RequestBody>,
        found,
    );
}

/// The children of an array or map (`$ref`s aside: `references` checks them) that `decode` finds broken.
fn each(node: Option<&Value>, pointer: &str, decode: fn(&Value, &str) -> Option<Problem>, found: &mut Vec<Problem>) {
    let children: Vec<(String, &Value)> = match node {
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (escape(k), v)).collect(),
        _ => return,
    };
    found.extend(
        children
            .into_iter()
            .filter(|(_, child)| child.get("$ref").is_none())
            .filter_map(|(key, child)| decode(child, &format!("{pointer}/{key}"))),
    );
}

fn decode<T: serde::de::DeserializeOwned>(node: &Value, pointer: &str) -> Option<Problem> {
    serde_path_to_error::deserialize::<_, T>(node).err().map(|e| Problem {
        pointer: format!("{pointer}{}", spec::to_pointer(e.path())),
        message: e.inner().to_string(),
    })
}

/// Path parameters in a template but not declared `in: path`, or declared but not in the template; read from the
/// document as it is, so an operation broken elsewhere is still checked.
fn path_parameters(raw: &Value, found: &mut Vec<Problem>) {
    for (template, item) in raw.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let in_template = spec::template_parameters(template);
        for (method, operation) in operations_of(item) {
            let declared: BTreeSet<String> = [item.get("parameters"), operation.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .map(|parameter| crate::document::resolve(raw, parameter).0)
                .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|parameter| parameter.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect();
            let pointer = format!("/paths/{}/{method}/parameters", escape(template));
            for missing in in_template.difference(&declared) {
                found.push(Problem {
                    pointer: pointer.clone(),
                    message: format!("path parameter `{missing}` appears in `{template}` but is not declared"),
                });
            }
            for extra in declared.difference(&in_template) {
                found.push(Problem {
                    pointer: pointer.clone(),
                    message: format!("path parameter `{extra}` is declared but not in `{template}`"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slip_is_listed_at_its_place_and_a_valid_document_has_none() {
        let raw: Value = crate::yaml::parse(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        \
             '200': {content: {}}\n        '404': {description: gone}\n    post: {}\n  /b:\n    get:\n      \
             parameters: [{$ref: '#/components/parameters/Nope'}]\n      responses: {'204': {description: none}}\n",
        )
        .unwrap();
        let listed: Vec<(String, String)> = problems(&raw).into_iter().map(|p| (p.pointer, p.message)).collect();
        let pointers: Vec<&str> = listed.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/openapi",
                "/paths/~1b/get/parameters/0",
                "/paths/~1a~1{id}/get/responses/200",
                "/paths/~1a~1{id}/post",
                "/paths/~1a~1{id}/get/parameters",
                "/paths/~1a~1{id}/post/parameters",
            ],
            "{listed:#?}"
        );
        assert!(listed[2].1.contains("description"), "{listed:?}");
        assert!(listed[3].1.contains("responses"), "{listed:?}");
        assert!(
            listed[4].1.contains("`id` appears in `/a/{id}` but is not declared"),
            "{listed:?}"
        );

        let valid: Value = crate::yaml::parse(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'204': \
             {description: none}}\n",
        )
        .unwrap();
        assert!(problems(&valid).is_empty());
    }
}
