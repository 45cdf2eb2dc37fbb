//! A review that reads its generated sides back from the cache (`diff/cache.rs`), or finds its base there and so
//! generates only what the head changes (corpus pairs), gives the same report, byte for byte, as one that
//! generates them: on every pair of the diff corpus (held to its committed reports) and on the
//! vendor's published revisions (`../shared/fixtures/atlas/`, beside the checkout, as `tests/vendor_document.rs`
//! finds them; more pairs in `ATLAS_REVIEW_PAIRS`, `BASE.yaml:HEAD.yaml` separated by `,`).

mod support;

use std::path::{Path, PathBuf};

use xtask::diff::{self, Cache, Source};

fn review(base: &Path, head: &Path, partial: bool, cache: &Cache) -> String {
    let options = xtask::codegen::Options {
        partial,
        ..Default::default()
    };
    let (base, head) = (Source::File(base.to_owned()), Source::File(head.to_owned()));
    diff::run_cached(
        Path::new("."),
        "",
        &base,
        &head,
        false,
        &options,
        &diff::Config::default(),
        Some(cache),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .to_json()
}

#[test]
fn every_corpus_pair_reviewed_through_the_cache_gives_its_committed_report() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().to_owned());
    let mut read_back = 0;
    for case in support::diff_cases() {
        let (base, head) = (case.join("base.yaml"), case.join("head.yaml"));
        let expected = std::fs::read_to_string(case.join("expected.json")).unwrap();
        let hits = cache.hits();
        assert_eq!(
            review(&base, &head, false, &cache),
            expected,
            "{}: generated",
            case.display()
        );
        assert_eq!(cache.hits(), hits, "{}: nothing was stored yet", case.display());
        assert_eq!(
            review(&base, &head, false, &cache),
            expected,
            "{}: read back",
            case.display()
        );
        read_back += cache.hits() - hits;
    }
    // Every valid side is kept: most pairs have two.
    assert!(read_back > 600, "only {read_back} sides read back");
}

/// A pull request's case: the base reviewed before, the head new. The review generates only the operations the head
/// changes (the base is known to generate in full, and an unchanged operation generates on the head as on the base)
/// and must give the report generating everything gives. Every fourth corpus pair (each costs two reviews; every
/// pair's Rust half is held to generating everything by `tests/diff_scope.rs`). On Atlas' revisions
/// `benches/review.rs` holds it: its runs with the base alone in the cache must give the cold runs' report (a
/// vendor pair costs this test's binary half a minute more in CI's unoptimized test build).
#[test]
fn a_corpus_pair_whose_base_alone_is_in_the_cache_gives_its_committed_report() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().to_owned());
    let mut scoped = 0;
    for case in support::diff_cases().into_iter().step_by(4) {
        let (base, head) = (case.join("base.yaml"), case.join("head.yaml"));
        let expected = std::fs::read_to_string(case.join("expected.json")).unwrap();
        review(&base, &base, false, &cache);
        let before = cache.scoped_reviews();
        assert_eq!(
            review(&base, &head, false, &cache),
            expected,
            "{}: with its base in the cache",
            case.display()
        );
        scoped += cache.scoped_reviews() - before;
    }
    // Most bases generate: their pairs took the shortcut.
    assert!(
        scoped > 90,
        "only {scoped} reviews generated only the changed operations"
    );
}

fn vendor_pairs() -> Vec<(PathBuf, PathBuf)> {
    let shared = xtask::project_root().unwrap().join("../shared/fixtures/atlas");
    let mut pairs = vec![(
        shared.join("atlas-admin-v2-2026-08-12.yaml"),
        shared.join("atlas-admin-v2-2026-08-21.yaml"),
    )];
    pairs.retain(|(base, head)| base.is_file() && head.is_file());
    for listed in std::env::var("ATLAS_REVIEW_PAIRS").unwrap_or_default().split(',') {
        if let Some((base, head)) = listed.split_once(':') {
            pairs.push((base.into(), head.into()));
        }
    }
    pairs
}

#[test]
fn a_vendor_pair_reviewed_through_the_cache_gives_the_report_generating_it_gives() {
    let pairs = vendor_pairs();
    if pairs.is_empty() {
        eprintln!("no vendor pair: none in ../shared/fixtures/atlas/ and ATLAS_REVIEW_PAIRS is unset");
        return;
    }
    for (base, head) in pairs {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_owned());
        let generated = review(&base, &head, false, &cache);
        let read_back = review(&base, &head, false, &cache);
        assert_eq!(cache.hits(), 2, "{}: both sides read back", head.display());
        assert!(
            generated == read_back,
            "{}: the report read back differs",
            head.display()
        );
        // Not empty: the Rust half was compared.
        let report: serde_json::Value = serde_json::from_str(&generated).unwrap();
        assert!(report.get("rust_skipped").is_none(), "{generated}");
        assert!(!report["rust_changes"].as_array().unwrap().is_empty());
    }
}
