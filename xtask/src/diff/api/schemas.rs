//! Schemas and their properties, wherever they are used (parameters, request bodies, responses): type, format,
//! nullability, enum values, defaults, bounds and patterns, properties added, removed or made required; and
//! component schemas renamed with their content unchanged.

use std::collections::BTreeSet;

use serde_json::Value;

use super::access::guarded;
use super::lifecycle;
use super::{At, Change, Context, EMPTY, Place, Rule, Side, Subject, Target};
use crate::document::{escape, resolve};

impl<'a> Context<'a> {
    /// A component schema that disappeared while one of another name with the same content appeared.
    pub(super) fn renamed_schemas(&mut self) {
        let schemas = |doc: &'a Value| doc.pointer("/components/schemas").and_then(Value::as_object);
        let (Some(old), Some(new)) = (schemas(self.base), schemas(self.head)) else {
            return;
        };
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
        if let (Some(a), Some(b)) = (&old_name, &new_name)
            && !visited.insert((a.clone(), b.clone()))
        {
            return; // a recursive schema: this pair is being compared further up
        }

        self.scalar(side, subject, location, old, new, target);

        if side != Side::Parameter {
            self.properties(
                side,
                subject,
                location,
                old,
                new,
                old_name.as_deref().or(new_name.as_deref()),
                visited,
            );
        }
        if let (Some(was), Some(is)) = (old.get("items"), new.get("items")) {
            let subject = subject.items();
            self.schema(side, &subject, &format!("{location}/items"), was, is, target, visited);
        }
    }

    /// Type, format, nullability, enum values, default and (for parameters) bounds of one schema.
    fn scalar(&mut self, side: Side, subject: &Subject, location: &str, old: &Value, new: &Value, target: &Target) {
        let rule = |parameter: Rule, request: Rule, response: Rule| match side {
            Side::Parameter => parameter,
            Side::Request => request,
            Side::Response => response,
        };
        let text = |v: &Value, key: &str| {
            v.get(key)
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
        };

        let (was, is) = (schema_type(old), schema_type(new));
        if was != is {
            let name = match Place::of(side, subject) {
                Place::Parameter => Rule::RequestParameterTypeChanged,
                Place::RequestBody => Rule::RequestBodyTypeChanged,
                Place::RequestProperty => Rule::RequestPropertyTypeChanged,
                Place::ResponseBody => Rule::ResponseBodyTypeChanged,
                Place::ResponseProperty => Rule::ResponsePropertyTypeChanged,
            };
            let message = format!("{subject}: type changed from {was} to {is}");
            self.push(
                Change::new(name, location, message)
                    .values(Some(was), Some(is))
                    .target(target.clone()),
            );
            return; // everything below compares like with like
        }
        let (was, is) = (text(old, "format"), text(new, "format"));
        if was != is {
            let name = rule(
                Rule::RequestParameterFormatChanged,
                Rule::RequestPropertyTypeChanged,
                Rule::ResponsePropertyFormatChanged,
            );
            let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".into());
            let message = format!("{subject}: format changed from {} to {}", show(&was), show(&is));
            self.push(
                Change::new(name, location, message)
                    .values(was, is)
                    .target(target.clone()),
            );
        }
        let at = At {
            side,
            subject,
            location,
            target,
        };
        self.nullability(&at, old, new);
        if side != Side::Parameter {
            self.subschemas(&at, old, new);
            self.discriminator(&at, old, new);
        }
        self.enum_values(&at, old, new);
        self.bounds(&at, old, new);
        self.default_value(&at, old, new);
        self.pattern(&at, old, new);
        self.extensible_enum(&at, old, new);
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
            self.deprecation(lifecycle, &what, was_schema, is_schema, &property_location, &target);
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
        for (name, old_schema) in was.iter().filter(|(n, _)| !is.contains_key(*n)) {
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
            self.push(Change::new(rule, format!("{location}/properties/{}", escape(name)), message).target(target));
        }
    }
}

/// `string`, `integer`, `array`, …; `object` for schemas with properties but no type; `any` otherwise.
pub(super) fn schema_type(schema: &Value) -> String {
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        return t.to_owned();
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if schema.get(combinator).is_some() {
            return combinator.to_owned();
        }
    }
    if schema.get("properties").is_some() {
        "object".into()
    } else {
        "any".into()
    }
}

/// The schema without documentation, for comparing shapes. The keys of a `properties` map are names, not
/// keywords: a property called `description` is part of the shape.
pub(super) fn strip_docs(value: &Value) -> Value {
    strip_docs_in(value, false)
}

fn strip_docs_in(value: &Value, keys_are_names: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    keys_are_names
                        || !(matches!(k.as_str(), "description" | "example" | "examples" | "title" | "summary")
                            || k.starts_with("x-"))
                })
                .map(|(k, v)| {
                    let names_below = !keys_are_names && k == "properties";
                    (k.clone(), strip_docs_in(v, names_below))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| strip_docs_in(v, false)).collect()),
        other => other.clone(),
    }
}
