//! Shared pieces of the loopback tests: a client pointed at a mock server, page bodies, and an Atlas-like
//! Digest server that checks each answer with its own MD5 computation.
#![allow(dead_code)]

pub mod examples;
pub mod logs;
pub mod raw_server;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use generated_client::{Client, Credentials, RetryPolicy};
use md5::{Digest, Md5};
use serde_json::{Value, json};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The spec the crate is generated from.
pub const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/atlas-restore-jobs.yaml");

/// The spec as JSON, read as codegen reads it (`xtask/src/yaml.rs`: YAML 1.2 booleans, `017` a string, a key
/// given twice an error), so that what the tests compare with is what the crate was generated from.
pub fn spec() -> Value {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let text = std::fs::read_to_string(SPEC).expect("read the spec");
    serde_saphyr::from_str_with_options(&text, options).expect("the spec is YAML")
}

pub const GROUP: &str = "32b6e34b3d91647abb20e7b8";
pub const INSTANCE: &str = "my-instance";
pub const API_PATH: &str = "/api/atlas/v1.0/groups/32b6e34b3d91647abb20e7b8/serverless/my-instance/backup/restoreJobs";
pub const PUBLIC_KEY: &str = "abcdefgh";
pub const PRIVATE_KEY: &str = "d2b0a2f4-private-key-9c1e-5f7a1b3c4d5e";

/// Retries without real waiting: tests stay fast, and the policy logic is unit-tested in `retry.rs`.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

pub fn client_for(server: &MockServer, credentials: Credentials) -> Client {
    client_for_url(&server.uri(), credentials)
}

/// A client of the server at `base_url` (an httpmock server's `base_url()`).
pub fn client_for_url(base_url: &str, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .retry_policy(fast_retries())
        .build()
        .expect("a valid configuration")
}

pub fn job(id: usize) -> Value {
    json!({
        "id": format!("{id:024x}"),
        "cancelled": false,
        "deliveryType": "automated",
        "expired": false,
        "expiresAt": "2021-04-20T00:00:00Z",
        "failed": false,
        "snapshotId": format!("{:024x}", id + 1_000_000),
        "targetClusterName": "target",
        "targetGroupId": GROUP,
        "timestamp": "2020-12-21T00:00:00Z"
    })
}

/// Page `page_num` (from 1) of `total` jobs, `per_page` at a time, with Atlas' links.
pub fn page_body(page_num: usize, per_page: usize, total: usize, include_count: bool) -> Value {
    let start = (page_num - 1) * per_page;
    let end = (start + per_page).min(total);
    let results: Vec<Value> = (start..end.max(start)).map(job).collect();
    let mut links = vec![json!({"rel": "self", "href": format!("http://x{API_PATH}?pageNum={page_num}")})];
    if end < total {
        links.push(json!({"rel": "next", "href": format!("http://x{API_PATH}?pageNum={}", page_num + 1)}));
    }
    let mut body = json!({"links": links, "results": results});
    if include_count {
        body["totalCount"] = json!(total);
    }
    body
}

pub fn query_param(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn md5_hex(input: &str) -> String {
    Md5::digest(input.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `key=value` / `key="value"` pairs of a Digest `Authorization` header.
pub fn digest_params(header: &str) -> Vec<(String, String)> {
    let rest = header.strip_prefix("Digest ").unwrap_or(header);
    let mut params = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            return params;
        }
        let value: String = if chars.peek() == Some(&'"') {
            chars.next();
            chars.by_ref().take_while(|c| *c != '"').collect()
        } else {
            chars.by_ref().take_while(|c| *c != ',').collect()
        };
        params.push((key.trim().to_owned(), value));
    }
}

/// An Atlas-like Digest endpoint: 401 with a challenge for a missing, wrong or stale answer, else `ok_body`.
/// It checks every answer with its own MD5 computation over the path *with* the query string.
pub struct DigestServer {
    pub nonce: Mutex<String>,
    pub nonces_issued: AtomicUsize,
    pub password: String,
    pub ok_body: Value,
    /// The body of a challenge: Atlas sends JSON, proxies HTML, some nothing.
    pub challenge_body: (&'static str, &'static str),
    pub seen_nc: Mutex<Vec<(String, u32)>>,
}

impl DigestServer {
    pub fn new(password: &str, ok_body: Value) -> Self {
        DigestServer {
            nonce: Mutex::new("nonce-1".into()),
            nonces_issued: AtomicUsize::new(1),
            password: password.into(),
            ok_body,
            challenge_body: (
                r#"{"detail":"You are not authorized for this resource.","error":401,"errorCode":"NOT_ORG_GROUP_CREATOR","parameters":[],"reason":"Unauthorized"}"#,
                "application/json",
            ),
            seen_nc: Mutex::new(Vec::new()),
        }
    }

    /// Start a new nonce, as a server does when the old one expires.
    pub fn rotate_nonce(&self) {
        let n = self.nonces_issued.fetch_add(1, Ordering::SeqCst) + 1;
        *self.nonce.lock().unwrap() = format!("nonce-{n}");
    }

    pub fn challenge(&self, stale: bool) -> ResponseTemplate {
        let nonce = self.nonce.lock().unwrap().clone();
        let header = format!(
            r#"Digest realm="MMS Public API", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale={stale}"#
        );
        ResponseTemplate::new(401)
            .insert_header("www-authenticate", header.as_str())
            .set_body_raw(self.challenge_body.0, self.challenge_body.1)
    }

    /// `Ok` for a right answer to the current nonce; `Err(true)` for a right answer to an old one (stale).
    pub fn verify(&self, request: &Request, header: &str) -> Result<(), bool> {
        let params = digest_params(header);
        let get = |k: &str| {
            params
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let uri = match request.url.query() {
            Some(q) => format!("{}?{q}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        if get("uri") != uri || get("username") != PUBLIC_KEY || get("qop") != "auth" {
            return Err(false);
        }
        let ha1 = md5_hex(&format!("{PUBLIC_KEY}:MMS Public API:{}", self.password));
        let ha2 = md5_hex(&format!("{}:{uri}", request.method));
        let expected = md5_hex(&format!(
            "{ha1}:{}:{}:{}:auth:{ha2}",
            get("nonce"),
            get("nc"),
            get("cnonce")
        ));
        if get("response") != expected {
            return Err(false);
        }
        if get("nonce") != *self.nonce.lock().unwrap() {
            return Err(true); // a correct answer to an old nonce: stale
        }
        let nc = u32::from_str_radix(&get("nc"), 16).unwrap_or(0);
        let mut seen = self.seen_nc.lock().unwrap();
        if seen.iter().any(|(nonce, old)| *nonce == get("nonce") && *old >= nc) {
            return Err(false); // a replayed nonce count
        }
        seen.push((get("nonce"), nc));
        Ok(())
    }
}

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.respond_to(request)
    }
}

impl DigestServer {
    /// Answer as Atlas would. A fresh `DigestServer` per request still works: its nonce is always `nonce-1`.
    pub fn respond_to(&self, request: &Request) -> ResponseTemplate {
        let Some(header) = request.headers.get("authorization").and_then(|h| h.to_str().ok()) else {
            return self.challenge(false);
        };
        match self.verify(request, header) {
            Ok(()) => ResponseTemplate::new(200).set_body_json(&self.ok_body),
            Err(stale) => self.challenge(stale),
        }
    }
}
