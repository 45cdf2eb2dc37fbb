//! What `cargo xtask vendor-check --mock` calls: every generated operation, and for each of its parameters and its
//! request body the generated builder's setter and the type it takes (read from the generated syntax tree, like
//! the bodies' types in `targets.rs`).

use serde_json::Value;

use super::targets::{operation_pointers, try_into_target, type_text};
use crate::codegen::Generated;
use crate::media_types::generated_name;
use crate::paging::{builder_methods, builder_of, module};

/// One operation to call against the mock server: the `Client` method and each parameter's setter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The `operationId`.
    pub id: String,
    /// Where the operation is written, for its parameters' examples.
    pub pointer: String,
    /// The generated `Client` method (`get_group`).
    pub method: String,
    /// Each parameter the builder has a setter for: its name in the document, the setter, the setter's type.
    pub setters: Vec<Setter>,
    /// The type the builder's `body` setter takes, when the operation has a JSON request body.
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setter {
    pub name: String,
    pub setter: String,
    pub rust_type: String,
}

/// Every generated operation, with its parameters' setters (progenitor names a setter after the parameter in snake
/// case; a parameter without one is left out here, and the call fails at Prism if it was needed) and its body's.
pub fn calls(raw: &Value, generated: &Generated) -> (Vec<Call>, Vec<(String, String)>) {
    let operations = operation_pointers(raw);
    let mut calls = Vec::new();
    let mut skipped = Vec::new();
    for media in &generated.media {
        let id = &media.operation_id;
        let Some(pointer) = operations.iter().find(|(op_id, _)| op_id == id).map(|(_, p)| p.clone()) else {
            continue;
        };
        let method = generated_name(id);
        let (setters, body) = match builder_setters(&generated.syntax, &method) {
            Ok(setters) => setters,
            Err(why) => {
                skipped.push((id.clone(), why));
                continue;
            }
        };
        let setters = parameter_names(raw, &pointer)
            .into_iter()
            .filter_map(|name| {
                let snake = heck::ToSnakeCase::to_snake_case(name.as_str());
                let (setter, rust_type) = setters.iter().find(|(setter, _)| *setter == snake)?;
                Some(Setter {
                    name,
                    setter: setter.clone(),
                    rust_type: rust_type.clone(),
                })
            })
            .collect();
        calls.push(Call {
            id: id.clone(),
            pointer,
            method,
            setters,
            body,
        });
    }
    (calls, skipped)
}

/// The names of an operation's parameters and its path item's (references followed).
fn parameter_names(raw: &Value, operation: &str) -> Vec<String> {
    let item = operation.rsplit_once('/').map_or("", |(item, _)| item);
    [format!("{item}/parameters"), format!("{operation}/parameters")]
        .iter()
        .filter_map(|at| raw.pointer(at).and_then(Value::as_array))
        .flatten()
        .filter_map(|parameter| {
            let (parameter, _) = crate::document::resolve(raw, parameter);
            parameter.get("name").and_then(Value::as_str).map(str::to_owned)
        })
        .collect()
}

/// Each setter of the builder `Client::name` returns, other than `body`: its name and its `TryInto` type; and the
/// `body` setter's type.
#[allow(clippy::type_complexity)]
fn builder_setters(file: &syn::File, name: &str) -> Result<(Vec<(String, String)>, Option<String>), String> {
    let builder = builder_of(file, name)?;
    let mut setters = Vec::new();
    let mut body = None;
    for sig in builder_methods(module(file, "builder")?, &builder) {
        let Some(target) = try_into_target(&sig.generics) else {
            continue;
        };
        match sig.ident.to_string().as_str() {
            "body" => body = Some(type_text(&target)),
            "send" | "body_map" | "new" => {}
            setter => setters.push((setter.to_owned(), type_text(&target))),
        }
    }
    Ok((setters, body))
}
