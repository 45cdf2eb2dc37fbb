//! oasdiff's rules that `cargo xtask diff` does not implement, each with the reason — so that `--list-rules` can
//! account for all of oasdiff's registry (`xtask/tests/fixtures/oasdiff-rules.txt`; a test keeps the two equal).
//! Implementing a rule moves it from here into the registry in `rules/mod.rs`.

use serde::Serialize;

/// Why an oasdiff rule is not implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gap {
    /// Does not apply to OpenAPI 3.0.
    OpenApi31,
    /// Ours are reported per operation.
    PerOperation,
    /// Ours name the date in the message.
    SunsetInMessage,
    /// Ours judge security as a whole.
    SecurityWhole,
    /// Needs a versioning policy.
    VersionPolicy,
    /// Documentation only.
    Documentation,
    /// Compares 3.1's numeric form of a keyword 3.0 writes as a boolean.
    Exclusive,
    /// Not implemented yet, by family.
    Composition,
    Defaults,
    HeaderSchemas,
    Nullable,
    TypeRefinements,
    Enums,
    NotYet,
}

impl Gap {
    /// Whether the rule applies to OpenAPI 3.0 documents and is still to be implemented.
    pub fn is_to_do(self) -> bool {
        !matches!(
            self,
            Gap::OpenApi31
                | Gap::Exclusive
                | Gap::PerOperation
                | Gap::SunsetInMessage
                | Gap::SecurityWhole
                | Gap::VersionPolicy
                | Gap::Documentation
        )
    }

    pub fn reason(self) -> &'static str {
        match self {
            Gap::OpenApi31 => {
                "OpenAPI 3.1 only (a JSON Schema 2020-12 keyword, type lists, webhooks): a 3.0 document cannot have it"
            }
            Gap::PerOperation => {
                "ours report per operation: a removed path is `api-removed-*` for each of its operations, a new path parameter a new operation"
            }
            Gap::SunsetInMessage => "ours report `endpoint-deprecated` with the sunset date in the message",
            Gap::SecurityWhole => {
                "ours judge security schemes and the document's requirement whole (`security-*`), not per requirement and scope"
            }
            Gap::VersionPolicy => {
                "a policy on `info.version` needs oasdiff's versioning options; the crate's own gate is `cargo xtask release-check`"
            }
            Gap::Documentation => "tags are documentation; they change no client",
            Gap::Composition => {
                "not yet: an allOf member that only annotates, and a schema wrapped in a oneOf, are reported as subschemas added or removed"
            }
            Gap::Exclusive => {
                "compares OpenAPI 3.1's numeric exclusiveMinimum/exclusiveMaximum (oasdiff's own cases are 3.1); in 3.0 they are booleans that modify minimum/maximum"
            }
            Gap::Defaults => "not yet: default values of bodies and properties are not compared",
            Gap::HeaderSchemas => "not yet: request headers' and response headers' schemas are not compared",
            Gap::Nullable => "not yet: nullable is compared for response properties only",
            Gap::TypeRefinements => {
                "not yet: ours report `…-type-changed`/`…-format-changed`, not oasdiff's generalized/specialized/compatible refinements"
            }
            Gap::Enums => {
                "not yet: a schema becoming an enum, and enums of bodies and parameter properties, are not compared"
            }
            Gap::NotYet => "not yet implemented",
        }
    }
}

use Gap::*;

/// Every oasdiff rule not in the registry, with why.
pub const OASDIFF_GAPS: &[(&str, Gap)] = &[
    ("api-global-security-added", SecurityWhole),
    ("api-global-security-removed", SecurityWhole),
    ("api-global-security-scope-added", SecurityWhole),
    ("api-global-security-scope-removed", SecurityWhole),
    ("api-major-version-not-bumped", VersionPolicy),
    ("api-path-removed-before-sunset", PerOperation),
    ("api-path-removed-with-deprecation", PerOperation),
    ("api-path-removed-without-deprecation", PerOperation),
    ("api-path-sunset-parse", PerOperation),
    ("api-schema-removed", NotYet),
    ("api-security-added", SecurityWhole),
    ("api-security-component-added", SecurityWhole),
    ("api-security-component-oauth-scope-added", SecurityWhole),
    ("api-security-component-oauth-scope-changed", SecurityWhole),
    ("api-security-component-oauth-scope-removed", SecurityWhole),
    ("api-security-component-oauth-token-url-changed", SecurityWhole),
    ("api-security-component-oauth-url-changed", SecurityWhole),
    ("api-security-component-removed", SecurityWhole),
    ("api-security-component-type-changed", SecurityWhole),
    ("api-security-removed", SecurityWhole),
    ("api-security-scope-added", SecurityWhole),
    ("api-security-scope-removed", SecurityWhole),
    ("api-tag-added", Documentation),
    ("api-tag-removed", Documentation),
    ("api-version-decreased", VersionPolicy),
    ("api-version-not-bumped", VersionPolicy),
    ("endpoint-deprecated-with-sunset", SunsetInMessage),
    ("new-optional-request-default-parameter-to-existing-path", Defaults),
    ("new-request-path-parameter", PerOperation),
    ("new-required-request-default-parameter-to-existing-path", Defaults),
    ("new-required-request-header-property", HeaderSchemas),
    ("request-body-all-of-added-annotation-only", Composition),
    ("request-body-all-of-removed-annotation-only", Composition),
    ("request-body-const-added", OpenApi31),
    ("request-body-const-changed", OpenApi31),
    ("request-body-const-removed", OpenApi31),
    ("request-body-contains-added", OpenApi31),
    ("request-body-contains-removed", OpenApi31),
    ("request-body-content-encoding-changed", OpenApi31),
    ("request-body-content-media-type-changed", OpenApi31),
    ("request-body-content-schema-added", OpenApi31),
    ("request-body-content-schema-removed", OpenApi31),
    ("request-body-dependent-required-added", OpenApi31),
    ("request-body-dependent-required-changed", OpenApi31),
    ("request-body-dependent-required-removed", OpenApi31),
    ("request-body-dependent-schema-added", OpenApi31),
    ("request-body-dependent-schema-removed", OpenApi31),
    ("request-body-else-added", OpenApi31),
    ("request-body-else-removed", OpenApi31),
    ("request-body-exclusive-max-decreased", Exclusive),
    ("request-body-exclusive-max-increased", Exclusive),
    ("request-body-exclusive-max-set", Exclusive),
    ("request-body-exclusive-min-decreased", Exclusive),
    ("request-body-exclusive-min-increased", Exclusive),
    ("request-body-exclusive-min-set", Exclusive),
    ("request-body-if-added", OpenApi31),
    ("request-body-if-removed", OpenApi31),
    ("request-body-list-of-types-narrowed", OpenApi31),
    ("request-body-list-of-types-widened", OpenApi31),
    ("request-body-max-contains-decreased", OpenApi31),
    ("request-body-max-contains-increased", OpenApi31),
    ("request-body-media-type-schema-added", TypeRefinements),
    ("request-body-media-type-schema-removed", TypeRefinements),
    ("request-body-min-contains-decreased", OpenApi31),
    ("request-body-min-contains-increased", OpenApi31),
    ("request-body-pattern-property-added", OpenApi31),
    ("request-body-pattern-property-removed", OpenApi31),
    ("request-body-prefix-items-added", OpenApi31),
    ("request-body-prefix-items-removed", OpenApi31),
    ("request-body-property-names-added", OpenApi31),
    ("request-body-property-names-removed", OpenApi31),
    ("request-body-then-added", OpenApi31),
    ("request-body-then-removed", OpenApi31),
    ("request-body-type-compatible", TypeRefinements),
    ("request-body-type-generalized", TypeRefinements),
    ("request-body-unevaluated-items-added", OpenApi31),
    ("request-body-unevaluated-items-removed", OpenApi31),
    ("request-body-unevaluated-properties-added", OpenApi31),
    ("request-body-unevaluated-properties-removed", OpenApi31),
    ("request-body-wrapped-in-one-of", Composition),
    ("request-header-property-became-enum", HeaderSchemas),
    ("request-header-property-became-required", HeaderSchemas),
    ("request-parameter-exclusive-max-decreased", Exclusive),
    ("request-parameter-exclusive-max-increased", Exclusive),
    ("request-parameter-exclusive-max-set", Exclusive),
    ("request-parameter-exclusive-min-decreased", Exclusive),
    ("request-parameter-exclusive-min-increased", Exclusive),
    ("request-parameter-exclusive-min-set", Exclusive),
    ("request-parameter-list-of-types-narrowed", OpenApi31),
    ("request-parameter-list-of-types-widened", OpenApi31),
    ("request-parameter-pattern-generalized", TypeRefinements),
    ("request-parameter-property-became-not-nullable", Nullable),
    ("request-parameter-property-became-nullable", Nullable),
    ("request-parameter-property-enum-value-added", Enums),
    ("request-parameter-property-enum-value-removed", Enums),
    ("request-parameter-property-list-of-types-narrowed", OpenApi31),
    ("request-parameter-property-list-of-types-widened", OpenApi31),
    ("request-parameter-property-type-changed", TypeRefinements),
    ("request-parameter-property-type-generalized", TypeRefinements),
    ("request-parameter-property-type-specialized", TypeRefinements),
    ("request-parameter-type-generalized", TypeRefinements),
    ("request-property-all-of-added-annotation-only", Composition),
    ("request-property-all-of-removed-annotation-only", Composition),
    ("request-property-const-added", OpenApi31),
    ("request-property-const-changed", OpenApi31),
    ("request-property-const-removed", OpenApi31),
    ("request-property-contains-added", OpenApi31),
    ("request-property-contains-removed", OpenApi31),
    ("request-property-content-encoding-changed", OpenApi31),
    ("request-property-content-media-type-changed", OpenApi31),
    ("request-property-content-schema-added", OpenApi31),
    ("request-property-content-schema-removed", OpenApi31),
    ("request-property-dependent-required-added", OpenApi31),
    ("request-property-dependent-required-changed", OpenApi31),
    ("request-property-dependent-required-removed", OpenApi31),
    ("request-property-dependent-schema-added", OpenApi31),
    ("request-property-dependent-schema-removed", OpenApi31),
    ("request-property-else-added", OpenApi31),
    ("request-property-else-removed", OpenApi31),
    ("request-property-exclusive-max-decreased", Exclusive),
    ("request-property-exclusive-max-increased", Exclusive),
    ("request-property-exclusive-max-set", Exclusive),
    ("request-property-exclusive-min-decreased", Exclusive),
    ("request-property-exclusive-min-increased", Exclusive),
    ("request-property-exclusive-min-set", Exclusive),
    ("request-property-if-added", OpenApi31),
    ("request-property-if-removed", OpenApi31),
    ("request-property-list-of-types-narrowed", OpenApi31),
    ("request-property-list-of-types-widened", OpenApi31),
    ("request-property-max-contains-decreased", OpenApi31),
    ("request-property-max-contains-increased", OpenApi31),
    ("request-property-min-contains-decreased", OpenApi31),
    ("request-property-min-contains-increased", OpenApi31),
    ("request-property-pattern-generalized", TypeRefinements),
    ("request-property-pattern-property-added", OpenApi31),
    ("request-property-pattern-property-removed", OpenApi31),
    ("request-property-prefix-items-added", OpenApi31),
    ("request-property-prefix-items-removed", OpenApi31),
    ("request-property-property-names-added", OpenApi31),
    ("request-property-property-names-removed", OpenApi31),
    ("request-property-then-added", OpenApi31),
    ("request-property-then-removed", OpenApi31),
    ("request-property-type-compatible", TypeRefinements),
    ("request-property-type-generalized", TypeRefinements),
    ("request-property-unevaluated-items-added", OpenApi31),
    ("request-property-unevaluated-items-removed", OpenApi31),
    ("request-property-unevaluated-properties-added", OpenApi31),
    ("request-property-unevaluated-properties-removed", OpenApi31),
    ("request-read-only-property-exclusive-max-decreased", Exclusive),
    ("request-read-only-property-exclusive-min-increased", Exclusive),
    ("response-body-all-of-added-annotation-only", Composition),
    ("response-body-all-of-removed-annotation-only", Composition),
    ("response-body-const-added", OpenApi31),
    ("response-body-const-changed", OpenApi31),
    ("response-body-const-removed", OpenApi31),
    ("response-body-contains-added", OpenApi31),
    ("response-body-contains-removed", OpenApi31),
    ("response-body-content-encoding-changed", OpenApi31),
    ("response-body-content-media-type-changed", OpenApi31),
    ("response-body-content-schema-added", OpenApi31),
    ("response-body-content-schema-removed", OpenApi31),
    ("response-body-dependent-required-added", OpenApi31),
    ("response-body-dependent-required-changed", OpenApi31),
    ("response-body-dependent-required-removed", OpenApi31),
    ("response-body-dependent-schema-added", OpenApi31),
    ("response-body-dependent-schema-removed", OpenApi31),
    ("response-body-else-added", OpenApi31),
    ("response-body-else-removed", OpenApi31),
    ("response-body-exclusive-max-increased", Exclusive),
    ("response-body-exclusive-min-decreased", Exclusive),
    ("response-body-if-added", OpenApi31),
    ("response-body-if-removed", OpenApi31),
    ("response-body-list-of-types-narrowed", OpenApi31),
    ("response-body-list-of-types-widened", OpenApi31),
    ("response-body-max-contains-decreased", OpenApi31),
    ("response-body-max-contains-increased", OpenApi31),
    ("response-body-media-type-schema-added", TypeRefinements),
    ("response-body-media-type-schema-removed", TypeRefinements),
    ("response-body-min-contains-decreased", OpenApi31),
    ("response-body-min-contains-increased", OpenApi31),
    ("response-body-pattern-property-added", OpenApi31),
    ("response-body-pattern-property-removed", OpenApi31),
    ("response-body-prefix-items-added", OpenApi31),
    ("response-body-prefix-items-removed", OpenApi31),
    ("response-body-property-names-added", OpenApi31),
    ("response-body-property-names-removed", OpenApi31),
    ("response-body-then-added", OpenApi31),
    ("response-body-then-removed", OpenApi31),
    ("response-body-type-compatible", TypeRefinements),
    ("response-body-type-generalized", TypeRefinements),
    ("response-body-type-specialized", TypeRefinements),
    ("response-body-unevaluated-items-added", OpenApi31),
    ("response-body-unevaluated-items-removed", OpenApi31),
    ("response-body-unevaluated-properties-added", OpenApi31),
    ("response-body-unevaluated-properties-removed", OpenApi31),
    ("response-body-wrapped-in-one-of", Composition),
    ("response-header-type-compatible", HeaderSchemas),
    ("response-header-type-generalized", HeaderSchemas),
    ("response-header-type-specialized", HeaderSchemas),
    ("response-media-type-name-changed", TypeRefinements),
    ("response-media-type-name-generalized", TypeRefinements),
    ("response-media-type-name-specialized", TypeRefinements),
    ("response-mediatype-enum-value-removed", Enums),
    ("response-property-all-of-added-annotation-only", Composition),
    ("response-property-all-of-removed-annotation-only", Composition),
    ("response-property-const-added", OpenApi31),
    ("response-property-const-changed", OpenApi31),
    ("response-property-const-removed", OpenApi31),
    ("response-property-contains-added", OpenApi31),
    ("response-property-contains-removed", OpenApi31),
    ("response-property-content-encoding-changed", OpenApi31),
    ("response-property-content-media-type-changed", OpenApi31),
    ("response-property-content-schema-added", OpenApi31),
    ("response-property-content-schema-removed", OpenApi31),
    ("response-property-dependent-required-added", OpenApi31),
    ("response-property-dependent-required-changed", OpenApi31),
    ("response-property-dependent-required-removed", OpenApi31),
    ("response-property-dependent-schema-added", OpenApi31),
    ("response-property-dependent-schema-removed", OpenApi31),
    ("response-property-else-added", OpenApi31),
    ("response-property-else-removed", OpenApi31),
    ("response-property-exclusive-max-increased", Exclusive),
    ("response-property-exclusive-min-decreased", Exclusive),
    ("response-property-if-added", OpenApi31),
    ("response-property-if-removed", OpenApi31),
    ("response-property-list-of-types-narrowed", OpenApi31),
    ("response-property-list-of-types-widened", OpenApi31),
    ("response-property-max-contains-decreased", OpenApi31),
    ("response-property-max-contains-increased", OpenApi31),
    ("response-property-min-contains-decreased", OpenApi31),
    ("response-property-min-contains-increased", OpenApi31),
    ("response-property-pattern-property-added", OpenApi31),
    ("response-property-pattern-property-removed", OpenApi31),
    ("response-property-prefix-items-added", OpenApi31),
    ("response-property-prefix-items-removed", OpenApi31),
    ("response-property-property-names-added", OpenApi31),
    ("response-property-property-names-removed", OpenApi31),
    ("response-property-then-added", OpenApi31),
    ("response-property-then-removed", OpenApi31),
    ("response-property-type-compatible", TypeRefinements),
    ("response-property-type-generalized", TypeRefinements),
    ("response-property-type-specialized", TypeRefinements),
    ("response-property-unevaluated-items-added", OpenApi31),
    ("response-property-unevaluated-items-removed", OpenApi31),
    ("response-property-unevaluated-properties-added", OpenApi31),
    ("response-property-unevaluated-properties-removed", OpenApi31),
    ("webhook-added", OpenApi31),
    ("webhook-removed", OpenApi31),
];
