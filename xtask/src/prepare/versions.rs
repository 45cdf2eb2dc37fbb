//! One version per operation. Atlas versions each operation by a dated media type
//! (`application/vnd.atlas.2024-11-13+json`), and its whole published document offers some operations in several;
//! the client sends one `Accept` per operation, so one is kept: the newest not after the chosen API version date
//! (its request body in the newest version not after the chosen response version) — the rule MongoDB's own tooling
//! uses to cut the document by date. An operation whose every version is newer than the date is left out. A
//! `preview` media type (`application/vnd.atlas.preview+json`, not yet a dated version) gives way to a dated one
//! beside it, and is kept where it is all an operation offers.

use std::collections::BTreeSet;
use std::str::FromStr;

use serde_json::Value;

use super::{describe_operation, operations};

/// An API version date, `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiVersion(String);

impl FromStr for ApiVersion {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10)
            .map(|_| ApiVersion(text.to_owned()))
            .ok_or_else(|| format!("`{text}` is not an API version date (YYYY-MM-DD)"))
    }
}

impl std::fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The date of a dated Atlas media type (`application/vnd.atlas.2024-11-13+json` → `2024-11-13`).
pub(crate) fn date_of(media: &str) -> Option<&str> {
    let rest = media.strip_prefix("application/vnd.atlas.")?;
    let date = rest.get(..10)?;
    ApiVersion::from_str(date).ok().map(|_| date)
}

/// The newest API version date among a document's dated media types (`None` without any): what our spec is
/// written at, so what `cargo xtask drift` compares and `cargo xtask spec import` takes.
pub fn newest_version(raw: &Value) -> Option<ApiVersion> {
    let paths = raw.get("paths").and_then(Value::as_object).into_iter().flatten();
    let operations = paths.flat_map(|(_, item)| crate::document::operations_of(item).map(|(_, operation)| operation));
    let mut newest: Option<ApiVersion> = None;
    for operation in operations {
        for content in crate::document::contents_of(operation) {
            for version in content
                .keys()
                .filter_map(|media| date_of(media))
                .filter_map(|d| d.parse::<ApiVersion>().ok())
            {
                if newest.as_ref().is_none_or(|newest| &version > newest) {
                    newest = Some(version);
                }
            }
        }
    }
    newest
}

/// `application/vnd.atlas.preview+json` and its kin: an operation's version before it has a date.
fn is_preview(media: &str) -> bool {
    media.starts_with("application/vnd.atlas.preview+")
}

/// Keep one version of each operation. Returns the operations it changed, and those it left out (pointer,
/// description, their oldest version) because every version is newer than `limit`.
pub fn choose(raw: &mut Value, limit: Option<&ApiVersion>) -> (Vec<String>, Vec<(String, String, String)>) {
    let mut changed = Vec::new();
    let mut too_new = Vec::new();
    let pointers: Vec<String> = operations(raw).into_iter().map(|(pointer, _)| pointer).collect();
    for pointer in pointers {
        let statuses = status_keys(raw, &pointer);
        let response_dates = dates(
            raw,
            statuses
                .iter()
                .filter(|s| s.starts_with('2'))
                .map(|s| response(&pointer, s)),
        );
        let Some(chosen) = newest_within(&response_dates, limit.map(|v| v.0.as_str())) else {
            if let Some(oldest) = response_dates.first() {
                too_new.push((pointer.clone(), describe_operation(raw, &pointer), oldest.clone()));
            }
            continue;
        };
        let body = format!("{pointer}/requestBody");
        let body_dates = dates(raw, [body.clone()]);
        let body_chosen = newest_within(&body_dates, chosen.as_deref()).flatten();
        let mut any = false;
        for status in &statuses {
            any |= keep_date(raw, &response(&pointer, status), chosen.as_deref());
        }
        any |= keep_date(raw, &body, body_chosen.as_deref().or(chosen.as_deref()));
        if any {
            changed.push(pointer);
        }
    }
    (changed, too_new)
}

fn response(pointer: &str, status: &str) -> String {
    format!("{pointer}/responses/{}", crate::document::escape(status))
}

fn status_keys(raw: &Value, pointer: &str) -> Vec<String> {
    crate::document::node_at(raw, &format!("{pointer}/responses"))
        .and_then(Value::as_object)
        .map(|responses| responses.keys().cloned().collect())
        .unwrap_or_default()
}

/// The dates offered by the media types of the responses or bodies at `pointers` (references followed), sorted.
fn dates(raw: &Value, pointers: impl IntoIterator<Item = String>) -> Vec<String> {
    let found: BTreeSet<String> = pointers
        .into_iter()
        .filter_map(|pointer| crate::document::node_at(raw, &pointer))
        .map(|item| crate::document::resolve(raw, item).0)
        .filter_map(|item| item.get("content").and_then(Value::as_object))
        .flat_map(|content| content.keys())
        .filter_map(|media| date_of(media))
        .map(str::to_owned)
        .collect();
    found.into_iter().collect()
}

/// `Some(None)` when nothing is dated; `Some(Some(date))`, the newest date not after `limit`; `None` when every
/// date is after it.
fn newest_within(dates: &[String], limit: Option<&str>) -> Option<Option<String>> {
    if dates.is_empty() {
        return Some(None);
    }
    dates
        .iter()
        .rev()
        .find(|date| limit.is_none_or(|limit| date.as_str() <= limit))
        .map(|date| Some(date.clone()))
}

/// Drop the dated media types of the response or body at `pointer` whose date is not `date` (a shared component
/// is copied into the operation first). Returns whether any was dropped.
fn keep_date(raw: &mut Value, pointer: &str, date: Option<&str>) -> bool {
    let Some(date) = date else { return false };
    let Some(item) = crate::document::node_at(raw, pointer) else {
        return false;
    };
    let (resolved, _) = crate::document::resolve(raw, item);
    let Some(content) = resolved.get("content").and_then(Value::as_object) else {
        return false;
    };
    let other = |media: &String| date_of(media).is_some_and(|d| d != date) || is_preview(media);
    if !content.keys().any(other) {
        return false;
    }
    let mut copy = resolved.clone();
    if let Some(content) = copy.get_mut("content").and_then(Value::as_object_mut) {
        content.retain(|media, _| !other(media));
    }
    if let Some(slot) = raw.pointer_mut(pointer) {
        *slot = copy;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_newest_dated_media_type_is_the_version_a_document_is_written_at() {
        let raw = json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {
            "application/vnd.atlas.2023-01-01+json": {}, "application/vnd.atlas.2024-11-13+json": {}
        }}}}, "post": {"requestBody": {"content": {"application/json": {}}}, "responses": {}}}}});
        assert_eq!(newest_version(&raw), Some("2024-11-13".parse().unwrap()));
        assert_eq!(newest_version(&json!({"paths": {}})), None);
    }

    fn two_versions() -> Value {
        let media = |date: &str| format!("application/vnd.atlas.{date}+json");
        json!({"paths": {"/a": {"post": {
            "operationId": "makeA",
            "requestBody": {"content": {
                media("2023-01-01"): {"schema": {"type": "object"}},
                media("2024-05-30"): {"schema": {"type": "object"}},
                media("2025-01-01"): {"schema": {"type": "object"}}
            }},
            "responses": {
                "200": {"content": {media("2023-01-01"): {"schema": {}}, media("2024-08-05"): {"schema": {}}}},
                "404": {"$ref": "#/components/responses/NotFound"}
            }
        }}}, "components": {"responses": {"NotFound": {"content": {"application/json": {"schema": {}}}}}}})
    }

    fn kept(raw: &Value, pointer: &str) -> Vec<String> {
        raw.pointer(pointer)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn the_newest_version_is_kept_by_default_and_the_body_follows_the_response() {
        let mut raw = two_versions();
        let (changed, too_new) = choose(&mut raw, None);
        assert_eq!(changed, ["/paths/~1a/post"]);
        assert!(too_new.is_empty());
        assert_eq!(
            kept(&raw, "/paths/~1a/post/responses/200/content"),
            ["application/vnd.atlas.2024-08-05+json"]
        );
        assert_eq!(
            kept(&raw, "/paths/~1a/post/requestBody/content"),
            ["application/vnd.atlas.2024-05-30+json"],
            "the newest body not after the response's version"
        );
        assert_eq!(
            raw["paths"]["/a"]["post"]["responses"]["404"]["$ref"],
            "#/components/responses/NotFound"
        );
    }

    #[test]
    fn a_date_picks_the_newest_version_not_after_it_and_leaves_out_what_is_newer() {
        let mut raw = two_versions();
        let (_, too_new) = choose(&mut raw, Some(&"2024-01-01".parse().unwrap()));
        assert!(too_new.is_empty());
        assert_eq!(
            kept(&raw, "/paths/~1a/post/responses/200/content"),
            ["application/vnd.atlas.2023-01-01+json"]
        );
        assert_eq!(
            kept(&raw, "/paths/~1a/post/requestBody/content"),
            ["application/vnd.atlas.2023-01-01+json"]
        );

        let mut raw = two_versions();
        let (changed, too_new) = choose(&mut raw, Some(&"2022-12-31".parse().unwrap()));
        assert!(changed.is_empty());
        assert_eq!(
            too_new,
            [("/paths/~1a/post".into(), "POST /a (makeA)".into(), "2023-01-01".into())]
        );
    }

    #[test]
    fn a_preview_gives_way_to_a_dated_version_and_stays_when_it_is_all_there_is() {
        let mut raw = json!({"paths": {
            "/both": {"get": {"responses": {"200": {"content": {
                "application/vnd.atlas.2025-03-12+json": {"schema": {}},
                "application/vnd.atlas.preview+json": {"schema": {}}
            }}}}},
            "/preview": {"get": {"responses": {"200": {"content": {
                "application/vnd.atlas.preview+json": {"schema": {}}
            }}}}}
        }});
        let (changed, too_new) = choose(&mut raw, None);
        assert_eq!(changed, ["/paths/~1both/get"]);
        assert!(too_new.is_empty());
        assert_eq!(
            kept(&raw, "/paths/~1both/get/responses/200/content"),
            ["application/vnd.atlas.2025-03-12+json"]
        );
        assert_eq!(
            kept(&raw, "/paths/~1preview/get/responses/200/content"),
            ["application/vnd.atlas.preview+json"]
        );
    }

    #[test]
    fn api_versions_are_dates() {
        assert!("2024-11-13".parse::<ApiVersion>().is_ok());
        for bad in ["2024-13-01", "2024-1-1", "latest", "2024-11-13x"] {
            assert!(bad.parse::<ApiVersion>().is_err(), "{bad}");
        }
        assert_eq!(date_of("application/vnd.atlas.2024-11-13+json"), Some("2024-11-13"));
        assert_eq!(date_of("application/vnd.atlas.2023-01-01+csv"), Some("2023-01-01"));
        assert_eq!(date_of("application/json"), None);
    }
}
