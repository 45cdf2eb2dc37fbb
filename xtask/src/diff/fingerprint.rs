//! A finding's fingerprint: what a team records to accept a change (`accepted.rs`), so it must outlive the commit
//! it was seen in. It hashes what the finding is — its rule, its operation, its place, its values — and nothing of
//! where the text happens to be: not lines (they move), not array positions (parameters and `oneOf` members get
//! reordered), not which file of a split spec holds it, not whether a schema is inline or behind a `$ref`.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::api::Finding;
use crate::document::{resolve, unescape};

/// 16 hex digits (64 bits) of SHA-256 over the finding's identity, its place read in `doc` (the head revision, or
/// the base for what the head no longer has).
pub fn of(finding: &Finding, doc: &Value) -> String {
    let mut hasher = Sha256::new();
    for part in [
        finding.rule.id(),
        finding.operation.as_deref().unwrap_or(""),
        &place(doc, &finding.location),
        finding.old.as_deref().unwrap_or(""),
        finding.new.as_deref().unwrap_or(""),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The logical pointer with every array position written `[]`: an item is known by its values, not its index.
/// Segments past what `doc` holds are kept as written.
fn place(doc: &Value, logical: &str) -> String {
    let mut node = Some(doc);
    let mut out = String::new();
    for segment in logical.split('/').skip(1) {
        // A reference is followed unless the pointer names the reference itself.
        node = node.map(|n| if segment == "$ref" { n } else { resolve(doc, n).0 });
        out.push('/');
        match node {
            Some(Value::Array(items)) => {
                out.push_str("[]");
                node = segment.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            Some(Value::Object(map)) => {
                out.push_str(segment);
                node = map.get(&unescape(segment));
            }
            _ => {
                out.push_str(segment);
                node = None;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn array_positions_are_left_out_and_keys_that_look_like_numbers_kept() {
        let doc = json!({"paths": {"/a": {"get": {
            "parameters": [{"name": "x"}, {"name": "y"}],
            "responses": {"200": {"$ref": "#/components/responses/Ok"}}
        }}}, "components": {"responses": {"Ok": {"content": {"application/json": {"schema": {"oneOf": [{}, {}]}}}}}}});
        assert_eq!(
            place(&doc, "/paths/~1a/get/parameters/1"),
            "/paths/~1a/get/parameters/[]"
        );
        assert_eq!(
            place(
                &doc,
                "/paths/~1a/get/responses/200/content/application~1json/schema/oneOf/1"
            ),
            "/paths/~1a/get/responses/200/content/application~1json/schema/oneOf/[]"
        );
        assert_eq!(
            place(&doc, "/paths/~1a/get/responses/201"),
            "/paths/~1a/get/responses/201"
        );
    }
}
