//! `cargo xtask` (this package alone) and `cargo test --workspace` (every package, with dev-dependencies) enable
//! the same features of every dependency they share, so the second README command reuses what the first built
//! instead of rebuilding syn, serde, typify and progenitor. xtask's `Cargo.toml` asks for the features the test
//! build adds (its `unify-*` dependencies); this test fails, naming the crate and the features, when a change of
//! dependencies makes the two differ again.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Every package of a build with the features cargo enables on it: `cargo tree` with `args`.
fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let root = xtask::project_root().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["tree", "--locked", "--offline", "--prefix", "none", "--format", "{p}|{f}"])
        .args(args)
        .output()
        .expect("run cargo tree");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((package, enabled)) = line.split_once('|') else { continue };
        let package = package.trim_end_matches(" (*)").trim().to_owned();
        let enabled = enabled.trim_end_matches(" (*)");
        found
            .entry(package)
            .or_default()
            .extend(enabled.split(',').filter(|f| !f.is_empty()).map(str::to_owned));
    }
    found
}

#[test]
fn the_xtask_build_enables_what_the_test_build_enables() {
    let xtask = features(&["--package", "xtask", "--edges", "normal,build"]);
    let workspace = features(&["--workspace", "--edges", "normal,build,dev"]);
    assert!(xtask.keys().any(|p| p.starts_with("progenitor-impl ")), "{:?}", xtask.keys());
    let differ: Vec<String> = xtask
        .iter()
        .filter_map(|(package, enabled)| {
            let test_build = workspace.get(package)?;
            (enabled != test_build).then(|| {
                let missing: Vec<&String> = test_build.difference(enabled).collect();
                format!("{package}: the test build also enables {missing:?}")
            })
        })
        .collect();
    assert!(
        differ.is_empty(),
        "add these features to the `unify-*` dependencies of xtask/Cargo.toml:\n{}",
        differ.join("\n")
    );
}
