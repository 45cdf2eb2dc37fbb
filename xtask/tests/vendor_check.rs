//! `cargo xtask vendor-check` end to end on a small document with the shapes Atlas' uses (tests/vendor-check/
//! shapes.yaml): bodies rendered in Node.js, validated, decoded into the generated types in a crate it builds, and
//! encoded again. Every body keeps to its schema and round-trips but one, an honest exception shown by the
//! validator; and with one preparation step taken away, the body it exists for stops round-tripping — so these
//! tests fail when a step is reverted. Needs Node.js and npm (the pinned packages are installed with `npm ci`).

use std::path::{Path, PathBuf};

use xtask::prepare::Step;
use xtask::vendor_check::{Options, Outcome, Report, Verdict, run};

fn shapes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vendor-check/shapes.yaml")
}

/// The workspace's `target/vendor-check`, shared with `cargo xtask vendor-check`: the dependencies build once.
fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/vendor-check")
}

fn check(skip: Vec<Step>) -> Report {
    let options = Options {
        vendor: shapes(),
        api_version: None,
        work_dir: work_dir(),
        skip,
        mock: false,
    };
    run(&options).unwrap_or_else(|e| panic!("vendor-check of shapes.yaml: {e}"))
}

fn body<'r>(report: &'r Report, key: &str) -> &'r xtask::vendor_check::Body {
    report
        .bodies
        .iter()
        .find(|b| b.key == key)
        .unwrap_or_else(|| panic!("no body `{key}` in {:#?}", report.bodies))
}

#[test]
fn every_body_round_trips_but_the_one_that_breaks_its_schema_and_each_step_is_needed() {
    let report = check(Vec::new());
    let mut keys: Vec<&str> = report.bodies.iter().map(|b| b.key.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "brokenExample/response",
            "createBucket/request",
            "createGroup/request",
            "createGroup/response",
            "getInvoice/response",
            "getThreshold/response",
            "subtype/Bucket/AwsBucket",
            "subtype/Bucket/GcpBucket",
            "subtype/Threshold/RawThreshold",
            "subtype/Threshold/TimeThreshold",
            "updateIndex/request",
            "updateIndex/response",
        ],
        "{report}"
    );
    let defects: Vec<String> = report.defects().map(|b| format!("{}: {}", b.key, b.outcome)).collect();
    assert!(defects.is_empty(), "{report}");

    // The one exception: its documented body breaks its own pattern, and the validator says where.
    let broken = body(&report, "brokenExample/response");
    assert_eq!(broken.verdict(), Verdict::Exception, "{report}");
    assert_eq!(broken.source, "example");
    assert!(
        broken
            .violations
            .iter()
            .any(|v| v.starts_with("/version must match pattern")),
        "{:?}",
        broken.violations
    );
    assert_eq!(report.count(Verdict::RoundTrips), report.bodies.len() - 1, "{report}");
    let text = report.to_string();
    assert!(text.contains("11 round-trip, 1 exceptions"), "{text}");

    // Each step taken away: the body it is for no longer comes back, and nothing says it breaks its schema.
    let needed = [
        (Step::FloatAsDouble, "getInvoice/response"),
        (Step::EmptyCollectionKept, "getInvoice/response"),
        (Step::RequiredOneWay, "createGroup/request"),
        (Step::DefaultNotSent, "updateIndex/request"),
        (Step::DiscriminatorMapping, "createBucket/request"),
        (Step::DiscriminatorValue, "subtype/Threshold/TimeThreshold"),
    ];
    for (step, key) in needed {
        let without = check(vec![step]);
        let fate = body(&without, key);
        assert_eq!(
            fate.verdict(),
            Verdict::Defect,
            "without {}, {key} should not round-trip:\n{without}",
            step.id()
        );
        assert_ne!(fate.outcome, Outcome::Same);
    }
}

/// The generated client, through generated-client's pipeline, against Prism serving the document: every operation
/// is called, with its documented parameters and body, and every answer decodes, but what breaks its own schema
/// (the validator says where).
#[test]
fn every_operation_is_called_against_the_mock_and_only_answers_that_break_their_schema_fail_to_decode() {
    let options = Options {
        vendor: shapes(),
        api_version: None,
        work_dir: work_dir(),
        skip: Vec::new(),
        mock: true,
    };
    let report = run(&options).unwrap_or_else(|e| panic!("vendor-check --mock of shapes.yaml: {e}"));
    assert_eq!(report.mock.len(), 2, "a static and a dynamic run:\n{report}");
    assert!(!report.has_defects(), "{report}");
    for run in &report.mock {
        let mut ids: Vec<&str> = run.calls.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        assert_eq!(
            ids,
            [
                "brokenExample",
                "createBucket",
                "createGroup",
                "getInvoice",
                "getThreshold",
                "updateIndex"
            ],
            "{report}"
        );
        for call in &run.calls {
            assert!(
                call.outcome == "decoded" || (call.outcome == "undecodable" && !call.violations.is_empty()),
                "{}: {call:?}\n{report}",
                run.mode
            );
        }
    }
    // Prism's static answer is the documented example, which breaks its pattern: it cannot decode, and says why.
    let broken = report.mock[0].calls.iter().find(|c| c.id == "brokenExample").unwrap();
    assert_eq!(broken.outcome, "undecodable", "{report}");
    assert!(
        broken
            .violations
            .iter()
            .any(|v| v.starts_with("/version must match pattern")),
        "{report}"
    );
    let invoice = report.mock[0].calls.iter().find(|c| c.id == "getInvoice").unwrap();
    assert_eq!(
        (invoice.outcome.as_str(), invoice.status),
        ("decoded", Some(200)),
        "{report}"
    );
}
