//! Every rule `cargo xtask diff` applies, in one registry: id, level, area, where the rule comes from, and what it
//! means. Checks name a [`Rule`]; nothing else holds a rule id or a level.
//!
//! Ids and default levels are oasdiff's (`checker/rules.go`) where oasdiff has the rule; a rule of our own says why
//! oasdiff's does not serve. `cargo xtask diff --list-rules` prints this table, and README.md's rule list is that
//! output (a test keeps them equal).

use serde::Serialize;

/// How much a change can hurt an existing client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks some client for sure (oasdiff's `ERR`).
    Breaking,
    /// May break a client; the document alone cannot tell (`WARN`).
    Warning,
    /// Compatible (`INFO`).
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

/// The part of a document a rule looks at; also the module of `diff/api/` that applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Operations,
    Lifecycle,
    Parameters,
    RequestBody,
    Responses,
    Schemas,
    MediaTypes,
    Security,
    Servers,
    Info,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Operations => "operations",
            Area::Lifecycle => "lifecycle",
            Area::Parameters => "parameters",
            Area::RequestBody => "request-body",
            Area::Responses => "responses",
            Area::Schemas => "schemas",
            Area::MediaTypes => "media-types",
            Area::Security => "security",
            Area::Servers => "servers",
            Area::Info => "info",
        }
    }
}

/// What a change does to the API, as a changelog sorts it (Keep a Changelog's headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Change,
    Deprecate,
    Remove,
}

/// Whom a rule is about: clients — which its level says break, may break, or are fine — or the API's policy:
/// deprecation and sunset discipline, version bumps, stability levels. A policy finding breaks no client, so the
/// verdict counts it apart (`--fail-on policy` includes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Concern {
    Client,
    Policy,
}

impl Concern {
    pub fn as_str(self) -> &'static str {
        match self {
            Concern::Client => "client",
            Concern::Policy => "policy",
        }
    }
}

impl Rule {
    /// The lifecycle and versioning rules are policy, but for those about removing something (which breaks the
    /// clients that use it, deprecated or not).
    pub fn concern(self) -> Concern {
        match (self.area(), self.action()) {
            (Area::Lifecycle | Area::Info, action) if action != Action::Remove => Concern::Policy,
            _ => Concern::Client,
        }
    }
}

/// Whose rule it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "origin", content = "why")]
pub enum Origin {
    /// oasdiff's id and default level.
    Oasdiff,
    /// Ours, and why oasdiff's rules do not report the change this way.
    Ours(&'static str),
}

/// Declares [`Rule`] and its table from one list, so that a rule cannot exist without its id, level, area and
/// description.
macro_rules! registry {
    ($($variant:ident: $id:literal, $level:ident, $area:ident, $action:ident, $origin:expr, $description:literal;)*) => {
        /// One rule of the API comparison.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the registry's order (by area).
            pub const ALL: &[Rule] = &[$(Rule::$variant,)*];

            /// The rule's id, as oasdiff spells it where it has the rule.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            pub fn level(self) -> Level {
                match self {
                    $(Rule::$variant => Level::$level,)*
                }
            }

            pub fn area(self) -> Area {
                match self {
                    $(Rule::$variant => Area::$area,)*
                }
            }

            pub fn action(self) -> Action {
                match self {
                    $(Rule::$variant => Action::$action,)*
                }
            }

            pub fn origin(self) -> Origin {
                match self {
                    $(Rule::$variant => $origin,)*
                }
            }

            /// What change the rule reports, in one sentence.
            pub fn description(self) -> &'static str {
                match self {
                    $(Rule::$variant => $description,)*
                }
            }
        }
    };
}

use Origin::{Oasdiff, Ours};

/// How many rules oasdiff's registry has (`checker/rules.go` at the commit named in
/// `xtask/tests/fixtures/oasdiff-rules.txt`, which a test counts).
pub const OASDIFF_RULES: usize = 509;

const FORMAT_APART: &str = "oasdiff reports a format change under its type rules; ours do too when it widens or \
                            narrows (int32 → int64 is `…-type-generalized`), but a breaking change of the format alone \
                            keeps an id of its own: it changes the Rust type (`i64` → `i32`, `DateTime` → `String`)";
const DATED_MEDIA_TYPE: &str = "oasdiff sees a removed and an added media type; a dated vendor type replaced by a \
                                newer date is how Atlas ships a new API version, reported once with both dates";

registry! {
    // Operations
    EndpointAdded: "endpoint-added", Info, Operations, Add, Oasdiff, "An operation was added.";
    ApiRemovedWithoutDeprecation: "api-removed-without-deprecation", Breaking, Operations, Remove, Oasdiff,
        "An operation was removed without being deprecated first.";
    ApiRemovedWithDeprecation: "api-removed-with-deprecation", Info, Operations, Remove, Oasdiff,
        "A deprecated operation was removed, after its sunset date or without one.";
    ApiRemovedBeforeSunset: "api-removed-before-sunset", Breaking, Operations, Remove, Oasdiff,
        "A deprecated operation was removed before its sunset date (`x-sunset`).";
    ApiPathRemovedWithoutDeprecation: "api-path-removed-without-deprecation", Breaking, Operations, Remove, Oasdiff,
        "A path was removed with its operations, one of them not deprecated first.";
    ApiPathRemovedWithDeprecation: "api-path-removed-with-deprecation", Info, Operations, Remove, Oasdiff,
        "A path was removed with a deprecated operation, after its sunset date or without one.";
    ApiPathRemovedBeforeSunset: "api-path-removed-before-sunset", Breaking, Operations, Remove, Oasdiff,
        "A path was removed with a deprecated operation before its sunset date.";
    ApiPathSunsetParse: "api-path-sunset-parse", Breaking, Operations, Remove, Oasdiff,
        "A deprecated operation was removed whose `x-sunset` is not a date.";
    ApiTagAdded: "api-tag-added", Info, Operations, Change, Oasdiff, "A tag was added to an operation.";
    ApiTagRemoved: "api-tag-removed", Info, Operations, Change, Oasdiff, "A tag was removed from an operation.";
    ApiOperationIdRemoved: "api-operation-id-removed", Info, Operations, Change, Oasdiff,
        "An operation's operationId was changed or removed: clients and SDKs that name the operation break.";
    ApiOperationIdAdded: "api-operation-id-added", Info, Operations, Change, Oasdiff,
        "An operationId was given to an operation that had none.";
    // Lifecycle
    EndpointDeprecated: "endpoint-deprecated", Info, Lifecycle, Deprecate, Oasdiff,
        "An operation was deprecated (without a sunset date, or with one too soon).";
    EndpointDeprecatedWithSunset: "endpoint-deprecated-with-sunset", Info, Lifecycle, Deprecate, Oasdiff,
        "An operation was deprecated with a sunset date 180 days away or more.";
    EndpointReactivated: "endpoint-reactivated", Info, Lifecycle, Change, Oasdiff,
        "A deprecated operation is no longer deprecated.";
    ApiDeprecatedSunsetMissing: "api-deprecated-sunset-missing", Breaking, Lifecycle, Deprecate, Oasdiff,
        "An operation was deprecated without a sunset date (`x-sunset`).";
    ApiSunsetDateTooSmall: "api-sunset-date-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "An operation was deprecated with a sunset date less than 180 days away.";
    ApiSunsetDateChangedTooSmall: "api-sunset-date-changed-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A deprecated operation's sunset date was brought forward to less than 180 days away.";
    SunsetDeleted: "sunset-deleted", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A deprecated operation's sunset date was removed.";
    RequestParameterDeprecated: "request-parameter-deprecated", Info, Lifecycle, Deprecate, Oasdiff,
        "A parameter was deprecated.";
    RequestParameterDeprecatedSunsetMissing: "request-parameter-deprecated-sunset-missing", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A parameter was deprecated without a sunset date (`x-sunset`).";
    RequestParameterSunsetDateTooSmall: "request-parameter-sunset-date-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A parameter was deprecated with a sunset date less than 180 days away.";
    RequestParameterSunsetDateChangedTooSmall: "request-parameter-sunset-date-changed-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A deprecated parameter's sunset date was brought forward to less than 180 days away.";
    RequestParameterSunsetDeleted: "request-parameter-sunset-deleted", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A deprecated parameter's sunset date was removed.";
    RequestParameterReactivated: "request-parameter-reactivated", Info, Lifecycle, Change, Oasdiff,
        "A deprecated parameter is no longer deprecated.";
    RequestParameterRemovedBeforeSunset: "request-parameter-removed-before-sunset", Breaking, Lifecycle, Remove, Oasdiff,
        "A deprecated parameter was removed before its sunset date.";
    RequestParameterRemovedWithDeprecation: "request-parameter-removed-with-deprecation", Info, Lifecycle, Remove, Oasdiff,
        "A deprecated parameter was removed, after its sunset date or without one.";
    RequestPropertyDeprecated: "request-property-deprecated", Info, Lifecycle, Deprecate, Oasdiff,
        "A request property was deprecated (without a sunset date, or with one too soon).";
    RequestPropertyDeprecatedWithSunset: "request-property-deprecated-with-sunset", Info, Lifecycle, Deprecate, Oasdiff,
        "A request property was deprecated with a sunset date 180 days away or more.";
    RequestPropertyDeprecatedSunsetMissing: "request-property-deprecated-sunset-missing", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A request property was deprecated without a sunset date (`x-sunset`).";
    RequestPropertySunsetDateTooSmall: "request-property-sunset-date-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A request property was deprecated with a sunset date less than 180 days away.";
    RequestPropertyReactivated: "request-property-reactivated", Info, Lifecycle, Change, Oasdiff,
        "A deprecated request property is no longer deprecated.";
    ResponsePropertyDeprecated: "response-property-deprecated", Info, Lifecycle, Deprecate, Oasdiff,
        "A response property was deprecated (without a sunset date, or with one too soon).";
    ResponsePropertyDeprecatedWithSunset: "response-property-deprecated-with-sunset", Info, Lifecycle, Deprecate, Oasdiff,
        "A response property was deprecated with a sunset date 180 days away or more.";
    ResponsePropertyDeprecatedSunsetMissing: "response-property-deprecated-sunset-missing", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A response property was deprecated without a sunset date (`x-sunset`).";
    ResponsePropertySunsetDateTooSmall: "response-property-sunset-date-too-small", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A response property was deprecated with a sunset date less than 180 days away.";
    ResponsePropertyReactivated: "response-property-reactivated", Info, Lifecycle, Change, Oasdiff,
        "A deprecated response property is no longer deprecated.";
    ApiDeprecatedSunsetParse: "api-deprecated-sunset-parse", Breaking, Lifecycle, Deprecate, Oasdiff,
        "An operation was deprecated with an `x-sunset` that is not a date.";
    RequestParameterSunsetParse: "request-parameter-sunset-parse", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A parameter was deprecated with an `x-sunset` that is not a date.";
    RequestPropertyDeprecatedSunsetInvalid: "request-property-deprecated-sunset-invalid", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A request property was deprecated with an `x-sunset` that is not a date.";
    ResponsePropertyDeprecatedSunsetInvalid: "response-property-deprecated-sunset-invalid", Breaking, Lifecycle, Deprecate, Oasdiff,
        "A response property was deprecated with an `x-sunset` that is not a date.";
    ApiStabilityDecreased: "api-stability-decreased", Breaking, Lifecycle, Change, Oasdiff,
        "An operation's `x-stability-level` was lowered (e.g. stable → beta).";
    ApiStabilityIncreased: "api-stability-increased", Info, Lifecycle, Change, Oasdiff,
        "An operation's `x-stability-level` was raised.";
    ApiInvalidStabilityLevel: "api-invalid-stability-level", Breaking, Lifecycle, Change, Oasdiff,
        "An operation's `x-stability-level` is not draft, alpha, beta or stable.";
    RequestPropertyStabilityDecreased: "request-property-stability-decreased", Breaking, Lifecycle, Change, Oasdiff,
        "A request property's `x-stability-level` was lowered.";
    RequestPropertyStabilityIncreased: "request-property-stability-increased", Info, Lifecycle, Change, Oasdiff,
        "A request property's `x-stability-level` was raised.";
    ResponsePropertyStabilityDecreased: "response-property-stability-decreased", Breaking, Lifecycle, Change, Oasdiff,
        "A response property's `x-stability-level` was lowered.";
    ResponsePropertyStabilityIncreased: "response-property-stability-increased", Info, Lifecycle, Change, Oasdiff,
        "A response property's `x-stability-level` was raised.";
    // Parameters
    NewRequiredRequestParameter: "new-required-request-parameter", Breaking, Parameters, Add, Oasdiff,
        "A required parameter was added.";
    NewOptionalRequestParameter: "new-optional-request-parameter", Info, Parameters, Add, Oasdiff,
        "An optional parameter was added.";
    RequestParameterRemoved: "request-parameter-removed", Warning, Parameters, Remove, Oasdiff,
        "A parameter was removed: clients still sending it may be refused.";
    RequestParameterBecameRequired: "request-parameter-became-required", Breaking, Parameters, Change, Oasdiff,
        "An optional parameter became required.";
    RequestParameterBecameOptional: "request-parameter-became-optional", Info, Parameters, Change, Oasdiff,
        "A required parameter became optional.";
    RequestParameterTypeChanged: "request-parameter-type-changed", Breaking, Parameters, Change, Oasdiff,
        "A parameter's type changed.";
    RequestParameterFormatChanged: "request-parameter-format-changed", Breaking, Parameters, Change, Ours(FORMAT_APART),
        "A parameter's format changed.";
    RequestParameterEnumValueAdded: "request-parameter-enum-value-added", Info, Parameters, Change, Oasdiff,
        "A value was added to a parameter's enum.";
    RequestParameterEnumValueRemoved: "request-parameter-enum-value-removed", Breaking, Parameters, Change, Oasdiff,
        "A value was removed from a parameter's enum.";
    RequestParameterDefaultValueChanged: "request-parameter-default-value-changed", Breaking, Parameters, Change, Oasdiff,
        "A parameter's default value changed: clients that left it out get other behaviour.";
    RequestParameterMaxDecreased: "request-parameter-max-decreased", Breaking, Parameters, Change, Oasdiff,
        "A parameter's maximum was lowered.";
    RequestParameterMaxIncreased: "request-parameter-max-increased", Info, Parameters, Change, Oasdiff,
        "A parameter's maximum was raised or removed.";
    RequestParameterMaxSet: "request-parameter-max-set", Warning, Parameters, Change, Oasdiff,
        "A maximum was set on a parameter that had none.";
    RequestParameterMinIncreased: "request-parameter-min-increased", Breaking, Parameters, Change, Oasdiff,
        "A parameter's minimum was raised.";
    RequestParameterMinDecreased: "request-parameter-min-decreased", Info, Parameters, Change, Oasdiff,
        "A parameter's minimum was lowered or removed.";
    RequestParameterMinSet: "request-parameter-min-set", Warning, Parameters, Change, Oasdiff,
        "A minimum was set on a parameter that had none.";
    RequestParameterMaxLengthDecreased: "request-parameter-max-length-decreased", Breaking, Parameters, Change, Oasdiff,
        "A parameter's maxLength was lowered.";
    RequestParameterMaxLengthIncreased: "request-parameter-max-length-increased", Info, Parameters, Change, Oasdiff,
        "A parameter's maxLength was raised or removed.";
    RequestParameterMaxLengthSet: "request-parameter-max-length-set", Warning, Parameters, Change, Oasdiff,
        "A maxLength was set on a parameter that had none.";
    RequestParameterMinLengthIncreased: "request-parameter-min-length-increased", Breaking, Parameters, Change, Oasdiff,
        "A parameter's minLength was raised (or set: it was 0).";
    RequestParameterMinLengthDecreased: "request-parameter-min-length-decreased", Info, Parameters, Change, Oasdiff,
        "A parameter's minLength was lowered or removed.";
    RequestParameterPatternAdded: "request-parameter-pattern-added", Breaking, Parameters, Change, Oasdiff,
        "A pattern was set on a parameter that had none.";
    RequestParameterPatternChanged: "request-parameter-pattern-changed", Warning, Parameters, Change, Oasdiff,
        "A parameter's pattern changed.";
    RequestParameterPatternRemoved: "request-parameter-pattern-removed", Info, Parameters, Change, Oasdiff,
        "A parameter's pattern was removed.";
    RequestParameterMaxItemsDecreased: "request-parameter-max-items-decreased", Breaking, Parameters, Change, Oasdiff,
        "An array parameter's maxItems was lowered.";
    RequestParameterMaxItemsIncreased: "request-parameter-max-items-increased", Info, Parameters, Change, Oasdiff,
        "An array parameter's maxItems was raised or removed.";
    RequestParameterMinItemsIncreased: "request-parameter-min-items-increased", Breaking, Parameters, Change, Oasdiff,
        "An array parameter's minItems was raised.";
    RequestParameterMinItemsDecreased: "request-parameter-min-items-decreased", Info, Parameters, Change, Oasdiff,
        "An array parameter's minItems was lowered or removed.";
    RequestParameterMinItemsSet: "request-parameter-min-items-set", Warning, Parameters, Change, Oasdiff,
        "A minItems was set on an array parameter that had none.";
    RequestParameterBecameNullable: "request-parameter-became-nullable", Info, Parameters, Change, Oasdiff,
        "A parameter became nullable.";
    RequestParameterBecameNotNullable: "request-parameter-became-not-nullable", Breaking, Parameters, Change, Oasdiff,
        "A parameter is no longer nullable: clients sending null are refused.";
    RequestParameterDefaultValueAdded: "request-parameter-default-value-added", Breaking, Parameters, Change, Oasdiff,
        "A default was given to a parameter: clients that leave it out get other behaviour.";
    RequestParameterDefaultValueRemoved: "request-parameter-default-value-removed", Breaking, Parameters, Change, Oasdiff,
        "A parameter's default was removed: clients that leave it out get other behaviour.";
    RequestParameterBecameEnum: "request-parameter-became-enum", Breaking, Parameters, Change, Oasdiff,
        "A parameter that took any value became an enum.";
    RequestParameterXExtensibleEnumValueRemoved: "request-parameter-x-extensible-enum-value-removed", Breaking, Parameters,
        Change, Oasdiff, "A value was removed from a parameter's `x-extensible-enum`.";
    RequestParameterExclusiveMaxDecreased: "request-parameter-exclusive-max-decreased", Breaking, Parameters, Change, Oasdiff,
        "The maximum of a parameter became exclusive (3.0: `exclusiveMaximum` turned true).";
    RequestParameterExclusiveMaxIncreased: "request-parameter-exclusive-max-increased", Info, Parameters, Change, Oasdiff,
        "The maximum of a parameter is no longer exclusive (3.0: `exclusiveMaximum` turned false or removed).";
    RequestParameterExclusiveMaxSet: "request-parameter-exclusive-max-set", Warning, Parameters, Change, Oasdiff,
        "`exclusiveMaximum: true` was set on a parameter that had no `exclusiveMaximum`.";
    RequestParameterExclusiveMinDecreased: "request-parameter-exclusive-min-decreased", Info, Parameters, Change, Oasdiff,
        "The minimum of a parameter is no longer exclusive (3.0: `exclusiveMinimum` turned false or removed).";
    RequestParameterExclusiveMinIncreased: "request-parameter-exclusive-min-increased", Breaking, Parameters, Change, Oasdiff,
        "The minimum of a parameter became exclusive (3.0: `exclusiveMinimum` turned true).";
    RequestParameterExclusiveMinSet: "request-parameter-exclusive-min-set", Warning, Parameters, Change, Oasdiff,
        "`exclusiveMinimum: true` was set on a parameter that had no `exclusiveMinimum`.";
    RequestParameterListOfTypesNarrowed: "request-parameter-list-of-types-narrowed", Breaking, Parameters, Change, Oasdiff,
        "The types a parameter allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    RequestParameterListOfTypesWidened: "request-parameter-list-of-types-widened", Info, Parameters, Change, Oasdiff,
        "The types a parameter allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    RequestParameterPropertyListOfTypesNarrowed: "request-parameter-property-list-of-types-narrowed", Breaking, Parameters, Change, Oasdiff,
        "The types an object parameter's property allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    RequestParameterPropertyListOfTypesWidened: "request-parameter-property-list-of-types-widened", Info, Parameters, Change, Oasdiff,
        "The types an object parameter's property allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    NewRequestPathParameter: "new-request-path-parameter", Breaking, Parameters, Add, Oasdiff,
        "A path parameter was added to an operation whose path is the same (a path parameter renamed).";
    NewRequiredRequestDefaultParameterToExistingPath: "new-required-request-default-parameter-to-existing-path", Breaking,
        Parameters, Add, Oasdiff, "A required parameter was added to a path item, for all its operations.";
    NewOptionalRequestDefaultParameterToExistingPath: "new-optional-request-default-parameter-to-existing-path", Info,
        Parameters, Add, Oasdiff, "An optional parameter was added to a path item, for all its operations.";
    NewRequiredRequestHeaderProperty: "new-required-request-header-property", Breaking, Parameters, Add, Oasdiff,
        "A required property was added to a header parameter's object.";
    RequestHeaderPropertyBecameRequired: "request-header-property-became-required", Breaking, Parameters, Change,
        Oasdiff, "A property of a header parameter's object became required.";
    RequestHeaderPropertyBecameEnum: "request-header-property-became-enum", Breaking, Parameters, Change, Oasdiff,
        "A property of a header parameter's object that took any value became an enum.";
    RequestParameterTypeGeneralized: "request-parameter-type-generalized", Info, Parameters, Change, Oasdiff,
        "A parameter's type or format widened: every value sent before is still accepted (integer → number, → string).";
    RequestParameterPatternGeneralized: "request-parameter-pattern-generalized", Info, Parameters, Change, Oasdiff,
        "A parameter's pattern was replaced by `.*`.";
    RequestParameterPropertyTypeChanged: "request-parameter-property-type-changed", Warning, Parameters, Change, Oasdiff,
        "The type of an object parameter's property changed in a way that breaks one serialization (JSON) but not \
         another (`a[b]=1`).";
    RequestParameterPropertyTypeGeneralized: "request-parameter-property-type-generalized", Info, Parameters, Change,
        Oasdiff, "The type of an object parameter's property widened.";
    RequestParameterPropertyTypeSpecialized: "request-parameter-property-type-specialized", Breaking, Parameters, Change,
        Oasdiff, "The type of an object parameter's property changed in a way that breaks every serialization.";
    RequestParameterPropertyEnumValueAdded: "request-parameter-property-enum-value-added", Info, Parameters, Change,
        Oasdiff, "A value was added to the enum of an object parameter's property.";
    RequestParameterPropertyEnumValueRemoved: "request-parameter-property-enum-value-removed", Breaking, Parameters,
        Change, Oasdiff, "A value was removed from the enum of an object parameter's property.";
    RequestParameterPropertyBecameNullable: "request-parameter-property-became-nullable", Info, Parameters, Change,
        Oasdiff, "An object parameter's property became nullable.";
    RequestParameterPropertyBecameNotNullable: "request-parameter-property-became-not-nullable", Breaking, Parameters,
        Change, Oasdiff, "An object parameter's property is no longer nullable.";
    // Request body
    RequestBodyAddedRequired: "request-body-added-required", Breaking, RequestBody, Add, Oasdiff,
        "A required request body was added.";
    RequestBodyAddedOptional: "request-body-added-optional", Info, RequestBody, Add, Oasdiff,
        "An optional request body was added.";
    RequestBodyRemoved: "request-body-removed", Breaking, RequestBody, Remove, Oasdiff, "The request body was removed.";
    RequestBodyBecameRequired: "request-body-became-required", Breaking, RequestBody, Change, Oasdiff,
        "The request body became required.";
    RequestBodyBecameOptional: "request-body-became-optional", Info, RequestBody, Change, Oasdiff,
        "The request body became optional.";
    // Responses
    ResponseSuccessStatusAdded: "response-success-status-added", Info, Responses, Add, Oasdiff,
        "A success (1xx, 2xx) response status was added.";
    ResponseSuccessStatusRemoved: "response-success-status-removed", Breaking, Responses, Remove, Oasdiff,
        "A success response status was removed.";
    ResponseNonSuccessStatusAdded: "response-non-success-status-added", Info, Responses, Add, Oasdiff,
        "An error response status was added.";
    ResponseNonSuccessStatusRemoved: "response-non-success-status-removed", Info, Responses, Remove, Oasdiff,
        "An error response status was removed.";
    ResponseHeaderAdded: "response-header-added", Info, Responses, Add, Oasdiff,
        "A response header was added (e.g. `Retry-After`, `RateLimit-*`).";
    RequiredResponseHeaderRemoved: "required-response-header-removed", Breaking, Responses, Remove, Oasdiff,
        "A required response header was removed.";
    OptionalResponseHeaderRemoved: "optional-response-header-removed", Warning, Responses, Remove, Oasdiff,
        "An optional response header was removed.";
    ResponseHeaderBecameOptional: "response-header-became-optional", Breaking, Responses, Change, Oasdiff,
        "A required response header became optional.";
    ResponseHeaderTypeChanged: "response-header-type-changed", Breaking, Responses, Change, Oasdiff,
        "A response header's type or format changed.";
    ResponseHeaderTypeGeneralized: "response-header-type-generalized", Breaking, Responses, Change, Oasdiff,
        "A response header's type widened (integer → number): clients may read values they cannot parse.";
    ResponseHeaderTypeSpecialized: "response-header-type-specialized", Info, Responses, Change, Oasdiff,
        "A response header's type or format narrowed (number → integer, date-time → date).";
    ResponseHeaderTypeCompatible: "response-header-type-compatible", Info, Responses, Change, Oasdiff,
        "A response header's type was swapped for one that reads alike as text (a string became an integer).";
    ResponseHeaderBecameNullable: "response-header-became-nullable", Breaking, Responses, Change, Oasdiff,
        "A response header became nullable.";
    ResponseHeaderBecameNotNullable: "response-header-became-not-nullable", Info, Responses, Change, Oasdiff,
        "A response header is no longer nullable.";
    // Schemas and their properties
    ResponseOptionalPropertyAdded: "response-optional-property-added", Info, Schemas, Add, Oasdiff,
        "An optional property was added to a response.";
    ResponseRequiredPropertyAdded: "response-required-property-added", Info, Schemas, Add, Oasdiff,
        "A required property was added to a response.";
    ResponseOptionalPropertyRemoved: "response-optional-property-removed", Warning, Schemas, Remove, Oasdiff,
        "An optional response property was removed.";
    ResponseRequiredPropertyRemoved: "response-required-property-removed", Breaking, Schemas, Remove, Oasdiff,
        "A required response property was removed.";
    ResponsePropertyBecameRequired: "response-property-became-required", Info, Schemas, Change, Oasdiff,
        "An optional response property became required.";
    ResponsePropertyBecameOptional: "response-property-became-optional", Breaking, Schemas, Change, Oasdiff,
        "A required response property became optional.";
    ResponsePropertyTypeChanged: "response-property-type-changed", Breaking, Schemas, Change, Oasdiff,
        "The type of a response property changed.";
    ResponsePropertyFormatChanged: "response-property-format-changed", Breaking, Schemas, Change, Ours(FORMAT_APART),
        "The format of a response body or property changed.";
    ResponsePropertyEnumValueAdded: "response-property-enum-value-added", Warning, Schemas, Change, Oasdiff,
        "A value was added to a response property's enum: an exhaustive match breaks.";
    ResponsePropertyEnumValueRemoved: "response-property-enum-value-removed", Info, Schemas, Change, Oasdiff,
        "A value was removed from a response property's enum.";
    ResponseMediatypeEnumValueRemoved: "response-mediatype-enum-value-removed", Info, Schemas, Change, Oasdiff,
        "A value was removed from a response body's own enum.";
    ResponsePropertyBecameNullable: "response-property-became-nullable", Breaking, Schemas, Change, Oasdiff,
        "A response property became nullable.";
    ResponsePropertyBecameNotNullable: "response-property-became-not-nullable", Info, Schemas, Change, Oasdiff,
        "A response property is no longer nullable.";
    NewRequiredRequestProperty: "new-required-request-property", Breaking, Schemas, Add, Oasdiff,
        "A required property was added to a request body.";
    NewOptionalRequestProperty: "new-optional-request-property", Info, Schemas, Add, Oasdiff,
        "An optional property was added to a request body.";
    RequestPropertyRemoved: "request-property-removed", Warning, Schemas, Remove, Oasdiff,
        "A request body property was removed.";
    RequestPropertyBecameRequired: "request-property-became-required", Breaking, Schemas, Change, Oasdiff,
        "An optional request property became required.";
    RequestPropertyBecameOptional: "request-property-became-optional", Info, Schemas, Change, Oasdiff,
        "A required request property became optional.";
    RequestPropertyTypeChanged: "request-property-type-changed", Breaking, Schemas, Change, Oasdiff,
        "The type or format of a request property (or the format of the body) changed.";
    RequestPropertyEnumValueAdded: "request-property-enum-value-added", Info, Schemas, Change, Oasdiff,
        "A value was added to a request property's enum.";
    RequestPropertyEnumValueRemoved: "request-property-enum-value-removed", Breaking, Schemas, Change, Oasdiff,
        "A value was removed from a request property's enum.";
    RequestPropertyMaxDecreased: "request-property-max-decreased", Breaking, Schemas, Change, Oasdiff,
        "A request property's maximum was lowered.";
    RequestPropertyMaxIncreased: "request-property-max-increased", Info, Schemas, Change, Oasdiff,
        "A request property's maximum was raised or removed.";
    RequestPropertyMaxSet: "request-property-max-set", Warning, Schemas, Change, Oasdiff,
        "A maximum was set on a request property that had none.";
    RequestPropertyMinIncreased: "request-property-min-increased", Breaking, Schemas, Change, Oasdiff,
        "A request property's minimum was raised.";
    RequestPropertyMinDecreased: "request-property-min-decreased", Info, Schemas, Change, Oasdiff,
        "A request property's minimum was lowered or removed.";
    RequestPropertyMinSet: "request-property-min-set", Warning, Schemas, Change, Oasdiff,
        "A minimum was set on a request property that had none.";
    RequestPropertyMaxLengthDecreased: "request-property-max-length-decreased", Breaking, Schemas, Change, Oasdiff,
        "A request property's maxLength was lowered.";
    RequestPropertyMaxLengthIncreased: "request-property-max-length-increased", Info, Schemas, Change, Oasdiff,
        "A request property's maxLength was raised or removed.";
    RequestPropertyMaxLengthSet: "request-property-max-length-set", Warning, Schemas, Change, Oasdiff,
        "A maxLength was set on a request property that had none.";
    RequestPropertyMinLengthIncreased: "request-property-min-length-increased", Breaking, Schemas, Change, Oasdiff,
        "A request property's minLength was raised (or set: it was 0).";
    RequestPropertyMinLengthDecreased: "request-property-min-length-decreased", Info, Schemas, Change, Oasdiff,
        "A request property's minLength was lowered or removed.";
    RequestPropertyPatternAdded: "request-property-pattern-added", Breaking, Schemas, Change, Oasdiff,
        "A pattern was set on a request property that had none.";
    RequestPropertyPatternChanged: "request-property-pattern-changed", Warning, Schemas, Change, Oasdiff,
        "A request property's pattern changed.";
    RequestPropertyPatternRemoved: "request-property-pattern-removed", Info, Schemas, Change, Oasdiff,
        "A request property's pattern was removed.";
    RequestPropertyMinItemsIncreased: "request-property-min-items-increased", Breaking, Schemas, Change, Oasdiff,
        "A request property's minItems was raised.";
    RequestPropertyMinItemsSet: "request-property-min-items-set", Warning, Schemas, Change, Oasdiff,
        "A minItems was set on a request property that had none.";
    RequestBodyMaxDecreased: "request-body-max-decreased", Breaking, Schemas, Change, Oasdiff,
        "The request body's maximum was lowered.";
    RequestBodyMaxIncreased: "request-body-max-increased", Info, Schemas, Change, Oasdiff,
        "The request body's maximum was raised or removed.";
    RequestBodyMaxSet: "request-body-max-set", Warning, Schemas, Change, Oasdiff,
        "A maximum was set on a request body that had none.";
    RequestBodyMinIncreased: "request-body-min-increased", Breaking, Schemas, Change, Oasdiff,
        "The request body's minimum was raised.";
    RequestBodyMinDecreased: "request-body-min-decreased", Info, Schemas, Change, Oasdiff,
        "The request body's minimum was lowered or removed.";
    RequestBodyMinSet: "request-body-min-set", Warning, Schemas, Change, Oasdiff,
        "A minimum was set on a request body that had none.";
    RequestBodyMaxLengthDecreased: "request-body-max-length-decreased", Breaking, Schemas, Change, Oasdiff,
        "The request body's maxLength was lowered.";
    RequestBodyMaxLengthIncreased: "request-body-max-length-increased", Info, Schemas, Change, Oasdiff,
        "The request body's maxLength was raised or removed.";
    RequestBodyMaxLengthSet: "request-body-max-length-set", Warning, Schemas, Change, Oasdiff,
        "A maxLength was set on a request body that had none.";
    RequestBodyMinLengthIncreased: "request-body-min-length-increased", Breaking, Schemas, Change, Oasdiff,
        "The request body's minLength was raised (or set: it was 0).";
    RequestBodyMinLengthDecreased: "request-body-min-length-decreased", Info, Schemas, Change, Oasdiff,
        "The request body's minLength was lowered or removed.";
    RequestBodyMinItemsIncreased: "request-body-min-items-increased", Breaking, Schemas, Change, Oasdiff,
        "The request body's minItems was raised.";
    RequestBodyMinItemsSet: "request-body-min-items-set", Warning, Schemas, Change, Oasdiff,
        "A minItems was set on a request body that had none.";
    ResponsePropertyMaxIncreased: "response-property-max-increased", Breaking, Schemas, Change, Oasdiff,
        "A response property's maximum was raised: clients may get larger values than they allow for.";
    ResponsePropertyMinDecreased: "response-property-min-decreased", Breaking, Schemas, Change, Oasdiff,
        "A response property's minimum was lowered.";
    ResponsePropertyMaxLengthIncreased: "response-property-max-length-increased", Breaking, Schemas, Change, Oasdiff,
        "A response property's maxLength was raised.";
    ResponsePropertyMaxLengthUnset: "response-property-max-length-unset", Breaking, Schemas, Change, Oasdiff,
        "A response property's maxLength was removed.";
    ResponsePropertyMinLengthDecreased: "response-property-min-length-decreased", Breaking, Schemas, Change, Oasdiff,
        "A response property's minLength was lowered.";
    ResponsePropertyMinItemsDecreased: "response-property-min-items-decreased", Breaking, Schemas, Change, Oasdiff,
        "A response property's minItems was lowered.";
    ResponsePropertyMinItemsUnset: "response-property-min-items-unset", Breaking, Schemas, Change, Oasdiff,
        "A response property's minItems was removed.";
    ResponseBodyMaxIncreased: "response-body-max-increased", Breaking, Schemas, Change, Oasdiff,
        "The response body's maximum was raised.";
    ResponseBodyMinDecreased: "response-body-min-decreased", Breaking, Schemas, Change, Oasdiff,
        "The response body's minimum was lowered.";
    ResponseBodyMaxLengthIncreased: "response-body-max-length-increased", Breaking, Schemas, Change, Oasdiff,
        "The response body's maxLength was raised.";
    ResponseBodyMaxLengthUnset: "response-body-max-length-unset", Breaking, Schemas, Change, Oasdiff,
        "The response body's maxLength was removed.";
    ResponseBodyMinLengthDecreased: "response-body-min-length-decreased", Breaking, Schemas, Change, Oasdiff,
        "The response body's minLength was lowered.";
    ResponseBodyMinItemsDecreased: "response-body-min-items-decreased", Breaking, Schemas, Change, Oasdiff,
        "The response body's minItems was lowered.";
    ResponseBodyMinItemsUnset: "response-body-min-items-unset", Breaking, Schemas, Change, Oasdiff,
        "The response body's minItems was removed.";
    RequestPropertyBecameNullable: "request-property-became-nullable", Info, Schemas, Change, Oasdiff,
        "A request property became nullable.";
    RequestPropertyBecameNotNullable: "request-property-became-not-nullable", Breaking, Schemas, Change, Oasdiff,
        "A request property is no longer nullable: clients sending null are refused.";
    RequestBodyBecameNullable: "request-body-became-nullable", Info, Schemas, Change, Oasdiff,
        "The request body became nullable.";
    RequestBodyBecameNotNullable: "request-body-became-not-nullable", Breaking, Schemas, Change, Oasdiff,
        "The request body is no longer nullable.";
    ResponseBodyBecameNullable: "response-body-became-nullable", Breaking, Schemas, Change, Oasdiff,
        "The response body became nullable: clients may get null.";
    ResponseBodyBecameNotNullable: "response-body-became-not-nullable", Info, Schemas, Change, Oasdiff,
        "The response body is no longer nullable.";
    RequestPropertyDefaultValueAdded: "request-property-default-value-added", Info, Schemas, Change, Oasdiff,
        "A default was given to a request property.";
    RequestPropertyDefaultValueChanged: "request-property-default-value-changed", Info, Schemas, Change, Oasdiff,
        "A request property's default changed.";
    RequestPropertyDefaultValueRemoved: "request-property-default-value-removed", Info, Schemas, Change, Oasdiff,
        "A request property's default was removed.";
    RequestBodyDefaultValueAdded: "request-body-default-value-added", Info, Schemas, Change, Oasdiff,
        "A default was given to the request body.";
    RequestBodyDefaultValueChanged: "request-body-default-value-changed", Info, Schemas, Change, Oasdiff,
        "The request body's default changed.";
    RequestBodyDefaultValueRemoved: "request-body-default-value-removed", Info, Schemas, Change, Oasdiff,
        "The request body's default was removed.";
    ResponsePropertyDefaultValueAdded: "response-property-default-value-added", Info, Schemas, Change, Oasdiff,
        "A default was given to a response property.";
    ResponsePropertyDefaultValueChanged: "response-property-default-value-changed", Info, Schemas, Change, Oasdiff,
        "A response property's default changed.";
    ResponsePropertyDefaultValueRemoved: "response-property-default-value-removed", Info, Schemas, Change, Oasdiff,
        "A response property's default was removed.";
    ResponseBodyDefaultValueAdded: "response-body-default-value-added", Info, Schemas, Change, Oasdiff,
        "A default was given to the response body.";
    ResponseBodyDefaultValueChanged: "response-body-default-value-changed", Info, Schemas, Change, Oasdiff,
        "The response body's default changed.";
    ResponseBodyDefaultValueRemoved: "response-body-default-value-removed", Info, Schemas, Change, Oasdiff,
        "The response body's default was removed.";
    RequestPropertyBecameEnum: "request-property-became-enum", Breaking, Schemas, Change, Oasdiff,
        "A request property that took any value became an enum.";
    RequestBodyBecameEnum: "request-body-became-enum", Breaking, Schemas, Change, Oasdiff,
        "A request body that took any value became an enum.";
    RequestBodyEnumValueRemoved: "request-body-enum-value-removed", Breaking, Schemas, Change, Oasdiff,
        "A value was removed from the request body's enum.";
    ResponsePropertyPatternAdded: "response-property-pattern-added", Info, Schemas, Change, Oasdiff,
        "A pattern was set on a response property.";
    ResponsePropertyPatternChanged: "response-property-pattern-changed", Info, Schemas, Change, Oasdiff,
        "A response property's pattern changed.";
    ResponsePropertyPatternRemoved: "response-property-pattern-removed", Info, Schemas, Change, Oasdiff,
        "A response property's pattern was removed.";
    NewRequiredRequestPropertyWithDefault: "new-required-request-property-with-default", Breaking, Schemas, Add, Oasdiff,
        "A required property with a default was added to a request body.";
    RequestPropertyBecameRequiredWithDefault: "request-property-became-required-with-default", Breaking, Schemas, Change, Oasdiff,
        "An optional request property with a default became required.";
    RequestBodyAllOfAdded: "request-body-all-of-added", Breaking, Schemas, Change, Oasdiff,
        "A subschema was added to the allOf of the request body.";
    RequestBodyAllOfRemoved: "request-body-all-of-removed", Warning, Schemas, Change, Oasdiff,
        "A subschema was removed from the allOf of the request body.";
    RequestBodyAnyOfAdded: "request-body-any-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the anyOf of the request body.";
    RequestBodyAnyOfRemoved: "request-body-any-of-removed", Breaking, Schemas, Change, Oasdiff,
        "A subschema was removed from the anyOf of the request body.";
    RequestBodyOneOfAdded: "request-body-one-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the oneOf of the request body.";
    RequestBodyOneOfRemoved: "request-body-one-of-removed", Breaking, Schemas, Change, Oasdiff,
        "A subschema was removed from the oneOf of the request body.";
    RequestPropertyAllOfAdded: "request-property-all-of-added", Breaking, Schemas, Change, Oasdiff,
        "A subschema was added to the allOf of a request property.";
    RequestPropertyAllOfRemoved: "request-property-all-of-removed", Warning, Schemas, Change, Oasdiff,
        "A subschema was removed from the allOf of a request property.";
    RequestPropertyAnyOfAdded: "request-property-any-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the anyOf of a request property.";
    RequestPropertyAnyOfRemoved: "request-property-any-of-removed", Breaking, Schemas, Change, Oasdiff,
        "A subschema was removed from the anyOf of a request property.";
    RequestPropertyOneOfAdded: "request-property-one-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the oneOf of a request property.";
    RequestPropertyOneOfRemoved: "request-property-one-of-removed", Breaking, Schemas, Change, Oasdiff,
        "A subschema was removed from the oneOf of a request property.";
    ResponseBodyAllOfAdded: "response-body-all-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the allOf of the response body.";
    ResponseBodyAllOfRemoved: "response-body-all-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the allOf of the response body.";
    ResponseBodyAnyOfAdded: "response-body-any-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the anyOf of the response body.";
    ResponseBodyAnyOfRemoved: "response-body-any-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the anyOf of the response body.";
    ResponseBodyOneOfAdded: "response-body-one-of-added", Breaking, Schemas, Change, Oasdiff,
        "A subschema was added to the oneOf of the response body.";
    ResponseBodyOneOfRemoved: "response-body-one-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the oneOf of the response body.";
    ResponsePropertyAllOfAdded: "response-property-all-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the allOf of a response property.";
    ResponsePropertyAllOfRemoved: "response-property-all-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the allOf of a response property.";
    ResponsePropertyAnyOfAdded: "response-property-any-of-added", Info, Schemas, Change, Oasdiff,
        "A subschema was added to the anyOf of a response property.";
    ResponsePropertyAnyOfRemoved: "response-property-any-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the anyOf of a response property.";
    ResponsePropertyOneOfAdded: "response-property-one-of-added", Breaking, Schemas, Change, Oasdiff,
        "A subschema was added to the oneOf of a response property.";
    ResponsePropertyOneOfRemoved: "response-property-one-of-removed", Info, Schemas, Change, Oasdiff,
        "A subschema was removed from the oneOf of a response property.";
    RequestBodyAllOfAddedAnnotationOnly: "request-body-all-of-added-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only (title, description) was added to the allOf of the request body.";
    RequestBodyAllOfRemovedAnnotationOnly: "request-body-all-of-removed-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only was removed from the allOf of the request body.";
    RequestPropertyAllOfAddedAnnotationOnly: "request-property-all-of-added-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only (title, description) was added to the allOf of a request property.";
    RequestPropertyAllOfRemovedAnnotationOnly: "request-property-all-of-removed-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only was removed from the allOf of a request property.";
    ResponseBodyAllOfAddedAnnotationOnly: "response-body-all-of-added-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only (title, description) was added to the allOf of the response body.";
    ResponseBodyAllOfRemovedAnnotationOnly: "response-body-all-of-removed-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only was removed from the allOf of the response body.";
    ResponsePropertyAllOfAddedAnnotationOnly: "response-property-all-of-added-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only (title, description) was added to the allOf of a response property.";
    ResponsePropertyAllOfRemovedAnnotationOnly: "response-property-all-of-removed-annotation-only", Info, Schemas, Change, Oasdiff,
        "A subschema of annotations only was removed from the allOf of a response property.";
    RequestBodyWrappedInOneOf: "request-body-wrapped-in-one-of", Breaking, Schemas, Change, Oasdiff,
        "The request body's object schema was wrapped in a oneOf of alternatives: a body valid before may match \
         several and be refused.";
    ResponseBodyWrappedInOneOf: "response-body-wrapped-in-one-of", Breaking, Schemas, Change, Oasdiff,
        "The response body's object schema was wrapped in a oneOf of alternatives: clients read one shape no more.";
    RequestBodyDiscriminatorAdded: "request-body-discriminator-added", Info, Schemas, Change, Oasdiff,
        "The discriminator was added to the request body.";
    RequestBodyDiscriminatorRemoved: "request-body-discriminator-removed", Info, Schemas, Change, Oasdiff,
        "The discriminator was removed from the request body.";
    RequestBodyDiscriminatorPropertyNameChanged: "request-body-discriminator-property-name-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed its propertyName in the request body.";
    RequestBodyDiscriminatorMappingAdded: "request-body-discriminator-mapping-added", Info, Schemas, Change, Oasdiff,
        "The discriminator gained a mapping in the request body.";
    RequestBodyDiscriminatorMappingDeleted: "request-body-discriminator-mapping-deleted", Info, Schemas, Change, Oasdiff,
        "The discriminator lost a mapping in the request body.";
    RequestBodyDiscriminatorMappingChanged: "request-body-discriminator-mapping-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed a mapping in the request body.";
    RequestPropertyDiscriminatorAdded: "request-property-discriminator-added", Info, Schemas, Change, Oasdiff,
        "The discriminator was added to a request property.";
    RequestPropertyDiscriminatorRemoved: "request-property-discriminator-removed", Info, Schemas, Change, Oasdiff,
        "The discriminator was removed from a request property.";
    RequestPropertyDiscriminatorPropertyNameChanged: "request-property-discriminator-property-name-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed its propertyName in a request property.";
    RequestPropertyDiscriminatorMappingAdded: "request-property-discriminator-mapping-added", Info, Schemas, Change, Oasdiff,
        "The discriminator gained a mapping in a request property.";
    RequestPropertyDiscriminatorMappingDeleted: "request-property-discriminator-mapping-deleted", Info, Schemas, Change, Oasdiff,
        "The discriminator lost a mapping in a request property.";
    RequestPropertyDiscriminatorMappingChanged: "request-property-discriminator-mapping-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed a mapping in a request property.";
    ResponseBodyDiscriminatorAdded: "response-body-discriminator-added", Info, Schemas, Change, Oasdiff,
        "The discriminator was added to the response body.";
    ResponseBodyDiscriminatorRemoved: "response-body-discriminator-removed", Info, Schemas, Change, Oasdiff,
        "The discriminator was removed from the response body.";
    ResponseBodyDiscriminatorPropertyNameChanged: "response-body-discriminator-property-name-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed its propertyName in the response body.";
    ResponseBodyDiscriminatorMappingAdded: "response-body-discriminator-mapping-added", Info, Schemas, Change, Oasdiff,
        "The discriminator gained a mapping in the response body.";
    ResponseBodyDiscriminatorMappingDeleted: "response-body-discriminator-mapping-deleted", Info, Schemas, Change, Oasdiff,
        "The discriminator lost a mapping in the response body.";
    ResponseBodyDiscriminatorMappingChanged: "response-body-discriminator-mapping-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed a mapping in the response body.";
    ResponsePropertyDiscriminatorAdded: "response-property-discriminator-added", Info, Schemas, Change, Oasdiff,
        "The discriminator was added to a response property.";
    ResponsePropertyDiscriminatorRemoved: "response-property-discriminator-removed", Info, Schemas, Change, Oasdiff,
        "The discriminator was removed from a response property.";
    ResponsePropertyDiscriminatorPropertyNameChanged: "response-property-discriminator-property-name-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed its propertyName in a response property.";
    ResponsePropertyDiscriminatorMappingAdded: "response-property-discriminator-mapping-added", Info, Schemas, Change, Oasdiff,
        "The discriminator gained a mapping in a response property.";
    ResponsePropertyDiscriminatorMappingDeleted: "response-property-discriminator-mapping-deleted", Info, Schemas, Change, Oasdiff,
        "The discriminator lost a mapping in a response property.";
    ResponsePropertyDiscriminatorMappingChanged: "response-property-discriminator-mapping-changed", Info, Schemas, Change, Oasdiff,
        "The discriminator changed a mapping in a response property.";
    RequestPropertyXExtensibleEnumValueRemoved: "request-property-x-extensible-enum-value-removed", Breaking, Schemas,
        Change, Oasdiff, "A value was removed from a request property's `x-extensible-enum`.";
    RequestOptionalPropertyBecameNotReadOnly: "request-optional-property-became-not-read-only", Info, Schemas, Change, Oasdiff,
        "A optional request property became not readOnly.";
    RequestOptionalPropertyBecameNotWriteOnly: "request-optional-property-became-not-write-only", Info, Schemas, Change, Oasdiff,
        "A optional request property became not writeOnly.";
    RequestOptionalPropertyBecameReadOnly: "request-optional-property-became-read-only", Info, Schemas, Change, Oasdiff,
        "A optional request property became readOnly.";
    RequestOptionalPropertyBecameWriteOnly: "request-optional-property-became-write-only", Info, Schemas, Change, Oasdiff,
        "A optional request property became writeOnly.";
    RequestReadOnlyPropertyEnumValueRemoved: "request-read-only-property-enum-value-removed", Info, Schemas, Change, Oasdiff,
        "A read-only request property's constraint tightened (enum value removed): clients never send it.";
    RequestReadOnlyPropertyMaxDecreased: "request-read-only-property-max-decreased", Info, Schemas, Change, Oasdiff,
        "A read-only request property's constraint tightened (max decreased): clients never send it.";
    RequestReadOnlyPropertyMaxLengthDecreased: "request-read-only-property-max-length-decreased", Info, Schemas, Change, Oasdiff,
        "A read-only request property's constraint tightened (max length decreased): clients never send it.";
    RequestReadOnlyPropertyMinIncreased: "request-read-only-property-min-increased", Info, Schemas, Change, Oasdiff,
        "A read-only request property's constraint tightened (min increased): clients never send it.";
    RequestRequiredPropertyBecameNotReadOnly: "request-required-property-became-not-read-only", Info, Schemas, Change, Oasdiff,
        "A required request property became not readOnly.";
    RequestRequiredPropertyBecameNotWriteOnly: "request-required-property-became-not-write-only", Info, Schemas, Change, Oasdiff,
        "A required request property became not writeOnly.";
    RequestRequiredPropertyBecameReadOnly: "request-required-property-became-read-only", Info, Schemas, Change, Oasdiff,
        "A required request property became readOnly.";
    RequestRequiredPropertyBecameWriteOnly: "request-required-property-became-write-only", Info, Schemas, Change, Oasdiff,
        "A required request property became writeOnly.";
    ResponseOptionalPropertyBecameNotReadOnly: "response-optional-property-became-not-read-only", Info, Schemas, Change, Oasdiff,
        "A optional response property became not readOnly.";
    ResponseOptionalPropertyBecameNotWriteOnly: "response-optional-property-became-not-write-only", Info, Schemas, Change, Oasdiff,
        "A optional response property became not writeOnly.";
    ResponseOptionalPropertyBecameReadOnly: "response-optional-property-became-read-only", Info, Schemas, Change, Oasdiff,
        "A optional response property became readOnly.";
    ResponseOptionalPropertyBecameWriteOnly: "response-optional-property-became-write-only", Info, Schemas, Change, Oasdiff,
        "A optional response property became writeOnly.";
    ResponseOptionalWriteOnlyPropertyAdded: "response-optional-write-only-property-added", Info, Schemas, Change, Oasdiff,
        "A optional write-only property was added in a response (clients never receive it).";
    ResponseOptionalWriteOnlyPropertyRemoved: "response-optional-write-only-property-removed", Info, Schemas, Change, Oasdiff,
        "A optional write-only property was removed in a response (clients never receive it).";
    ResponseRequiredPropertyBecameNotReadOnly: "response-required-property-became-not-read-only", Info, Schemas, Change, Oasdiff,
        "A required response property became not readOnly.";
    ResponseRequiredPropertyBecameNotWriteOnly: "response-required-property-became-not-write-only", Warning, Schemas, Change, Oasdiff,
        "A required response property became not writeOnly.";
    ResponseRequiredPropertyBecameReadOnly: "response-required-property-became-read-only", Info, Schemas, Change, Oasdiff,
        "A required response property became readOnly.";
    ResponseRequiredPropertyBecameWriteOnly: "response-required-property-became-write-only", Info, Schemas, Change, Oasdiff,
        "A required response property became writeOnly.";
    ResponseRequiredWriteOnlyPropertyAdded: "response-required-write-only-property-added", Info, Schemas, Change, Oasdiff,
        "A required write-only property was added in a response (clients never receive it).";
    ResponseRequiredWriteOnlyPropertyRemoved: "response-required-write-only-property-removed", Info, Schemas, Change, Oasdiff,
        "A required write-only property was removed in a response (clients never receive it).";
    ResponseWriteOnlyPropertyBecameOptional: "response-write-only-property-became-optional", Info, Schemas, Change, Oasdiff,
        "A write-only response property became optional.";
    ResponseWriteOnlyPropertyBecameRequired: "response-write-only-property-became-required", Info, Schemas, Change, Oasdiff,
        "A write-only response property became required.";
    ResponseWriteOnlyPropertyEnumValueAdded: "response-write-only-property-enum-value-added", Info, Schemas, Change, Oasdiff,
        "A value was added to a write-only response property's enum: clients never receive it.";
    RequestBodyTypeChanged: "request-body-type-changed", Breaking, Schemas, Change, Oasdiff,
        "The type of the request body changed.";
    ResponseBodyTypeChanged: "response-body-type-changed", Breaking, Schemas, Change, Oasdiff,
        "The type of the response body changed.";
    RequestBodyTypeGeneralized: "request-body-type-generalized", Info, Schemas, Change, Oasdiff,
        "The request body's type or format widened: every body sent before is still accepted.";
    RequestBodyTypeCompatible: "request-body-type-compatible", Info, Schemas, Change, Oasdiff,
        "The request body's type was swapped for one that reads alike in a loosely typed media type (text, XML).";
    RequestPropertyTypeGeneralized: "request-property-type-generalized", Info, Schemas, Change, Oasdiff,
        "A request property's type or format widened (integer → number, int32 → int64, date → date-time).";
    RequestPropertyTypeCompatible: "request-property-type-compatible", Info, Schemas, Change, Oasdiff,
        "A request property's type was swapped for one that reads alike in a loosely typed media type.";
    ResponseBodyTypeGeneralized: "response-body-type-generalized", Breaking, Schemas, Change, Oasdiff,
        "The response body's type widened (integer → number): clients may receive values they cannot read.";
    ResponseBodyTypeSpecialized: "response-body-type-specialized", Info, Schemas, Change, Oasdiff,
        "The response body's type or format narrowed (number → integer, a type where there was none).";
    ResponseBodyTypeCompatible: "response-body-type-compatible", Info, Schemas, Change, Oasdiff,
        "The response body's type was swapped for one that reads alike in a loosely typed media type.";
    ResponsePropertyTypeGeneralized: "response-property-type-generalized", Breaking, Schemas, Change, Oasdiff,
        "A response property's type widened (integer → number): clients may receive values they cannot read.";
    ResponsePropertyTypeSpecialized: "response-property-type-specialized", Info, Schemas, Change, Oasdiff,
        "A response property's type or format narrowed (number → integer, date-time → date).";
    ResponsePropertyTypeCompatible: "response-property-type-compatible", Info, Schemas, Change, Oasdiff,
        "A response property's type was swapped for one that reads alike in a loosely typed media type.";
    RequestPropertyPatternGeneralized: "request-property-pattern-generalized", Info, Schemas, Change, Oasdiff,
        "A request property's pattern was replaced by `.*`.";
    RequestBodyExclusiveMaxDecreased: "request-body-exclusive-max-decreased", Breaking, Schemas, Change, Oasdiff,
        "The maximum of the request body became exclusive (3.0: `exclusiveMaximum` turned true).";
    RequestBodyExclusiveMaxIncreased: "request-body-exclusive-max-increased", Info, Schemas, Change, Oasdiff,
        "The maximum of the request body is no longer exclusive (3.0: `exclusiveMaximum` turned false or removed).";
    RequestBodyExclusiveMaxSet: "request-body-exclusive-max-set", Warning, Schemas, Change, Oasdiff,
        "`exclusiveMaximum: true` was set on the request body that had no `exclusiveMaximum`.";
    RequestBodyExclusiveMinDecreased: "request-body-exclusive-min-decreased", Info, Schemas, Change, Oasdiff,
        "The minimum of the request body is no longer exclusive (3.0: `exclusiveMinimum` turned false or removed).";
    RequestBodyExclusiveMinIncreased: "request-body-exclusive-min-increased", Breaking, Schemas, Change, Oasdiff,
        "The minimum of the request body became exclusive (3.0: `exclusiveMinimum` turned true).";
    RequestBodyExclusiveMinSet: "request-body-exclusive-min-set", Warning, Schemas, Change, Oasdiff,
        "`exclusiveMinimum: true` was set on the request body that had no `exclusiveMinimum`.";
    RequestPropertyExclusiveMaxDecreased: "request-property-exclusive-max-decreased", Breaking, Schemas, Change, Oasdiff,
        "The maximum of a request property became exclusive (3.0: `exclusiveMaximum` turned true).";
    RequestPropertyExclusiveMaxIncreased: "request-property-exclusive-max-increased", Info, Schemas, Change, Oasdiff,
        "The maximum of a request property is no longer exclusive (3.0: `exclusiveMaximum` turned false or removed).";
    RequestPropertyExclusiveMaxSet: "request-property-exclusive-max-set", Warning, Schemas, Change, Oasdiff,
        "`exclusiveMaximum: true` was set on a request property that had no `exclusiveMaximum`.";
    RequestPropertyExclusiveMinDecreased: "request-property-exclusive-min-decreased", Info, Schemas, Change, Oasdiff,
        "The minimum of a request property is no longer exclusive (3.0: `exclusiveMinimum` turned false or removed).";
    RequestPropertyExclusiveMinIncreased: "request-property-exclusive-min-increased", Breaking, Schemas, Change, Oasdiff,
        "The minimum of a request property became exclusive (3.0: `exclusiveMinimum` turned true).";
    RequestPropertyExclusiveMinSet: "request-property-exclusive-min-set", Warning, Schemas, Change, Oasdiff,
        "`exclusiveMinimum: true` was set on a request property that had no `exclusiveMinimum`.";
    RequestReadOnlyPropertyExclusiveMaxDecreased: "request-read-only-property-exclusive-max-decreased", Info, Schemas, Change, Oasdiff,
        "The maximum of a read-only request property became exclusive (3.0: `exclusiveMaximum` turned true).";
    RequestReadOnlyPropertyExclusiveMinIncreased: "request-read-only-property-exclusive-min-increased", Info, Schemas, Change, Oasdiff,
        "The minimum of a read-only request property became exclusive (3.0: `exclusiveMinimum` turned true).";
    ResponseBodyExclusiveMaxIncreased: "response-body-exclusive-max-increased", Breaking, Schemas, Change, Oasdiff,
        "The maximum of the response body is no longer exclusive (3.0: `exclusiveMaximum` turned false or removed).";
    ResponseBodyExclusiveMinDecreased: "response-body-exclusive-min-decreased", Breaking, Schemas, Change, Oasdiff,
        "The minimum of the response body is no longer exclusive (3.0: `exclusiveMinimum` turned false or removed).";
    ResponsePropertyExclusiveMaxIncreased: "response-property-exclusive-max-increased", Breaking, Schemas, Change, Oasdiff,
        "The maximum of a response property is no longer exclusive (3.0: `exclusiveMaximum` turned false or removed).";
    ResponsePropertyExclusiveMinDecreased: "response-property-exclusive-min-decreased", Breaking, Schemas, Change, Oasdiff,
        "The minimum of a response property is no longer exclusive (3.0: `exclusiveMinimum` turned false or removed).";
    RequestBodyListOfTypesNarrowed: "request-body-list-of-types-narrowed", Breaking, Schemas, Change, Oasdiff,
        "The types the request body allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    RequestBodyListOfTypesWidened: "request-body-list-of-types-widened", Info, Schemas, Change, Oasdiff,
        "The types the request body allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    RequestPropertyListOfTypesNarrowed: "request-property-list-of-types-narrowed", Breaking, Schemas, Change, Oasdiff,
        "The types a request property allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    RequestPropertyListOfTypesWidened: "request-property-list-of-types-widened", Info, Schemas, Change, Oasdiff,
        "The types a request property allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    ResponseBodyListOfTypesNarrowed: "response-body-list-of-types-narrowed", Info, Schemas, Change, Oasdiff,
        "The types the response body allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    ResponseBodyListOfTypesWidened: "response-body-list-of-types-widened", Breaking, Schemas, Change, Oasdiff,
        "The types the response body allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    ResponsePropertyListOfTypesNarrowed: "response-property-list-of-types-narrowed", Info, Schemas, Change, Oasdiff,
        "The types a response property allows (one `type`, or a `oneOf`/`anyOf` of simple types) lost a type.";
    ResponsePropertyListOfTypesWidened: "response-property-list-of-types-widened", Breaking, Schemas, Change, Oasdiff,
        "The types a response property allows (one `type`, or a `oneOf`/`anyOf` of simple types) gained a type.";
    ApiSchemaRemoved: "api-schema-removed", Info, Schemas, Remove, Oasdiff,
        "A component schema was removed (operations that used it report their own changes).";
    SchemaRenamed: "schema-renamed", Info, Schemas, Change,
        Ours("oasdiff compares operations, not component names; a renamed schema renames the Rust type"),
        "A component schema was renamed, its content unchanged.";
    // Media types
    RequestBodyMediaTypeAdded: "request-body-media-type-added", Info, MediaTypes, Add, Oasdiff,
        "A media type was added to a request body.";
    RequestBodyMediaTypeRemoved: "request-body-media-type-removed", Breaking, MediaTypes, Remove, Oasdiff,
        "A media type was removed from a request body.";
    RequestBodyMediaTypeVersionChanged: "request-body-media-type-version-changed", Warning, MediaTypes, Change,
        Ours(DATED_MEDIA_TYPE),
        "A request body's dated vendor media type was replaced by another date of the same type.";
    ResponseMediaTypeAdded: "response-media-type-added", Info, MediaTypes, Add, Oasdiff,
        "A media type was added to a response.";
    ResponseMediaTypeRemoved: "response-media-type-removed", Breaking, MediaTypes, Remove, Oasdiff,
        "A media type was removed from a response.";
    ResponseMediaTypeVersionChanged: "response-media-type-version-changed", Warning, MediaTypes, Change,
        Ours(DATED_MEDIA_TYPE),
        "A response's dated vendor media type was replaced by another date of the same type.";
    ResponseMediaTypeNameChanged: "response-media-type-name-changed", Info, MediaTypes, Change, Oasdiff,
        "A response's media type kept its type but changed its parameters (`; charset=…`).";
    ResponseMediaTypeNameSpecialized: "response-media-type-name-specialized", Info, MediaTypes, Change, Oasdiff,
        "A response's media type became a refinement of itself (`application/json` → `application/problem+json`).";
    ResponseMediaTypeNameGeneralized: "response-media-type-name-generalized", Breaking, MediaTypes, Change, Oasdiff,
        "A response's media type became a more general one (`application/problem+json` → `application/json`).";
    RequestBodyMediaTypeSchemaAdded: "request-body-media-type-schema-added", Breaking, MediaTypes, Change, Oasdiff,
        "A schema was given to a request media type that had none: bodies sent before may not match it.";
    RequestBodyMediaTypeSchemaRemoved: "request-body-media-type-schema-removed", Info, MediaTypes, Change, Oasdiff,
        "A request media type's schema was removed: any body is accepted.";
    ResponseBodyMediaTypeSchemaAdded: "response-body-media-type-schema-added", Info, MediaTypes, Change, Oasdiff,
        "A schema was given to a response media type that had none.";
    ResponseBodyMediaTypeSchemaRemoved: "response-body-media-type-schema-removed", Warning, MediaTypes, Change, Oasdiff,
        "A response media type's schema was removed: clients can no longer rely on its shape.";
    // Security
    ApiSecurityComponentAdded: "api-security-component-added", Info, Security, Add, Oasdiff,
        "A security scheme was added to the components.";
    ApiSecurityComponentRemoved: "api-security-component-removed", Info, Security, Remove, Oasdiff,
        "A security scheme was removed from the components.";
    ApiSecurityComponentTypeChanged: "api-security-component-type-changed", Info, Security, Change, Oasdiff,
        "A security scheme's type changed (e.g. apiKey → oauth2).";
    ApiSecurityComponentOauthUrlChanged: "api-security-component-oauth-url-changed", Info, Security, Change, Oasdiff,
        "An OAuth flow's authorization URL changed.";
    ApiSecurityComponentOauthTokenUrlChanged: "api-security-component-oauth-token-url-changed", Info, Security, Change,
        Oasdiff, "An OAuth flow's token URL changed.";
    ApiSecurityComponentOauthScopeAdded: "api-security-component-oauth-scope-added", Info, Security, Add, Oasdiff,
        "A scope was added to an OAuth flow.";
    ApiSecurityComponentOauthScopeRemoved: "api-security-component-oauth-scope-removed", Info, Security, Remove,
        Oasdiff, "A scope was removed from an OAuth flow.";
    ApiSecurityComponentOauthScopeChanged: "api-security-component-oauth-scope-changed", Info, Security, Change,
        Oasdiff, "The description of an OAuth flow's scope changed.";
    SecuritySchemeChanged: "security-scheme-changed", Breaking, Security, Change,
        Ours("oasdiff has no rule for the parts of a scheme that say how a client authenticates besides its type \
              and OAuth URLs: an HTTP scheme (digest → basic), an API key's name or place, an OpenID Connect URL, \
              the OAuth flows offered"),
        "A security scheme changed how clients authenticate (HTTP scheme, API key name or place, OAuth flows, ...).";
    ApiGlobalSecurityAdded: "api-global-security-added", Info, Security, Add, Oasdiff,
        "A security requirement (an alternative) was added to the document's `security`.";
    ApiGlobalSecurityRemoved: "api-global-security-removed", Info, Security, Remove, Oasdiff,
        "A security requirement was removed from the document's `security`.";
    ApiGlobalSecurityScopeAdded: "api-global-security-scope-added", Info, Security, Add, Oasdiff,
        "A scope was added to a requirement of the document's `security`.";
    ApiGlobalSecurityScopeRemoved: "api-global-security-scope-removed", Info, Security, Remove, Oasdiff,
        "A scope was removed from a requirement of the document's `security`.";
    ApiSecurityAdded: "api-security-added", Info, Security, Add, Oasdiff,
        "A security requirement was added to an operation's `security`.";
    ApiSecurityRemoved: "api-security-removed", Info, Security, Remove, Oasdiff,
        "A security requirement was removed from an operation's `security`.";
    ApiSecurityScopeAdded: "api-security-scope-added", Info, Security, Add, Oasdiff,
        "A scope was added to a requirement of an operation's `security`.";
    ApiSecurityScopeRemoved: "api-security-scope-removed", Info, Security, Remove, Oasdiff,
        "A scope was removed from a requirement of an operation's `security`.";
    // Servers
    ServerUrlChanged: "server-url-changed", Warning, Servers, Change,
        Ours("oasdiff has no rule for servers; clients built on the old base URL call the wrong place"),
        "The server URLs changed.";
    // The document's version
    ApiVersionNotBumped: "api-version-not-bumped", Info, Info, Change, Oasdiff,
        "There are breaking changes and `info.version` (a semantic version) is the same.";
    ApiVersionDecreased: "api-version-decreased", Info, Info, Change, Oasdiff,
        "There are breaking changes and `info.version` went down.";
    ApiMajorVersionNotBumped: "api-major-version-not-bumped", Info, Info, Change, Oasdiff,
        "There are breaking changes and `info.version` went up by less than a major version (a minor one below 1.0.0).";
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A rule is written as its id (in the JSON report).
impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

/// The registry as `cargo xtask diff --list-rules` prints it.
pub mod listing;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found_again() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        let ids: std::collections::BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn the_registry_is_ordered_by_area() {
        let areas: Vec<Area> = Rule::ALL.iter().map(|r| r.area()).collect();
        let mut sorted = areas.clone();
        sorted.sort();
        assert_eq!(
            areas, sorted,
            "keep each area's rules together, areas in `Area`'s order"
        );
    }
}
