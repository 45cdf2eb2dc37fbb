//! The project's build tasks, as a library so that tests can run them in memory.
//!
//! One module per task: [`codegen`] regenerates the client, [`diff`] reviews a spec revision, [`release_check`]
//! judges the crate's version bump against that review, [`changelog`] writes the release's section from it;
//! [`spec`] loads and validates the OpenAPI document that every task reads ([`schema_cycles`]: what the generator
//! cannot take; [`bundle`]: a spec split over files, made one for the review), and [`document`] walks one as JSON
//! (methods, pointers, `$ref`s); [`yaml`] reads spec text within limits.

pub mod bundle;
pub mod changelog;
pub mod codegen;
pub mod diff;
pub mod document;
pub mod lifecycle;
pub mod media_types;
pub mod operations;
pub mod paging;
pub mod patterns;
pub mod positions;
pub mod prepare;
pub mod release_check;
pub mod schema_cycles;
pub mod skeleton;
pub mod spec;
pub mod spec_import;
pub mod timing;
pub mod type_names;
pub mod validity;
pub mod vendor_check;
pub mod vendor_crate;
pub mod vendor_drift;
pub mod vendor_names;
pub mod yaml;

/// The stack for work on one spec. The YAML reader accepts nesting 128 deep ([`yaml`]); parsing, validating,
/// comparing and generating recurse at least once per level, and a debug build (as `cargo xtask` runs) needs more
/// than the 2 MB of a spawned thread there: a 100-level spec overflowed it and aborted `cargo xtask diff`. Only
/// what is used is ever committed.
pub const DEEP_STACK: usize = 256 << 20;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find the workspace: run `cargo xtask` inside a checkout of this repository (no Cargo.toml with an \
     `xtask/` member above {})",
    cwd.display()
)]
pub struct RootError {
    pub cwd: PathBuf,
}

/// The workspace this command works on: tasks resolve their default paths against it.
///
/// Found at run time, never from where the binary was compiled: with a shared target directory (a global
/// `CARGO_TARGET_DIR`, or worktrees kept for reviews) cargo reuses a binary built in another checkout, which would
/// then read and write that checkout. `cargo run` (so `cargo xtask`) and `cargo test` set `CARGO_MANIFEST_DIR` to
/// this package in the checkout they run in; otherwise the nearest workspace above the current directory is used.
pub fn project_root() -> Result<PathBuf, RootError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    root_from(std::env::var_os("CARGO_MANIFEST_DIR"), &cwd).ok_or(RootError { cwd })
}

fn root_from(manifest_dir: Option<OsString>, cwd: &Path) -> Option<PathBuf> {
    if let Some(parent) = manifest_dir.as_ref().map(Path::new).and_then(Path::parent) {
        return Some(parent.to_owned());
    }
    cwd.ancestors().find(|dir| is_workspace(dir)).map(Path::to_owned)
}

/// A directory whose `Cargo.toml` declares a workspace and that holds the `xtask` package.
fn is_workspace(dir: &Path) -> bool {
    let declares_workspace = std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"));
    declares_workspace && dir.join("xtask/Cargo.toml").is_file()
}

/// How `path` is named in generated headers and messages: relative to the workspace root when inside it, so
/// output does not depend on where the repository was cloned.
pub fn display_path(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let root = project_root()
        .ok()
        .map(|root| std::fs::canonicalize(&root).unwrap_or(root));
    let shown = root
        .as_deref()
        .and_then(|root| absolute.strip_prefix(root).ok())
        .unwrap_or(path);
    // Forward slashes on every platform; the root of an absolute path is the empty first part (`/tmp`, not `//tmp`).
    shown
        .components()
        .map(|c| match c {
            std::path::Component::RootDir => "".into(),
            other => other.as_os_str().to_string_lossy(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_parent_of_the_manifest_dir_cargo_names() {
        let root = root_from(Some("/checkouts/b/xtask".into()), Path::new("/elsewhere"));
        assert_eq!(root, Some(PathBuf::from("/checkouts/b")));
    }

    #[test]
    fn without_cargo_the_nearest_workspace_above_the_current_directory_is_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = [\"xtask\"]\n").unwrap();
        std::fs::create_dir_all(dir.path().join("xtask")).unwrap();
        std::fs::write(dir.path().join("xtask/Cargo.toml"), "[package]\n").unwrap();
        let deep = dir.path().join("spec/sub");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(root_from(None, &deep).as_deref(), Some(dir.path()));

        let outside = tempfile::tempdir().unwrap();
        assert_eq!(root_from(None, outside.path()), None);
    }

    #[test]
    fn paths_are_shown_relative_to_the_workspace_or_whole_with_one_leading_slash() {
        let root = project_root().unwrap();
        assert_eq!(display_path(&root.join("spec/x.yaml")), "spec/x.yaml");
        assert_eq!(display_path(Path::new("/no/such/dir/x.rs")), "/no/such/dir/x.rs");
    }
}
