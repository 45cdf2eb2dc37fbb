//! `cargo xtask diff` at vendor scale: two revisions of a spec of 500 operations and 1,500 schemas (written by
//! `tests/large_spec`), compared as users run it. divan reports time and peak heap ("max alloc").
//!
//! `cargo bench -p xtask --bench diff`

#[path = "../tests/large_spec/mod.rs"]
mod large_spec;

use std::path::Path;
use std::sync::OnceLock;

use divan::{AllocProfiler, Bencher};
use xtask::diff::{self, Source, api};
use xtask::spec;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

struct Revisions {
    dir: tempfile::TempDir,
    base: String,
    head: String,
}

fn revisions() -> &'static Revisions {
    static REVISIONS: OnceLock<Revisions> = OnceLock::new();
    REVISIONS.get_or_init(|| {
        let base = large_spec::base();
        let head = large_spec::head(&base);
        let (base, head) = (
            serde_json::to_string_pretty(&base).unwrap(),
            serde_json::to_string_pretty(&head).unwrap(),
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("base.json"), &base).unwrap();
        std::fs::write(dir.path().join("head.json"), &head).unwrap();
        Revisions { dir, base, head }
    })
}

fn main() {
    let r = revisions();
    println!("base: {} bytes, head: {} bytes", r.base.len(), r.head.len());
    divan::main();
}

/// Parse and validate both revisions (YAML/JSON, structure, `$ref`s).
#[divan::bench(sample_count = 5)]
fn load(bencher: Bencher) {
    let r = revisions();
    bencher.bench(|| {
        let base = spec::parse(Path::new("base.json"), r.base.clone()).unwrap();
        let head = spec::parse(Path::new("head.json"), r.head.clone()).unwrap();
        (base, head)
    });
}

/// The API comparison alone, on loaded revisions.
#[divan::bench(sample_count = 5)]
fn api_diff(bencher: Bencher) {
    let r = revisions();
    let base = spec::parse(Path::new("base.json"), r.base.clone()).unwrap();
    let head = spec::parse(Path::new("head.json"), r.head.clone()).unwrap();
    bencher.bench(|| api::compare(&base.raw, &head.raw).len());
}

/// Everything `cargo xtask diff base.json head.json` does: load, API diff, generate and compare both Rust APIs.
#[divan::bench(sample_count = 3)]
fn total(bencher: Bencher) {
    let r = revisions();
    let (base, head) = (
        Source::File(r.dir.path().join("base.json")),
        Source::File(r.dir.path().join("head.json")),
    );
    bencher.bench(|| {
        diff::run(r.dir.path(), "unused", &base, &head, false)
            .unwrap()
            .api_changes
            .len()
    });
}
