//! Atlas' list operations made pageable, from the spec: no code is written per list.
//!
//! An operation has Atlas' list shape when it takes `pageNum` and `itemsPerPage` query parameters and answers
//! with an object holding `results` (and maybe `totalCount` and `links`). For each one, codegen implements the
//! client crate's `page_shape::ListRequest` for the generated builder and `page_shape::AtlasPage` for the page
//! type, beside them in the generated code; the walk in `generated-client/src/pages.rs` does the rest.
//!
//! The spec says which operations are lists and where their fields are ([`lists`]); the generated code says what
//! progenitor named them ([`add_paging`]), so no Rust name is re-derived here: the builder is the type the
//! `Client` method returns, the page type is what its `send` returns, the item type is the `results` field's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quote::{format_ident, quote};
use serde_json::Value;

use crate::document::{escape, local_pointer, operations_of};
use crate::media_types::{generated_name, is_json};

/// One list operation of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOperation {
    pub operation_id: String,
    /// It also takes `includeCount`.
    pub include_count: bool,
    /// Its page has `totalCount` / `links`.
    pub total_count: bool,
    pub links: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("{} at {pointer}: {message}", spec.display())]
pub struct PagingError {
    pub spec: PathBuf,
    pub pointer: String,
    pub message: String,
}

/// Every operation of `raw` (the spec as JSON) with Atlas' list shape. One that takes `pageNum` and
/// `itemsPerPage` and answers with `results` that are not an array is an error: it looks like a list, and
/// paging it would go wrong.
pub fn lists(spec_path: &Path, raw: &Value) -> Result<Vec<ListOperation>, PagingError> {
    let mut found = Vec::new();
    let paths = raw.get("paths").and_then(Value::as_object);
    for (template, item) in paths.into_iter().flatten() {
        for (method, operation) in operations_of(item) {
            let Some(operation_id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let queries = query_parameters(raw, item, operation);
            if !(queries.contains("pageNum") && queries.contains("itemsPerPage")) {
                continue;
            }
            let pointer = format!("/paths/{}/{method}", escape(template));
            let Some((page_at, page)) = success_schema(raw, &pointer, operation) else {
                continue;
            };
            let Some((results_at, results)) = property(raw, &page_at, page, "results") else {
                continue;
            };
            if results.get("type").and_then(Value::as_str) != Some("array") {
                return Err(PagingError {
                    spec: spec_path.to_owned(),
                    pointer: results_at,
                    message: format!(
                        "operation `{operation_id}` takes pageNum and itemsPerPage like an Atlas list, but its page's \
                         `results` is not an array (`type: array`), so it cannot be paged"
                    ),
                });
            }
            found.push(ListOperation {
                operation_id: operation_id.to_owned(),
                include_count: queries.contains("includeCount"),
                total_count: property(raw, &page_at, page, "totalCount").is_some(),
                links: property(raw, &page_at, page, "links").is_some(),
            });
        }
    }
    Ok(found)
}

/// The names of the query parameters of `operation`, its path item's included.
fn query_parameters(raw: &Value, item: &Value, operation: &Value) -> BTreeSet<String> {
    [item, operation]
        .into_iter()
        .filter_map(|holder| holder.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|parameter| follow(raw, "", parameter).1)
        .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|parameter| parameter.get("name").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// The schema of the operation's first success response with a JSON body, and where it is.
fn success_schema<'a>(raw: &'a Value, pointer: &str, operation: &'a Value) -> Option<(String, &'a Value)> {
    let responses = operation.get("responses")?.as_object()?;
    let (status, response) = responses.iter().find(|(status, _)| status.starts_with('2'))?;
    let (at, response) = follow(raw, &format!("{pointer}/responses/{status}"), response);
    let content = response.get("content")?.as_object()?;
    let (media, body) = content.iter().find(|(media, _)| is_json(media))?;
    let schema = body.get("schema")?;
    Some(follow(raw, &format!("{at}/content/{}/schema", escape(media)), schema))
}

/// Property `name` of an object schema (or of one of its `allOf` members), resolved, and where it is.
fn property<'a>(raw: &'a Value, at: &str, schema: &'a Value, name: &str) -> Option<(String, &'a Value)> {
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(follow(raw, &format!("{at}/properties/{}", escape(name)), found));
    }
    let members = schema.get("allOf").and_then(Value::as_array)?;
    members.iter().enumerate().find_map(|(i, member)| {
        let (member_at, member) = follow(raw, &format!("{at}/allOf/{i}"), member);
        property(raw, &member_at, member, name)
    })
}

/// `value` with its local `$ref`s followed (a few at most), and the pointer of what it finally is.
fn follow<'a>(raw: &'a Value, at: &str, mut value: &'a Value) -> (String, &'a Value) {
    let mut at = at.to_owned();
    for _ in 0..8 {
        let Some(target) = value.get("$ref").and_then(Value::as_str).and_then(local_pointer) else {
            break;
        };
        let Some(found) = crate::document::node_at(raw, target) else {
            break;
        };
        at = target.to_owned();
        value = found;
    }
    (at, value)
}

/// Implement `ListRequest` for the builder and `AtlasPage` for the page type of each list operation, inside the
/// generated `builder` and `types` modules. `Err` says what the generated code lacks.
pub fn add_paging(file: &mut syn::File, lists: &[ListOperation]) -> Result<(), String> {
    let mut builder_impls = Vec::new();
    let mut page_impls = Vec::new();
    let mut pages_done = BTreeSet::new();
    for list in lists {
        let name = generated_name(&list.operation_id);
        let builder = builder_of(file, &name)?;
        let builder_mod = module(file, "builder")?;
        let (generics, send) = builder_parts(builder_mod, &builder, &name)?;
        let (send_type, page, error_body) = response_types(&send.output).ok_or_else(|| {
            format!("`{builder}::send` of `{name}` does not return Result<ResponseValue<_>, Error<_>>")
        })?;
        let page_name = last_ident(page).ok_or_else(|| format!("the page type of `{name}` is not a named type"))?;
        let include_count = list.include_count.then(|| {
            quote! { match include_count { Some(include) => request.include_count(include), None => request } }
        });
        let include_count = include_count.unwrap_or_else(|| quote! { let _ = include_count; request });
        let (_, type_generics, where_clause) = generics.split_for_impl();
        let impl_generics = &generics.params;
        builder_impls.push(quote! {
            impl<#impl_generics> crate::page_shape::ListRequest for #builder #type_generics #where_clause {
                const OPERATION: &'static str = #name;
                type Page = #page;
                type ErrorBody = #error_body;
                fn for_page(self, page_num: u32, items_per_page: u32, include_count: Option<bool>) -> Self {
                    let request = self
                        .page_num(crate::page_shape::PageParam(page_num))
                        .items_per_page(crate::page_shape::PageParam(items_per_page));
                    #include_count
                }
                fn send_page(self) -> impl ::std::future::Future<Output = #send_type> + Send {
                    self.send()
                }
            }
        });
        if pages_done.insert(page_name.to_string()) {
            let types_mod = module(file, "types")?;
            page_impls.push(page_impl(types_mod, &page_name, list, &name)?);
        }
    }
    push_items(file, "builder", builder_impls)?;
    push_items(file, "types", page_impls)?;
    Ok(())
}

/// `AtlasPage` for page type `page`, read from its generated struct.
fn page_impl(
    types_mod: &[syn::Item],
    page: &syn::Ident,
    list: &ListOperation,
    operation: &str,
) -> Result<proc_macro2::TokenStream, String> {
    let fields = types_mod
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == *page => Some(&s.fields),
            _ => None,
        })
        .ok_or_else(|| format!("no struct `types::{page}` for the page of `{operation}`"))?;
    let field = |json_name: &str| {
        fields
            .iter()
            .find(|f| serde_name(f).as_deref() == Some(json_name))
            .ok_or_else(|| format!("`types::{page}` has no field for `{json_name}`"))
    };
    let results = field("results")?;
    let results_ident = &results.ident;
    // `results` as typify writes it: a `Vec`, an `Option<Vec>` (optional and kept when empty: `prepare/wire.rs`),
    // or a newtype over a `Vec` (a named array schema).
    let optional_vec = option_inner(&results.ty).and_then(vec_item);
    let (item, borrowed, owned) = match (vec_item(&results.ty), optional_vec) {
        (Some(item), _) => (
            item.clone(),
            quote! { &self.#results_ident },
            quote! { self.#results_ident },
        ),
        (None, Some(item)) => (
            item.clone(),
            quote! { self.#results_ident.as_deref().unwrap_or_default() },
            quote! { self.#results_ident.unwrap_or_default() },
        ),
        (None, None) => {
            let newtype = last_ident(&results.ty)
                .and_then(|name| newtype_vec_item(types_mod, &name))
                .ok_or_else(|| format!("`types::{page}`'s `results` is neither a Vec nor a named list type"))?;
            (
                newtype,
                quote! { &self.#results_ident },
                quote! { self.#results_ident.0 },
            )
        }
    };
    let total_count = match list.total_count {
        true => {
            let ident = &field("totalCount")?.ident;
            quote! { crate::page_shape::count(&self.#ident) }
        }
        false => quote! { None },
    };
    let has_next_link = match list.links {
        true => {
            let ident = &field("links")?.ident;
            quote! { crate::page_shape::has_link(&self.#ident, "next") }
        }
        false => quote! { None },
    };
    Ok(quote! {
        impl crate::page_shape::AtlasPage for #page {
            type Item = #item;
            fn results(&self) -> &[Self::Item] {
                #borrowed
            }
            fn into_results(self) -> ::std::vec::Vec<Self::Item> {
                #owned
            }
            fn total_count(&self) -> ::std::option::Option<u64> {
                #total_count
            }
            fn has_next_link(&self) -> ::std::option::Option<bool> {
                #has_next_link
            }
        }
    })
}

/// The name of the builder type the `Client` method `name` returns.
pub(crate) fn builder_of(file: &syn::File, name: &str) -> Result<syn::Ident, String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() && is_named(&block.self_ty, "Client") => Some(block),
            _ => None,
        })
        .flat_map(|block| &block.items)
        .find_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == name => match &f.sig.output {
                syn::ReturnType::Type(_, ty) => last_ident(ty),
                syn::ReturnType::Default => None,
            },
            _ => None,
        })
        .ok_or_else(|| format!("no method `Client::{name}` returning a builder"))
}

/// The signatures of the methods of `builder` (its own, not trait impls') in the generated `builder` module.
pub(crate) fn builder_methods<'f>(builder_mod: &'f [syn::Item], builder: &syn::Ident) -> Vec<&'f syn::Signature> {
    builder_mod
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() && is_named(&block.self_ty, &builder.to_string()) => {
                Some(block)
            }
            _ => None,
        })
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(&f.sig),
            _ => None,
        })
        .collect()
}

/// The builder struct's generics and its `send` method; checks the setters the paging calls.
fn builder_parts<'f>(
    builder_mod: &'f [syn::Item],
    builder: &syn::Ident,
    name: &str,
) -> Result<(&'f syn::Generics, &'f syn::Signature), String> {
    let generics = builder_mod
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == *builder => Some(&s.generics),
            _ => None,
        })
        .ok_or_else(|| format!("no struct `builder::{builder}` for `{name}`"))?;
    let methods = builder_methods(builder_mod, builder);
    for setter in ["page_num", "items_per_page"] {
        if !methods.iter().any(|m| m.ident == setter) {
            return Err(format!("`builder::{builder}` of `{name}` has no `{setter}` setter"));
        }
    }
    let send = methods
        .into_iter()
        .find(|m| m.ident == "send")
        .ok_or_else(|| format!("`builder::{builder}` of `{name}` has no `send`"))?;
    Ok((generics, send))
}

/// A `Result<ResponseValue<P>, Error<E>>` return type, with `P` and `E`.
pub(crate) fn response_types(output: &syn::ReturnType) -> Option<(&syn::Type, &syn::Type, &syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let [ok, err] = generic_args(ty)?[..] else {
        return None;
    };
    let [page] = generic_args(ok)?[..] else {
        return None;
    };
    let [error_body] = generic_args(err)?[..] else {
        return None;
    };
    Some((ty, page, error_body))
}

/// The type arguments of the last segment of a path type: `T` of `::std::vec::Vec<T>`.
pub(crate) fn generic_args(ty: &syn::Type) -> Option<Vec<&syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
    )
}

/// `T` when `ty` is `Vec<T>` (however the path is spelled).
fn vec_item(ty: &syn::Type) -> Option<&syn::Type> {
    if last_ident(ty)? != "Vec" {
        return None;
    }
    match generic_args(ty)?[..] {
        [item] => Some(item),
        _ => None,
    }
}

/// `T` of `Option<T>`.
pub(crate) fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    if last_ident(ty)? != "Option" {
        return None;
    }
    match generic_args(ty)?[..] {
        [inner] => Some(inner),
        _ => None,
    }
}

/// `T` when `types::name` is a newtype over `Vec<T>` (typify's type for a named array schema).
fn newtype_vec_item(types_mod: &[syn::Item], name: &syn::Ident) -> Option<syn::Type> {
    types_mod.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == *name => match &s.fields {
            syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => vec_item(&fields.unnamed[0].ty).cloned(),
            _ => None,
        },
        _ => None,
    })
}

/// The name a field has in JSON: its `#[serde(rename = "…")]`, else its identifier.
fn serde_name(field: &syn::Field) -> Option<String> {
    let mut renamed = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // Other serde keys (`default`, `skip_serializing_if = "…"`) are read past; only `rename` matters here.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    renamed.or_else(|| {
        let ident = field.ident.as_ref()?.to_string();
        Some(ident.strip_prefix("r#").map(str::to_owned).unwrap_or(ident))
    })
}

pub(crate) fn last_ident(ty: &syn::Type) -> Option<syn::Ident> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.clone()),
        _ => None,
    }
}

pub(crate) fn is_named(ty: &syn::Type, name: &str) -> bool {
    last_ident(ty).is_some_and(|ident| ident == name)
}

/// The items of the generated top-level module `name`.
pub(crate) fn module<'f>(file: &'f syn::File, name: &str) -> Result<&'f [syn::Item], String> {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.as_slice()),
            _ => None,
        })
        .ok_or_else(|| format!("the generated code has no module `{name}`"))
}

fn push_items(file: &mut syn::File, name: &str, impls: Vec<proc_macro2::TokenStream>) -> Result<(), String> {
    if impls.is_empty() {
        return Ok(());
    }
    let ident = format_ident!("{name}");
    let items = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == ident => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| format!("the generated code has no module `{name}`"))?;
    for tokens in impls {
        items.push(syn::parse2(tokens).map_err(|e| format!("paging code for module `{name}`: {e}"))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(results: Value) -> Value {
        json!({
            "paths": {"/things": {
                "parameters": [{"$ref": "#/components/parameters/pageNum"}],
                "get": {
                    "operationId": "listThings",
                    "parameters": [{"name": "itemsPerPage", "in": "query"}, {"name": "includeCount", "in": "query"}],
                    "responses": {"200": {"content": {"application/vnd.atlas.2024-11-13+json": {
                        "schema": {"$ref": "#/components/schemas/PaginatedThings"}
                    }}}}
                }
            }},
            "components": {
                "parameters": {"pageNum": {"name": "pageNum", "in": "query"}},
                "schemas": {"PaginatedThings": {"type": "object", "allOf": [
                    {"type": "object", "properties": {"totalCount": {"type": "integer"}}},
                    {"type": "object", "properties": {"results": results}}
                ]}}
            }
        })
    }

    #[test]
    fn a_list_is_found_through_references_and_all_of() {
        let found = lists(Path::new("s.yaml"), &spec(json!({"type": "array", "items": {}}))).unwrap();
        assert_eq!(
            found,
            [ListOperation {
                operation_id: "listThings".into(),
                include_count: true,
                total_count: true,
                links: false,
            }]
        );
    }

    #[test]
    fn results_that_are_not_an_array_are_a_located_error() {
        let err = lists(Path::new("s.yaml"), &spec(json!({"type": "object"}))).unwrap_err();
        assert_eq!(
            err.pointer,
            "/components/schemas/PaginatedThings/allOf/1/properties/results"
        );
        assert!(err.to_string().starts_with("s.yaml at /components/schemas/"), "{err}");
        assert!(err.message.contains("`listThings`"), "{err}");
    }

    #[test]
    fn without_both_paging_parameters_it_is_no_list() {
        let mut raw = spec(json!({"type": "object"}));
        raw["paths"]["/things"]["parameters"] = json!([]);
        assert_eq!(lists(Path::new("s.yaml"), &raw).unwrap(), []);
    }

    #[test]
    fn the_field_names_in_json_are_read_from_serde_attributes() {
        let item: syn::ItemStruct = syn::parse_quote! {
            struct Page {
                #[serde(rename = "totalCount", skip_serializing_if = "Option::is_none")]
                pub total_count: Option<i32>,
                #[serde(default)]
                pub results: Vec<Thing>,
                pub r#type: String,
            }
        };
        let names: Vec<_> = item.fields.iter().map(serde_name).collect();
        assert_eq!(
            names,
            [Some("totalCount".into()), Some("results".into()), Some("type".into())]
        );
    }

    #[test]
    fn a_missing_builder_is_named() {
        let mut file: syn::File = syn::parse_quote! { impl Client {} pub mod builder {} pub mod types {} };
        let list = ListOperation {
            operation_id: "listThings".into(),
            include_count: false,
            total_count: false,
            links: false,
        };
        assert_eq!(
            add_paging(&mut file, &[list]).unwrap_err(),
            "no method `Client::list_things` returning a builder"
        );
    }
}
