//! Enum values and patterns of a schema, wherever it is: values added or removed, a schema that became an enum,
//! a pattern added, changed or removed — under oasdiff's rule for each place.

use serde_json::Value;

use super::access::guarded;
use super::{At, Change, Context, Place, Side};
use crate::diff::rules::Rule;

impl Context<'_> {
    /// Enum values added or removed; a request schema that had no enum and now has one "became enum" (every value
    /// a client sent outside it is now refused). A request schema that drops its enum accepts more: no finding.
    pub(super) fn enum_values(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let (side, subject, location, target) = (at.side, at.subject, at.location, at.target);
        let values = |v: &Value| -> Option<Vec<Value>> { v.get("enum").and_then(Value::as_array).cloned() };
        let place = Place::of(side, subject);
        let (was, is) = match (values(old), values(new)) {
            (None, None) => return,
            (None, Some(_)) => {
                let became = match place {
                    Place::Parameter => Some(Rule::RequestParameterBecameEnum),
                    Place::RequestProperty => Some(Rule::RequestPropertyBecameEnum),
                    Place::RequestBody => Some(Rule::RequestBodyBecameEnum),
                    Place::ParameterProperty if self.walk.header_parameter => {
                        Some(Rule::RequestHeaderPropertyBecameEnum)
                    }
                    Place::ParameterProperty | Place::ResponseBody | Place::ResponseProperty => None,
                };
                if let Some(rule) = became {
                    let message = format!("{subject}: became an enum");
                    let values = values(new).map(|v| Value::Array(v).to_string());
                    let change = Change::new(rule, location, message).values(None, values);
                    return self.push(change.target(target.clone()));
                }
                (Vec::new(), values(new).unwrap_or_default())
            }
            (Some(_), None) if side != Side::Response => return,
            (was, is) => (was.unwrap_or_default(), is.unwrap_or_default()),
        };
        let (added, removed) = match place {
            Place::Parameter => (
                Rule::RequestParameterEnumValueAdded,
                Rule::RequestParameterEnumValueRemoved,
            ),
            Place::ParameterProperty => (
                Rule::RequestParameterPropertyEnumValueAdded,
                Rule::RequestParameterPropertyEnumValueRemoved,
            ),
            Place::RequestProperty => (
                Rule::RequestPropertyEnumValueAdded,
                Rule::RequestPropertyEnumValueRemoved,
            ),
            // oasdiff has no rule for a value added to a body's own enum: the property rule stands for it.
            Place::RequestBody => (Rule::RequestPropertyEnumValueAdded, Rule::RequestBodyEnumValueRemoved),
            // oasdiff has a rule for a value removed from a response body's own enum, not for one added.
            Place::ResponseBody => (
                Rule::ResponsePropertyEnumValueAdded,
                Rule::ResponseMediatypeEnumValueRemoved,
            ),
            Place::ResponseProperty => (
                Rule::ResponsePropertyEnumValueAdded,
                Rule::ResponsePropertyEnumValueRemoved,
            ),
        };
        let (added, removed) = (guarded(place, new, added), guarded(place, new, removed));
        for value in is.iter().filter(|v| !was.contains(v)) {
            let change = Change::new(added, location, format!("{subject}: enum value {value} added"));
            self.push(change.values(None, Some(value.to_string())).target(target.clone()));
        }
        for value in was.iter().filter(|v| !is.contains(v)) {
            let change = Change::new(removed, location, format!("{subject}: enum value {value} removed"));
            self.push(change.values(Some(value.to_string()), None).target(target.clone()));
        }
    }

    /// Values removed from `x-extensible-enum` (Zalando's open enum: clients must accept unknown values, but a
    /// server that stops accepting one it listed refuses clients that send it). Only requests have rules.
    pub(super) fn extensible_enum(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let rule = match Place::of(at.side, at.subject) {
            Place::Parameter => Rule::RequestParameterXExtensibleEnumValueRemoved,
            Place::RequestProperty => Rule::RequestPropertyXExtensibleEnumValueRemoved,
            _ => return,
        };
        let values = |v: &Value| {
            v.get("x-extensible-enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let is = values(new);
        for value in values(old).iter().filter(|v| !is.contains(v)) {
            let message = format!("{}: x-extensible-enum value {value} removed", at.subject);
            let change = Change::new(rule, format!("{}/x-extensible-enum", at.location), message);
            self.push(change.values(Some(value.to_string()), None).target(at.target.clone()));
        }
    }

    /// A pattern added, changed, generalized (to `.*`: a request accepts anything) or removed. oasdiff has no
    /// rule for a body's own pattern: the property rules stand for it in a request; a response body's pattern, and
    /// an object parameter's property's, are not reported.
    pub(super) fn pattern(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let (side, subject, location, target) = (at.side, at.subject, at.location, at.target);
        let [added, changed, removed, generalized] = match Place::of(side, subject) {
            Place::Parameter => [
                Rule::RequestParameterPatternAdded,
                Rule::RequestParameterPatternChanged,
                Rule::RequestParameterPatternRemoved,
                Rule::RequestParameterPatternGeneralized,
            ],
            Place::RequestProperty | Place::RequestBody => [
                Rule::RequestPropertyPatternAdded,
                Rule::RequestPropertyPatternChanged,
                Rule::RequestPropertyPatternRemoved,
                Rule::RequestPropertyPatternGeneralized,
            ],
            Place::ResponseProperty => [
                Rule::ResponsePropertyPatternAdded,
                Rule::ResponsePropertyPatternChanged,
                Rule::ResponsePropertyPatternRemoved,
                Rule::ResponsePropertyPatternChanged,
            ],
            Place::ResponseBody | Place::ParameterProperty => return,
        };
        let text = |v: &Value| v.get("pattern").and_then(Value::as_str).map(str::to_owned);
        let (was, is) = (text(old), text(new));
        let rule = match (&was, &is) {
            (None, Some(_)) => added,
            (Some(_), None) => removed,
            (Some(a), Some(b)) if a != b && b == ".*" => generalized,
            (Some(a), Some(b)) if a != b => changed,
            _ => return,
        };
        let show = |p: &Option<String>| p.as_ref().map_or("none".to_owned(), |p| format!("`{p}`"));
        let message = format!("{subject}: pattern changed from {} to {}", show(&was), show(&is));
        self.push(
            Change::new(rule, location, message)
                .values(was, is)
                .target(target.clone()),
        );
    }
}
