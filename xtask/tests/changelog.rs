//! `cargo xtask changelog`: the release's section written from the review, once.

mod support;

use support::*;

const CHANGELOG: &str = "generated-client/CHANGELOG.md";

#[test]
fn the_section_is_written_from_the_review_and_a_second_run_adds_nothing() {
    let repo = repository();
    std::fs::write(
        repo.path().join(CHANGELOG),
        "# Changelog\n\nPreamble kept.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- The first release.\n",
    )
    .unwrap();
    remove_failed_property(repo.path());
    set_version(repo.path(), "0.2.0");
    let args = ["--base", "HEAD", "--date", "2026-11-29"];

    let (code, _, stderr) = xtask("changelog", repo.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let written = std::fs::read_to_string(repo.path().join(CHANGELOG)).unwrap();
    let expected_start = "# Changelog\n\nPreamble kept.\n\n## [0.2.0] - 2026-11-29\n\nThe spec since `HEAD`: ";
    assert!(
        written.starts_with(expected_start),
        "newest first, after the preamble:\n{written}"
    );
    let section = &written[..written.find("## [0.1.0]").expect("the older section stays")];
    assert!(
        section.contains("the Rust API needs a semver-major release"),
        "{section}"
    );
    assert!(section.contains("\n### Removed\n\n- `GET "), "{section}");
    assert!(
        section.contains("property `results[].failed`: property removed (`response-optional-property-removed`)"),
        "{section}"
    );
    assert!(section.contains("- Rust API: "), "{section}");
    assert!(!section.contains("### Added"), "nothing was added:\n{section}");

    let (code, _, stderr) = xtask("changelog", repo.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("already has a section for 0.2.0: nothing written"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(repo.path().join(CHANGELOG)).unwrap(), written);
}

#[test]
fn a_new_file_starts_with_the_keep_a_changelog_preamble() {
    let repo = repository();
    set_version(repo.path(), "0.1.1");
    let (code, _, stderr) = xtask("changelog", repo.path(), &["--base", "HEAD", "--date", "2026-11-29"]);
    assert_eq!(code, Some(0), "{stderr}");
    let written = std::fs::read_to_string(repo.path().join(CHANGELOG)).unwrap();
    assert!(written.starts_with("# Changelog of generated-client\n"), "{written}");
    assert!(written.contains("Keep a Changelog"), "{written}");
    assert!(written.ends_with("## [0.1.1] - 2026-11-29\n\nThe spec since `HEAD`: 0 breaking, 0 warning, 0 info API changes; the Rust API needs no release.\n\n"), "{written}");
}
