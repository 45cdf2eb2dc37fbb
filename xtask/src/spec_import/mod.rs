//! `cargo xtask spec import`: take operations from the vendor's published document into our spec.
//!
//! Each operation is found by its operationId or the SDK name the vendor gives it, kept in one version (our spec's,
//! or the one asked for: `select`), and written with every component it reaches into our spec's text, in our
//! style (`text`). A component of ours is reused: one our operations use at the same place as the vendor's
//! (`vendor_names`), or one with the same name and content; one with the same name and other content is a
//! conflict. The result must read back as exactly the document intended, validate and generate before anything
//! is written: on any error the spec is left as it was.

mod select;
mod text;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::prepare::ApiVersion;
use crate::vendor_names::{self, Component};
use crate::{codegen, spec};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("reading {what}")]
    Document {
        what: &'static str,
        #[source]
        source: spec::SpecError,
    },
    #[error(
        "the vendor's document has no operation `{id}` (by operationId or SDK name){}",
        similar_ones(similar)
    )]
    UnknownOperation { id: String, similar: Vec<String> },
    #[error("`{id}` is already in our spec: {method} {path}")]
    AlreadyThere { id: String, method: String, path: String },
    #[error(
        "`{id}` is at `{path}`, which our spec spells `{ours}`: the same path with other parameter names; import it \
         after renaming ours, or add it by hand"
    )]
    SpelledOtherwise { id: String, path: String, ours: String },
    #[error("`{id}` is not offered in version {wanted}; it has {}: pass `--api-version` with one of them", offered.join(", "))]
    NoVersion {
        id: String,
        wanted: String,
        offered: Vec<String>,
    },
    #[error(
        "the vendor's component `{vendor}` would be our `{component}`, which differs at {difference}; rename ours, \
         or pass `--keep-ours` to use ours as it is"
    )]
    Conflict {
        component: String,
        vendor: String,
        difference: String,
    },
    #[error("the vendor's document refers to `{reference}`, which it does not have")]
    Unresolved { reference: String },
    #[error("`{id}` requires the security scheme `{scheme}`, which our spec does not have")]
    UnknownSecurity { id: String, scheme: String },
    #[error("after the import our spec would not be valid, so nothing was written")]
    Invalid(#[source] spec::SpecError),
    #[error("after the import our spec would not generate, so nothing was written")]
    Ungeneratable(#[source] codegen::CodegenError),
    #[error("cannot import: {0}")]
    Internal(String),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: codegen::CodegenError,
    },
}

fn similar_ones(similar: &[String]) -> String {
    match similar {
        [] => String::new(),
        _ => format!("; similar: {}", similar.join(", ")),
    }
}

/// What to import.
pub struct Request<'a> {
    /// The vendor's published document.
    pub vendor: &'a Path,
    pub operation_ids: &'a [String],
    /// The version to take [default: the newest our spec uses; an operation's newest when ours has none].
    pub api_version: Option<ApiVersion>,
    /// Reuse a component of ours that has the vendor's name but other content, instead of refusing.
    pub keep_ours: bool,
}

/// What an import wrote, or would write.
#[derive(Debug)]
pub struct Imported {
    /// The spec's new text.
    pub text: String,
    /// `GET /path (operationId)` per operation, with the version taken.
    pub operations: Vec<String>,
    /// Components added, as `kind/name`.
    pub added: Vec<String>,
    /// Components of ours reused: `kind/ours` for the vendor's `kind/theirs`, and why.
    pub reused: Vec<String>,
}

/// Import into the spec at `spec_path` and write it (atomically); nothing is written on any error.
pub fn run(spec_path: &Path, request: &Request) -> Result<Imported, ImportError> {
    let imported = plan(spec_path, request)?;
    codegen::write_atomically(spec_path, &imported.text).map_err(|source| ImportError::Write {
        path: spec_path.to_owned(),
        source,
    })?;
    Ok(imported)
}

/// What importing into the spec at `spec_path` would write, checked: it reads back as intended, validates and
/// generates.
pub fn plan(spec_path: &Path, request: &Request) -> Result<Imported, ImportError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| ImportError::Read {
            path: path.to_owned(),
            source,
        })
    };
    let our_text = read(spec_path)?;
    let ours = spec::read_yaml(spec_path, &our_text).map_err(|source| ImportError::Document {
        what: "our spec",
        source,
    })?;
    let theirs = spec::read_yaml(request.vendor, &read(request.vendor)?).map_err(|source| ImportError::Document {
        what: "the vendor's document",
        source,
    })?;
    let wanted = request
        .api_version
        .clone()
        .or_else(|| crate::prepare::newest_version(&ours));

    let mut found = Vec::new();
    let mut operations = Vec::new();
    for id in request.operation_ids {
        let mut one = select::find(&theirs, id)?;
        let taken_id = ours_with_id(&ours, &one.operation_id);
        if select::has_operation(&ours, &one.path, one.method) || taken_id.is_some() {
            let (method, path) = taken_id.unwrap_or((one.method.to_ascii_uppercase(), one.path.clone()));
            return Err(ImportError::AlreadyThere {
                id: id.clone(),
                method,
                path,
            });
        }
        if let Some(ours_spelling) = select::spelled_otherwise(&ours, &one.path) {
            return Err(ImportError::SpelledOtherwise {
                id: id.clone(),
                path: one.path.clone(),
                ours: ours_spelling.to_owned(),
            });
        }
        if found
            .iter()
            .any(|other: &select::Found| other.path == one.path && other.method == one.method)
        {
            continue;
        }
        let version = select::keep_version(&mut one, wanted.as_ref())?;
        check_security(&ours, &one)?;
        operations.push(format!(
            "{} {} ({}{})",
            one.method.to_ascii_uppercase(),
            one.path,
            one.operation_id,
            version.map(|v| format!(", version {v}")).unwrap_or_default()
        ));
        found.push(one);
    }

    let by_place = vendor_names::ours_by_theirs(&ours, &theirs, vendor_names::same_operations(&ours, &theirs));
    let operation_values: Vec<&Value> = found.iter().map(|one| &one.operation).collect();
    let components = select::components(&operation_values, &ours, &theirs, &by_place, request.keep_ours)?;
    let rename = |component: &Component| components.names.get(component).cloned();

    let mut expected = ours.clone();
    let mut lines = text::Lines::new(&our_text);
    for one in &mut found {
        vendor_names::rewrite_references(&mut one.operation, &rename);
        add_operation(&mut expected, &mut lines, one)?;
    }
    for ((kind, name), value) in &components.added {
        let entry = Value::Object([(name.clone(), value.clone())].into_iter().collect());
        lines.append(&["components", kind], &text::yaml(&entry, 4)?)?;
        let section = expected
            .as_object_mut()
            .map(|doc| {
                doc.entry("components")
                    .or_insert_with(|| Value::Object(Default::default()))
            })
            .and_then(Value::as_object_mut)
            .map(|components| {
                components
                    .entry(kind.clone())
                    .or_insert_with(|| Value::Object(Default::default()))
            });
        match section.and_then(Value::as_object_mut) {
            Some(section) => {
                section.insert(name.clone(), value.clone());
            }
            None => return Err(ImportError::Internal(format!("`components.{kind}` is not a mapping"))),
        }
    }
    add_tags(&mut expected, &mut lines, &theirs, &found)?;

    let new_text = lines.text();
    let read_back = spec::read_yaml(spec_path, &new_text).map_err(|e| ImportError::Internal(e.to_string()))?;
    if read_back != expected {
        return Err(ImportError::Internal(
            "the written YAML does not read back as the document intended (a layout of our spec this import does \
             not know how to insert into)"
                .into(),
        ));
    }
    let spec = spec::parse(spec_path, new_text.clone()).map_err(ImportError::Invalid)?;
    codegen::generate(&spec, &spec_path.display().to_string()).map_err(ImportError::Ungeneratable)?;

    let name = |(kind, name): &Component| format!("{kind}/{name}");
    Ok(Imported {
        text: new_text,
        operations,
        added: components.added.keys().map(name).collect(),
        reused: components
            .reused
            .iter()
            .map(|(theirs, (ours, why))| format!("{}/{ours} for the vendor's {} ({why})", theirs.0, name(theirs)))
            .collect(),
    })
}

/// Our operation that already has the operationId `id`: its method and path.
fn ours_with_id(ours: &Value, id: &str) -> Option<(String, String)> {
    let paths = ours.get("paths").and_then(Value::as_object)?;
    paths.iter().find_map(|(path, item)| {
        crate::document::operations_of(item)
            .find(|(_, operation)| operation.get("operationId").and_then(Value::as_str) == Some(id))
            .map(|(method, _)| (method.to_ascii_uppercase(), path.clone()))
    })
}

/// An operation that names its own security schemes must name ones our spec has.
fn check_security(ours: &Value, one: &select::Found) -> Result<(), ImportError> {
    let schemes = ours.pointer("/components/securitySchemes").and_then(Value::as_object);
    let requirements = one
        .operation
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for scheme in requirements.filter_map(Value::as_object).flat_map(|r| r.keys()) {
        if !schemes.is_some_and(|schemes| schemes.contains_key(scheme)) {
            return Err(ImportError::UnknownSecurity {
                id: one.operation_id.clone(),
                scheme: scheme.clone(),
            });
        }
    }
    Ok(())
}

/// Write the operation under its path: a new path item at the end of `paths`, or a new method in ours.
fn add_operation(expected: &mut Value, lines: &mut text::Lines, one: &select::Found) -> Result<(), ImportError> {
    let paths = expected
        .as_object_mut()
        .map(|doc| doc.entry("paths").or_insert_with(|| Value::Object(Default::default())))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| ImportError::Internal("`paths` is not a mapping".into()))?;
    let method_entry = Value::Object([(one.method.to_owned(), one.operation.clone())].into_iter().collect());
    match paths.get_mut(&one.path).and_then(Value::as_object_mut) {
        Some(item) => {
            item.insert(one.method.to_owned(), one.operation.clone());
            lines.append(&["paths", &one.path], &text::yaml(&method_entry, 4)?)
        }
        None => {
            paths.insert(one.path.clone(), method_entry.clone());
            let entry = Value::Object([(one.path.clone(), method_entry)].into_iter().collect());
            lines.append(&["paths"], &text::yaml(&entry, 2)?)
        }
    }
}

/// Add to the spec's `tags` those the operations use that it lacks, with the vendor's descriptions.
fn add_tags(
    expected: &mut Value,
    lines: &mut text::Lines,
    theirs: &Value,
    found: &[select::Found],
) -> Result<(), ImportError> {
    let used = found
        .iter()
        .flat_map(|one| {
            one.operation
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(Value::as_str);
    let declared = |doc: &Value, name: &str| {
        doc.get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|tag| tag.get("name").and_then(Value::as_str) == Some(name))
            .cloned()
    };
    let mut new_tags = Vec::new();
    for name in used {
        if declared(expected, name).is_some() || new_tags.iter().any(|tag: &Value| tag["name"] == name) {
            continue;
        }
        new_tags.push(declared(theirs, name).unwrap_or_else(|| serde_json::json!({ "name": name })));
    }
    if new_tags.is_empty() {
        return Ok(());
    }
    lines.append(&["tags"], &text::yaml(&Value::Array(new_tags.clone()), 2)?)?;
    let tags = expected
        .as_object_mut()
        .map(|doc| doc.entry("tags").or_insert_with(|| Value::Array(Vec::new())))
        .and_then(Value::as_array_mut)
        .ok_or_else(|| ImportError::Internal("`tags` is not a list".into()))?;
    tags.extend(new_tags);
    Ok(())
}
