//! Every preparation step has a case: a spec with the shape it prepares (`tests/prepare-cases/<step>.yaml`), which
//! `cargo xtask codegen` generates, printing the step's account line. Each file says what it needs in comment
//! lines: `# args:` (extra arguments), `# expect:` (in the account on stderr), `# generated:` (in the generated
//! code), `# absent:` (not in it). A new case is a new file and no new code.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::prepare::Step;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prepare-cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read tests/prepare-cases")
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn comments<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    let prefix = format!("# {key}: ");
    text.lines()
        .filter_map(|line| line.strip_prefix(prefix.as_str()))
        .collect()
}

#[test]
fn every_case_generates_with_its_account_and_code() {
    let mut failures = Vec::new();
    for case in cases() {
        let text = std::fs::read_to_string(&case).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("generated.rs");
        let args: Vec<&str> = comments(&text, "args")
            .iter()
            .flat_map(|a| a.split_whitespace())
            .collect();
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("codegen")
            .args(&args)
            .arg("--spec")
            .arg(&case)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run xtask");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            failures.push(format!("{name}: failed\n{stderr}"));
            continue;
        }
        for expected in comments(&text, "expect") {
            if !stderr.contains(expected) {
                failures.push(format!("{name}: expected `{expected}` in the account:\n{stderr}"));
            }
        }
        let generated = std::fs::read_to_string(&out).unwrap();
        for expected in comments(&text, "generated") {
            if !generated.contains(expected) {
                failures.push(format!("{name}: expected `{expected}` in the generated code"));
            }
        }
        for absent in comments(&text, "absent") {
            if generated.contains(absent) {
                failures.push(format!("{name}: `{absent}` should not be in the generated code"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_step_has_a_case() {
    let accounts: String = cases()
        .iter()
        .map(|case| std::fs::read_to_string(case).unwrap())
        .collect();
    for step in Step::ALL {
        let line = format!("# expect: prepared [{}]", step.id());
        assert!(
            accounts.contains(&line),
            "no case in tests/prepare-cases shows step `{}`",
            step.id()
        );
    }
    assert!(
        accounts.contains("# expect: left out "),
        "no case shows an operation left out"
    );
}
