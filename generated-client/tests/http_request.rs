//! The generated method against a loopback server: exactly which request goes out, and how the answer decodes.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

use generated_client::{Client, Credentials, GeneratedError as Error, RetryPolicy, types};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const PAGE_EXAMPLE: &str = include_str!("fixtures/restore-jobs-example.json");

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::None)
        .retry_policy(RetryPolicy::disabled())
        .user_agent_suffix("http-request-test/1")
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_query_parameter_is_sent_and_the_page_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(PAGE_EXAMPLE, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .list_serverless_restore_jobs()
        .group_id(GROUP)
        .instance_name("my-instance")
        .page_num(3u32)
        .items_per_page(500u32)
        .include_count(false)
        .pretty(true)
        .envelope(true)
        .send()
        .await
        .expect("the call succeeds")
        .into_inner();

    let requests = server.received_requests().await.unwrap();
    let url = &requests[0].url;
    assert_eq!(
        url.path(),
        format!("/api/atlas/v1.0/groups/{GROUP}/serverless/my-instance/backup/restoreJobs")
    );
    assert_eq!(
        url.query(),
        Some("envelope=true&includeCount=false&itemsPerPage=500&pageNum=3&pretty=true")
    );
    assert_eq!(requests[0].headers.get("accept").unwrap(), "application/json");
    assert!(
        requests[0].headers.get("api-version").is_none(),
        "no header Atlas does not define (progenitor adds api-version; the hook removes it)"
    );
    let user_agent = requests[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(
        user_agent.starts_with(concat!("generated-client/", env!("CARGO_PKG_VERSION"), " (")),
        "{user_agent}"
    );
    assert!(user_agent.ends_with(") http-request-test/1"), "{user_agent}");

    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.results.len(), 1);
    assert_eq!(page.results[0].target_cluster_name.as_deref(), Some("{clusterName}"));
}

#[tokio::test]
async fn unset_query_parameters_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(path(format!(
        "/api/atlas/v1.0/groups/{GROUP}/serverless/x/backup/restoreJobs"
    )))
    .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"results":[]}"#, "application/json"))
    .expect(1)
    .mount(&server)
    .await;

    let page = client(&server)
        .list_serverless_restore_jobs()
        .group_id(GROUP)
        .instance_name("x")
        .send()
        .await
        .unwrap()
        .into_inner();

    assert_eq!(server.received_requests().await.unwrap()[0].url.query(), None);
    assert!(page.results.is_empty());
    assert_eq!(page.total_count, None);
}

#[tokio::test]
async fn an_invalid_group_id_is_rejected_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    for bad in ["32B6E34B3D91647ABB20E7B8", "32b6e34b3d91647abb20e7b", "../../admin", ""] {
        let err = client(&server)
            .list_serverless_restore_jobs()
            .group_id(bad)
            .instance_name("x")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad:?} gave {err:?}");
    }
}

#[tokio::test]
async fn an_error_status_decodes_the_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"detail":"No group with ID 32b6e34b3d91647abb20e7b8 exists.","error":404,"errorCode":"GROUP_NOT_FOUND","parameters":["32b6e34b3d91647abb20e7b8"],"reason":"Not Found"}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let err = client(&server)
        .list_serverless_restore_jobs()
        .group_id(GROUP)
        .instance_name("x")
        .send()
        .await
        .unwrap_err();
    let Error::ErrorResponse(response) = err else {
        panic!("expected an ErrorResponse, got {err:?}")
    };
    assert_eq!(response.status().as_u16(), 404);
    let api_error: &types::ApiError = &response;
    assert_eq!(api_error.error_code.as_deref(), Some("GROUP_NOT_FOUND"));
}
