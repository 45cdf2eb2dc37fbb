//! `readOnly` and `writeOnly` properties. A read-only property is never sent in a request, so a tighter
//! constraint on it breaks no request; a write-only one is never received in a response. oasdiff reports changes
//! of such properties under rules of their own (mostly info), and a property becoming read-only or write-only, or
//! no longer so, under others.

use serde_json::Value;

use super::{Change, Context, Place, Side, Subject, Target, flag};
use crate::diff::rules::Rule;

/// (side, required now, keyword, now set) → rule.
#[rustfmt::skip]
const BECAME: &[(Side, bool, &str, bool, Rule)] = &[
    (Side::Request, true, "readOnly", true, Rule::RequestRequiredPropertyBecameReadOnly),
    (Side::Request, true, "readOnly", false, Rule::RequestRequiredPropertyBecameNotReadOnly),
    (Side::Request, true, "writeOnly", true, Rule::RequestRequiredPropertyBecameWriteOnly),
    (Side::Request, true, "writeOnly", false, Rule::RequestRequiredPropertyBecameNotWriteOnly),
    (Side::Request, false, "readOnly", true, Rule::RequestOptionalPropertyBecameReadOnly),
    (Side::Request, false, "readOnly", false, Rule::RequestOptionalPropertyBecameNotReadOnly),
    (Side::Request, false, "writeOnly", true, Rule::RequestOptionalPropertyBecameWriteOnly),
    (Side::Request, false, "writeOnly", false, Rule::RequestOptionalPropertyBecameNotWriteOnly),
    (Side::Response, true, "readOnly", true, Rule::ResponseRequiredPropertyBecameReadOnly),
    (Side::Response, true, "readOnly", false, Rule::ResponseRequiredPropertyBecameNotReadOnly),
    (Side::Response, true, "writeOnly", true, Rule::ResponseRequiredPropertyBecameWriteOnly),
    (Side::Response, true, "writeOnly", false, Rule::ResponseRequiredPropertyBecameNotWriteOnly),
    (Side::Response, false, "readOnly", true, Rule::ResponseOptionalPropertyBecameReadOnly),
    (Side::Response, false, "readOnly", false, Rule::ResponseOptionalPropertyBecameNotReadOnly),
    (Side::Response, false, "writeOnly", true, Rule::ResponseOptionalPropertyBecameWriteOnly),
    (Side::Response, false, "writeOnly", false, Rule::ResponseOptionalPropertyBecameNotWriteOnly),
];

/// A rule and the one that replaces it when the property cannot be in the message: `readOnly` in a request,
/// `writeOnly` in a response.
#[rustfmt::skip]
const GUARDED: &[(Rule, Rule)] = &[
    (Rule::RequestPropertyEnumValueRemoved, Rule::RequestReadOnlyPropertyEnumValueRemoved),
    (Rule::RequestPropertyMaxDecreased, Rule::RequestReadOnlyPropertyMaxDecreased),
    (Rule::RequestPropertyExclusiveMaxDecreased, Rule::RequestReadOnlyPropertyExclusiveMaxDecreased),
    (Rule::RequestPropertyExclusiveMinIncreased, Rule::RequestReadOnlyPropertyExclusiveMinIncreased),
    (Rule::RequestPropertyMaxLengthDecreased, Rule::RequestReadOnlyPropertyMaxLengthDecreased),
    (Rule::RequestPropertyMinIncreased, Rule::RequestReadOnlyPropertyMinIncreased),
    (Rule::ResponsePropertyEnumValueAdded, Rule::ResponseWriteOnlyPropertyEnumValueAdded),
    (Rule::ResponseRequiredPropertyAdded, Rule::ResponseRequiredWriteOnlyPropertyAdded),
    (Rule::ResponseOptionalPropertyAdded, Rule::ResponseOptionalWriteOnlyPropertyAdded),
    (Rule::ResponseRequiredPropertyRemoved, Rule::ResponseRequiredWriteOnlyPropertyRemoved),
    (Rule::ResponseOptionalPropertyRemoved, Rule::ResponseOptionalWriteOnlyPropertyRemoved),
    (Rule::ResponsePropertyBecameRequired, Rule::ResponseWriteOnlyPropertyBecameRequired),
    (Rule::ResponsePropertyBecameOptional, Rule::ResponseWriteOnlyPropertyBecameOptional),
];

/// `rule`, or the rule that replaces it when `schema` (a property's) is absent from the message at `place`.
pub(super) fn guarded(place: Place, schema: &Value, rule: Rule) -> Rule {
    let absent = match place {
        Place::RequestProperty => flag(schema, "readOnly"),
        Place::ResponseProperty => flag(schema, "writeOnly"),
        _ => false,
    };
    let replacement = GUARDED
        .iter()
        .find(|(plain, _)| *plain == rule)
        .map(|(_, guarded)| *guarded);
    match replacement {
        Some(guarded) if absent => guarded,
        _ => rule,
    }
}

impl Context<'_> {
    /// A property (resolved schemas `old`, `new`) that became read-only or write-only, or no longer is.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn access(
        &mut self,
        side: Side,
        required: bool,
        subject: &Subject,
        location: &str,
        old: &Value,
        new: &Value,
        target: &Target,
    ) {
        for keyword in ["readOnly", "writeOnly"] {
            let now = flag(new, keyword);
            if flag(old, keyword) == now {
                continue;
            }
            let Some((.., rule)) = BECAME
                .iter()
                .find(|(s, r, k, set, _)| *s == side && *r == required && *k == keyword && *set == now)
            else {
                continue;
            };
            let message = format!("{subject}: {} {keyword}", if now { "became" } else { "is no longer" });
            let change = Change::new(*rule, format!("{location}/{keyword}"), message).flipped(!now, now);
            self.push(change.target(target.clone()));
        }
    }
}
