//! The public Rust API of generated code, flattened into named items with signatures, and its comparison.
//!
//! Read with syn from the code `codegen` produces, so it sees exactly what a caller of `generated-client` sees:
//! types, their public fields and variants, derived traits, trait impls, and the client's and builders' methods.

use std::collections::BTreeMap;

use quote::ToTokens;
use serde::Serialize;

/// One public item: `types::Job::id` → `field: Option<String> (json "id")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub signature: String,
    /// For fields: the JSON property they carry (serde `rename`, else the field name).
    pub json_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Struct,
    Enum,
    Field,
    Variant,
    Method,
    Impl,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Method => "method",
            Kind::Impl => "impl",
        }
    }
}

/// The public API by item path.
pub type Api = BTreeMap<String, Item>;

/// Read the public API of one generated file.
pub fn public_api(code: &str) -> Result<Api, syn::Error> {
    Ok(public_api_of(&syn::parse_file(code)?))
}

/// [`public_api`] of code already parsed.
pub fn public_api_of(file: &syn::File) -> Api {
    let mut api = Api::new();
    collect(&file.items, "", &mut api);
    api
}

fn collect(items: &[syn::Item], prefix: &str, api: &mut Api) {
    for item in items {
        match item {
            syn::Item::Mod(module) if is_pub(&module.vis) => {
                if let Some((_, inner)) = &module.content {
                    collect(inner, &format!("{prefix}{}::", module.ident), api);
                }
            }
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = format!("{prefix}{}", s.ident);
                let mut shape = String::new();
                match &s.fields {
                    syn::Fields::Named(named) => {
                        for field in &named.named {
                            let Some(ident) = &field.ident else { continue };
                            if !is_pub(&field.vis) {
                                shape = " {..}".to_owned(); // private fields: callers cannot build it by hand
                                continue;
                            }
                            let json = serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
                            api.insert(
                                format!("{path}::{ident}"),
                                Item {
                                    kind: Kind::Field,
                                    signature: render(&field.ty),
                                    json_name: Some(json),
                                },
                            );
                        }
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        let fields: Vec<String> = unnamed
                            .unnamed
                            .iter()
                            .map(|f| if is_pub(&f.vis) { render(&f.ty) } else { "_".to_owned() })
                            .collect();
                        shape = format!("({})", fields.join(", "));
                    }
                    syn::Fields::Unit => {}
                }
                let signature = type_signature("struct", &s.ident, &s.generics, &shape, &s.attrs);
                insert(api, path, Kind::Struct, signature);
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = format!("{prefix}{}", e.ident);
                for variant in &e.variants {
                    let fields = match &variant.fields {
                        syn::Fields::Unit => String::new(),
                        fields => render(fields),
                    };
                    let json = serde_rename(&variant.attrs)
                        .map(|r| format!(" (json \"{r}\")"))
                        .unwrap_or_default();
                    insert(
                        api,
                        format!("{path}::{}", variant.ident),
                        Kind::Variant,
                        format!("{}{fields}{json}", variant.ident),
                    );
                }
                let signature = type_signature("enum", &e.ident, &e.generics, "", &e.attrs);
                insert(api, path, Kind::Enum, signature);
            }
            syn::Item::Impl(block) => {
                let self_ty = render(&block.self_ty);
                let owner = format!("{prefix}{}", self_ty.split('<').next().unwrap_or(&self_ty));
                match &block.trait_ {
                    Some((trait_path, _)) => {
                        let signature = format!("impl{} {} for {self_ty}", render(&block.generics), render(trait_path));
                        insert(api, format!("{prefix}{signature}"), Kind::Impl, signature);
                    }
                    None => {
                        for impl_item in &block.items {
                            if let syn::ImplItem::Fn(f) = impl_item
                                && is_pub(&f.vis)
                            {
                                let path = format!("{owner}::{}", f.sig.ident);
                                insert(api, path, Kind::Method, render(&f.sig));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `struct Job<'a> {..} [Clone, Debug] #[non_exhaustive]`: what callers can rely on about a type.
fn type_signature(
    keyword: &str,
    ident: &syn::Ident,
    generics: &syn::Generics,
    shape: &str,
    attrs: &[syn::Attribute],
) -> String {
    let non_exhaustive = if has_attr(attrs, "non_exhaustive") {
        " #[non_exhaustive]"
    } else {
        ""
    };
    format!(
        "{keyword} {ident}{}{shape}{}{non_exhaustive}",
        render(generics),
        derives(attrs)
    )
}

fn insert(api: &mut Api, path: String, kind: Kind, signature: String) {
    api.insert(
        path,
        Item {
            kind,
            signature,
            json_name: None,
        },
    );
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// ` [Clone, Debug, …]`: derived traits are API (removing `Default` breaks callers).
fn derives(attrs: &[syn::Attribute]) -> String {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            names.push(render(&meta.path).trim_start_matches("::").to_owned());
            Ok(())
        });
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(" [{}]", names.join(", "))
    }
}

/// The `rename = "…"` of a `#[serde(...)]` attribute.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// Tokens as a compact, readable signature: `::std::option::Option < bool >` → `Option<bool>`.
fn render(tokens: &impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" : ", ": "),
        (": :: ", ": ::"),
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        ("' ", "'"),
        ("# ", "#"),
        (" <", "<"),
        (" ;", ";"),
        (",)", ")"),
        // A trailing comma in generic arguments, as progenitor's tokens have and prettyplease drops.
        (",>", ">"),
    ] {
        text = text.replace(from, to);
    }
    if let Some(trimmed) = text.strip_suffix(',') {
        text = trimmed.to_owned();
    }
    for prefix in [
        "::std::option::",
        "::std::vec::",
        "::std::string::",
        "::std::num::",
        "::std::collections::",
        "::std::convert::",
        "::std::borrow::",
        "::std::",
        "std::convert::",
        "::chrono::offset::",
        "::chrono::",
        "::serde_json::",
        "::reqwest::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

/// How an item differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    pub change: ChangeKind,
    pub kind: Kind,
    pub item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Whether callers can break: removed or changed items, and additions that break exhaustive code.
    pub breaking: bool,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Removed,
    Changed,
    Added,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
        }
    }
}

/// Compare two public APIs. Semver rules for additions follow the Rust API guidelines: a new public field in a
/// struct whose fields are all public breaks struct literals, and a new variant breaks exhaustive matches, unless
/// the type is `#[non_exhaustive]`.
pub fn compare(old: &Api, new: &Api) -> Vec<RustChange> {
    let mut changes = Vec::new();
    for (path, before) in old {
        match new.get(path) {
            None => changes.push(RustChange {
                change: ChangeKind::Removed,
                kind: before.kind,
                item: path.clone(),
                old: Some(before.signature.clone()),
                new: None,
                breaking: true,
                why: "callers using it no longer compile".into(),
            }),
            Some(after) if after.signature != before.signature => changes.push(RustChange {
                change: ChangeKind::Changed,
                kind: after.kind,
                item: path.clone(),
                old: Some(before.signature.clone()),
                new: Some(after.signature.clone()),
                breaking: true,
                why: "its signature changed".into(),
            }),
            Some(_) => {}
        }
    }
    for (path, after) in new {
        if old.contains_key(path) {
            continue;
        }
        let owner = path.rsplit_once("::").map(|(owner, _)| owner).unwrap_or_default();
        let owner_existed = old.contains_key(owner);
        let exhaustive = new
            .get(owner)
            .is_some_and(|o| !o.signature.contains("#[non_exhaustive]") && !o.signature.contains("{..}"));
        let (breaking, why) = match after.kind {
            Kind::Field if owner_existed && exhaustive => (true, "struct literals of the type no longer compile"),
            Kind::Variant if owner_existed && exhaustive => (true, "exhaustive matches on the enum no longer compile"),
            _ => (false, "new API"),
        };
        changes.push(RustChange {
            change: ChangeKind::Added,
            kind: after.kind,
            item: path.clone(),
            old: None,
            new: Some(after.signature.clone()),
            breaking,
            why: why.into(),
        });
    }
    changes.sort_by(|a, b| (a.change, &a.item).cmp(&(b.change, &b.item)));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = r#"
        pub mod types {
            #[derive(Clone, Debug, ::serde::Deserialize)]
            pub struct Job {
                #[serde(rename = "deliveryType", skip_serializing_if = "Option::is_none")]
                pub delivery_type: ::std::option::Option<::std::string::String>,
                pub id: String,
            }
            pub enum Kind { Small, #[serde(rename = "large")] Large }
            pub(crate) struct Hidden;
            impl ::std::convert::From<&Job> for Job { fn from(v: &Job) -> Self { v.clone() } }
        }
        pub struct Client { pub(crate) baseurl: String }
        impl Client { pub fn list(&self) -> u32 { 0 } fn private(&self) {} }
    "#;

    #[test]
    fn public_items_are_listed_with_signatures() {
        let api = public_api(CODE).unwrap();
        let field = &api["types::Job::delivery_type"];
        assert_eq!(field.signature, "Option<String>");
        assert_eq!(field.json_name.as_deref(), Some("deliveryType"));
        assert_eq!(
            api["types::Job"].signature,
            "struct Job [Clone, Debug, serde::Deserialize]"
        );
        assert_eq!(api["types::Kind::Large"].signature, "Large (json \"large\")");
        assert_eq!(api["Client::list"].signature, "fn list(&self) -> u32");
        assert_eq!(api["Client"].signature, "struct Client {..}");
        assert!(
            api.contains_key("types::impl From<&Job> for Job"),
            "{:?}",
            api.keys().collect::<Vec<_>>()
        );
        assert!(!api.contains_key("types::Hidden") && !api.contains_key("Client::private"));
    }

    #[test]
    fn additions_break_exhaustive_types_only() {
        let old = public_api("pub struct A { pub x: u8 } pub enum E { X } #[non_exhaustive] pub enum N { X }").unwrap();
        let new = public_api("pub struct A { pub x: u8, pub y: u8 } pub enum E { X, Y } #[non_exhaustive] pub enum N { X, Y } pub struct B;").unwrap();
        let changes = compare(&old, &new);
        let breaking: Vec<(&str, bool)> = changes.iter().map(|c| (c.item.as_str(), c.breaking)).collect();
        assert_eq!(
            breaking,
            [("A::y", true), ("B", false), ("E::Y", true), ("N::Y", false)]
        );
    }
}
