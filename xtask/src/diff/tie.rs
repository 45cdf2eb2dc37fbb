//! Tying an API finding to the items of the generated crate it touches. This re-derives progenitor's naming
//! (`operationId` → `Client::snake_case` and `builder::PascalCase`, schema → `types::PascalCase`).

use heck::{ToPascalCase, ToSnakeCase};

use super::api::{Finding, Rule, Target};
use super::rust_api::{self, Api, RustChange};

/// The Rust changes a finding causes, as "removes field `types::Job::failed`".
///
/// An operation maps to its client method and builder, a parameter to its builder setter, a property to its field
/// and builder setter, a schema to its type; each also reaches the types its items' signatures name, so that an
/// enum value added to a property is tied to the variant added to the property's enum.
pub(super) fn tie(finding: &Finding, changes: &[RustChange], old: &Api, new: &Api) -> Vec<String> {
    let lookup = |path: &str| new.get(path).or_else(|| old.get(path));
    let mut operation_ids: Vec<&str> = finding.operation_id.as_deref().into_iter().collect();
    if finding.rule == Rule::ApiOperationIdRemoved {
        operation_ids.extend(finding.old.as_deref());
    }
    // The items the finding is directly about. The names are formed once per finding: this runs for every item of
    // both APIs, tens of thousands on a vendor-scale spec.
    let operations: Vec<(String, String, String)> = operation_ids
        .iter()
        .map(|id| {
            let builder = format!("builder::{}", id.to_pascal_case());
            (
                format!("Client::{}", id.to_snake_case()),
                format!("{builder}::"),
                builder,
            )
        })
        .collect();
    let setters: Vec<String> = match &finding.target {
        Target::Parameter(name) => operation_ids
            .iter()
            .map(|id| format!("builder::{}::{}", id.to_pascal_case(), name.to_snake_case()))
            .collect(),
        _ => Vec::new(),
    };
    let schema_types: Vec<[String; 4]> = match &finding.target {
        Target::Schema { old: was, new: is } => [was, is]
            .iter()
            .map(|name| {
                let ty = name.to_pascal_case();
                [
                    format!("types::{ty}"),
                    format!("types::{ty}::"),
                    format!("types::builder::{ty}"),
                    format!(" for {ty}"),
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    let property_type = match &finding.target {
        Target::Property { schema, .. } => schema.as_ref().map(|s| s.to_pascal_case()),
        _ => None,
    };
    let direct = |item: &str| -> bool {
        match &finding.target {
            Target::None => false,
            Target::Operation => operations.iter().any(|(client, builder_prefix, builder)| {
                item == client || item == builder || item.starts_with(builder_prefix.as_str())
            }),
            Target::Parameter(_) => setters.iter().any(|setter| item == setter),
            Target::Property { schema, property } => {
                let (owner, name) = item.rsplit_once("::").unwrap_or_default();
                let ty = owner
                    .strip_prefix("types::builder::")
                    .or_else(|| owner.strip_prefix("types::"));
                let type_matches = |ty: &str| schema.is_none() || property_type.as_deref() == Some(ty);
                // The field carrying the property, and the setter of the same name on the type's builder.
                let carries = |path: &str| lookup(path).and_then(|i| i.json_name.as_deref()) == Some(property.as_str());
                ty.is_some_and(|ty| type_matches(ty) && (carries(item) || carries(&format!("types::{ty}::{name}"))))
            }
            Target::Schema { .. } => schema_types.iter().any(|[ty, inner, builder, for_ty]| {
                item == ty
                    || item.starts_with(inner.as_str())
                    || item.starts_with(builder.as_str())
                    || item.ends_with(for_ty.as_str())
            }),
        }
    };
    let direct_changes: Vec<&RustChange> = changes.iter().filter(|c| direct(&c.item)).collect();
    // Types named in the signatures of the direct items (or of the unchanged items they are about).
    let mut named_types = std::collections::BTreeSet::new();
    for change in &direct_changes {
        for signature in [&change.old, &change.new].into_iter().flatten() {
            named_types.extend(type_names(signature));
        }
    }
    // Only the items under the names the finding is about are candidates: a range of each (sorted) API, not a scan
    // of all of it per finding.
    let mut prefixes: Vec<String> = operations
        .iter()
        .flat_map(|(client, _, builder)| [client.clone(), builder.clone()])
        .chain(setters.iter().cloned())
        .collect();
    match &finding.target {
        Target::Property { schema: Some(_), .. } => {
            let ty = property_type.clone().unwrap_or_default();
            prefixes.extend([format!("types::{ty}::"), format!("types::builder::{ty}::")]);
        }
        Target::Property { schema: None, .. } => prefixes.push("types::".into()),
        Target::Schema { .. } => prefixes.push(String::new()), // impls name the type at their end: scan all
        _ => {}
    }
    for api in [old, new] {
        for prefix in &prefixes {
            let under = api.range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded));
            for (path, item) in under.take_while(|(path, _)| path.starts_with(prefix.as_str())) {
                if direct(path) {
                    named_types.extend(type_names(&item.signature));
                }
            }
        }
    }
    let via_type = |change: &RustChange| {
        let owner = change.item.rsplit_once("::").map_or("", |(owner, _)| owner);
        owner.strip_prefix("types::").is_some_and(|ty| named_types.contains(ty))
            && matches!(change.kind, rust_api::Kind::Variant | rust_api::Kind::Field)
    };
    changes
        .iter()
        .filter(|c| direct_changes.contains(c) || via_type(c))
        .map(|c| {
            let verb = match c.change {
                rust_api::ChangeKind::Removed => "removes",
                rust_api::ChangeKind::Changed => "changes",
                rust_api::ChangeKind::Added => "adds",
            };
            format!("{verb} {} `{}`", c.kind.as_str(), c.item)
        })
        .collect()
}

/// The identifiers in a signature that look like type names (`Option<ThingKind>` → `Option`, `ThingKind`).
fn type_names(signature: &str) -> impl Iterator<Item = String> + '_ {
    signature
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
}
