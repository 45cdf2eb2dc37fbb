//! The serverless list Atlas sunset on 2026-01-22: a compile-time note on its methods, and at run time a 410
//! `VERSION_GONE` that names the sunset and the successor.

// The point of these tests is to call the sunset operation.
#![allow(deprecated)]

mod support;

use generated_client::{Credentials, Error, ErrorBody};
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_410_version_gone_names_the_sunset_and_the_successor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(410).set_body_json(serde_json::json!({
            "detail": "This resource is marked for sunset and the sunset date is in the past.",
            "error": 410, "errorCode": "VERSION_GONE", "parameters": [], "reason": "Gone"
        })))
        .mount(&server)
        .await;
    let err = client_for(&server, Credentials::None)
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .unwrap_err();

    assert!(err.is_gone(), "{err:?}");
    assert!(err.is_error_code("VERSION_GONE"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(410));
    let Error::Gone {
        operation,
        sunset,
        successor,
        body: ErrorBody::Api(_),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*operation, "list_serverless_restore_jobs");
    assert_eq!(*sunset, Some("2026-01-22"));
    assert_eq!(*successor, Some("list_flex_restore_jobs"));
    assert_eq!(
        err.to_string(),
        "Atlas answered 410 Gone: `list_serverless_restore_jobs` is no longer served, it was sunset on 2026-01-22; \
         use `list_flex_restore_jobs` instead (VERSION_GONE: This resource is marked for sunset and the sunset date \
         is in the past.)"
    );
}

#[tokio::test]
async fn a_410_on_a_current_operation_is_gone_without_a_successor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(410).set_body_string("gone"))
        .mount(&server)
        .await;
    let err = client_for(&server, Credentials::None)
        .flex_restore_jobs(GROUP, "my-flex")
        .page(1)
        .await
        .unwrap_err();
    assert!(err.is_gone(), "{err:?}");
    assert!(
        matches!(
            &err,
            Error::Gone {
                sunset: None,
                successor: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("`list_flex_restore_jobs` is no longer served (gone)"),
        "{err}"
    );
}

#[test]
fn the_sunset_operation_is_deprecated_in_the_generated_code() {
    let generated = include_str!("../src/generated.rs");
    let method = generated
        .find("pub fn list_serverless_restore_jobs(")
        .expect("the generated method");
    let before = &generated[..method];
    let attribute = &before[before.rfind("#[deprecated(").expect("a #[deprecated] attribute")..];
    assert!(
        attribute.contains("2026-01-22") && attribute.contains("list_flex_restore_jobs"),
        "{attribute}"
    );
    assert!(
        !attribute.contains("pub fn"),
        "the attribute belongs to this method: {attribute}"
    );
    let facts = generated_client::operations::of("list_serverless_restore_jobs");
    assert!(facts.deprecated);
    assert!(!generated_client::operations::of("list_flex_restore_jobs").deprecated);
}
