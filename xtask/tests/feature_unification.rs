//! `cargo xtask` (this package alone) and `cargo test --workspace` (every package, with dev-dependencies) enable
//! the same features of every dependency they share, so the second README command reuses what the first built
//! instead of rebuilding syn, serde, typify and progenitor. xtask's `Cargo.toml` asks for the features the test
//! build adds (its `unify-*` dependencies); this test fails, naming the crate and the features, when a change of
//! dependencies makes the two differ again.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Every package of a build with the feature sets cargo enables on it (one for the code, one for the host when proc
/// macros or build scripts use it too): `cargo tree` with `args`.
fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let root = xtask::project_root().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "tree",
            "--locked",
            "--offline",
            "--prefix",
            "none",
            "--format",
            "{p}|{f}",
        ])
        .args(args)
        .output()
        .expect("run cargo tree");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((package, enabled)) = line.split_once('|') else {
            continue;
        };
        let package = package.trim_end_matches(" (*)").trim().to_owned();
        let enabled = enabled.trim_end_matches(" (*)").to_owned();
        found.entry(package).or_default().insert(enabled);
    }
    found
}

#[test]
fn the_xtask_build_enables_what_the_test_build_enables() {
    let xtask = features(&["--package", "xtask", "--edges", "normal,build"]);
    let workspace = features(&["--workspace", "--edges", "normal,build,dev"]);
    assert!(
        xtask.keys().any(|p| p.starts_with("progenitor-impl ")),
        "{:?}",
        xtask.keys()
    );
    let differ: Vec<String> = xtask
        .iter()
        .filter_map(|(package, enabled)| {
            let test_build = workspace.get(package)?;
            (enabled != test_build).then(|| format!("{package}: {enabled:?} here, {test_build:?} in the test build"))
        })
        .collect();
    assert!(
        differ.is_empty(),
        "make the `unify-*` dependencies of xtask/Cargo.toml ask for the test build's feature sets:\n{}",
        differ.join("\n")
    );
}
