//! Operations Atlas has sunset, made visible: a `#[deprecated]` note on the generated method, with the date and the
//! successor, so that calling one is a compiler warning rather than a 410 in production.
//!
//! The spec marks such an operation `deprecated: true`, with `x-sunset` (the date Atlas stopped serving it) and
//! `x-successor` (the operationId to use instead), both optional. progenitor ignores `deprecated`, so codegen adds
//! the attribute to the generated syntax tree itself.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::media_types::generated_name;

/// A deprecated operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub operation_id: String,
    /// `x-sunset`: the date Atlas stops (or stopped) serving it.
    pub sunset: Option<String>,
    /// `x-successor`: the operationId to use instead.
    pub successor: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{} at {pointer}: {message}", spec.display())]
pub struct LifecycleError {
    pub spec: PathBuf,
    pub pointer: String,
    pub message: String,
}

/// Every operation of `raw` (the spec as JSON) marked `deprecated: true`. A successor must name an operation of
/// the spec, and `x-sunset` must be a string.
pub fn deprecations(spec_path: &Path, raw: &Value) -> Result<Vec<Deprecation>, LifecycleError> {
    let operations: Vec<(String, &Value)> = raw
        .pointer("/paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(template, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(_, op)| op.get("operationId").is_some())
                .map(move |(method, op)| (format!("/paths/{}/{method}", crate::document::escape(template)), op))
        })
        .collect();
    let ids: Vec<&str> = operations
        .iter()
        .filter_map(|(_, op)| op["operationId"].as_str())
        .collect();
    let mut found = Vec::new();
    for (pointer, operation) in &operations {
        if operation.get("deprecated") != Some(&Value::Bool(true)) {
            continue;
        }
        let error = |field: &str, message: String| LifecycleError {
            spec: spec_path.to_owned(),
            pointer: format!("{pointer}/{field}"),
            message,
        };
        let text = |field: &str| match operation.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(error(field, format!("`{field}` must be a string, not {other}"))),
        };
        let sunset = text("x-sunset")?;
        let successor = text("x-successor")?;
        if let Some(successor) = &successor
            && !ids.contains(&successor.as_str())
        {
            return Err(error(
                "x-successor",
                format!("no operation has the operationId `{successor}`"),
            ));
        }
        found.push(Deprecation {
            operation_id: operation["operationId"].as_str().unwrap_or_default().to_owned(),
            sunset,
            successor,
        });
    }
    Ok(found)
}

/// The note of the `#[deprecated]` attribute.
pub fn note(deprecation: &Deprecation) -> String {
    let mut note = match &deprecation.sunset {
        Some(date) => format!("Atlas sunset this operation on {date} (it answers 410 Gone after that date)"),
        None => "this operation is deprecated".to_owned(),
    };
    if let Some(successor) = &deprecation.successor {
        note.push_str(&format!("; use `{}` instead", generated_name(successor)));
    }
    note
}

/// Add `#[deprecated(note = ..)]` to the generated `Client` method of each deprecated operation; `Err` names the
/// operation whose method is not there.
pub fn mark_deprecated(file: &mut syn::File, deprecations: &[Deprecation]) -> Result<(), String> {
    for deprecation in deprecations {
        let name = generated_name(&deprecation.operation_id);
        let method = file
            .items
            .iter_mut()
            .filter_map(|item| match item {
                syn::Item::Impl(block) if is_client(&block.self_ty) && block.trait_.is_none() => Some(block),
                _ => None,
            })
            .flat_map(|block| block.items.iter_mut())
            .find_map(|item| match item {
                syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
                _ => None,
            })
            .ok_or_else(|| {
                format!(
                    "no method `Client::{name}` for deprecated operation `{}`",
                    deprecation.operation_id
                )
            })?;
        let note = note(deprecation);
        method.attrs.push(syn::parse_quote!(#[deprecated(note = #note)]));
    }
    Ok(())
}

fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deprecations_are_read_and_successors_checked() {
        let raw = json!({"paths": {
            "/old": {"get": {"operationId": "listOld", "deprecated": true, "x-sunset": "2026-01-22", "x-successor": "listNew"}},
            "/new": {"get": {"operationId": "listNew"}}
        }});
        let found = deprecations(Path::new("s.yaml"), &raw).unwrap();
        assert_eq!(
            found,
            [Deprecation {
                operation_id: "listOld".into(),
                sunset: Some("2026-01-22".into()),
                successor: Some("listNew".into())
            }]
        );
        assert_eq!(
            note(&found[0]),
            "Atlas sunset this operation on 2026-01-22 (it answers 410 Gone after that date); use `list_new` instead"
        );

        let raw =
            json!({"paths": {"/old": {"get": {"operationId": "listOld", "deprecated": true, "x-successor": "gone"}}}});
        let err = deprecations(Path::new("s.yaml"), &raw).unwrap_err().to_string();
        assert_eq!(
            err,
            "s.yaml at /paths/~1old/get/x-successor: no operation has the operationId `gone`"
        );
    }

    #[test]
    fn the_generated_method_gets_the_attribute() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client { pub fn list_old(&self) {} pub fn list_new(&self) {} }
        };
        let deprecation = Deprecation {
            operation_id: "listOld".into(),
            sunset: None,
            successor: None,
        };
        mark_deprecated(&mut file, std::slice::from_ref(&deprecation)).unwrap();
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("#[deprecated(note = \"this operation is deprecated\")]\n    pub fn list_old"),
            "{text}"
        );
        let missing = Deprecation {
            operation_id: "listGone".into(),
            ..deprecation
        };
        assert!(
            mark_deprecated(&mut file, &[missing])
                .unwrap_err()
                .contains("Client::list_gone")
        );
    }
}
