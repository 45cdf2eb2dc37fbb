//! `cargo xtask diff` over a corpus of spec revision pairs: `tests/diff-cases/<rule>/{base,head}.yaml`.
//!
//! Each case is named after the rule it exercises; the test checks that the rule fires and compares the markdown
//! and JSON reports with the committed snapshots (`expected.md`, `expected.json`). To accept deliberate changes:
//! `EXPECTORATE=overwrite cargo test -p xtask --test diff_corpus`, then review the diff.

mod support;

use std::path::{Path, PathBuf};

use xtask::diff::rules::{Level, Origin, Rule};
use xtask::diff::{self, Source};

fn report(case: &Path) -> diff::report::Report {
    let side = |name: &str| Source::File(case.join(name));
    diff::run(Path::new("."), "", &side("base.yaml"), &side("head.yaml"), false)
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()))
}

#[test]
fn every_case_fires_its_rule_and_matches_its_snapshots() {
    let mut missing = Vec::new();
    for case in support::diff_cases() {
        let rule = case.file_name().unwrap().to_string_lossy().into_owned();
        let report = report(&case);
        if !report.api_changes.iter().any(|f| f.rule.id() == rule) {
            let found: Vec<&str> = report.api_changes.iter().map(|f| f.rule.id()).collect();
            missing.push(format!("{rule}: the case does not fire its rule (found {found:?})"));
        }
        expectorate::assert_contents(case.join("expected.md"), &diff::render::comment(&report));
        expectorate::assert_contents(case.join("expected.json"), &report.to_json());
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_has_a_case() {
    let names: Vec<String> = support::diff_cases()
        .iter()
        .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let uncovered: Vec<&str> = Rule::ALL
        .iter()
        .map(|rule| rule.id())
        .filter(|id| !names.iter().any(|n| n == id))
        .collect();
    assert!(
        uncovered.is_empty(),
        "rules without a case in tests/diff-cases: {uncovered:?}"
    );
    let unknown: Vec<&String> = names.iter().filter(|n| Rule::from_id(n).is_none()).collect();
    assert!(unknown.is_empty(), "cases named after no rule: {unknown:?}");
}

/// oasdiff's rules as listed in `tests/fixtures/oasdiff-rules.txt`: id → level.
fn oasdiff_rules() -> std::collections::BTreeMap<String, Level> {
    let text = std::fs::read_to_string("tests/fixtures/oasdiff-rules.txt").unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (id, level) = line.split_once(' ').unwrap();
            let level = match level {
                "ERR" => Level::Breaking,
                "WARN" => Level::Warning,
                "INFO" => Level::Info,
                other => panic!("unknown oasdiff level {other} of {id}"),
            };
            (id.to_owned(), level)
        })
        .collect()
}

#[test]
fn rules_of_oasdiff_keep_its_ids_and_levels_and_ours_say_why() {
    let oasdiff = oasdiff_rules();
    assert_eq!(
        oasdiff.len(),
        xtask::diff::rules::OASDIFF_RULES,
        "the count the listing states"
    );
    for rule in Rule::ALL {
        match rule.origin() {
            Origin::Oasdiff => assert_eq!(
                oasdiff.get(rule.id()),
                Some(&rule.level()),
                "{rule}: oasdiff's level, under oasdiff's id"
            ),
            Origin::Ours(why) => {
                assert!(!oasdiff.contains_key(rule.id()), "{rule} is oasdiff's: say so");
                assert!(!why.is_empty(), "{rule}: say why oasdiff's rules do not serve");
            }
        }
    }
}

#[test]
fn every_oasdiff_rule_is_implemented_or_listed_with_its_reason() {
    use xtask::diff::oasdiff_gaps::OASDIFF_GAPS;
    let oasdiff = oasdiff_rules();
    let mut seen = std::collections::BTreeSet::new();
    for (id, _) in OASDIFF_GAPS {
        assert!(seen.insert(*id), "{id} is listed twice");
        assert!(oasdiff.contains_key(*id), "{id} is not one of oasdiff's rules");
        assert!(
            Rule::from_id(id).is_none(),
            "{id} is implemented: take it off the list of gaps"
        );
    }
    for id in oasdiff.keys() {
        let implemented = Rule::from_id(id).is_some_and(|r| r.origin() == Origin::Oasdiff);
        assert!(
            implemented || seen.contains(id.as_str()),
            "oasdiff's {id} is neither implemented nor listed with a reason"
        );
    }
}

#[test]
fn a_removed_response_property_names_the_rust_field_and_breaks() {
    let report = report(Path::new("tests/diff-cases/response-optional-property-removed"));
    let finding = report
        .api_changes
        .iter()
        .find(|f| f.rule == Rule::ResponseOptionalPropertyRemoved)
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
    assert!(diff::render::comment(&report).starts_with("**Spec review: ✅ no changes — API: 0 breaking"));
}
