//! The project's build tasks, as a library so that tests can run them in memory.
//!
//! One module per task: [`codegen`] regenerates the client, [`diff`] reviews a spec revision; [`spec`] loads and
//! validates the OpenAPI document that every task reads.

pub mod codegen;
pub mod diff;
pub mod lifecycle;
pub mod media_types;
pub mod operations;
pub mod spec;

use std::path::{Path, PathBuf};

/// The workspace root: tasks resolve their default paths against it, whatever the current directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}

/// How `path` is named in generated headers and messages: relative to the workspace root when inside it, so
/// output does not depend on where the repository was cloned.
pub fn display_path(path: &Path) -> String {
    let root = project_root();
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let shown = absolute.strip_prefix(&root).unwrap_or(path);
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
