//! A vendor's whole published document generates, leaving out at most 1 % of its operations, each named; and a
//! review, which parses no function body (`skeleton.rs`), reads the same public API from it.
//!
//! The documents are MongoDB's (Atlas Administration API v2, CC BY-NC-SA 3.0 US), about 4 MB each, and are not
//! kept in this repository: the test reads every `*.yaml` in `../shared/fixtures/atlas/` beside the checkout (where
//! CI finds `shared/`) and every path in `ATLAS_SPECS` (separated by `:`). With neither it says so and checks
//! nothing. To run it by hand on a revision of `tools/internal/specs/spec.yaml` of mongodb/mongodb-atlas-cli:
//! `ATLAS_SPECS=/path/spec.yaml cargo test -p xtask --test vendor_document -- --nocapture`.

use std::path::PathBuf;

use xtask::diff::rust_api;
use xtask::{codegen, project_root, spec};

fn documents() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::env::var("ATLAS_SPECS")
        .unwrap_or_default()
        .split(':')
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .collect();
    let shared = project_root().unwrap().join("../shared/fixtures/atlas");
    if let Ok(entries) = std::fs::read_dir(&shared) {
        let mut yaml: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
        yaml.sort();
        found.extend(yaml);
    }
    found
}

#[test]
fn a_vendor_document_generates_all_but_one_percent_of_its_operations() {
    let documents = documents();
    if documents.is_empty() {
        eprintln!("no vendor document: none in ../shared/fixtures/atlas/ and ATLAS_SPECS is unset");
        return;
    }
    let newest = documents.last().cloned();
    for path in documents {
        let spec = spec::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let options = codegen::Options {
            partial: true,
            ..Default::default()
        };
        let generated = codegen::generate_with(&spec, "vendor.yaml", &options)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let operations = generated.operations;
        let left_out = generated.account.left_out.len();
        eprintln!(
            "{}: {operations} operations generated, {left_out} left out\n{}",
            path.display(),
            generated.account
        );
        assert!(
            left_out * 100 <= operations + left_out,
            "{}: {left_out} of {} operations left out:\n{}",
            path.display(),
            operations + left_out,
            generated.account
        );
        assert!(generated.account.left_out.iter().all(|left| !left.reason.is_empty()));

        // The review's reading: the same items, signatures and JSON names, from the code without what the
        // skeleton leaves out (the review's own generation, `codegen::generate_signatures`, finishes the skeleton
        // as this one was finished; its reports are held to generating everything by `review_cache.rs`). On the
        // newest document: reading a vendor-scale API twice takes seconds in the unoptimized test build.
        if Some(&path) != newest.as_ref() {
            continue;
        }
        let skeleton = xtask::skeleton::of(quote::ToTokens::to_token_stream(&generated.syntax));
        let skeleton: syn::File = syn::parse2(skeleton.tokens).unwrap();
        let (full, read) = (
            rust_api::public_api_of(&generated.syntax),
            rust_api::public_api_of(&skeleton),
        );
        assert!(full.len() > 10_000, "{}: {} items", path.display(), full.len());
        assert!(full == read, "{}: the review reads another public API", path.display());
    }
}
