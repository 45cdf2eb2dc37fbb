//! The public Rust API of generated code, flattened into named items with signatures, and its comparison.
//!
//! `read` reads it with syn from the code `codegen` produces, so it sees exactly what a caller of
//! `generated-client` sees: types, their public fields and variants, derived traits, trait impls, and the client's
//! and builders' methods. Each item keeps its place ([`ItemPath`]) and the type names its signature mentions, so
//! that what is done with items later (`tie`, the changelog) asks the item and never parses its text again.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

mod read;

pub use read::{public_api, public_api_of};

/// One public item: `types::Job::id` → `field: Option<String> (json "id")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: Kind,
    pub path: ItemPath,
    pub signature: String,
    /// For fields: the JSON property they carry (serde `rename`, else the field name).
    pub json_name: Option<String>,
    /// The type names the signature mentions (`Option<ThingKind>` → `Option`, `ThingKind`), read from its tokens.
    pub named_types: BTreeSet<String>,
    /// For an impl: the type it is for (`Job` in `impl From<&Job> for Job`).
    pub impl_for: Option<String>,
    /// For a type: whether a new field or variant breaks callers (struct literals, exhaustive matches): all its
    /// fields are public and it is not `#[non_exhaustive]`.
    pub exhaustive: bool,
}

/// Where an item is: `types::builder::Job::name` is in module `types::builder`, owned by `Job`, named `name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPath {
    /// The modules it is in, outermost first (`["types", "builder"]`); empty at the crate's root.
    pub module: Vec<String>,
    /// The type a field, variant or method belongs to; `None` for a type or an impl.
    pub owner: Option<String>,
    /// Its own name; an impl is named by its signature (`impl From<&Job> for Job`).
    pub name: String,
}

impl ItemPath {
    /// Whether it is in exactly this module (`&["types"]`, `&[]` for the crate's root).
    pub fn is_in(&self, module: &[&str]) -> bool {
        self.module.iter().map(String::as_str).eq(module.iter().copied())
    }

    /// Whether it is the type `name` of `module`, or one of that type's fields, variants or methods.
    pub fn is_or_is_in_type(&self, module: &[&str], name: &str) -> bool {
        self.is_in(module) && self.owner.as_deref().unwrap_or(&self.name) == name
    }

    /// The path of the type it belongs to (`types::Job` for `types::Job::id`), for a field, variant or method.
    pub fn owner_path(&self) -> Option<ItemPath> {
        self.owner.as_ref().map(|owner| ItemPath {
            module: self.module.clone(),
            owner: None,
            name: owner.clone(),
        })
    }

    /// How many names the path has: 1 for `Client`, 2 for `Client::list` or `types::Job`, 3 for `types::Job::id`.
    pub fn depth(&self) -> usize {
        self.module.len() + usize::from(self.owner.is_some()) + 1
    }
}

impl std::fmt::Display for ItemPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for module in &self.module {
            write!(f, "{module}::")?;
        }
        if let Some(owner) = &self.owner {
            write!(f, "{owner}::")?;
        }
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// The public API by item path (`ItemPath`'s text, whose order is the report's).
pub type Api = BTreeMap<String, Item>;

/// How an item differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    pub change: ChangeKind,
    pub kind: Kind,
    pub item: String,
    /// Where `item` is, for code that asks (not in reports: `item` says it).
    #[serde(skip)]
    pub path: ItemPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Whether callers can break: removed or changed items, and additions that break exhaustive code.
    pub breaking: bool,
    pub why: String,
    /// A breaking change whose findings were all accepted (`acceptance.rs`): it does not make the verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
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
                accepted: false,
                change: ChangeKind::Removed,
                kind: before.kind,
                item: path.clone(),
                path: before.path.clone(),
                old: Some(before.signature.clone()),
                new: None,
                breaking: true,
                why: "callers using it no longer compile".into(),
            }),
            Some(after) if after.signature != before.signature => changes.push(RustChange {
                accepted: false,
                change: ChangeKind::Changed,
                kind: after.kind,
                item: path.clone(),
                path: after.path.clone(),
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
        let owner = after.path.owner_path().map(|owner| owner.to_string());
        let owner_existed = owner.as_ref().is_some_and(|owner| old.contains_key(owner));
        let exhaustive = owner.and_then(|owner| new.get(&owner)).is_some_and(|o| o.exhaustive);
        let (breaking, why) = match after.kind {
            Kind::Field if owner_existed && exhaustive => (true, "struct literals of the type no longer compile"),
            Kind::Variant if owner_existed && exhaustive => (true, "exhaustive matches on the enum no longer compile"),
            _ => (false, "new API"),
        };
        changes.push(RustChange {
            accepted: false,
            change: ChangeKind::Added,
            kind: after.kind,
            item: path.clone(),
            path: after.path.clone(),
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
    fn items_know_their_place_and_the_types_they_name() {
        let api = public_api(CODE).unwrap();
        let field = &api["types::Job::delivery_type"];
        assert_eq!(
            (
                field.path.module.as_slice(),
                field.path.owner.as_deref(),
                field.path.name.as_str()
            ),
            (&["types".to_owned()][..], Some("Job"), "delivery_type")
        );
        assert_eq!(field.path.depth(), 3);
        assert_eq!(field.path.owner_path().unwrap().to_string(), "types::Job");
        // Read from the tokens: `::std::option::Option<::std::string::String>`, not from the rendered text.
        assert_eq!(
            field.named_types,
            BTreeSet::from(["Option".to_owned(), "String".to_owned()])
        );
        let job = &api["types::Job"];
        assert_eq!(
            job.named_types,
            ["Clone", "Debug", "Deserialize", "Job"].map(str::to_owned).into()
        );
        assert!(job.exhaustive, "all fields public, not #[non_exhaustive]");
        assert!(!api["Client"].exhaustive, "a private field");
        let from = &api["types::impl From<&Job> for Job"];
        assert_eq!((from.kind, from.impl_for.as_deref()), (Kind::Impl, Some("Job")));
        let method = &api["Client::list"].path;
        assert!(method.is_in(&[]) && method.is_or_is_in_type(&[], "Client") && !method.is_in(&["types"]));
        // Type names are whole names: `JobKind` is not the type `Job`.
        let longer = ItemPath {
            module: vec!["types".into()],
            owner: None,
            name: "JobKind".into(),
        };
        assert!(!longer.is_or_is_in_type(&["types"], "Job"));
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
