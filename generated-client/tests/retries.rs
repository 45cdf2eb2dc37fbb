//! Rate limits, unavailability and connection failures: retried within the policy, then reported.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use std::time::{Duration, Instant};

use generated_client::{Client, Credentials, Error, RetryPolicy};
use serde_json::json;
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", retry_after)
        .insert_header("ratelimit-limit", "100")
        .insert_header("ratelimit-remaining", "0")
        .set_body_json(json!({
            "detail": "Rate limit exceeded for api/atlas/v1.0. Please retry after 1 seconds.",
            "error": 429, "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
            "parameters": ["api/atlas/v1.0", 1, 10, 5, 60], "reason": "Too Many Requests"
        }))
}

async fn server_failing_first(times: u64, failure: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ratelimit-limit", "100")
                .insert_header("ratelimit-remaining", "99")
                .set_body_json(page_body(1, 500, 3, true)),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_then_succeeds() {
    let server = server_failing_first(1, rate_limited("1")).await;
    let client = client_for(&server, Credentials::None);

    let started = Instant::now();
    let page = client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("succeeds on the second attempt");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(page.content.results.len(), 3);
    assert_eq!(page.rate_limit.limit, Some(100));
    assert_eq!(page.rate_limit.remaining, Some(99));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_503_is_retried_with_backoff() {
    let server = server_failing_first(2, ResponseTemplate::new(503).set_body_string("<html>down</html>")).await;
    let client = client_for(&server, Credentials::None);
    client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("succeeds on the third attempt");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_the_attempt_limit_with_the_last_answer() {
    let server = server_failing_first(100, rate_limited("0")).await;
    let client = client_for(&server, Credentials::None);

    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "fast_retries allows 4 attempts"
    );
    assert!(err.is_error_code("RATE_LIMITED_TOKEN_BUCKET"), "{err}");
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(0));
    assert_eq!(
        err.api_error().unwrap().parameters.as_ref().map(|p| &p[1]),
        Some(&json!(1)),
        "mixed parameters decode"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() {
    let server = server_failing_first(100, rate_limited("3600")).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().max_elapsed(Duration::from_secs(30)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "gave up at once instead of sleeping an hour"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let server = server_failing_first(1, rate_limited("0")).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    // A port that was just bound and released: connections to it are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("could not reach Atlas: "), "{message}");
    assert!(
        message.to_lowercase().contains("connect"),
        "the cause is spelled out: {message}"
    );
}

#[tokio::test]
async fn a_slow_server_times_out_per_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page_body(1, 500, 1, true))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "did not wait for the slow answer"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "a timeout is retried like a connection failure"
    );
}
