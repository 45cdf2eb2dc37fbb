//! Every list of the spec pages itself (codegen implements the paging traits; nothing here is written per list),
//! and no walk ends while the server's answers leave room for more: the 777-job case of a stand-in Atlas whose
//! pages carry only a `self` link.

mod support;

use futures_util::{StreamExt, TryStreamExt};
use generated_client::{Credentials, Error, FlexSnapshotStatus, Paginate};
use serde_json::{Value, json};
use support::logs::capture_logs;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";
const CLUSTER: &str = "my-flex";
const JOBS_PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/flexClusters/my-flex/backup/restoreJobs";
const SNAPSHOTS_PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/flexClusters/my-flex/backup/snapshots";

/// Which links a server writes on its pages.
#[derive(Clone, Copy)]
enum Links {
    /// `self`, and `next` while more follow: Atlas as it usually answers.
    SelfAndNext,
    /// Only `self`: what the stand-in sent, and what Atlas' documentation allows.
    SelfOnly,
}

/// An Atlas list at `at` holding `total` items made by `item`, answering only to the versioned media type.
async fn list_server(at: &'static str, total: usize, links: Links, item: fn(usize) -> Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(move |request: &Request| {
            if request.headers.get("accept").and_then(|v| v.to_str().ok()) != Some(MEDIA) {
                return ResponseTemplate::new(406);
            }
            let page: usize = query_param(request, "pageNum").unwrap().parse().unwrap();
            let per_page: usize = query_param(request, "itemsPerPage").unwrap().parse().unwrap();
            let start = (page - 1).saturating_mul(per_page).min(total);
            let end = (start + per_page).min(total);
            let mut rels = vec![json!({"rel": "self", "href": format!("http://x{at}?pageNum={page}")})];
            if matches!(links, Links::SelfAndNext) && end < total {
                rels.push(json!({"rel": "next", "href": format!("http://x{at}?pageNum={}", page + 1)}));
            }
            let mut body = json!({"links": rels, "results": (start..end).map(item).collect::<Vec<_>>()});
            if query_param(request, "includeCount").as_deref() != Some("false") {
                body["totalCount"] = json!(total);
            }
            ResponseTemplate::new(200).set_body_raw(body.to_string(), MEDIA)
        })
        .mount(&server)
        .await;
    server
}

fn flex_job(i: usize) -> Value {
    json!({"id": format!("{i:024x}"), "status": "COMPLETED"})
}

fn snapshot(i: usize) -> Value {
    json!({"id": format!("{i:024x}"), "status": "COMPLETED", "mongoDBVersion": "8.0.4"})
}

async fn page_numbers(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| query_param(r, "pageNum").unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_full_page_with_only_a_self_link_does_not_end_the_walk_while_total_count_says_more() {
    let server = list_server(JOBS_PATH, 777, Links::SelfOnly, flex_job).await;
    let client = client_for(&server, Credentials::None);
    let (logs, _guard) = capture_logs();
    let jobs: Vec<_> = client
        .flex_restore_jobs(GROUP, CLUSTER)
        .jobs()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(jobs.len(), 777, "nothing lost");
    assert_eq!(jobs[776].id.as_deref(), Some(format!("{:024x}", 776).as_str()));
    assert_eq!(page_numbers(&server).await, ["1", "2"], "500 + 277, no extra request");
    let logs = logs.text();
    assert!(
        logs.contains("WARN")
            && logs.contains("list_flex_restore_jobs")
            && logs.contains("no `next` link but totalCount is 777 after 500 items"),
        "the disagreement is traced, naming the operation and both signals:\n{logs}"
    );
}

/// Every job of a server holding 1,000 with `links`, listed without `totalCount`; and the pages it was asked for.
async fn thousand_jobs_without_a_count(links: Links) -> (usize, Vec<String>) {
    let server = list_server(JOBS_PATH, 1000, links, flex_job).await;
    let client = client_for(&server, Credentials::None);
    let listing = client.flex_restore_jobs(GROUP, CLUSTER).include_count(false);
    let jobs: Vec<_> = listing.jobs().try_collect().await.unwrap();
    (jobs.len(), page_numbers(&server).await)
}

#[tokio::test]
async fn without_a_count_a_full_page_with_only_a_self_link_costs_one_empty_page_and_loses_nothing() {
    let (jobs, pages) = thousand_jobs_without_a_count(Links::SelfOnly).await;
    assert_eq!(jobs, 1000);
    assert_eq!(pages, ["1", "2", "3"], "the empty third page is the proof");
}

#[tokio::test]
async fn a_server_that_writes_next_links_is_believed_when_the_last_full_page_has_none() {
    let (jobs, pages) = thousand_jobs_without_a_count(Links::SelfAndNext).await;
    assert_eq!(jobs, 1000);
    assert_eq!(pages, ["1", "2"], "no extra request");
}

#[tokio::test]
async fn a_list_the_spec_declares_pages_through_its_generated_builder_with_its_other_parameters_kept() {
    let server = list_server(SNAPSHOTS_PATH, 23, Links::SelfAndNext, snapshot).await;
    let client = client_for(&server, Credentials::None);
    let snapshots: Vec<_> = client
        .list_flex_backups()
        .group_id(GROUP)
        .name(CLUSTER)
        .pretty(true)
        .listing()
        .items_per_page(10)
        .items()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(snapshots.len(), 23);
    assert!(
        snapshots
            .iter()
            .all(|s| s.status == Some(FlexSnapshotStatus::Completed))
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(page_numbers(&server).await, ["1", "2", "3"]);
    for request in &requests {
        assert_eq!(
            query_param(request, "pretty").as_deref(),
            Some("true"),
            "{}",
            request.url
        );
        assert_eq!(query_param(request, "itemsPerPage").as_deref(), Some("10"));
    }
}

#[tokio::test]
async fn a_builder_missing_a_path_parameter_fails_with_the_generated_message_before_any_request() {
    let server = list_server(SNAPSHOTS_PATH, 3, Links::SelfAndNext, snapshot).await;
    let client = client_for(&server, Credentials::None);
    let first = client.list_flex_backups().group_id(GROUP).pages().next().await.unwrap();
    assert!(
        matches!(&first, Err(Error::InvalidRequest(m)) if m.contains("name was not initialized")),
        "{first:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
