//! The Flex restore-job operations (v2, `application/vnd.atlas.2024-11-13+json`) through the generated builders:
//! the exact request each sends, typed answers from a server that insists on the versioned media type, auth on
//! the POST, and retries that respect idempotency.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use generated_client::types::{FlexBackupRestoreJobCreate20241113, PaginatedFlexBackupRestoreJob20241113};
use generated_client::{Client, Credentials, FlexDeliveryType, FlexRestoreJobStatus, GeneratedError, RetryPolicy};
use serde_json::{Value, json};
use support::raw_server::{RawServer, Reply};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";
const CLUSTER: &str = "my-flex";
const JOB_ID: &str = "6650c0e1a4b2c3d4e5f60718";
const SNAPSHOT_ID: &str = "6650bf2aa4b2c3d4e5f60701";

fn jobs_path() -> String {
    format!("/api/atlas/v2/groups/{GROUP}/flexClusters/{CLUSTER}/backup/restoreJobs")
}

/// An example from the spec, by JSON pointer below the Flex collection's path item.
fn spec_example(below: &str) -> Value {
    let spec = support::spec();
    let item = "/paths/~1api~1atlas~1v2~1groups~1{groupId}~1flexClusters~1{name}~1backup~1restoreJobs";
    spec.pointer(&format!("{item}{below}"))
        .unwrap_or_else(|| panic!("{below}"))
        .clone()
}

fn job_body() -> Value {
    spec_example("/post/responses/200/content/application~1vnd.atlas.2024-11-13+json/example")
}

fn create_body() -> FlexBackupRestoreJobCreate20241113 {
    FlexBackupRestoreJobCreate20241113 {
        snapshot_id: SNAPSHOT_ID.parse().unwrap(),
        target_deployment_item_name: "my-flex-restored".parse().unwrap(),
        target_project_id: Some(GROUP.parse().unwrap()),
    }
}

/// Answers like Atlas v2: 406 unless the request accepts exactly the operation's versioned media type.
fn insisting_on_the_media_type(ok: ResponseTemplate) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let accept = request.headers.get("accept").and_then(|v| v.to_str().ok());
        if accept != Some(MEDIA) {
            return ResponseTemplate::new(406).set_body_json(json!({
                "detail": "Invalid accept header or version date.", "error": 406,
                "errorCode": "INVALID_VERSION_DATE", "parameters": [], "reason": "Not Acceptable"
            }));
        }
        ok.clone()
    }
}

fn client(base_url: &str, credentials: Credentials, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .retry_policy(retry)
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_list_sends_its_media_type_and_decodes_a_typed_page() {
    let server = MockServer::start().await;
    let page = spec_example("/get/responses/200/content/application~1vnd.atlas.2024-11-13+json/example");
    let ok = ResponseTemplate::new(200).set_body_raw(page.to_string(), MEDIA);
    Mock::given(method("GET"))
        .respond_with(insisting_on_the_media_type(ok))
        .mount(&server)
        .await;

    let response = client(&server.uri(), Credentials::None, RetryPolicy::disabled())
        .list_flex_restore_jobs()
        .group_id(GROUP)
        .name(CLUSTER)
        .page_num(2u32)
        .items_per_page(250u32)
        .send()
        .await
        .expect("a typed page");
    let page: PaginatedFlexBackupRestoreJob20241113 = response.into_inner();
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.results[0].status, Some(FlexRestoreJobStatus::Completed));
    assert_eq!(page.results[1].delivery_type, Some(FlexDeliveryType::Download));

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(request.url.path(), jobs_path());
    assert_eq!(request.url.query(), Some("itemsPerPage=250&pageNum=2"));
    assert_eq!(request.headers.get("accept").unwrap(), MEDIA);
    assert!(request.headers.get("content-type").is_none(), "a GET has no body");
    assert!(request.headers.get("api-version").is_none());
}

#[tokio::test]
async fn get_one_sends_its_media_type_and_refuses_a_bad_id_before_any_io() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_raw(job_body().to_string(), MEDIA);
    Mock::given(method("GET"))
        .respond_with(insisting_on_the_media_type(ok))
        .mount(&server)
        .await;
    let client = client(&server.uri(), Credentials::None, RetryPolicy::disabled());

    let job = client
        .get_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .restore_job_id(JOB_ID)
        .send()
        .await
        .expect("a typed job")
        .into_inner();
    assert_eq!(job.id.as_deref(), Some(JOB_ID));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), format!("{}/{JOB_ID}", jobs_path()));
    assert_eq!(requests[0].headers.get("accept").unwrap(), MEDIA);

    let bad = client
        .get_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .restore_job_id("not-an-id")
        .send()
        .await;
    assert!(matches!(bad, Err(GeneratedError::InvalidRequest(_))), "{bad:?}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing sent for a bad id"
    );
}

#[tokio::test]
async fn create_sends_its_body_with_the_versioned_content_type() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_raw(job_body().to_string(), MEDIA);
    Mock::given(method("POST"))
        .respond_with(insisting_on_the_media_type(ok))
        .mount(&server)
        .await;

    let job = client(&server.uri(), Credentials::None, RetryPolicy::disabled())
        .create_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .body(create_body())
        .send()
        .await
        .expect("the created job")
        .into_inner();
    assert_eq!(job.status, Some(FlexRestoreJobStatus::Pending));

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), jobs_path());
    assert_eq!(request.headers.get("content-type").unwrap(), MEDIA);
    assert_eq!(request.headers.get("accept").unwrap(), MEDIA);
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({"snapshotId": SNAPSHOT_ID, "targetDeploymentItemName": "my-flex-restored", "targetProjectId": GROUP})
    );
}

#[tokio::test]
async fn digest_answers_the_post_challenge_with_its_method_and_keeps_the_body() {
    let server = MockServer::start().await;
    let digest = Arc::new(DigestServer::new(PRIVATE_KEY, job_body()));
    let responder = digest.clone();
    Mock::given(method("POST"))
        .respond_with(move |request: &Request| {
            let Some(header) = request.headers.get("authorization").and_then(|h| h.to_str().ok()) else {
                return responder.challenge(false);
            };
            match responder.verify(request, header) {
                Ok(())
                    if serde_json::from_slice::<Value>(&request.body).is_ok_and(|b| b["snapshotId"] == SNAPSHOT_ID) =>
                {
                    ResponseTemplate::new(200).set_body_raw(job_body().to_string(), MEDIA)
                }
                Ok(()) => ResponseTemplate::new(400).set_body_string("the body was lost"),
                Err(stale) => responder.challenge(stale),
            }
        })
        .mount(&server)
        .await;
    let client = client(
        &server.uri(),
        Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY),
        fast_retries(),
    );

    let job = client
        .create_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .body(create_body())
        .send()
        .await;
    assert!(job.is_ok(), "{job:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "challenge, then the answered POST");
    let answer = requests[1].headers.get("authorization").unwrap().to_str().unwrap();
    let uri = digest_params(answer).into_iter().find(|(k, _)| k == "uri").unwrap().1;
    assert_eq!(uri, jobs_path());
}

#[tokio::test]
async fn a_service_account_token_authorises_the_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(jobs_path()))
        .and(wiremock::matchers::header("authorization", "Bearer tok"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(job_body().to_string(), MEDIA))
        .mount(&server)
        .await;
    let result = client(
        &server.uri(),
        Credentials::service_account("id", "secret"),
        fast_retries(),
    )
    .create_flex_restore_job()
    .group_id(GROUP)
    .name(CLUSTER)
    .body(create_body())
    .send()
    .await;
    assert!(result.is_ok(), "{result:?}");
}

/// A POST server answering `first` once, then a created job.
async fn post_answering_first(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(job_body().to_string(), MEDIA))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn create(client: &Client) -> Result<(), GeneratedError<generated_client::types::ApiError>> {
    client
        .create_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .body(create_body())
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_post_answered_503_is_sent_once() {
    let server = post_answering_first(ResponseTemplate::new(503).insert_header("retry-after", "0")).await;
    let err = create(&client(&server.uri(), Credentials::None, fast_retries()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the server may have created the job"
    );
}

#[tokio::test]
async fn a_post_answered_429_is_sent_again_after_retry_after() {
    let server = post_answering_first(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "1")
            .set_body_json(json!({"error": 429, "errorCode": "RATE_LIMITED", "parameters": []})),
    )
    .await;
    let started = Instant::now();
    create(&client(&server.uri(), Credentials::None, fast_retries()))
        .await
        .expect("created on the second try");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After was honoured");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "a 429 was not carried out"
    );
}

#[tokio::test]
async fn a_post_that_times_out_is_not_sent_again() {
    let server = post_answering_first(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = create(&client).await.unwrap_err();
    assert!(
        matches!(&err, GeneratedError::CommunicationError(e) if e.is_timeout()),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_post_whose_connection_is_reset_is_not_sent_again() {
    let server = RawServer::start(|_| Reply::ResetBeforeHead).await;
    let err = create(&client(&server.base_url, Credentials::None, fast_retries()))
        .await
        .unwrap_err();
    assert!(matches!(err, GeneratedError::CommunicationError(_)), "{err:?}");
    assert_eq!(
        server.requests(),
        1,
        "the request was sent; the server may have acted on it"
    );
}

#[tokio::test]
async fn a_get_whose_connection_is_reset_is_sent_again() {
    let server = RawServer::start(|_| Reply::ResetBeforeHead).await;
    let result = client(&server.base_url, Credentials::None, fast_retries())
        .get_flex_restore_job()
        .group_id(GROUP)
        .name(CLUSTER)
        .restore_job_id(JOB_ID)
        .send()
        .await;
    assert!(result.is_err());
    assert_eq!(server.requests(), 4, "a GET is safe to repeat: every attempt was made");
}
