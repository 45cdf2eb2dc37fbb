//! `cargo xtask drift`: what our spec lacks or says differently from the vendor's published document.
//!
//! The review of `cargo xtask diff`, with our spec as the base and the vendor's document as the head, narrowed to
//! the operations our spec has (matched by method and path) and generated at the API version our spec uses: every
//! finding is something the vendor says and we do not (a property Atlas added, an enum value, a newer version of
//! one of our operations, a deprecation or sunset, a constraint), with what it would change in our Rust API. The
//! deliberate deviations our spec makes (`[[deviation]]` in the accepted changes, see `diff/acceptance.rs`) are
//! counted, not listed; the operations the vendor no longer publishes are named. The vendor's component schemas
//! take our names where our operations use them (`vendor_names`), so that the Rust half compares the same types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff::acceptance::{self, Deviation};
use crate::diff::api::{Rule, normalize_template};
use crate::diff::report::{NotPublished, Report};
use crate::diff::{self, Config, DiffError, Source};
use crate::document::operations_of;
use crate::{codegen, spec, vendor_names};

mod listing;

#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    #[error("cannot read our spec {}", path.display())]
    ReadOurs { path: PathBuf, source: std::io::Error },
    #[error("our spec")]
    Ours(#[source] spec::SpecError),
    #[error("our spec {} has no operation to compare", path.display())]
    NoOperations { path: PathBuf },
    #[error("cannot compare our spec with the vendor's document")]
    Review(#[source] DiffError),
}

/// One operation of our spec, as drift matches it in the vendor's document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ours {
    method: &'static str,
    path: String,
    operation_id: Option<String>,
}

impl Ours {
    /// How findings name the operation: `GET /path`.
    fn name(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }
}

/// Compare our spec (`spec_path` in the working tree of `repo`) with the vendor's document at `vendor`, under
/// `config` (its path filter and levels), quieting `deviations`. `today` judges sunsets and deviations' dates.
pub fn run(
    repo: &Path,
    spec_path: &str,
    vendor: &Path,
    config: &Config,
    deviations: &[Deviation],
    today: chrono::NaiveDate,
) -> Result<Report, DriftError> {
    let path = repo.join(spec_path);
    let text = std::fs::read_to_string(&path).map_err(|source| DriftError::ReadOurs {
        path: path.clone(),
        source,
    })?;
    let raw = spec::read_yaml(&path, &text).map_err(DriftError::Ours)?;
    let ours = operations(&raw);
    if ours.is_empty() {
        return Err(DriftError::NoOperations { path });
    }
    let options = codegen::Options {
        api_version: crate::prepare::newest_version(&raw),
        // The vendor's document may hold what the generator cannot take: that is listed, not fatal.
        partial: true,
        ..Default::default()
    };
    let not_published = std::sync::Mutex::new(Vec::new());
    let view = |vendor: &mut Value| {
        let missing = narrow(vendor, &ours);
        let names = vendor_names::ours_by_theirs(&raw, vendor, vendor_names::same_operations(&raw, vendor));
        vendor_names::rename_schemas(vendor, &names);
        *not_published.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = missing;
    };
    // Ours without what the vendor no longer has: those are named apart, and the Rust half compares the rest.
    let base_view = |ours: &mut Value| {
        let gone = not_published.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        remove_operations(ours, &gone);
    };
    let sides = diff::Sides {
        base: &Source::WorkTree,
        head: &Source::File(vendor.to_owned()),
        base_view: Some(&base_view),
        head_view: Some(&view),
    };
    let mut report = diff::review(repo, spec_path, sides, false, &options, config, None).map_err(DriftError::Review)?;
    report.title = "Drift from the vendor's document".into();
    report.not_published = not_published
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .iter()
        .map(|gone| NotPublished {
            operation: gone.name(),
            kept: None,
        })
        .collect();
    // Component names are not the API (the vendor's `FooView` is our `Foo`): each operation compares contents.
    report.api_changes.retain(|f| !matches!(f.rule, Rule::ApiSchemaRemoved));
    acceptance::apply_deviations(&mut report, deviations, today);
    listing::unlist_accepted(&mut report);
    listing::fold_members_of_whole_types(&mut report);
    Ok(report)
}

/// Whether the report holds anything to act on: a finding not accepted, an operation the vendor dropped that we do
/// not keep on purpose, a deviation that is stale. A Rust change no finding causes is listed but not counted: it
/// comes from how the two documents are written (our `GroupId` schema where the vendor writes the same string
/// inline), which the API comparison judges equal.
pub fn has_drift(report: &Report) -> bool {
    report.api_changes.iter().any(|f| f.accepted.is_none())
        || report.not_published.iter().any(|gone| gone.kept.is_none())
        || !report.acceptance_notes.is_empty()
}

/// Remove `gone` from our document (their paths too, once empty).
fn remove_operations(ours: &mut Value, gone: &[Ours]) {
    let Some(paths) = ours.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for operation in gone {
        if let Some(item) = paths.get_mut(&operation.path).and_then(Value::as_object_mut) {
            item.remove(operation.method);
            if !item.keys().any(|key| crate::document::METHODS.contains(&key.as_str())) {
                paths.remove(&operation.path);
            }
        }
    }
}

/// Our spec's operations.
fn operations(raw: &Value) -> Vec<Ours> {
    let paths = raw.get("paths").and_then(Value::as_object).into_iter().flatten();
    paths
        .flat_map(|(path, item)| {
            operations_of(item).map(move |(method, operation)| Ours {
                method,
                path: path.clone(),
                operation_id: operation.get("operationId").and_then(Value::as_str).map(str::to_owned),
            })
        })
        .collect()
}

/// Keep of the vendor's document only our operations, each under our path's spelling and, where the vendor names
/// our operationId as the one its SDKs use (`x-xgen-operation-id-override`), under our operationId. Returns our
/// operations the document does not have.
fn narrow(vendor: &mut Value, ours: &[Ours]) -> Vec<Ours> {
    let Some(paths) = vendor.get_mut("paths").and_then(Value::as_object_mut) else {
        return ours.to_vec();
    };
    let mut by_shape: BTreeMap<String, Vec<&Ours>> = BTreeMap::new();
    for operation in ours {
        by_shape
            .entry(normalize_template(&operation.path))
            .or_default()
            .push(operation);
    }
    let mut found = Vec::new();
    let mut kept = serde_json::Map::new();
    for (path, mut item) in std::mem::take(paths) {
        let Some(wanted) = by_shape.get(&normalize_template(&path)) else {
            continue;
        };
        let Some(methods) = item.as_object_mut() else {
            continue;
        };
        // Path-level keys (`parameters`, `summary`, …) stay; operations we do not have go.
        methods.retain(|key, _| {
            !crate::document::METHODS.contains(&key.as_str()) || wanted.iter().any(|ours| ours.method == key)
        });
        for ours in wanted {
            let Some(operation) = methods.get_mut(ours.method).and_then(Value::as_object_mut) else {
                continue;
            };
            found.push(ours.name());
            let override_id = operation.get("x-xgen-operation-id-override").and_then(Value::as_str);
            if let Some(id) = &ours.operation_id
                && override_id == Some(id.as_str())
            {
                operation.insert("operationId".into(), Value::String(id.clone()));
            }
        }
        // Under our spelling, so that the comparison pairs the two (one spelling per shape in our spec).
        let spelling = wanted.first().map_or(path, |ours| ours.path.clone());
        kept.insert(spelling, item);
    }
    *paths = kept;
    ours.iter().filter(|o| !found.contains(&o.name())).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_vendor_document_is_narrowed_to_our_operations_under_our_names() {
        let ours = vec![
            Ours {
                method: "get",
                path: "/jobs/{groupId}".into(),
                operation_id: Some("listJobs".into()),
            },
            Ours {
                method: "delete",
                path: "/gone".into(),
                operation_id: Some("deleteGone".into()),
            },
        ];
        let mut vendor = json!({"paths": {
            "/jobs/{id}": {
                "parameters": [],
                "get": {"operationId": "listGroupJobs", "x-xgen-operation-id-override": "listJobs"},
                "post": {"operationId": "createJob"}
            },
            "/other": {"get": {"operationId": "other"}}
        }});
        let missing = narrow(&mut vendor, &ours);
        assert_eq!(
            vendor,
            json!({"paths": {"/jobs/{groupId}": {
                "parameters": [],
                "get": {"operationId": "listJobs", "x-xgen-operation-id-override": "listJobs"}
            }}})
        );
        assert_eq!(missing.iter().map(Ours::name).collect::<Vec<_>>(), ["DELETE /gone"]);
    }
}
