//! The discriminator that tells a composition's subschemas apart: added, removed, its property renamed, its
//! mapping's entries added, deleted or changed — in request and response bodies and properties.

use serde_json::Value;

use super::{At, Change, Context, Place};
use crate::diff::rules::Rule;

/// The discriminator rules by place: `[added, removed, property name changed, mapping added, deleted, changed]`.
#[rustfmt::skip]
const DISCRIMINATORS: &[(Place, [Rule; 6])] = &[
    (Place::RequestBody, [
        Rule::RequestBodyDiscriminatorAdded, Rule::RequestBodyDiscriminatorRemoved, Rule::RequestBodyDiscriminatorPropertyNameChanged,
        Rule::RequestBodyDiscriminatorMappingAdded, Rule::RequestBodyDiscriminatorMappingDeleted, Rule::RequestBodyDiscriminatorMappingChanged,
    ]),
    (Place::RequestProperty, [
        Rule::RequestPropertyDiscriminatorAdded, Rule::RequestPropertyDiscriminatorRemoved, Rule::RequestPropertyDiscriminatorPropertyNameChanged,
        Rule::RequestPropertyDiscriminatorMappingAdded, Rule::RequestPropertyDiscriminatorMappingDeleted, Rule::RequestPropertyDiscriminatorMappingChanged,
    ]),
    (Place::ResponseBody, [
        Rule::ResponseBodyDiscriminatorAdded, Rule::ResponseBodyDiscriminatorRemoved, Rule::ResponseBodyDiscriminatorPropertyNameChanged,
        Rule::ResponseBodyDiscriminatorMappingAdded, Rule::ResponseBodyDiscriminatorMappingDeleted, Rule::ResponseBodyDiscriminatorMappingChanged,
    ]),
    (Place::ResponseProperty, [
        Rule::ResponsePropertyDiscriminatorAdded, Rule::ResponsePropertyDiscriminatorRemoved, Rule::ResponsePropertyDiscriminatorPropertyNameChanged,
        Rule::ResponsePropertyDiscriminatorMappingAdded, Rule::ResponsePropertyDiscriminatorMappingDeleted, Rule::ResponsePropertyDiscriminatorMappingChanged,
    ]),
];

impl Context<'_> {
    /// The discriminator of two schemas: added, removed, its property renamed, its mapping's entries.
    pub(super) fn discriminator(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let place = Place::of(at.side, at.subject);
        let Some((_, [added, removed, renamed, mapped, unmapped, remapped])) =
            DISCRIMINATORS.iter().find(|(p, _)| *p == place)
        else {
            return;
        };
        let location = format!("{}/discriminator", at.location);
        let subject = at.subject;
        let (was, is) = (old.get("discriminator"), new.get("discriminator"));
        let property = |d: &Value| {
            d.get("propertyName")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (was, is) = match (was, is) {
            (None, None) => return,
            (None, Some(d)) => {
                let message = format!("{subject}: discriminator `{}` added", property(d));
                let change = Change::new(*added, location, message).added(property(d));
                return self.push(change.target(at.target.clone()));
            }
            (Some(d), None) => {
                let message = format!("{subject}: discriminator `{}` removed", property(d));
                let change = Change::new(*removed, location, message).removed(property(d));
                return self.push(change.target(at.target.clone()));
            }
            (Some(was), Some(is)) => (was, is),
        };
        if property(was) != property(is) {
            let (old_name, new_name) = (property(was), property(is));
            let message = format!("{subject}: discriminator property renamed from `{old_name}` to `{new_name}`");
            let change = Change::new(*renamed, location.clone(), message).values(Some(old_name), Some(new_name));
            self.push(change.target(at.target.clone()));
        }
        let mapping = |d: &Value| d.get("mapping").and_then(Value::as_object).cloned().unwrap_or_default();
        let (old_map, new_map) = (mapping(was), mapping(is));
        for (key, target) in &new_map {
            let (rule, message, old_value) = match old_map.get(key) {
                None => (*mapped, format!("{subject}: discriminator mapping `{key}` added"), None),
                Some(before) if before != target => (
                    *remapped,
                    format!("{subject}: discriminator mapping `{key}` changed from {before} to {target}"),
                    Some(before.to_string()),
                ),
                Some(_) => continue,
            };
            let change = Change::new(rule, format!("{location}/mapping"), message);
            self.push(
                change
                    .values(old_value, Some(target.to_string()))
                    .target(at.target.clone()),
            );
        }
        for key in old_map.keys().filter(|k| !new_map.contains_key(*k)) {
            let message = format!("{subject}: discriminator mapping `{key}` removed");
            let change = Change::new(*unmapped, format!("{location}/mapping"), message);
            self.push(change.values(Some(key.clone()), None).target(at.target.clone()));
        }
    }
}
