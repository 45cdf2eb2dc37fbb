//! The spec made generatable before progenitor sees it: each shape a published vendor document uses and
//! progenitor cannot take is changed by one named step, and every change is accounted for, located.
//!
//! progenitor wants one JSON media type per operation, a schema under every JSON media type, one body type for all
//! success responses and one for all error responses, and every component schema typable (it hands them all to
//! typify). Atlas' published document breaks each of these somewhere. Instead of refusing the document, the steps
//! below rewrite exactly those places, in a copy of the spec, in this order:
//!
//! | step | what it does |
//! |---|---|
//! | [`Step::Version`] | keeps one dated media type per operation: the newest not after the chosen API version |
//! | [`Step::BodilessMediaType`] | a media type with no schema is a response without a body |
//! | [`Step::BodilessError`] | an error response without a body gets the operation's error schema |
//! | [`Step::OptionalSuccessBody`] | success responses with and without a body: the body becomes optional |
//! | [`Step::EitherBody`] | responses of one kind with different schemas: the body is one of them (`oneOf`) |
//! | [`Step::DiscriminatorMapping`] | a base mapping its subtypes with no `oneOf` becomes the choice of them |
//! | [`Step::SubtypeIncludesBase`] | a subtype `allOf` a base that lists it in `oneOf` includes the base's fields only |
//! | [`Step::EnumOnArray`] | an array's `enum` of item values moves to its `items` |
//! | [`Step::UnnameableEnum`] | a string enum whose values make no distinct Rust variant names is a plain string |
//! | [`Step::RequiredOneWay`] | a required property that is `readOnly` or `writeOnly` is optional (see `wire.rs`) |
//! | [`Step::FloatAsDouble`] | `format: float` is read as `f64`, so a number comes back as it was sent |
//! | [`Step::DefaultNotSent`] | an optional property's `default` is dropped: absent stays absent, never sent |
//! | [`Step::DiscriminatorValue`] | each choice of a discriminated `oneOf` requires its own discriminator values |
//! | [`Step::EmptyCollectionKept`] | an optional inline array or free-form object is `nullable`: `[]`/`{}` survive |
//! | [`Step::Unreachable`] | component schemas no generated operation reaches are not handed to the generator |
//!
//! What no step can make generatable is left out, operation by operation, with its reason ([`LeftOut`]); in strict
//! mode (the default, and always for `spec/`) anything left out is an error instead.

mod reachable;
mod responses;
mod schemas;
mod subtypes;
mod versions;
mod wire;

use std::fmt;

use serde_json::Value;

use crate::document::{escape, operations_of};

pub use reachable::{keep_only, operations_reaching, pointers_reached, pointers_reached_unprepared, schemas_reached};
pub use subtypes::{Pinning, Pinnings, discriminated_choices};
pub(crate) use versions::date_of;
pub use versions::{ApiVersion, newest_version};

/// One preparation, as the account names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Version,
    BodilessMediaType,
    BodilessError,
    OptionalSuccessBody,
    EitherBody,
    DiscriminatorMapping,
    SubtypeIncludesBase,
    EnumOnArray,
    UnnameableEnum,
    RequiredOneWay,
    FloatAsDouble,
    DefaultNotSent,
    EmptyCollectionKept,
    DiscriminatorValue,
    Unreachable,
}

impl Step {
    /// Every step, in the order they run.
    pub const ALL: [Step; 15] = [
        Step::Version,
        Step::BodilessMediaType,
        Step::BodilessError,
        Step::OptionalSuccessBody,
        Step::EitherBody,
        Step::DiscriminatorMapping,
        Step::SubtypeIncludesBase,
        Step::EnumOnArray,
        Step::UnnameableEnum,
        Step::RequiredOneWay,
        Step::FloatAsDouble,
        Step::DefaultNotSent,
        Step::EmptyCollectionKept,
        Step::DiscriminatorValue,
        Step::Unreachable,
    ];

    /// The id the account and the docs use.
    pub fn id(self) -> &'static str {
        match self {
            Step::Version => "version",
            Step::BodilessMediaType => "bodiless-media-type",
            Step::BodilessError => "bodiless-error",
            Step::OptionalSuccessBody => "optional-success-body",
            Step::EitherBody => "either-body",
            Step::DiscriminatorMapping => "discriminator-mapping",
            Step::SubtypeIncludesBase => "subtype-includes-base",
            Step::EnumOnArray => "enum-on-array",
            Step::UnnameableEnum => "unnameable-enum",
            Step::RequiredOneWay => "required-one-way",
            Step::FloatAsDouble => "float-as-double",
            Step::DefaultNotSent => "default-not-sent",
            Step::EmptyCollectionKept => "empty-collection-kept",
            Step::DiscriminatorValue => "discriminator-value",
            Step::Unreachable => "unreachable-schemas",
        }
    }

    /// What the step did to each place it lists, for one line of the account.
    fn what(self) -> &'static str {
        match self {
            Step::Version => "operations offered in several dated versions: the newest not after the API version kept",
            Step::BodilessMediaType => "responses with a media type and no schema: generated as bodiless",
            Step::BodilessError => {
                "error responses without a body: given the operation's error schema (a body that does not decode \
                 reaches the caller as raw bytes)"
            }
            Step::OptionalSuccessBody => {
                "operations answering success with and without a body: the body is optional (an empty body is none)"
            }
            Step::EitherBody => "responses of one kind with different schemas: the body is one of them (oneOf)",
            Step::DiscriminatorMapping => {
                "bases mapping their subtypes with no oneOf: the choice of the subtypes their mapping names (oneOf)"
            }
            Step::SubtypeIncludesBase => {
                "subtypes that include a base listing them (oneOf): they include its fields, not its list of subtypes"
            }
            Step::EnumOnArray => "arrays with an enum of item values: the enum moved to the items",
            Step::UnnameableEnum => {
                "string enums whose values make no distinct Rust names (`<`, `>`): generated as strings"
            }
            Step::RequiredOneWay => {
                "object schemas requiring a readOnly or writeOnly property (required one way only): it is optional"
            }
            Step::FloatAsDouble => "format: float numbers: read as f64, so a value comes back as it was written",
            Step::DefaultNotSent => {
                "optional properties with a default: the default dropped, so it is never sent unless set"
            }
            Step::EmptyCollectionKept => {
                "optional arrays and free-form objects: nullable, so an explicit [] or {} is kept (Option)"
            }
            Step::DiscriminatorValue => {
                "subtypes of a discriminated base: each requires its own discriminator values, so a body decodes as \
                 the subtype it names"
            }
            Step::Unreachable => "component schemas no generated operation reaches: not generated",
        }
    }
}

/// How much the preparation may do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The API version date (`YYYY-MM-DD`) whose operations to generate; `None` is the newest.
    pub api_version: Option<ApiVersion>,
    /// Leave out what cannot be generated instead of failing (a vendor document; never `spec/`).
    pub partial: bool,
    /// Generate only part of the document (`None`: all of it). The review generates only what a change can touch
    /// (`diff/scope.rs`).
    pub only: Option<Only>,
    /// Steps not to run: to show what a step is for (`cargo xtask vendor-check --without-step`); never for code
    /// that is kept.
    pub skip: Vec<Step>,
}

/// The part of a document to generate: the whole document is prepared (so what is left out, and which schemas
/// the generated operations reach, is what generating everything finds), then only these operations and, of the
/// component schemas generating everything would generate, only these (and what they reach) are generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Only {
    /// JSON pointers: `/paths/~1jobs/get`.
    pub operations: std::collections::BTreeSet<String>,
    /// Component schema names.
    pub schemas: std::collections::BTreeSet<String>,
}

/// What the preparation changed, step by step, and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// The places each step changed (JSON pointers into the spec as written), in step order.
    pub changes: Vec<(Step, Vec<String>)>,
    pub left_out: Vec<LeftOut>,
    /// How [`Step::DiscriminatorValue`] pinned each subtype: a fact of the whole document, which a review that
    /// generates part of it compares between the revisions (`diff/scope.rs`).
    pub pinnings: Pinnings,
}

/// An operation that is not generated, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// `GET /api/atlas/v2/groups (listProjects)`.
    pub operation: String,
    /// Where the reason is, as a JSON pointer.
    pub pointer: String,
    pub reason: String,
}

impl Account {
    fn record(&mut self, step: Step, places: Vec<String>) {
        if !places.is_empty() {
            self.changes.push((step, places));
        }
    }

    /// Whether anything was changed or left out.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.left_out.is_empty()
    }
}

impl fmt::Display for Account {
    /// One line per step that changed anything (with its first place), then one per operation left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (step, places) in &self.changes {
            let first = places.first().map(String::as_str).unwrap_or_default();
            let more = match places.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            writeln!(
                f,
                "prepared [{}] {} {}: {first}{more}",
                step.id(),
                places.len(),
                step.what()
            )?;
        }
        for left in &self.left_out {
            writeln!(f, "left out {}: {} (at {})", left.operation, left.reason, left.pointer)?;
        }
        Ok(())
    }
}

/// The first step, before the JSON media types are renamed (`media_types::normalize` records the one kept as
/// the operation's `Accept`): one version per operation. Operations with no version old enough are left out.
pub fn choose_versions(raw: &mut Value, options: &Options, account: &mut Account) {
    let (chosen, too_new) = versions::choose(raw, options.api_version.as_ref());
    account.record(Step::Version, chosen);
    let left_out: Vec<LeftOut> = too_new
        .into_iter()
        .map(|(pointer, operation, oldest)| LeftOut {
            operation,
            reason: format!(
                "its oldest version ({oldest}) is newer than the API version {}",
                options
                    .api_version
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            pointer,
        })
        .collect();
    remove_left_out(raw, &left_out);
    account.left_out.extend(left_out);
}

/// A step over the whole document, returning the places it changed.
type StepFn = fn(&mut Value) -> Vec<String>;

/// The response steps, after the JSON media types are renamed `application/json`.
pub fn reshape(raw: &mut Value, skip: &[Step], account: &mut Account) {
    account.record(Step::BodilessMediaType, responses::drop_schemaless_media_types(raw));
    let shapes = responses::unify(raw);
    account.record(Step::BodilessError, shapes.bodiless_errors);
    account.record(Step::OptionalSuccessBody, shapes.optional_success);
    account.record(Step::EitherBody, shapes.either);
    if !skip.contains(&Step::DiscriminatorMapping) {
        account.record(Step::DiscriminatorMapping, subtypes::mapping_as_choices(raw));
    }
    account.record(Step::SubtypeIncludesBase, subtypes::include_base_fields(raw));
    account.record(Step::EnumOnArray, schemas::move_array_enums_to_items(raw));
    account.record(Step::UnnameableEnum, schemas::unnameable_enums_as_strings(raw));
    let wire: [(Step, StepFn); 4] = [
        (Step::RequiredOneWay, wire::required_one_way_optional),
        (Step::FloatAsDouble, wire::floats_as_doubles),
        (Step::DefaultNotSent, wire::defaults_not_sent),
        (Step::EmptyCollectionKept, wire::empty_collections_kept),
    ];
    for (step, run) in wire {
        if !skip.contains(&step) {
            let _t = crate::timing::stage(step.id());
            account.record(step, run(raw));
        }
    }
    if !skip.contains(&Step::DiscriminatorValue) {
        let _t = crate::timing::stage(Step::DiscriminatorValue.id());
        let (places, pinnings) = subtypes::pin_discriminator_values(raw);
        account.record(Step::DiscriminatorValue, places);
        account.pinnings = pinnings;
    }
}

/// After the operations to leave out are known: drop the component schemas that no remaining operation reaches.
/// Returns whether any was dropped.
pub fn prune(raw: &mut Value, account: &mut Account) -> bool {
    let dropped = reachable::drop_unreached_schemas(raw);
    let any = !dropped.is_empty();
    account.record(Step::Unreachable, dropped);
    any
}

/// Remove the operations of `left_out` from `raw` (path items left empty go too).
pub fn remove_left_out(raw: &mut Value, left_out: &[LeftOut]) {
    let pointers: Vec<String> = left_out.iter().map(|left| left.pointer.clone()).collect();
    remove_operations(raw, &pointers);
}

/// Remove the operations at (or containing) `pointers` from `raw`, path items left empty too; returns how many
/// were there to remove.
pub fn remove_operations(raw: &mut Value, pointers: &[String]) -> usize {
    let mut removed = 0;
    for pointer in pointers {
        let Some((item_pointer, method)) = operation_pointer(pointer) else {
            continue;
        };
        let Some(item) = raw.pointer_mut(&item_pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        removed += usize::from(item.remove(&method).is_some());
        if !item.keys().any(|key| crate::document::METHODS.contains(&key.as_str())) {
            let template = crate::document::unescape(item_pointer.trim_start_matches("/paths/"));
            if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
                paths.remove(&template);
            }
        }
    }
    removed
}

/// `/paths/~1a/get` of a pointer at or inside an operation: the path item's pointer and the method.
pub fn operation_pointer(pointer: &str) -> Option<(String, String)> {
    let rest = pointer.strip_prefix("/paths/")?;
    let mut parts = rest.splitn(3, '/');
    let template = parts.next()?;
    let method = parts.next()?;
    crate::document::METHODS
        .contains(&method)
        .then(|| (format!("/paths/{template}"), method.to_owned()))
}

/// `GET /things (listThings)` for the operation at `pointer` in `raw`.
pub fn describe_operation(raw: &Value, pointer: &str) -> String {
    let Some((item_pointer, method)) = operation_pointer(pointer) else {
        return pointer.to_owned();
    };
    let template = crate::document::unescape(item_pointer.trim_start_matches("/paths/"));
    let id = raw
        .pointer(&format!("{item_pointer}/{method}/operationId"))
        .and_then(Value::as_str)
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    format!("{} {template}{id}", method.to_uppercase())
}

/// Every operation of `raw`: its pointer and the operation.
pub fn operations(raw: &Value) -> Vec<(String, &Value)> {
    let paths = raw.get("paths").and_then(Value::as_object);
    paths
        .into_iter()
        .flatten()
        .flat_map(|(template, item)| {
            operations_of(item).map(move |(method, op)| (format!("/paths/{}/{method}", escape(template)), op))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operation_pointers_are_found_inside_operations_only() {
        assert_eq!(
            operation_pointer("/paths/~1a~1{b}/get/responses/200"),
            Some(("/paths/~1a~1{b}".into(), "get".into()))
        );
        assert_eq!(operation_pointer("/paths/~1a/parameters/0"), None);
        assert_eq!(operation_pointer("/components/schemas/A"), None);
    }

    #[test]
    fn leaving_out_the_last_operation_of_a_path_removes_the_path() {
        let mut raw = json!({"paths": {
            "/a": {"get": {"operationId": "a"}, "post": {"operationId": "b"}, "parameters": []},
            "/b": {"get": {"operationId": "c"}}
        }});
        let left = |pointer: &str| LeftOut {
            operation: describe_operation(&raw, pointer),
            pointer: pointer.into(),
            reason: "r".into(),
        };
        let left_out = [left("/paths/~1a/get/responses"), left("/paths/~1b/get")];
        assert_eq!(left_out[0].operation, "GET /a (a)");
        remove_left_out(&mut raw, &left_out);
        assert_eq!(
            raw,
            json!({"paths": {"/a": {"post": {"operationId": "b"}, "parameters": []}}})
        );
    }

    #[test]
    fn the_account_says_each_step_once_with_its_first_place_and_each_operation_left_out() {
        let mut account = Account::default();
        account.record(Step::BodilessMediaType, vec!["/a".into(), "/b".into(), "/c".into()]);
        account.record(Step::EitherBody, vec![]);
        account.left_out.push(LeftOut {
            operation: "GET /x (x)".into(),
            pointer: "/paths/~1x/get".into(),
            reason: "no operationId".into(),
        });
        assert_eq!(
            account.to_string(),
            "prepared [bodiless-media-type] 3 responses with a media type and no schema: generated as bodiless: \
             /a and 2 more\nleft out GET /x (x): no operationId (at /paths/~1x/get)\n"
        );
    }
}
