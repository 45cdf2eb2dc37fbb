//! Walking an OpenAPI document as plain JSON: the HTTP methods of a path item, JSON pointers, and local `$ref`s.
//!
//! Every task reads documents this way somewhere (validation, codegen's media types, the API comparison); the
//! rules for what an operation is and what a reference points to live here once.

use serde_json::Value;

/// The operation keys of a path item (OpenAPI 3.0 §4.7.9), in the document's order of presentation.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s a chain may have: a cycle of references ends here instead of hanging.
const MAX_REF_CHAIN: usize = 32;

/// JSON pointer escaping (RFC 6901).
pub fn escape(segment: &str) -> String {
    let mut escaped = String::with_capacity(segment.len());
    push_escaped(&mut escaped, segment);
    escaped
}

/// [`escape`] onto the end of `pointer`, without a string of its own.
pub fn push_escaped(pointer: &mut String, segment: &str) {
    // Byte by byte: the walks over a whole document call this for every key, and a search for two chars decoded
    // each key's chars (a tenth of a review in the dev build). `~` and `/` are ASCII, so they never sit inside a
    // multi-byte char and each split is at a char boundary.
    let mut rest = segment;
    while let Some(at) = rest.bytes().position(|b| b == b'~' || b == b'/') {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

/// A JSON pointer segment unescaped (RFC 6901): `a~1b` → `a/b`.
pub fn unescape(segment: &str) -> String {
    // Most segments have nothing to unescape: a copy, without two searches.
    if !segment.contains('~') {
        return segment.to_owned();
    }
    segment.replace("~1", "/").replace("~0", "~")
}

/// The JSON pointer a local reference (`#/components/schemas/Job`) names, or `None` for an external one.
pub fn local_pointer(reference: &str) -> Option<&str> {
    reference.strip_prefix('#')
}

/// What a local reference points at in `doc`, if anything.
pub fn target<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    node_at(doc, local_pointer(reference)?)
}

/// What the JSON pointer `pointer` names in `doc`, if anything: `Value::pointer`, without its two string
/// replacements (allocations) per segment, which a review makes hundreds of thousands of times on a vendor document.
pub fn node_at<'d>(doc: &'d Value, pointer: &str) -> Option<&'d Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    let mut node = doc;
    for segment in pointer.strip_prefix('/')?.split('/') {
        node = match node {
            Value::Object(map) if segment.contains('~') => map.get(&unescape(segment))?,
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => items.get(array_index(segment)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// An array index as RFC 6901 writes it: digits, without a leading zero or sign.
fn array_index(segment: &str) -> Option<usize> {
    if segment.starts_with('+') || (segment.starts_with('0') && segment.len() != 1) {
        return None;
    }
    segment.parse().ok()
}

/// Follow `value`'s `$ref`s to what they finally name; with the last component's name (`Job` for
/// `#/components/schemas/Job`), `None` when `value` was no reference. An unresolved reference stops the walk at it.
pub fn resolve<'d>(doc: &'d Value, mut value: &'d Value) -> (&'d Value, Option<String>) {
    let mut name = None;
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(found) = target(doc, reference) else {
            break;
        };
        name = reference.rsplit('/').next().map(unescape);
        value = found;
    }
    (value, name)
}

/// Where the node a logical pointer names is written: the pointer is followed through `$ref`s the way a reader of
/// the document follows them (`/paths/~1a/get/responses/200/.../schema/properties/id` may pass through
/// `#/components/schemas/Job`), and the result names the node where it stands (`/components/schemas/Job/properties/id`).
/// `None` when `doc` has nothing there.
pub fn physical(doc: &Value, logical: &str) -> Option<String> {
    let mut node = doc;
    let mut at = String::new();
    let mut jumps = 0;
    for segment in logical.split('/').skip(1) {
        // A reference is followed unless the pointer names the reference itself.
        while segment != "$ref"
            && let Some(reference) = node.get("$ref").and_then(Value::as_str)
        {
            jumps += 1;
            let pointer = local_pointer(reference).filter(|_| jumps <= MAX_REF_CHAIN * 64)?;
            node = node_at(doc, pointer)?;
            at = pointer.to_owned();
        }
        let key = unescape(segment);
        node = match node {
            Value::Object(map) => map.get(&key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
        at.push('/');
        at.push_str(segment);
    }
    Some(at)
}

/// The operations of a path item, with their methods.
pub fn operations_of(item: &Value) -> impl Iterator<Item = (&'static str, &Value)> {
    METHODS
        .into_iter()
        .filter_map(move |method| Some((method, item.get(method)?)))
}

/// The `content` maps written in an operation itself: its request body's and each inline response's (a `$ref`
/// response is not followed).
pub fn contents_of(operation: &Value) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    let request = operation.get("requestBody").into_iter();
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|r| r.values());
    request
        .chain(responses)
        .filter_map(|part| part.get("content")?.as_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logical_pointer_is_followed_through_references_to_where_the_node_is_written() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}}},
            "components": {
                "responses": {"Ok": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}},
                "schemas": {"Job": {"properties": {"id": {"type": "string"}}}, "Loop": {"$ref": "#/components/schemas/Loop"}}
            }
        });
        let logical = "/paths/~1a/get/responses/200/content/application~1json/schema/properties/id";
        assert_eq!(
            physical(&doc, logical).as_deref(),
            Some("/components/schemas/Job/properties/id")
        );
        assert_eq!(
            physical(&doc, "/paths/~1a/get/responses/200/$ref").as_deref(),
            Some("/paths/~1a/get/responses/200/$ref")
        );
        assert_eq!(physical(&doc, "/paths/~1a/get/responses/404"), None);
        assert_eq!(
            physical(&doc, "/components/schemas/Loop/type"),
            None,
            "a cycle of references ends"
        );
        assert_eq!(physical(&doc, "").as_deref(), Some(""));
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(escape("/a~b/{c}"), "~1a~0b~1{c}");
        assert_eq!(escape("é/~ü~"), "é~1~0ü~0", "multi-byte chars around the escapes");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn references_are_followed_to_the_end_and_a_cycle_stops() {
        let doc = serde_json::json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "a~1b": {"type": "integer"},
            "Loop": {"$ref": "#/components/schemas/Loop"}
        }}});
        let reference = serde_json::json!({"$ref": "#/components/schemas/A"});
        assert_eq!(
            resolve(&doc, &reference),
            (&doc["components"]["schemas"]["B"], Some("B".to_owned()))
        );
        let escaped = serde_json::json!({"$ref": "#/components/schemas/a~01b"});
        assert_eq!(resolve(&doc, &escaped).1.as_deref(), Some("a~1b"), "`~0` is a tilde");
        let escaped = serde_json::json!({"$ref": "#/components/schemas/a~1b"});
        assert_eq!(resolve(&doc, &escaped).1, None, "`~1` is a slash: no key a/b");
        let looping = serde_json::json!({"$ref": "#/components/schemas/Loop"});
        assert_eq!(resolve(&doc, &looping).1.as_deref(), Some("Loop"));
        let external = serde_json::json!({"$ref": "other.yaml#/A"});
        assert_eq!(resolve(&doc, &external), (&external, None));
    }

    #[test]
    fn a_pointer_names_what_serde_json_finds_there() {
        let doc = serde_json::json!({
            "a/b": {"~": [10, {"c": 1}], "": {"x": true}},
            "0": ["zero"],
            "list": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        });
        for pointer in [
            "",
            "/",
            "/a~1b",
            "/a~1b/~0",
            "/a~1b/~0/1/c",
            "/a~1b/~0/01",
            "/a~1b/~0/+1",
            "/a~1b/~0/2",
            "/a~1b//x",
            "/a~01b",
            "/a~1b/~01",
            "/0/0",
            "/list/10",
            "/list/-1",
            "/list/1/x",
            "no-slash",
            "/missing",
        ] {
            assert_eq!(node_at(&doc, pointer), doc.pointer(pointer), "{pointer:?}");
        }
    }
}
