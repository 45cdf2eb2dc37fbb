//! One side of a comparison: the spec read from a git revision, the working tree or a file, validated as a
//! comparable document; and its generated code — or the reason it cannot be generated.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::cache::Cache;
use super::rust_api::{self, Api};
use crate::timing::timed;
use crate::{bundle, codegen, spec, validity};

/// Where one side of the comparison comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The spec file as committed at a git revision.
    Revision(String),
    /// The spec file as it is in the working tree.
    WorkTree,
    /// Any file.
    File(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{side}: revision `{rev}` is unknown to git: {detail}")]
    UnknownRevision { side: String, rev: String, detail: String },
    #[error("{side}: there is no {path} at {rev}")]
    NoSpecAtRevision { side: String, path: String, rev: String },
    #[error("{side}: cannot run git: {detail}")]
    Git { side: String, detail: String },
    #[error("{side}: cannot start a thread for it: {detail}")]
    Thread { side: String, detail: String },
    #[error("{side}: cannot read {}", path.display())]
    Read {
        side: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{side}")]
    Spec { side: String, source: spec::SpecError },
    #[error("{side}: the spec's references to other files")]
    Bundle { side: String, source: bundle::BundleError },
}

/// One side, loaded: what it is called and its document.
pub(super) struct Side {
    pub(super) label: String,
    document: Document,
    /// The spec's path as the generated code's header names it.
    shown_path: String,
    /// The files the spec was read from, for the lines of findings.
    pub(super) files: Files,
}

/// A side's document: a valid OpenAPI 3.0 spec, or one that parses but is not valid, compared as far as it can be.
enum Document {
    // Boxed: a spec's typed model is large beside the other variant.
    Valid(Box<spec::Spec>),
    Invalid {
        raw: serde_json::Value,
        problems: Vec<validity::Problem>,
    },
}

impl Side {
    /// The document as JSON: what the API comparison reads.
    pub(super) fn raw(&self) -> &serde_json::Value {
        match &self.document {
            Document::Valid(spec) => &spec.raw,
            Document::Invalid { raw, .. } => raw,
        }
    }

    pub(super) fn raw_mut(&mut self) -> &mut serde_json::Value {
        match &mut self.document {
            Document::Valid(spec) => &mut spec.raw,
            Document::Invalid { raw, .. } => raw,
        }
    }

    /// Change the document by `view` (`cargo xtask drift` narrows the vendor's to our operations). One that was not
    /// valid is validated again: what kept it from being valid may be gone with what the view left out.
    pub(super) fn apply_view(&mut self, view: &super::View) {
        view(self.raw_mut());
        let Document::Invalid { raw, .. } = &self.document else {
            return;
        };
        let path = Path::new(&self.shown_path);
        if let Ok(document) = spec::validate(path, raw) {
            let raw = raw.clone();
            self.document = Document::Valid(Box::new(spec::Spec {
                path: path.to_owned(),
                source: self.files.text.clone(),
                document,
                raw,
            }));
        }
    }

    /// What keeps the document from being valid OpenAPI 3.0 (nothing for a valid one).
    pub(super) fn problems(&self) -> &[validity::Problem] {
        match &self.document {
            Document::Valid(_) => &[],
            Document::Invalid { problems, .. } => problems,
        }
    }
}

/// The text of the spec's file and of the files it refers to, and where the bundle's parts came from.
pub(super) struct Files {
    /// The spec's path: relative to the repository for a revision or the working tree, as given for a file.
    pub(super) root: String,
    pub(super) text: String,
    pub(super) origins: bundle::Origins,
}

impl Files {
    /// The file holding `pointer` (a place in the bundled document), and the pointer within it.
    pub(super) fn place(&self, pointer: &str) -> (&str, String) {
        self.origins.place(pointer).unwrap_or((&self.root, pointer.to_owned()))
    }

    /// The text of one of the files.
    pub(super) fn text_of(&self, file: &str) -> &str {
        match self.origins.texts.get(file) {
            Some(text) => text,
            None if file == self.root => &self.text,
            None => "",
        }
    }
}

/// A side's generated code and its public API (what `cache` stores: all but the code).
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Generated {
    /// A hash of the generated code (every token of it, bodies included: `skeleton.rs`; with `--code`, of the
    /// whole syntax tree): whether the code changed, without formatting it. A syntax tree cannot leave the thread
    /// that built it.
    pub(super) syntax_hash: u64,
    /// The formatted code, when the code diff is asked for (formatting is a tenth of a vendor review's time).
    #[serde(skip)]
    pub(super) code: Option<String>,
    pub(super) api: Api,
    /// The operations the generator could not take and left out (with `--partial`), each with its reason and
    /// place; the report says which side.
    pub(super) left_out: Vec<String>,
    /// How the preparation pinned discriminated subtypes, which a scoped review compares (`Scope::widened`). Not
    /// cached: only a side generated in full is, and a review reads this only of sides it generated in part.
    #[serde(skip)]
    pub(super) pinnings: crate::prepare::Pinnings,
}

/// Read and validate one side; `side` (`base` or `head`) names it in errors.
pub(super) fn load(side: &str, repo: &Path, spec_path: &str, source: &Source) -> Result<Side, DiffError> {
    let (label, text, shown_path, file, origin) = match source {
        Source::Revision(rev) => {
            // Named once: the spec and every file it refers to then come from this one commit.
            let id = commit_of(side, repo, rev)?;
            let (path, text) = spec_at(side, repo, spec_path, &id, rev)?;
            let origin = Origin::Commit { id, rev };
            let read = Read {
                label: format!("{path} at {rev}"),
                text,
                shown_path: format!("{rev}:{path}"),
                file: path.clone(),
                origin,
            };
            return finish(side, repo, &path, read);
        }
        Source::WorkTree => {
            let path = repo.join(spec_path);
            let text = std::fs::read_to_string(&path).map_err(|source| DiffError::Read {
                side: side.to_owned(),
                path,
                source,
            })?;
            let label = format!("{spec_path} in the working tree");
            (
                label,
                text,
                spec_path.to_owned(),
                spec_path.to_owned(),
                Origin::WorkTree,
            )
        }
        Source::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| DiffError::Read {
                side: side.to_owned(),
                path: path.clone(),
                source,
            })?;
            let shown = path.display().to_string();
            (shown.clone(), text, shown.clone(), shown, Origin::File(path))
        }
    };
    let read = Read {
        label,
        text,
        shown_path,
        file,
        origin,
    };
    finish(side, repo, spec_path, read)
}

/// A side's spec text as read, with what it is called and where it came from.
struct Read<'a> {
    label: String,
    text: String,
    shown_path: String,
    /// The spec's file as findings name it.
    file: String,
    origin: Origin<'a>,
}

/// The rest of [`load`], once the spec's text is read: bundled, validated.
fn finish(side: &str, repo: &Path, spec_path: &str, read: Read) -> Result<Side, DiffError> {
    let Read {
        label,
        text,
        shown_path,
        file,
        origin,
    } = read;
    let (bundled, origins) = bundled(side, repo, spec_path, &origin, &text)?;
    let document = read_document(side, &shown_path, bundled.unwrap_or_else(|| text.clone()))?;
    let files = Files {
        root: file,
        text,
        origins,
    };
    Ok(Side {
        label,
        document,
        shown_path,
        files,
    })
}

/// The document in `text`: a valid spec; or, when it is a YAML mapping but not valid OpenAPI 3.0, the document with
/// its problems, to compare as far as it can be. Text that is not a YAML mapping is an error.
fn read_document(side: &str, shown_path: &str, text: String) -> Result<Document, DiffError> {
    let path = Path::new(shown_path);
    let refused = |source| DiffError::Spec {
        side: side.to_owned(),
        source,
    };
    let raw = timed("read yaml", || spec::read_yaml(path, &text)).map_err(refused)?;
    match timed("validate", || spec::validate(path, &raw)) {
        Ok(document) => Ok(Document::Valid(Box::new(spec::Spec {
            path: path.to_owned(),
            source: text,
            document,
            raw,
        }))),
        Err(error) if !raw.is_object() => Err(refused(error)),
        Err(error) => {
            let mut problems = validity::problems(&raw);
            if problems.is_empty() {
                // A check `validity` does not make: its message, unlocated.
                problems.push(validity::Problem {
                    pointer: String::new(),
                    message: error.to_string(),
                });
            }
            Ok(Document::Invalid { raw, problems })
        }
    }
}

/// [`generate`], read from `cache` when it holds this side generated with these options, and stored there when
/// not. Only a valid side generated in full without its code is kept: a scoped one depends on the other side too.
/// `path_filter` is the configuration's, which removed paths from the side's document.
pub(super) fn generate_cached(
    loaded: &Side,
    options: &codegen::Options,
    with_code: bool,
    cache: Option<(&Cache, &str)>,
) -> Result<Generated, String> {
    let Some((cache, key)) = cache.and_then(|cache| Some((cache.0, key(loaded, options, with_code, cache)?))) else {
        return generate(loaded, options, with_code);
    };
    if let Some(outcome) = timed("cache read", || cache.get::<Result<Generated, String>>(&key)) {
        return outcome;
    }
    let outcome = generate(loaded, options, with_code);
    timed("cache write", || {
        cache.put(&key, &outcome);
        if outcome.is_ok() {
            cache.put_generates(&key);
        }
    });
    outcome
}

/// What a cache knows of a side generated in full.
#[derive(Default)]
pub(super) struct Known {
    /// It generates (recorded beside its entry).
    pub(super) generates: bool,
    /// Its entry is there to read back.
    pub(super) held: bool,
}

/// What `cache` knows of `loaded` generated in full with `options`.
pub(super) fn known_in(loaded: &Side, options: &codegen::Options, cache: (&Cache, &str)) -> Known {
    match key(loaded, options, false, cache) {
        Some(key) => Known {
            generates: cache.0.generates(&key),
            held: cache.0.holds(&key),
        },
        None => Known::default(),
    }
}

/// The name of `loaded`'s entry in the cache: only a valid side generated in full without its code has one.
fn key(
    loaded: &Side,
    options: &codegen::Options,
    with_code: bool,
    (cache, path_filter): (&Cache, &str),
) -> Option<String> {
    let (Document::Valid(spec), false, None) = (&loaded.document, with_code, &options.only) else {
        return None;
    };
    let options_text = format!("{options:?}");
    let inputs: [&[u8]; 4] = [
        options_text.as_bytes(),
        loaded.shown_path.as_bytes(),
        path_filter.as_bytes(),
        spec.source.as_bytes(),
    ];
    cache.key(&inputs)
}

/// The code `loaded` generates, with its public API; or why it cannot be generated (the API comparison needs only
/// a valid document, the Rust comparison one the generator takes).
pub(super) fn generate(loaded: &Side, options: &codegen::Options, with_code: bool) -> Result<Generated, String> {
    let spec = match &loaded.document {
        Document::Valid(spec) => spec,
        Document::Invalid { problems, .. } => {
            return Err(format!(
                "{}: not a valid OpenAPI 3.0 document ({} problems, listed in the report)",
                loaded.shown_path,
                problems.len()
            ));
        }
    };
    let left_out = |account: &crate::prepare::Account| {
        account
            .left_out
            .iter()
            .map(|left| format!("{}: {} (at {})", left.operation, left.reason, left.pointer))
            .collect()
    };
    let failed = |e: codegen::CodegenError| format!("{:#}", anyhow::Error::new(e));
    if with_code {
        let generated = codegen::generate_with(spec, &loaded.shown_path, options).map_err(failed)?;
        return Ok(Generated {
            api: timed("public api", || rust_api::public_api_of(&generated.syntax)),
            left_out: left_out(&generated.account),
            pinnings: generated.account.pinnings.clone(),
            code: Some(generated.text()),
            syntax_hash: {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::hash::DefaultHasher::new();
                generated.syntax.hash(&mut hasher);
                hasher.finish()
            },
        });
    }
    // Without the code diff, function bodies are not parsed: the public API is in the signatures.
    let signatures = codegen::generate_signatures(spec, options).map_err(failed)?;
    Ok(Generated {
        api: timed("public api", || rust_api::public_api_of(&signatures.syntax)),
        left_out: left_out(&signatures.account),
        pinnings: signatures.account.pinnings,
        code: None,
        syntax_hash: signatures.code_hash,
    })
}

/// Where one side's files are read from; a revision is resolved to its commit once.
enum Origin<'a> {
    Commit { id: String, rev: &'a str },
    WorkTree,
    File(&'a Path),
}

/// The spec's text made one document when it refers to other files (read from the same commit, the working tree,
/// or beside the file), with where its parts came from; `None` when it is one document already.
fn bundled(
    side: &str,
    repo: &Path,
    spec_path: &str,
    origin: &Origin,
    text: &str,
) -> Result<(Option<String>, bundle::Origins), DiffError> {
    let one_file = Ok((None, bundle::Origins::default()));
    // Most specs are one file: they are not parsed an extra time to find that out.
    if !bundle::may_refer_to_files(text) {
        return one_file;
    }
    let Ok(document) = crate::yaml::parse(text) else {
        return one_file; // not even YAML: the spec's own parsing says where
    };
    if !bundle::has_external_refs(&document) {
        return one_file;
    }
    let (root, read): (String, Box<bundle::ReadFile>) = match origin {
        Origin::Commit { id, rev } => {
            // One `git show` per referenced file.
            (
                spec_path.to_owned(),
                Box::new(move |path: &str| {
                    show_file(side, repo, path, id, rev).map_err(|error| match error {
                        // The bundle error names the side and the file already.
                        DiffError::NoSpecAtRevision { .. } => format!("no such file at {rev}"),
                        other => other.to_string(),
                    })
                }),
            )
        }
        Origin::WorkTree => (
            spec_path.to_owned(),
            Box::new(move |path: &str| std::fs::read_to_string(repo.join(path)).map_err(|e| e.to_string())),
        ),
        Origin::File(path) => (
            std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .to_string_lossy()
                .into_owned(),
            Box::new(|path: &str| std::fs::read_to_string(path).map_err(|e| e.to_string())),
        ),
    };
    let (document, origins) =
        bundle::bundle_with_origins(document, &root, &*read).map_err(|source| DiffError::Bundle {
            side: side.to_owned(),
            source,
        })?;
    Ok((serde_json::to_string_pretty(&document).ok(), origins))
}

/// The spec as committed at `commit`, and the path it had there: `spec_path`, or, when the file was renamed since,
/// the path git sees it renamed from (`git diff -M` between that commit and the working tree). So a review across
/// the spec's rename, `--base` before it, finds the spec without being told its old name.
fn spec_at(side: &str, repo: &Path, spec_path: &str, commit: &str, rev: &str) -> Result<(String, String), DiffError> {
    match show_file(side, repo, spec_path, commit, rev) {
        Ok(text) => Ok((spec_path.to_owned(), text)),
        Err(DiffError::NoSpecAtRevision { .. }) => {
            let renamed = git(
                side,
                repo,
                &["diff", "-M", "--name-status", "--diff-filter=R", commit, "--"],
            )?;
            let listing = String::from_utf8_lossy(&renamed.stdout);
            let old = listing.lines().find_map(|line| {
                let mut fields = line.split('\t');
                let (_status, old, new) = (fields.next()?, fields.next()?, fields.next()?);
                (new == spec_path).then(|| old.to_owned())
            });
            match old {
                Some(old) => show_file(side, repo, &old, commit, rev).map(|text| (old, text)),
                None => Err(DiffError::NoSpecAtRevision {
                    side: side.to_owned(),
                    path: spec_path.to_owned(),
                    rev: rev.to_owned(),
                }),
            }
        }
        Err(other) => Err(other),
    }
}

/// A file as committed at `rev`; `side` names the revision in errors.
pub(crate) fn read_at_revision(side: &str, repo: &Path, spec_path: &str, rev: &str) -> Result<String, DiffError> {
    let commit = commit_of(side, repo, rev)?;
    show_file(side, repo, spec_path, &commit, rev)
}

fn git(side: &str, repo: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| DiffError::Git {
            side: side.to_owned(),
            detail: e.to_string(),
        })
}

/// The commit id `rev` names, or why it names none.
fn commit_of(side: &str, repo: &Path, rev: &str) -> Result<String, DiffError> {
    let unknown = |detail: String| DiffError::UnknownRevision {
        side: side.to_owned(),
        rev: rev.to_owned(),
        detail,
    };
    if rev.starts_with('-') {
        return Err(unknown("a revision may not start with '-'".into()));
    }
    let commit = git(
        side,
        repo,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )?;
    if !commit.status.success() {
        let detail = String::from_utf8_lossy(&commit.stderr).trim().to_owned();
        return Err(unknown(if detail.is_empty() {
            "not a commit in this repository".into()
        } else {
            detail
        }));
    }
    Ok(String::from_utf8_lossy(&commit.stdout).trim().to_owned())
}

/// The file at `path` in `commit` (a commit id); errors name the commit as `rev`, the way the user wrote it.
fn show_file(side: &str, repo: &Path, path: &str, commit: &str, rev: &str) -> Result<String, DiffError> {
    let show = git(side, repo, &["show", &format!("{commit}:{path}")])?;
    if !show.status.success() {
        return Err(DiffError::NoSpecAtRevision {
            side: side.to_owned(),
            path: path.to_owned(),
            rev: rev.to_owned(),
        });
    }
    String::from_utf8(show.stdout).map_err(|_| DiffError::Git {
        side: side.to_owned(),
        detail: format!("{rev}:{path} is not UTF-8"),
    })
}
