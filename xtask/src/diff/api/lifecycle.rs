//! The lifecycle of operations, parameters and properties, as oasdiff judges it: deprecation and reactivation,
//! the sunset date (`x-sunset`) a deprecation should carry, and whether a removed operation or parameter was
//! deprecated and past its sunset. One walk serves all three; [`Lifecycle`] says which rules each reports under.

use serde_json::Value;

use super::{Change, Context, Rule, Target, flag};

/// How long a deprecated operation must stay before its sunset, as oasdiff's default for stable APIs.
pub const MIN_SUNSET_DAYS: i64 = 180;

/// The rules of one kind of thing that can be deprecated; `None` where oasdiff has no rule for it.
pub(super) struct Lifecycle {
    deprecated: Rule,
    /// Deprecated with a sunset date far enough away (else `deprecated` says so).
    deprecated_with_sunset: Option<Rule>,
    sunset_missing: Rule,
    /// An `x-sunset` that is not a date.
    sunset_unreadable: Rule,
    sunset_too_small: Rule,
    reactivated: Rule,
    sunset_deleted: Option<Rule>,
    sunset_changed_too_small: Option<Rule>,
    /// `x-stability-level` lowered, raised, or not a level; `None` where oasdiff has no such rules.
    stability: Option<[Rule; 2]>,
    stability_invalid: Option<Rule>,
}

pub(super) const OPERATION: Lifecycle = Lifecycle {
    deprecated: Rule::EndpointDeprecated,
    deprecated_with_sunset: Some(Rule::EndpointDeprecatedWithSunset),
    sunset_missing: Rule::ApiDeprecatedSunsetMissing,
    sunset_unreadable: Rule::ApiDeprecatedSunsetParse,
    sunset_too_small: Rule::ApiSunsetDateTooSmall,
    reactivated: Rule::EndpointReactivated,
    sunset_deleted: Some(Rule::SunsetDeleted),
    sunset_changed_too_small: Some(Rule::ApiSunsetDateChangedTooSmall),
    stability: Some([Rule::ApiStabilityDecreased, Rule::ApiStabilityIncreased]),
    stability_invalid: Some(Rule::ApiInvalidStabilityLevel),
};

pub(super) const PARAMETER: Lifecycle = Lifecycle {
    deprecated: Rule::RequestParameterDeprecated,
    deprecated_with_sunset: None,
    sunset_missing: Rule::RequestParameterDeprecatedSunsetMissing,
    sunset_unreadable: Rule::RequestParameterSunsetParse,
    sunset_too_small: Rule::RequestParameterSunsetDateTooSmall,
    reactivated: Rule::RequestParameterReactivated,
    sunset_deleted: Some(Rule::RequestParameterSunsetDeleted),
    sunset_changed_too_small: Some(Rule::RequestParameterSunsetDateChangedTooSmall),
    stability: None,
    stability_invalid: None,
};

pub(super) const REQUEST_PROPERTY: Lifecycle = Lifecycle {
    deprecated: Rule::RequestPropertyDeprecated,
    deprecated_with_sunset: Some(Rule::RequestPropertyDeprecatedWithSunset),
    sunset_missing: Rule::RequestPropertyDeprecatedSunsetMissing,
    sunset_unreadable: Rule::RequestPropertyDeprecatedSunsetInvalid,
    sunset_too_small: Rule::RequestPropertySunsetDateTooSmall,
    reactivated: Rule::RequestPropertyReactivated,
    sunset_deleted: None,
    sunset_changed_too_small: None,
    stability: Some([
        Rule::RequestPropertyStabilityDecreased,
        Rule::RequestPropertyStabilityIncreased,
    ]),
    stability_invalid: None,
};

pub(super) const RESPONSE_PROPERTY: Lifecycle = Lifecycle {
    deprecated: Rule::ResponsePropertyDeprecated,
    deprecated_with_sunset: Some(Rule::ResponsePropertyDeprecatedWithSunset),
    sunset_missing: Rule::ResponsePropertyDeprecatedSunsetMissing,
    sunset_unreadable: Rule::ResponsePropertyDeprecatedSunsetInvalid,
    sunset_too_small: Rule::ResponsePropertySunsetDateTooSmall,
    reactivated: Rule::ResponsePropertyReactivated,
    sunset_deleted: None,
    sunset_changed_too_small: None,
    stability: Some([
        Rule::ResponsePropertyStabilityDecreased,
        Rule::ResponsePropertyStabilityIncreased,
    ]),
    stability_invalid: None,
};

impl<'a> Context<'a> {
    /// An operation of the base missing from the head: removed without deprecation, before its sunset, or after.
    /// oasdiff has rules of their own for the operations of a path removed whole (`path_gone`), and skips those
    /// of alpha or draft stability there.
    pub(super) fn removed(&mut self, operation: &Value, pointer: &str, path_gone: bool) {
        let level = operation.get("x-stability-level").and_then(Value::as_str);
        if path_gone && matches!(level, Some("alpha" | "draft")) {
            return;
        }
        let [without, with, before_sunset] = if path_gone {
            [
                Rule::ApiPathRemovedWithoutDeprecation,
                Rule::ApiPathRemovedWithDeprecation,
                Rule::ApiPathRemovedBeforeSunset,
            ]
        } else {
            [
                Rule::ApiRemovedWithoutDeprecation,
                Rule::ApiRemovedWithDeprecation,
                Rule::ApiRemovedBeforeSunset,
            ]
        };
        let what = if path_gone {
            "operation removed with its path"
        } else {
            "operation removed"
        };
        let unreadable = operation.get("x-sunset").is_some() && sunset(operation).is_none();
        let (rule, message) = match (flag(operation, "deprecated"), sunset(operation)) {
            (false, _) => (without, format!("{what} without a deprecation first")),
            (true, _) if unreadable => (
                Rule::ApiPathSunsetParse,
                format!("deprecated {what}; its x-sunset is not a date"),
            ),
            (true, Some(date)) if date > self.today => (
                before_sunset,
                format!("deprecated {what} before its sunset date {date}"),
            ),
            (true, _) => (with, format!("deprecated {what}")),
        };
        let change = Change::new(rule, pointer.to_owned(), message).values(self.operation.clone(), None);
        self.push(change.target(Target::Operation));
    }

    /// A parameter of the base missing from the head (`old` is it): removed without deprecation (a warning),
    /// before its sunset, or after.
    pub(super) fn removed_parameter(&mut self, old: &Value, what: &str, location: &str, target: &Target) {
        let (rule, message) = match (flag(old, "deprecated"), sunset(old)) {
            (false, _) => (Rule::RequestParameterRemoved, format!("{what} removed")),
            (true, Some(date)) if date > self.today => (
                Rule::RequestParameterRemovedBeforeSunset,
                format!("deprecated {what} removed before its sunset date {date}"),
            ),
            (true, _) => (
                Rule::RequestParameterRemovedWithDeprecation,
                format!("deprecated {what} removed"),
            ),
        };
        self.push(
            Change::new(rule, location, message)
                .removed(what)
                .target(target.clone()),
        );
    }

    /// A thing kept in both revisions: deprecated, reactivated, or kept deprecated with its sunset date changed.
    pub(super) fn deprecation(&mut self, thing: &Deprecatable, old: &Value, new: &Value) {
        self.stability(thing, old, new);
        let what = thing.what;
        match (flag(old, "deprecated"), flag(new, "deprecated")) {
            (false, true) => self.new_sunset(thing, new),
            (true, true) => self.changed_sunset(thing, old, new),
            (true, false) => self.push(
                thing
                    .change(
                        thing.rules.reactivated,
                        "deprecated",
                        format!("{what} no longer deprecated"),
                    )
                    .flipped(true, false),
            ),
            (false, false) => {}
        }
    }

    /// A newly deprecated thing should say when it goes (`x-sunset`), and not sooner than clients can move.
    fn new_sunset(&mut self, thing: &Deprecatable, new: &Value) {
        let (rules, what) = (thing.rules, thing.what);
        let Some(date) = sunset(new) else {
            self.push(
                thing
                    .change(rules.deprecated, "deprecated", format!("{what} deprecated"))
                    .flipped(false, true),
            );
            let change = match new.get("x-sunset") {
                None => thing.change(
                    rules.sunset_missing,
                    "x-sunset",
                    format!("{what} deprecated without a sunset date (`x-sunset`)"),
                ),
                Some(text) => thing
                    .change(
                        rules.sunset_unreadable,
                        "x-sunset",
                        format!("{what}: `x-sunset` {text} is not a date (YYYY-MM-DD or RFC 3339)"),
                    )
                    .values(None, Some(text.to_string())),
            };
            return self.push(change);
        };
        let too_soon = (date - self.today).num_days() < self.sunset_min_days;
        let rule = match rules.deprecated_with_sunset {
            Some(with_sunset) if !too_soon => with_sunset,
            _ => rules.deprecated,
        };
        let message = format!("{what} deprecated, sunset on {date}");
        self.push(
            thing
                .change(rule, "deprecated", message)
                .values(None, Some(date.to_string())),
        );
        if too_soon {
            // Today's date stays out of the message, so that a report of the same change reads the same.
            let message = if date <= self.today {
                format!("{what}: sunset date {date} has passed already")
            } else {
                format!(
                    "{what}: sunset date {date} is less than {} days away",
                    self.sunset_min_days
                )
            };
            let change = thing.change(rules.sunset_too_small, "x-sunset", message);
            self.push(change.values(None, Some(date.to_string())));
        }
    }

    /// The sunset date of a thing that stays deprecated: removed, or brought forward.
    fn changed_sunset(&mut self, thing: &Deprecatable, old: &Value, new: &Value) {
        let (rules, what) = (thing.rules, thing.what);
        match (
            sunset(old),
            sunset(new),
            rules.sunset_deleted,
            rules.sunset_changed_too_small,
        ) {
            (Some(was), None, Some(rule), _) => {
                let change = thing.change(rule, "x-sunset", format!("{what}: sunset date {was} removed"));
                self.push(change.values(Some(was.to_string()), None));
            }
            (Some(was), Some(is), _, Some(rule)) if is < was && (is - self.today).num_days() < self.sunset_min_days => {
                let message = format!(
                    "{what}: sunset date brought forward from {was} to {is}, less than {} days away",
                    self.sunset_min_days
                );
                let change = thing.change(rule, "x-sunset", message);
                self.push(change.values(Some(was.to_string()), Some(is.to_string())));
            }
            _ => {}
        }
    }
}

/// A thing that can be deprecated, as one walk meets it: the rules of its kind, how messages name it
/// ("operation", "query parameter `q`", …), where it is in the head, and what in the Rust API it belongs to.
pub(super) struct Deprecatable<'s> {
    pub(super) rules: &'static Lifecycle,
    pub(super) what: &'s str,
    pub(super) pointer: &'s str,
    pub(super) target: &'s Target,
}

impl Deprecatable<'_> {
    /// A change of one of its lifecycle keywords (`deprecated`, `x-sunset`, `x-stability-level`).
    fn change(&self, rule: Rule, keyword: &str, message: String) -> Change {
        Change::new(rule, format!("{}/{keyword}", self.pointer), message).target(self.target.clone())
    }
}

/// The stability levels of `x-stability-level`, least stable first; a thing without one is stable.
const STABILITY_LEVELS: [&str; 4] = ["draft", "alpha", "beta", "stable"];

impl Context<'_> {
    /// `x-stability-level` lowered (clients relied on the promise it made) or raised; a value that is no level.
    fn stability(&mut self, thing: &Deprecatable, old: &Value, new: &Value) {
        let (rules, what) = (thing.rules, thing.what);
        let Some([decreased, increased]) = rules.stability else {
            return;
        };
        let level = |v: &Value| {
            v.get("x-stability-level")
                .map(|l| l.as_str().unwrap_or_default().to_owned())
        };
        let rank = |level: &Option<String>| match level {
            None => Some(STABILITY_LEVELS.len() - 1),
            Some(level) => STABILITY_LEVELS.iter().position(|l| l == level),
        };
        let (was, is) = (level(old), level(new));
        let Some(new_rank) = rank(&is) else {
            // Reported when it is set or changed, not again for every later revision.
            if let Some(invalid) = rules.stability_invalid.filter(|_| is != was) {
                let message = format!(
                    "{what}: `x-stability-level` {:?} is not one of {STABILITY_LEVELS:?}",
                    is.clone().unwrap_or_default()
                );
                self.push(thing.change(invalid, "x-stability-level", message).values(was, is));
            }
            return;
        };
        let Some(old_rank) = rank(&was) else { return };
        let show = |l: &Option<String>| l.clone().unwrap_or_else(|| "stable".to_owned());
        let (rule, how) = match new_rank.cmp(&old_rank) {
            std::cmp::Ordering::Less => (decreased, "lowered"),
            std::cmp::Ordering::Greater => (increased, "raised"),
            std::cmp::Ordering::Equal => return,
        };
        let message = format!("{what}: stability {how} from {} to {}", show(&was), show(&is));
        let change = thing.change(rule, "x-stability-level", message);
        self.push(change.values(Some(show(&was)), Some(show(&is))));
    }
}

/// A sunset date (`x-sunset`: `YYYY-MM-DD`, or an RFC 3339 date-time whose date is taken).
fn sunset(holder: &Value) -> Option<chrono::NaiveDate> {
    let text = holder.get("x-sunset").and_then(Value::as_str)?;
    let date = text.get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}
