//! `cargo xtask release-check`: the version of generated-client against the bump the spec change needs.

mod support;

use support::*;

#[test]
fn a_breaking_change_with_a_patch_bump_fails_naming_the_bump_and_why() {
    let repo = repository();
    remove_failed_property(repo.path());
    set_version(repo.path(), "0.1.1");
    let (code, _, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "generated-client 0.1.0 → 0.1.1 is not enough: the change needs a breaking bump, at least 0.1.0 → 0.2.0"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("removed field `types::ServerlessRestoreJob::failed` breaks callers"),
        "{stderr}"
    );
}

#[test]
fn a_breaking_change_with_a_minor_bump_below_one_passes() {
    let repo = repository();
    remove_failed_property(repo.path());
    set_version(repo.path(), "0.2.0");
    let (code, stdout, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("0.1.0 → 0.2.0: enough"), "{stdout}");
}

#[test]
fn committed_revisions_are_compared_and_a_lower_version_fails() {
    let repo = repository();
    set_version(repo.path(), "0.0.9");
    git(repo.path(), &["commit", "--quiet", "-am", "lower"]);
    let (code, _, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("0.1.0 → 0.0.9: the version went down"), "{stderr}");
}

#[test]
fn no_change_needs_no_bump_and_a_bad_base_is_exit_2() {
    let repo = repository();
    let (code, stdout, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("0.1.0 → 0.1.0: enough"), "{stdout}");

    let (code, _, stderr) = xtask("release-check", repo.path(), &["--base", "no-such-rev"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("revision `no-such-rev` is unknown"), "{stderr}");

    std::fs::write(
        repo.path().join("generated-client/Cargo.toml"),
        "[package]\nversion = 7\n",
    )
    .unwrap();
    let (code, _, stderr) = xtask("release-check", repo.path(), &["--base", "HEAD"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("the working tree: generated-client/Cargo.toml has no valid `package.version`"),
        "{stderr}"
    );
}
