//! HTTP Digest against an Atlas-like server that checks every answer with its own MD5 computation.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use std::sync::Arc;

use generated_client::Credentials;
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};

async fn digest_server(password: &str) -> (MockServer, Arc<DigestServer>) {
    let server = MockServer::start().await;
    let digest = Arc::new(DigestServer::new(password, page_body(1, 500, 2, true)));
    Mock::given(method("GET"))
        .respond_with(SharedResponder(digest.clone()))
        .mount(&server)
        .await;
    (server, digest)
}

/// Lets a test keep a handle on the responder's state.
struct SharedResponder(Arc<DigestServer>);

impl wiremock::Respond for SharedResponder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.0.respond(request)
    }
}

fn api_key() -> Credentials {
    Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY)
}

#[tokio::test]
async fn n_calls_cost_n_plus_one_requests_with_increasing_nonce_counts() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = client_for(&server, api_key());

    for _ in 0..5 {
        let page = client.restore_jobs(GROUP, INSTANCE).page(1).await.expect("authorised");
        assert_eq!(page.content.results.len(), 2);
    }

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6, "one challenge, then one request per call");
    assert!(requests[0].headers.get("authorization").is_none());
    let counts: Vec<u32> = digest.seen_nc.lock().unwrap().iter().map(|(_, nc)| *nc).collect();
    assert_eq!(counts, [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn the_digest_uri_includes_the_query_string() {
    let (server, _digest) = digest_server(PRIVATE_KEY).await;
    let client = client_for(&server, api_key());
    client
        .restore_jobs(GROUP, INSTANCE)
        .items_per_page(7)
        .page(3)
        .await
        .expect("authorised");

    let requests = server.received_requests().await.unwrap();
    let header = requests[1].headers.get("authorization").unwrap().to_str().unwrap();
    let uri = digest_params(header).into_iter().find(|(k, _)| k == "uri").unwrap().1;
    assert_eq!(uri, format!("{API_PATH}?itemsPerPage=7&pageNum=3"));
}

#[tokio::test]
async fn a_rotated_nonce_is_answered_once_more() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = client_for(&server, api_key());
    client.restore_jobs(GROUP, INSTANCE).page(1).await.expect("first call");
    digest.rotate_nonce();
    client
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await
        .expect("after a stale nonce");

    // bare, answered; cached (stale), answered with the new nonce.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn wrong_keys_end_in_a_typed_401_without_a_loop() {
    let (server, _digest) = digest_server("the-real-private-key").await;
    let client = client_for(&server, api_key());
    let err = client.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.is_error_code("NOT_ORG_GROUP_CREATOR"), "{err:?}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "bare, answered once, then give up"
    );
}

#[tokio::test]
async fn challenges_with_html_or_empty_bodies_work() {
    for body in [
        ("<html><body>401 Unauthorized</body></html>", "text/html"),
        ("", "text/plain"),
    ] {
        let server = MockServer::start().await;
        let mut responder = DigestServer::new(PRIVATE_KEY, page_body(1, 500, 1, true));
        responder.challenge_body = body;
        let responder = Arc::new(responder);
        Mock::given(method("GET"))
            .respond_with(SharedResponder(responder))
            .mount(&server)
            .await;
        let good = client_for(&server, api_key());
        assert_eq!(
            good.restore_jobs(GROUP, INSTANCE)
                .page(1)
                .await
                .unwrap()
                .content
                .results
                .len(),
            1
        );

        let bad = client_for(&server, Credentials::api_key(PUBLIC_KEY, "wrong"));
        let err = bad.restore_jobs(GROUP, INSTANCE).page(1).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");
        assert_eq!(
            err.raw_body(),
            Some(body.0.as_bytes()),
            "the raw body is kept when it is not an ApiError"
        );
    }
}

#[tokio::test]
async fn concurrent_calls_on_one_client_all_succeed() {
    let (server, _digest) = digest_server(PRIVATE_KEY).await;
    let client = client_for(&server, api_key());
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.restore_jobs(GROUP, INSTANCE).page(1).await.map(|_| ()) })
    });
    for call in calls {
        call.await.unwrap().expect("every concurrent call is authorised");
    }
    let requests = server.received_requests().await.unwrap().len();
    assert!(requests <= 32, "at most one challenge per call: {requests}");
}

#[tokio::test]
async fn sha_256_challenges_are_answered() {
    use sha2::{Digest, Sha256};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(move |request: &wiremock::Request| {
            let challenge = r#"Digest realm="MMS Public API", nonce="n-sha", algorithm=SHA-256, qop="auth""#;
            let Some(header) = request.headers.get("authorization") else {
                return wiremock::ResponseTemplate::new(401).insert_header("www-authenticate", challenge);
            };
            let params = digest_params(header.to_str().unwrap());
            let get = |k: &str| params.iter().find(|(key, _)| key == k).unwrap().1.clone();
            let hex = |s: String| -> String {
                Sha256::digest(s.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            };
            let ha1 = hex(format!("{PUBLIC_KEY}:MMS Public API:{PRIVATE_KEY}"));
            let ha2 = hex(format!("GET:{}", get("uri")));
            let expected = hex(format!("{ha1}:n-sha:{}:{}:auth:{ha2}", get("nc"), get("cnonce")));
            if get("response") == expected && get("algorithm") == "SHA-256" {
                wiremock::ResponseTemplate::new(200).set_body_json(page_body(1, 500, 0, true))
            } else {
                wiremock::ResponseTemplate::new(401).insert_header("www-authenticate", challenge)
            }
        })
        .mount(&server)
        .await;
    let page = client_for(&server, api_key())
        .restore_jobs(GROUP, INSTANCE)
        .page(1)
        .await;
    assert!(page.is_ok(), "{page:?}");
}
