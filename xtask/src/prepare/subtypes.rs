//! A base schema that lists its subtypes (`Base: oneOf: [Aws, Gcp]`, usually with a discriminator) while each
//! subtype includes the base (`Aws: allOf: [Base, {…}]`): typify's merge of `Aws` follows `Base`'s `oneOf` back
//! to `Aws` and never ends (see `schema_cycles.rs`). Atlas' document uses this form for its provider-specific
//! types. The subtype is meant to carry the base's fields, not its list of subtypes, so in the subtype's `allOf`
//! the reference to the base becomes a copy of the base without `oneOf`, `anyOf` and `discriminator`; the base
//! itself stays the choice of its subtypes.

use serde_json::Value;

use crate::document::escape;
use crate::schema_cycles::{Edge, MergeGraph};

/// Rewrite subtypes until no merge cycle of this form is left; returns the `allOf` members rewritten. A cycle of
/// another form stays, for the generatability check to refuse (located) and the operations reaching it to be left
/// out.
pub fn include_base_fields(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    let limit = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |schemas| schemas.len());
    let Some(mut graph) = MergeGraph::of(raw) else {
        return changed;
    };
    for _ in 0..limit {
        let Some(cycle) = graph.cycle() else { break };
        let Some((subtype, index, base)) = fixable_step(raw, &cycle) else {
            break;
        };
        let Some(fields) = base_fields(raw, &base) else { break };
        let pointer = format!("/components/schemas/{}/allOf/{index}", escape(&subtype));
        match raw.pointer_mut(&pointer) {
            Some(member) => *member = fields,
            None => break,
        }
        if let Some(schema) = crate::document::node_at(raw, &format!("/components/schemas/{}", escape(&subtype))) {
            graph.update(&subtype, schema);
        }
        changed.push(pointer);
    }
    changed
}

/// A step `subtype --allOf[index]--> base` of the cycle where the base lists choices.
fn fixable_step(raw: &Value, cycle: &[(String, Edge)]) -> Option<(String, usize, String)> {
    cycle.windows(2).find_map(|pair| {
        let ((subtype, edge), (base, _)) = (&pair[0], &pair[1]);
        if *edge != Edge::AllOf || !has_choices(raw, base) {
            return None;
        }
        let reference = format!("#/components/schemas/{}", escape(base));
        let members = raw
            .pointer(&format!("/components/schemas/{}/allOf", escape(subtype)))?
            .as_array()?;
        let index = members
            .iter()
            .position(|member| member.get("$ref").and_then(Value::as_str) == Some(reference.as_str()))?;
        Some((subtype.clone(), index, base.clone()))
    })
}

fn has_choices(raw: &Value, name: &str) -> bool {
    raw.pointer(&format!("/components/schemas/{}", escape(name)))
        .is_some_and(|schema| schema.get("oneOf").is_some() || schema.get("anyOf").is_some())
}

/// The base without its list of subtypes.
fn base_fields(raw: &Value, name: &str) -> Option<Value> {
    let mut fields = raw.pointer(&format!("/components/schemas/{}", escape(name)))?.clone();
    let object = fields.as_object_mut()?;
    for key in ["oneOf", "anyOf", "discriminator"] {
        object.remove(key);
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema_cycles::merge_cycle;
    use serde_json::json;

    #[test]
    fn each_subtype_includes_the_base_fields_and_the_base_keeps_its_subtypes() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let base = json!({
            "type": "object",
            "oneOf": [r("Aws"), r("Gcp")],
            "discriminator": {"propertyName": "provider"},
            "properties": {"provider": {"type": "string"}}
        });
        let mut raw = json!({"components": {"schemas": {
            "Base": base,
            "Aws": {"allOf": [r("Base"), {"properties": {"region": {"type": "string"}}}]},
            "Gcp": {"allOf": [r("Base")]}
        }}});
        let changed = include_base_fields(&mut raw);
        assert_eq!(
            changed,
            ["/components/schemas/Aws/allOf/0", "/components/schemas/Gcp/allOf/0"]
        );
        let fields = json!({"type": "object", "properties": {"provider": {"type": "string"}}});
        assert_eq!(raw["components"]["schemas"]["Aws"]["allOf"][0], fields);
        assert_eq!(raw["components"]["schemas"]["Gcp"]["allOf"][0], fields);
        assert_eq!(
            raw["components"]["schemas"]["Base"], base,
            "the base stays the choice of its subtypes"
        );
        assert_eq!(merge_cycle(&raw), None);
    }

    #[test]
    fn a_cycle_of_another_form_is_left_for_the_check() {
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let mut raw = json!({"components": {"schemas": {"A": {"allOf": [r("B")]}, "B": {"allOf": [r("A")]}}}});
        assert!(include_base_fields(&mut raw).is_empty());
        assert!(merge_cycle(&raw).is_some());
    }
}

/// A base with a `discriminator` lists its subtypes in `oneOf`; typify knows nothing of discriminators and makes
/// the base an untagged enum, which decodes a body as the *first* subtype it fits — any subtype whose required
/// fields the body has, whatever its discriminator says (Atlas' `HostMetricThreshold` lists 160 subtypes, most
/// with the same fields). So each listed subtype is made to require its own discriminator values (a string enum
/// of them), and a body decodes only as the subtype its discriminator names. The values are the mapping's keys
/// that name the subtype, else the subtype's name (OpenAPI's implicit mapping); a subtype several bases list
/// takes the values of all of them. The pin is written where the subtype declares the property (in an `allOf`,
/// the inline member that declares it, else its last inline member), not around the subtype: typify's merge of a
/// base's own properties with an `allOf` choice drops properties. The property is required, unless it is
/// `readOnly` or `writeOnly` (callers do not send what the server writes): present, its value still picks the
/// subtype. A subtype the document also uses on its own (a list of replica-set snapshots, whose `type` may be
/// either value) keeps its schema there; the base then lists a pinned copy, `<Subtype>As<Base>`. Returns the
/// places pinned.
///
/// The cost: a discriminator value newer than the document no longer decodes as some subtype that happens to fit
/// (which was wrong anyway); it fails to decode, as an unknown value of any closed enum does.
pub fn pin_discriminator_values(raw: &mut Value) -> (Vec<String>, Pinnings) {
    let listings = listings(raw);
    // A subtype the document also uses on its own keeps its schema there: the base lists a pinned copy of it.
    let listed: std::collections::BTreeSet<(String, usize)> =
        listings.iter().map(|(b, i, ..)| (b.clone(), *i)).collect();
    let used_alone = used_outside_listings(raw, &listed);
    let pinnings = pinnings_of(&listings, &used_alone);
    let mut in_place: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    let mut changed = Vec::new();
    for (base, index, name, property, values) in listings {
        if !used_alone.contains(&name) {
            let entry = in_place.entry((name, property)).or_default();
            entry.extend(values);
            entry.sort();
            entry.dedup();
            continue;
        }
        let copy_name = format!("{name}As{base}");
        let Some(mut copy) = raw.pointer(&format!("/components/schemas/{}", escape(&name))).cloned() else {
            continue;
        };
        let Some(at) = pin(&mut copy, &property, &values) else {
            continue;
        };
        let Some(schemas) = raw.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
            continue;
        };
        schemas.insert(copy_name.clone(), copy);
        let choice = format!("/components/schemas/{}/oneOf/{index}", escape(&base));
        if let Some(entry) = raw.pointer_mut(&choice) {
            *entry = serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape(&copy_name)) });
        }
        changed.push(format!("/components/schemas/{}{at}", escape(&copy_name)));
    }
    for ((name, property), values) in in_place {
        let pointer = format!("/components/schemas/{}", escape(&name));
        let Some(subtype) = raw.pointer_mut(&pointer) else {
            continue;
        };
        if let Some(at) = pin(subtype, &property, &values) {
            changed.push(format!("{pointer}{at}"));
        }
    }
    changed.sort();
    (changed, pinnings)
}

/// One subtype a discriminated base lists: (base, index in its oneOf, subtype, property, the values naming the
/// subtype there), for every listing of the document.
type Listing = (String, usize, String, String, Vec<String>);

fn listings(raw: &Value) -> Vec<Listing> {
    let mut listings = Vec::new();
    let Some(schemas) = raw.pointer("/components/schemas").and_then(Value::as_object) else {
        return listings;
    };
    for (base, schema) in schemas {
        let Some(property) = schema.pointer("/discriminator/propertyName").and_then(Value::as_str) else {
            continue;
        };
        let mapping = schema.pointer("/discriminator/mapping").and_then(Value::as_object);
        let choices = schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate();
        for (index, reference) in choices.filter_map(|(i, c)| Some((i, c.get("$ref")?.as_str()?))) {
            let Some(name) = reference
                .strip_prefix("#/components/schemas/")
                .map(crate::document::unescape)
            else {
                continue;
            };
            let mut values: Vec<String> = mapping
                .into_iter()
                .flatten()
                .filter(|(_, target)| target.as_str() == Some(reference))
                .map(|(value, _)| value.clone())
                .collect();
            if values.is_empty() {
                values.push(name.clone());
            }
            listings.push((base.clone(), index, name, property.to_owned(), values));
        }
    }
    listings
}

/// What [`pin_discriminator_values`] made of a listed subtype from facts of the whole document, not of the schemas
/// an operation reaches: whether the document also uses it on its own (its bases then list a pinned copy), and the
/// discriminator values all the bases listing it give it. A review generating part of a document compares them
/// between revisions (`diff/scope.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pinning {
    pub used_alone: bool,
    /// Property → the values, sorted.
    pub values: std::collections::BTreeMap<String, Vec<String>>,
}

/// The [`Pinning`] of each listed subtype, by name.
pub type Pinnings = std::collections::BTreeMap<String, Pinning>;

fn pinnings_of(listings: &[Listing], used_alone: &std::collections::BTreeSet<String>) -> Pinnings {
    let mut pinnings = Pinnings::new();
    for (_, _, name, property, values) in listings {
        let pinning = pinnings.entry(name.clone()).or_default();
        pinning.used_alone = used_alone.contains(name);
        let entry = pinning.values.entry(property.clone()).or_default();
        entry.extend(values.iter().cloned());
        entry.sort();
        entry.dedup();
    }
    pinnings
}

/// The component schemas referenced anywhere but at the listed `(base, index)` places of discriminated `oneOf`s.
fn used_outside_listings(
    raw: &Value,
    listed: &std::collections::BTreeSet<(String, usize)>,
) -> std::collections::BTreeSet<String> {
    // One pointer grown and cut back on the way (a new string per node was most of this step's time).
    fn walk(
        node: &Value,
        pointer: &mut String,
        skip: &dyn Fn(&str) -> bool,
        found: &mut std::collections::BTreeSet<String>,
    ) {
        let length = pointer.len();
        match node {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && !skip(pointer)
                {
                    found.insert(crate::document::unescape(name));
                }
                for (key, child) in map {
                    pointer.push('/');
                    crate::document::push_escaped(pointer, key);
                    walk(child, pointer, skip, found);
                    pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    use std::fmt::Write;
                    let _ = write!(pointer, "/{i}");
                    walk(child, pointer, skip, found);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
    // One set of pointers, not a search of the listings per `$ref`: the document has thousands of each.
    let listed: std::collections::HashSet<String> = listed
        .iter()
        .map(|(base, index)| format!("/components/schemas/{}/oneOf/{index}", escape(base)))
        .collect();
    let skip = |pointer: &str| listed.contains(pointer);
    let mut found = std::collections::BTreeSet::new();
    walk(raw, &mut String::new(), &skip, &mut found);
    found
}

/// Pin `property` of the object schema `subtype` to `values`; returns where, relative to `subtype`.
fn pin(subtype: &mut Value, property: &str, values: &[String]) -> Option<String> {
    let declares = |member: &Value| member.pointer(&format!("/properties/{}", escape(property))).is_some();
    let (holder, at) = match subtype.get("allOf").and_then(Value::as_array) {
        Some(members) => {
            let inline = |member: &&Value| member.get("$ref").is_none() && member.is_object();
            let index = members
                .iter()
                .rposition(|m| inline(&m) && declares(m))
                .or_else(|| members.iter().rposition(|m| inline(&m)))?;
            (
                subtype.pointer_mut(&format!("/allOf/{index}"))?,
                format!("/allOf/{index}"),
            )
        }
        None => (subtype, String::new()),
    };
    let object = holder.as_object_mut()?;
    let properties = object
        .entry("properties")
        .or_insert_with(|| Value::Object(Default::default()))
        .as_object_mut()?;
    let mut pinned = serde_json::Map::new();
    let existing = properties.get(property);
    // A discriminator the server writes (`readOnly`) is not sent by callers: pinned, but not required of requests.
    let one_way = ["readOnly", "writeOnly"]
        .iter()
        .any(|key| existing.and_then(|p| p.get(*key)) == Some(&Value::Bool(true)));
    for key in ["description", "readOnly", "writeOnly"] {
        if let Some(value) = existing.and_then(|p| p.get(key)) {
            pinned.insert(key.into(), value.clone());
        }
    }
    pinned.insert("type".into(), "string".into());
    pinned.insert("enum".into(), values.iter().cloned().map(Value::String).collect());
    properties.insert(property.to_owned(), Value::Object(pinned));
    let at = format!("{at}/properties/{}", escape(property));
    if one_way {
        return Some(at);
    }
    let required = object
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()?;
    if !required.iter().any(|name| name.as_str() == Some(property)) {
        required.push(Value::String(property.to_owned()));
    }
    Some(at)
}

#[cfg(test)]
mod pin_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_subtype_also_used_alone_keeps_its_schema_and_the_base_lists_a_pinned_copy() {
        let mut raw = json!({
            "paths": {"/replicaSets": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/ReplicaSet"}}}}}}}},
            "components": {"schemas": {
                "Snapshot": {"discriminator": {"propertyName": "type", "mapping": {
                    "replicaSet": "#/components/schemas/ReplicaSet", "shardedCluster": "#/components/schemas/Sharded"
                }}, "oneOf": [{"$ref": "#/components/schemas/ReplicaSet"}, {"$ref": "#/components/schemas/Sharded"}]},
                "ReplicaSet": {"type": "object", "properties": {"type": {"type": "string", "enum": ["replicaSet", "shardedCluster"]}}},
                "Sharded": {"type": "object", "properties": {"type": {"type": "string"}}}
            }}
        });
        let (changed, _) = pin_discriminator_values(&mut raw);
        assert_eq!(
            changed,
            [
                "/components/schemas/ReplicaSetAsSnapshot/properties/type",
                "/components/schemas/Sharded/properties/type"
            ]
        );
        let schemas = &raw["components"]["schemas"];
        assert_eq!(
            schemas["ReplicaSet"]["properties"]["type"]["enum"],
            json!(["replicaSet", "shardedCluster"])
        );
        assert_eq!(
            schemas["ReplicaSetAsSnapshot"]["properties"]["type"]["enum"],
            json!(["replicaSet"])
        );
        assert_eq!(
            schemas["Snapshot"]["oneOf"][0],
            json!({"$ref": "#/components/schemas/ReplicaSetAsSnapshot"})
        );
        assert_eq!(
            schemas["Sharded"]["properties"]["type"]["enum"],
            json!(["shardedCluster"])
        );
    }

    #[test]
    fn each_subtype_requires_its_own_discriminator_values_from_every_base_listing_it() {
        let mut raw = json!({"components": {"schemas": {
            "AppThreshold": {
                "discriminator": {"propertyName": "metricName", "mapping": {
                    "A_FAIL": "#/components/schemas/Raw", "B_FAIL": "#/components/schemas/Raw"
                }},
                "oneOf": [{"$ref": "#/components/schemas/Raw"}, {"$ref": "#/components/schemas/Time"}]
            },
            "HostThreshold": {
                "discriminator": {"propertyName": "metricName", "mapping": {"C_FAIL": "#/components/schemas/Raw"}},
                "oneOf": [{"$ref": "#/components/schemas/Raw"}]
            },
            "Raw": {"type": "object", "properties": {"metricName": {"type": "string", "description": "d"}}},
            "Time": {"allOf": [{"$ref": "#/components/schemas/Common"}, {"properties": {"t": {"type": "number"}}}]},
            "Common": {"type": "object"},
            "Plain": {"oneOf": [{"$ref": "#/components/schemas/Common"}]}
        }}});
        let (changed, _) = pin_discriminator_values(&mut raw);
        assert_eq!(
            changed,
            [
                "/components/schemas/Raw/properties/metricName",
                "/components/schemas/Time/allOf/1/properties/metricName"
            ]
        );
        assert_eq!(
            raw["components"]["schemas"]["Raw"],
            json!({"type": "object", "required": ["metricName"], "properties": {"metricName":
                {"description": "d", "type": "string", "enum": ["A_FAIL", "B_FAIL", "C_FAIL"]}}})
        );
        assert_eq!(
            raw.pointer("/components/schemas/Time/allOf/1").unwrap(),
            &json!({"required": ["metricName"], "properties": {"t": {"type": "number"},
                "metricName": {"type": "string", "enum": ["Time"]}}})
        );
        assert_eq!(raw["components"]["schemas"]["Common"], json!({"type": "object"}));
    }
}

/// The subtypes a discriminated base decodes as: its `oneOf` references, or — when it has no `oneOf` and no
/// `anyOf` but a discriminator `mapping` (OpenAPI's inheritance form: the subtypes `allOf` the base, the base maps
/// values to them) — the schemas its mapping names, each once, in the mapping's order.
pub fn discriminated_choices(schema: &Value) -> Option<Vec<String>> {
    schema.pointer("/discriminator/propertyName")?;
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        return Some(
            choices
                .iter()
                .filter_map(|c| c.get("$ref").and_then(Value::as_str).map(str::to_owned))
                .collect(),
        );
    }
    if schema.get("anyOf").is_some() {
        return None;
    }
    let mut targets: Vec<String> = Vec::new();
    for target in schema.pointer("/discriminator/mapping")?.as_object()?.values() {
        if let Some(target) = target.as_str().filter(|t| !targets.iter().any(|seen| seen == t)) {
            targets.push(target.to_owned());
        }
    }
    (!targets.is_empty()).then_some(targets)
}

/// A base with a discriminator `mapping` and no `oneOf` (its subtypes `allOf` it) is generated as the plain base:
/// a body of a subtype decodes into it losing every field of the subtype (Atlas' export bucket request: the
/// bucket's name and role vanish). It is made the choice of the schemas its mapping names (`oneOf`), so it decodes
/// as one of them; [`include_base_fields`] then breaks the cycle each subtype's `allOf` makes with it. Returns the
/// bases changed.
pub fn mapping_as_choices(raw: &mut Value) -> Vec<String> {
    let mut changed = Vec::new();
    let Some(schemas) = raw.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return changed;
    };
    let names: std::collections::BTreeSet<String> = schemas.keys().cloned().collect();
    for (base, schema) in schemas.iter_mut() {
        if schema.get("oneOf").is_some() {
            continue;
        }
        let Some(targets) = discriminated_choices(schema) else {
            continue;
        };
        let known = targets.iter().all(|target| {
            target
                .strip_prefix("#/components/schemas/")
                .is_some_and(|name| names.contains(&crate::document::unescape(name)))
        });
        let itself = format!("#/components/schemas/{}", escape(base));
        if !known || targets.contains(&itself) {
            continue;
        }
        let choices = targets
            .into_iter()
            .map(|target| serde_json::json!({ "$ref": target }))
            .collect();
        if let Some(object) = schema.as_object_mut() {
            object.insert("oneOf".into(), Value::Array(choices));
            changed.push(format!("/components/schemas/{}", escape(base)));
        }
    }
    changed
}

#[cfg(test)]
mod mapping_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_base_mapping_its_subtypes_without_a_one_of_becomes_their_choice() {
        let mut raw = json!({"components": {"schemas": {
            "Bucket": {"type": "object", "discriminator": {"propertyName": "cloudProvider", "mapping": {
                "AWS": "#/components/schemas/AwsBucket", "GCP": "#/components/schemas/GcpBucket",
                "OTHER": "#/components/schemas/AwsBucket"
            }}, "properties": {"cloudProvider": {"type": "string"}}},
            "AwsBucket": {"allOf": [{"$ref": "#/components/schemas/Bucket"}, {"properties": {"iamRoleId": {"type": "string"}}}]},
            "GcpBucket": {"allOf": [{"$ref": "#/components/schemas/Bucket"}]},
            "Dangling": {"discriminator": {"propertyName": "k", "mapping": {"A": "#/components/schemas/Nowhere"}}}
        }}});
        assert_eq!(mapping_as_choices(&mut raw), ["/components/schemas/Bucket"]);
        assert_eq!(
            raw.pointer("/components/schemas/Bucket/oneOf").unwrap(),
            &json!([{"$ref": "#/components/schemas/AwsBucket"}, {"$ref": "#/components/schemas/GcpBucket"}])
        );
        assert!(raw.pointer("/components/schemas/Dangling/oneOf").is_none());
    }
}
