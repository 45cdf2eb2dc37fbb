//! Nullability and default values of a schema, wherever it is (a parameter, a request or response body, one of
//! their properties): one rule per place, as oasdiff has them.

use serde_json::Value;

use super::{At, Change, Context, Place, flag};
use crate::diff::rules::Rule;

impl Context<'_> {
    /// `nullable` turned on or off. A request that may no longer send null, or a response that may now hold it,
    /// breaks clients; the registry's levels say so per place.
    pub(super) fn nullability(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let (side, subject, location, target) = (at.side, at.subject, at.location, at.target);
        let (became, no_longer) = match Place::of(side, subject) {
            Place::Parameter => (
                Rule::RequestParameterBecameNullable,
                Rule::RequestParameterBecameNotNullable,
            ),
            Place::ParameterProperty => (
                Rule::RequestParameterPropertyBecameNullable,
                Rule::RequestParameterPropertyBecameNotNullable,
            ),
            Place::RequestBody => (Rule::RequestBodyBecameNullable, Rule::RequestBodyBecameNotNullable),
            Place::RequestProperty => (
                Rule::RequestPropertyBecameNullable,
                Rule::RequestPropertyBecameNotNullable,
            ),
            Place::ResponseBody => (Rule::ResponseBodyBecameNullable, Rule::ResponseBodyBecameNotNullable),
            Place::ResponseProperty => (
                Rule::ResponsePropertyBecameNullable,
                Rule::ResponsePropertyBecameNotNullable,
            ),
        };
        let (was, is) = (flag(old, "nullable"), flag(new, "nullable"));
        let (rule, message) = match (was, is) {
            (false, true) => (became, format!("{subject}: became nullable")),
            (true, false) => (no_longer, format!("{subject}: is no longer nullable")),
            _ => return,
        };
        self.push(
            Change::new(rule, location, message)
                .flipped(was, is)
                .target(target.clone()),
        );
    }

    /// `default` added, changed or removed. For a parameter each is breaking (a client that leaves it out gets
    /// other behaviour); for bodies and properties oasdiff reports them as info.
    pub(super) fn default_value(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let (side, subject, location, target) = (at.side, at.subject, at.location, at.target);
        let [added, changed, removed] = match Place::of(side, subject) {
            Place::Parameter => [
                Rule::RequestParameterDefaultValueAdded,
                Rule::RequestParameterDefaultValueChanged,
                Rule::RequestParameterDefaultValueRemoved,
            ],
            Place::RequestBody => [
                Rule::RequestBodyDefaultValueAdded,
                Rule::RequestBodyDefaultValueChanged,
                Rule::RequestBodyDefaultValueRemoved,
            ],
            Place::RequestProperty => [
                Rule::RequestPropertyDefaultValueAdded,
                Rule::RequestPropertyDefaultValueChanged,
                Rule::RequestPropertyDefaultValueRemoved,
            ],
            Place::ResponseBody => [
                Rule::ResponseBodyDefaultValueAdded,
                Rule::ResponseBodyDefaultValueChanged,
                Rule::ResponseBodyDefaultValueRemoved,
            ],
            Place::ResponseProperty => [
                Rule::ResponsePropertyDefaultValueAdded,
                Rule::ResponsePropertyDefaultValueChanged,
                Rule::ResponsePropertyDefaultValueRemoved,
            ],
            Place::ParameterProperty => return,
        };
        let (was, is) = (old.get("default"), new.get("default"));
        let rule = match (was, is) {
            (None, Some(_)) => added,
            (Some(_), None) => removed,
            (Some(a), Some(b)) if a != b => changed,
            _ => return,
        };
        let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
        let message = format!("{subject}: default changed from {} to {}", show(was), show(is));
        let change = Change::new(rule, location, message).values(Some(show(was)), Some(show(is)));
        self.push(change.target(target.clone()));
    }
}
