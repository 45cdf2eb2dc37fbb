//! The component schemas both revisions have alike, with everything they reach. Comparing two such schemas finds
//! nothing — every rule compares what changed, and a revision compared with itself has no findings (on Atlas'
//! documents, every side of the diff corpus, and random documents walked whole: `tests/diff_invariants.rs`) — so
//! the walk does not enter them: a vendor revision leaves most
//! of its schemas as they were, and each operation's walk met them again (a tenth of a `--partial` review).
//!
//! A schema is unchanged when its value is the same in both documents and so is that of every component schema it
//! reaches (through `$ref` or a discriminator's `mapping`): each schema that differs, and each that refers to
//! anything else, is changed, and so is everything that reaches a changed one.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::document::{local_pointer, unescape};

/// The names of the component schemas unchanged with all they reach.
pub(super) struct Unchanged(HashSet<String>);

impl Unchanged {
    /// None: every schema is walked.
    pub(super) fn none() -> Unchanged {
        Unchanged(HashSet::new())
    }

    pub(super) fn of(base: &Value, head: &Value) -> Unchanged {
        let (old, new) = (schemas(base), schemas(head));
        // Who refers to each schema, on either side; and the schemas changed in themselves.
        let mut referred_by: BTreeMap<String, BTreeSet<&String>> = BTreeMap::new();
        let mut changed: Vec<&String> = Vec::new();
        for (name, value) in old.iter().chain(new.iter()) {
            match refers_to(value) {
                Some(targets) => {
                    for target in targets {
                        referred_by.entry(target).or_default().insert(*name);
                    }
                }
                None => changed.push(name),
            }
        }
        changed.extend(
            old.keys()
                .chain(new.keys())
                .filter(|name| old.get(*name) != new.get(*name)),
        );
        // Everything reaching a changed schema is changed.
        let mut reached_changed: HashSet<&String> = HashSet::new();
        while let Some(name) = changed.pop() {
            if reached_changed.insert(name) {
                changed.extend(referred_by.get(name.as_str()).into_iter().flatten());
            }
        }
        Unchanged(
            old.keys()
                .filter(|name| new.contains_key(*name) && !reached_changed.contains(*name))
                .map(|name| (*name).clone())
                .collect(),
        )
    }

    /// Whether `old` (in the base) and `new` (in the head) are the same unchanged component schema, `name`.
    pub(super) fn holds(&self, name: &str, (base, old): (&Value, &Value), (head, new): (&Value, &Value)) -> bool {
        if !self.0.contains(name) {
            return false;
        }
        let at = format!("/components/schemas/{}", crate::document::escape(name));
        crate::document::node_at(base, &at).is_some_and(|found| std::ptr::eq(found, old))
            && crate::document::node_at(head, &at).is_some_and(|found| std::ptr::eq(found, new))
    }
}

fn schemas(doc: &Value) -> BTreeMap<&String, &Value> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.iter().collect())
        .unwrap_or_default()
}

/// The component schemas `value` refers to, or `None` when it refers to anything that is not one (a pointer into
/// a schema, another kind of component, another file).
fn refers_to(value: &Value) -> Option<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    let mut todo = vec![value];
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if key == "$ref" {
                        found.insert(schema_named(child.as_str()?)?);
                    } else if key == "mapping"
                        && let Value::Object(mapping) = child
                    {
                        // A discriminator's mapping names schemas by reference or by name.
                        for target in mapping.values() {
                            let target = target.as_str()?;
                            found.insert(match target.starts_with('#') {
                                true => schema_named(target)?,
                                false => target.to_owned(),
                            });
                        }
                    }
                    todo.push(child);
                }
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    Some(found)
}

/// `Job` of `#/components/schemas/Job`; `None` for any other reference.
fn schema_named(reference: &str) -> Option<String> {
    let name = local_pointer(reference)?.strip_prefix("/components/schemas/")?;
    (!name.contains('/')).then(|| unescape(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unchanged(base: &Value, head: &Value) -> Vec<String> {
        let mut names: Vec<String> = Unchanged::of(base, head).0.into_iter().collect();
        names.sort();
        names
    }

    #[test]
    fn a_schema_is_unchanged_only_with_everything_it_reaches() {
        let doc = |c_type: &str| {
            json!({"components": {"schemas": {
                // A reaches B and C; B reaches A (a cycle) and is reached first, so its answer cannot be settled
                // before C's is known.
                "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}, "c": {"$ref": "#/components/schemas/C"}}},
                "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
                "C": {"type": c_type},
                "D": {"type": "string"},
                "Mapped": {"discriminator": {"propertyName": "t", "mapping": {"c": "C", "d": "#/components/schemas/D"}}},
                "Deep": {"properties": {"x": {"$ref": "#/components/schemas/D/properties/y"}}},
                "Other": {"$ref": "#/components/responses/R"}
            }}})
        };
        assert_eq!(
            unchanged(&doc("string"), &doc("string")),
            ["A", "B", "C", "D", "Mapped"],
            "a reference into a schema or to another kind of component is never taken as unchanged"
        );
        assert_eq!(unchanged(&doc("string"), &doc("integer")), ["D"]);

        let mut gone = doc("string");
        gone["components"]["schemas"].as_object_mut().unwrap().remove("D");
        assert_eq!(unchanged(&doc("string"), &gone), ["A", "B", "C"]);
    }
}
