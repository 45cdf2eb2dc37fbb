//! Parameters of an operation (path, query, header, cookie): added, removed, required, and their schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::lifecycle::{self, Deprecatable};
use super::operations::OperationRef;
use super::{Change, Context, Rule, Side, Subject, Target, Walk, flag};
use crate::document::{escape, resolve};

/// A parameter is known by where it goes and its name (`in`, `name`).
type ParameterKey = (String, String);

/// A parameter as an operation sees it.
struct Declared<'d> {
    param: &'d Value,
    /// A JSON pointer to its declaration.
    location: String,
    /// Declared on the path item, for all its operations.
    on_path: bool,
}

impl<'a> Context<'a> {
    pub(super) fn parameters(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        let old_params = parameters(self.base, old);
        let new_params = parameters(self.head, new);
        // The operations are paired, so their templates are the same but for parameter names: a path parameter in
        // one only is a renamed one, reported once, as the new one (oasdiff's `new-request-path-parameter`).
        let path_only_in = |these: &BTreeMap<ParameterKey, Declared>, those: &BTreeMap<ParameterKey, Declared>| {
            these
                .keys()
                .filter(|key| key.0 == "path" && !those.contains_key(*key))
                .map(|key| key.1.clone())
                .collect::<Vec<_>>()
        };
        let renamed_from = path_only_in(&old_params, &new_params);
        for (key, declared) in &new_params {
            let (place, name) = key;
            let (param, location) = (declared.param, &declared.location);
            let target = Target::Parameter(name.clone());
            let required = flag(param, "required");
            let Some(Declared { param: before, .. }) = old_params.get(key) else {
                // oasdiff's rules for a parameter added to the path item, shared by its operations (the path's
                // own parameters are new operations).
                let shared = declared.on_path && place != "path";
                let (rule, what) = match (required, shared) {
                    // A path parameter of an operation whose path is unchanged: a renamed one (`{id}` → `{thingId}`).
                    _ if place == "path" => (Rule::NewRequestPathParameter, "required"),
                    (true, false) => (Rule::NewRequiredRequestParameter, "required"),
                    (false, false) => (Rule::NewOptionalRequestParameter, "optional"),
                    (true, true) => (Rule::NewRequiredRequestDefaultParameterToExistingPath, "required"),
                    (false, true) => (Rule::NewOptionalRequestDefaultParameterToExistingPath, "optional"),
                };
                let was = match renamed_from.as_slice() {
                    [was] if place == "path" => format!(" (it was `{was}`)"),
                    _ => String::new(),
                };
                let message = format!("{what} {place} parameter `{name}` added{was}");
                let change = Change::new(rule, location, message).added(format!("{place} parameter `{name}`"));
                self.push(change.target(target));
                continue;
            };
            let what = format!("{place} parameter `{name}`");
            let parameter = Deprecatable {
                rules: &lifecycle::PARAMETER,
                what: &what,
                pointer: location,
                target: &target,
            };
            self.deprecation(&parameter, before, param);
            if required != flag(before, "required") {
                let (rule, now) = if required {
                    (Rule::RequestParameterBecameRequired, "required")
                } else {
                    (Rule::RequestParameterBecameOptional, "optional")
                };
                let change = Change::new(
                    rule,
                    format!("{location}/required"),
                    format!("{place} parameter `{name}` became {now}"),
                );
                self.push(change.flipped(!required, required).target(target.clone()));
            }
            if let (Some((old_schema, _)), Some((new_schema, at))) = (schema(before), schema(param)) {
                let parameter = Walk {
                    header_parameter: place == "header",
                    ..Walk::default()
                };
                self.walking(parameter, |cx| {
                    cx.schema(
                        Side::Parameter,
                        &Subject::new(format!("{place} parameter `{name}`")),
                        &format!("{location}{at}"),
                        old_schema,
                        new_schema,
                        &target,
                        &mut BTreeSet::new(),
                    )
                });
            }
        }
        let renamed = !path_only_in(&new_params, &old_params).is_empty();
        let removed = old_params
            .iter()
            .filter(|(key, _)| !(new_params.contains_key(*key) || renamed && key.0 == "path"));
        for ((place, name), Declared { param, location, .. }) in removed {
            let what = format!("{place} parameter `{name}`");
            self.removed_parameter(param, &what, location, &Target::Parameter(name.clone()));
        }
    }
}

/// A parameter's schema, with where it is below the parameter: its `schema`, or the schema of its one media type
/// (`content: {application/json: {schema}}`, OpenAPI 3.0's other way to describe a parameter).
fn schema(param: &Value) -> Option<(&Value, String)> {
    if let Some(schema) = param.get("schema") {
        return Some((schema, "/schema".to_owned()));
    }
    let (media, object) = param.get("content")?.as_object()?.iter().next()?;
    Some((object.get("schema")?, format!("/content/{}/schema", escape(media))))
}

/// The parameters of an operation, resolved, with where each is declared: the path item's shared ones, then the
/// operation's, which win (OpenAPI 3.0 §4.7.10). A parameter moved between the two is unchanged.
fn parameters<'d>(doc: &'d Value, op: &OperationRef<'d>) -> BTreeMap<ParameterKey, Declared<'d>> {
    let mut found = BTreeMap::new();
    for (holder, pointer, on_path) in [(op.item, &op.item_pointer, true), (op.operation, &op.pointer, false)] {
        for (index, param) in holder
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let (param, _) = resolve(doc, param);
            let place = param.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
            let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            let location = format!("{pointer}/parameters/{index}");
            found.insert(
                (place, name),
                Declared {
                    param,
                    location,
                    on_path,
                },
            );
        }
    }
    found
}
