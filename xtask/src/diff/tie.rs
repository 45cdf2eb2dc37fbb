//! Tying an API finding to the items of the generated crate it touches. This re-derives progenitor's naming
//! (`operationId` → `Client::snake_case` and `builder::PascalCase`, schema → `types::PascalCase`).

use std::collections::HashMap;

use heck::{ToPascalCase, ToSnakeCase};

use super::api::{Finding, Rule, Target};
use super::rust_api::{self, Api, Item, RustChange};

/// The Rust changes a finding causes, as "removes field `types::Job::failed`".
#[cfg(test)]
pub(super) fn tie(finding: &Finding, changes: &[RustChange], old: &Api, new: &Api) -> Vec<String> {
    tied(finding, changes, &Apis::new(old, new))
        .into_iter()
        .map(|i| describe(&changes[i]))
        .collect()
}

/// "removes field `types::Job::failed`".
pub(super) fn describe(change: &RustChange) -> String {
    let verb = match change.change {
        rust_api::ChangeKind::Removed => "removes",
        rust_api::ChangeKind::Changed => "changes",
        rust_api::ChangeKind::Added => "adds",
    };
    format!("{verb} {} `{}`", change.kind.as_str(), change.item)
}

/// Both revisions' public APIs, with their trait impls by the type they are for: a schema's impls are found
/// without a scan of every item, once per finding.
pub(super) struct Apis<'a> {
    old: &'a Api,
    new: &'a Api,
    impls: [HashMap<&'a str, Vec<(&'a str, &'a Item)>>; 2],
    /// The paths of the items carrying each JSON property (their `json_name` as the newer API has it).
    carrying: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Apis<'a> {
    pub(super) fn new(old: &'a Api, new: &'a Api) -> Apis<'a> {
        let impls = |api: &'a Api| {
            let mut by_type: HashMap<&str, Vec<(&str, &Item)>> = HashMap::new();
            for (path, item) in api {
                if let Some(ty) = item.impl_for.as_deref() {
                    by_type.entry(ty).or_default().push((path.as_str(), item));
                }
            }
            by_type
        };
        let mut carrying: HashMap<&str, Vec<&str>> = HashMap::new();
        for (path, _) in new
            .iter()
            .chain(old.iter().filter(|(path, _)| !new.contains_key(*path)))
        {
            let item = new.get(path).or_else(|| old.get(path));
            if let Some(property) = item.and_then(|item| item.json_name.as_deref()) {
                carrying.entry(property).or_default().push(path.as_str());
            }
        }
        Apis {
            old,
            new,
            impls: [impls(old), impls(new)],
            carrying,
        }
    }
}

/// The positions in `changes` of the Rust changes a finding causes.
///
/// An operation maps to its client method and builder, a parameter to its builder setter, a property to its field
/// and builder setter, a schema to its type; each also reaches the types its items' signatures name, so that an
/// enum value added to a property is tied to the variant added to the property's enum.
pub(super) fn tied(finding: &Finding, changes: &[RustChange], apis: &Apis) -> Vec<usize> {
    let (old, new) = (apis.old, apis.new);
    let lookup = |path: &str| new.get(path).or_else(|| old.get(path));
    let mut operation_ids: Vec<&str> = finding.operation_id.as_deref().into_iter().collect();
    if finding.rule == Rule::ApiOperationIdRemoved {
        operation_ids.extend(finding.old.as_deref());
    }
    // The names of the items the finding is directly about, formed once per finding: `direct` runs for every item
    // of both APIs, tens of thousands on a vendor-scale spec.
    let operations: Vec<(String, String)> = operation_ids
        .iter()
        .map(|id| (id.to_snake_case(), id.to_pascal_case()))
        .collect();
    let setters: Vec<(String, String)> = match &finding.target {
        Target::Parameter(name) => operation_ids
            .iter()
            .map(|id| (id.to_pascal_case(), name.to_snake_case()))
            .collect(),
        _ => Vec::new(),
    };
    let schema_types: Vec<String> = match &finding.target {
        Target::Schema { old: was, new: is } => [was, is].iter().map(|name| name.to_pascal_case()).collect(),
        _ => Vec::new(),
    };
    let property_type = match &finding.target {
        Target::Property { schema, .. } => schema.as_ref().map(|s| s.to_pascal_case()),
        _ => None,
    };
    const TYPES: &[&str] = &["types"];
    const TYPE_BUILDERS: &[&str] = &["types", "builder"];
    const OPERATION_BUILDERS: &[&str] = &["builder"];
    // `key` is `item`'s path as the API is keyed.
    let direct = |key: &str, item: &Item| -> bool {
        let path = &item.path;
        match &finding.target {
            Target::None => false,
            Target::Operation => operations.iter().any(|(method, builder)| {
                (path.is_in(&[]) && path.owner.as_deref() == Some("Client") && path.name == *method)
                    || path.is_or_is_in_type(OPERATION_BUILDERS, builder)
            }),
            Target::Parameter(_) => setters.iter().any(|(builder, setter)| {
                path.is_in(OPERATION_BUILDERS) && path.owner.as_deref() == Some(builder) && path.name == *setter
            }),
            Target::Property { schema, property } => {
                let Some(ty) = path
                    .owner
                    .as_deref()
                    .filter(|_| path.is_in(TYPES) || path.is_in(TYPE_BUILDERS))
                else {
                    return false;
                };
                let type_matches = schema.is_none() || property_type.as_deref() == Some(ty);
                // The field carrying the property, and the setter of the same name on the type's builder.
                let carries = |key: &str| lookup(key).and_then(|i| i.json_name.as_deref()) == Some(property.as_str());
                type_matches && (carries(key) || carries(&format!("types::{ty}::{}", path.name)))
            }
            Target::Schema { .. } => schema_types.iter().any(|ty| {
                path.is_or_is_in_type(TYPES, ty)
                    || path.is_or_is_in_type(TYPE_BUILDERS, ty)
                    || item.impl_for.as_deref() == Some(ty)
            }),
        }
    };
    let direct_change = |change: &RustChange| lookup(&change.item).is_some_and(|item| direct(&change.item, item));
    let is_direct: Vec<bool> = changes.iter().map(direct_change).collect();
    let direct_changes = changes.iter().zip(&is_direct).filter(|(_, d)| **d).map(|(c, _)| c);
    // Types named in the signatures of the direct items (or of the unchanged items they are about).
    let mut named_types = std::collections::BTreeSet::new();
    for change in direct_changes {
        for item in [old.get(&change.item), new.get(&change.item)].into_iter().flatten() {
            named_types.extend(item.named_types.iter().cloned());
        }
    }
    // Only the items under the names the finding is about are candidates: a range of each (sorted) API, not a scan
    // of all of it per finding.
    let mut prefixes: Vec<String> = operations
        .iter()
        .flat_map(|(method, builder)| [format!("Client::{method}"), format!("builder::{builder}")])
        .chain(
            setters
                .iter()
                .map(|(builder, setter)| format!("builder::{builder}::{setter}")),
        )
        .collect();
    match &finding.target {
        Target::Property { schema: Some(_), .. } => {
            let ty = property_type.clone().unwrap_or_default();
            prefixes.extend([format!("types::{ty}::"), format!("types::builder::{ty}::")]);
        }
        // Any type's field carrying the property, and its builder's setter: from the index, not a scan.
        Target::Property { schema: None, property } => {
            let carriers = apis.carrying.get(property.as_str()).into_iter().flatten();
            for path in carriers {
                prefixes.push((*path).to_owned());
                if let Some(rest) = path.strip_prefix("types::") {
                    prefixes.push(format!("types::builder::{rest}"));
                }
            }
        }
        // The type and its builder; its impls, which name it at their end, come from the index.
        Target::Schema { .. } => prefixes.extend(
            schema_types
                .iter()
                .flat_map(|ty| [format!("types::{ty}"), format!("types::builder::{ty}")]),
        ),
        _ => {}
    }
    for (api, impls) in [old, new].into_iter().zip(&apis.impls) {
        for prefix in &prefixes {
            let under = api.range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded));
            for (path, item) in under.take_while(|(path, _)| path.starts_with(prefix.as_str())) {
                if direct(path, item) {
                    named_types.extend(item.named_types.iter().cloned());
                }
            }
        }
        let for_schema = schema_types.iter().filter_map(|ty| impls.get(ty.as_str())).flatten();
        for (path, item) in for_schema {
            if direct(path, item) {
                named_types.extend(item.named_types.iter().cloned());
            }
        }
    }
    let via_type = |change: &RustChange| {
        change.path.is_in(TYPES)
            && change.path.owner.as_ref().is_some_and(|ty| named_types.contains(ty))
            && matches!(change.kind, rust_api::Kind::Variant | rust_api::Kind::Field)
    };
    changes
        .iter()
        .enumerate()
        .filter(|(i, c)| is_direct[*i] || via_type(c))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rust_api::{compare, public_api};

    fn finding(rule: Rule, target: Target) -> Finding {
        Finding {
            rule,
            level: rule.level(),
            operation: None,
            operation_id: None,
            location: String::new(),
            base_location: None,
            head_location: None,
            message: String::new(),
            old: None,
            new: None,
            rust_items: Vec::new(),
            fingerprint: String::new(),
            accepted: None,
            client_break: None,
            value_types: None,
            tied: Vec::new(),
            target,
        }
    }

    #[test]
    fn a_schema_is_tied_to_its_type_builder_and_impls_and_not_to_types_whose_names_begin_alike() {
        let code = |field: &str| {
            format!(
                "pub mod types {{
                    pub struct Thing {{ pub {field}: u8 }}
                    pub struct ThingKind {{ pub {field}: u8 }}
                    pub mod builder {{
                        pub struct Thing {{ {field}: u8 }}
                        impl Thing {{ pub fn {field}(self) -> Self {{ self }} }}
                        pub struct ThingKind {{ {field}: u8 }}
                        impl ThingKind {{ pub fn {field}(self) -> Self {{ self }} }}
                        impl ::std::convert::TryFrom<Thing> for super::Thing {{ type Error = (); }}
                    }}
                }}"
            )
        };
        let (old, new) = (public_api(&code("a")).unwrap(), public_api(&code("b")).unwrap());
        let changes = compare(&old, &new);
        let target = Target::Schema {
            old: "thing".into(),
            new: "thing".into(),
        };
        let tied = tie(&finding(Rule::SchemaRenamed, target), &changes, &old, &new);
        assert_eq!(
            tied,
            [
                "removes field `types::Thing::a`",
                "removes method `types::builder::Thing::a`",
                "adds field `types::Thing::b`",
                "adds method `types::builder::Thing::b`",
            ]
        );
    }

    #[test]
    fn a_property_is_tied_to_the_field_carrying_it_and_its_builder_setter() {
        let code = |ty: &str| {
            format!(
                "pub mod types {{
                    pub struct Job {{ #[serde(rename = \"deliveryType\")] pub delivery_type: {ty} }}
                    pub mod builder {{
                        pub struct Job {{ delivery_type: {ty} }}
                        impl Job {{ pub fn delivery_type(self, value: {ty}) -> Self {{ self }} }}
                    }}
                }}"
            )
        };
        let (old, new) = (public_api(&code("String")).unwrap(), public_api(&code("u8")).unwrap());
        let changes = compare(&old, &new);
        let target = Target::Property {
            schema: Some("Job".into()),
            property: "deliveryType".into(),
        };
        let tied = tie(
            &finding(Rule::ResponsePropertyTypeChanged, target),
            &changes,
            &old,
            &new,
        );
        assert_eq!(
            tied,
            [
                "changes field `types::Job::delivery_type`",
                "changes method `types::builder::Job::delivery_type`",
            ]
        );
    }
}
