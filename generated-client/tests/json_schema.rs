//! Applications can publish the JSON Schema of what they receive; it describes the open `deliveryType` honestly.

use generated_client::types::PaginatedServerlessRestoreJobs;

#[test]
fn the_page_type_has_a_json_schema() {
    let schema = serde_json::to_value(schemars::schema_for!(PaginatedServerlessRestoreJobs)).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["results"]));
    let job = &schema["definitions"]["ServerlessRestoreJob"]["properties"];
    assert_eq!(job["expiresAt"]["format"], "date-time");
    let delivery_type = &schema["definitions"]["DeliveryType"];
    assert_eq!(delivery_type["type"], "string");
    assert!(
        delivery_type.get("enum").is_none(),
        "values beyond the known ones are accepted: {delivery_type}"
    );
    assert_eq!(
        delivery_type["examples"],
        serde_json::json!(["automated", "download", "pointInTime"])
    );
}
