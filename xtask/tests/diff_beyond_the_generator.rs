//! `cargo xtask diff` compares any valid OpenAPI 3.0 document: what only the code generator refuses (here, error
//! responses with two different schemas, as in MongoDB's published spec) skips the Rust part, saying for which
//! side and why, and every API finding is still reported.

use std::path::Path;
use std::process::Command;

fn minimal() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal-valid.yaml")).unwrap()
}

/// The minimal spec with a 400 whose schema includes itself through allOf: a valid document the generator cannot
/// take (typify would never finish merging it), whatever the preparation.
fn with_schema_the_generator_refuses(spec: &str) -> String {
    let marker = "        \"404\":\n";
    let schemas = "components:\n  schemas:\n";
    assert!(spec.contains(marker) && spec.contains(schemas));
    spec.replacen(
        marker,
        "        \"400\":\n          description: Bad input.\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Loop\"\n        \"404\":\n",
        1,
    )
    .replacen(
        schemas,
        "components:\n  schemas:\n    Loop:\n      allOf:\n        - $ref: \"#/components/schemas/Loop\"\n",
        1,
    )
}

fn diff(base: &str, head: &str, format: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (base_file, head_file) = (dir.path().join("base.yaml"), dir.path().join("head.yaml"));
    std::fs::write(&base_file, base).unwrap();
    std::fs::write(&head_file, head).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--format", format, "--fail-on", "breaking"])
        .arg(&base_file)
        .arg(&head_file)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_head_the_generator_refuses_still_gets_every_api_finding() {
    let base = minimal();
    let head = with_schema_the_generator_refuses(&base);
    let (code, text, stderr) = diff(&base, &head, "text");
    assert_eq!(code, Some(0), "compared, nothing breaking: {stderr}");
    assert!(
        text.contains("  GET /things/{thingId} — 1 info\n    info     [response-non-success-status-added]"),
        "{text}"
    );
    assert!(text.contains("Rust API: not compared"), "{text}");
    assert!(
        text.contains("skipped, the generator cannot take the head: ")
            && text.contains("at /components/schemas/Loop/allOf")
            && text.contains("includes itself through allOf"),
        "{text}"
    );

    let (_, json, _) = diff(&base, &head, "json");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["semver"], "unknown");
    assert!(
        report["rust_skipped"].as_str().unwrap().starts_with("head: "),
        "{report}"
    );
    assert_eq!(report["api_changes"][0]["rule"], "response-non-success-status-added");
}

#[test]
fn a_base_the_generator_refuses_is_named_as_the_base() {
    let head = minimal();
    let base = with_schema_the_generator_refuses(&head);
    let (code, markdown, _) = diff(&base, &head, "markdown");
    assert_eq!(code, Some(0));
    assert!(markdown.contains("Skipped: base: "), "{markdown}");
    assert!(markdown.contains("response-non-success-status-removed"), "{markdown}");
}

#[test]
fn a_document_that_is_not_valid_openapi_is_still_refused_naming_the_side() {
    let base = minimal();
    let head = base.replace("description: The thing.\n", "");
    let (code, _, stderr) = diff(&base, &head, "text");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot compare the specs: head: "),
        "{stderr}"
    );
}

#[test]
fn documents_without_operation_ids_are_compared_by_method_and_path() {
    let base = minimal().replace("      operationId: getThing\n", "");
    let head = base.replacen(
        "          in: query\n",
        "          in: query\n          required: true\n",
        1,
    );
    assert_ne!(base, head);
    let (code, stdout, stderr) = diff(&base, &head, "json");
    assert_eq!(code, Some(1), "breaking, and compared: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let finding = &report["api_changes"][0];
    assert_eq!(finding["rule"], "request-parameter-became-required");
    assert_eq!(finding["operation"], "GET /things/{thingId}");
    assert!(finding["operation_id"].is_null());
    let skipped = report["rust_skipped"].as_str().unwrap();
    assert!(
        skipped.starts_with("base: ") && skipped.contains("has no operationId"),
        "{skipped}"
    );
}

#[test]
fn with_partial_an_operation_the_generator_refuses_is_left_out_and_listed_not_the_whole_comparison() {
    let base = minimal();
    let head = with_schema_the_generator_refuses(&base);
    let dir = tempfile::tempdir().unwrap();
    let (base_file, head_file) = (dir.path().join("base.yaml"), dir.path().join("head.yaml"));
    std::fs::write(&base_file, &base).unwrap();
    std::fs::write(&head_file, &head).unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["diff", "--partial", "--format", format])
            .arg(&base_file)
            .arg(&head_file)
            .output()
            .unwrap()
    };
    let json = run("json");
    assert_eq!(json.status.code(), Some(0), "{}", String::from_utf8_lossy(&json.stderr));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(report.get("rust_skipped").is_none(), "{report}");
    let left_out = report["rust_left_out"]
        .as_array()
        .expect("the left-out operations are listed");
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    let line = left_out[0].as_str().unwrap();
    assert!(
        line.starts_with("head: GET /things/{thingId} (getThing): ") && line.contains("includes itself through allOf"),
        "{line}"
    );
    // Left out of the head's crate, the operation's items are gone from the Rust API: that is what regenerating
    // the crate from the head would do, and the report says so next to why.
    assert_eq!(report["semver"], "major");
    assert!(
        report["rust_changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["item"] == "Client::get_thing"),
        "{report}"
    );
    let text = String::from_utf8(run("text").stdout).unwrap();
    assert!(
        text.contains("Left out of the generated code, so of the Rust comparison:\n  head: GET /things/{thingId}"),
        "{text}"
    );
}

#[test]
fn both_sides_are_generated_at_the_api_version_asked_for() {
    let head = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prepare-cases/version.yaml"),
    )
    .unwrap();
    // The base offers only the 2023 version; the head adds a 2024 one with another body.
    let newer = "            application/vnd.atlas.2024-08-05+json:\n              schema: {type: object, properties: {new: {type: string}}}\n";
    assert!(head.contains(newer));
    let base = head.replace(newer, "");
    let dir = tempfile::tempdir().unwrap();
    let (base_file, head_file) = (dir.path().join("base.yaml"), dir.path().join("head.yaml"));
    std::fs::write(&base_file, &base).unwrap();
    std::fs::write(&head_file, &head).unwrap();
    let rust_changes = |date: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.args(["diff", "--format", "json"]);
        if let Some(date) = date {
            command.args(["--api-version", date]);
        }
        let output = command.arg(&base_file).arg(&head_file).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(report.get("rust_skipped").is_none(), "{report}");
        report["rust_changes"].as_array().unwrap().len()
    };
    assert!(
        rust_changes(None) > 0,
        "at the newest versions the head's body is the 2024 one"
    );
    assert_eq!(
        rust_changes(Some("2024-01-01")),
        0,
        "at 2024-01-01 both sides generate the 2023 version"
    );
}
