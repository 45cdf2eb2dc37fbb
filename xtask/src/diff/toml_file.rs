//! The review's own files — its configuration and the accepted changes — are TOML; both report a problem as the
//! file and line, and both treat a missing default file as empty.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// Why one of the review's files cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TomlFileError {
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
}

/// The text of `path`; `None` when it does not exist and need not.
pub(super) fn read(path: &Path, required: bool) -> Result<Option<String>, TomlFileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TomlFileError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// `text` (of `path`) read as `T`; a syntax error, an unknown key or a wrong value is located.
pub(super) fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, TomlFileError> {
    toml::from_str(text).map_err(|e| invalid(path, e.span().map(|s| line_of(text, s.start)), e.message().into()))
}

/// An error at `line` of `path`.
pub(super) fn invalid(path: &Path, line: Option<usize>, message: String) -> TomlFileError {
    TomlFileError::Invalid {
        path: path.to_owned(),
        line,
        message,
    }
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
