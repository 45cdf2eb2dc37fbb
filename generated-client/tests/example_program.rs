//! The `list-restore-jobs` example against a loopback Atlas: table, JSON, every page, readable errors.

mod support;

use std::process::Output;

use std::sync::Arc;

use serde_json::{Value, json};
use support::examples::run_example;
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_example("list-restore-jobs", args, env).await
}

async fn atlas_with(total: usize) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(move |request: &Request| {
            let page: usize = query_param(request, "pageNum").unwrap().parse().unwrap();
            let per_page: usize = query_param(request, "itemsPerPage").unwrap().parse().unwrap();
            DigestServer::new(PRIVATE_KEY, page_body(page, per_page, total, true)).respond_to(request)
        })
        .mount(&server)
        .await;
    server
}

fn credentials(server: &MockServer) -> Vec<(&'static str, String)> {
    vec![
        ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC_KEY.to_owned()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE_KEY.to_owned()),
        ("MONGODB_ATLAS_BASE_URL", server.uri()),
    ]
}

fn env_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_of_every_page() {
    let server = atlas_with(7).await;
    let env = credentials(&server);
    let output = run(
        &[
            "--group-id",
            GROUP,
            "--instance",
            INSTANCE,
            "--all",
            "--json",
            "--items-per-page",
            "3",
        ],
        &env_refs(&env),
    )
    .await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let jobs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = jobs.iter().map(|j| j["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..7).map(|i| format!("{i:024x}")).collect();
    assert_eq!(ids, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_table_of_the_first_page() {
    let server = atlas_with(7).await;
    let env = credentials(&server);
    let output = run(
        &["--group-id", GROUP, "--instance", INSTANCE, "--items-per-page", "5"],
        &env_refs(&env),
    )
    .await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let table = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("DELIVERY") && lines[0].contains("STATE"),
        "{table}"
    );
    assert!(
        lines[1].starts_with(&format!("{:024x}", 0)) && lines[1].contains("automated"),
        "{table}"
    );
    assert_eq!(lines.last(), Some(&"5 restore jobs"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_base_url_flag_overrides_the_environment() {
    let server = atlas_with(1).await;
    let mut env = credentials(&server);
    env[2].1 = "http://127.0.0.1:9/".into(); // nothing listens there
    let output = run(
        &["--group-id", GROUP, "--instance", INSTANCE, "--base-url", &server.uri()],
        &env_refs(&env),
    )
    .await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_sentences_with_a_failing_exit_status() {
    let server = atlas_with(1).await;
    let env = credentials(&server);

    let bad_group = run(&["--group-id", "nope", "--instance", INSTANCE], &env_refs(&env)).await;
    assert_eq!(bad_group.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad_group.stderr).trim(),
        "error: invalid request: group id `nope` is not a project id (24 lowercase hexadecimal digits)"
    );

    let no_credentials = run(&["--group-id", GROUP, "--instance", INSTANCE], &[]).await;
    assert_eq!(no_credentials.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&no_credentials.stderr);
    assert!(
        stderr.starts_with("error: invalid configuration: no Atlas credentials"),
        "{stderr}"
    );

    let mut wrong_key = env.clone();
    wrong_key[1].1 = "wrong".into();
    let unauthorized = run(&["--group-id", GROUP, "--instance", INSTANCE], &env_refs(&wrong_key)).await;
    assert_eq!(unauthorized.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unauthorized.stderr);
    assert!(
        stderr.starts_with("error: Atlas answered 401 Unauthorized: NOT_ORG_GROUP_CREATOR"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong") && !stderr.contains(PRIVATE_KEY));
}

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";

fn flex_job(i: usize) -> Value {
    json!({"id": format!("{i:024x}"), "snapshotId": format!("{:024x}", i + 1_000_000), "instanceName": "my-flex",
           "deliveryType": "RESTORE", "status": "COMPLETED", "targetDeploymentItemName": "restored",
           "restoreScheduledDate": "2026-05-24T09:30:00Z"})
}

/// An Atlas v2 that checks Digest answers (one shared nonce) and answers only to the versioned media type:
/// `total` Flex jobs to list and get, and a job for each POST. `first_post` answers the first POST, if given.
async fn flex_atlas(total: usize, first_post: Option<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    let digest = Arc::new(DigestServer::new(PRIVATE_KEY, Value::Null));
    let posts = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| {
            let Some(header) = request.headers.get("authorization").and_then(|h| h.to_str().ok()) else {
                return digest.challenge(false);
            };
            if let Err(stale) = digest.verify(request, header) {
                return digest.challenge(stale);
            }
            if request.headers.get("accept").and_then(|v| v.to_str().ok()) != Some(MEDIA) {
                return ResponseTemplate::new(406);
            }
            let json = |body: Value| ResponseTemplate::new(200).set_body_raw(body.to_string(), MEDIA);
            if request.method.as_str() == "POST" {
                let first = posts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0;
                if let Some(reply) = first_post.as_ref().filter(|_| first) {
                    return reply.clone();
                }
                let body: Value = serde_json::from_slice(&request.body).unwrap();
                let mut job = flex_job(9);
                job["snapshotId"] = body["snapshotId"].clone();
                job["targetDeploymentItemName"] = body["targetDeploymentItemName"].clone();
                job["status"] = json!("PENDING");
                return json(job);
            }
            if let Some(id) = request.url.path().rsplit('/').next().filter(|last| last.len() == 24) {
                return json(flex_job(usize::from_str_radix(id, 16).unwrap()));
            }
            let page: usize = query_param(request, "pageNum").unwrap().parse().unwrap();
            let per_page: usize = query_param(request, "itemsPerPage").unwrap().parse().unwrap();
            let start = ((page - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            json(json!({"results": (start..end).map(flex_job).collect::<Vec<_>>(), "totalCount": total}))
        })
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_777_flex_jobs_in_two_pages_after_one_challenge() {
    let server = flex_atlas(777, None).await;
    let env = credentials(&server);
    let output = run(
        &["--group-id", GROUP, "--flex-cluster", "my-flex", "--all", "--json"],
        &env_refs(&env),
    )
    .await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let jobs: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(jobs.len(), 777);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "one challenge, two pages"
    );

    // A new process starts its nonce count again: a new server, as it would hand out a new nonce.
    let server = flex_atlas(777, None).await;
    let env = credentials(&server);
    let table = run(&["--group-id", GROUP, "--flex-cluster", "my-flex"], &env_refs(&env)).await;
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.lines().next().unwrap().contains("STATUS"), "{text}");
    assert!(text.lines().nth(1).unwrap().contains("COMPLETED"), "{text}");
    assert_eq!(text.lines().last(), Some("500 restore jobs"));
}

#[tokio::test(flavor = "multi_thread")]
async fn shows_one_flex_job_as_a_json_object() {
    let server = flex_atlas(10, None).await;
    let env = credentials(&server);
    let id = format!("{:024x}", 4);
    let output = run(
        &[
            "--group-id",
            GROUP,
            "--flex-cluster",
            "my-flex",
            "--job-id",
            &id,
            "--json",
        ],
        &env_refs(&env),
    )
    .await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let job: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(job["id"], json!(id));
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_a_flex_restore_job() {
    let server = flex_atlas(0, None).await;
    let env = credentials(&server);
    let args = [
        "--group-id",
        GROUP,
        "--flex-cluster",
        "my-flex",
        "--snapshot-id",
        "6650bf2aa4b2c3d4e5f60701",
        "--target",
        "my-flex-restored",
    ];
    let output = run_example("create-restore-job", &args, &env_refs(&env)).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("restore job "), "{text}");
    assert!(
        text.contains("snapshot 6650bf2aa4b2c3d4e5f60701 to my-flex-restored (PENDING)"),
        "{text}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "a challenge, then the answered POST");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_503_is_sent_once_and_fails() {
    let server = flex_atlas(0, Some(ResponseTemplate::new(503).set_body_string("busy"))).await;
    let env = credentials(&server);
    let args = [
        "--group-id",
        GROUP,
        "--flex-cluster",
        "my-flex",
        "--snapshot-id",
        "6650bf2aa4b2c3d4e5f60701",
        "--target",
        "t",
    ];
    let output = run_example("create-restore-job", &args, &env_refs(&env)).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: Atlas answered 503 Service Unavailable: busy"),
        "{stderr}"
    );
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(
        posts, 2,
        "the unauthorised first POST and its answer, which got the 503: not repeated"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sunset_serverless_list_names_its_successor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(410).set_body_json(json!({
            "detail": "This resource is marked for sunset and the sunset date is in the past.",
            "error": 410, "errorCode": "VERSION_GONE", "parameters": [], "reason": "Gone"
        })))
        .mount(&server)
        .await;
    let env = credentials(&server);
    let output = run(&["--group-id", GROUP, "--instance", INSTANCE], &env_refs(&env)).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: Atlas answered 410 Gone: `list_serverless_restore_jobs` is no longer served, it was sunset on \
             2026-01-22; use `list_flex_restore_jobs` instead"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_429_is_sent_again_and_succeeds() {
    let rate_limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_json(json!({"error": 429, "errorCode": "RATE_LIMITED", "parameters": []}));
    let server = flex_atlas(0, Some(rate_limited)).await;
    let env = credentials(&server);
    let args = [
        "--group-id",
        GROUP,
        "--flex-cluster",
        "my-flex",
        "--snapshot-id",
        "6650bf2aa4b2c3d4e5f60701",
        "--target",
        "t",
        "--json",
    ];
    let output = run_example("create-restore-job", &args, &env_refs(&env)).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let job: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(job["status"], json!("PENDING"));
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 3, "challenged, rate limited (not carried out), sent again");
}
