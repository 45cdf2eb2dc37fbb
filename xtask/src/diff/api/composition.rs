//! Composition: subschemas of `allOf`, `anyOf` and `oneOf` added or removed, in request and response bodies and
//! their properties. A subschema is known by its `$ref` (`#/components/schemas/Cat`) or, written inline, by its
//! content without documentation; its position in the list does not matter.

use serde_json::Value;

use super::shape::strip_docs;
use super::{At, Change, Context, Place};
use crate::diff::rules::Rule;
use crate::document::resolve;

/// The combinators, with their rules by place: `[added, removed]`.
#[rustfmt::skip]
const COMBINATORS: &[(&str, Place, [Rule; 2])] = &[
    ("allOf", Place::RequestBody, [Rule::RequestBodyAllOfAdded, Rule::RequestBodyAllOfRemoved]),
    ("allOf", Place::RequestProperty, [Rule::RequestPropertyAllOfAdded, Rule::RequestPropertyAllOfRemoved]),
    ("allOf", Place::ResponseBody, [Rule::ResponseBodyAllOfAdded, Rule::ResponseBodyAllOfRemoved]),
    ("allOf", Place::ResponseProperty, [Rule::ResponsePropertyAllOfAdded, Rule::ResponsePropertyAllOfRemoved]),
    ("anyOf", Place::RequestBody, [Rule::RequestBodyAnyOfAdded, Rule::RequestBodyAnyOfRemoved]),
    ("anyOf", Place::RequestProperty, [Rule::RequestPropertyAnyOfAdded, Rule::RequestPropertyAnyOfRemoved]),
    ("anyOf", Place::ResponseBody, [Rule::ResponseBodyAnyOfAdded, Rule::ResponseBodyAnyOfRemoved]),
    ("anyOf", Place::ResponseProperty, [Rule::ResponsePropertyAnyOfAdded, Rule::ResponsePropertyAnyOfRemoved]),
    ("oneOf", Place::RequestBody, [Rule::RequestBodyOneOfAdded, Rule::RequestBodyOneOfRemoved]),
    ("oneOf", Place::RequestProperty, [Rule::RequestPropertyOneOfAdded, Rule::RequestPropertyOneOfRemoved]),
    ("oneOf", Place::ResponseBody, [Rule::ResponseBodyOneOfAdded, Rule::ResponseBodyOneOfRemoved]),
    ("oneOf", Place::ResponseProperty, [Rule::ResponsePropertyOneOfAdded, Rule::ResponsePropertyOneOfRemoved]),
];

/// The `allOf` members that only annotate (a title, a description: every value passes them), by place:
/// `[added, removed]`. oasdiff reports them apart, as info.
#[rustfmt::skip]
const ANNOTATIONS: &[(Place, [Rule; 2])] = &[
    (Place::RequestBody, [Rule::RequestBodyAllOfAddedAnnotationOnly, Rule::RequestBodyAllOfRemovedAnnotationOnly]),
    (Place::RequestProperty, [Rule::RequestPropertyAllOfAddedAnnotationOnly, Rule::RequestPropertyAllOfRemovedAnnotationOnly]),
    (Place::ResponseBody, [Rule::ResponseBodyAllOfAddedAnnotationOnly, Rule::ResponseBodyAllOfRemovedAnnotationOnly]),
    (Place::ResponseProperty, [Rule::ResponsePropertyAllOfAddedAnnotationOnly, Rule::ResponsePropertyAllOfRemovedAnnotationOnly]),
];

impl Context<'_> {
    /// Subschemas added to or removed from each combinator of two schemas (parameters have none of these rules).
    pub(super) fn subschemas(&mut self, at: &At<'_>, old: &Value, new: &Value) {
        let place = Place::of(at.side, at.subject);
        let annotations = ANNOTATIONS.iter().find(|(p, _)| *p == place).map(|(_, rules)| rules);
        for (key, _, rules) in COMBINATORS.iter().filter(|(_, p, _)| *p == place) {
            let members = pair_members(old, new, key);
            // Only an allOf member must hold for every value: an annotation there changes nothing.
            let rule = |doc: &Value, member: &Value, index: usize| match annotations {
                Some(annotations) if *key == "allOf" && annotates_only(resolve(doc, member).0) => annotations[index],
                _ => rules[index],
            };
            for member in members.added {
                let shown = shown(member);
                let message = format!("{}: {key} subschema {shown} added", at.subject);
                let change = Change::new(rule(self.head, member, 0), format!("{}/{key}", at.location), message);
                self.push(change.values(None, Some(shown)).target(at.target.clone()));
            }
            for member in members.removed {
                let shown = shown(member);
                let message = format!("{}: {key} subschema {shown} removed", at.subject);
                let change = Change::new(rule(self.base, member, 1), format!("{}/{key}", at.location), message);
                self.push(change.values(Some(shown), None).target(at.target.clone()));
            }
        }
    }
}

/// The members of one combinator (`allOf`, `anyOf`, `oneOf`) of two schemas, paired as oasdiff pairs them: by
/// `$ref`; an inline member by its content, then by its title; and the one inline member left on each side with
/// each other. A pair is compared like any schema; the others were added or removed.
pub(super) struct Members<'v> {
    /// (index in the head's list, the base's member, the head's member).
    pub paired: Vec<(usize, &'v Value, &'v Value)>,
    pub added: Vec<&'v Value>,
    pub removed: Vec<&'v Value>,
}

pub(super) fn pair_members<'v>(old: &'v Value, new: &'v Value, key: &str) -> Members<'v> {
    let list = |v: &'v Value| {
        v.get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    // The head's members not paired yet.
    let mut free: Vec<Option<&'v Value>> = list(new).iter().map(Some).collect();
    let mut paired = Vec::new();
    let mut left: Vec<&'v Value> = list(old).iter().collect();
    for pass in [Match::Reference, Match::Content, Match::Title] {
        left.retain(|member| {
            let found = free
                .iter()
                .position(|slot| slot.is_some_and(|other| pass.holds(member, other)));
            let Some(index) = found else { return true };
            paired.push((index, *member, free[index].take().unwrap_or(member)));
            false
        });
    }
    // One untitled inline member left on each side: the same member, changed.
    let untitled = |v: &Value| reference(v).is_none() && title(v).is_none();
    let old_untitled: Vec<&'v Value> = left.iter().copied().filter(|v| untitled(v)).collect();
    let new_untitled: Vec<usize> = (0..free.len()).filter(|&i| free[i].is_some_and(untitled)).collect();
    if let ([member], [index]) = (old_untitled.as_slice(), new_untitled.as_slice()) {
        paired.push((*index, *member, free[*index].take().unwrap_or(member)));
        left.retain(|v| !std::ptr::eq(*v, *member));
    }
    paired.sort_by_key(|(index, ..)| *index);
    Members {
        paired,
        added: free.into_iter().flatten().collect(),
        removed: left,
    }
}

/// How two members are recognised as one, in the order oasdiff tries.
#[derive(Clone, Copy)]
enum Match {
    /// The same `$ref`.
    Reference,
    /// Inline, with the same content (documentation aside).
    Content,
    /// Inline, with the same title.
    Title,
}

impl Match {
    fn holds(self, a: &Value, b: &Value) -> bool {
        let inline = reference(a).is_none() && reference(b).is_none();
        match self {
            Match::Reference => reference(a).is_some() && reference(a) == reference(b),
            Match::Content => inline && strip_docs(a) == strip_docs(b),
            Match::Title => inline && title(a).is_some() && title(a) == title(b),
        }
    }
}

fn reference(member: &Value) -> Option<&str> {
    member.get("$ref").and_then(Value::as_str)
}

fn title(member: &Value) -> Option<&str> {
    member.get("title").and_then(Value::as_str)
}

/// How a message shows a member: `` `Cat` `` for a `$ref`, else the member itself.
fn shown(member: &Value) -> String {
    match reference(member) {
        Some(reference) => format!("`{}`", reference.rsplit('/').next().unwrap_or(reference)),
        None => format!("`{member}`"),
    }
}

/// A schema of annotations only (title, description, examples, default, externalDocs, extensions): every value
/// passes it.
fn annotates_only(schema: &Value) -> bool {
    schema.as_object().is_some_and(|keywords| {
        keywords.keys().all(|k| {
            matches!(
                k.as_str(),
                "title" | "description" | "example" | "examples" | "default" | "externalDocs" | "deprecated"
            ) || k.starts_with("x-")
        })
    })
}

impl Context<'_> {
    /// An object schema wrapped into a oneOf of alternatives that carry its properties (oasdiff's "oneOf
    /// wrapping"): one breaking change — not a type change, a oneOf added and every property removed. A body
    /// reports it under its own rule; a property as its oneOf subschemas added (oasdiff has no property rule).
    /// Whether it was one.
    pub(super) fn one_of_wrapping(&mut self, at: &At<'_>, old: &Value, new: &Value) -> bool {
        fn properties(v: &Value) -> Option<&serde_json::Map<String, Value>> {
            v.get("properties").and_then(Value::as_object).filter(|p| !p.is_empty())
        }
        let Some(before) = properties(old) else {
            return false;
        };
        let Some(alternatives) = new.get("oneOf").and_then(Value::as_array) else {
            return false;
        };
        if old.get("oneOf").is_some() || properties(new).is_some() || new.get("type").is_some() {
            return false;
        }
        let carried = |name: &String| {
            alternatives
                .iter()
                .any(|alternative| properties(resolve(self.head, alternative).0).is_some_and(|p| p.contains_key(name)))
        };
        if !before.keys().any(carried) {
            return false;
        }
        let rule = match Place::of(at.side, at.subject) {
            Place::RequestBody => Rule::RequestBodyWrappedInOneOf,
            Place::ResponseBody => Rule::ResponseBodyWrappedInOneOf,
            _ => {
                self.subschemas(at, old, new);
                return true;
            }
        };
        let message = format!(
            "{}: wrapped in a oneOf of {} alternatives (a body valid before may match several and be refused)",
            at.subject,
            alternatives.len()
        );
        let change = Change::new(rule, format!("{}/oneOf", at.location), message)
            .values(Some("object".into()), Some(format!("oneOf of {}", alternatives.len())));
        self.push(change.target(at.target.clone()));
        true
    }
}
