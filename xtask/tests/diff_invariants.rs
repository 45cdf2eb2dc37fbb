//! The API comparison over random documents: whatever two documents hold, comparing them returns (no panic), and
//! a document compared with itself has no finding — a rule that fires on identical documents is a bug.
//!
//! The documents are small but reach every part the comparison reads: parameters (with a schema or content),
//! request bodies and responses in several media types, headers, component schemas referring to each other
//! (cycles and dangling references included), composition, bounds, enums, security, servers and tags.

use proptest::prelude::*;
use serde_json::{Value, json};

fn leaf() -> impl Strategy<Value = Value> {
    let ty = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "integer", "format": "int32", "minimum": 1, "exclusiveMinimum": true})),
        Just(json!({"type": "integer", "maximum": 100})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean", "nullable": true})),
        Just(json!({"type": "string", "enum": ["a", "b"], "default": "a"})),
        Just(json!({"type": "string", "pattern": "^[a-z]+$", "maxLength": 8, "readOnly": true})),
        Just(json!({"type": "string", "deprecated": true, "x-sunset": "2099-01-01"})),
        Just(json!({})),
    ];
    let reference = prop_oneof![Just("A"), Just("B"), Just("C"), Just("Missing")]
        .prop_map(|name| json!({"$ref": format!("#/components/schemas/{name}")}));
    prop_oneof![4 => ty, 1 => reference]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        let names = prop::sample::subsequence(vec!["id", "name", "owner", "tags"], 0..4);
        prop_oneof![
            (names, prop::collection::vec(inner.clone(), 4), any::<bool>()).prop_map(|(names, schemas, all)| {
                let properties: serde_json::Map<String, Value> =
                    names.iter().zip(schemas).map(|(n, s)| (n.to_string(), s)).collect();
                let required: Vec<&str> = if all {
                    names.clone()
                } else {
                    names.iter().take(1).copied().collect()
                };
                json!({"type": "object", "properties": properties, "required": required})
            }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items, "minItems": 1})),
            inner
                .clone()
                .prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            (
                prop_oneof![Just("allOf"), Just("anyOf"), Just("oneOf")],
                prop::collection::vec(inner, 1..3)
            )
                .prop_map(|(key, members)| json!({ key: members })),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(schema(), 3),
        (schema(), schema(), schema(), schema()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop_oneof![
            Just("application/json"),
            Just("application/vnd.x.2024-01-01+json"),
            Just("text/plain")
        ],
    )
        .prop_map(
            |(components, (param, body, response, header), (content_param, secured, tagged), media)| {
                let parameter = if content_param {
                    json!({"name": "q", "in": "query", "content": {"application/json": {"schema": param}}})
                } else {
                    json!({"name": "q", "in": "query", "schema": param})
                };
                let mut get = json!({"operationId": "listThings", "parameters": [parameter],
                "responses": {"200": {"description": "ok", "headers": {"X-Count": {"schema": header}},
                    "content": {media: {"schema": response.clone()}, "application/xml": {"schema": response}}}}});
                if secured {
                    get["security"] = json!([{"OAuth": ["read"]}]);
                }
                if tagged {
                    get["tags"] = json!(["things"]);
                }
                json!({
                    "openapi": "3.0.3",
                    "info": {"title": "Random", "version": "1.0.0"},
                    "servers": [{"url": "https://api.example.invalid/v1"}],
                    "paths": {
                        "/things": {"get": get, "post": {"operationId": "createThing",
                            "requestBody": {"required": true, "content": {media: {"schema": body}}},
                            "responses": {"201": {"description": "created"}}}},
                        "/things/{id}": {"parameters": [{"name": "id", "in": "path", "required": true,
                            "schema": {"type": "string"}}],
                            "delete": {"responses": {"204": {"description": "gone"}}}}
                    },
                    "components": {
                        "schemas": {"A": components[0], "B": components[1], "C": components[2]},
                        "securitySchemes": {"OAuth": {"type": "oauth2", "flows": {"clientCredentials": {
                            "tokenUrl": "https://auth.example.invalid/token", "scopes": {"read": "Read."}}}}}
                    }
                })
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_document_compared_with_itself_has_no_finding(doc in document()) {
        // Walking every schema: the comparison skips those alike on both sides on the strength of this.
        let findings = xtask::diff::api::compare_walking_every_schema(&doc, &doc);
        prop_assert!(findings.is_empty(), "{findings:#?}");
        prop_assert!(xtask::diff::api::compare(&doc, &doc).is_empty());
    }

    #[test]
    fn any_two_documents_compare_and_every_finding_is_located(base in document(), head in document()) {
        for finding in xtask::diff::api::compare(&base, &head) {
            prop_assert!(finding.location.starts_with('/'), "{finding:?}");
            prop_assert!(!finding.message.is_empty(), "{finding:?}");
        }
    }
}
