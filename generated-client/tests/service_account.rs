//! Service-account tokens: fetched once, shared, reused, refreshed after a 401, and a refusal reported.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use generated_client::{AuthError, Credentials, Error};
use support::*;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "mdb_sa_id_0123456789";
const CLIENT_SECRET: &str = "mdb_sa_sk_very-secret-value";

fn account() -> Credentials {
    Credentials::service_account(CLIENT_ID, CLIENT_SECRET)
}

/// `Basic base64(id:secret)`, computed here by hand to check the client's.
fn basic_auth() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{CLIENT_ID}:{CLIENT_SECRET}").into_bytes();
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

async fn token_endpoint(server: &MockServer, tokens: &[&str]) {
    for (i, token) in tokens.iter().enumerate() {
        Mock::given(method("POST"))
            .and(path("/api/oauth/token"))
            .and(header("authorization", basic_auth().as_str()))
            .and(body_string("grant_type=client_credentials"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(
                    serde_json::json!({"access_token": token, "expires_in": 3600, "token_type": "Bearer"}),
                ),
            )
            .up_to_n_times(1)
            .with_priority(1 + i as u8)
            .mount(server)
            .await;
    }
}

async fn api_accepting(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 500, 1, true)))
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "detail": "Invalid token", "error": 401, "errorCode": "INVALID_TOKEN", "parameters": [], "reason": "Unauthorized"
        })))
        .with_priority(2)
        .mount(server)
        .await;
}

fn token_requests(requests: &[wiremock::Request]) -> usize {
    requests.iter().filter(|r| r.url.path() == "/api/oauth/token").count()
}

#[tokio::test]
async fn a_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    token_endpoint(&server, &["token-one"]).await;
    api_accepting(&server, "token-one").await;
    let client = client_for(&server, account());

    for _ in 0..3 {
        client.restore_jobs(GROUP, INSTANCE).page(1).await.expect("authorised");
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(token_requests(&requests), 1);
    assert_eq!(requests.len(), 4);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_fetch() {
    let server = MockServer::start().await;
    token_endpoint(&server, &["token-one", "token-two"]).await;
    api_accepting(&server, "token-one").await;
    let client = client_for(&server, account());

    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.restore_jobs(GROUP, INSTANCE).page(1).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("authorised");
    }
    assert_eq!(token_requests(&server.received_requests().await.unwrap()), 1);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once() {
    let server = MockServer::start().await;
    token_endpoint(&server, &["revoked-token", "fresh-token"]).await;
    api_accepting(&server, "fresh-token").await;
    let client = client_for(&server, account());

    client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("authorised after one refresh");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(token_requests(&requests), 2);
    assert_eq!(requests.len(), 4, "token, refused call, token, call");
}

#[tokio::test]
async fn a_token_refused_twice_ends_in_a_typed_401() {
    let server = MockServer::start().await;
    token_endpoint(&server, &["bad-1", "bad-2", "bad-3"]).await;
    api_accepting(&server, "never-issued").await;
    let client = client_for(&server, account());

    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(err.is_error_code("INVALID_TOKEN"), "{err}");
    assert_eq!(
        token_requests(&server.received_requests().await.unwrap()),
        2,
        "refreshed once, not in a loop"
    );
}

#[tokio::test]
async fn a_refusing_token_endpoint_is_reported_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let client = client_for(&server, account());

    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth(AuthError::TokenRefused { status, .. }) if status.as_u16() == 401),
        "{err:?}"
    );
    assert_eq!(err.status(), None, "Atlas itself did not answer");
    let message = err.to_string();
    assert!(
        message.starts_with("could not authenticate: the service-account token request was refused with 401"),
        "{message}"
    );
    assert!(message.contains("invalid_client"), "{message}");
    assert!(!message.contains(CLIENT_SECRET) && !format!("{err:?}").contains(CLIENT_SECRET));
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests.iter().all(|r| r.url.path() == "/api/oauth/token"),
        "the API is not called without a token"
    );
}

#[tokio::test]
async fn a_token_close_to_expiry_is_replaced_before_use() {
    let server = MockServer::start().await;
    // Valid for 30 s: inside the one-minute refresh margin, so it is never reused.
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "short", "expires_in": 30})),
        )
        .mount(&server)
        .await;
    api_accepting(&server, "short").await;
    let client = client_for(&server, account());

    client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap();
    client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap();
    assert_eq!(token_requests(&server.received_requests().await.unwrap()), 2);
}

#[tokio::test]
async fn an_unavailable_token_endpoint_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    token_endpoint(&server, &["token-one"]).await;
    api_accepting(&server, "token-one").await;
    let client = client_for(&server, account());

    client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("authorised after the token endpoint recovers");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(token_requests(&requests), 2);
    assert_eq!(requests.len(), 3);
}

/// Eight calls at once on one client, each returning its result.
async fn eight_concurrent_calls(client: &generated_client::Client) -> Vec<Result<(), Error>> {
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.restore_jobs(GROUP, INSTANCE).page(1).await.map(|_| ()) })
        })
        .collect();
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.expect("no panic"));
    }
    results
}

#[tokio::test]
async fn a_failed_token_fetch_is_shared_by_every_caller_waiting_for_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_string("token service broken")
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let client = client_for(&server, account());

    for result in eight_concurrent_calls(&client).await {
        let err = result.unwrap_err();
        assert!(
            matches!(&err, Error::Auth(AuthError::TokenRefused { status, .. }) if status.as_u16() == 500),
            "{err:?}"
        );
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(token_requests(&requests), 1, "one fetch, its failure shared");
    assert_eq!(requests.len(), 1, "the API is not called without a token");
}

#[tokio::test]
async fn a_hung_token_endpoint_costs_waiting_callers_one_timeout_per_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = generated_client::Client::builder()
        .base_url(server.uri())
        .credentials(account())
        .timeout(std::time::Duration::from_millis(300))
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    for result in eight_concurrent_calls(&client).await {
        let err = result.unwrap_err();
        assert!(
            matches!(&err, Error::Auth(AuthError::TokenEndpointUnreachable(_))),
            "{err:?}"
        );
        assert!(err.is_timeout(), "{err}");
    }
    // Eight callers, two attempts each: two fetches of 300 ms, not sixteen.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(token_requests(&server.received_requests().await.unwrap()), 2);
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_value_is_reported_as_such() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "line\nbreak", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server, account());

    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(matches!(&err, Error::Auth(AuthError::TokenUnusable { .. })), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("cannot go in an HTTP header"), "{message}");
    assert!(!message.contains("refused"), "{message}");
    assert_eq!(
        token_requests(&server.received_requests().await.unwrap()),
        1,
        "not retried"
    );
}

#[tokio::test]
async fn callers_waiting_for_a_fetch_take_its_token_even_inside_the_refresh_margin() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "short", "expires_in": 30}))
                .set_delay(std::time::Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    api_accepting(&server, "short").await;
    let client = client_for(&server, account());

    for result in eight_concurrent_calls(&client).await {
        result.expect("authorised");
    }
    assert_eq!(
        token_requests(&server.received_requests().await.unwrap()),
        1,
        "the fetch's outcome is shared, not fetched again in turn"
    );
}
