//! The lifecycle of operations, as oasdiff judges it: deprecation and reactivation, the sunset date (`x-sunset`)
//! a deprecation should carry, and whether a removed operation was deprecated and past its sunset.

use serde_json::Value;

use super::operations::OperationRef;
use super::{Change, Context, Rule, Target, flag};

/// How long a deprecated operation must stay before its sunset, as oasdiff's default for stable APIs.
pub const MIN_SUNSET_DAYS: i64 = 180;

impl<'a> Context<'a> {
    /// An operation of the base missing from the head: removed without deprecation, before its sunset, or after.
    pub(super) fn removed(&mut self, op: &OperationRef<'a>) {
        let (rule, message) = match (flag(op.operation, "deprecated"), sunset(op.operation)) {
            (false, _) => (
                Rule::ApiRemovedWithoutDeprecation,
                "operation removed without a deprecation first".to_owned(),
            ),
            (true, Some(date)) if date > self.today => (
                Rule::ApiRemovedBeforeSunset,
                format!("deprecated operation removed before its sunset date {date}"),
            ),
            (true, _) => (
                Rule::ApiRemovedWithDeprecation,
                "deprecated operation removed".to_owned(),
            ),
        };
        self.push(Change::new(rule, op.pointer.clone(), message).target(Target::Operation));
    }

    /// An operation deprecated, reactivated, or kept deprecated with its sunset date changed.
    pub(super) fn deprecation(&mut self, old: &Value, new: &Value, pointer: &str) {
        match (flag(old, "deprecated"), flag(new, "deprecated")) {
            (false, true) => {
                let message = match sunset(new) {
                    Some(date) => format!("operation deprecated, sunset on {date}"),
                    None => "operation deprecated".to_owned(),
                };
                self.push(
                    Change::new(Rule::EndpointDeprecated, format!("{pointer}/deprecated"), message)
                        .target(Target::Operation),
                );
                self.new_sunset(new, pointer);
            }
            (true, true) => self.changed_sunset(old, new, pointer),
            (true, false) => self.push(
                Change::new(
                    Rule::EndpointReactivated,
                    format!("{pointer}/deprecated"),
                    "operation no longer deprecated",
                )
                .target(Target::Operation),
            ),
            (false, false) => {}
        }
    }

    /// A newly deprecated operation should say when it goes (`x-sunset`), and not sooner than clients can move.
    fn new_sunset(&mut self, new: &Value, pointer: &str) {
        let location = format!("{pointer}/x-sunset");
        match sunset(new) {
            None => self.push(
                Change::new(
                    Rule::ApiDeprecatedSunsetMissing,
                    location,
                    "operation deprecated without a sunset date (`x-sunset`)",
                )
                .target(Target::Operation),
            ),
            Some(date) if (date - self.today).num_days() < MIN_SUNSET_DAYS => {
                // Today's date stays out of the message, so that a report of the same change reads the same.
                let message = if date <= self.today {
                    format!("sunset date {date} has passed already")
                } else {
                    format!("sunset date {date} is less than {MIN_SUNSET_DAYS} days away")
                };
                let change = Change::new(Rule::ApiSunsetDateTooSmall, location, message);
                self.push(change.values(None, Some(date.to_string())).target(Target::Operation));
            }
            Some(_) => {}
        }
    }

    /// The sunset date of an operation that stays deprecated: removed, or brought forward.
    fn changed_sunset(&mut self, old: &Value, new: &Value, pointer: &str) {
        let location = format!("{pointer}/x-sunset");
        match (sunset(old), sunset(new)) {
            (Some(was), None) => {
                let change = Change::new(Rule::SunsetDeleted, location, format!("sunset date {was} removed"));
                self.push(change.values(Some(was.to_string()), None).target(Target::Operation));
            }
            (Some(was), Some(is)) if is < was && (is - self.today).num_days() < MIN_SUNSET_DAYS => {
                let message =
                    format!("sunset date brought forward from {was} to {is}, less than {MIN_SUNSET_DAYS} days away");
                let change = Change::new(Rule::ApiSunsetDateChangedTooSmall, location, message);
                self.push(
                    change
                        .values(Some(was.to_string()), Some(is.to_string()))
                        .target(Target::Operation),
                );
            }
            _ => {}
        }
    }
}

/// An operation's sunset date (`x-sunset`: `YYYY-MM-DD`, or an RFC 3339 date-time whose date is taken).
fn sunset(operation: &Value) -> Option<chrono::NaiveDate> {
    let text = operation.get("x-sunset").and_then(Value::as_str)?;
    let date = text.get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}
