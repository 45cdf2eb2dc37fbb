//! The xtask works on the checkout it runs in, not the one its binary was built in (a shared target directory
//! makes cargo reuse one binary across checkouts), and names each cause of an error once.

use std::path::Path;
use std::process::Command;

const SPEC: &str = "spec/atlas-restore-jobs.yaml";
const OUT: &str = "generated-client/src/generated.rs";

/// A second checkout: this workspace's manifest, spec and generated file, with the spec changed so that the
/// committed code no longer matches it.
fn other_checkout() -> tempfile::TempDir {
    let root = xtask::project_root().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for file in ["Cargo.toml", "xtask/Cargo.toml", SPEC, OUT] {
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), &target).unwrap();
    }
    let spec = std::fs::read_to_string(dir.path().join(SPEC)).unwrap();
    let changed = spec.replace(
        "Return one restore job of one Flex cluster.",
        "Return one Flex restore job.",
    );
    assert_ne!(spec, changed, "the edit applies");
    std::fs::write(dir.path().join(SPEC), changed).unwrap();
    dir
}

fn xtask(current_dir: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .current_dir(current_dir)
        .env_remove("CARGO_MANIFEST_DIR");
    if let Some(dir) = manifest_dir {
        command.env("CARGO_MANIFEST_DIR", dir);
    }
    command.output().unwrap()
}

#[test]
fn codegen_check_reads_the_checkout_it_runs_in() {
    let other = other_checkout();
    // As `cargo xtask` in the other checkout runs it: cargo names that checkout's xtask package.
    let via_cargo = xtask(other.path(), Some(&other.path().join("xtask")), &["codegen", "--check"]);
    // As the binary run by hand from inside the other checkout.
    let by_hand = xtask(&other.path().join("spec"), None, &["codegen", "--check"]);
    for output in [via_cargo, by_hand] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "the other checkout's drift is found:\n{stderr}"
        );
        assert!(stderr.contains("does not match"), "{stderr}");
    }
    // This checkout is untouched and up to date.
    let here = xtask(&xtask::project_root().unwrap(), None, &["codegen", "--check"]);
    assert!(here.status.success(), "{}", String::from_utf8_lossy(&here.stderr));
}

#[test]
fn codegen_writes_into_the_checkout_it_runs_in() {
    let other = other_checkout();
    let before_here = std::fs::read(xtask::project_root().unwrap().join(OUT)).unwrap();
    let output = xtask(other.path(), None, &["codegen"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let written = std::fs::read_to_string(other.path().join(OUT)).unwrap();
    assert!(written.contains("Return one Flex restore job."));
    assert_eq!(
        std::fs::read(xtask::project_root().unwrap().join(OUT)).unwrap(),
        before_here
    );
}

#[test]
fn outside_any_checkout_the_error_says_so() {
    let nowhere = tempfile::tempdir().unwrap();
    let output = xtask(nowhere.path(), None, &["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.starts_with("error: cannot find the workspace: run `cargo xtask` inside a checkout"),
        "{stderr}"
    );
    // A review that cannot start exits 2, not 1 (which means `--fail-on` was met).
    let diff = xtask(nowhere.path(), None, &["diff", "a.yaml", "b.yaml"]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&diff.stderr).starts_with("error: cannot find the workspace"));
}

#[test]
fn a_missing_file_names_its_cause_once() {
    let root = xtask::project_root().unwrap();
    let output = xtask(&root, None, &["codegen", "--check", "--spec", "no-such-spec.yaml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot read spec no-such-spec.yaml: No such file"),
        "{stderr}"
    );

    let diff = xtask(&root, None, &["diff", "no-such-base.yaml", SPEC]);
    let stderr = String::from_utf8_lossy(&diff.stderr);
    assert_eq!(diff.status.code(), Some(2));
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}
