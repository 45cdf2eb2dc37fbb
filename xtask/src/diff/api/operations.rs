//! Operations: which are added and removed, how the two revisions' operations are paired, and their operationIds.
//! A paired operation is then compared part by part (lifecycle, parameters, request body, responses).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::lifecycle::{self, Deprecatable};
use super::security::Requirements;
use super::{Change, Context, Rule, Target};
use crate::document::{escape, operations_of, resolve};

/// One operation of a document, with the path item it belongs to.
pub(super) struct OperationRef<'d> {
    template: String,
    method: &'static str,
    pub(super) operation: &'d Value,
    pub(super) item: &'d Value,
    /// JSON pointers to the operation and to its path item.
    pub(super) pointer: String,
    pub(super) item_pointer: String,
    /// The URL path a client calls (the server URL's path, then the template), normalized, with the method.
    url_key: (String, &'static str),
}

impl OperationRef<'_> {
    /// Operations are keyed by path template and method, path-parameter names ignored (`/a/{x}` and `/a/{y}` are
    /// one path).
    fn key(&self) -> (String, &'static str) {
        (normalize_template(&self.template), self.method)
    }

    /// `GET /groups/{groupId}`, as findings name their operation.
    fn name(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.template)
    }

    fn id(&self) -> Option<String> {
        self.operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

impl<'a> Context<'a> {
    /// Operations are paired by template; one whose template has no partner is paired by the URL path a client
    /// calls, so a version prefix moved between `servers` and `paths` leaves the operation where it was.
    pub(super) fn operations(&mut self) {
        let old = operations(self.base);
        let new = operations(self.head);
        let (old_by_url, new_by_url) = (by_url(&old), by_url(&new));
        for (key, op) in &new {
            self.operation = Some(op.name());
            self.operation_id = op.id();
            let partner = old.get(key).or_else(|| {
                old_by_url
                    .get(&op.url_key)
                    .copied()
                    .filter(|o| !new.contains_key(&o.key()))
            });
            match partner {
                None => self.push(
                    Change::new(Rule::EndpointAdded, op.pointer.clone(), "operation added")
                        .added(op.name())
                        .target(Target::Operation),
                ),
                Some(before) => self.operation_pair(before, op),
            }
        }
        // The paths of the head, by template and by the URL path a client calls.
        let paths: BTreeSet<&str> = new.keys().map(|(template, _)| template.as_str()).collect();
        let urls: BTreeSet<&str> = new.values().map(|op| op.url_key.0.as_str()).collect();
        for (key, op) in &old {
            let paired_by_url = new_by_url.get(&op.url_key).is_some_and(|n| !old.contains_key(&n.key()));
            if new.contains_key(key) || paired_by_url {
                continue;
            }
            self.operation = Some(op.name());
            self.operation_id = op.id();
            let path_gone = !paths.contains(key.0.as_str()) && !urls.contains(op.url_key.0.as_str());
            self.removed(op.operation, &op.pointer, path_gone);
        }
        self.operation = None;
        self.operation_id = None;
    }

    fn operation_pair(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        self.operation_id_changed(old, new);
        self.tags(old, new);
        let operation = Deprecatable {
            rules: &lifecycle::OPERATION,
            what: "operation",
            pointer: &new.pointer,
            target: &Target::Operation,
        };
        self.deprecation(&operation, old.operation, new.operation);
        self.parameters(old, new);
        self.request_body(old.operation, new.operation, &new.pointer);
        self.responses(old.operation, new.operation, &new.pointer);
        let security = |op: &OperationRef<'a>| op.operation.get("security");
        let location = format!("{}/security", new.pointer);
        self.requirements(Requirements::Operation, &location, security(old), security(new));
    }

    /// Tags added to or removed from an operation (oasdiff reports them, as info: they group operations in
    /// documentation and generated SDKs).
    fn tags(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        let tags = |op: &OperationRef<'a>| -> BTreeSet<String> {
            op.operation
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        };
        let (was, is) = (tags(old), tags(new));
        let location = format!("{}/tags", new.pointer);
        for tag in is.difference(&was) {
            let change = Change::new(Rule::ApiTagAdded, &location, format!("tag `{tag}` added"));
            self.push(change.values(None, Some(tag.clone())));
        }
        for tag in was.difference(&is) {
            let change = Change::new(Rule::ApiTagRemoved, &location, format!("tag `{tag}` removed"));
            self.push(change.values(Some(tag.clone()), None));
        }
    }

    /// oasdiff's ids: an operationId changed or removed is `api-operation-id-removed` (clients and SDKs that name
    /// the operation break); one given where there was none is `api-operation-id-added`.
    fn operation_id_changed(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        let (was, is) = (old.id(), new.id());
        let location = format!("{}/operationId", new.pointer);
        let change = match (&was, &is) {
            (None, Some(is)) => Change::new(Rule::ApiOperationIdAdded, location, format!("operationId `{is}` added")),
            (Some(was), Some(is)) if was != is => Change::new(
                Rule::ApiOperationIdRemoved,
                location,
                format!("operationId changed from `{was}` to `{is}`"),
            ),
            (Some(was), None) => Change::new(
                Rule::ApiOperationIdRemoved,
                location,
                format!("operationId `{was}` removed"),
            ),
            _ => return,
        };
        self.push(change.values(was, is).target(Target::Operation));
    }
}

/// Every operation of `doc`, named as findings name their operation (`GET /groups/{groupId}`).
pub fn operation_names(doc: &Value) -> Vec<String> {
    operations(doc).values().map(OperationRef::name).collect()
}

/// The operations of a document by [`OperationRef::key`].
fn operations(doc: &Value) -> BTreeMap<(String, &'static str), OperationRef<'_>> {
    let prefix = server_path(doc);
    let mut found = BTreeMap::new();
    for (template, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let (item, _) = resolve(doc, item);
        let item_pointer = format!("/paths/{}", escape(template));
        for (method, operation) in operations_of(item) {
            let operation = OperationRef {
                template: template.clone(),
                method,
                operation,
                item,
                pointer: format!("{item_pointer}/{method}"),
                item_pointer: item_pointer.clone(),
                url_key: (normalize_template(&format!("{prefix}{template}")), method),
            };
            found.insert(operation.key(), operation);
        }
    }
    found
}

/// The same operations, by the URL path a client calls.
fn by_url<'m, 'd>(
    ops: &'m BTreeMap<(String, &'static str), OperationRef<'d>>,
) -> BTreeMap<(String, &'static str), &'m OperationRef<'d>> {
    ops.values().map(|op| (op.url_key.clone(), op)).collect()
}

/// The path of the first server URL (`https://host/api/v1/` → `/api/v1`), empty when there is none.
pub(super) fn server_path(doc: &Value) -> String {
    let url = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => url,
    };
    path.trim_end_matches('/').to_owned()
}

/// A template with its parameters' names left out: `/a/{x}/b` → `/a/{}/b`.
pub fn normalize_template(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}
