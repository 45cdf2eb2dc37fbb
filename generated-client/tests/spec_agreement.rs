//! The few facts the hand-written modules repeat from the spec still agree with it; a spec change that moves
//! one of them fails here, naming the constant to update.

use generated_client::client::{API_PATH, DEFAULT_BASE_URL};
use generated_client::pages::MAX_ITEMS_PER_PAGE;
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/atlas-serverless-restore-jobs.yaml"
    );
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_default_base_url_is_the_spec_server() {
    let server = spec()["servers"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(
        format!("{DEFAULT_BASE_URL}{API_PATH}"),
        server,
        "update DEFAULT_BASE_URL / API_PATH in generated-client/src/client.rs"
    );
}

#[test]
fn the_page_size_limit_is_the_spec_maximum() {
    let spec = spec();
    let get = &spec["paths"]["/groups/{groupId}/serverless/{instanceName}/backup/restoreJobs"]["get"];
    let items_per_page = get["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "itemsPerPage")
        .expect("the spec has itemsPerPage");
    assert_eq!(
        items_per_page["schema"]["maximum"].as_u64(),
        Some(u64::from(MAX_ITEMS_PER_PAGE)),
        "update MAX_ITEMS_PER_PAGE in generated-client/src/pages.rs"
    );
}
