//! An operation's request body: added, removed, required; then its media types and its JSON schema.

use serde_json::Value;

use super::{Change, Context, Rule, Side, Subject, flag};
use crate::document::resolve;

impl<'a> Context<'a> {
    pub(super) fn request_body(&mut self, old: &'a Value, new: &'a Value, pointer: &str) {
        let body = |doc: &'a Value, op: &'a Value| op.get("requestBody").map(|b| resolve(doc, b).0);
        let location = format!("{pointer}/requestBody");
        let required = |b: &Value| flag(b, "required");
        let (was, is) = match (body(self.base, old), body(self.head, new)) {
            (None, None) => return,
            (None, Some(b)) if required(b) => {
                let change = Change::new(Rule::RequestBodyAddedRequired, location, "required request body added");
                return self.push(change.added("required request body"));
            }
            (None, Some(_)) => {
                let change = Change::new(Rule::RequestBodyAddedOptional, location, "optional request body added");
                return self.push(change.added("optional request body"));
            }
            (Some(_), None) => {
                let change = Change::new(Rule::RequestBodyRemoved, location, "request body removed");
                return self.push(change.removed("request body"));
            }
            (Some(was), Some(is)) => (was, is),
        };
        let (was_required, is_required) = (required(was), required(is));
        let became = match (was_required, is_required) {
            (false, true) => Some((Rule::RequestBodyBecameRequired, "request body became required")),
            (true, false) => Some((Rule::RequestBodyBecameOptional, "request body became optional")),
            _ => None,
        };
        if let Some((rule, message)) = became {
            let change = Change::new(rule, format!("{location}/required"), message);
            self.push(change.flipped(was_required, is_required));
        }
        let subject = Subject::new("request body");
        for pair in self.media_types(Side::Request, "request body", &location, was, is) {
            self.media_schema(Side::Request, &subject, &location, &pair);
        }
    }
}
