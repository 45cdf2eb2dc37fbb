//! An operation's responses: statuses added and removed, and for a status in both revisions its headers, media
//! types and JSON schema.

use std::collections::BTreeMap;

use serde_json::Value;

use super::types::{self, TypeFormat};
use super::{Change, Context, EMPTY, Rule, Side, Subject, flag};
use crate::document::{escape, resolve};

impl<'a> Context<'a> {
    pub(super) fn responses(&mut self, old: &'a Value, new: &'a Value, pointer: &str) {
        let statuses = |op: &'a Value| op.get("responses").and_then(Value::as_object);
        let (was, is) = (statuses(old).unwrap_or(&EMPTY), statuses(new).unwrap_or(&EMPTY));
        let success = |status: &str| status.starts_with('2') || status.starts_with('1');
        for (status, response) in is {
            let location = format!("{pointer}/responses/{}", escape(status));
            let Some(before) = was.get(status) else {
                let rule = if success(status) {
                    Rule::ResponseSuccessStatusAdded
                } else {
                    Rule::ResponseNonSuccessStatusAdded
                };
                self.push(Change::new(rule, location, format!("response status {status} added")).added(status));
                continue;
            };
            let (before, _) = resolve(self.base, before);
            let (after, _) = resolve(self.head, response);
            let subject = format!("response {status}");
            self.headers(&subject, &location, before, after);
            let pairs = self.media_types(Side::Response, &subject, &location, before, after);
            let subject = Subject::new(subject);
            for pair in pairs {
                self.media_schema(Side::Response, &subject, &location, &pair);
            }
        }
        for status in was.keys().filter(|s| !is.contains_key(*s)) {
            let rule = if success(status) {
                Rule::ResponseSuccessStatusRemoved
            } else {
                Rule::ResponseNonSuccessStatusRemoved
            };
            let location = format!("{pointer}/responses/{}", escape(status));
            let change = Change::new(rule, location, format!("response status {status} removed"));
            self.push(change.removed(status.as_str()));
        }
    }

    /// Response headers added, removed, or no longer required. Header names are case-insensitive (RFC 9110), so
    /// `Retry-After` renamed `retry-after` is the same header.
    fn headers(&mut self, subject: &str, location: &str, old: &'a Value, new: &'a Value) {
        let (was, is) = (headers(self.base, old), headers(self.head, new));
        for (key, (name, header)) in &is {
            let at = format!("{location}/headers/{}", escape(name));
            match was.get(key) {
                None => {
                    let change = Change::new(
                        Rule::ResponseHeaderAdded,
                        at,
                        format!("{subject}: header `{name}` added"),
                    );
                    self.push(change.added(*name));
                }
                Some((_, before)) => self.header_pair(subject, name, &at, before, header),
            }
        }
        for (name, before) in was.iter().filter(|(key, _)| !is.contains_key(*key)).map(|(_, v)| v) {
            let (rule, what) = if flag(before, "required") {
                (Rule::RequiredResponseHeaderRemoved, "required")
            } else {
                (Rule::OptionalResponseHeaderRemoved, "optional")
            };
            let at = format!("{location}/headers/{}", escape(name));
            let change = Change::new(rule, at, format!("{subject}: {what} header `{name}` removed"));
            self.push(change.removed(*name));
        }
    }
}

impl<'a> Context<'a> {
    /// One header in both revisions: no longer required, or its schema's type or nullability changed.
    fn header_pair(&mut self, subject: &str, name: &str, at: &str, before: &'a Value, after: &'a Value) {
        if flag(before, "required") && !flag(after, "required") {
            let message = format!("{subject}: header `{name}` became optional");
            let change = Change::new(Rule::ResponseHeaderBecameOptional, format!("{at}/required"), message);
            self.push(change.flipped(true, false));
        }
        let schema = |doc: &'a Value, header: &'a Value| header.get("schema").map(|s| resolve(doc, s).0);
        let (Some(was), Some(is)) = (schema(self.base, before), schema(self.head, after)) else {
            return;
        };
        let location = format!("{at}/schema");
        let (old_type, new_type) = (TypeFormat::of(was), TypeFormat::of(is));
        if old_type != new_type {
            let message = format!("{subject}: header `{name}` type changed from {old_type} to {new_type}");
            let change = Change::new(types::header_rule(old_type, new_type), location.clone(), message);
            self.push(change.values(Some(old_type.to_string()), Some(new_type.to_string())));
        }
        let (was_nullable, is_nullable) = (flag(was, "nullable"), flag(is, "nullable"));
        let nullable = match (was_nullable, is_nullable) {
            (false, true) => Some((Rule::ResponseHeaderBecameNullable, "became nullable")),
            (true, false) => Some((Rule::ResponseHeaderBecameNotNullable, "is no longer nullable")),
            _ => None,
        };
        if let Some((rule, what)) = nullable {
            let change = Change::new(rule, location, format!("{subject}: header `{name}` {what}"));
            self.push(change.flipped(was_nullable, is_nullable));
        }
    }
}

/// A response's headers, resolved, by lowercased name, with the name as written.
fn headers<'d>(doc: &'d Value, response: &'d Value) -> BTreeMap<String, (&'d str, &'d Value)> {
    response
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, header)| (name.to_ascii_lowercase(), (name.as_str(), resolve(doc, header).0)))
        .collect()
}
