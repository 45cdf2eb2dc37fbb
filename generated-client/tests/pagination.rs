//! The stream of all restore jobs across pages: where it stops, and what it does with a misbehaving server.
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use futures_util::{StreamExt, TryStreamExt};
use generated_client::{Credentials, Error};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server holding `total` jobs, paging as Atlas does; `links` and `count` switch off its hints.
async fn paging_server(total: usize, links: bool, count: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(move |request: &Request| {
            let page: usize = query_param(request, "pageNum")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let per_page: usize = query_param(request, "itemsPerPage")
                .and_then(|p| p.parse().ok())
                .unwrap_or(100);
            let include_count = query_param(request, "includeCount").as_deref() != Some("false");
            let mut body = page_body(page, per_page, total, include_count && count);
            if !links {
                body.as_object_mut().unwrap().remove("links");
            }
            ResponseTemplate::new(200).set_body_json(body)
        })
        .mount(&server)
        .await;
    server
}

fn page_numbers(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| query_param(r, "pageNum").unwrap_or_default())
        .collect()
}

async fn all_ids(server: &MockServer, per_page: u32, include_count: Option<bool>) -> Vec<String> {
    let client = client_for(server, Credentials::None);
    let mut listing = client.restore_jobs(GROUP, INSTANCE).items_per_page(per_page);
    if let Some(include) = include_count {
        listing = listing.include_count(include);
    }
    let jobs: Vec<_> = listing.jobs().try_collect().await.expect("all pages");
    jobs.into_iter().map(|j| j.id.unwrap()).collect()
}

fn expected_ids(total: usize) -> Vec<String> {
    (0..total).map(|i| format!("{i:024x}")).collect()
}

#[tokio::test]
async fn all_jobs_across_pages_with_total_count() {
    let server = paging_server(23, true, true).await;
    assert_eq!(all_ids(&server, 10, None).await, expected_ids(23));
    assert_eq!(
        page_numbers(&server.received_requests().await.unwrap()),
        ["1", "2", "3"]
    );
}

#[tokio::test]
async fn all_jobs_without_total_count_or_links_stop_at_a_short_page() {
    let server = paging_server(23, false, false).await;
    assert_eq!(all_ids(&server, 10, Some(false)).await, expected_ids(23));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(page_numbers(&requests), ["1", "2", "3"]);
    assert_eq!(query_param(&requests[0], "includeCount").as_deref(), Some("false"));
}

#[tokio::test]
async fn an_exact_multiple_ends_on_the_missing_next_link() {
    let server = paging_server(20, true, false).await;
    assert_eq!(all_ids(&server, 10, Some(false)).await, expected_ids(20));
    assert_eq!(page_numbers(&server.received_requests().await.unwrap()), ["1", "2"]);
}

#[tokio::test]
async fn an_exact_multiple_without_hints_ends_on_an_empty_page() {
    let server = paging_server(20, false, false).await;
    assert_eq!(all_ids(&server, 10, Some(false)).await, expected_ids(20));
    assert_eq!(
        page_numbers(&server.received_requests().await.unwrap()),
        ["1", "2", "3"]
    );
}

#[tokio::test]
async fn total_count_ends_the_walk_without_links() {
    let server = paging_server(20, false, true).await;
    assert_eq!(all_ids(&server, 10, None).await, expected_ids(20));
    assert_eq!(page_numbers(&server.received_requests().await.unwrap()), ["1", "2"]);
}

#[tokio::test]
async fn pages_default_to_500_items_and_an_empty_listing_is_one_empty_page() {
    let server = paging_server(0, true, true).await;
    let client = client_for(&server, Credentials::None);
    let pages: Vec<_> = client
        .restore_jobs(GROUP, INSTANCE)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].content.results.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_param(&requests[0], "itemsPerPage").as_deref(), Some("500"));
}

#[tokio::test]
async fn a_server_repeating_a_page_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 10, 1000, false)))
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::None);
    let items: Vec<_> = client
        .restore_jobs(GROUP, INSTANCE)
        .items_per_page(10)
        .pages()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(Error::Pagination(m)) if m.contains("page 2 repeats page 1")),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| match query_param(request, "pageNum").as_deref() {
            Some("1") => ResponseTemplate::new(200).set_body_json(page_body(1, 10, 30, true)),
            _ => ResponseTemplate::new(500).set_body_json(json!({
                "detail": "Unexpected error.", "error": 500, "errorCode": "UNEXPECTED_ERROR", "parameters": [], "reason": "Internal Server Error"
            })),
        })
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::None);
    let items: Vec<_> = client
        .restore_jobs(GROUP, INSTANCE)
        .items_per_page(10)
        .jobs()
        .collect()
        .await;
    assert_eq!(items.len(), 11, "ten jobs, then the error");
    assert!(items[..10].iter().all(Result::is_ok));
    let err = items[10].as_ref().unwrap_err();
    assert!(err.is_error_code("UNEXPECTED_ERROR"), "{err}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "no request after the failure"
    );
}

#[tokio::test]
async fn bad_listing_arguments_fail_before_any_request() {
    let server = paging_server(5, true, true).await;
    let client = client_for(&server, Credentials::None);
    for (listing, expected) in [
        (client.restore_jobs("not-a-group", INSTANCE), "group id `not-a-group`"),
        (
            client.restore_jobs(GROUP, INSTANCE).items_per_page(501),
            "items per page must be 1 to 500, not 501",
        ),
        (client.restore_jobs(GROUP, INSTANCE).items_per_page(0), "not 0"),
        (
            client.restore_jobs(GROUP, INSTANCE).first_page(0),
            "page numbers start at 1",
        ),
        (client.restore_jobs(GROUP, ".."), "instance name `..`"),
    ] {
        let err = listing.pages().next().await.unwrap().unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(m) if m.contains(expected)),
            "{err}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stream_can_start_at_a_later_page() {
    let server = paging_server(25, true, true).await;
    let client = client_for(&server, Credentials::None);
    let pages: Vec<_> = client
        .restore_jobs(GROUP, INSTANCE)
        .items_per_page(10)
        .first_page(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| p.number).collect::<Vec<_>>(), [2, 3]);
}
