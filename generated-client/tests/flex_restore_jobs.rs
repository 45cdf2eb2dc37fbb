//! `client.flex_restore_jobs(group, cluster)`: the same listing as the serverless one (one generic walk over
//! Atlas' pages), plus `.get(id)` and `.create(..)`, arguments checked before any I/O, errors typed.

mod support;

use futures_util::TryStreamExt;
use generated_client::mock::MockServerExt;
use generated_client::{Credentials, Error, FlexRestoreJobStatus, types};
use serde_json::{Value, json};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";
const CLUSTER: &str = "my-flex";
const JOBS_PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/flexClusters/my-flex/backup/restoreJobs";

fn flex_job(i: usize) -> Value {
    json!({
        "id": format!("{i:024x}"),
        "snapshotId": format!("{:024x}", i + 1_000_000),
        "projectId": GROUP,
        "instanceName": CLUSTER,
        "deliveryType": "RESTORE",
        "status": "COMPLETED",
        "restoreScheduledDate": "2026-05-24T09:30:00Z"
    })
}

/// A Flex list of `total` jobs that answers only to its versioned media type.
async fn flex_server(total: usize, include_count: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOBS_PATH))
        .respond_with(move |request: &Request| {
            if request.headers.get("accept").and_then(|v| v.to_str().ok()) != Some(MEDIA) {
                return ResponseTemplate::new(406);
            }
            let page: usize = query_param(request, "pageNum").unwrap().parse().unwrap();
            let per_page: usize = query_param(request, "itemsPerPage").unwrap().parse().unwrap();
            let start = (page - 1) * per_page;
            let end = (start + per_page).min(total);
            let results: Vec<Value> = (start..end.max(start)).map(flex_job).collect();
            let mut links = vec![json!({"rel": "self", "href": format!("http://x{JOBS_PATH}?pageNum={page}")})];
            if end < total {
                links.push(json!({"rel": "next", "href": format!("http://x{JOBS_PATH}?pageNum={}", page + 1)}));
            }
            let mut body = json!({"links": links, "results": results});
            if include_count {
                body["totalCount"] = json!(total);
            }
            ResponseTemplate::new(200).set_body_raw(body.to_string(), MEDIA)
        })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn all_777_jobs_come_in_two_pages_with_and_without_a_count() {
    for include_count in [true, false] {
        let server = flex_server(777, include_count).await;
        let client = client_for(&server, Credentials::None);
        let jobs: Vec<_> = client
            .flex_restore_jobs(GROUP, CLUSTER)
            .include_count(include_count)
            .jobs()
            .try_collect()
            .await
            .expect("every page");
        assert_eq!(jobs.len(), 777);
        assert_eq!(jobs[776].id.as_deref(), Some(format!("{:024x}", 776).as_str()));
        assert!(jobs.iter().all(|j| j.status == Some(FlexRestoreJobStatus::Completed)));
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            2,
            "two pages of 500 (include_count {include_count})"
        );
    }
}

#[tokio::test]
async fn one_page_carries_its_number_and_content() {
    let server = flex_server(3, true).await;
    let page = client_for(&server, Credentials::None)
        .flex_restore_jobs(GROUP, CLUSTER)
        .items_per_page(2)
        .page(2)
        .await
        .unwrap();
    assert_eq!(page.number, 2);
    assert_eq!(page.content.results.len(), 1);
    assert_eq!(page.content.total_count, Some(3));
    assert_eq!(page.has_next_link(), Some(false));
}

/// The typed job `flex_job(i)` describes.
fn typed_job(i: usize) -> types::FlexBackupRestoreJob20241113 {
    serde_json::from_value(flex_job(i)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn get_and_create_return_typed_jobs() {
    // The generated typed mocks: the request each operation must send, and its answer, as the crate's types.
    let server = httpmock::MockServer::start_async().await;
    let id: types::ObjectId = format!("{:024x}", 7).parse().unwrap();
    let got = server.get_flex_restore_job(|when, then| {
        when.group_id(&GROUP.parse().unwrap())
            .name(&CLUSTER.parse().unwrap())
            .restore_job_id(&id);
        then.ok(&typed_job(7));
    });
    let request = types::FlexBackupRestoreJobCreate20241113 {
        snapshot_id: "6650bf2aa4b2c3d4e5f60701".parse().unwrap(),
        target_deployment_item_name: "restored".parse().unwrap(),
        target_project_id: None,
    };
    let created = server.create_flex_restore_job(|when, then| {
        when.body(&request);
        then.ok(&types::FlexBackupRestoreJob20241113 {
            snapshot_id: Some("6650bf2aa4b2c3d4e5f60701".into()),
            target_deployment_item_name: Some("restored".into()),
            status: Some(FlexRestoreJobStatus::Pending),
            ..typed_job(8)
        });
    });
    let client = client_for_url(&server.base_url(), Credentials::None);
    let jobs = client.flex_restore_jobs(GROUP, CLUSTER);

    let job = jobs.get(&id).await.unwrap();
    assert_eq!(job.id.as_deref(), Some(id.as_str()));
    let job = jobs.create("6650bf2aa4b2c3d4e5f60701", "restored", None).await.unwrap();
    assert_eq!(job.status, Some(FlexRestoreJobStatus::Pending));
    assert_eq!(job.target_deployment_item_name.as_deref(), Some("restored"));
    got.assert_calls_async(1).await;
    created.assert_calls_async(1).await; // the body sent was exactly `request`
}

#[tokio::test]
async fn bad_arguments_are_refused_before_any_io() {
    let server = MockServer::start().await;
    let client = client_for(&server, Credentials::None);
    let message = |e: Error| match e {
        Error::InvalidRequest(m) => m,
        other => panic!("{other:?}"),
    };

    let bad_group = client.flex_restore_jobs("nope", CLUSTER).page(1).await.unwrap_err();
    assert!(message(bad_group).contains("group id `nope`"));
    let bad_cluster = client
        .flex_restore_jobs(GROUP, "-leading-dash")
        .get("x")
        .await
        .unwrap_err();
    assert!(message(bad_cluster).contains("cluster name `-leading-dash`"));
    let jobs = client.flex_restore_jobs(GROUP, CLUSTER);
    assert!(message(jobs.get("123").await.unwrap_err()).contains("restore job id `123`"));
    assert!(message(jobs.create("zz", "t", None).await.unwrap_err()).contains("snapshot id `zz`"));
    let long = "x".repeat(65);
    assert!(message(jobs.create("6650bf2aa4b2c3d4e5f60701", &long, None).await.unwrap_err()).contains("1 to 64"));
    assert!(
        message(
            jobs.create("6650bf2aa4b2c3d4e5f60701", "t", Some("P"))
                .await
                .unwrap_err()
        )
        .contains("target project id `P`")
    );
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflict_on_create_is_a_typed_api_error() {
    let server = httpmock::MockServer::start_async().await;
    let conflict = server.create_flex_restore_job(|_, then| {
        then.conflict(&types::ApiError {
            detail: Some("A restore job is already running.".into()),
            error: Some(409),
            error_code: Some("RESTORE_JOB_ALREADY_RUNNING".into()),
            reason: Some("Conflict".into()),
            ..Default::default()
        });
    });
    let err = client_for_url(&server.base_url(), Credentials::None)
        .flex_restore_jobs(GROUP, CLUSTER)
        .create("6650bf2aa4b2c3d4e5f60701", "t", None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert!(err.is_error_code("RESTORE_JOB_ALREADY_RUNNING"), "{err}");
    conflict.assert_calls_async(1).await; // a POST is not repeated
}
