//! Breakage apart from policy: a policy finding (a deprecation without a sunset, a sunset too soon) does not make
//! the verdict breaking; `--fail-on policy` includes it. And where the client generated from the base cannot read
//! the head's answers, the finding is breaking whatever oasdiff's level, with the reason.

mod support;

use std::path::Path;
use std::process::Command;

fn review(base: &Path, head: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg("--repo")
        .arg(base.parent().unwrap())
        .args(args)
        .arg(base)
        .arg(head)
        .output()
        .unwrap();
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    (output.status.code(), String::from_utf8(output.stdout).unwrap())
}

fn case(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff-cases")
        .join(name);
    (dir.join("base.yaml"), dir.join("head.yaml"))
}

#[test]
fn a_policy_finding_is_counted_apart_and_fails_only_fail_on_policy() {
    let (base, head) = case("api-deprecated-sunset-missing");
    let (code, text) = review(&base, &head, &["--fail-on", "breaking"]);
    assert_eq!(code, Some(0), "no client breaks: {text}");
    assert!(
        text.contains("API: 0 breaking, 0 warning, 0 info; policy: 1 breaking, 0 warning, 1 info;"),
        "{text}"
    );
    assert!(
        text.contains("breaking (policy) [api-deprecated-sunset-missing]"),
        "{text}"
    );
    let (code, _) = review(&base, &head, &["--fail-on", "policy"]);
    assert_eq!(code, Some(1));
    let (_, json) = review(&base, &head, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["format_version"], 2);
    assert_eq!(report["counts"]["breaking"], 0);
    assert_eq!(report["counts"]["policy_breaking"], 1);
    assert_ne!(report["verdict"], "breaking");
    // oasdiff's id and default level stay.
    let finding = support::finding(&report, "api-deprecated-sunset-missing");
    assert_eq!(finding["level"], "breaking");
}

/// The two changes oasdiff calls "specialized" that break the client generated from the base.
#[test]
fn a_response_format_its_decoder_rejects_and_a_media_type_it_no_longer_gets_are_breaking() {
    let (base, _) = case("response-property-enum-value-added");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&base).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let base = write("base.yaml", &text);
    assert!(text.contains("format: date-time"));
    let date = write("date.yaml", &text.replace("format: date-time", "format: date"));
    let media = write(
        "media.yaml",
        &text.replace("application/json:", "application/vnd.atlas.2024-11-13+json:"),
    );

    let (code, json) = review(&base, &date, &["--format", "json", "--fail-on", "breaking"]);
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let finding = &report["api_changes"][0];
    assert_eq!(
        finding["rule"], "response-property-type-specialized",
        "oasdiff's id stays"
    );
    assert_eq!(finding["level"], "breaking");
    assert!(
        finding["client_break"]
            .as_str()
            .unwrap()
            .contains("decodes `date-time` as `chrono::DateTime<Utc>`"),
        "{finding}"
    );

    let (code, text) = review(&base, &media, &["--fail-on", "breaking"]);
    assert_eq!(code, Some(1));
    assert!(
        text.contains(
            "breaking [response-media-type-name-specialized] response 200: media type `application/json` became"
        ),
        "{text}"
    );
    assert!(
        text.contains("client: the client generated from the base sends `Accept: application/json`"),
        "{text}"
    );
    // An error response's media type is no `Accept` the client sends: it stays oasdiff's info.
    assert!(
        text.contains("info     [response-media-type-name-specialized] response 404"),
        "{text}"
    );
}
