//! An operation's request body: added, removed, required; then its media types and its JSON schema.

use std::collections::BTreeSet;

use serde_json::Value;

use super::media_types::json_content;
use super::{Change, Context, Rule, Side, Subject, Target, flag};
use crate::document::{escape, resolve};

impl<'a> Context<'a> {
    pub(super) fn request_body(&mut self, old: &'a Value, new: &'a Value, pointer: &str) {
        let body = |doc: &'a Value, op: &'a Value| op.get("requestBody").map(|b| resolve(doc, b).0);
        let location = format!("{pointer}/requestBody");
        let required = |b: &Value| flag(b, "required");
        let (was, is) = match (body(self.base, old), body(self.head, new)) {
            (None, None) => return,
            (None, Some(b)) if required(b) => {
                let change = Change::new(Rule::RequestBodyAddedRequired, location, "required request body added");
                return self.push(change);
            }
            (None, Some(_)) => {
                let change = Change::new(Rule::RequestBodyAddedOptional, location, "optional request body added");
                return self.push(change);
            }
            (Some(_), None) => {
                return self.push(Change::new(Rule::RequestBodyRemoved, location, "request body removed"));
            }
            (Some(was), Some(is)) => (was, is),
        };
        let became = match (required(was), required(is)) {
            (false, true) => Some((Rule::RequestBodyBecameRequired, "request body became required")),
            (true, false) => Some((Rule::RequestBodyBecameOptional, "request body became optional")),
            _ => None,
        };
        if let Some((rule, message)) = became {
            self.push(Change::new(rule, format!("{location}/required"), message));
        }
        self.media_types(Side::Request, "request body", &location, was, is);
        if let (Some((_, was)), Some((media, is))) = (json_content(was), json_content(is)) {
            self.schema(
                Side::Request,
                &Subject::new("request body"),
                &format!("{location}/content/{}/schema", escape(media)),
                was,
                is,
                &Target::None,
                &mut BTreeSet::new(),
            );
        }
    }
}
