//! A list of types: a single `type` that became a `oneOf`/`anyOf` of simple types (how OpenAPI 3.0 writes "a
//! string or an integer"), or such a list that gained or lost a type. oasdiff reports it as one change — widened
//! or narrowed — not as a type change plus subschemas added or removed.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{At, Change, Context, Place, Rule, Side};
use crate::document::resolve;

/// The types a schema allows when it is one type, or a `oneOf`/`anyOf` of schemas of one simple type each
/// (`oneOf: [{type: string}, {type: integer}]`, how OpenAPI 3.0 writes a list of types); `None` otherwise.
fn list_of_types(doc: &Value, schema: &Value) -> Option<(BTreeSet<String>, bool)> {
    if ["not", "allOf", "properties"].iter().any(|k| schema.get(k).is_some()) {
        return None;
    }
    if let Some(ty) = schema.get("type").and_then(Value::as_str) {
        return Some((BTreeSet::from([ty.to_owned()]), false));
    }
    let simple = |member: &Value| {
        let member = resolve(doc, member).0;
        let composite = ["properties", "oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| member.get(k).is_some());
        member
            .get("type")
            .and_then(Value::as_str)
            .filter(|_| !composite)
            .map(str::to_owned)
    };
    ["oneOf", "anyOf"].iter().find_map(|key| {
        let members = schema.get(key)?.as_array().filter(|m| !m.is_empty())?;
        let types: Option<BTreeSet<String>> = members.iter().map(simple).collect();
        Some((types?, true))
    })
}

impl Context<'_> {
    /// A single type that became a list of types, or a list that gained or lost types (oasdiff's "list-of-types"):
    /// one change, not a type change and subschemas added or removed. Whether it was one.
    pub(super) fn list_of_types_change(&mut self, at: &At<'_>, old: &Value, new: &Value) -> bool {
        let (Some((was, was_list)), Some((is, is_list))) =
            (list_of_types(self.base, old), list_of_types(self.head, new))
        else {
            return false;
        };
        if was == is || !(was_list || is_list) {
            return false;
        }
        let added: Vec<&String> = is.difference(&was).collect();
        let removed: Vec<&String> = was.difference(&is).collect();
        let [narrowed, widened] = match Place::of(at.side, at.subject) {
            Place::Parameter => [
                Rule::RequestParameterListOfTypesNarrowed,
                Rule::RequestParameterListOfTypesWidened,
            ],
            Place::ParameterProperty => [
                Rule::RequestParameterPropertyListOfTypesNarrowed,
                Rule::RequestParameterPropertyListOfTypesWidened,
            ],
            Place::RequestBody => [
                Rule::RequestBodyListOfTypesNarrowed,
                Rule::RequestBodyListOfTypesWidened,
            ],
            Place::RequestProperty => [
                Rule::RequestPropertyListOfTypesNarrowed,
                Rule::RequestPropertyListOfTypesWidened,
            ],
            Place::ResponseBody => [
                Rule::ResponseBodyListOfTypesNarrowed,
                Rule::ResponseBodyListOfTypesWidened,
            ],
            Place::ResponseProperty => [
                Rule::ResponsePropertyListOfTypesNarrowed,
                Rule::ResponsePropertyListOfTypesWidened,
            ],
        };
        // A request is hurt by a type it no longer takes, a response by one it may now return.
        let rule = match at.side {
            Side::Response if !added.is_empty() => widened,
            Side::Response => narrowed,
            _ if !removed.is_empty() => narrowed,
            _ => widened,
        };
        let show = |types: &BTreeSet<String>| types.iter().cloned().collect::<Vec<_>>().join(" or ");
        let message = format!("{}: types changed from {} to {}", at.subject, show(&was), show(&is));
        self.push(
            Change::new(rule, at.location, message)
                .values(Some(show(&was)), Some(show(&is)))
                .target(at.target.clone()),
        );
        true
    }
}
