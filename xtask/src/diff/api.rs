//! A semantic comparison of two OpenAPI 3.0 documents: what changed for clients of the HTTP API.
//!
//! Rule ids and levels follow oasdiff where it has the rule (`response-property-enum-value-added` is a warning: a
//! client with an exhaustive match breaks). The documents are compared as JSON values with `$ref`s followed, so a
//! schema moved behind a reference compares equal to the same schema written inline.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::spec::escape;

/// How much a change can hurt an existing client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks some client for sure.
    Breaking,
    /// May break a client; the document alone cannot tell.
    Warning,
    /// Compatible.
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// Every rule this comparison applies, with its level. The test corpus must exercise each one.
pub const RULES: &[(&str, Level)] = &[
    ("endpoint-added", Level::Info),
    ("api-removed-without-deprecation", Level::Breaking),
    ("api-removed-after-deprecation", Level::Warning),
    ("api-removed-before-sunset", Level::Breaking),
    ("api-deprecated-sunset-missing", Level::Warning),
    ("api-sunset-date-too-small", Level::Warning),
    ("api-sunset-date-changed-too-small", Level::Breaking),
    ("api-sunset-deleted", Level::Warning),
    ("endpoint-deprecated", Level::Info),
    ("endpoint-reactivated", Level::Info),
    ("api-operation-id-removed", Level::Warning),
    ("api-operation-id-added", Level::Info),
    ("new-required-request-parameter", Level::Breaking),
    ("new-optional-request-parameter", Level::Info),
    ("request-parameter-removed", Level::Warning),
    ("request-parameter-became-required", Level::Breaking),
    ("request-parameter-became-optional", Level::Info),
    ("request-parameter-type-changed", Level::Breaking),
    ("request-parameter-format-changed", Level::Breaking),
    ("request-parameter-enum-value-added", Level::Info),
    ("request-parameter-enum-value-removed", Level::Breaking),
    ("request-parameter-default-value-changed", Level::Warning),
    ("request-parameter-max-decreased", Level::Breaking),
    ("request-parameter-max-set", Level::Warning),
    ("request-parameter-min-set", Level::Warning),
    ("request-parameter-max-length-set", Level::Warning),
    ("request-parameter-max-increased", Level::Info),
    ("request-parameter-min-increased", Level::Breaking),
    ("request-parameter-min-decreased", Level::Info),
    ("request-parameter-max-length-decreased", Level::Breaking),
    ("request-parameter-max-length-increased", Level::Info),
    ("request-parameter-min-length-increased", Level::Breaking),
    ("request-parameter-min-length-decreased", Level::Info),
    ("request-parameter-pattern-added", Level::Warning),
    ("request-parameter-pattern-changed", Level::Warning),
    ("request-parameter-pattern-removed", Level::Info),
    ("response-success-status-added", Level::Info),
    ("response-success-status-removed", Level::Breaking),
    ("response-non-success-status-added", Level::Info),
    ("response-non-success-status-removed", Level::Warning),
    ("response-optional-property-added", Level::Info),
    ("response-required-property-added", Level::Info),
    ("response-optional-property-removed", Level::Warning),
    ("response-required-property-removed", Level::Breaking),
    ("response-property-became-required", Level::Info),
    ("response-property-became-optional", Level::Breaking),
    ("response-property-type-changed", Level::Breaking),
    ("response-property-format-changed", Level::Breaking),
    ("response-property-enum-value-added", Level::Warning),
    ("response-property-enum-value-removed", Level::Info),
    ("response-property-became-nullable", Level::Breaking),
    ("response-property-became-not-nullable", Level::Info),
    ("request-body-media-type-added", Level::Info),
    ("request-body-media-type-removed", Level::Breaking),
    ("request-body-media-type-version-changed", Level::Warning),
    ("response-media-type-added", Level::Info),
    ("response-media-type-removed", Level::Breaking),
    ("response-media-type-version-changed", Level::Warning),
    ("request-body-added-required", Level::Breaking),
    ("request-body-added-optional", Level::Info),
    ("request-body-removed", Level::Warning),
    ("request-body-became-required", Level::Breaking),
    ("request-body-became-optional", Level::Info),
    ("new-required-request-property", Level::Breaking),
    ("new-optional-request-property", Level::Info),
    ("request-property-removed", Level::Warning),
    ("request-property-became-required", Level::Breaking),
    ("request-property-became-optional", Level::Info),
    ("request-property-max-decreased", Level::Breaking),
    ("request-property-max-increased", Level::Info),
    ("request-property-max-set", Level::Warning),
    ("request-property-min-increased", Level::Breaking),
    ("request-property-min-decreased", Level::Info),
    ("request-property-min-set", Level::Warning),
    ("request-property-max-length-decreased", Level::Breaking),
    ("request-property-max-length-increased", Level::Info),
    ("request-property-max-length-set", Level::Warning),
    ("request-property-min-length-increased", Level::Breaking),
    ("request-property-min-length-decreased", Level::Info),
    ("request-property-pattern-added", Level::Warning),
    ("request-property-pattern-changed", Level::Warning),
    ("request-property-pattern-removed", Level::Info),
    ("request-property-type-changed", Level::Breaking),
    ("request-property-enum-value-removed", Level::Breaking),
    ("request-property-enum-value-added", Level::Info),
    ("schema-renamed", Level::Info),
    ("security-scheme-added", Level::Info),
    ("security-scheme-removed", Level::Warning),
    ("security-scheme-changed", Level::Breaking),
    ("security-requirement-changed", Level::Warning),
    ("server-url-changed", Level::Warning),
];

pub fn level_of(rule: &str) -> Level {
    RULES
        .iter()
        .find(|(id, _)| *id == rule)
        .map_or(Level::Info, |(_, level)| *level)
}

/// One change, located and explained. `schema` and `property` (or `parameter`) let the report find the Rust items
/// the change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    /// `GET /groups/{groupId}/...`, or `None` for document-wide changes.
    pub operation: Option<String>,
    pub operation_id: Option<String>,
    /// A JSON pointer into the head document (the base document for removals).
    pub location: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The items of the generated crate this change adds, removes or changes (filled in by the report).
    pub rust_items: Vec<String>,
    #[serde(skip)]
    pub target: Target,
}

/// What a finding is about, for tying it to Rust items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Target {
    #[default]
    None,
    Operation,
    Parameter(String),
    /// A property of the named component schema (or of an inline schema when `None`).
    Property {
        schema: Option<String>,
        property: String,
    },
    Schema {
        old: String,
        new: String,
    },
}

static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How long a deprecated operation must stay before its sunset, as oasdiff's default for stable APIs.
pub const MIN_SUNSET_DAYS: i64 = 180;

/// Compare two documents (already validated), judging sunset dates against today.
pub fn compare(base: &Value, head: &Value) -> Vec<Finding> {
    compare_on(base, head, chrono::Utc::now().date_naive())
}

/// [`compare`] as of `today`.
pub fn compare_on(base: &Value, head: &Value, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut cx = Context {
        base,
        head,
        findings: Vec::new(),
        operation: None,
        operation_id: None,
        today,
    };
    cx.servers();
    cx.security();
    cx.renamed_schemas();
    cx.operations();
    cx.findings
}

struct Context<'a> {
    base: &'a Value,
    head: &'a Value,
    findings: Vec<Finding>,
    operation: Option<String>,
    operation_id: Option<String>,
    today: chrono::NaiveDate,
}

/// Which rules a schema comparison reports under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Parameter,
    Request,
    Response,
}

struct Change {
    rule: &'static str,
    location: String,
    message: String,
    old: Option<String>,
    new: Option<String>,
    target: Target,
}

impl Change {
    fn new(rule: &'static str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Change {
            rule,
            location: location.into(),
            message: message.into(),
            old: None,
            new: None,
            target: Target::None,
        }
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    fn target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }
}

impl<'a> Context<'a> {
    fn push(&mut self, change: Change) {
        self.findings.push(Finding {
            rule: change.rule,
            level: level_of(change.rule),
            operation: self.operation.clone(),
            operation_id: self.operation_id.clone(),
            location: change.location,
            message: change.message,
            old: change.old,
            new: change.new,
            rust_items: Vec::new(),
            target: change.target,
        });
    }

    fn servers(&mut self) {
        let urls = |doc: &Value| -> Vec<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .map(|s| {
                    s.iter()
                        .filter_map(|s| s.get("url")?.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old, new) = (urls(self.base), urls(self.head));
        if old != new {
            let message = format!("the server URL changed from {} to {}", list(&old), list(&new));
            self.push(
                Change::new("server-url-changed", "/servers", message)
                    .values(Some(old.join(", ")), Some(new.join(", "))),
            );
        }
    }

    fn security(&mut self) {
        let schemes = |doc: &'a Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (schemes(self.base), schemes(self.head));
        for (name, scheme) in &new {
            let location = format!("/components/securitySchemes/{}", escape(name));
            match old.get(name) {
                None => self.push(Change::new(
                    "security-scheme-added",
                    location,
                    format!("security scheme `{name}` added ({})", describe_scheme(scheme)),
                )),
                Some(before) if strip_docs(before) != strip_docs(scheme) => {
                    let (was, is) = (describe_scheme(before), describe_scheme(scheme));
                    self.push(
                        Change::new(
                            "security-scheme-changed",
                            location,
                            format!("security scheme `{name}` changed from {was} to {is}"),
                        )
                        .values(Some(was), Some(is)),
                    )
                }
                Some(_) => {}
            }
        }
        for name in old.keys().filter(|n| !new.contains_key(*n)) {
            self.push(Change::new(
                "security-scheme-removed",
                format!("/components/securitySchemes/{}", escape(name)),
                format!("security scheme `{name}` removed"),
            ));
        }
        let (was, is) = (self.base.get("security"), self.head.get("security"));
        if was != is {
            let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
            self.push(
                Change::new(
                    "security-requirement-changed",
                    "/security",
                    format!(
                        "the document's security requirement changed from {} to {}",
                        show(was),
                        show(is)
                    ),
                )
                .values(Some(show(was)), Some(show(is))),
            );
        }
    }

    /// A component schema that disappeared while one of another name with the same content appeared.
    fn renamed_schemas(&mut self) {
        let schemas = |doc: &'a Value| doc.pointer("/components/schemas").and_then(Value::as_object);
        let (Some(old), Some(new)) = (schemas(self.base), schemas(self.head)) else {
            return;
        };
        let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
        let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
        for was in removed {
            let shape = strip_docs(&old[was]);
            if let Some(is) = added.iter().find(|is| strip_docs(&new[is.as_str()]) == shape) {
                self.push(
                    Change::new(
                        "schema-renamed",
                        format!("/components/schemas/{}", escape(is)),
                        format!("schema `{was}` renamed to `{is}` (same content)"),
                    )
                    .values(Some(was.to_string()), Some(is.to_string()))
                    .target(Target::Schema {
                        old: was.to_string(),
                        new: is.to_string(),
                    }),
                );
            }
        }
    }

    /// Operations are paired by template; one whose template has no partner is paired by the URL path a client
    /// calls, so a version prefix moved between `servers` and `paths` leaves the operation where it was.
    fn operations(&mut self) {
        let old = operations(self.base);
        let new = operations(self.head);
        let (old_by_url, new_by_url) = (by_url(&old), by_url(&new));
        for (key, op) in &new {
            self.operation = Some(format!("{} {}", op.method.to_uppercase(), op.template));
            self.operation_id = op
                .operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let partner = old.get(key).or_else(|| {
                old_by_url
                    .get(&op.url_key)
                    .copied()
                    .filter(|o| !new.contains_key(&operation_key(o)))
            });
            match partner {
                None => self.push(
                    Change::new("endpoint-added", op.pointer.clone(), "operation added").target(Target::Operation),
                ),
                Some(before) => self.operation_pair(before, op),
            }
        }
        for (key, op) in &old {
            let paired_by_url = new_by_url
                .get(&op.url_key)
                .is_some_and(|n| !old.contains_key(&operation_key(n)));
            if new.contains_key(key) || paired_by_url {
                continue;
            }
            let pointer = &op.pointer;
            self.operation = Some(format!("{} {}", op.method.to_uppercase(), op.template));
            self.operation_id = op
                .operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let deprecated = op.operation.get("deprecated") == Some(&Value::Bool(true));
            let (rule, message) = match (deprecated, sunset(op.operation)) {
                (false, _) => (
                    "api-removed-without-deprecation",
                    "operation removed without a deprecation first".to_owned(),
                ),
                (true, Some(date)) if date > self.today => (
                    "api-removed-before-sunset",
                    format!("deprecated operation removed before its sunset date {date}"),
                ),
                (true, _) => (
                    "api-removed-after-deprecation",
                    "deprecated operation removed".to_owned(),
                ),
            };
            self.push(Change::new(rule, pointer.clone(), message).target(Target::Operation));
        }
        self.operation = None;
        self.operation_id = None;
    }

    fn operation_pair(&mut self, old_op: &OperationRef<'a>, new_op: &OperationRef<'a>) {
        let (old, new, pointer) = (old_op.operation, new_op.operation, new_op.pointer.as_str());
        let id = |op: &Value| op.get("operationId").and_then(Value::as_str).map(str::to_owned);
        // oasdiff's ids: an operationId changed or removed is `api-operation-id-removed` (clients and SDKs that
        // name the operation break); one given where there was none is `api-operation-id-added`.
        let (was, is) = (id(old), id(new));
        if was != is {
            let location = format!("{pointer}/operationId");
            let change = match (&was, &is) {
                (None, Some(is)) => Some(Change::new(
                    "api-operation-id-added",
                    location,
                    format!("operationId `{is}` added"),
                )),
                (Some(was), Some(is)) => Some(Change::new(
                    "api-operation-id-removed",
                    location,
                    format!("operationId changed from `{was}` to `{is}`"),
                )),
                (Some(was), None) => Some(Change::new(
                    "api-operation-id-removed",
                    location,
                    format!("operationId `{was}` removed"),
                )),
                (None, None) => None,
            };
            if let Some(change) = change {
                self.push(change.values(was, is).target(Target::Operation));
            }
        }
        let deprecated = |op: &Value| op.get("deprecated") == Some(&Value::Bool(true));
        match (deprecated(old), deprecated(new)) {
            (false, true) => {
                let message = match sunset(new) {
                    Some(date) => format!("operation deprecated, sunset on {date}"),
                    None => "operation deprecated".to_owned(),
                };
                self.push(
                    Change::new("endpoint-deprecated", format!("{pointer}/deprecated"), message)
                        .target(Target::Operation),
                );
                self.new_sunset(new, pointer);
            }
            (true, true) => self.changed_sunset(old, new, pointer),
            (true, false) => self.push(
                Change::new(
                    "endpoint-reactivated",
                    format!("{pointer}/deprecated"),
                    "operation no longer deprecated",
                )
                .target(Target::Operation),
            ),
            _ => {}
        }
        self.parameters(old_op, new_op);
        self.request_body(old, new, pointer);
        self.responses(old, new, pointer);
    }

    /// A newly deprecated operation should say when it goes (`x-sunset`), and not sooner than clients can move.
    fn new_sunset(&mut self, new: &Value, pointer: &str) {
        let location = format!("{pointer}/x-sunset");
        match sunset(new) {
            None => self.push(
                Change::new(
                    "api-deprecated-sunset-missing",
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
                let change = Change::new("api-sunset-date-too-small", location, message);
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
                let change = Change::new("api-sunset-deleted", location, format!("sunset date {was} removed"));
                self.push(change.values(Some(was.to_string()), None).target(Target::Operation));
            }
            (Some(was), Some(is)) if is < was && (is - self.today).num_days() < MIN_SUNSET_DAYS => {
                let message =
                    format!("sunset date brought forward from {was} to {is}, less than {MIN_SUNSET_DAYS} days away");
                let change = Change::new("api-sunset-date-changed-too-small", location, message);
                self.push(
                    change
                        .values(Some(was.to_string()), Some(is.to_string()))
                        .target(Target::Operation),
                );
            }
            _ => {}
        }
    }

    fn parameters(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        let old_params = parameters(self.base, old);
        let new_params = parameters(self.head, new);
        for ((place, name), (param, location)) in &new_params {
            let location = location.clone();
            let required = param.get("required") == Some(&Value::Bool(true));
            let Some((before, _)) = old_params.get(&(place.clone(), name.clone())) else {
                let (rule, what) = if required {
                    ("new-required-request-parameter", "required")
                } else {
                    ("new-optional-request-parameter", "optional")
                };
                let change = Change::new(rule, location, format!("{what} {place} parameter `{name}` added"));
                self.push(change.target(Target::Parameter(name.clone())));
                continue;
            };
            let was_required = before.get("required") == Some(&Value::Bool(true));
            if required != was_required {
                let (rule, now) = if required {
                    ("request-parameter-became-required", "required")
                } else {
                    ("request-parameter-became-optional", "optional")
                };
                let change = Change::new(
                    rule,
                    format!("{location}/required"),
                    format!("{place} parameter `{name}` became {now}"),
                );
                self.push(change.target(Target::Parameter(name.clone())));
            }
            let (old_schema, new_schema) = (before.get("schema"), param.get("schema"));
            if let (Some(old_schema), Some(new_schema)) = (old_schema, new_schema) {
                let subject = format!("{place} parameter `{name}`");
                let target = Target::Parameter(name.clone());
                self.schema(
                    Side::Parameter,
                    &subject,
                    &format!("{location}/schema"),
                    old_schema,
                    new_schema,
                    &target,
                    &mut BTreeSet::new(),
                );
            }
        }
        for ((place, name), (_, location)) in &old_params {
            if !new_params.contains_key(&(place.clone(), name.clone())) {
                let change = Change::new(
                    "request-parameter-removed",
                    location.clone(),
                    format!("{place} parameter `{name}` removed"),
                );
                self.push(change.target(Target::Parameter(name.clone())));
            }
        }
    }

    fn request_body(&mut self, old: &'a Value, new: &'a Value, pointer: &str) {
        let body = |doc: &'a Value, op: &'a Value| op.get("requestBody").map(|b| resolve(doc, b).0);
        let location = format!("{pointer}/requestBody");
        let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
        match (body(self.base, old), body(self.head, new)) {
            (None, Some(b)) if required(b) => self.push(Change::new(
                "request-body-added-required",
                location,
                "required request body added",
            )),
            (None, Some(_)) => self.push(Change::new(
                "request-body-added-optional",
                location,
                "optional request body added",
            )),
            (Some(_), None) => self.push(Change::new("request-body-removed", location, "request body removed")),
            (Some(was), Some(is)) => {
                match (required(was), required(is)) {
                    (false, true) => self.push(Change::new(
                        "request-body-became-required",
                        format!("{location}/required"),
                        "request body became required",
                    )),
                    (true, false) => self.push(Change::new(
                        "request-body-became-optional",
                        format!("{location}/required"),
                        "request body became optional",
                    )),
                    _ => {}
                }
                self.media_types(Side::Request, "request body", &location, was, is);
                if let (Some((_, was)), Some((media, is))) = (json_content(was), json_content(is)) {
                    let schema_location = format!("{location}/content/{}/schema", escape(media));
                    self.schema(
                        Side::Request,
                        "request body",
                        &schema_location,
                        was,
                        is,
                        &Target::None,
                        &mut BTreeSet::new(),
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, old: &'a Value, new: &'a Value, pointer: &str) {
        let statuses = |op: &'a Value| op.get("responses").and_then(Value::as_object);
        let (was, is) = (statuses(old).unwrap_or(&EMPTY), statuses(new).unwrap_or(&EMPTY));
        let success = |status: &str| status.starts_with('2') || status.starts_with('1');
        for (status, response) in is {
            let location = format!("{pointer}/responses/{}", escape(status));
            let Some(before) = was.get(status) else {
                let rule = if success(status) {
                    "response-success-status-added"
                } else {
                    "response-non-success-status-added"
                };
                self.push(Change::new(rule, location, format!("response status {status} added")));
                continue;
            };
            let (before, _) = resolve(self.base, before);
            let (after, _) = resolve(self.head, response);
            let subject = format!("response {status}");
            self.media_types(Side::Response, &subject, &location, before, after);
            if let (Some((_, old_schema)), Some((media, new_schema))) = (json_content(before), json_content(after)) {
                let schema_location = format!("{location}/content/{}/schema", escape(media));
                self.schema(
                    Side::Response,
                    &subject,
                    &schema_location,
                    old_schema,
                    new_schema,
                    &Target::None,
                    &mut BTreeSet::new(),
                );
            }
        }
        for status in was.keys().filter(|s| !is.contains_key(*s)) {
            let rule = if success(status) {
                "response-success-status-removed"
            } else {
                "response-non-success-status-removed"
            };
            self.push(Change::new(
                rule,
                format!("{pointer}/responses/{}", escape(status)),
                format!("response status {status} removed"),
            ));
        }
    }

    /// Media types of a request body or a response (at `location`) added, removed, or — a dated vendor type
    /// replaced by another date of the same type — versioned anew, which is how Atlas ships a new API version.
    fn media_types(&mut self, side: Side, subject: &str, location: &str, old: &Value, new: &Value) {
        let keys = |holder: &Value| -> BTreeSet<String> {
            holder
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .collect()
        };
        let (was, is) = (keys(old), keys(new));
        let (added, removed, version_changed) = if side == Side::Request {
            (
                "request-body-media-type-added",
                "request-body-media-type-removed",
                "request-body-media-type-version-changed",
            )
        } else {
            (
                "response-media-type-added",
                "response-media-type-removed",
                "response-media-type-version-changed",
            )
        };
        let mut gone: Vec<&String> = was.difference(&is).collect();
        for media in is.difference(&was) {
            let at = format!("{location}/content/{}", escape(media));
            let earlier = dated(media).and_then(|(family, _)| {
                gone.iter()
                    .position(|old| dated(old).is_some_and(|(old_family, _)| old_family == family))
            });
            if let Some(index) = earlier {
                let old_media = gone.remove(index);
                let (old_date, new_date) = (dated(old_media).map(|d| d.1), dated(media).map(|d| d.1));
                let message = format!(
                    "{subject}: media type version changed from {} to {} (`{old_media}` → `{media}`)",
                    old_date.unwrap_or("?"),
                    new_date.unwrap_or("?")
                );
                self.push(
                    Change::new(version_changed, at, message)
                        .values(old_date.map(str::to_owned), new_date.map(str::to_owned))
                        .target(Target::Operation),
                );
            } else {
                self.push(Change::new(added, at, format!("{subject}: media type `{media}` added")));
            }
        }
        for media in gone {
            let at = format!("{location}/content/{}", escape(media));
            self.push(Change::new(
                removed,
                at,
                format!("{subject}: media type `{media}` removed"),
            ));
        }
    }

    /// Compare two schemas at `location`; `subject` names what they describe in messages ("response 200",
    /// "query parameter `pageNum`", "response 200 property `results[].id`").
    #[allow(clippy::too_many_arguments)]
    fn schema(
        &mut self,
        side: Side,
        subject: &str,
        location: &str,
        old: &'a Value,
        new: &'a Value,
        target: &Target,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        let (old, old_name) = resolve(self.base, old);
        let (new, new_name) = resolve(self.head, new);
        if let (Some(a), Some(b)) = (&old_name, &new_name)
            && !visited.insert((a.clone(), b.clone()))
        {
            return; // a recursive schema: this pair is being compared further up
        }

        self.scalar(side, subject, location, old, new, target);

        if side != Side::Parameter {
            self.properties(
                side,
                subject,
                location,
                old,
                new,
                old_name.as_deref().or(new_name.as_deref()),
                visited,
            );
        }
        if let (Some(was), Some(is)) = (old.get("items"), new.get("items")) {
            let subject = if subject.ends_with('`') {
                format!("{}[]`", subject.trim_end_matches('`'))
            } else {
                format!("{subject} items")
            };
            self.schema(side, &subject, &format!("{location}/items"), was, is, target, visited);
        }
    }

    /// Type, format, nullability, enum values, default and (for parameters) bounds of one schema.
    fn scalar(&mut self, side: Side, subject: &str, location: &str, old: &Value, new: &Value, target: &Target) {
        let rule = |parameter: &'static str, request: &'static str, response: &'static str| match side {
            Side::Parameter => parameter,
            Side::Request => request,
            Side::Response => response,
        };
        let text = |v: &Value, key: &str| {
            v.get(key)
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
        };

        let (was, is) = (schema_type(old), schema_type(new));
        if was != is {
            let name = rule(
                "request-parameter-type-changed",
                "request-property-type-changed",
                "response-property-type-changed",
            );
            let message = format!("{subject}: type changed from {was} to {is}");
            self.push(
                Change::new(name, location, message)
                    .values(Some(was), Some(is))
                    .target(target.clone()),
            );
            return; // everything below compares like with like
        }
        let (was, is) = (text(old, "format"), text(new, "format"));
        if was != is {
            let name = rule(
                "request-parameter-format-changed",
                "request-property-type-changed",
                "response-property-format-changed",
            );
            let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".into());
            let message = format!("{subject}: format changed from {} to {}", show(&was), show(&is));
            self.push(
                Change::new(name, location, message)
                    .values(was, is)
                    .target(target.clone()),
            );
        }
        if side == Side::Response {
            let nullable = |v: &Value| v.get("nullable") == Some(&Value::Bool(true));
            match (nullable(old), nullable(new)) {
                (false, true) => self.push(
                    Change::new(
                        "response-property-became-nullable",
                        location,
                        format!("{subject}: became nullable"),
                    )
                    .target(target.clone()),
                ),
                (true, false) => self.push(
                    Change::new(
                        "response-property-became-not-nullable",
                        location,
                        format!("{subject}: is no longer nullable"),
                    )
                    .target(target.clone()),
                ),
                _ => {}
            }
        }
        let values = |v: &Value| -> Vec<Value> { v.get("enum").and_then(Value::as_array).cloned().unwrap_or_default() };
        let (was, is) = (values(old), values(new));
        if !was.is_empty() || !is.is_empty() {
            for added in is.iter().filter(|v| !was.contains(v)) {
                let name = rule(
                    "request-parameter-enum-value-added",
                    "request-property-enum-value-added",
                    "response-property-enum-value-added",
                );
                let message = format!("{subject}: enum value {added} added");
                self.push(
                    Change::new(name, location, message)
                        .values(None, Some(added.to_string()))
                        .target(target.clone()),
                );
            }
            for removed in was.iter().filter(|v| !is.contains(v)) {
                let name = rule(
                    "request-parameter-enum-value-removed",
                    "request-property-enum-value-removed",
                    "response-property-enum-value-removed",
                );
                let message = format!("{subject}: enum value {removed} removed");
                self.push(
                    Change::new(name, location, message)
                        .values(Some(removed.to_string()), None)
                        .target(target.clone()),
                );
            }
        }
        // Defaults, bounds and patterns constrain what a client sends: compared for parameters and request bodies.
        if side == Side::Response {
            return;
        }
        let (was, is) = (old.get("default"), new.get("default"));
        if side == Side::Parameter && was != is {
            let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
            let message = format!("{subject}: default changed from {} to {}", show(was), show(is));
            let change = Change::new("request-parameter-default-value-changed", location, message);
            self.push(change.values(Some(show(was)), Some(show(is))).target(target.clone()));
        }
        let which = usize::from(side == Side::Request);
        for Bound {
            key,
            tighter,
            looser,
            set,
            larger_is_tighter,
        } in BOUNDS
        {
            let number = |v: &Value| v.get(key).and_then(Value::as_f64);
            let (was, is) = (number(old), number(new));
            let name = match (was, is) {
                (Some(a), Some(b)) if a != b && (b > a) == larger_is_tighter => tighter[which],
                (Some(a), Some(b)) if a != b => looser[which],
                (None, Some(_)) => set[which],
                (Some(_), None) => looser[which],
                _ => continue,
            };
            let show = |n: Option<f64>| n.map_or("none".to_owned(), |n| n.to_string());
            let message = format!("{subject}: {key} changed from {} to {}", show(was), show(is));
            self.push(
                Change::new(name, location, message)
                    .values(Some(show(was)), Some(show(is)))
                    .target(target.clone()),
            );
        }
        let (was, is) = (text(old, "pattern"), text(new, "pattern"));
        let pattern_rule = match (&was, &is) {
            (None, Some(_)) => Some(["request-parameter-pattern-added", "request-property-pattern-added"][which]),
            (Some(_), None) => Some(["request-parameter-pattern-removed", "request-property-pattern-removed"][which]),
            (Some(a), Some(b)) if a != b => {
                Some(["request-parameter-pattern-changed", "request-property-pattern-changed"][which])
            }
            _ => None,
        };
        if let Some(name) = pattern_rule {
            let show = |p: &Option<String>| p.as_ref().map_or("none".to_owned(), |p| format!("`{p}`"));
            let message = format!("{subject}: pattern changed from {} to {}", show(&was), show(&is));
            self.push(
                Change::new(name, location, message)
                    .values(was, is)
                    .target(target.clone()),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn properties(
        &mut self,
        side: Side,
        subject: &str,
        location: &str,
        old: &'a Value,
        new: &'a Value,
        schema_name: Option<&str>,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        let props = |v: &'a Value| v.get("properties").and_then(Value::as_object);
        let (was, is) = (props(old).unwrap_or(&EMPTY), props(new).unwrap_or(&EMPTY));
        let required = |v: &Value, name: &str| {
            v.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == name))
        };
        let base_subject = subject.split(" property `").next().unwrap_or(subject).to_owned();
        let path_prefix = subject
            .split_once(" property `")
            .map(|(_, rest)| format!("{}.", rest.trim_end_matches('`')))
            .unwrap_or_default();

        for (name, schema) in is {
            let property_location = format!("{location}/properties/{}", escape(name));
            let property_subject = format!("{base_subject} property `{path_prefix}{name}`");
            let target = Target::Property {
                schema: schema_name.map(str::to_owned),
                property: name.clone(),
            };
            let now_required = required(new, name);
            let pick = |response: [&'static str; 2], request: [&'static str; 2]| {
                let rules = if side == Side::Response { response } else { request };
                rules[usize::from(!now_required)]
            };
            let Some(before) = was.get(name) else {
                let rule = pick(
                    ["response-required-property-added", "response-optional-property-added"],
                    ["new-required-request-property", "new-optional-request-property"],
                );
                let what = if now_required { "required" } else { "optional" };
                self.push(
                    Change::new(
                        rule,
                        property_location,
                        format!("{property_subject}: {what} property added"),
                    )
                    .target(target),
                );
                continue;
            };
            let was_required = required(old, name);
            if was_required != now_required {
                let rule = pick(
                    ["response-property-became-required", "response-property-became-optional"],
                    ["request-property-became-required", "request-property-became-optional"],
                );
                let now = if now_required { "required" } else { "optional" };
                self.push(
                    Change::new(
                        rule,
                        property_location.clone(),
                        format!("{property_subject}: became {now}"),
                    )
                    .target(target.clone()),
                );
            }
            self.schema(
                side,
                &property_subject,
                &property_location,
                before,
                schema,
                &target,
                visited,
            );
        }
        for name in was.keys().filter(|n| !is.contains_key(*n)) {
            let rule = match (side, required(old, name)) {
                (Side::Response, true) => "response-required-property-removed",
                (Side::Response, false) => "response-optional-property-removed",
                _ => "request-property-removed",
            };
            let target = Target::Property {
                schema: schema_name.map(str::to_owned),
                property: name.clone(),
            };
            let message = format!("{base_subject} property `{path_prefix}{name}`: property removed");
            self.push(Change::new(rule, format!("{location}/properties/{}", escape(name)), message).target(target));
        }
    }
}

/// One operation of a document, with the path item it belongs to.
struct OperationRef<'d> {
    template: String,
    method: String,
    operation: &'d Value,
    item: &'d Value,
    /// JSON pointers to the operation and to its path item.
    pointer: String,
    item_pointer: String,
    /// The URL path a client calls (the server URL's path, then the template), normalized, with the method.
    url_key: (String, String),
}

/// Operations by path template and method, path-parameter names ignored (`/a/{x}` and `/a/{y}` are one path).
fn operations(doc: &Value) -> BTreeMap<(String, String), OperationRef<'_>> {
    let prefix = server_path(doc);
    let mut found = BTreeMap::new();
    for (template, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let (item, _) = resolve(doc, item);
        let item_pointer = format!("/paths/{}", escape(template));
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                let key = (normalize_template(template), method.to_string());
                let url_key = (normalize_template(&format!("{prefix}{template}")), method.to_string());
                let found_operation = OperationRef {
                    template: template.clone(),
                    method: method.to_string(),
                    operation,
                    item,
                    pointer: format!("{item_pointer}/{method}"),
                    item_pointer: item_pointer.clone(),
                    url_key,
                };
                found.insert(key, found_operation);
            }
        }
    }
    found
}

/// The same operations, by the URL path a client calls.
fn by_url<'m, 'd>(
    ops: &'m BTreeMap<(String, String), OperationRef<'d>>,
) -> BTreeMap<(String, String), &'m OperationRef<'d>> {
    ops.values().map(|op| (op.url_key.clone(), op)).collect()
}

fn operation_key(op: &OperationRef<'_>) -> (String, String) {
    (normalize_template(&op.template), op.method.clone())
}

/// The rules of one bound (`maximum`, …), each for a parameter (`[0]`) and for a request-body property (`[1]`).
/// Setting a bound where there was none is oasdiff's `…-set`, a warning: the values a client sends may already lie
/// within it. `minLength` has an implicit 0, so setting it is an increase.
struct Bound {
    key: &'static str,
    tighter: [&'static str; 2],
    looser: [&'static str; 2],
    set: [&'static str; 2],
    larger_is_tighter: bool,
}

const BOUNDS: [Bound; 4] = [
    Bound {
        key: "maximum",
        tighter: ["request-parameter-max-decreased", "request-property-max-decreased"],
        looser: ["request-parameter-max-increased", "request-property-max-increased"],
        set: ["request-parameter-max-set", "request-property-max-set"],
        larger_is_tighter: false,
    },
    Bound {
        key: "minimum",
        tighter: ["request-parameter-min-increased", "request-property-min-increased"],
        looser: ["request-parameter-min-decreased", "request-property-min-decreased"],
        set: ["request-parameter-min-set", "request-property-min-set"],
        larger_is_tighter: true,
    },
    Bound {
        key: "maxLength",
        tighter: [
            "request-parameter-max-length-decreased",
            "request-property-max-length-decreased",
        ],
        looser: [
            "request-parameter-max-length-increased",
            "request-property-max-length-increased",
        ],
        set: ["request-parameter-max-length-set", "request-property-max-length-set"],
        larger_is_tighter: false,
    },
    Bound {
        key: "minLength",
        tighter: [
            "request-parameter-min-length-increased",
            "request-property-min-length-increased",
        ],
        looser: [
            "request-parameter-min-length-decreased",
            "request-property-min-length-decreased",
        ],
        set: [
            "request-parameter-min-length-increased",
            "request-property-min-length-increased",
        ],
        larger_is_tighter: true,
    },
];

/// An operation's sunset date (`x-sunset`: `YYYY-MM-DD`, or an RFC 3339 date-time whose date is taken).
fn sunset(operation: &Value) -> Option<chrono::NaiveDate> {
    let text = operation.get("x-sunset").and_then(Value::as_str)?;
    let date = text.get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The path of the first server URL (`https://host/api/v1/` → `/api/v1`), empty when there is none.
fn server_path(doc: &Value) -> String {
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

/// The parameters of an operation, resolved, by (in, name), with where each is declared: the path item's shared
/// ones, then the operation's, which win (OpenAPI 3.0 §4.7.10). A parameter moved between the two is unchanged.
fn parameters<'d>(doc: &'d Value, op: &OperationRef<'d>) -> BTreeMap<(String, String), (&'d Value, String)> {
    let mut found = BTreeMap::new();
    for (holder, pointer) in [(op.item, &op.item_pointer), (op.operation, &op.pointer)] {
        for (index, param) in holder
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let (param, _) = resolve(doc, param);
            let place = param.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
            let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            found.insert((place, name), (param, format!("{pointer}/parameters/{index}")));
        }
    }
    found
}

/// The JSON media type of a body (`application/json` or `application/…+json`) and its schema.
fn json_content(holder: &Value) -> Option<(&str, &Value)> {
    let content = holder.get("content").and_then(Value::as_object)?;
    content
        .iter()
        .filter(|(media, _)| crate::media_types::is_json(media))
        .find_map(|(media, body)| Some((media.as_str(), body.get("schema")?)))
}

/// A dated vendor media type split into its family and its date: `application/vnd.atlas.2024-11-13+json` →
/// (`application/vnd.atlas`, `2024-11-13`).
fn dated(media: &str) -> Option<(&str, &str)> {
    let essence = media.split(';').next().unwrap_or("").trim();
    let (family, date) = essence.strip_suffix("+json")?.rsplit_once('.')?;
    let is_date = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    is_date.then_some((family, date))
}

/// Follow `$ref`s (bounded, so a cycle of references cannot hang); returns the target and the last component name.
fn resolve<'d>(doc: &'d Value, mut value: &'d Value) -> (&'d Value, Option<String>) {
    let mut name = None;
    for _ in 0..32 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)) else {
            break;
        };
        name = reference
            .rsplit('/')
            .next()
            .map(|n| n.replace("~1", "/").replace("~0", "~"));
        value = target;
    }
    (value, name)
}

/// `string`, `integer`, `array`, …; `object` for schemas with properties but no type; `any` otherwise.
fn schema_type(schema: &Value) -> String {
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        return t.to_owned();
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if schema.get(combinator).is_some() {
            return combinator.to_owned();
        }
    }
    if schema.get("properties").is_some() {
        "object".into()
    } else {
        "any".into()
    }
}

/// The schema without documentation, for comparing shapes. The keys of a `properties` map are names, not
/// keywords: a property called `description` is part of the shape.
fn strip_docs(value: &Value) -> Value {
    strip_docs_in(value, false)
}

fn strip_docs_in(value: &Value, keys_are_names: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    keys_are_names
                        || !(matches!(k.as_str(), "description" | "example" | "examples" | "title" | "summary")
                            || k.starts_with("x-"))
                })
                .map(|(k, v)| {
                    let names_below = !keys_are_names && k == "properties";
                    (k.clone(), strip_docs_in(v, names_below))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| strip_docs_in(v, false)).collect()),
        other => other.clone(),
    }
}

fn describe_scheme(scheme: &Value) -> String {
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or("?");
    match field("type") {
        "http" => format!("http {}", field("scheme")),
        "apiKey" => format!("apiKey in {} `{}`", field("in"), field("name")),
        "oauth2" => {
            let token_url = scheme
                .pointer("/flows/clientCredentials/tokenUrl")
                .and_then(Value::as_str);
            format!(
                "oauth2{}",
                token_url.map(|u| format!(" (token URL {u})")).unwrap_or_default()
            )
        }
        other => other.to_owned(),
    }
}

fn normalize_template(template: &str) -> String {
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

fn list(urls: &[String]) -> String {
    if urls.is_empty() {
        "none".into()
    } else {
        urls.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_unique_id() {
        let ids: BTreeSet<&str> = RULES.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn templates_ignore_parameter_names() {
        assert_eq!(normalize_template("/a/{x}/b/{y}"), normalize_template("/a/{z}/b/{w}"));
        assert_ne!(normalize_template("/a/{x}"), normalize_template("/a/{x}/b"));
    }

    fn doc(paths: Value) -> Value {
        serde_json::json!({"openapi": "3.0.3", "paths": paths})
    }

    fn rules(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn path_level_parameters_are_compared() {
        let with = |required: bool, maximum: u32| {
            doc(serde_json::json!({"/a": {
                "parameters": [{"name": "n", "in": "query", "required": required,
                                "schema": {"type": "integer", "maximum": maximum}}],
                "get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}
            }}))
        };
        let findings = compare(&with(false, 500), &with(true, 100));
        assert_eq!(
            rules(&findings),
            ["request-parameter-became-required", "request-parameter-max-decreased"]
        );
        assert_eq!(findings[0].location, "/paths/~1a/parameters/0/required");
    }

    #[test]
    fn a_parameter_moved_between_path_item_and_operation_is_unchanged() {
        let param = serde_json::json!({"name": "n", "in": "query", "schema": {"type": "integer"}});
        let on_item = doc(serde_json::json!({"/a": {"parameters": [param.clone()],
            "get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}}));
        let on_operation = doc(serde_json::json!({"/a": {
            "get": {"operationId": "a", "parameters": [param], "responses": {"200": {"description": "ok"}}}}}));
        assert!(compare(&on_item, &on_operation).is_empty());
        assert!(compare(&on_operation, &on_item).is_empty());
    }

    #[test]
    fn a_prefix_moved_from_the_server_into_the_paths_keeps_the_operations() {
        let op = serde_json::json!({"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}});
        let mut base = doc(serde_json::json!({"/groups/{id}": op.clone()}));
        base["servers"] = serde_json::json!([{"url": "https://host/api/v1/"}]);
        let mut head = doc(serde_json::json!({"/api/v1/groups/{groupId}": op}));
        head["servers"] = serde_json::json!([{"url": "https://host"}]);
        assert_eq!(rules(&compare(&base, &head)), ["server-url-changed"]);
        assert_eq!(server_path(&base), "/api/v1");
        assert_eq!(server_path(&head), "");
    }

    #[test]
    fn a_property_named_like_a_documentation_keyword_is_part_of_the_shape() {
        let with = |ty: &str| {
            serde_json::json!({"type": "object", "description": "docs go",
            "properties": {"description": {"type": ty}, "x-count": {"type": ty}}})
        };
        assert_eq!(strip_docs(&with("string")), strip_docs(&with("string")));
        assert_ne!(strip_docs(&with("string")), strip_docs(&with("integer")));
        assert!(
            strip_docs(&with("string")).get("description").is_none(),
            "the schema's own docs go"
        );
    }

    #[test]
    fn sunset_dates_are_judged_against_today() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let op = |deprecated: bool, sunset: Option<&str>| {
            let mut op = serde_json::json!({"operationId": "a", "responses": {"200": {"description": "ok"}}});
            if deprecated {
                op["deprecated"] = Value::Bool(true);
            }
            if let Some(date) = sunset {
                op["x-sunset"] = Value::String(date.into());
            }
            doc(serde_json::json!({"/a": {"get": op}}))
        };
        let gone = doc(serde_json::json!({}));
        let after = |base: &Value, head: &Value| rules(&compare_on(base, head, today));
        // Removal: before the sunset, after it, and without one.
        assert_eq!(
            after(&op(true, Some("2026-06-01")), &gone),
            ["api-removed-before-sunset"]
        );
        assert_eq!(
            after(&op(true, Some("2025-12-31")), &gone),
            ["api-removed-after-deprecation"]
        );
        assert_eq!(after(&op(false, None), &gone), ["api-removed-without-deprecation"]);
        // Deprecation: with a sunset 180 days away or more, sooner, or none.
        assert_eq!(
            after(&op(false, None), &op(true, Some("2026-06-30"))),
            ["endpoint-deprecated"]
        );
        assert_eq!(
            after(&op(false, None), &op(true, Some("2026-06-29"))),
            ["endpoint-deprecated", "api-sunset-date-too-small"]
        );
        assert_eq!(
            after(&op(false, None), &op(true, None)),
            ["endpoint-deprecated", "api-deprecated-sunset-missing"]
        );
        // A sunset moved later, or an RFC 3339 date-time, is fine.
        assert!(after(&op(true, Some("2026-09-01")), &op(true, Some("2027-01-01T00:00:00Z"))).is_empty());
    }

    #[test]
    fn a_document_compared_with_itself_has_no_findings() {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}}
        });
        assert!(compare(&spec, &spec).is_empty());
    }
}
