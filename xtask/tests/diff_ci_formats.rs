//! `cargo xtask diff --format github` and `--format junit`: annotations on the lines of the change, and JUnit XML
//! that CI systems read.

use std::path::Path;
use std::process::Command;

fn review(case: &str, format: &str) -> (Option<i32>, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff-cases")
        .join(case);
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", "--format", format, "--fail-on", "breaking"])
        .arg(dir.join("base.yaml").strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap())
        .arg(dir.join("head.yaml").strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap())
        .output()
        .unwrap();
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    (output.status.code(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn github_annotations_land_on_the_head_line_or_the_base_line_of_what_was_removed() {
    let (code, added) = review("response-property-enum-value-added", "github");
    assert_eq!(code, Some(1), "the Rust API breaks: --fail-on breaking is met");
    let first = added
        .lines()
        .find(|line| line.contains("GET /things/{thingId}"))
        .unwrap_or_else(|| panic!("{added}"));
    assert!(
        first.starts_with(
            "::warning file=tests/diff-cases/response-property-enum-value-added/head.yaml,line=101,col=9,\
             title=response-property-enum-value-added::GET /things/{thingId}: response 200 property `kind`"
        ),
        "{added}"
    );
    // The Rust item goes on the annotation's next line, escaped as the runner reads it.
    assert!(
        first.contains("%0ARust: adds variant `types::ThingKind::Huge`"),
        "{first}"
    );
    assert!(
        added
            .lines()
            .last()
            .unwrap()
            .starts_with("::notice title=Spec review::Spec review: ")
    );

    let (_, removed) = review("request-parameter-removed", "github");
    assert!(
        removed.starts_with("::warning file=tests/diff-cases/request-parameter-removed/base.yaml,line=39,col=9,"),
        "{removed}"
    );
    let (_, breaking) = review("request-parameter-became-required", "github");
    assert!(breaking.starts_with("::error file="), "{breaking}");
    // Every line is a workflow command: nothing a runner would print as plain text.
    for output in [&added, &removed, &breaking] {
        assert!(output.lines().all(|line| line.starts_with("::")), "{output}");
    }
}

/// The JUnit report against the rules of the schema CI systems read (Jenkins' junit-10.xsd, which every corpus
/// case's report was also validated against with xmllint; see docs/review.md): the elements where the schema
/// allows them, its required attributes, and counts that add up.
#[test]
fn junit_reports_hold_to_the_schema_and_fail_the_breaking_operations() {
    for case in [
        "request-parameter-became-required",
        "response-property-enum-value-added",
        "api-path-removed-without-deprecation",
    ] {
        let (_, xml) = review(case, "junit");
        let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{case}: {e}\n{xml}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert!(suites.iter().all(|s| s.tag_name().name() == "testsuite"));
        for suite in suites {
            for attribute in ["name", "tests", "failures", "errors"] {
                assert!(
                    suite.attribute(attribute).is_some(),
                    "{case}: testsuite without {attribute}"
                );
            }
            let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
            assert!(cases.iter().all(|c| c.tag_name().name() == "testcase"));
            assert_eq!(suite.attribute("tests").unwrap(), cases.len().to_string());
            let failing = cases
                .iter()
                .filter(|c| c.children().any(|n| n.tag_name().name() == "failure"))
                .count();
            assert_eq!(suite.attribute("failures").unwrap(), failing.to_string(), "{case}");
            for test in &cases {
                assert!(test.attribute("name").is_some());
                for child in test.children().filter(|n| n.is_element()) {
                    assert!(
                        matches!(child.tag_name().name(), "failure" | "system-out"),
                        "{case}: {:?}",
                        child.tag_name()
                    );
                }
            }
        }
    }
    let (_, xml) = review("request-parameter-became-required", "junit");
    let document = roxmltree::Document::parse(&xml).unwrap();
    let failure = document
        .descendants()
        .find(|n| n.tag_name().name() == "failure")
        .expect("a breaking finding fails its operation");
    assert_eq!(failure.attribute("type"), Some("request-parameter-became-required"));
    assert_eq!(
        failure.parent().unwrap().attribute("name"),
        Some("GET /things/{thingId}")
    );
    assert!(
        failure
            .text()
            .unwrap()
            .contains("head: tests/diff-cases/request-parameter-became-required/head.yaml:")
    );
}

#[test]
fn the_rule_list_is_not_printed_as_annotations() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--list-rules", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--list-rules prints text, markdown or json"));
}
