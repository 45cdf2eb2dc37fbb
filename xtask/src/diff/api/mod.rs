//! A semantic comparison of two OpenAPI 3.0 documents: what changed for clients of the HTTP API.
//!
//! The documents are compared as JSON values with `$ref`s followed, so a schema moved behind a reference compares
//! equal to the same schema written inline. Each module applies the rules of one [`Area`](super::rules::Area) of
//! the registry in [`super::rules`]; this one holds what they share: the walk's `Context` and the [`Finding`]s
//! it collects.

mod access;
mod bounds;
mod composition;
mod constraints;
mod discriminator;
mod info;
mod lifecycle;
mod list_of_types;
mod media_types;
mod operations;
mod parameters;
mod request_body;
mod responses;
mod schemas;
mod security;
mod shape;
#[cfg(test)]
mod tests;
mod types;
mod unchanged;
mod values;

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Map, Value};

pub use super::rules::{Level, Rule};
pub use lifecycle::MIN_SUNSET_DAYS;
pub use operations::{normalize_template, operation_names};

/// One change, located and explained. `target` lets the report find the Rust items the change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    /// The rule's level, repeated for readers of the JSON report.
    pub level: Level,
    /// `GET /groups/{groupId}/...`, or `None` for document-wide changes.
    pub operation: Option<String>,
    pub operation_id: Option<String>,
    /// A JSON pointer into the head document (the base document for removals), through `$ref`s as a reader
    /// follows them.
    pub location: String,
    /// Where that is written in the base revision's files, when it is there (filled in by the review).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_location: Option<crate::positions::Location>,
    /// Where it is written in the head revision's files, when it is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_location: Option<crate::positions::Location>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The items of the generated crate this change adds, removes or changes (filled in by the report).
    pub rust_items: Vec<String>,
    /// What identifies the finding across commits, for accepting it (`diff/fingerprint.rs`; filled in by the review).
    pub fingerprint: String,
    /// Why the change was accepted, when an entry of the accepted changes names its fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// Why the client generated from the base cannot read the head's answers, when that made the finding breaking
    /// (`diff/client_reads.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_break: Option<String>,
    /// For a type or format change: the value's type before and after (`client_reads.rs` reads them).
    #[serde(skip)]
    pub value_types: Option<(ValueType, ValueType)>,
    /// The positions of `rust_items` in the report's Rust changes.
    #[serde(skip)]
    pub tied: Vec<usize>,
    #[serde(skip)]
    pub target: Target,
}

/// Why a finding was accepted: an entry of the accepted changes (`diff/acceptance.rs`) names its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<chrono::NaiveDate>,
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

/// Compare two documents (already validated), judging sunset dates against today.
pub fn compare(base: &Value, head: &Value) -> Vec<Finding> {
    compare_on(base, head, chrono::Utc::now().date_naive())
}

/// [`compare`] as of `today`.
pub fn compare_on(base: &Value, head: &Value, today: chrono::NaiveDate) -> Vec<Finding> {
    compare_with(base, head, today, lifecycle::MIN_SUNSET_DAYS)
}

/// [`compare_on`], with a sunset date needing to be at least `sunset_min_days` away (the configuration's).
pub fn compare_with(base: &Value, head: &Value, today: chrono::NaiveDate, sunset_min_days: i64) -> Vec<Finding> {
    let unchanged = unchanged::Unchanged::of(base, head);
    compare_skipping(base, head, today, sunset_min_days, unchanged)
}

/// [`compare`], walking into every schema, also those unchanged on both sides: what holds the premise of skipping
/// them (`tests/diff_invariants.rs`: a document compared with itself this way has no finding).
#[doc(hidden)]
pub fn compare_walking_every_schema(base: &Value, head: &Value) -> Vec<Finding> {
    let today = chrono::Utc::now().date_naive();
    compare_skipping(
        base,
        head,
        today,
        lifecycle::MIN_SUNSET_DAYS,
        unchanged::Unchanged::none(),
    )
}

fn compare_skipping(
    base: &Value,
    head: &Value,
    today: chrono::NaiveDate,
    sunset_min_days: i64,
    unchanged: unchanged::Unchanged,
) -> Vec<Finding> {
    let mut cx = Context {
        sunset_min_days,
        base,
        head,
        findings: Vec::new(),
        operation: None,
        operation_id: None,
        today,
        reported: HashSet::new(),
        schema_at: None,
        walk: Walk::default(),
        unchanged,
    };
    cx.servers();
    cx.security();
    cx.component_schemas();
    cx.operations();
    cx.versioning();
    cx.findings
}

/// The comparison under way: both documents, the operation being compared, what was found so far.
struct Context<'a> {
    base: &'a Value,
    head: &'a Value,
    findings: Vec<Finding>,
    operation: Option<String>,
    operation_id: Option<String>,
    today: chrono::NaiveDate,
    /// How far away a new or moved sunset date must be.
    sunset_min_days: i64,
    /// Changes of a component schema already reported in an operation: the same change reached through several
    /// `$ref` paths (two properties of type `Owner`, two responses or media types of one schema) is one finding.
    reported: HashSet<ReportedChange>,
    /// The schema being compared, when it is (or is inside) a component schema: where it is in the components
    /// (`/components/schemas/Owner/properties/name`) and where the walk reached it (a pointer into the head). A
    /// change below it is known by its place in the components.
    schema_at: Option<(String, String)>,
    walk: Walk,
    /// The component schemas alike on both sides with all they reach: no walk enters them.
    unchanged: unchanged::Unchanged,
}

/// What the schema walk under way compares, where rules depend on it; set for one walk by [`Context::walking`].
#[derive(Clone, Copy)]
struct Walk {
    /// Whether the body is JSON, where a number and a string differ; in text, XML or a form they read alike (see
    /// `types.rs`).
    strongly_typed: bool,
    /// Whether the schema is a header parameter's, whose object properties have rules of their own.
    header_parameter: bool,
}

impl Default for Walk {
    /// A parameter or a JSON body.
    fn default() -> Self {
        Walk {
            strongly_typed: true,
            header_parameter: false,
        }
    }
}

/// A change of a component schema, as an operation reports it once.
#[derive(PartialEq, Eq, Hash)]
struct ReportedChange {
    operation: Option<String>,
    rule: Rule,
    /// Where the change is in the components (`/components/schemas/Owner/properties/name`).
    pointer: String,
    old: Option<String>,
    new: Option<String>,
}

/// Which rules a schema comparison reports under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Parameter,
    Request,
    Response,
}

/// Where a schema is, for the rules that tell a body from its properties (`request-body-…` vs
/// `request-property-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Parameter,
    /// A property of an object parameter (a `deepObject` or JSON-encoded query parameter).
    ParameterProperty,
    RequestBody,
    RequestProperty,
    ResponseBody,
    ResponseProperty,
}

impl Place {
    fn of(side: Side, subject: &Subject) -> Place {
        match (side, subject.property.is_some()) {
            (Side::Parameter, false) => Place::Parameter,
            (Side::Parameter, true) => Place::ParameterProperty,
            (Side::Request, false) => Place::RequestBody,
            (Side::Request, true) => Place::RequestProperty,
            (Side::Response, false) => Place::ResponseBody,
            (Side::Response, true) => Place::ResponseProperty,
        }
    }
}

/// Where two schemas being compared are, for the checks of one keyword each (bounds, values, constraints).
#[derive(Clone, Copy)]
struct At<'s> {
    side: Side,
    subject: &'s Subject,
    /// A JSON pointer to the schema in the head.
    location: &'s str,
    target: &'s Target,
}

/// What a schema describes, for messages: `response 200`, `query parameter \`pageNum\``, or a property below one
/// (`response 200 property \`results[].id\``).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Subject {
    owner: String,
    /// The property path below the owner, dotted, `[]` for array items.
    property: Option<String>,
}

impl Subject {
    fn new(owner: impl Into<String>) -> Subject {
        Subject {
            owner: owner.into(),
            property: None,
        }
    }

    fn property(&self, name: &str) -> Subject {
        let path = match &self.property {
            Some(path) => format!("{path}.{name}"),
            None => name.to_owned(),
        };
        Subject {
            owner: self.owner.clone(),
            property: Some(path),
        }
    }

    fn items(&self) -> Subject {
        match &self.property {
            Some(path) => Subject {
                owner: self.owner.clone(),
                property: Some(format!("{path}[]")),
            },
            None => Subject::new(format!("{} items", self.owner)),
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.property {
            Some(path) => write!(f, "{} property `{path}`", self.owner),
            None => f.write_str(&self.owner),
        }
    }
}

/// A value's type and format, as a schema states them (`string`, `date-time`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueType {
    pub ty: Option<String>,
    pub format: Option<String>,
}

/// One finding before it is placed in its operation.
struct Change {
    rule: Rule,
    location: String,
    message: String,
    old: Option<String>,
    new: Option<String>,
    types: Option<(ValueType, ValueType)>,
    target: Target,
}

impl Change {
    fn new(rule: Rule, location: impl Into<String>, message: impl Into<String>) -> Self {
        Change {
            rule,
            location: location.into(),
            message: message.into(),
            old: None,
            new: None,
            types: None,
            target: Target::None,
        }
    }

    /// A type or format change: the value's type before and after.
    fn types(mut self, old: ValueType, new: ValueType) -> Self {
        self.types = Some((old, new));
        self
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    /// What was added (nothing before it).
    fn added(self, what: impl Into<String>) -> Self {
        self.values(None, Some(what.into()))
    }

    /// What was removed (nothing after it).
    fn removed(self, what: impl Into<String>) -> Self {
        self.values(Some(what.into()), None)
    }

    /// A keyword that was `was` and is `is` (`nullable`, `required`, `deprecated`, …).
    fn flipped(self, was: bool, is: bool) -> Self {
        self.values(Some(was.to_string()), Some(is.to_string()))
    }

    fn target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }
}

impl Context<'_> {
    /// Runs `compare` as one walk of kind `walk`; the walk around it is restored after, so no flag stays set.
    fn walking<R>(&mut self, walk: Walk, compare: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::replace(&mut self.walk, walk);
        let result = compare(self);
        self.walk = outer;
        result
    }

    /// Where `location` (a pointer into the head, at or below the schema being compared) is in the components,
    /// when that schema is a component schema or inside one.
    fn in_components(&self, location: &str) -> Option<String> {
        let (component, reached) = self.schema_at.as_ref()?;
        let below = location.strip_prefix(reached.as_str())?;
        (below.is_empty() || below.starts_with('/')).then(|| format!("{component}{below}"))
    }

    fn push(&mut self, change: Change) {
        if let Some(pointer) = self.in_components(&change.location) {
            let seen = ReportedChange {
                operation: self.operation.clone(),
                rule: change.rule,
                pointer,
                old: change.old.clone(),
                new: change.new.clone(),
            };
            if !self.reported.insert(seen) {
                return;
            }
        }
        self.findings.push(Finding {
            rule: change.rule,
            level: change.rule.level(),
            operation: self.operation.clone(),
            operation_id: self.operation_id.clone(),
            location: change.location,
            base_location: None,
            head_location: None,
            message: change.message,
            old: change.old,
            new: change.new,
            rust_items: Vec::new(),
            fingerprint: String::new(),
            accepted: None,
            client_break: None,
            value_types: change.types,
            tied: Vec::new(),
            target: change.target,
        });
    }
}

static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

/// `true` for `required: true`.
fn flag(holder: &Value, key: &str) -> bool {
    holder.get(key) == Some(&Value::Bool(true))
}
