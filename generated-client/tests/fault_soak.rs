//! A fault soak: thousands of calls against a loopback server that answers each request with a fault drawn from a
//! fixed seed, several calls at a time. For every call: no panic, a result or a typed error within the call's time
//! bound, no more requests than the documented bound; for the whole run: the heap stays bounded.
//!
//! `cargo test` runs a short version. The long one prints the table in the README's "Reliability" section:
//!
//! ```sh
//! SOAK_CALLS=5000 SOAK_CONCURRENCY=16 cargo test --release -p generated-client --test fault_soak -- --nocapture
//! ```
// The serverless list is sunset (deprecated); it still exercises the whole request pipeline.
#![allow(deprecated)]

mod support;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated_client::{Client, Credentials, Error, RetryPolicy};
use peak_alloc::PeakAlloc;
use serde_json::json;
use support::raw_server::{RawRequest, RawServer, Reply};
use support::*;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const DEFAULT_SEED: u64 = 0x7e57_5eed;
const DEFAULT_CALLS: usize = 600;
const DEFAULT_CONCURRENCY: usize = 8;

/// The client under test: small limits, so that faults cost little time and an unbounded read would show.
const CEILING: usize = 256 * 1024;
const TIMEOUT: Duration = Duration::from_millis(300);
const MAX_ATTEMPTS: u32 = 4;
const MAX_ELAPSED: Duration = Duration::from_secs(2);
/// A body over the ceiling is this long: a client that read it whole would hold far more than the heap bound.
const OVERSIZED: u64 = 64 << 20;
/// The heap of the whole run stays under this, with up to 16 calls in flight, each allowed one ceiling.
const HEAP_BOUND: usize = 48 << 20;

/// One kind of answer the server gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    GoodPage,
    RateLimited(RetryAfter),
    Unavailable(RetryAfter),
    DigestChallenge { stale: bool },
    ResetBeforeHead,
    ResetMidBody,
    TruncatedJson,
    NotJson,
    HtmlErrorPage,
    WrongContentType,
    ApiError404,
    OverCeiling { declared: bool },
    HugeErrorBody,
    SlowBody,
}

/// The `Retry-After` a 429 or 503 carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RetryAfter {
    Absent,
    Zero,
    OneSecond,
    U64Max,
    BeyondU64,
    FarFutureDate,
    PastDate,
    Garbage,
}

impl RetryAfter {
    const ALL: [RetryAfter; 8] = [
        RetryAfter::Absent,
        RetryAfter::Zero,
        RetryAfter::OneSecond,
        RetryAfter::U64Max,
        RetryAfter::BeyondU64,
        RetryAfter::FarFutureDate,
        RetryAfter::PastDate,
        RetryAfter::Garbage,
    ];

    fn header(self) -> Option<&'static str> {
        match self {
            RetryAfter::Absent => None,
            RetryAfter::Zero => Some("0"),
            RetryAfter::OneSecond => Some("1"),
            RetryAfter::U64Max => Some("18446744073709551615"),
            RetryAfter::BeyondU64 => Some("340282366920938463463374607431768211456"),
            RetryAfter::FarFutureDate => Some("Fri, 31 Dec 9999 23:59:59 GMT"),
            RetryAfter::PastDate => Some("Thu, 01 Jan 1970 00:00:00 GMT"),
            RetryAfter::Garbage => Some("soon-ish"),
        }
    }
}

impl Fault {
    /// The fault for the `nth` request (from 0) of call `call`: the same for every run with the same seed, however
    /// the calls interleave.
    fn draw(seed: u64, call: u32, nth: u32) -> Fault {
        let mut rng =
            fastrand::Rng::with_seed(seed ^ u64::from(call).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(nth) << 48);
        let retry_after = RetryAfter::ALL[rng.usize(..RetryAfter::ALL.len())];
        // A one-second Retry-After is real waiting: kept rare so that the short run stays short.
        let retry_after = if retry_after == RetryAfter::OneSecond && rng.u8(..4) != 0 {
            RetryAfter::Zero
        } else {
            retry_after
        };
        match rng.u32(..100) {
            0..40 => Fault::GoodPage,
            40..48 => Fault::RateLimited(retry_after),
            48..53 => Fault::Unavailable(retry_after),
            53..60 => Fault::DigestChallenge { stale: rng.bool() },
            60..64 => Fault::ResetBeforeHead,
            64..68 => Fault::ResetMidBody,
            68..71 => Fault::TruncatedJson,
            71..74 => Fault::NotJson,
            74..77 => Fault::HtmlErrorPage,
            77..81 => Fault::WrongContentType,
            81..85 => Fault::ApiError404,
            85..90 => Fault::OverCeiling { declared: rng.bool() },
            90..94 => Fault::HugeErrorBody,
            _ => Fault::SlowBody,
        }
    }

    fn reply(self) -> Reply {
        let page = serde_json::to_vec(&page_body(1, 500, 3, true)).unwrap();
        let status_with_retry_after = |status: u16, retry_after: RetryAfter| {
            let reply = Reply::json(
                status,
                &json!({"error": status, "errorCode": "RATE_LIMITED", "detail": "soak"}),
            );
            match retry_after.header() {
                Some(value) => reply.with_header("retry-after", value),
                None => reply,
            }
        };
        let raw = |status: u16, content_type: &str, body: &[u8]| Reply::Full {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.to_vec(),
        };
        match self {
            Fault::GoodPage => raw(200, "application/json", &page),
            Fault::RateLimited(retry_after) => status_with_retry_after(429, retry_after),
            Fault::Unavailable(retry_after) => status_with_retry_after(503, retry_after),
            Fault::DigestChallenge { stale } => raw(401, "application/json", b"{}").with_header(
                "www-authenticate",
                &format!(
                    r#"Digest realm="MMS Public API", nonce="n{}", algorithm=MD5, qop="auth", stale={stale}"#,
                    fastrand::u32(..)
                ),
            ),
            Fault::ResetBeforeHead => Reply::ResetBeforeHead,
            Fault::ResetMidBody => Reply::ResetMidBody {
                status: 200,
                sent: page[..page.len() / 2].to_vec(),
                declared: page.len(),
            },
            Fault::TruncatedJson => raw(200, "application/json", &page[..page.len() / 3]),
            Fault::NotJson => raw(200, "application/json", b"<html>maintenance</html>"),
            Fault::HtmlErrorPage => raw(502, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
            Fault::WrongContentType => raw(200, "text/plain", &page),
            Fault::ApiError404 => Reply::json(
                404,
                &json!({"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "no group", "parameters": []}),
            ),
            Fault::OverCeiling { declared } => Reply::Huge {
                status: 200,
                start: b"{\"results\":[".to_vec(),
                fill: b' ',
                len: OVERSIZED,
                declare_length: declared,
            },
            Fault::HugeErrorBody => Reply::Huge {
                status: 500,
                start: b"{\"detail\":\"".to_vec(),
                fill: b'x',
                len: OVERSIZED,
                declare_length: false,
            },
            Fault::SlowBody => Reply::Trickle {
                status: 200,
                body: page[..200.min(page.len())].to_vec(),
                every: Duration::from_millis(20),
            },
        }
    }
}

/// How a call ended, for the table.
fn outcome(
    result: &Result<generated_client::Page<generated_client::types::PaginatedServerlessRestoreJobs>, Error>,
) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(e @ Error::Transport(_)) if e.is_timeout() => "transport: timeout".into(),
        Err(Error::Transport(_)) => "transport: other".into(),
        Err(Error::Api { status, .. }) => format!("api: {}", status.as_u16()),
        Err(Error::Decode { .. }) => "decode".into(),
        Err(Error::BodyTooLarge { .. }) => "body too large".into(),
        Err(other) => format!("other: {other}"),
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_fault_soak_keeps_every_invariant() {
    let seed: u64 = env_or("SOAK_SEED", DEFAULT_SEED);
    let calls: usize = env_or("SOAK_CALLS", DEFAULT_CALLS);
    let concurrency: usize = env_or("SOAK_CONCURRENCY", DEFAULT_CONCURRENCY).clamp(1, 16);

    let requests_per_call: Arc<Mutex<HashMap<u32, u32>>> = Arc::default();
    let faults: Arc<Mutex<BTreeMap<Fault, u64>>> = Arc::default();
    let (counts, injected) = (requests_per_call.clone(), faults.clone());
    let server = RawServer::start(move |request: &RawRequest| {
        let call: u32 = request.query("pageNum").and_then(|n| n.parse().ok()).unwrap_or(0);
        let nth = {
            let mut counts = counts.lock().unwrap();
            let n = counts.entry(call).or_insert(0);
            *n += 1;
            *n - 1
        };
        let fault = Fault::draw(seed, call, nth);
        *injected.lock().unwrap().entry(fault).or_insert(0) += 1;
        fault.reply()
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .credentials(Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY))
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .max_response_body(CEILING)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(MAX_ATTEMPTS)
                .max_elapsed(MAX_ELAPSED)
                .base_delay(Duration::from_millis(5))
                .max_delay(Duration::from_millis(50)),
        )
        .build()
        .unwrap();

    // A call starts no attempt after MAX_ELAPSED, and an attempt is at most two requests of TIMEOUT each.
    let call_bound = MAX_ELAPSED + 2 * TIMEOUT + Duration::from_secs(1);
    HEAP.reset_peak_usage();
    let run_started = Instant::now();
    let results: Vec<(u32, Duration, String)> = tokio::time::timeout(
        Duration::from_secs(600),
        futures_util::stream::iter(1..=calls as u32)
            .map(|call| {
                let client = client.clone();
                let task = tokio::spawn(async move {
                    let started = Instant::now();
                    let result = client.restore_jobs(GROUP, INSTANCE).page(call).await;
                    (started.elapsed(), outcome(&result))
                });
                async move {
                    let (elapsed, outcome) = task.await.unwrap_or_else(|e| panic!("call {call} panicked: {e}"));
                    (call, elapsed, outcome)
                }
            })
            .buffer_unordered(concurrency)
            .collect(),
    )
    .await
    .expect("the soak ends by itself");
    let run_time = run_started.elapsed();
    let peak_heap = HEAP.peak_usage();

    let counts = requests_per_call.lock().unwrap().clone();
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    let mut slowest = Duration::ZERO;
    let mut most_requests = 0;
    for (call, elapsed, outcome) in &results {
        assert!(
            !outcome.starts_with("other"),
            "call {call} ended in an unexpected error: {outcome}"
        );
        assert!(
            *elapsed <= call_bound,
            "call {call} took {elapsed:?}, over its bound {call_bound:?}"
        );
        let requests = counts.get(call).copied().unwrap_or(0);
        assert!(requests >= 1, "call {call} sent nothing");
        assert!(requests <= 2 * MAX_ATTEMPTS, "call {call} sent {requests} requests");
        *outcomes.entry(outcome.clone()).or_insert(0) += 1;
        slowest = slowest.max(*elapsed);
        most_requests = most_requests.max(requests);
    }
    assert_eq!(results.len(), calls);
    assert!(peak_heap < HEAP_BOUND, "peak heap {peak_heap} bytes");
    assert!(
        outcomes.get("ok").copied().unwrap_or(0) > 0,
        "some calls succeed: {outcomes:?}"
    );

    let faults = faults.lock().unwrap().clone();
    print_table(
        seed,
        calls,
        concurrency,
        run_time,
        &faults,
        &outcomes,
        (server.requests(), most_requests, slowest, peak_heap),
    );
}

fn print_table(
    seed: u64,
    calls: usize,
    concurrency: usize,
    run_time: Duration,
    faults: &BTreeMap<Fault, u64>,
    outcomes: &BTreeMap<String, u64>,
    (requests, most_requests, slowest, peak_heap): (u64, u32, Duration, usize),
) {
    println!("\nfault soak: seed {seed:#x}, {calls} calls, {concurrency} at a time, {run_time:.1?}");
    println!(
        "requests: {requests} ({:.2} per call, at most {most_requests}; bound {})",
        requests as f64 / calls as f64,
        2 * MAX_ATTEMPTS
    );
    println!(
        "slowest call: {slowest:.2?}; peak heap: {:.1} MiB (bound {} MiB)\n",
        peak_heap as f64 / 1048576.0,
        HEAP_BOUND >> 20
    );
    println!("| fault injected | requests |\n|---|---|");
    for (fault, count) in faults {
        println!("| {fault:?} | {count} |");
    }
    println!("\n| outcome | calls |\n|---|---|");
    for (outcome, count) in outcomes {
        println!("| {outcome} | {count} |");
    }
}
