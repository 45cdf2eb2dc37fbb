//! The committed generated client is exactly what the spec generates.

use std::path::Path;

use xtask::codegen::{self, DEFAULT_OUT, DEFAULT_SPEC};
use xtask::{project_root, spec};

#[test]
fn the_committed_client_matches_the_spec() {
    let root = project_root().unwrap();
    let spec = spec::load(&root.join(DEFAULT_SPEC)).expect("the committed spec is valid");
    let drift = codegen::check(
        &spec,
        DEFAULT_SPEC,
        &root.join(DEFAULT_OUT),
        DEFAULT_OUT,
        &Default::default(),
    )
    .unwrap();
    if let Some(diff) = drift {
        panic!(
            "{DEFAULT_OUT} is out of date with {DEFAULT_SPEC}.\nRun `cargo xtask codegen` and commit both files.\n\n{diff}"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let root = project_root().unwrap();
    let spec = spec::load(&root.join(DEFAULT_SPEC)).unwrap();
    let first = codegen::generate(&spec, DEFAULT_SPEC).unwrap();
    let second = codegen::generate(&spec, DEFAULT_SPEC).unwrap();
    assert!(first == second, "two runs over the same spec produced different code");
}

/// The committed spec with one description changed, written to a temporary directory.
fn spec_with_changed_description(dir: &Path) -> std::path::PathBuf {
    let original = std::fs::read_to_string(project_root().unwrap().join(DEFAULT_SPEC)).unwrap();
    let old = "description: Flag that indicates whether the restore job expired.";
    assert!(
        original.contains(old),
        "the test's anchor text left the spec; pick another description"
    );
    let changed = original.replace(
        old,
        "description: Whether the restore job has expired (changed by a test).",
    );
    let path = dir.join("changed.yaml");
    std::fs::write(&path, changed).unwrap();
    path
}

#[test]
fn a_changed_description_is_drift_with_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let changed = spec::load(&spec_with_changed_description(dir.path())).unwrap();
    let diff = codegen::check(
        &changed,
        DEFAULT_SPEC,
        &project_root().unwrap().join(DEFAULT_OUT),
        DEFAULT_OUT,
        &Default::default(),
    )
    .unwrap()
    .expect("a changed description must be reported as drift");
    assert!(
        diff.contains("-        ///Flag that indicates whether the restore job expired."),
        "{diff}"
    );
    assert!(
        diff.contains("+        ///Whether the restore job has expired (changed by a test)."),
        "{diff}"
    );
}

#[test]
fn check_command_fails_with_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let changed = spec_with_changed_description(dir.path());
    let out = dir.path().join("generated.rs");
    let committed = std::fs::read(project_root().unwrap().join(DEFAULT_OUT)).unwrap();
    std::fs::write(&out, &committed).unwrap();

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check", "--spec"])
        .arg(&changed)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("+        ///Whether the restore job has expired (changed by a test)."),
        "{stdout}"
    );
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), committed, "--check must not write");
}

#[test]
fn the_mocks_are_checked_and_written_with_the_client() {
    let root = project_root().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated.rs");
    let mock_out = dir.path().join("generated_mock.rs");
    assert_eq!(codegen::mock_path(&out), mock_out);

    // Written together: the committed pair is what codegen writes.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let committed_mock = std::fs::read_to_string(codegen::mock_path(&root.join(DEFAULT_OUT))).unwrap();
    assert_eq!(std::fs::read_to_string(&mock_out).unwrap(), committed_mock);
    assert!(
        committed_mock.contains("fn list_flex_restore_jobs<F>"),
        "a mock per operation"
    );

    // A mock edited by hand is drift, named by its file.
    let spec = spec::load(&root.join(DEFAULT_SPEC)).unwrap();
    assert_eq!(
        codegen::check(&spec, DEFAULT_SPEC, &out, "generated.rs", &Default::default()).unwrap(),
        None
    );
    std::fs::write(&mock_out, committed_mock.replace("pub fn ok(", "pub fn ok_edited(")).unwrap();
    let diff = codegen::check(&spec, DEFAULT_SPEC, &out, "generated.rs", &Default::default())
        .unwrap()
        .expect("an edited mock is drift");
    assert!(diff.contains("generated_mock.rs (committed)"), "{diff}");
    assert!(diff.contains("-        pub fn ok_edited("), "{diff}");
}
