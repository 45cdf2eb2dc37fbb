//! Reading the public API from generated code with syn.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use super::{Api, Item, ItemPath, Kind};

/// Read the public API of one generated file.
pub fn public_api(code: &str) -> Result<Api, syn::Error> {
    Ok(public_api_of(&syn::parse_file(code)?))
}

/// [`public_api`] of code already parsed.
pub fn public_api_of(file: &syn::File) -> Api {
    let mut api = Api::new();
    collect(&file.items, &[], &mut api, &mut Rendered::default());
    api
}

/// An item about to be inserted: what every kind has, the rest filled in by the kinds that have it.
fn item(kind: Kind, path: ItemPath, signature: String, named_types: BTreeSet<String>) -> Item {
    Item {
        kind,
        path,
        signature,
        json_name: None,
        named_types,
        impl_for: None,
        exhaustive: false,
    }
}

fn insert(api: &mut Api, item: Item) {
    api.insert(item.path.to_string(), item);
}

fn collect(items: &[syn::Item], module: &[String], api: &mut Api, rendered: &mut Rendered) {
    let at = |owner: Option<String>, name: String| ItemPath {
        module: module.to_vec(),
        owner,
        name,
    };
    for syn_item in items {
        match syn_item {
            syn::Item::Mod(inner) if is_pub(&inner.vis) => {
                if let Some((_, content)) = &inner.content {
                    let mut path = module.to_vec();
                    path.push(inner.ident.to_string());
                    collect(content, &path, api, rendered);
                }
            }
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                let mut names = type_names(&s.ident);
                names.extend(type_names(&s.generics));
                let mut shape = String::new();
                match &s.fields {
                    syn::Fields::Named(named) => {
                        for field in &named.named {
                            let Some(ident) = &field.ident else { continue };
                            if !is_pub(&field.vis) {
                                shape = " {..}".to_owned(); // private fields: callers cannot build it by hand
                                continue;
                            }
                            let (signature, names) = rendered.with_names(&field.ty);
                            let path = at(Some(name.clone()), ident.to_string());
                            let mut field_item = item(Kind::Field, path, signature, names);
                            field_item.json_name =
                                Some(serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string()));
                            insert(api, field_item);
                        }
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        let fields: Vec<String> = unnamed
                            .unnamed
                            .iter()
                            .map(|f| {
                                if is_pub(&f.vis) {
                                    names.extend(type_names(&f.ty));
                                    rendered.of(&f.ty)
                                } else {
                                    "_".to_owned()
                                }
                            })
                            .collect();
                        shape = format!("({})", fields.join(", "));
                    }
                    syn::Fields::Unit => {}
                }
                let derived = derives(&s.attrs);
                names.extend(derived.iter().flat_map(type_names));
                let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                let signature = type_signature(
                    rendered,
                    "struct",
                    &s.ident,
                    &s.generics,
                    &shape,
                    &derived,
                    non_exhaustive,
                );
                let mut struct_item = item(Kind::Struct, at(None, name), signature, names);
                struct_item.exhaustive = !non_exhaustive && shape != " {..}";
                insert(api, struct_item);
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let name = e.ident.to_string();
                for variant in &e.variants {
                    let fields = match &variant.fields {
                        syn::Fields::Unit => String::new(),
                        fields => rendered.of(fields),
                    };
                    let json = serde_rename(&variant.attrs)
                        .map(|r| format!(" (json \"{r}\")"))
                        .unwrap_or_default();
                    let mut names = type_names(&variant.ident);
                    names.extend(type_names(&variant.fields));
                    let signature = format!("{}{fields}{json}", variant.ident);
                    insert(
                        api,
                        item(
                            Kind::Variant,
                            at(Some(name.clone()), variant.ident.to_string()),
                            signature,
                            names,
                        ),
                    );
                }
                let mut names = type_names(&e.ident);
                names.extend(type_names(&e.generics));
                let derived = derives(&e.attrs);
                names.extend(derived.iter().flat_map(type_names));
                let non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                let signature = type_signature(rendered, "enum", &e.ident, &e.generics, "", &derived, non_exhaustive);
                let mut enum_item = item(Kind::Enum, at(None, name), signature, names);
                enum_item.exhaustive = !non_exhaustive;
                insert(api, enum_item);
            }
            syn::Item::Impl(block) => {
                let self_ty = rendered.of(&block.self_ty);
                let self_name = match &*block.self_ty {
                    syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
                    _ => None,
                };
                match &block.trait_ {
                    Some((trait_path, _)) => {
                        let signature = format!(
                            "impl{} {} for {self_ty}",
                            rendered.of(&block.generics),
                            rendered.of(trait_path)
                        );
                        let mut names = type_names(&block.generics);
                        names.extend(type_names(trait_path));
                        names.extend(type_names(&block.self_ty));
                        let mut impl_item = item(Kind::Impl, at(None, signature.clone()), signature, names);
                        impl_item.impl_for = self_name;
                        insert(api, impl_item);
                    }
                    None => {
                        let owner = self_name.unwrap_or(self_ty);
                        for impl_item in &block.items {
                            if let syn::ImplItem::Fn(f) = impl_item
                                && is_pub(&f.vis)
                            {
                                let path = at(Some(owner.clone()), f.sig.ident.to_string());
                                let (signature, names) = rendered.with_names(&f.sig);
                                insert(api, item(Kind::Method, path, signature, names));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The identifiers in some tokens that name types by Rust's convention, an upper-case first letter
/// (`Option<ThingKind>` → `Option`, `ThingKind`).
fn type_names(tokens: &impl ToTokens) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    walk_type_names(tokens.to_token_stream(), &mut names);
    names
}

fn walk_type_names(stream: TokenStream, names: &mut BTreeSet<String>) {
    for token in stream {
        match token {
            TokenTree::Ident(ident) => {
                let ident = ident.to_string();
                let ident = ident.strip_prefix("r#").unwrap_or(&ident);
                if ident.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names.insert(ident.to_owned());
                }
            }
            TokenTree::Group(group) => {
                // Dropped first, so that its tokens are moved out of the stream rather than copied.
                let inner = group.stream();
                drop(group);
                walk_type_names(inner, names)
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

/// `struct Job<'a> {..} [Clone, Debug] #[non_exhaustive]`: what callers can rely on about a type.
fn type_signature(
    rendered: &mut Rendered,
    keyword: &str,
    ident: &syn::Ident,
    generics: &syn::Generics,
    shape: &str,
    derived: &[syn::Path],
    non_exhaustive: bool,
) -> String {
    let derived = if derived.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = derived
            .iter()
            .map(|path| rendered.of(path).trim_start_matches("::").to_owned())
            .collect();
        format!(" [{}]", names.join(", "))
    };
    let non_exhaustive = if non_exhaustive { " #[non_exhaustive]" } else { "" };
    format!(
        "{keyword} {ident}{}{shape}{derived}{non_exhaustive}",
        rendered.of(generics)
    )
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// The traits a type derives (`Clone`, `serde::Deserialize`): derived traits are API (removing `Default` breaks
/// callers).
fn derives(attrs: &[syn::Attribute]) -> Vec<syn::Path> {
    let mut paths = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            paths.push(meta.path);
            Ok(())
        });
    }
    paths
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

/// Signatures as text, each rendered once: most are a few field types repeated thousands of times in a vendor-scale
/// API, and rendering is a dozen string searches.
#[derive(Default)]
struct Rendered(HashMap<String, String>);

impl Rendered {
    /// Tokens as a compact, readable signature: `::std::option::Option < bool >` → `Option<bool>`.
    fn of(&mut self, tokens: &impl ToTokens) -> String {
        self.stream(&tokens.to_token_stream())
    }

    /// [`Rendered::of`] and [`type_names`] of the same tokens, made into a token stream once (fields and methods
    /// are most of a vendor-scale API).
    fn with_names(&mut self, tokens: &impl ToTokens) -> (String, BTreeSet<String>) {
        let stream = tokens.to_token_stream();
        let text = self.stream(&stream);
        let mut names = BTreeSet::new();
        walk_type_names(stream, &mut names);
        (text, names)
    }

    fn stream(&mut self, stream: &TokenStream) -> String {
        let raw = stream.to_string();
        if let Some(done) = self.0.get(&raw) {
            return done.clone();
        }
        let text = render_text(&raw);
        self.0.insert(raw, text.clone());
        text
    }
}

/// The text of tokens (`TokenStream`'s `Display`) made compact.
fn render_text(raw: &str) -> String {
    let mut text = raw.to_owned();
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
        // Most signatures have few of these: a search costs less than a new string each time.
        if text.contains(from) {
            text = text.replace(from, to);
        }
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
        if text.contains(prefix) {
            text = text.replace(prefix, "");
        }
    }
    text
}
