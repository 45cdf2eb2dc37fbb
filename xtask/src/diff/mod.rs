//! `cargo xtask diff`: what a spec revision changes in the API, in the generated Rust API, and whether it breaks.
//!
//! - [`api`] compares the two OpenAPI documents (rules with oasdiff's ids and levels);
//! - [`rust_api`] generates both revisions' code in memory and compares their public items;
//! - [`report`] joins them, ties API findings to the Rust items they touch, and renders text, markdown or JSON.

pub mod api;
pub mod render;
pub mod report;
pub mod rules;
pub mod rust_api;

use std::path::{Path, PathBuf};
use std::process::Command;

use heck::{ToPascalCase, ToSnakeCase};

use crate::{codegen, spec};
use api::{Finding, Target};
use report::Report;
use rust_api::{Api, RustChange};

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
    #[error("{side}: cannot read {}", path.display())]
    Read {
        side: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{side}")]
    Spec { side: String, source: spec::SpecError },
}

/// One side, loaded: what it is called, its spec, and the code it generates — or why it cannot be generated.
struct Side {
    label: String,
    spec: spec::Spec,
    rust: Result<Generated, String>,
}

/// A side's generated code and its public API.
struct Generated {
    code: String,
    api: Api,
}

/// Compare the spec at `base` with the spec at `head`. `spec_path` is the spec's path relative to `repo` (for
/// revisions and the working tree).
pub fn run(repo: &Path, spec_path: &str, base: &Source, head: &Source, with_code: bool) -> Result<Report, DiffError> {
    let base = load("base", repo, spec_path, base)?;
    let head = load("head", repo, spec_path, head)?;

    let mut findings = api::compare(&base.spec.raw, &head.spec.raw);
    let rust = match (&base.rust, &head.rust) {
        (Ok(old), Ok(new)) => {
            let rust_changes = rust_api::compare(&old.api, &new.api);
            for finding in &mut findings {
                finding.rust_items = tie(finding, &rust_changes, &old.api, &new.api);
            }
            // Compare without the headers: they name the revision and hash the spec, which always differ.
            let (old_body, new_body) = (strip_header(&old.code), strip_header(&new.code));
            let code_diff = with_code
                .then(|| codegen::drift(old_body, new_body, codegen::DEFAULT_OUT))
                .flatten();
            report::RustImpact::Compared {
                changes: rust_changes,
                code_changed: old_body != new_body,
                code_diff,
            }
        }
        (Err(why), _) => report::RustImpact::Skipped(format!("base: {why}")),
        (_, Err(why)) => report::RustImpact::Skipped(format!("head: {why}")),
    };
    Ok(Report::new(base.label, head.label, findings, rust))
}

fn load(side: &str, repo: &Path, spec_path: &str, source: &Source) -> Result<Side, DiffError> {
    let (label, text, shown_path) = match source {
        Source::Revision(rev) => (
            format!("{spec_path} at {rev}"),
            read_at_revision(side, repo, spec_path, rev)?,
            format!("{rev}:{spec_path}"),
        ),
        Source::WorkTree => {
            let path = repo.join(spec_path);
            let text = std::fs::read_to_string(&path).map_err(|source| DiffError::Read {
                side: side.to_owned(),
                path,
                source,
            })?;
            (format!("{spec_path} in the working tree"), text, spec_path.to_owned())
        }
        Source::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| DiffError::Read {
                side: side.to_owned(),
                path: path.clone(),
                source,
            })?;
            (path.display().to_string(), text, path.display().to_string())
        }
    };
    let spec = spec::parse(Path::new(&shown_path), text).map_err(|source| DiffError::Spec {
        side: side.to_owned(),
        source,
    })?;
    // The API comparison needs only a valid document; the Rust comparison needs one the generator takes.
    let rust = codegen::generate_with_syntax(&spec, &shown_path)
        .map_err(|e| format!("{:#}", anyhow::Error::new(e)))
        .map(|generated| Generated {
            api: rust_api::public_api_of(&generated.syntax),
            code: generated.text,
        });
    Ok(Side { label, spec, rust })
}

fn read_at_revision(side: &str, repo: &Path, spec_path: &str, rev: &str) -> Result<String, DiffError> {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .map_err(|e| DiffError::Git {
                side: side.to_owned(),
                detail: e.to_string(),
            })
    };
    if rev.starts_with('-') {
        return Err(DiffError::UnknownRevision {
            side: side.to_owned(),
            rev: rev.to_owned(),
            detail: "a revision may not start with '-'".into(),
        });
    }
    let commit = git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])?;
    if !commit.status.success() {
        let detail = String::from_utf8_lossy(&commit.stderr).trim().to_owned();
        return Err(DiffError::UnknownRevision {
            side: side.to_owned(),
            rev: rev.to_owned(),
            detail: if detail.is_empty() {
                "not a commit in this repository".into()
            } else {
                detail
            },
        });
    }
    let show = git(&["show", &format!("{rev}:{spec_path}")])?;
    if !show.status.success() {
        return Err(DiffError::NoSpecAtRevision {
            side: side.to_owned(),
            path: spec_path.to_owned(),
            rev: rev.to_owned(),
        });
    }
    String::from_utf8(show.stdout).map_err(|_| DiffError::Git {
        side: side.to_owned(),
        detail: format!("{rev}:{spec_path} is not UTF-8"),
    })
}

fn strip_header(code: &str) -> &str {
    let mut rest = code;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, tail)| tail);
    }
    rest
}

/// The Rust changes a finding causes, as "removes field `types::Job::failed`".
///
/// An operation maps to its client method and builder, a parameter to its builder setter, a property to its field
/// and builder setter, a schema to its type; each also reaches the types its items' signatures name, so that an
/// enum value added to a property is tied to the variant added to the property's enum.
fn tie(finding: &Finding, changes: &[RustChange], old: &Api, new: &Api) -> Vec<String> {
    let lookup = |path: &str| new.get(path).or_else(|| old.get(path));
    let mut operation_ids: Vec<&str> = finding.operation_id.as_deref().into_iter().collect();
    if finding.rule == api::Rule::ApiOperationIdRemoved {
        operation_ids.extend(finding.old.as_deref());
    }
    // The items the finding is directly about. The names are formed once per finding: this runs for every item of
    // both APIs, tens of thousands on a vendor-scale spec.
    let operations: Vec<(String, String, String)> = operation_ids
        .iter()
        .map(|id| {
            let builder = format!("builder::{}", id.to_pascal_case());
            (
                format!("Client::{}", id.to_snake_case()),
                format!("{builder}::"),
                builder,
            )
        })
        .collect();
    let setters: Vec<String> = match &finding.target {
        Target::Parameter(name) => operation_ids
            .iter()
            .map(|id| format!("builder::{}::{}", id.to_pascal_case(), name.to_snake_case()))
            .collect(),
        _ => Vec::new(),
    };
    let schema_types: Vec<[String; 4]> = match &finding.target {
        Target::Schema { old: was, new: is } => [was, is]
            .iter()
            .map(|name| {
                let ty = name.to_pascal_case();
                [
                    format!("types::{ty}"),
                    format!("types::{ty}::"),
                    format!("types::builder::{ty}"),
                    format!(" for {ty}"),
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    let property_type = match &finding.target {
        Target::Property { schema, .. } => schema.as_ref().map(|s| s.to_pascal_case()),
        _ => None,
    };
    let direct = |item: &str| -> bool {
        match &finding.target {
            Target::None => false,
            Target::Operation => operations.iter().any(|(client, builder_prefix, builder)| {
                item == client || item == builder || item.starts_with(builder_prefix.as_str())
            }),
            Target::Parameter(_) => setters.iter().any(|setter| item == setter),
            Target::Property { schema, property } => {
                let (owner, name) = item.rsplit_once("::").unwrap_or_default();
                let ty = owner
                    .strip_prefix("types::builder::")
                    .or_else(|| owner.strip_prefix("types::"));
                let type_matches = |ty: &str| schema.is_none() || property_type.as_deref() == Some(ty);
                // The field carrying the property, and the setter of the same name on the type's builder.
                let carries = |path: &str| lookup(path).and_then(|i| i.json_name.as_deref()) == Some(property.as_str());
                ty.is_some_and(|ty| type_matches(ty) && (carries(item) || carries(&format!("types::{ty}::{name}"))))
            }
            Target::Schema { .. } => schema_types.iter().any(|[ty, inner, builder, for_ty]| {
                item == ty
                    || item.starts_with(inner.as_str())
                    || item.starts_with(builder.as_str())
                    || item.ends_with(for_ty.as_str())
            }),
        }
    };
    let direct_changes: Vec<&RustChange> = changes.iter().filter(|c| direct(&c.item)).collect();
    // Types named in the signatures of the direct items (or of the unchanged items they are about).
    let mut named_types = std::collections::BTreeSet::new();
    for change in &direct_changes {
        for signature in [&change.old, &change.new].into_iter().flatten() {
            named_types.extend(type_names(signature));
        }
    }
    // Only the items under the names the finding is about are candidates: a range of each (sorted) API, not a scan
    // of all of it per finding.
    let mut prefixes: Vec<String> = operations
        .iter()
        .flat_map(|(client, _, builder)| [client.clone(), builder.clone()])
        .chain(setters.iter().cloned())
        .collect();
    match &finding.target {
        Target::Property { schema: Some(_), .. } => {
            let ty = property_type.clone().unwrap_or_default();
            prefixes.extend([format!("types::{ty}::"), format!("types::builder::{ty}::")]);
        }
        Target::Property { schema: None, .. } => prefixes.push("types::".into()),
        Target::Schema { .. } => prefixes.push(String::new()), // impls name the type at their end: scan all
        _ => {}
    }
    for api in [old, new] {
        for prefix in &prefixes {
            let under = api.range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded));
            for (path, item) in under.take_while(|(path, _)| path.starts_with(prefix.as_str())) {
                if direct(path) {
                    named_types.extend(type_names(&item.signature));
                }
            }
        }
    }
    let via_type = |change: &RustChange| {
        let owner = change.item.rsplit_once("::").map_or("", |(owner, _)| owner);
        owner.strip_prefix("types::").is_some_and(|ty| named_types.contains(ty))
            && matches!(change.kind, rust_api::Kind::Variant | rust_api::Kind::Field)
    };
    changes
        .iter()
        .filter(|c| direct_changes.contains(c) || via_type(c))
        .map(|c| {
            let verb = match c.change {
                rust_api::ChangeKind::Removed => "removes",
                rust_api::ChangeKind::Changed => "changes",
                rust_api::ChangeKind::Added => "adds",
            };
            format!("{verb} {} `{}`", c.kind.as_str(), c.item)
        })
        .collect()
}

/// The identifiers in a signature that look like type names (`Option<ThingKind>` → `Option`, `ThingKind`).
fn type_names(signature: &str) -> impl Iterator<Item = String> + '_ {
    signature
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
}
