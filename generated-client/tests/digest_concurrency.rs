//! Many tasks share one client over HTTP Digest while the server's nonce expires under them: every call succeeds,
//! no nonce count is ever sent twice for one nonce (RFC 7616 §3.4: a repeated `nc` is a replay, and servers may
//! refuse it), each nonce's counts are exactly 1, 2, 3… with none skipped, and the requests stay within the pages
//! plus the challenges the rotations force. Bounded: 40 tasks × 13 pages, a few seconds at most.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use generated_client::Credentials;
use serde_json::{Value, json};
use support::*;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";
const TASKS: usize = 40;
const JOBS: usize = 1_234;
const PER_PAGE: usize = 100;
/// The server starts a new nonce after this many accepted requests: the old one expires mid-run, as Atlas' do.
const NONCE_LIFETIME: usize = 100;

/// What the server saw; checked after the run.
#[derive(Default)]
struct Seen {
    nonce: u32,
    accepted_with_nonce: usize,
    /// Every `nc` received per nonce, in arrival order, duplicates included.
    counts: BTreeMap<u32, Vec<u32>>,
    requests: usize,
    challenges: usize,
    stale: usize,
    pages: usize,
}

fn nonce_text(n: u32) -> String {
    format!("nonce-{n}")
}

fn challenge(nonce: u32, stale: bool) -> ResponseTemplate {
    let header = format!(
        r#"Digest realm="MMS Public API", nonce="{}", algorithm=MD5, qop="auth", stale={stale}"#,
        nonce_text(nonce)
    );
    ResponseTemplate::new(401).insert_header("www-authenticate", header.as_str())
}

fn page(request: &Request) -> Value {
    let page: usize = query_param(request, "pageNum").unwrap().parse().unwrap();
    let start = ((page - 1) * PER_PAGE).min(JOBS);
    let end = (start + PER_PAGE).min(JOBS);
    let results: Vec<Value> = (start..end).map(|i| json!({"id": format!("{i:024x}")})).collect();
    json!({"results": results, "totalCount": JOBS, "links": [{"rel": "self", "href": "http://x"}]})
}

/// Answer one request: check the Digest answer (the right password, the current nonce, an `nc` never seen for
/// that nonce), then serve the page.
fn respond(seen: &Mutex<Seen>, request: &Request) -> ResponseTemplate {
    let mut seen = seen.lock().unwrap();
    seen.requests += 1;
    let current = seen.nonce;
    let Some(header) = request.headers.get("authorization").and_then(|h| h.to_str().ok()) else {
        seen.challenges += 1;
        return challenge(current, false);
    };
    let params = digest_params(header);
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let nonce: u32 = get("nonce").trim_start_matches("nonce-").parse().unwrap();
    let nc = u32::from_str_radix(&get("nc"), 16).unwrap();
    let sent = seen.counts.entry(nonce).or_default();
    let replay = sent.contains(&nc);
    sent.push(nc);
    let digest = DigestServer::new(PRIVATE_KEY, Value::Null);
    *digest.nonce.lock().unwrap() = nonce_text(nonce);
    if replay || digest.verify(request, header).is_err() {
        seen.challenges += 1;
        return challenge(current, false);
    }
    if nonce != current {
        seen.challenges += 1;
        seen.stale += 1;
        return challenge(current, true);
    }
    seen.accepted_with_nonce += 1;
    if seen.accepted_with_nonce == NONCE_LIFETIME {
        seen.nonce += 1;
        seen.accepted_with_nonce = 0;
    }
    seen.pages += 1;
    ResponseTemplate::new(200).set_body_raw(page(request).to_string(), MEDIA)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_tasks_share_one_digest_client_while_the_nonce_expires() {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Seen {
        nonce: 1,
        ..Seen::default()
    }));
    let state = seen.clone();
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| respond(&state, request))
        .mount(&server)
        .await;
    let client = client_for(&server, Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY));

    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let listing = client
                    .flex_restore_jobs(GROUP, "my-flex")
                    .items_per_page(PER_PAGE as u32);
                listing.jobs().try_collect::<Vec<_>>().await
            })
        })
        .collect();
    for task in tasks {
        let jobs = task.await.unwrap().expect("every call of every task succeeds");
        assert_eq!(jobs.len(), JOBS);
    }

    let seen = seen.lock().unwrap();
    let pages = TASKS * JOBS.div_ceil(PER_PAGE);
    assert_eq!(seen.pages, pages, "each page served once");
    let nonces = seen.nonce as usize;
    assert!(nonces >= 4, "the nonce expired several times during the run: {nonces}");
    for (nonce, counts) in &seen.counts {
        let unique: BTreeSet<u32> = counts.iter().copied().collect();
        assert_eq!(
            unique.len(),
            counts.len(),
            "nonce {nonce}: an nc was sent twice: {counts:?}"
        );
        let expected: BTreeSet<u32> = (1..=counts.len() as u32).collect();
        assert_eq!(
            unique, expected,
            "nonce {nonce}: the counts are 1, 2, 3… with none skipped"
        );
    }
    // Every task's first request finds no challenge yet; after each rotation, a request already on its way with
    // the old nonce is answered `stale` once. Nothing else costs a request.
    let bound = pages + TASKS * (nonces + 1);
    assert!(
        seen.requests <= bound,
        "{} requests for {pages} pages: more than {bound}",
        seen.requests
    );
    eprintln!(
        "{TASKS} tasks, {pages} pages, {nonces} nonces: {} requests ({} challenges, {} of them stale)",
        seen.requests, seen.challenges, seen.stale
    );
}
