//! Numeric bounds of a schema (`maximum`, `minimum` and their 3.0 `exclusive…` flags, `maxLength`, `minLength`,
//! `minItems`, `maxItems`), wherever
//! the schema is: a parameter, a request body or one of its properties, a response body or one of its properties.
//!
//! One table holds every rule: which bound, where, and how it moved. A request is hurt when a bound tightens (a
//! value a client sends may now be refused); setting a bound where there was none is oasdiff's `…-set`, a warning
//! (the values sent may already lie within it); `minLength` has an implicit 0, so setting it is an increase. A
//! response is hurt when a bound loosens (a client may now receive values it does not allow for). A move the
//! table does not list is compatible and reported by no rule, as in oasdiff.

use serde_json::Value;

use super::{At, Change, Context, Place};
use crate::diff::rules::Rule;

/// How a bound moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Up,
    Down,
    /// Set where there was none.
    Set,
    /// Removed.
    Unset,
}

use Move::{Down, Set, Unset, Up};
use Place::{Parameter, RequestBody, RequestProperty, ResponseBody, ResponseProperty};

/// Every bound rule: (keyword, place, move) → rule.
#[rustfmt::skip]
const BOUND_RULES: &[(&str, Place, Move, Rule)] = &[
    ("maximum", Parameter, Down, Rule::RequestParameterMaxDecreased),
    ("maximum", Parameter, Up, Rule::RequestParameterMaxIncreased),
    ("maximum", Parameter, Unset, Rule::RequestParameterMaxIncreased),
    ("maximum", Parameter, Set, Rule::RequestParameterMaxSet),
    ("maximum", RequestProperty, Down, Rule::RequestPropertyMaxDecreased),
    ("maximum", RequestProperty, Up, Rule::RequestPropertyMaxIncreased),
    ("maximum", RequestProperty, Unset, Rule::RequestPropertyMaxIncreased),
    ("maximum", RequestProperty, Set, Rule::RequestPropertyMaxSet),
    ("maximum", RequestBody, Down, Rule::RequestBodyMaxDecreased),
    ("maximum", RequestBody, Up, Rule::RequestBodyMaxIncreased),
    ("maximum", RequestBody, Unset, Rule::RequestBodyMaxIncreased),
    ("maximum", RequestBody, Set, Rule::RequestBodyMaxSet),
    ("maximum", ResponseProperty, Up, Rule::ResponsePropertyMaxIncreased),
    ("maximum", ResponseProperty, Unset, Rule::ResponsePropertyMaxIncreased),
    ("maximum", ResponseBody, Up, Rule::ResponseBodyMaxIncreased),
    ("maximum", ResponseBody, Unset, Rule::ResponseBodyMaxIncreased),
    ("minimum", Parameter, Up, Rule::RequestParameterMinIncreased),
    ("minimum", Parameter, Down, Rule::RequestParameterMinDecreased),
    ("minimum", Parameter, Unset, Rule::RequestParameterMinDecreased),
    ("minimum", Parameter, Set, Rule::RequestParameterMinSet),
    ("minimum", RequestProperty, Up, Rule::RequestPropertyMinIncreased),
    ("minimum", RequestProperty, Down, Rule::RequestPropertyMinDecreased),
    ("minimum", RequestProperty, Unset, Rule::RequestPropertyMinDecreased),
    ("minimum", RequestProperty, Set, Rule::RequestPropertyMinSet),
    ("minimum", RequestBody, Up, Rule::RequestBodyMinIncreased),
    ("minimum", RequestBody, Down, Rule::RequestBodyMinDecreased),
    ("minimum", RequestBody, Unset, Rule::RequestBodyMinDecreased),
    ("minimum", RequestBody, Set, Rule::RequestBodyMinSet),
    ("minimum", ResponseProperty, Down, Rule::ResponsePropertyMinDecreased),
    ("minimum", ResponseProperty, Unset, Rule::ResponsePropertyMinDecreased),
    ("minimum", ResponseBody, Down, Rule::ResponseBodyMinDecreased),
    ("minimum", ResponseBody, Unset, Rule::ResponseBodyMinDecreased),
    ("maxLength", Parameter, Down, Rule::RequestParameterMaxLengthDecreased),
    ("maxLength", Parameter, Up, Rule::RequestParameterMaxLengthIncreased),
    ("maxLength", Parameter, Unset, Rule::RequestParameterMaxLengthIncreased),
    ("maxLength", Parameter, Set, Rule::RequestParameterMaxLengthSet),
    ("maxLength", RequestProperty, Down, Rule::RequestPropertyMaxLengthDecreased),
    ("maxLength", RequestProperty, Up, Rule::RequestPropertyMaxLengthIncreased),
    ("maxLength", RequestProperty, Unset, Rule::RequestPropertyMaxLengthIncreased),
    ("maxLength", RequestProperty, Set, Rule::RequestPropertyMaxLengthSet),
    ("maxLength", RequestBody, Down, Rule::RequestBodyMaxLengthDecreased),
    ("maxLength", RequestBody, Up, Rule::RequestBodyMaxLengthIncreased),
    ("maxLength", RequestBody, Unset, Rule::RequestBodyMaxLengthIncreased),
    ("maxLength", RequestBody, Set, Rule::RequestBodyMaxLengthSet),
    ("maxLength", ResponseProperty, Up, Rule::ResponsePropertyMaxLengthIncreased),
    ("maxLength", ResponseProperty, Unset, Rule::ResponsePropertyMaxLengthUnset),
    ("maxLength", ResponseBody, Up, Rule::ResponseBodyMaxLengthIncreased),
    ("maxLength", ResponseBody, Unset, Rule::ResponseBodyMaxLengthUnset),
    ("minLength", Parameter, Up, Rule::RequestParameterMinLengthIncreased),
    ("minLength", Parameter, Set, Rule::RequestParameterMinLengthIncreased),
    ("minLength", Parameter, Down, Rule::RequestParameterMinLengthDecreased),
    ("minLength", Parameter, Unset, Rule::RequestParameterMinLengthDecreased),
    ("minLength", RequestProperty, Up, Rule::RequestPropertyMinLengthIncreased),
    ("minLength", RequestProperty, Set, Rule::RequestPropertyMinLengthIncreased),
    ("minLength", RequestProperty, Down, Rule::RequestPropertyMinLengthDecreased),
    ("minLength", RequestProperty, Unset, Rule::RequestPropertyMinLengthDecreased),
    ("minLength", RequestBody, Up, Rule::RequestBodyMinLengthIncreased),
    ("minLength", RequestBody, Set, Rule::RequestBodyMinLengthIncreased),
    ("minLength", RequestBody, Down, Rule::RequestBodyMinLengthDecreased),
    ("minLength", RequestBody, Unset, Rule::RequestBodyMinLengthDecreased),
    ("minLength", ResponseProperty, Down, Rule::ResponsePropertyMinLengthDecreased),
    ("minLength", ResponseProperty, Unset, Rule::ResponsePropertyMinLengthDecreased),
    ("minLength", ResponseBody, Down, Rule::ResponseBodyMinLengthDecreased),
    ("minLength", ResponseBody, Unset, Rule::ResponseBodyMinLengthDecreased),
    ("minItems", Parameter, Up, Rule::RequestParameterMinItemsIncreased),
    ("minItems", Parameter, Down, Rule::RequestParameterMinItemsDecreased),
    ("minItems", Parameter, Unset, Rule::RequestParameterMinItemsDecreased),
    ("minItems", Parameter, Set, Rule::RequestParameterMinItemsSet),
    ("minItems", RequestProperty, Up, Rule::RequestPropertyMinItemsIncreased),
    ("minItems", RequestProperty, Set, Rule::RequestPropertyMinItemsSet),
    ("minItems", RequestBody, Up, Rule::RequestBodyMinItemsIncreased),
    ("minItems", RequestBody, Set, Rule::RequestBodyMinItemsSet),
    ("minItems", ResponseProperty, Down, Rule::ResponsePropertyMinItemsDecreased),
    ("minItems", ResponseProperty, Unset, Rule::ResponsePropertyMinItemsUnset),
    ("minItems", ResponseBody, Down, Rule::ResponseBodyMinItemsDecreased),
    ("minItems", ResponseBody, Unset, Rule::ResponseBodyMinItemsUnset),
    ("maxItems", Parameter, Down, Rule::RequestParameterMaxItemsDecreased),
    ("maxItems", Parameter, Up, Rule::RequestParameterMaxItemsIncreased),
    ("maxItems", Parameter, Unset, Rule::RequestParameterMaxItemsIncreased),
    ("exclusiveMaximum", Parameter, Down, Rule::RequestParameterExclusiveMaxDecreased),
    ("exclusiveMaximum", Parameter, Up, Rule::RequestParameterExclusiveMaxIncreased),
    ("exclusiveMaximum", Parameter, Unset, Rule::RequestParameterExclusiveMaxIncreased),
    ("exclusiveMaximum", Parameter, Set, Rule::RequestParameterExclusiveMaxSet),
    ("exclusiveMinimum", Parameter, Up, Rule::RequestParameterExclusiveMinIncreased),
    ("exclusiveMinimum", Parameter, Down, Rule::RequestParameterExclusiveMinDecreased),
    ("exclusiveMinimum", Parameter, Unset, Rule::RequestParameterExclusiveMinDecreased),
    ("exclusiveMinimum", Parameter, Set, Rule::RequestParameterExclusiveMinSet),
    ("exclusiveMaximum", RequestProperty, Down, Rule::RequestPropertyExclusiveMaxDecreased),
    ("exclusiveMaximum", RequestProperty, Up, Rule::RequestPropertyExclusiveMaxIncreased),
    ("exclusiveMaximum", RequestProperty, Unset, Rule::RequestPropertyExclusiveMaxIncreased),
    ("exclusiveMaximum", RequestProperty, Set, Rule::RequestPropertyExclusiveMaxSet),
    ("exclusiveMinimum", RequestProperty, Up, Rule::RequestPropertyExclusiveMinIncreased),
    ("exclusiveMinimum", RequestProperty, Down, Rule::RequestPropertyExclusiveMinDecreased),
    ("exclusiveMinimum", RequestProperty, Unset, Rule::RequestPropertyExclusiveMinDecreased),
    ("exclusiveMinimum", RequestProperty, Set, Rule::RequestPropertyExclusiveMinSet),
    ("exclusiveMaximum", RequestBody, Down, Rule::RequestBodyExclusiveMaxDecreased),
    ("exclusiveMaximum", RequestBody, Up, Rule::RequestBodyExclusiveMaxIncreased),
    ("exclusiveMaximum", RequestBody, Unset, Rule::RequestBodyExclusiveMaxIncreased),
    ("exclusiveMaximum", RequestBody, Set, Rule::RequestBodyExclusiveMaxSet),
    ("exclusiveMinimum", RequestBody, Up, Rule::RequestBodyExclusiveMinIncreased),
    ("exclusiveMinimum", RequestBody, Down, Rule::RequestBodyExclusiveMinDecreased),
    ("exclusiveMinimum", RequestBody, Unset, Rule::RequestBodyExclusiveMinDecreased),
    ("exclusiveMinimum", RequestBody, Set, Rule::RequestBodyExclusiveMinSet),
    ("exclusiveMaximum", ResponseProperty, Up, Rule::ResponsePropertyExclusiveMaxIncreased),
    ("exclusiveMaximum", ResponseProperty, Unset, Rule::ResponsePropertyExclusiveMaxIncreased),
    ("exclusiveMinimum", ResponseProperty, Down, Rule::ResponsePropertyExclusiveMinDecreased),
    ("exclusiveMinimum", ResponseProperty, Unset, Rule::ResponsePropertyExclusiveMinDecreased),
    ("exclusiveMaximum", ResponseBody, Up, Rule::ResponseBodyExclusiveMaxIncreased),
    ("exclusiveMaximum", ResponseBody, Unset, Rule::ResponseBodyExclusiveMaxIncreased),
    ("exclusiveMinimum", ResponseBody, Down, Rule::ResponseBodyExclusiveMinDecreased),
    ("exclusiveMinimum", ResponseBody, Unset, Rule::ResponseBodyExclusiveMinDecreased),
];

/// The keywords the table covers, in the order findings are reported.
const KEYWORDS: [&str; 8] = [
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "minItems",
    "maxItems",
];

/// How the bound `key` moved from `old` to `new`, if it did.
fn moved(key: &str, old: &Value, new: &Value) -> Option<(Move, String, String)> {
    match key {
        // OpenAPI 3.0's exclusive bounds are flags on `maximum`/`minimum`: turning one on tightens the bound.
        "exclusiveMaximum" | "exclusiveMinimum" => {
            let flag = |v: &Value| v.get(key).and_then(Value::as_bool);
            let (was, is) = (flag(old), flag(new));
            let (tighter, looser) = if key == "exclusiveMaximum" {
                (Down, Up)
            } else {
                (Up, Down)
            };
            let moved = match (was, is) {
                (None, Some(true)) => Set,
                (Some(true), None) => Unset,
                (a, b) if a.unwrap_or(false) == b.unwrap_or(false) => return None,
                (_, Some(true)) => tighter,
                _ => looser,
            };
            let show = |b: Option<bool>| b.map_or("none".to_owned(), |b| b.to_string());
            Some((moved, show(was), show(is)))
        }
        _ => {
            let number = |v: &Value| v.get(key).and_then(Value::as_f64);
            let (was, is) = (number(old), number(new));
            let moved = match (was, is) {
                (Some(a), Some(b)) if b > a => Up,
                (Some(a), Some(b)) if b < a => Down,
                (None, Some(_)) => Set,
                (Some(_), None) => Unset,
                _ => return None,
            };
            let show = |n: Option<f64>| n.map_or("none".to_owned(), |n| n.to_string());
            Some((moved, show(was), show(is)))
        }
    }
}

impl Context<'_> {
    /// The bounds of two schemas at `location`, compared.
    pub(super) fn bounds(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let (side, subject, location, target) = (at.side, at.subject, at.location, at.target);
        let place = Place::of(side, subject);
        for key in KEYWORDS {
            let Some((moved, was, is)) = moved(key, old, new) else {
                continue;
            };
            let Some(&(_, _, _, rule)) = BOUND_RULES
                .iter()
                .find(|(k, p, m, _)| *k == key && *p == place && *m == moved)
            else {
                continue;
            };
            let rule = super::access::guarded(place, new, rule);
            let message = format!("{subject}: {key} changed from {was} to {is}");
            self.push(
                Change::new(rule, location, message)
                    .values(Some(was), Some(is))
                    .target(target.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bound_rule_is_listed_once_and_a_rule_names_one_keyword() {
        for (i, (key, place, moved, rule)) in BOUND_RULES.iter().enumerate() {
            assert!(KEYWORDS.contains(key), "{key}");
            let again = BOUND_RULES[i + 1..]
                .iter()
                .any(|(k, p, m, _)| k == key && p == place && m == moved);
            assert!(!again, "{key} {place:?} {moved:?} is listed twice");
            let others = BOUND_RULES.iter().filter(|(k, _, _, r)| r == rule && k != key).count();
            assert_eq!(others, 0, "{rule} belongs to {key} only");
        }
    }
}
