//! `cargo xtask diff` over a corpus of spec revision pairs: `tests/diff-cases/<rule>/{base,head}.yaml`.
//!
//! Each case is named after the rule it exercises; the test checks that the rule fires and compares the markdown
//! and JSON reports with the committed snapshots (`expected.md`, `expected.json`). To accept deliberate changes:
//! `EXPECTORATE=overwrite cargo test -p xtask --test diff_corpus`, then review the diff.

use std::path::{Path, PathBuf};

use xtask::diff::{self, Source, api};

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/diff-cases")
        .expect("run from the xtask directory, as cargo test does")
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn report(case: &Path) -> diff::report::Report {
    let side = |name: &str| Source::File(case.join(name));
    diff::run(Path::new("."), "", &side("base.yaml"), &side("head.yaml"), false)
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()))
}

#[test]
fn every_case_fires_its_rule_and_matches_its_snapshots() {
    let mut missing = Vec::new();
    for case in cases() {
        let rule = case.file_name().unwrap().to_string_lossy().into_owned();
        let report = report(&case);
        if !report.api_changes.iter().any(|f| f.rule == rule) {
            let found: Vec<&str> = report.api_changes.iter().map(|f| f.rule).collect();
            missing.push(format!("{rule}: the case does not fire its rule (found {found:?})"));
        }
        expectorate::assert_contents(case.join("expected.md"), &report.to_markdown());
        expectorate::assert_contents(case.join("expected.json"), &report.to_json());
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_has_a_case() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let uncovered: Vec<&str> = api::RULES
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !names.iter().any(|n| n == id))
        .collect();
    assert!(
        uncovered.is_empty(),
        "rules without a case in tests/diff-cases: {uncovered:?}"
    );
    let unknown: Vec<&String> = names
        .iter()
        .filter(|n| !api::RULES.iter().any(|(id, _)| id == n))
        .collect();
    assert!(unknown.is_empty(), "cases named after no rule: {unknown:?}");
}

#[test]
fn levels_follow_oasdiff_where_it_has_the_rule() {
    use api::Level::*;
    for (rule, level) in [
        ("response-property-enum-value-added", Warning),
        ("request-parameter-became-required", Breaking),
        ("response-required-property-removed", Breaking),
        ("response-optional-property-removed", Warning),
        ("request-parameter-enum-value-added", Info),
        ("api-removed-without-deprecation", Breaking),
        ("request-parameter-max-decreased", Breaking),
        ("response-property-type-changed", Breaking),
    ] {
        assert_eq!(api::level_of(rule), level, "{rule}");
    }
}

#[test]
fn a_removed_response_property_names_the_rust_field_and_breaks() {
    let report = report(Path::new("tests/diff-cases/response-optional-property-removed"));
    let finding = report
        .api_changes
        .iter()
        .find(|f| f.rule == "response-optional-property-removed")
        .unwrap();
    assert_eq!(
        finding.rust_items,
        [
            "removes field `types::Thing::size`",
            "removes method `types::builder::Thing::size`"
        ]
    );
    assert_eq!(
        report.verdict,
        diff::report::Verdict::Breaking,
        "the Rust API breaks though the API only warns"
    );
    assert_eq!(report.semver, diff::report::Semver::Major);
}

#[test]
fn an_identical_pair_reports_no_change() {
    let base = Source::File(PathBuf::from("tests/diff-cases/endpoint-added/base.yaml"));
    let report = diff::run(Path::new("."), "", &base, &base, true).unwrap();
    assert_eq!(report.verdict, diff::report::Verdict::Unchanged);
    assert!(report.api_changes.is_empty() && report.rust_changes.is_empty() && report.code_diff.is_none());
    assert!(
        report
            .to_markdown()
            .starts_with("**Spec review: ✅ no changes — API: 0 breaking")
    );
}
