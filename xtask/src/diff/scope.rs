//! Which operations the Rust comparison generates.
//!
//! An operation whose generator inputs are the same on both sides generates the same code on both sides, so it
//! cannot change the Rust API: only the others are generated. Its inputs are the operation, its path item's shared
//! fields (parameters, …) and every component it reaches through `$ref` or a discriminator's `mapping` (which the
//! preparation makes choices), transitively — what `prepare::prune` hands the generator for it — compared with the
//! extensions no generator step reads left aside (Atlas rewrites `x-codeSamples` on every operation in every
//! revision). The document's other fields (`info`, `servers`, …) are kept on both sides whatever the scope, so
//! their changes are generated too.
//!
//! On two Atlas revisions this is 70 operations of 454 (docs/performance.md). `tests/diff_scope.rs` checks, on
//! every pair of the diff corpus, that the Rust changes are the same as when everything is generated. Two facts of
//! the whole prepared document change a discriminated subtype's code — whether it is used on its own, and the values
//! all its bases give it (`subtypes::pin_discriminator_values`) — so when the sides' preparations pinned a subtype
//! differently, the scope is widened to the operations reaching it and both sides generated again
//! ([`Scope::widened`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::document::METHODS;
use crate::prepare;

/// The extensions the generator reads: progenitor's and typify's, and ours (`lifecycle.rs`). Any other `x-` field
/// is documentation to the generator. `tests/diff_scope.rs` fails when the generator's code names one not here.
pub const GENERATOR_EXTENSIONS: [&str; 5] = [
    "x-rust-type",
    "x-dropshot-pagination",
    "x-dropshot-websocket",
    "x-sunset",
    "x-successor",
];

/// The part of both sides to generate, and how many operations need not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The operations on one side only, or whose generator inputs differ; the component schemas they reach on
    /// either side (a schema the head's new operation reaches is generated in the base too when generating
    /// everything would: some unchanged operation reaches it there).
    pub changed: prepare::Only,
    /// Operations on both sides with the same generator inputs.
    pub unchanged: usize,
}

/// The scope of a comparison of `base` with `head` (both plain JSON documents).
pub fn of(base: &Value, head: &Value) -> Scope {
    of_marking(base, head, &BTreeSet::new())
}

impl Scope {
    /// This scope, widened to the operations reaching a discriminated subtype that the two sides' preparations
    /// pinned differently (`old`, `new`: [`prepare::Account::pinnings`]); `None` when none did, or when this scope
    /// has those operations already. Whether a subtype is used on its own, and which values all its bases give it,
    /// are facts of the whole prepared document, known only once the sides are prepared.
    pub fn widened(
        &self,
        base: &Value,
        head: &Value,
        old: &prepare::Pinnings,
        new: &prepare::Pinnings,
    ) -> Option<Scope> {
        let differ: BTreeSet<&String> = old
            .keys()
            .chain(new.keys())
            .filter(|name| old.get(*name) != new.get(*name))
            .collect();
        if differ.is_empty() {
            return None;
        }
        let marked = differ
            .into_iter()
            .map(|name| format!("/components/schemas/{}", crate::document::escape(name)))
            .collect();
        let wider = of_marking(base, head, &marked);
        (wider.changed != self.changed).then_some(wider)
    }
}

/// [`of`], with the components at `marked` (pointers) taken as changed.
fn of_marking(base: &Value, head: &Value, marked: &BTreeSet<String>) -> Scope {
    let (base_ops, head_ops) = (operations(base), operations(head));
    let mut same_component: HashMap<String, bool> = marked.iter().map(|pointer| (pointer.clone(), false)).collect();
    let every: BTreeSet<&String> = base_ops.keys().chain(head_ops.keys()).collect();
    let (unchanged, changed): (Vec<&String>, Vec<&String>) =
        every
            .into_iter()
            .partition(|pointer| match (base_ops.get(*pointer), head_ops.get(*pointer)) {
                (Some(old), Some(new)) => same_inputs(base, head, old, new, &mut same_component),
                _ => false,
            });
    let mut schemas = BTreeSet::new();
    for (raw, ops) in [(base, &base_ops), (head, &head_ops)] {
        let roots = changed
            .iter()
            .filter_map(|pointer| ops.get(*pointer))
            .flat_map(Inputs::roots)
            .collect();
        let reached = prepare::pointers_reached_unprepared(raw, roots);
        schemas.extend(
            reached
                .iter()
                .filter_map(|pointer| pointer.strip_prefix("/components/schemas/"))
                .filter(|name| !name.contains('/'))
                .map(crate::document::unescape),
        );
    }
    Scope {
        changed: prepare::Only {
            operations: changed.into_iter().cloned().collect(),
            schemas,
        },
        unchanged: unchanged.len(),
    }
}

/// One operation's own inputs: the fields of its path item every operation there shares, and the operation.
struct Inputs<'a> {
    shared: Vec<(&'a String, &'a Value)>,
    operation: &'a Value,
}

impl<'a> Inputs<'a> {
    fn roots(&self) -> Vec<&'a Value> {
        self.shared
            .iter()
            .map(|(_, value)| *value)
            .chain([self.operation])
            .collect()
    }
}

fn operations(raw: &Value) -> BTreeMap<String, Inputs<'_>> {
    let mut found = BTreeMap::new();
    for (pointer, operation) in prepare::operations(raw) {
        let Some((item_pointer, _)) = prepare::operation_pointer(&pointer) else {
            continue;
        };
        let shared = raw
            .pointer(&item_pointer)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(key, _)| !METHODS.contains(&key.as_str()))
            .collect();
        found.insert(pointer, Inputs { shared, operation });
    }
    found
}

/// Whether an operation present on both sides has the same inputs: its own, the same components reached, and each
/// of those the same (remembered: most operations reach the same few).
fn same_inputs(
    base: &Value,
    head: &Value,
    old: &Inputs,
    new: &Inputs,
    same_component: &mut HashMap<String, bool>,
) -> bool {
    let own = old.shared.len() == new.shared.len()
        && old
            .shared
            .iter()
            .zip(&new.shared)
            .all(|((k1, v1), (k2, v2))| k1 == k2 && same_for_generator(v1, v2))
        && same_for_generator(old.operation, new.operation);
    if !own {
        return false;
    }
    let reached = prepare::pointers_reached_unprepared(base, old.roots());
    if reached != prepare::pointers_reached_unprepared(head, new.roots()) {
        return false;
    }
    reached.into_iter().all(|pointer| {
        *same_component.entry(pointer).or_insert_with_key(|pointer| {
            match (base.pointer(pointer), head.pointer(pointer)) {
                (Some(old), Some(new)) => same_for_generator(old, new),
                (None, None) => true,
                _ => false,
            }
        })
    })
}

/// Equal, but for extensions the generator does not read. Objects compare in their order of presentation (the
/// generator keeps it: properties become fields in that order).
fn same_for_generator(old: &Value, new: &Value) -> bool {
    fn read(entries: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
        entries
            .iter()
            .filter(|(key, _)| !key.starts_with("x-") || GENERATOR_EXTENSIONS.contains(&key.as_str()))
    }
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            read(old).count() == read(new).count()
                && read(old)
                    .zip(read(new))
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same_for_generator(v1, v2))
        }
        (Value::Array(old), Value::Array(new)) => {
            old.len() == new.len() && old.iter().zip(new).all(|(a, b)| same_for_generator(a, b))
        }
        _ => old == new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(job_description: &str, samples: &str) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {
                "/jobs": {
                    "parameters": [{"$ref": "#/components/parameters/Group"}],
                    "get": {"x-codeSamples": [samples], "responses": {"200": {"$ref": "#/components/responses/Jobs"}}},
                    "post": {"responses": {"204": {"description": "done"}}}
                },
                "/other": {"get": {"responses": {"200": {"description": "ok"}}}}
            },
            "components": {
                "parameters": {"Group": {"name": "g", "in": "path", "required": true, "schema": {"type": "string"}}},
                "responses": {"Jobs": {"description": "jobs", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Job"}}}}},
                "schemas": {"Job": {"type": "object", "description": job_description}}
            }
        })
    }

    #[test]
    fn an_operation_is_changed_by_what_it_reaches_and_not_by_documentation_extensions() {
        let base = document("a job", "curl one");
        let scope = of(&base, &document("a job", "curl two"));
        assert!(scope.changed.operations.is_empty(), "{scope:?}");
        assert_eq!(scope.unchanged, 3);

        // The schema two references away changes its doc comment: only the operation reaching it is generated.
        let scope = of(&base, &document("the job", "curl one"));
        assert_eq!(
            scope.changed.operations,
            BTreeSet::from(["/paths/~1jobs/get".to_owned()])
        );
        assert_eq!(scope.changed.schemas, BTreeSet::from(["Job".to_owned()]));
        assert_eq!(scope.unchanged, 2);
    }

    #[test]
    fn shared_parameters_extensions_the_generator_reads_and_added_operations_change_it() {
        let base = document("a job", "curl");
        let mut head = base.clone();
        head["components"]["parameters"]["Group"]["schema"]["format"] = json!("uuid");
        head["paths"]["/other"]["get"]["x-sunset"] = json!("2027-01-01");
        head["paths"]["/new"] = json!({"delete": {"responses": {"204": {"description": "gone"}}}});
        let scope = of(&base, &head);
        let changed: Vec<&str> = scope.changed.operations.iter().map(String::as_str).collect();
        assert_eq!(
            changed,
            [
                "/paths/~1jobs/get",
                "/paths/~1jobs/post",
                "/paths/~1new/delete",
                "/paths/~1other/get"
            ]
        );
        assert_eq!(scope.unchanged, 0);
    }
}
