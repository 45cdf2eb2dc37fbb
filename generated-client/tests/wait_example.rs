//! `create-restore-job --wait` against a loopback Atlas behind Digest: each status change on stderr as it
//! happens, the final job on stdout, exit 0 for COMPLETED and 1 for FAILED or a timeout — through a 429.

mod support;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::examples::run_example;
use support::*;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";
const JOB_ID: &str = "6650c0e1a4b2c3d4e5f60718";

/// What a poll of the job answers: a status, or a refusal with `Retry-After`.
#[derive(Clone, Copy)]
enum Answer {
    Status(&'static str),
    RateLimited { retry_after: u32 },
}

/// An Atlas that checks Digest answers, creates job `JOB_ID` on POST and answers its polls from `script` (the last
/// answer repeats). Returns the server and the statuses of the answers it sent, in order.
async fn atlas(script: Vec<Answer>) -> (MockServer, Arc<Mutex<Vec<u16>>>) {
    let server = MockServer::start().await;
    let digest = DigestServer::new(PRIVATE_KEY, Value::Null);
    let script = Mutex::new(VecDeque::from(script));
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    let job = |status: &str| {
        json!({"id": JOB_ID, "snapshotId": "6650bf2aa4b2c3d4e5f60701", "status": status,
                                     "targetDeploymentItemName": "my-flex-restored"})
    };
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| {
            let (status, reply) = match request.headers.get("authorization").and_then(|h| h.to_str().ok()) {
                None => (401, digest.challenge(false)),
                Some(header) => match digest.verify(request, header) {
                    Err(stale) => (401, digest.challenge(stale)),
                    Ok(()) if request.method.as_str() == "POST" => (
                        200,
                        ResponseTemplate::new(200).set_body_raw(job("QUEUED").to_string(), MEDIA),
                    ),
                    Ok(()) => {
                        assert!(request.url.path().ends_with(JOB_ID), "{}", request.url);
                        let mut script = script.lock().unwrap();
                        let answer = if script.len() > 1 {
                            script.pop_front().unwrap()
                        } else {
                            script[0]
                        };
                        match answer {
                            Answer::Status(status) => (
                                200,
                                ResponseTemplate::new(200).set_body_raw(job(status).to_string(), MEDIA),
                            ),
                            Answer::RateLimited { retry_after } => (
                                429,
                                ResponseTemplate::new(429)
                                    .insert_header("retry-after", retry_after.to_string().as_str())
                                    .set_body_json(
                                        json!({"error": 429, "errorCode": "RATE_LIMITED", "detail": "slow down"}),
                                    ),
                            ),
                        }
                    }
                },
            };
            log.lock().unwrap().push(status);
            reply
        })
        .mount(&server)
        .await;
    (server, sent)
}

async fn create_and_wait(server: &MockServer, extra: &[&str]) -> std::process::Output {
    let uri = server.uri();
    let env = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC_KEY),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE_KEY),
        ("MONGODB_ATLAS_BASE_URL", uri.as_str()),
    ];
    let mut args = vec![
        "--group-id",
        GROUP,
        "--flex-cluster",
        "my-flex",
        "--snapshot-id",
        "6650bf2aa4b2c3d4e5f60701",
        "--target",
        "my-flex-restored",
        "--wait",
        "--poll-interval",
        "0.02",
    ];
    args.extend_from_slice(extra);
    run_example("create-restore-job", &args, &env).await
}

/// The statuses stderr reported, in order, from lines like `[    0.1s] RUNNING`.
fn reported(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with('[') && line.contains("s] "))
        .filter_map(|line| line.rsplit("s] ").next())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn follows_a_job_to_completed_through_a_429() {
    let script = vec![
        Answer::Status("QUEUED"),
        Answer::RateLimited { retry_after: 1 },
        Answer::Status("RUNNING"),
        Answer::Status("RUNNING"),
        Answer::Status("COMPLETED"),
    ];
    let (server, sent) = atlas(script).await;
    let output = create_and_wait(&server, &["--json"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(reported(&stderr), ["QUEUED", "RUNNING", "COMPLETED"], "{stderr}");
    let job: Value = serde_json::from_slice(&output.stdout).expect("the final job as JSON on stdout");
    assert_eq!(job["status"], "COMPLETED");
    assert_eq!(job["id"], JOB_ID);
    let sent = sent.lock().unwrap().clone();
    assert!(sent.contains(&429), "the 429 was answered: {sent:?}");
    assert_eq!(
        sent.iter().filter(|s| **s == 401).count(),
        1,
        "one challenge for the whole run: {sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_job_exits_non_zero_with_the_reason_and_the_job() {
    let (server, _) = atlas(vec![Answer::Status("RUNNING"), Answer::Status("FAILED")]).await;
    let output = create_and_wait(&server, &[]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(reported(&stderr), ["RUNNING", "FAILED"], "{stderr}");
    assert!(
        stderr.contains(&format!("error: restore job {JOB_ID} failed")),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("restore job {JOB_ID} failed")), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_that_outlasts_the_timeout_exits_non_zero_naming_its_last_status() {
    let (server, _) = atlas(vec![Answer::Status("RUNNING")]).await;
    let output = create_and_wait(&server, &["--timeout", "0.3"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("gave up waiting for the restore job after"), "{stderr}");
    assert!(stderr.contains("its last status was RUNNING"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "no final job: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_interval_is_refused_by_the_argument_parser() {
    let (server, sent) = atlas(vec![Answer::Status("COMPLETED")]).await;
    let output = create_and_wait(&server, &["--timeout=-1"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`-1` is not between 0 and 31536000 seconds"),
        "{stderr}"
    );
    assert!(sent.lock().unwrap().is_empty(), "nothing was sent");
}
