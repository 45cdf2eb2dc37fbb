//! Secrets never appear in Debug or Display output, in errors or in logs; every request is traced.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use generated_client::{Client, ClientBuilder, Credentials};
use support::logs::capture_logs;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_SECRET: &str = "sa-secret-7f3e9a";
const ACCESS_TOKEN: &str = "eyJ-access-token-5c2d";

fn assert_no_secret(text: &str, what: &str) {
    for secret in [PRIVATE_KEY, CLIENT_SECRET, ACCESS_TOKEN] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

#[test]
fn debug_output_of_credentials_builders_and_clients_is_redacted() {
    let credentials = [
        Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY),
        Credentials::service_account("id", CLIENT_SECRET),
    ];
    for credentials in credentials {
        let builder = Client::builder().credentials(credentials.clone());
        assert_no_secret(&format!("{credentials:?}"), "Credentials");
        assert_no_secret(&format!("{builder:?}"), "ClientBuilder");
        let client = builder.build().unwrap();
        assert_no_secret(&format!("{client:?}"), "Client");
        assert!(format!("{client:?}").contains("[redacted]"));
    }
    let from_env = ClientBuilder::from_lookup(|name| match name {
        "MONGODB_ATLAS_PUBLIC_API_KEY" => Some(PUBLIC_KEY.into()),
        "MONGODB_ATLAS_PRIVATE_API_KEY" => Some(PRIVATE_KEY.into()),
        _ => None,
    })
    .unwrap();
    assert_no_secret(&format!("{from_env:?}"), "ClientBuilder::from_env");
}

#[tokio::test]
async fn logs_and_errors_of_an_authenticated_session_hold_no_secret() {
    let (logs, _guard) = capture_logs();
    let server = MockServer::start().await;
    Mock::given(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": ACCESS_TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"errorCode": "GROUP_NOT_FOUND", "error": 404})),
        )
        .mount(&server)
        .await;

    let client = client_for(&server, Credentials::service_account("id", CLIENT_SECRET));
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert_no_secret(&err.to_string(), "the error's Display");
    assert_no_secret(&format!("{err:?}"), "the error's Debug");

    let text = logs.text();
    assert!(text.contains("atlas_request"), "a span per request:\n{text}");
    assert!(
        text.contains("operation=\"list_serverless_restore_jobs\"")
            || text.contains("operation=list_serverless_restore_jobs"),
        "{text}"
    );
    assert!(
        text.contains("status=404") && text.contains("attempt=1") && text.contains("elapsed_ms="),
        "{text}"
    );
    assert_no_secret(&text, "the logs");
}

#[tokio::test]
async fn digest_sessions_log_no_secret() {
    let (logs, _guard) = capture_logs();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(DigestServer::new(PRIVATE_KEY, page_body(1, 500, 1, true)))
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY));
    client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap();
    let text = logs.text();
    assert!(text.contains("status=401") && text.contains("status=200"), "{text}");
    assert_no_secret(&text, "the logs");
}
