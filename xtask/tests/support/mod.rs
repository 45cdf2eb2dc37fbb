//! A temporary git repository shaped like this one (the spec, generated-client's manifest), for the tasks that
//! read revisions; the corpus of spec pairs the review's tests run over; and reading a JSON report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SPEC: &str = "spec/atlas-restore-jobs.yaml";

pub fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A repository whose one commit holds the project's spec and a `generated-client/Cargo.toml` at 0.1.0.
pub fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::fs::copy(xtask::project_root().unwrap().join(SPEC), dir.path().join(SPEC)).unwrap();
    std::fs::create_dir(dir.path().join("generated-client")).unwrap();
    set_version(dir.path(), "0.1.0");
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "base"]);
    dir
}

pub fn remove_failed_property(repo: &Path) {
    let path = repo.join(SPEC);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("        failed:\n").expect("the spec has `failed`");
    let end = text.find("        finishedAt:\n").expect("the spec has `finishedAt`");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

/// Set the version of the repository's `generated-client/Cargo.toml`.
pub fn set_version(repo: &Path, version: &str) {
    let manifest = format!("[package]\nname = \"generated-client\"\nversion = \"{version}\"\nedition = \"2024\"\n");
    std::fs::write(repo.join("generated-client/Cargo.toml"), manifest).unwrap();
}

/// Run `cargo xtask <task> --repo <repo> <args>`: exit code, stdout, stderr.
pub fn xtask(task: &str, repo: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg(task)
        .arg("--repo")
        .arg(repo)
        .args(args)
        .output()
        .expect("run xtask");
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The cases of the review's corpus, `tests/diff-cases/<rule>/` (each holds `base.yaml` and `head.yaml`), sorted.
pub fn diff_cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/diff-cases")
        .expect("run from the xtask directory, as cargo test does")
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The first finding of `rule` in a JSON report (`cargo xtask diff --format json`).
pub fn finding<'r>(report: &'r serde_json::Value, rule: &str) -> &'r serde_json::Value {
    report["api_changes"]
        .as_array()
        .expect("a JSON report")
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {report}"))
}

/// The 2026-08-21 revision of Atlas' published document, when it is beside the checkout
/// (`../shared/fixtures/atlas/`): always in CI, where its absence fails the test; elsewhere the test checks nothing.
pub fn published_atlas_document() -> Option<PathBuf> {
    let path = xtask::project_root()
        .unwrap()
        .join("../shared/fixtures/atlas/atlas-admin-v2-2026-08-21.yaml");
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI has ../shared/fixtures/atlas/ beside the checkout, but {} is not there",
        path.display()
    );
    eprintln!("no {}: nothing checked", path.display());
    None
}
