//! Hostile or broken responses give a clear error that says what and where; nothing panics.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use generated_client::{Credentials, ERROR_BODY_LIMIT, Error, ErrorBody};
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(
    response: ResponseTemplate,
) -> Result<generated_client::Page<generated_client::types::PaginatedServerlessRestoreJobs>, Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(response).mount(&server).await;
    client_for(&server, Credentials::None)
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
}

#[tokio::test]
async fn a_wrongly_typed_field_names_its_json_path() {
    let mut body = page_body(1, 500, 5, true);
    body["results"][3]["expiresAt"] = serde_json::json!(12);
    let err = answering(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap_err();
    let Error::Decode { status, path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(path, "results[3].expiresAt");
    assert!(err.to_string().contains("at `results[3].expiresAt`"), "{err}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_the_body_kept() {
    let full = serde_json::to_string(&page_body(1, 500, 5, true)).unwrap();
    let truncated = &full[..full.len() / 2];
    let err = answering(ResponseTemplate::new(200).set_body_raw(truncated, "application/json"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.raw_body(), Some(truncated.as_bytes()));
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[tokio::test]
async fn malformed_json_and_wrong_shapes_are_decode_errors() {
    for body in ["not json at all", "[]", "{\"results\": {}}", "{}", "null", ""] {
        let err = answering(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{body}: {err:?}");
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_its_status_and_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let err = answering(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.raw_body(), Some(html.as_bytes()));
    assert!(err.api_error().is_none());
    assert!(
        err.to_string().starts_with("Atlas answered 502 Bad Gateway: <html>"),
        "{err}"
    );
}

#[tokio::test]
async fn a_documented_status_with_a_non_json_body_keeps_its_status() {
    let err = answering(ResponseTemplate::new(403).set_body_raw("IP not in access list", "text/plain"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.raw_body(), Some(&b"IP not in access list"[..]));
}

#[tokio::test]
async fn api_errors_are_typed_with_helpers() {
    let body = serde_json::json!({
        "detail": "No group with ID 32b6e34b3d91647abb20e7b8 exists.", "error": 404, "errorCode": "GROUP_NOT_FOUND",
        "parameters": ["32b6e34b3d91647abb20e7b8"], "reason": "Not Found", "somethingNew": true
    });
    let err = answering(ResponseTemplate::new(404).set_body_json(body))
        .await
        .unwrap_err();
    assert!(err.is_error_code("GROUP_NOT_FOUND"));
    assert!(!err.is_error_code("RATE_LIMITED"));
    assert_eq!(err.error_code(), Some("GROUP_NOT_FOUND"));
    assert_eq!(err.api_error().unwrap().reason.as_deref(), Some("Not Found"));
    assert_eq!(
        err.to_string(),
        "Atlas answered 404 Not Found: GROUP_NOT_FOUND: No group with ID 32b6e34b3d91647abb20e7b8 exists."
    );
}

#[tokio::test]
async fn an_undocumented_success_status_is_reported() {
    let err = answering(ResponseTemplate::new(204)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("no 204 No Content response")),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Atlas answered 204 No Content with a body that does not decode: the spec documents no 204 No Content response"
    );
}

#[tokio::test]
async fn a_long_error_body_is_cut_at_the_error_body_limit() {
    let body = "x".repeat(100_000);
    let err = answering(ResponseTemplate::new(500).set_body_raw(body.clone(), "text/plain"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.len() < 400, "the message stays readable: {message}");
    assert!(message.ends_with("(body cut at 65536 bytes)"), "{message}");
    assert!(
        matches!(&err, Error::Api { body: ErrorBody::Truncated(start), .. } if start.len() == ERROR_BODY_LIMIT),
        "the start of the body is kept, up to the limit: {err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}
