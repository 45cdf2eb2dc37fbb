//! Every example in the spec decodes into its generated type and encodes back to the same JSON.
//!
//! The examples are found by walking the spec, so a new example needs no new code here; a new *schema* with an
//! example needs one line in `roundtrip_as`.

mod support;

use std::path::Path;

use generated_client::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use support::spec;

const PAGE_EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/restore-jobs-example.json");

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(path)).expect("read the fixture");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// Decode `example` as `T`, encode it again, and return what came back.
fn roundtrip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

fn roundtrip_as(schema: &str, example: &Value) -> Result<Value, String> {
    match schema {
        "ApiError" => roundtrip::<types::ApiError>(example),
        "BsonTimestamp" => roundtrip::<types::BsonTimestamp>(example),
        "ClusterName" => roundtrip::<types::ClusterName>(example),
        "DeliveryType" => roundtrip::<generated_client::DeliveryType>(example),
        "DeliveryUrls" => roundtrip::<types::DeliveryUrls>(example),
        "FlexBackupRestoreJob20241113" => roundtrip::<types::FlexBackupRestoreJob20241113>(example),
        "FlexBackupRestoreJobCreate20241113" => roundtrip::<types::FlexBackupRestoreJobCreate20241113>(example),
        "FlexBackupSnapshot20241113" => roundtrip::<types::FlexBackupSnapshot20241113>(example),
        "GroupId" => roundtrip::<types::GroupId>(example),
        "InstanceName" => roundtrip::<types::InstanceName>(example),
        "Link" => roundtrip::<types::Link>(example),
        "Links" => roundtrip::<types::Links>(example),
        "ObjectId" => roundtrip::<types::ObjectId>(example),
        "PaginatedFlexBackupRestoreJob20241113" => roundtrip::<types::PaginatedFlexBackupRestoreJob20241113>(example),
        "PaginatedFlexBackupSnapshot20241113" => roundtrip::<types::PaginatedFlexBackupSnapshot20241113>(example),
        "PaginatedServerlessRestoreJobs" => roundtrip::<types::PaginatedServerlessRestoreJobs>(example),
        "ServerlessRestoreJob" => roundtrip::<types::ServerlessRestoreJob>(example),
        other => Err(format!(
            "no round-trip mapping for schema `{other}`: add it to `roundtrip_as` in {}",
            file!()
        )),
    }
}

/// (where, schema name, example) for every example of a named schema: on component schemas and on media types
/// whose schema is a `$ref` (both `example` and `examples.*.value`).
fn examples(spec: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    if let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            if let Some(example) = schema.get("example") {
                found.push((
                    format!("/components/schemas/{name}/example"),
                    name.clone(),
                    example.clone(),
                ));
            }
        }
    }
    walk_media_types(spec, &mut String::new(), &mut found);
    found
}

fn walk_media_types(node: &Value, here: &mut String, found: &mut Vec<(String, String, Value)>) {
    let Value::Object(map) = node else { return };
    let schema_name = map
        .get("schema")
        .and_then(|s| s.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"));
    if let Some(name) = schema_name {
        if let Some(example) = map.get("example") {
            found.push((format!("{here}/example"), name.to_owned(), example.clone()));
        }
        for (key, named) in map.get("examples").and_then(Value::as_object).into_iter().flatten() {
            if let Some(example) = named.get("value") {
                found.push((format!("{here}/examples/{key}/value"), name.to_owned(), example.clone()));
            }
        }
    }
    for (key, child) in map {
        let len = here.len();
        here.push('/');
        here.push_str(&key.replace('~', "~0").replace('/', "~1"));
        walk_media_types(child, here, found);
        here.truncate(len);
    }
}

#[test]
fn the_documented_page_example_round_trips_unchanged() {
    let fixture = read_json(PAGE_EXAMPLE);
    let page: types::PaginatedServerlessRestoreJobs = serde_json::from_value(fixture.clone()).unwrap();

    assert_eq!(page.total_count, Some(1));
    let job = &page.results[0];
    assert_eq!(job.delivery_type, Some(generated_client::DeliveryType::Automated));
    assert_eq!(job.id.as_deref(), Some("{snapshotId}"), "placeholder ids decode");
    assert_eq!(
        job.delivery_url.as_deref().map(Vec::len),
        Some(0),
        "an explicit [] is kept"
    );

    assert_eq!(serde_json::to_value(&page).unwrap(), fixture);
}

#[test]
fn the_spec_example_is_the_documented_example() {
    let spec = spec();
    let pointer = "/paths/~1api~1atlas~1v1.0~1groups~1{groupId}~1serverless~1{instanceName}~1backup~1restoreJobs/get/responses/200/content/application~1json/example";
    let example = spec.pointer(pointer).expect("the 200 response has an example");
    assert_eq!(example, &read_json(PAGE_EXAMPLE));
}

#[test]
fn every_example_in_the_spec_round_trips_through_its_type() {
    let spec = spec();
    let found = examples(&spec);
    assert!(
        found.len() >= 3,
        "expected the page, error and GroupId examples, found {}",
        found.len()
    );

    let failures: Vec<String> = found
        .iter()
        .filter_map(|(location, schema, example)| match roundtrip_as(schema, example) {
            Ok(back) if &back == example => None,
            Ok(back) => Some(format!(
                "{location} ({schema}) changed in a round trip:\n  in:  {example}\n  out: {back}"
            )),
            Err(e) => Some(format!("{location} ({schema}): {e}")),
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_fields_and_delivery_types_do_not_fail_a_page() {
    let body = serde_json::json!({
        "results": [{"deliveryType": "restoreToMars", "someFutureField": {"x": 1}, "id": "5f0000000000000000000001"}],
        "totalCount": 1,
        "someFuturePageField": true
    });
    let page: types::PaginatedServerlessRestoreJobs = serde_json::from_value(body).unwrap();
    assert_eq!(
        page.results[0].delivery_type,
        Some(generated_client::DeliveryType::Unknown("restoreToMars".into()))
    );
}

#[test]
fn error_parameters_hold_mixed_values() {
    let spec = spec();
    let example = spec
        .pointer("/components/responses/TooManyRequests/content/application~1json/example")
        .expect("the 429 response has an example");
    let error: types::ApiError = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(error.error_code.as_deref(), Some("RATE_LIMITED_TOKEN_BUCKET"));
    let parameters = error.parameters.expect("the example has parameters");
    assert_eq!(parameters[1], serde_json::json!(55));
    assert_eq!(parameters[0], serde_json::json!("api/atlas/v2/orgs"));
}

/// `[]` and `{}` in an error body survive decoding and encoding again (`empty-collection-kept`): absent stays
/// absent, empty stays empty.
#[test]
fn an_empty_list_or_map_in_an_error_body_comes_back() {
    let body = serde_json::json!({"error": 400, "parameters": [], "badRequestDetail": {}});
    let error: types::ApiError = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&error).unwrap(), body);
    let bare = serde_json::json!({"error": 400});
    let error: types::ApiError = serde_json::from_value(bare.clone()).unwrap();
    assert_eq!(serde_json::to_value(&error).unwrap(), bare);
}
