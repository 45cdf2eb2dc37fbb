//! Composition: subschemas of `allOf`, `anyOf` and `oneOf` added or removed, in request and response bodies and
//! their properties. A subschema is known by its `$ref` (`#/components/schemas/Cat`) or, written inline, by its
//! content without documentation; its position in the list does not matter.

use std::collections::BTreeMap;

use serde_json::Value;

use super::schemas::strip_docs;
use super::{At, Change, Context, Place};
use crate::diff::rules::Rule;

/// The combinators, with their rules by place: `[added, removed]`.
#[rustfmt::skip]
const COMBINATORS: &[(&str, Place, [Rule; 2])] = &[
    ("allOf", Place::RequestBody, [Rule::RequestBodyAllOfAdded, Rule::RequestBodyAllOfRemoved]),
    ("allOf", Place::RequestProperty, [Rule::RequestPropertyAllOfAdded, Rule::RequestPropertyAllOfRemoved]),
    ("allOf", Place::ResponseBody, [Rule::ResponseBodyAllOfAdded, Rule::ResponseBodyAllOfRemoved]),
    ("allOf", Place::ResponseProperty, [Rule::ResponsePropertyAllOfAdded, Rule::ResponsePropertyAllOfRemoved]),
    ("anyOf", Place::RequestBody, [Rule::RequestBodyAnyOfAdded, Rule::RequestBodyAnyOfRemoved]),
    ("anyOf", Place::RequestProperty, [Rule::RequestPropertyAnyOfAdded, Rule::RequestPropertyAnyOfRemoved]),
    ("anyOf", Place::ResponseBody, [Rule::ResponseBodyAnyOfAdded, Rule::ResponseBodyAnyOfRemoved]),
    ("anyOf", Place::ResponseProperty, [Rule::ResponsePropertyAnyOfAdded, Rule::ResponsePropertyAnyOfRemoved]),
    ("oneOf", Place::RequestBody, [Rule::RequestBodyOneOfAdded, Rule::RequestBodyOneOfRemoved]),
    ("oneOf", Place::RequestProperty, [Rule::RequestPropertyOneOfAdded, Rule::RequestPropertyOneOfRemoved]),
    ("oneOf", Place::ResponseBody, [Rule::ResponseBodyOneOfAdded, Rule::ResponseBodyOneOfRemoved]),
    ("oneOf", Place::ResponseProperty, [Rule::ResponsePropertyOneOfAdded, Rule::ResponsePropertyOneOfRemoved]),
];

impl Context<'_> {
    /// Subschemas added to or removed from each combinator of two schemas (parameters have none of these rules).
    pub(super) fn subschemas(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let place = Place::of(at.side, at.subject);
        for (key, _, [added, removed]) in COMBINATORS.iter().filter(|(_, p, _)| *p == place) {
            let (was, is) = (members(old, key), members(new, key));
            for (identity, shown) in &is {
                if !was.contains_key(identity) {
                    let message = format!("{}: {key} subschema {shown} added", at.subject);
                    let change = Change::new(*added, format!("{}/{key}", at.location), message);
                    self.push(change.values(None, Some(shown.clone())).target(at.target.clone()));
                }
            }
            for (identity, shown) in &was {
                if !is.contains_key(identity) {
                    let message = format!("{}: {key} subschema {shown} removed", at.subject);
                    let change = Change::new(*removed, format!("{}/{key}", at.location), message);
                    self.push(change.values(Some(shown.clone()), None).target(at.target.clone()));
                }
            }
        }
    }
}

/// The subschemas of `schema[key]`: identity → how a message shows it (`` `Cat` `` or `an inline schema`).
fn members(schema: &Value, key: &str) -> BTreeMap<String, String> {
    let list = schema
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    list.iter()
        .map(|member| match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                (reference.to_owned(), format!("`{name}`"))
            }
            None => (strip_docs(member).to_string(), format!("`{member}`")),
        })
        .collect()
}
