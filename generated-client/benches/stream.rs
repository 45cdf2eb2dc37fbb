//! Streaming 100,000 restore jobs from a loopback server: the client's `jobs()` stream (the serverless list and
//! the Flex list) against a minimal hand-written reqwest loop over the serverless pages. divan reports time and the peak of live heap bytes on the
//! benchmarking thread ("max alloc"); the request counts are printed before the table.
//!
//! `cargo bench -p generated-client --bench stream`
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use divan::{AllocProfiler, Bencher};
use futures_util::StreamExt;
use generated_client::{Client, RetryPolicy};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const TOTAL: usize = 100_000;
const PER_PAGE: usize = 500;

/// A loopback Atlas holding `TOTAL` jobs, with every page rendered once up front so that serving is cheap.
struct Server {
    _runtime: tokio::runtime::Runtime,
    server: MockServer,
    requests: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let render = |page: fn(usize, usize, usize) -> serde_json::Value| -> Arc<Vec<Bytes>> {
            Arc::new(
                (1..=TOTAL.div_ceil(PER_PAGE) + 1)
                    .map(|n| Bytes::from(serde_json::to_vec(&page(n, PER_PAGE, TOTAL)).unwrap()))
                    .collect(),
            )
        };
        let (pages, flex_pages) = (render(common::page), render(common::flex_page));
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let server = runtime.block_on(async {
            let server = MockServer::builder().disable_request_recording().start().await;
            Mock::given(wiremock::matchers::method("GET"))
                .respond_with(move |request: &Request| {
                    counter.fetch_add(1, Ordering::Relaxed);
                    let n: usize = request
                        .url
                        .query_pairs()
                        .find(|(k, _)| k == "pageNum")
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(1);
                    let (pages, media) = match request.url.path().contains("/flexClusters/") {
                        true => (&flex_pages, "application/vnd.atlas.2024-11-13+json"),
                        false => (&pages, "application/json"),
                    };
                    let body = pages
                        .get(n - 1)
                        .cloned()
                        .unwrap_or_else(|| pages[pages.len() - 1].clone());
                    ResponseTemplate::new(200).set_body_raw(body.to_vec(), media)
                })
                .mount(&server)
                .await;
            server
        });
        Server {
            _runtime: runtime,
            server,
            requests,
        }
    }

    /// Requests served since the last call.
    fn take_requests(&self) -> usize {
        self.requests.swap(0, Ordering::Relaxed)
    }
}

fn client_stream(base_url: &str) -> usize {
    count_jobs(base_url, |client| {
        client
            .restore_jobs(common::GROUP, common::INSTANCE)
            .items_per_page(PER_PAGE as u32)
            .jobs()
    })
}

fn client_flex_stream(base_url: &str) -> usize {
    count_jobs(base_url, |client| {
        client
            .flex_restore_jobs(common::GROUP, common::FLEX_CLUSTER)
            .items_per_page(PER_PAGE as u32)
            .jobs()
    })
}

/// Build a client for `base_url`, and count the jobs of the stream `jobs` makes from it.
fn count_jobs<T>(
    base_url: &str,
    jobs: impl for<'c> FnOnce(&'c Client) -> futures_util::stream::BoxStream<'c, Result<T, generated_client::Error>>,
) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = Client::builder()
            .base_url(base_url)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let mut jobs = jobs(&client);
        let mut count = 0;
        while let Some(job) = jobs.next().await {
            job.unwrap();
            count += 1;
        }
        count
    })
}

/// What one writes by hand: a loop of GETs decoding into `RawPage`, stopping on a short page.
fn hand_written_loop(base_url: &str) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let url = format!(
            "{base_url}/api/atlas/v1.0/groups/{}/serverless/{}/backup/restoreJobs",
            common::GROUP,
            common::INSTANCE
        );
        let mut count = 0;
        for page_num in 1.. {
            let response = http
                .get(&url)
                .query(&[
                    ("pageNum", page_num.to_string()),
                    ("itemsPerPage", PER_PAGE.to_string()),
                ])
                .send()
                .await
                .unwrap();
            let page: common::RawPage = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            count += page.results.len();
            if page.results.len() < PER_PAGE || !page.links.iter().any(|l| l.rel.as_deref() == Some("next")) {
                break;
            }
        }
        count
    })
}

static SERVER: std::sync::OnceLock<Server> = std::sync::OnceLock::new();

fn server() -> &'static Server {
    SERVER.get_or_init(Server::start)
}

fn main() {
    let server = server();
    for (name, run) in [
        ("client jobs()", client_stream as fn(&str) -> usize),
        ("client flex jobs()", client_flex_stream),
        ("hand-written loop", hand_written_loop),
    ] {
        server.take_requests();
        let jobs = run(&server.server.uri());
        assert_eq!(jobs, TOTAL, "{name} saw every job");
        println!("{name}: {jobs} jobs in {} requests", server.take_requests());
    }
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn client_jobs_stream(bencher: Bencher) {
    let uri = server().server.uri();
    bencher.bench(|| client_stream(&uri));
}

#[divan::bench(sample_count = 10)]
fn client_flex_jobs_stream(bencher: Bencher) {
    let uri = server().server.uri();
    bencher.bench(|| client_flex_stream(&uri));
}

#[divan::bench(sample_count = 10)]
fn hand_written_reqwest_loop(bencher: Bencher) {
    let uri = server().server.uri();
    bencher.bench(|| hand_written_loop(&uri));
}
