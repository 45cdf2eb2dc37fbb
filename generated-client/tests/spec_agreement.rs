//! The few facts the hand-written modules repeat from the spec still agree with it; a spec change that moves
//! one of them fails here, naming the constant to update.

mod support;

use generated_client::client::DEFAULT_BASE_URL;
use generated_client::pages::MAX_ITEMS_PER_PAGE;
use serde_json::Value;
use support::spec;

#[test]
fn the_default_base_url_is_the_spec_server() {
    let server = spec()["servers"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(
        DEFAULT_BASE_URL.trim_end_matches('/'),
        server,
        "update DEFAULT_BASE_URL in generated-client/src/client.rs"
    );
}

#[test]
fn the_page_size_limit_is_the_spec_maximum() {
    let spec = spec();
    let serverless = &spec["paths"]["/api/atlas/v1.0/groups/{groupId}/serverless/{instanceName}/backup/restoreJobs"];
    let inline = serverless["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "itemsPerPage")
        .expect("the serverless list has itemsPerPage");
    let shared = &spec["components"]["parameters"]["itemsPerPage"];
    for (what, parameter) in [("serverless", inline), ("Flex", shared)] {
        assert_eq!(
            parameter["schema"]["maximum"].as_u64(),
            Some(u64::from(MAX_ITEMS_PER_PAGE)),
            "{what}: update MAX_ITEMS_PER_PAGE in generated-client/src/pages.rs"
        );
    }
}

/// The generated media-type table (`cargo xtask codegen`) says what the spec says, operation by operation: the
/// JSON media type of the success responses is the `Accept`, that of the request body the `Content-Type`.
#[test]
fn the_media_type_table_is_the_specs() {
    let spec = spec();
    let json_media = |body: &Value| -> Option<String> {
        let body = match body["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
            Some(target) => spec.pointer(target).unwrap().clone(),
            None => body.clone(),
        };
        body["content"]
            .as_object()?
            .keys()
            .find(|k| *k == "application/json" || (k.starts_with("application/") && k.ends_with("+json")))
            .cloned()
    };
    let mut operations = 0;
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, operation) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| v["operationId"].is_string())
        {
            let id = operation["operationId"].as_str().unwrap();
            let responses = operation["responses"].as_object().unwrap();
            let accept = responses
                .iter()
                .filter(|(status, _)| status.starts_with('2'))
                .find_map(|(_, response)| json_media(response));
            let content_type = json_media(&operation["requestBody"]);
            let table = generated_client::operations::of(&heck::ToSnakeCase::to_snake_case(id));
            assert_eq!(
                table.accept,
                accept.as_deref(),
                "Accept of {id}: run `cargo xtask codegen`"
            );
            assert_eq!(
                table.content_type,
                content_type.as_deref(),
                "Content-Type of {id}: run `cargo xtask codegen`"
            );
            operations += 1;
        }
    }
    assert!(operations >= 1);
}
