//! A spec split over several files, made one document: what each `$ref` to another file (`schemas/pet.yaml`,
//! `common.yaml#/components/schemas/Error`) names is copied into the root document's `components`, and the
//! reference made local. `cargo xtask diff` compares such specs as it compares single files; codegen keeps its
//! one-file spec.
//!
//! Written here because the crates that bundle OpenAPI documents resolve over the network or into their own
//! models; this one reads only through the caller (the working tree, or a git revision) and keeps the JSON.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::document::{escape, unescape};

/// Reads a file by its path, as [`normalize`] makes it; the error says why not.
pub type ReadFile<'r> = dyn Fn(&str) -> Result<String, String> + 'r;

/// At most this many files are read: a spec that references more is refused rather than read without end.
const MAX_FILES: usize = 1000;

/// Why a spec could not be made one document.
#[derive(Debug, thiserror::Error)]
#[error("{file} at {pointer}: {message}")]
pub struct BundleError {
    /// The file holding the reference (relative to the spec's directory; the spec itself is its name).
    pub file: String,
    pub pointer: String,
    pub message: String,
}

/// Whether the text of a spec may refer to another file: some `$ref` whose value does not start with `#`. A quick
/// look at the text, so a one-file spec is not parsed twice; [`has_external_refs`] decides on the document.
pub fn may_refer_to_files(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, key)| {
        let value =
            text[at + key.len()..].trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        !value.starts_with('#')
    })
}

/// Whether `node` refers to another file anywhere.
pub fn has_external_refs(node: &Value) -> bool {
    match node {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || map.values().any(has_external_refs)
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Where the parts of a bundled document were written: the other files' texts, and for each object copied from one
/// of them, where it now is and where it came from — so a place in the bundle can be shown as a line of its file.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// The other files' texts, by path.
    pub texts: BTreeMap<String, String>,
    /// (pointer in the bundle, file, pointer in that file), one per copied or inlined object.
    pub copies: Vec<(String, String, String)>,
}

impl Origins {
    /// The file and the pointer in it of `pointer` (a place in the bundle); `None` when it is the spec's own.
    pub fn place(&self, pointer: &str) -> Option<(&str, String)> {
        self.copies
            .iter()
            .filter_map(|(at, file, from)| {
                let rest = pointer.strip_prefix(at.as_str())?;
                (rest.is_empty() || rest.starts_with('/')).then(|| (at.len(), file.as_str(), format!("{from}{rest}")))
            })
            .max_by_key(|(len, ..)| *len)
            .map(|(_, file, inner)| (file, inner))
    }
}

/// Copies what the references of `root` (the spec, read from `root_path`) to other files name into its
/// `components`. `read` returns a file's text by its path, `/`-separated and relative to where the spec is read
/// from, as [`normalize`] makes it. A spec without such references comes back unchanged.
pub fn bundle(root: Value, root_path: &str, read: &ReadFile) -> Result<Value, BundleError> {
    bundle_with_origins(root, root_path, read).map(|(document, _)| document)
}

/// [`bundle`], with where each part came from.
pub fn bundle_with_origins(root: Value, root_path: &str, read: &ReadFile) -> Result<(Value, Origins), BundleError> {
    // The root's own components keep their names.
    let taken = root
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(section, names)| {
            let names = names.as_object().into_iter().flat_map(|n| n.keys());
            names.map(move |name| (section.clone(), name.clone()))
        })
        .collect();
    let mut bundler = Bundler {
        read,
        files: BTreeMap::new(),
        copied: BTreeMap::new(),
        components: BTreeMap::new(),
        taken,
        root_path: root_path.to_owned(),
        origins: Origins::default(),
    };
    let mut root = root;
    bundler.walk(&mut root, root_path, &mut Vec::new())?;
    let origins = std::mem::take(&mut bundler.origins);
    if !bundler.components.is_empty() {
        let Some(object) = root.as_object_mut() else {
            return Ok((root, origins));
        };
        let components = object.entry("components").or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            for ((kind, name), value) in std::mem::take(&mut bundler.components) {
                let section = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
                if let Some(section) = section.as_object_mut() {
                    section.insert(name, value);
                }
            }
        }
    }
    Ok((root, origins))
}

struct Bundler<'r> {
    read: &'r ReadFile<'r>,
    /// The other files, parsed, by path.
    files: BTreeMap<String, Value>,
    /// What was copied: (file, pointer in it) → the local reference that now names it.
    copied: BTreeMap<(String, String), String>,
    /// What goes into the root's components: (section, name) → value.
    components: BTreeMap<(String, String), Value>,
    /// The names the root's components already use.
    taken: BTreeSet<(String, String)>,
    root_path: String,
    origins: Origins,
}

impl Bundler<'_> {
    /// Rewrites the references in `node`, which is in `file`, at the key path `keys`.
    fn walk(&mut self, node: &mut Value, file: &str, keys: &mut Vec<String>) -> Result<(), BundleError> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    match self.resolve_reference(&reference, file, keys)? {
                        Replacement::Keep => {}
                        Replacement::Reference(local) => {
                            map.insert("$ref".into(), Value::String(local));
                        }
                        Replacement::Inline(value) => *node = value,
                    }
                    return Ok(());
                }
                for (key, child) in map.iter_mut() {
                    keys.push(key.clone());
                    self.walk(child, file, keys)?;
                    keys.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    keys.push(index.to_string());
                    self.walk(child, file, keys)?;
                    keys.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn resolve_reference(&mut self, reference: &str, file: &str, keys: &[String]) -> Result<Replacement, BundleError> {
        let error = |message: String| BundleError {
            file: file.to_owned(),
            pointer: keys.iter().map(|k| format!("/{}", escape(k))).collect::<String>() + "/$ref",
            message,
        };
        if reference.contains("://") {
            return Err(error(format!(
                "`{reference}` is remote: references are read from files only"
            )));
        }
        let (target_file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if target_file.is_empty() {
            file.to_owned()
        } else {
            normalize(file, target_file).ok_or_else(|| error(format!("`{reference}` leaves the spec's tree")))?
        };
        if target_file == self.root_path {
            return Ok(match target_file == file {
                true => Replacement::Keep,
                false => Replacement::Reference(format!("#{fragment}")),
            });
        }
        let key = (target_file.clone(), fragment.to_owned());
        if let Some(local) = self.copied.get(&key) {
            return Ok(Replacement::Reference(local.clone()));
        }
        if !self.files.contains_key(&target_file) {
            if self.files.len() >= MAX_FILES {
                return Err(error(format!("more than {MAX_FILES} files are referenced")));
            }
            let text = (self.read)(&target_file).map_err(|e| error(format!("cannot read {target_file}: {e}")))?;
            let value: Value =
                crate::yaml::parse(&text).map_err(|e| error(format!("{target_file} is not YAML or JSON: {e}")))?;
            self.files.insert(target_file.clone(), value);
            self.origins.texts.insert(target_file.clone(), text);
        }
        let mut value = self.files[&target_file]
            .pointer(fragment)
            .cloned()
            .ok_or_else(|| error(format!("`{reference}`: {target_file} has nothing at `{fragment}`")))?;
        // Where the copied object is in its own file, for errors and for the kinds of the references inside it.
        let mut inner_keys: Vec<String> = fragment.split('/').filter(|k| !k.is_empty()).map(unescape).collect();
        let Some(section) = section(keys) else {
            // A path item: components have no place for one in OpenAPI 3.0, and it cannot refer to itself.
            if file == self.root_path {
                let at = keys.iter().map(|k| format!("/{}", escape(k))).collect();
                self.origins.copies.push((at, target_file.clone(), fragment.to_owned()));
            }
            self.walk(&mut value, &target_file, &mut inner_keys)?;
            return Ok(Replacement::Inline(value));
        };
        let name = self.free_name(section, &target_file, fragment);
        let local = format!("#/components/{section}/{}", escape(&name));
        // Known before its content is walked, so a reference back to it (a recursive schema) ends here.
        self.copied.insert(key, local.clone());
        let at = format!("/components/{section}/{}", escape(&name));
        self.origins.copies.push((at, target_file.clone(), fragment.to_owned()));
        self.components.insert((section.to_owned(), name.clone()), Value::Null);
        self.walk(&mut value, &target_file, &mut inner_keys)?;
        self.components.insert((section.to_owned(), name), value);
        Ok(Replacement::Reference(local))
    }

    /// A name for what `fragment` of `file` names in `section`: its own (`Pet` for
    /// `#/components/schemas/Pet`, `pet` for `schemas/pet.yaml`), made unique.
    fn free_name(&self, section: &str, file: &str, fragment: &str) -> String {
        let last = fragment.rsplit('/').next().filter(|s| !s.is_empty()).map(unescape);
        let stem = file.rsplit('/').next().unwrap_or(file);
        let stem = stem.split('.').next().unwrap_or(stem).to_owned();
        let base = last.unwrap_or(stem);
        (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
            .find(|name| {
                let key = (section.to_owned(), name.clone());
                !self.components.contains_key(&key) && !self.taken.contains(&key)
            })
            .unwrap_or(base)
    }
}

enum Replacement {
    Keep,
    Reference(String),
    Inline(Value),
}

/// The `components` section a reference at key path `keys` names an object of; `None` for a path item.
fn section(keys: &[String]) -> Option<&'static str> {
    let last = keys.last().map(String::as_str).unwrap_or_default();
    let parent = keys.len().checked_sub(2).map(|i| keys[i].as_str()).unwrap_or_default();
    let is_index = last.parse::<usize>().is_ok();
    Some(match (parent, last) {
        ("paths", _) if keys.len() == 2 => return None,
        ("properties", _) => "schemas",
        ("allOf" | "anyOf" | "oneOf", _) if is_index => "schemas",
        (_, "schema" | "items" | "not" | "additionalProperties") => "schemas",
        ("parameters", _) if is_index => "parameters",
        (section, _) if keys.len() == 3 && keys[0] == "components" => return known_section(section),
        ("responses", _) => "responses",
        (_, "requestBody") => "requestBodies",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        ("callbacks", _) => "callbacks",
        _ => "schemas",
    })
}

fn known_section(section: &str) -> Option<&'static str> {
    [
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
    ]
    .into_iter()
    .find(|known| *known == section)
    .or(Some("schemas"))
}

/// `relative` as seen from `file`'s directory, `/`-separated, with `.` and `..` resolved; `None` when it climbs
/// above the directory the spec is read from.
pub fn normalize(file: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop(); // the file's own name
    if relative.starts_with('/') {
        parts.clear();
    }
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                // Not above the directory read from, nor above `/` for an absolute path.
                parts.pop().filter(|popped| !popped.is_empty())?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(list: &[(&str, Value)]) -> impl Fn(&str) -> Result<String, String> + use<> {
        let map: BTreeMap<String, String> = list.iter().map(|(p, v)| (p.to_string(), v.to_string())).collect();
        move |path: &str| map.get(path).cloned().ok_or_else(|| "no such file".to_owned())
    }

    #[test]
    fn references_to_other_files_become_components_of_the_spec() {
        let root = json!({"paths": {"/pets": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "schemas/pet.yaml"}}}}}}}},
            "components": {"schemas": {"Error": {"$ref": "common.yaml#/components/schemas/Error"}}}});
        let read = files(&[
            // A recursive schema, and a reference to the root's own components from another file.
            (
                "api/schemas/pet.yaml",
                json!({"type": "object", "properties": {
                "parent": {"$ref": "pet.yaml"}, "error": {"$ref": "../openapi.yaml#/components/schemas/Error"}}}),
            ),
            (
                "api/common.yaml",
                json!({"components": {"schemas": {"Error": {"type": "string"}}}}),
            ),
        ]);
        let (bundled, origins) = bundle_with_origins(root, "api/openapi.yaml", &read).unwrap();
        // Each copy can be traced to its file; the spec's own places are its own.
        assert_eq!(
            origins.place("/components/schemas/pet/properties/parent"),
            Some(("api/schemas/pet.yaml", "/properties/parent".to_owned()))
        );
        assert_eq!(
            origins.place("/components/schemas/Error2"),
            Some(("api/common.yaml", "/components/schemas/Error".to_owned()))
        );
        assert_eq!(origins.place("/components/schemas/Error"), None);
        assert_eq!(
            origins.place("/components/schemas/pet2"),
            None,
            "a prefix of a name is not the name"
        );
        assert_eq!(origins.texts.len(), 2);
        assert_eq!(
            bundled.pointer("/paths/~1pets/get/responses/200/content/application~1json/schema"),
            Some(&json!({"$ref": "#/components/schemas/pet"}))
        );
        assert_eq!(
            bundled.pointer("/components/schemas/pet/properties"),
            Some(&json!({"parent": {"$ref": "#/components/schemas/pet"},
                "error": {"$ref": "#/components/schemas/Error"}}))
        );
        assert_eq!(
            bundled.pointer("/components/schemas/Error"),
            Some(&json!({"$ref": "#/components/schemas/Error2"}))
        );
        assert_eq!(
            bundled.pointer("/components/schemas/Error2"),
            Some(&json!({"type": "string"}))
        );
    }

    #[test]
    fn a_missing_file_a_remote_reference_and_a_way_out_are_located_errors() {
        let root = |reference: &str| json!({"paths": {"/a": {"get": {"parameters": [{"$ref": reference}]}}}});
        let read = files(&[]);
        let error = bundle(root("params.yaml#/q"), "openapi.yaml", &read).unwrap_err();
        assert_eq!(error.pointer, "/paths/~1a/get/parameters/0/$ref");
        assert!(
            error.message.starts_with("cannot read params.yaml: no such file"),
            "{error}"
        );
        let error = bundle(root("https://example.invalid/p.yaml"), "openapi.yaml", &read).unwrap_err();
        assert!(error.message.contains("remote"), "{error}");
        let error = bundle(root("../../etc/passwd"), "openapi.yaml", &read).unwrap_err();
        assert!(error.message.contains("leaves the spec's tree"), "{error}");
    }

    #[test]
    fn a_path_item_in_another_file_is_inlined_and_a_parameter_becomes_a_parameter() {
        let root = json!({"paths": {"/a": {"$ref": "paths/a.yaml"}}});
        let read = files(&[
            (
                "paths/a.yaml",
                json!({"get": {"parameters": [{"$ref": "../params.yaml#/Limit"}]}}),
            ),
            (
                "params.yaml",
                json!({"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}),
            ),
        ]);
        let bundled = bundle(root, "openapi.yaml", &read).unwrap();
        assert_eq!(
            bundled.pointer("/paths/~1a/get/parameters/0"),
            Some(&json!({"$ref": "#/components/parameters/Limit"}))
        );
        assert_eq!(
            bundled.pointer("/components/parameters/Limit/name"),
            Some(&json!("limit"))
        );
        assert_eq!(normalize("a/b/c.yaml", "../d.yaml").as_deref(), Some("a/d.yaml"));
        assert_eq!(normalize("c.yaml", "../d.yaml"), None);
        assert_eq!(normalize("/x/c.yaml", "../d.yaml").as_deref(), Some("/d.yaml"));
        assert_eq!(normalize("/x/c.yaml", "../../d.yaml"), None);
    }

    #[test]
    fn only_a_reference_that_does_not_start_with_a_hash_may_name_another_file() {
        assert!(!may_refer_to_files("schema:\n  $ref: '#/components/schemas/A'\n"));
        assert!(!may_refer_to_files(
            r##"{"schema": {"$ref": "#/components/schemas/A"}}"##
        ));
        assert!(may_refer_to_files("schema:\n  $ref: schemas/a.yaml\n"));
        assert!(may_refer_to_files(r#"{"$ref": "common.json#/A"}"#));
        assert!(!may_refer_to_files("no references at all"));
    }
}
