//! Accepted changes (by fingerprint, with a reason, optionally until a date) and the review's configuration file,
//! as a team uses them from the command line.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository directory holding a base and a head spec, made from a corpus case.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn from_case(case: &str) -> Repo {
        let cases = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/diff-cases")
            .join(case);
        let dir = tempfile::tempdir().unwrap();
        for side in ["base.yaml", "head.yaml"] {
            std::fs::copy(cases.join(side), dir.path().join(side)).unwrap();
        }
        std::fs::create_dir(dir.path().join("spec")).unwrap();
        Repo { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    /// `cargo xtask diff base.yaml head.yaml` in this repository, with `args`: exit code, stdout, stderr.
    fn review(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("diff")
            .arg("--repo")
            .arg(self.dir.path())
            .args(args)
            .arg(self.path("base.yaml"))
            .arg(self.path("head.yaml"))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let (code, stdout, stderr) = self.review(&[args, &["--format", "json"]].concat());
        assert!(matches!(code, Some(0 | 1)), "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    }
}

fn fingerprints(report: &serde_json::Value) -> Vec<String> {
    report["api_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_accepted_breaking_change_no_longer_fails_and_stale_or_expired_entries_are_reported() {
    let repo = Repo::from_case("request-parameter-became-required");
    let (code, _, stderr) = repo.review(&["--fail-on", "breaking"]);
    assert_eq!(code, Some(1), "{stderr}");
    let report = repo.json(&[]);
    let [fingerprint] = &fingerprints(&report)[..] else {
        panic!("one finding: {report}")
    };

    repo.write(
        "spec/accepted-changes.toml",
        &format!(
            "[[accepted]]\nfingerprint = \"{fingerprint}\"\nreason = \"callers were told in March\"\n\n\
             [[accepted]]\nfingerprint = \"00000000000000aa\"\nreason = \"an old change\"\n\n\
             [[accepted]]\nfingerprint = \"{fingerprint}\"\nreason = \"once\"\nuntil = \"2020-01-01\"\n"
        ),
    );
    let (code, stdout, stderr) = repo.review(&["--fail-on", "breaking"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("API: 0 breaking, 0 warning, 0 info (1 accepted)"),
        "{stdout}"
    );
    assert!(stdout.contains("accepted: callers were told in March"), "{stdout}");
    assert!(
        stdout.contains("accepted-changes.toml:5: 00000000000000aa matches no finding (stale: remove it)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("accepted-changes.toml:9: the acceptance of"),
        "{stdout}"
    );
    assert!(stdout.contains("expired on 2020-01-01"), "{stdout}");

    let report = repo.json(&[]);
    assert_eq!(report["counts"]["accepted"], 1);
    assert_eq!(report["counts"]["breaking"], 0);
    assert_eq!(
        report["api_changes"][0]["accepted"]["reason"],
        "callers were told in March"
    );
    // The semver gate still sees the break: existing calls fail in `send()` until they set the parameter.
    assert_eq!(report["semver"], "major");
    assert_eq!(report["acceptance_notes"].as_array().unwrap().len(), 2);
}

#[test]
fn a_fingerprint_survives_line_moves_reordering_and_edits_elsewhere() {
    let repo = Repo::from_case("request-parameter-removed");
    let report = repo.json(&[]);
    let before = fingerprints(&report);
    assert!(
        report["api_changes"][0]["location"]
            .as_str()
            .unwrap()
            .ends_with("/parameters/3")
    );
    // The same change, with the other parameters reordered, a description added above and an unrelated edit.
    let head = std::fs::read_to_string(repo.path("head.yaml")).unwrap();
    let base = std::fs::read_to_string(repo.path("base.yaml")).unwrap();
    // `verbose` (removed) moves from the last parameter to the first on the base.
    let base = base.replacen(
        "      parameters:\n",
        "      parameters:\n      - name: verbose\n        in: query\n        required: false\n        schema:\n          type: boolean\n",
        1,
    );
    let base = {
        let last = base.rfind("      - name: verbose").unwrap();
        let end = base[last..].find("          type: boolean\n").unwrap() + last + "          type: boolean\n".len();
        format!("{}{}", &base[..last], &base[end..])
    };
    let moved = |text: &str| {
        text.replacen("paths:\n", "paths:\n  /unrelated:\n    get:\n      operationId: unrelated\n      responses:\n        '204': {description: none}\n", 1)
            .replacen("info:\n", "info:\n  description: |\n    Three\n    more\n    lines.\n", 1)
    };
    repo.write("base.yaml", &moved(&base));
    repo.write("head.yaml", &moved(&head));
    let report = repo.json(&[]);
    let after = fingerprints(&report);
    let removal = support::finding(&report, "request-parameter-removed");
    assert!(
        removal["location"].as_str().unwrap().ends_with("/parameters/0"),
        "the parameter moved: {removal}"
    );
    assert_eq!(before.len(), 1);
    assert!(after.contains(&before[0]), "{before:?} not in {after:?}");
}

#[test]
fn the_configuration_sets_levels_paths_and_fail_on_and_the_command_line_wins() {
    let repo = Repo::from_case("response-property-enum-value-added");
    repo.write(
        ".spec-review.toml",
        "fail-on = \"warning\"\n[levels]\nresponse-property-enum-value-added = \"info\"\n",
    );
    // `fail-on = warning` from the file; the rule's warnings are now info, so only the Rust break remains.
    let report = repo.json(&[]);
    assert!(
        report["api_changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["level"] == "info"),
        "{report}"
    );
    repo.write(
        ".spec-review.toml",
        "fail-on = \"warning\"\n[levels]\nresponse-property-enum-value-added = \"off\"\n[paths]\nexclude = [\"/nothing\"]\n",
    );
    let report = repo.json(&[]);
    assert!(report["api_changes"].as_array().unwrap().is_empty(), "{report}");

    repo.write(".spec-review.toml", "[paths]\nexclude = [\"/things\"]\n");
    let report = repo.json(&[]);
    assert!(
        report["api_changes"].as_array().unwrap().is_empty(),
        "excluded: {report}"
    );
    assert_eq!(
        report["verdict"], "unchanged",
        "nothing under /things is compared, Rust API included"
    );

    repo.write(
        ".spec-review.toml",
        "[levels]\nresponse-property-enum-value-added = \"breaking\"\n",
    );
    let (code, _, _) = repo.review(&[]);
    assert_eq!(code, Some(0), "no fail-on anywhere: the review only reports");
    let (code, _, _) = repo.review(&["--fail-on", "breaking"]);
    assert_eq!(code, Some(1), "raised to breaking");
    repo.write("other.toml", "fail-on = \"breaking\"\n");
    let other = repo.path("other.toml");
    let (code, _, stderr) = repo.review(&["--config", other.to_str().unwrap()]);
    assert_eq!(code, Some(1), "--config names another file: {stderr}");
}

#[test]
fn a_wrong_configuration_or_acceptance_stops_the_review_saying_where() {
    let repo = Repo::from_case("response-property-enum-value-added");
    repo.write(
        ".spec-review.toml",
        "fail-on = \"breaking\"\n\n[levels]\nno-such-rule = \"info\"\n",
    );
    let (code, stdout, stderr) = repo.review(&[]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains(".spec-review.toml:4: `no-such-rule` is not a rule"),
        "{stderr}"
    );
    repo.write(".spec-review.toml", "fail_on = \"breaking\"\n");
    let (code, _, stderr) = repo.review(&[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(".spec-review.toml:1: unknown field `fail_on`"),
        "{stderr}"
    );

    repo.write(".spec-review.toml", "");
    repo.write(
        "spec/accepted-changes.toml",
        "[[accepted]]\nfingerprint = \"abc\"\nreason = \"x\"\n",
    );
    let (code, _, stderr) = repo.review(&[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("accepted-changes.toml:1: `abc` is not a fingerprint"),
        "{stderr}"
    );

    let (code, _, stderr) = repo.review(&["--config", "/nonexistent/review.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read /nonexistent/review.toml"), "{stderr}");
}
