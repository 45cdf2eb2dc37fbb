//! Media types of request bodies and responses: added, removed, and a dated vendor type replaced by another date
//! of the same type.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Change, Context, Rule, Side, Target};
use crate::document::escape;

impl Context<'_> {
    /// Media types of a request body or a response (at `location`) added, removed, or — a dated vendor type
    /// replaced by another date of the same type — versioned anew, which is how Atlas ships a new API version.
    pub(super) fn media_types(&mut self, side: Side, subject: &str, location: &str, old: &Value, new: &Value) {
        let keys = |holder: &Value| -> BTreeSet<String> {
            holder
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .collect()
        };
        let (was, is) = (keys(old), keys(new));
        let (added, removed, version_changed) = if side == Side::Request {
            (
                Rule::RequestBodyMediaTypeAdded,
                Rule::RequestBodyMediaTypeRemoved,
                Rule::RequestBodyMediaTypeVersionChanged,
            )
        } else {
            (
                Rule::ResponseMediaTypeAdded,
                Rule::ResponseMediaTypeRemoved,
                Rule::ResponseMediaTypeVersionChanged,
            )
        };
        let mut gone: Vec<&String> = was.difference(&is).collect();
        for media in is.difference(&was) {
            let at = format!("{location}/content/{}", escape(media));
            let earlier = dated(media).and_then(|(family, _)| {
                gone.iter()
                    .position(|old| dated(old).is_some_and(|(old_family, _)| old_family == family))
            });
            if let Some(index) = earlier {
                let old_media = gone.remove(index);
                let (old_date, new_date) = (dated(old_media).map(|d| d.1), dated(media).map(|d| d.1));
                let message = format!(
                    "{subject}: media type version changed from {} to {} (`{old_media}` → `{media}`)",
                    old_date.unwrap_or("?"),
                    new_date.unwrap_or("?")
                );
                self.push(
                    Change::new(version_changed, at, message)
                        .values(old_date.map(str::to_owned), new_date.map(str::to_owned))
                        .target(Target::Operation),
                );
            } else {
                self.push(Change::new(added, at, format!("{subject}: media type `{media}` added")));
            }
        }
        for media in gone {
            let at = format!("{location}/content/{}", escape(media));
            self.push(Change::new(
                removed,
                at,
                format!("{subject}: media type `{media}` removed"),
            ));
        }
    }
}

/// The JSON media type of a body (`application/json` or `application/…+json`) and its schema.
pub(super) fn json_content(holder: &Value) -> Option<(&str, &Value)> {
    let content = holder.get("content").and_then(Value::as_object)?;
    content
        .iter()
        .filter(|(media, _)| crate::media_types::is_json(media))
        .find_map(|(media, body)| Some((media.as_str(), body.get("schema")?)))
}

/// A dated vendor media type split into its family and its date: `application/vnd.atlas.2024-11-13+json` →
/// (`application/vnd.atlas`, `2024-11-13`).
fn dated(media: &str) -> Option<(&str, &str)> {
    let essence = media.split(';').next().unwrap_or("").trim();
    let (family, date) = essence.strip_suffix("+json")?.rsplit_once('.')?;
    let is_date = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    is_date.then_some((family, date))
}
