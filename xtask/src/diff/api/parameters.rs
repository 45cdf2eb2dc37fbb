//! Parameters of an operation (path, query, header, cookie): added, removed, required, and their schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::lifecycle;
use super::operations::OperationRef;
use super::{Change, Context, Rule, Side, Subject, Target, flag};
use crate::document::resolve;

/// A parameter is known by where it goes and its name (`in`, `name`).
type ParameterKey = (String, String);

impl<'a> Context<'a> {
    pub(super) fn parameters(&mut self, old: &OperationRef<'a>, new: &OperationRef<'a>) {
        let old_params = parameters(self.base, old);
        let new_params = parameters(self.head, new);
        for (key, (param, location)) in &new_params {
            let (place, name) = key;
            let target = Target::Parameter(name.clone());
            let required = flag(param, "required");
            let Some((before, _)) = old_params.get(key) else {
                let (rule, what) = if required {
                    (Rule::NewRequiredRequestParameter, "required")
                } else {
                    (Rule::NewOptionalRequestParameter, "optional")
                };
                let change = Change::new(rule, location, format!("{what} {place} parameter `{name}` added"));
                self.push(change.target(target));
                continue;
            };
            let what = format!("{place} parameter `{name}`");
            self.deprecation(&lifecycle::PARAMETER, &what, before, param, location, &target);
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
                self.push(change.target(target.clone()));
            }
            if let (Some(old_schema), Some(new_schema)) = (before.get("schema"), param.get("schema")) {
                self.schema(
                    Side::Parameter,
                    &Subject::new(format!("{place} parameter `{name}`")),
                    &format!("{location}/schema"),
                    old_schema,
                    new_schema,
                    &target,
                    &mut BTreeSet::new(),
                );
            }
        }
        for ((place, name), (param, location)) in old_params.iter().filter(|(key, _)| !new_params.contains_key(*key)) {
            let what = format!("{place} parameter `{name}`");
            self.removed_parameter(param, &what, location, &Target::Parameter(name.clone()));
        }
    }
}

/// The parameters of an operation, resolved, with where each is declared: the path item's shared ones, then the
/// operation's, which win (OpenAPI 3.0 §4.7.10). A parameter moved between the two is unchanged.
fn parameters<'d>(doc: &'d Value, op: &OperationRef<'d>) -> BTreeMap<ParameterKey, (&'d Value, String)> {
    let mut found = BTreeMap::new();
    for (holder, pointer) in [(op.item, &op.item_pointer), (op.operation, &op.pointer)] {
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
            found.insert((place, name), (param, format!("{pointer}/parameters/{index}")));
        }
    }
    found
}
