//! What to round-trip: each generated operation's documented success body and request body, and each
//! discriminated subtype, with where the document shows it and the Rust type the generated code decodes it into.
//!
//! The places come from the document as written (the media type the preparation kept for the operation); the
//! types come from the generated syntax tree — the builder's `send` and `body` — so nothing re-derives a name
//! progenitor or typify chose, except a component schema's type, which is looked up in the tree and skipped (named)
//! when it is not there.

use serde::Serialize;
use serde_json::Value;

use crate::codegen::Generated;
use crate::document::{escape, physical};
use crate::media_types::generated_name;
use crate::paging::{builder_methods, builder_of, module, response_types};

/// Which way a body travels: what a documentation page shows differs (no `readOnly` fields in a request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Request,
    Response,
}

/// One body to sample and round-trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `listGroups/response`, `createGroup/request`, `subtype/CloudProviderContainer/AWSCloudProviderContainer`.
    pub key: String,
    /// Where the document shows it: a media type object (`kind` media) or a subtype's schema (`kind` schema).
    pub pointer: String,
    pub kind: Kind,
    pub direction: Direction,
    /// The Rust type it decodes into, as written in the generated code (`types::GroupView`).
    pub rust_type: String,
    /// For a subtype: the variant of the base's enum it must decode as, and the discriminator value it carries.
    pub subtype: Option<Subtype>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Media,
    Schema,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subtype {
    /// The base's schema: the sample is a value of the base, so it is validated against it (the base's own
    /// properties as well as the subtype's).
    pub base_pointer: String,
    pub variant: String,
    pub property: String,
    pub value: String,
}

/// The targets, and what could not be made a target, with why.
#[derive(Debug, Default)]
pub struct Targets {
    pub targets: Vec<Target>,
    pub skipped: Vec<(String, String)>,
}

/// Every body of the operations `generated` holds, and every discriminated subtype whose base it generated.
pub fn find(raw: &Value, generated: &Generated) -> Targets {
    let mut found = Targets::default();
    let operations = operation_pointers(raw);
    for media in &generated.media {
        let id = &media.operation_id;
        let Some(pointer) = operations.iter().find(|(op_id, _)| op_id == id).map(|(_, p)| p) else {
            found.skipped.push((id.clone(), "not found in the document".into()));
            continue;
        };
        let (response_type, body_type) = match rust_types(&generated.syntax, id) {
            Ok(types) => types,
            Err(why) => {
                found.skipped.push((id.clone(), why));
                continue;
            }
        };
        if let (Some(accept), Some(rust_type)) = (&media.accept, response_type)
            && let Some(at) = success_media(raw, pointer, accept)
        {
            found.targets.push(Target {
                key: format!("{id}/response"),
                pointer: at,
                kind: Kind::Media,
                direction: Direction::Response,
                rust_type,
                subtype: None,
            });
        }
        if let (Some(content_type), Some(rust_type)) = (&media.content_type, body_type)
            && let Some(at) = physical(raw, &format!("{pointer}/requestBody/content/{}", escape(content_type)))
        {
            found.targets.push(Target {
                key: format!("{id}/request"),
                pointer: at,
                kind: Kind::Media,
                direction: Direction::Request,
                rust_type,
                subtype: None,
            });
        }
    }
    subtypes(raw, &generated.syntax, &mut found);
    found
}

/// `(operationId, pointer)` of every operation of the document as written.
pub(super) fn operation_pointers(raw: &Value) -> Vec<(String, String)> {
    crate::prepare::operations(raw)
        .into_iter()
        .filter_map(|(pointer, op)| Some((op.get("operationId")?.as_str()?.to_owned(), pointer)))
        .collect()
}

/// The first 2xx response (by status) that shows `accept` with a schema: the physical pointer of its media type.
fn success_media(raw: &Value, operation: &str, accept: &str) -> Option<String> {
    let responses = raw.pointer(&format!("{operation}/responses"))?.as_object()?;
    let mut statuses: Vec<&String> = responses.keys().filter(|s| s.starts_with('2')).collect();
    statuses.sort();
    statuses.into_iter().find_map(|status| {
        let at = physical(
            raw,
            &format!("{operation}/responses/{status}/content/{}", escape(accept)),
        )?;
        raw.pointer(&at)?.get("schema").map(|_| at)
    })
}

/// The success body type of operation `id`'s `send` (none for `()` and byte streams) and its `body` setter's type.
fn rust_types(file: &syn::File, id: &str) -> Result<(Option<String>, Option<String>), String> {
    let name = generated_name(id);
    let builder = builder_of(file, &name)?;
    let methods = builder_methods(module(file, "builder")?, &builder);
    let send = methods
        .iter()
        .find(|m| m.ident == "send")
        .ok_or_else(|| format!("`builder::{builder}` has no `send`"))?;
    let (_, ok, _) = response_types(&send.output).ok_or_else(|| format!("`builder::{builder}::send`'s type"))?;
    let response = Some(type_text(ok)).filter(|t| t != "()" && !t.ends_with("ByteStream"));
    let body = methods
        .iter()
        .find(|m| m.ident == "body")
        .and_then(|m| try_into_target(&m.generics))
        .map(|ty| type_text(&ty));
    Ok((response, body))
}

/// `T` of a setter's `V: TryInto<T>` bound.
pub(super) fn try_into_target(generics: &syn::Generics) -> Option<syn::Type> {
    let bounds = generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .filter_map(|p| match p {
            syn::WherePredicate::Type(t) => Some(&t.bounds),
            _ => None,
        });
    let from_params = generics.type_params().map(|p| &p.bounds);
    bounds.chain(from_params).flatten().find_map(|bound| {
        let syn::TypeParamBound::Trait(t) = bound else {
            return None;
        };
        let last = t.path.segments.last().filter(|s| s.ident == "TryInto")?;
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty.clone()),
            _ => None,
        })
    })
}

pub(super) fn type_text(ty: &syn::Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string().replace(' ', "")
}

/// Each subtype listed by a base with a `discriminator`, when the base's generated type is an enum with a variant
/// per listed subtype: the subtype's schema, to decode into the base as that variant.
fn subtypes(raw: &Value, file: &syn::File, found: &mut Targets) {
    let Some(schemas) = raw.pointer("/components/schemas").and_then(Value::as_object) else {
        return;
    };
    let Ok(types) = module(file, "types") else { return };
    for (base, schema) in schemas {
        let (Some(discriminator), Some(choices)) = (
            schema.get("discriminator"),
            crate::prepare::discriminated_choices(schema),
        ) else {
            continue;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            continue;
        };
        let type_name = heck::ToUpperCamelCase::to_upper_camel_case(base.as_str());
        let Some(variants) = types.iter().find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == type_name => Some(&e.variants),
            _ => None,
        }) else {
            if types
                .iter()
                .any(|item| matches!(item, syn::Item::Struct(s) if s.ident == type_name))
            {
                found
                    .skipped
                    .push((format!("subtypes of {base}"), "its type is not an enum".into()));
            }
            continue;
        };
        if variants.len() != choices.len() {
            found.skipped.push((
                format!("subtypes of {base}"),
                format!("{} variants for {} subtypes", variants.len(), choices.len()),
            ));
            continue;
        }
        for (reference, variant) in choices.iter().zip(variants) {
            let reference = reference.as_str();
            let subtype = crate::document::unescape(reference.rsplit('/').next().unwrap_or_default());
            let value = discriminator
                .get("mapping")
                .and_then(Value::as_object)
                .and_then(|mapping| mapping.iter().find(|(_, target)| target.as_str() == Some(reference)))
                .map_or_else(|| subtype.clone(), |(value, _)| value.clone());
            found.targets.push(Target {
                key: format!("subtype/{base}/{subtype}"),
                pointer: format!("/components/schemas/{}", escape(&subtype)),
                kind: Kind::Schema,
                direction: Direction::Response,
                rust_type: format!("types::{type_name}"),
                subtype: Some(Subtype {
                    base_pointer: format!("/components/schemas/{}", escape(base)),
                    variant: variant.ident.to_string(),
                    property: property.to_owned(),
                    value,
                }),
            });
        }
    }
}
