//! A document that parses but is not valid OpenAPI 3.0 is compared as far as it goes, its problems listed, located,
//! once per side; `cargo xtask codegen` stays strict.

use std::process::Command;

const SLIPS: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      responses:
        '200':
          content:
            application/json:
              schema: {type: object, properties: {size: {type: integer}}}
  /other:
    post: {}
";

fn xtask(args: &[&str], dir: &std::path::Path) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_MANIFEST_DIR", dir)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn validity_slips_are_listed_and_the_rest_compared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.yaml"), SLIPS).unwrap();
    std::fs::write(
        dir.path().join("head.yaml"),
        SLIPS.replace("{type: integer}", "{type: string}"),
    )
    .unwrap();
    let repo = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = xtask(
        &["diff", "--repo", repo, "base.yaml", "head.yaml", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["api_changes"][0]["rule"], "response-property-type-changed",
        "{report}"
    );
    let problems: Vec<&str> = report["validity_problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 6, "three per side: {problems:#?}");
    assert!(problems.contains(&"base: base.yaml:13:5: missing field `responses` (at /paths/~1other/post)"));
    assert!(
        problems
            .contains(&"head: head.yaml:8:9: missing field `description` (at /paths/~1things~1{id}/get/responses/200)")
    );
    assert!(problems.contains(
        &"head: head.yaml:5:5: path parameter `id` appears in `/things/{id}` but is not declared (at /paths/~1things~1{id}/get/parameters)"
    ));
    // Nothing is generated from an invalid document: the Rust half says why.
    assert!(
        report["rust_skipped"]
            .as_str()
            .unwrap()
            .contains("not a valid OpenAPI 3.0 document (3 problems")
    );
    assert_eq!(report["semver"], "unknown");

    // Text that is not a YAML mapping is still refused, naming the side.
    std::fs::write(dir.path().join("head.yaml"), "- just\n- a list\n").unwrap();
    let (code, _, stderr) = xtask(&["diff", "--repo", repo, "base.yaml", "head.yaml"], dir.path());
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("head: head.yaml at the document root: the document must be a YAML mapping"),
        "{stderr}"
    );
}

#[test]
fn codegen_stays_strict_on_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slips.yaml"), SLIPS).unwrap();
    let out = dir.path().join("out.rs");
    let (code, _, stderr) = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(dir.path().join("slips.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .map(|o| {
            (
                o.status.code(),
                o.stdout,
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_ne!(code, Some(0));
    assert!(stderr.contains("slips.yaml"), "{stderr}");
    assert!(!out.exists(), "nothing written");
}
