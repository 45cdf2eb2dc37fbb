//! Servers that send absurd numbers, endless bodies and expiring nonces: every call still ends in a result or a
//! typed error, without a panic and without holding more than its limits. One test per case found on `main`
//! before the client was hardened (issue 7's table), and the cases next to them.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use generated_client::{Client, Credentials, ERROR_BODY_LIMIT, Error, ErrorBody, RetryPolicy};
use peak_alloc::PeakAlloc;
use serde_json::json;
use support::raw_server::{RawServer, Reply};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Counts live heap bytes, so that "bounded memory" is measured, not assumed.
#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Tests in this binary run on parallel threads and share the heap counter; each memory assertion leaves this much
/// room for what the others allocate at the same time (wiremock servers, small pages).
const OTHER_TESTS_ROOM: usize = 24 * 1024 * 1024;

const GIB: u64 = 1 << 30;

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", retry_after)
        .set_body_json(json!({"error": 429, "errorCode": "RATE_LIMITED", "detail": "slow down", "parameters": []}))
}

/// A server that answers `first`, then `then` for every later request.
async fn answering_in_turn(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn patient_client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::default().max_elapsed(Duration::from_secs(60)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_retry_after_of_u64_max_after_a_503_ends_in_the_429() {
    let server = answering_in_turn(
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        rate_limited("18446744073709551615"),
    )
    .await;
    let started = Instant::now();
    let err = patient_client(&server.uri())
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the endless wait was not begun"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_afters_beyond_u64_and_far_dates_are_not_waited_for() {
    for absurd in ["99999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let server = answering_in_turn(rate_limited(absurd), rate_limited("0")).await;
        let started = Instant::now();
        let err = patient_client(&server.uri())
            .restore_jobs(GROUP, INSTANCE)
            .page(1)
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "{absurd}: not waited for");
        assert!(
            err.retry_after().unwrap() > Duration::from_secs(200 * 365 * 24 * 3600),
            "{absurd}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{absurd}");
    }
}

#[tokio::test]
async fn a_retry_after_date_in_the_distant_past_means_now() {
    let server = answering_in_turn(
        rate_limited("Thu, 01 Jan 1970 00:00:00 GMT"),
        ResponseTemplate::new(200).set_body_json(page_body(1, 500, 2, true)),
    )
    .await;
    let page = client_for(&server, Credentials::None)
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("retried at once, then answered");
    assert_eq!(page.content.results.len(), 2);
}

#[tokio::test]
async fn an_expires_in_of_u64_max_gives_a_token_that_is_reused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "forever", "expires_in": u64::MAX, "token_type": "Bearer"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 500, 1, true)))
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::service_account("id", "secret"));
    for _ in 0..2 {
        client.restore_jobs(GROUP, INSTANCE).page(1).await.expect("authorised");
    }
    let requests = server.received_requests().await.unwrap();
    let token_requests = requests.iter().filter(|r| r.url.path() == "/api/oauth/token").count();
    assert_eq!(token_requests, 1);
}

#[tokio::test]
async fn a_1_gib_error_body_is_cut_at_the_error_body_limit() {
    let server = RawServer::start(|_| Reply::Huge {
        status: 404,
        start: br#"{"detail":""#.to_vec(),
        fill: b'x',
        len: GIB,
        declare_length: true,
    })
    .await;
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let started = Instant::now();
    let err = client_for_url(&server.base_url)
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .unwrap_err();
    let peak = HEAP.peak_usage().saturating_sub(before);

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let Error::Api {
        body: ErrorBody::Truncated(start),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(start.len(), ERROR_BODY_LIMIT);
    assert!(start.starts_with(br#"{"detail":"xxx"#));
    assert!(
        peak < OTHER_TESTS_ROOM,
        "peak heap {peak} bytes while reading a 1 GiB error body"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // The kernel's socket buffers take some before the client hangs up; nothing like the whole body.
    assert!(
        server.body_bytes_written() < 64 << 20,
        "{} bytes sent",
        server.body_bytes_written()
    );
}

#[tokio::test]
async fn a_1_gib_unterminated_success_body_ends_at_the_ceiling() {
    const CEILING: usize = 4 << 20;
    for declare_length in [false, true] {
        let server = RawServer::start(move |_| Reply::Huge {
            status: 200,
            start: br#"{"results":["#.to_vec(),
            fill: b' ',
            len: GIB,
            declare_length,
        })
        .await;
        let client = Client::builder()
            .base_url(&server.base_url)
            .max_response_body(CEILING)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let before = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
        let peak = HEAP.peak_usage().saturating_sub(before);
        assert!(
            matches!(err, Error::BodyTooLarge { status, limit: CEILING } if status.as_u16() == 200),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .contains("larger than the client's ceiling of 4194304 bytes"),
            "{err}"
        );
        assert!(
            peak < 2 * CEILING + OTHER_TESTS_ROOM,
            "peak heap {peak} bytes with a {CEILING}-byte ceiling"
        );
        if declare_length {
            assert!(
                server.body_bytes_written() < 64 << 20,
                "a declared length over the ceiling is refused without reading"
            );
        }
    }
}

fn client_for_url(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

/// Apache httpd's `mod_auth_digest` with `AuthDigestNonceLifetime 2`: the nonce expires while the client waits
/// out two 429s, and the server says so with `stale=true`.
#[tokio::test]
async fn a_nonce_that_expires_during_retries_is_answered_again() {
    let server = MockServer::start().await;
    let digest = Arc::new(DigestServer::new(PRIVATE_KEY, page_body(1, 500, 2, true)));
    let (authorised, stale_challenges) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (responder, ok_count, stale_count) = (digest.clone(), authorised.clone(), stale_challenges.clone());
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| {
            let Some(header) = request.headers.get("authorization").and_then(|h| h.to_str().ok()) else {
                return responder.challenge(false);
            };
            match responder.verify(request, header) {
                // The first two authorised requests are rate limited, and each wait outlives the nonce.
                Ok(()) if ok_count.fetch_add(1, Ordering::SeqCst) < 2 => {
                    responder.rotate_nonce();
                    rate_limited("0")
                }
                Ok(()) => ResponseTemplate::new(200).set_body_json(&responder.ok_body),
                Err(stale) => {
                    stale_count.fetch_add(usize::from(stale), Ordering::SeqCst);
                    responder.challenge(stale)
                }
            }
        })
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY));

    let page = client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("the right keys succeed across expired nonces");
    assert_eq!(page.content.results.len(), 2);
    // bare → challenge; answer → 429; stale answer → 401 stale; answer → 429; stale → 401 stale; answer → 200.
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
    assert_eq!(stale_challenges.load(Ordering::SeqCst), 2);
    assert_eq!(authorised.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_server_that_always_says_stale_is_given_up_on_within_the_attempt_budget() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Digest realm="MMS Public API", nonce="always-new", algorithm=MD5, qop="auth", stale=true"#,
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY))
        .retry_policy(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let requests = server.received_requests().await.unwrap().len();
    assert!(requests <= 2 * 3, "at most two requests per attempt: {requests}");
    assert!(requests >= 3, "stale challenges were answered: {requests}");
}

/// An error body nested as deep as fits in the error-body limit: read as raw bytes (serde_json stops at 128 levels),
/// on a runtime thread's ordinary stack, without a stack overflow; one nested less deeply is still Atlas' shape.
#[tokio::test]
async fn deeply_nested_error_bodies_end_in_a_typed_error() {
    let nested = |depth: usize| {
        let parameters = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        format!(r#"{{"error":400,"errorCode":"INVALID_PARAMETER","detail":"nested","parameters":[{parameters}]}}"#)
    };
    for (depth, parsed) in [(100, true), (30_000, false)] {
        let body = nested(depth);
        assert!(body.len() < ERROR_BODY_LIMIT, "the body is read whole");
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(API_PATH))
            .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let err = client_for_url(&server.uri())
            .restore_jobs(GROUP, INSTANCE)
            .page(1)
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "depth {depth}");
        match (&err, parsed) {
            (
                Error::Api {
                    body: ErrorBody::Api(api),
                    ..
                },
                true,
            ) => {
                assert_eq!(api.error_code.as_deref(), Some("INVALID_PARAMETER"))
            }
            (
                Error::Api {
                    body: ErrorBody::Raw(raw),
                    ..
                },
                false,
            ) => assert!(raw.starts_with(br#"{"error":400"#)),
            _ => panic!("depth {depth}: {err:?}"),
        }
    }
}
