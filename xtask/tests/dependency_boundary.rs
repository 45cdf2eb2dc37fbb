//! The generator's crates never reach applications that depend on `generated-client`.

use std::process::Command;

const GENERATOR_CRATES: &[&str] = &[
    "progenitor",
    "progenitor-impl",
    "typify",
    "typify-impl",
    "openapiv3",
    "prettyplease",
];

/// Crate names in `cargo tree -p generated-client` with the given edge kinds.
fn tree(edges: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "generated-client",
            "--prefix",
            "none",
            "-e",
            edges,
        ])
        .current_dir(xtask::project_root().unwrap())
        .output()
        .expect("run cargo tree");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn generated_client_has_no_generator_crate_in_its_tree() {
    let crates = tree("normal,build,dev");
    assert!(
        crates.iter().any(|c| c == "progenitor-client"),
        "the tree was read: {crates:?}"
    );
    let leaked: Vec<&String> = crates
        .iter()
        .filter(|c| GENERATOR_CRATES.contains(&c.as_str()))
        .collect();
    assert!(
        leaked.is_empty(),
        "generator crates in generated-client's tree: {leaked:?}"
    );
}

#[test]
fn syn_and_quote_come_only_through_derive_macros() {
    let crates = tree("normal,build,no-proc-macro");
    let leaked: Vec<&String> = crates.iter().filter(|c| *c == "syn" || *c == "quote").collect();
    assert!(leaked.is_empty(), "syn/quote outside proc-macros: {leaked:?}");
}

#[test]
fn applications_that_do_not_test_with_the_mocks_pay_nothing_for_them() {
    let crates = tree("normal");
    assert!(
        !crates.iter().any(|c| c == "httpmock"),
        "httpmock is in generated-client's tree without the `mock` feature: {crates:?}"
    );
}
