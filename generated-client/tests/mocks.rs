//! The typed mocks generated with the client (`generated_client::mock`, feature `mock`) as an application's tests
//! use them: the real client — service-account auth, pagination, retries — against `httpmock`, with no path or
//! JSON written by hand.

use std::num::NonZeroU32;
use std::time::Duration;

use futures_util::TryStreamExt;
use generated_client::mock::MockServerExt;
use generated_client::{Client, Credentials, Error, FlexRestoreJobStatus, RetryPolicy, types};
use httpmock::{Method, MockServer};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const CLUSTER: &str = "my-flex";
const TOKEN: &str = "token-from-the-mock";

fn job(i: usize) -> types::FlexBackupRestoreJob20241113 {
    types::FlexBackupRestoreJob20241113 {
        id: Some(format!("{i:024x}")),
        status: Some(FlexRestoreJobStatus::Completed),
        instance_name: Some(CLUSTER.into()),
        ..Default::default()
    }
}

fn page(results: Vec<types::FlexBackupRestoreJob20241113>, total: i32) -> types::PaginatedFlexBackupRestoreJob20241113 {
    types::PaginatedFlexBackupRestoreJob20241113 {
        results,
        total_count: Some(total),
        links: None,
        status: None,
    }
}

/// Atlas's token endpoint for service accounts, answering one token.
fn token_endpoint(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.method(Method::POST).path("/api/oauth/token");
        then.status(200).json_body(serde_json::json!({
            "access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600
        }));
    })
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::service_account("mdb_sa_id_test", "mdb_sa_sk_test"))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_pages_and_a_429_through_the_typed_mocks() {
    let server = MockServer::start_async().await;
    let token = token_endpoint(&server);
    let (group, cluster): (types::GroupId, types::ClusterName) = (GROUP.parse().unwrap(), CLUSTER.parse().unwrap());
    let authorized = |when: httpmock::When| when.header("authorization", format!("Bearer {TOKEN}"));

    let first = server.list_flex_restore_jobs(|when, then| {
        let when = when
            .group_id(&group)
            .name(&cluster)
            .page_num(NonZeroU32::new(1))
            .items_per_page(NonZeroU32::new(2));
        authorized(when.into_inner());
        then.ok(&page(vec![job(0), job(1)], 3));
    });
    // Page 2 is refused once with a 429 (mocks match in the order they were made; this one serves one call)…
    let refused = server.list_flex_restore_jobs(|when, then| {
        authorized(
            when.group_id(&group)
                .name(&cluster)
                .page_num(NonZeroU32::new(2))
                .into_inner(),
        );
        let error = types::ApiError {
            error: Some(429),
            error_code: Some("RATE_LIMITED".into()),
            detail: Some("Too many requests.".into()),
            ..Default::default()
        };
        then.too_many_requests(&error).into_inner().header("Retry-After", "0");
    });
    refused.up_to_n_times_async(1).await;
    // …and then served.
    let second = server.list_flex_restore_jobs(|when, then| {
        authorized(
            when.group_id(&group)
                .name(&cluster)
                .page_num(NonZeroU32::new(2))
                .items_per_page(NonZeroU32::new(2))
                .into_inner(),
        );
        then.ok(&page(vec![job(2)], 3));
    });

    let jobs: Vec<_> = client(&server)
        .flex_restore_jobs(GROUP, CLUSTER)
        .items_per_page(2)
        .jobs()
        .try_collect()
        .await
        .expect("all jobs, the 429 retried");

    let ids: Vec<_> = jobs.iter().map(|j| j.id.clone().unwrap()).collect();
    assert_eq!(ids, [job(0), job(1), job(2)].map(|j| j.id.unwrap()));
    assert_eq!(jobs[2].status, Some(FlexRestoreJobStatus::Completed));
    first.assert_calls_async(1).await;
    refused.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    token.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_error_response_reaches_the_caller_as_the_typed_error() {
    let server = MockServer::start_async().await;
    token_endpoint(&server);
    let missing = server.get_flex_restore_job(|when, then| {
        when.into_inner().method(Method::GET);
        then.not_found(&types::ApiError {
            error: Some(404),
            error_code: Some("RESTORE_JOB_NOT_FOUND".into()),
            ..Default::default()
        });
    });
    let err = client(&server)
        .flex_restore_jobs(GROUP, CLUSTER)
        .get("6650c0e1a4b2c3d4e5f60718")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status, .. } if status.as_u16() == 404),
        "{err:?}"
    );
    assert!(err.to_string().contains("RESTORE_JOB_NOT_FOUND"), "{err}");
    missing.assert_calls_async(1).await;
}
