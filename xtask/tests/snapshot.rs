//! A snapshot of the code generated for a small fixed spec, so that a change of generator settings (or a
//! progenitor upgrade) shows up as a reviewable diff of `tests/golden/minimal-valid.rs`.
//! `golden_compiles.rs` compiles that file, so the snapshot must also build.
//!
//! To accept a change: `EXPECTORATE=overwrite cargo test -p xtask --test snapshot`, then review and commit.

use std::path::Path;

use xtask::{codegen, spec};

#[test]
fn generated_code_for_the_minimal_spec() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let spec = spec::load(&dir.join("fixtures/minimal-valid.yaml")).unwrap();
    let generated = codegen::generate(&spec, "xtask/tests/fixtures/minimal-valid.yaml").unwrap();
    expectorate::assert_contents(dir.join("golden/minimal-valid.rs"), &generated);
}
