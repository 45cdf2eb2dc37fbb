//! The `list-restore-jobs` example against a loopback Atlas: table, JSON, every page, readable errors.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request};

/// `cargo test` builds the examples next to the test binaries: target/<profile>/examples/.
fn example_binary() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_owned();
    let binary = deps.parent().unwrap().join("examples").join("list-restore-jobs");
    assert!(
        binary.exists(),
        "{} is missing: run through `cargo test`",
        binary.display()
    );
    binary
}

async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example_binary());
    command.args(args).env_clear();
    for (k, v) in env {
        command.env(k, v);
    }
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
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
