//! Schemas and their properties, wherever they are used (parameters, request bodies, responses): type, format,
//! nullability, enum values, defaults, bounds and patterns, properties added, removed or made required; and
//! component schemas renamed with their content unchanged.

use std::collections::BTreeSet;

use serde_json::Value;

use super::access::guarded;
use super::composition::pair_members;
use super::lifecycle::{self, Deprecatable};
use super::shape::strip_docs;
use super::{At, Change, Context, EMPTY, Place, Rule, Side, Subject, Target, flag};
use crate::document::{escape, resolve};

impl<'a> Context<'a> {
    /// A component schema that disappeared while one of another name with the same content appeared (renamed),
    /// or without one (removed).
    pub(super) fn component_schemas(&mut self) {
        let schemas = |doc: &'a Value| doc.pointer("/components/schemas").and_then(Value::as_object);
        let (old, new) = (
            schemas(self.base).unwrap_or(&EMPTY),
            schemas(self.head).unwrap_or(&EMPTY),
        );
        let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
        let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
        for was in removed {
            let shape = strip_docs(&old[was]);
            if let Some(is) = added.iter().find(|is| strip_docs(&new[is.as_str()]) == shape) {
                self.push(
                    Change::new(
                        Rule::SchemaRenamed,
                        format!("/components/schemas/{}", escape(is)),
                        format!("schema `{was}` renamed to `{is}` (same content)"),
                    )
                    .values(Some(was.to_string()), Some(is.to_string()))
                    .target(Target::Schema {
                        old: was.to_string(),
                        new: is.to_string(),
                    }),
                );
            } else {
                let location = format!("/components/schemas/{}", escape(was));
                let change = Change::new(Rule::ApiSchemaRemoved, location, format!("schema `{was}` removed"));
                self.push(change.values(Some(was.to_string()), None));
            }
        }
    }

    /// Compare two schemas at `location`, following `$ref`s; `subject` names what they describe in messages.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn schema(
        &mut self,
        side: Side,
        subject: &Subject,
        location: &str,
        old: &'a Value,
        new: &'a Value,
        target: &Target,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        let (old, old_name) = resolve(self.base, old);
        let (new, new_name) = resolve(self.head, new);
        if let (Some(a), Some(b)) = (&old_name, &new_name) {
            if a == b && self.unchanged.holds(a, (self.base, old), (self.head, new)) {
                return; // the same schema on both sides, with all it reaches: nothing to find
            }
            if !visited.insert((a.clone(), b.clone())) {
                return; // a recursive schema: this pair is being compared further up
            }
        }

        // Where this schema is in the components: its own name, or its place below the nearest named one.
        let in_components = match &new_name {
            Some(name) => Some(format!("/components/schemas/{}", escape(name))),
            None => self.in_components(location),
        };
        let outer = std::mem::replace(
            &mut self.schema_at,
            in_components.map(|pointer| (pointer, location.to_owned())),
        );
        self.schema_keywords(
            side,
            subject,
            location,
            (old, new),
            old_name.as_deref().or(new_name.as_deref()),
            target,
            visited,
        );
        self.schema_at = outer;
    }

    /// [`Self::schema`] of two resolved schemas.
    #[allow(clippy::too_many_arguments)]
    fn schema_keywords(
        &mut self,
        side: Side,
        subject: &Subject,
        location: &str,
        (old, new): (&'a Value, &'a Value),
        schema_name: Option<&str>,
        target: &Target,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        let at = At {
            side,
            subject,
            location,
            target,
        };
        if self.one_of_wrapping(&at, old, new) {
            return; // its properties moved into the alternatives: one change, reported
        }
        self.scalar(&at, old, new);

        self.properties(side, subject, location, old, new, schema_name, visited);
        if let (Some(was), Some(is)) = (old.get("items"), new.get("items")) {
            let subject = subject.items();
            self.schema(side, &subject, &format!("{location}/items"), was, is, target, visited);
        }
        // A map's values (`additionalProperties` as a schema): `*` stands for any key.
        let values = |v: &'a Value| v.get("additionalProperties").filter(|s| s.is_object());
        if let (Some(was), Some(is)) = (values(old), values(new)) {
            let (subject, at) = (subject.property("*"), format!("{location}/additionalProperties"));
            self.schema(side, &subject, &at, was, is, target, visited);
        }
        // The members of allOf/anyOf/oneOf in both revisions hold the same value's parts: compared in place.
        for key in ["allOf", "anyOf", "oneOf"] {
            for (index, was, is) in pair_members(old, new, key).paired {
                let at = format!("{location}/{key}/{index}");
                self.schema(side, subject, &at, was, is, target, visited);
            }
        }
    }

    /// Type, format, nullability, enum values, default, bounds and patterns of one schema.
    fn scalar(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        // A list of types gained or lost one: its type and its oneOf/anyOf changed as one.
        let list_of_types = self.list_of_types_change(at, old, new);
        if !list_of_types && self.type_change(at, old, new) {
            return; // everything below compares like with like
        }
        self.nullability(at, old, new);
        if at.side != Side::Parameter && !list_of_types {
            self.subschemas(at, old, new);
            self.discriminator(at, old, new);
        }
        self.enum_values(at, old, new);
        self.bounds(at, old, new);
        self.default_value(at, old, new);
        self.pattern(at, old, new);
        self.extensible_enum(at, old, new);
    }

    #[allow(clippy::too_many_arguments)]
    fn properties(
        &mut self,
        side: Side,
        subject: &Subject,
        location: &str,
        old: &'a Value,
        new: &'a Value,
        schema_name: Option<&str>,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        let props = |v: &'a Value| v.get("properties").and_then(Value::as_object);
        let (was, is) = (props(old).unwrap_or(&EMPTY), props(new).unwrap_or(&EMPTY));
        let required = |v: &Value, name: &str| {
            v.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == name))
        };
        // The place of the properties below this schema, for the rules of read-only and write-only ones.
        let place = if side == Side::Response {
            Place::ResponseProperty
        } else {
            Place::RequestProperty
        };
        for (name, schema) in is {
            let property_location = format!("{location}/properties/{}", escape(name));
            let property_subject = subject.property(name);
            let target = Target::Property {
                schema: schema_name.map(str::to_owned),
                property: name.clone(),
            };
            if side == Side::Parameter {
                self.parameter_property(subject, name, &property_location, (old, new), (was.get(name), schema));
                if let Some(before) = was.get(name) {
                    let (subject, at) = (&property_subject, &property_location);
                    self.schema(side, subject, at, before, schema, &target, visited);
                }
                continue;
            }
            let now_required = required(new, name);
            let pick = |response: [Rule; 2], request: [Rule; 2]| {
                let rules = if side == Side::Response { response } else { request };
                rules[usize::from(!now_required)]
            };
            let new_schema = resolve(self.head, schema).0;
            // oasdiff reports a newly required request property that has a default under rules of their own.
            let has_default = new_schema.get("default").is_some();
            let Some(before) = was.get(name) else {
                let rule = match pick(
                    [Rule::ResponseRequiredPropertyAdded, Rule::ResponseOptionalPropertyAdded],
                    [Rule::NewRequiredRequestProperty, Rule::NewOptionalRequestProperty],
                ) {
                    Rule::NewRequiredRequestProperty if has_default => Rule::NewRequiredRequestPropertyWithDefault,
                    rule => guarded(place, new_schema, rule),
                };
                let what = if now_required { "required" } else { "optional" };
                self.push(
                    Change::new(
                        rule,
                        property_location,
                        format!("{property_subject}: {what} property added"),
                    )
                    .added(name.as_str())
                    .target(target),
                );
                continue;
            };
            let was_required = required(old, name);
            if was_required != now_required {
                let rule = match pick(
                    [
                        Rule::ResponsePropertyBecameRequired,
                        Rule::ResponsePropertyBecameOptional,
                    ],
                    [Rule::RequestPropertyBecameRequired, Rule::RequestPropertyBecameOptional],
                ) {
                    Rule::RequestPropertyBecameRequired if has_default => {
                        Rule::RequestPropertyBecameRequiredWithDefault
                    }
                    rule => guarded(place, new_schema, rule),
                };
                let now = if now_required { "required" } else { "optional" };
                self.push(
                    Change::new(
                        rule,
                        property_location.clone(),
                        format!("{property_subject}: became {now}"),
                    )
                    .values(Some(required_or_not(was_required)), Some(now.to_owned()))
                    .target(target.clone()),
                );
            }
            let lifecycle = if side == Side::Response {
                &lifecycle::RESPONSE_PROPERTY
            } else {
                &lifecycle::REQUEST_PROPERTY
            };
            let (was_schema, is_schema) = (resolve(self.base, before).0, resolve(self.head, schema).0);
            let what = property_subject.to_string();
            let property = Deprecatable {
                rules: lifecycle,
                what: &what,
                pointer: &property_location,
                target: &target,
            };
            self.deprecation(&property, was_schema, is_schema);
            self.access(
                side,
                now_required,
                &property_subject,
                &property_location,
                was_schema,
                is_schema,
                &target,
            );
            self.schema(
                side,
                &property_subject,
                &property_location,
                before,
                schema,
                &target,
                visited,
            );
        }
        let gone = was
            .iter()
            .filter(|(n, _)| side != Side::Parameter && !is.contains_key(*n));
        for (name, old_schema) in gone {
            let old_schema = resolve(self.base, old_schema).0;
            let rule = match (side, required(old, name)) {
                (Side::Response, true) => guarded(place, old_schema, Rule::ResponseRequiredPropertyRemoved),
                (Side::Response, false) => guarded(place, old_schema, Rule::ResponseOptionalPropertyRemoved),
                _ => Rule::RequestPropertyRemoved,
            };
            let target = Target::Property {
                schema: schema_name.map(str::to_owned),
                property: name.clone(),
            };
            let message = format!("{}: property removed", subject.property(name));
            let change = Change::new(rule, format!("{location}/properties/{}", escape(name)), message);
            self.push(change.removed(name.as_str()).target(target));
        }
    }
}

impl<'a> Context<'a> {
    /// A property of an object parameter added as required, or made required: oasdiff has rules for a header
    /// parameter's only (its other rules for these properties look at their values).
    fn parameter_property(
        &mut self,
        subject: &Subject,
        name: &str,
        location: &str,
        (parent_was, parent_is): (&Value, &Value),
        (was, is): (Option<&Value>, &'a Value),
    ) {
        let required = |v: &Value| {
            v.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == name))
        };
        if !self.walk.header_parameter || !required(parent_is) || flag(resolve(self.head, is).0, "readOnly") {
            return;
        }
        let (rule, what) = match was {
            None => (Rule::NewRequiredRequestHeaderProperty, "required property added"),
            Some(_) if !required(parent_was) => (Rule::RequestHeaderPropertyBecameRequired, "became required"),
            Some(_) => return,
        };
        let message = format!("{}: {what}", subject.property(name));
        let change = Change::new(rule, location, message);
        self.push(match was {
            None => change.added(name),
            Some(_) => change.values(Some("optional".into()), Some("required".into())),
        });
    }
}

fn required_or_not(required: bool) -> String {
    if required { "required" } else { "optional" }.to_owned()
}
