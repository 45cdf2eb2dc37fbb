//! The comparison's cases that a corpus pair (`xtask/tests/diff-cases/`) shows less well: moves, dates, keywords.

use serde_json::Value;

use super::operations::{normalize_template, server_path};
use super::shape::strip_docs;
use super::*;

#[test]
fn templates_ignore_parameter_names() {
    assert_eq!(normalize_template("/a/{x}/b/{y}"), normalize_template("/a/{z}/b/{w}"));
    assert_ne!(normalize_template("/a/{x}"), normalize_template("/a/{x}/b"));
}

fn doc(paths: Value) -> Value {
    serde_json::json!({"openapi": "3.0.3", "paths": paths})
}

fn rules(findings: &[Finding]) -> Vec<Rule> {
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
        [Rule::RequestParameterBecameRequired, Rule::RequestParameterMaxDecreased]
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
    assert_eq!(rules(&compare(&base, &head)), [Rule::ServerUrlChanged]);
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
    let after = |base: &Value, head: &Value| rules(&compare_on(base, head, today));
    // Removal: before the sunset, after it, and without one; the path removed with it, or kept for another method.
    let gone = doc(serde_json::json!({}));
    let other = doc(serde_json::json!({"/a": {"put": {"responses": {"200": {"description": "ok"}}}}}));
    let removal = |deprecated: bool, sunset: Option<&str>| {
        let base = op(deprecated, sunset);
        let kept: Vec<Rule> = after(&base, &other)
            .into_iter()
            .filter(|r| *r != Rule::EndpointAdded)
            .collect();
        [after(&base, &gone), kept]
    };
    assert_eq!(
        removal(true, Some("2026-06-01")),
        [[Rule::ApiPathRemovedBeforeSunset], [Rule::ApiRemovedBeforeSunset]]
    );
    assert_eq!(
        removal(true, Some("2025-12-31")),
        [[Rule::ApiPathRemovedWithDeprecation], [Rule::ApiRemovedWithDeprecation]]
    );
    assert_eq!(
        removal(true, None),
        [[Rule::ApiPathRemovedWithDeprecation], [Rule::ApiRemovedWithDeprecation]]
    );
    assert_eq!(
        removal(false, None),
        [
            [Rule::ApiPathRemovedWithoutDeprecation],
            [Rule::ApiRemovedWithoutDeprecation]
        ]
    );
    // Deprecation: with a sunset 180 days away or more, sooner, or none.
    assert_eq!(
        after(&op(false, None), &op(true, Some("2026-06-30"))),
        [Rule::EndpointDeprecatedWithSunset]
    );
    assert_eq!(
        after(&op(false, None), &op(true, Some("2026-06-29"))),
        [Rule::EndpointDeprecated, Rule::ApiSunsetDateTooSmall]
    );
    assert_eq!(
        after(&op(false, None), &op(true, None)),
        [Rule::EndpointDeprecated, Rule::ApiDeprecatedSunsetMissing]
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

#[test]
fn a_request_schema_that_drops_its_enum_accepts_more_and_a_new_enum_is_one_finding() {
    let with = |schema: Value| {
        doc(serde_json::json!({"/a": {"get": {"operationId": "a",
            "parameters": [{"name": "n", "in": "query", "schema": schema}],
            "responses": {"200": {"description": "ok"}}}}}))
    };
    let open = with(serde_json::json!({"type": "string"}));
    let closed = with(serde_json::json!({"type": "string", "enum": ["a", "b", "c"]}));
    assert!(compare(&closed, &open).is_empty(), "any value is accepted now");
    assert_eq!(rules(&compare(&open, &closed)), [Rule::RequestParameterBecameEnum]);
}

#[test]
fn a_change_reached_through_several_refs_is_one_finding_per_operation() {
    let with = |name_type: &str| {
        serde_json::json!({"openapi": "3.0.3",
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pair"}}}},
                    "201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}},
                "/b": {"get": {"operationId": "b", "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}}
            },
            "components": {"schemas": {
                "Pair": {"type": "object", "properties": {
                    "owner": {"$ref": "#/components/schemas/Owner"},
                    "coOwner": {"$ref": "#/components/schemas/Owner"}}},
                "Owner": {"type": "object", "properties": {"name": {"type": name_type}}}
            }}
        })
    };
    let findings = compare(&with("string"), &with("integer"));
    let operations: Vec<&str> = findings.iter().map(|f| f.operation.as_deref().unwrap()).collect();
    assert_eq!(
        operations,
        ["GET /a", "GET /b"],
        "three paths in /a, one in /b: {findings:#?}"
    );
    assert!(findings.iter().all(|f| f.rule == Rule::ResponsePropertyTypeChanged));
    assert_eq!(
        findings[0].location,
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/coOwner/properties/name"
    );
}

#[test]
fn a_body_schema_shared_by_two_responses_and_two_media_types_changes_once() {
    let with = |enum_values: Value| {
        let body = serde_json::json!({"schema": {"$ref": "#/components/schemas/State"}});
        let content = serde_json::json!({"application/json": body, "application/vnd.x+json": body});
        serde_json::json!({"openapi": "3.0.3",
            "paths": {"/a": {"get": {"operationId": "a", "responses": {
                "200": {"description": "ok", "content": content},
                "202": {"description": "ok", "content": content}}}}},
            "components": {"schemas": {"State": {"type": "string", "enum": enum_values}}}
        })
    };
    let findings = compare(
        &with(serde_json::json!(["on", "off"])),
        &with(serde_json::json!(["on", "off", "broken"])),
    );
    assert_eq!(
        rules(&findings),
        [Rule::ResponsePropertyEnumValueAdded],
        "{findings:#?}"
    );
    assert_eq!(
        findings[0].location,
        "/paths/~1a/get/responses/200/content/application~1json/schema"
    );
}

#[test]
fn changes_inside_allof_members_and_map_values_are_found() {
    let with = |id_type: &str, count_type: &str| {
        serde_json::json!({"openapi": "3.0.3",
            "paths": {"/a": {"get": {"operationId": "a", "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {"counts": {
                        "type": "object", "additionalProperties": {"type": count_type}}}}
                ]}}}}}}}},
            "components": {"schemas": {"Base": {"type": "object", "properties": {"id": {"type": id_type}}}}}
        })
    };
    let findings = compare(&with("string", "integer"), &with("integer", "string"));
    let found: Vec<(Rule, &str)> = findings.iter().map(|f| (f.rule, f.location.as_str())).collect();
    let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
    assert_eq!(
        found,
        [
            (
                Rule::ResponsePropertyTypeChanged,
                format!("{schema}/allOf/0/properties/id").as_str()
            ),
            (
                Rule::ResponsePropertyTypeChanged,
                format!("{schema}/allOf/1/properties/counts/additionalProperties").as_str()
            ),
        ],
        "{findings:#?}"
    );
}

#[test]
fn a_parameter_described_by_content_has_its_schema_compared() {
    let with = |limit_type: &str| {
        let filter = serde_json::json!({"type": "object", "properties": {"limit": {"type": limit_type}}});
        doc(serde_json::json!({"/a": {"get": {"operationId": "a",
            "parameters": [{"name": "filter", "in": "query",
                "content": {"application/json": {"schema": filter}}}],
            "responses": {"200": {"description": "ok"}}}}}))
    };
    let findings = compare(&with("integer"), &with("string"));
    assert_eq!(
        rules(&findings),
        [Rule::RequestParameterPropertyTypeChanged],
        "{findings:#?}"
    );
    assert_eq!(
        findings[0].location,
        "/paths/~1a/get/parameters/0/content/application~1json/schema/properties/limit"
    );
}
