//! Media types of request bodies and responses: added, removed, and a dated vendor type replaced by another date
//! of the same type.

use std::collections::{BTreeMap, BTreeSet};

use mime::Mime;
use serde_json::Value;

use super::{Change, Context, EMPTY, Rule, Side, Subject, Target, Walk};
use crate::document::escape;

/// A media type in both revisions, whose schemas are compared: the same name, or in a response a name paired with
/// its refinement (`application/json` → `application/problem+json`) or with other parameters.
pub(super) struct MediaPair<'a> {
    pub name: &'a str,
    pub old: &'a Value,
    pub new: &'a Value,
}

impl<'a> Context<'a> {
    /// Media types of a request body or a response (at `location`) added, removed, or — a dated vendor type
    /// replaced by another date of the same type — versioned anew, which is how Atlas ships a new API version.
    /// A response's media type replaced by a more or less specific one, or by the same with other parameters, is
    /// a name change (oasdiff pairs them so). Returns the media types in both revisions.
    pub(super) fn media_types(
        &mut self,
        side: Side,
        subject: &str,
        location: &str,
        old: &'a Value,
        new: &'a Value,
    ) -> Vec<MediaPair<'a>> {
        let content = |holder: &'a Value| holder.get("content").and_then(Value::as_object).unwrap_or(&EMPTY);
        let (was, is) = (content(old), content(new));
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
        let mut pairs: Vec<MediaPair<'a>> = is
            .iter()
            .filter_map(|(name, media)| {
                Some(MediaPair {
                    name,
                    old: was.get(name)?,
                    new: media,
                })
            })
            .collect();
        let mut gone: Vec<&String> = was.keys().filter(|k| !is.contains_key(*k)).collect();
        for media in is.keys().filter(|k| !was.contains_key(*k)) {
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
                pairs.push(MediaPair {
                    name: media,
                    old: &was[old_media.as_str()],
                    new: &is[media.as_str()],
                });
                continue;
            }
            let refined = (side == Side::Response)
                .then(|| gone.iter().position(|old| related(old, media)))
                .flatten();
            if let Some(index) = refined {
                let old_media = gone.remove(index);
                let rule = name_change(old_media, media);
                let message = format!("{subject}: media type `{old_media}` became `{media}`");
                let change = Change::new(rule, at, message).values(Some(old_media.clone()), Some(media.clone()));
                self.push(change);
                pairs.push(MediaPair {
                    name: media,
                    old: &was[old_media.as_str()],
                    new: &is[media.as_str()],
                });
                continue;
            }
            self.push(Change::new(added, at, format!("{subject}: media type `{media}` added")).added(media));
        }
        for media in gone {
            let at = format!("{location}/content/{}", escape(media));
            let change = Change::new(removed, at, format!("{subject}: media type `{media}` removed"));
            self.push(change.removed(media.as_str()));
        }
        pairs
    }

    /// The schemas of a media type in both revisions: added, removed, or compared (`strongly_typed` unless the
    /// media type is not JSON).
    pub(super) fn media_schema(&mut self, side: Side, subject: &Subject, location: &str, pair: &MediaPair<'a>) {
        let location = format!("{location}/content/{}/schema", escape(pair.name));
        let (added, removed) = if side == Side::Request {
            (
                Rule::RequestBodyMediaTypeSchemaAdded,
                Rule::RequestBodyMediaTypeSchemaRemoved,
            )
        } else {
            (
                Rule::ResponseBodyMediaTypeSchemaAdded,
                Rule::ResponseBodyMediaTypeSchemaRemoved,
            )
        };
        let name = pair.name;
        match (pair.old.get("schema"), pair.new.get("schema")) {
            (None, None) => {}
            (None, Some(_)) => {
                let message = format!("{subject}: `{name}` schema added");
                self.push(Change::new(added, location, message).added(name));
            }
            (Some(_), None) => {
                let message = format!("{subject}: `{name}` schema removed");
                self.push(Change::new(removed, location, message).removed(name));
            }
            (Some(was), Some(is)) => {
                let body = Walk {
                    strongly_typed: crate::media_types::is_json(name),
                    ..Walk::default()
                };
                self.walking(body, |cx| {
                    cx.schema(side, subject, &location, was, is, &Target::None, &mut BTreeSet::new())
                });
            }
        }
    }
}

/// Whether one media type contains the other: the same type and subtype with other parameters, or a structured
/// suffix of the other's subtype (`application/json` and `application/problem+json`).
fn related(a: &str, b: &str) -> bool {
    contains(a, b) || contains(b, a)
}

/// Whether `specific` is `general` or a refinement of it, parameters aside.
fn contains(general: &str, specific: &str) -> bool {
    let (Ok(general), Ok(specific)) = (general.parse::<Mime>(), specific.parse::<Mime>()) else {
        return false;
    };
    if general.type_() != specific.type_() {
        return false;
    }
    let suffix = |m: &Mime| m.suffix().map(|s| s.as_str().to_owned());
    if suffix(&general).is_none() && suffix(&specific).as_deref() == Some(general.subtype().as_str()) {
        return true;
    }
    general.subtype() == specific.subtype() && suffix(&general) == suffix(&specific)
}

/// oasdiff's rule for a response media type paired with another name: other parameters, a more specific type
/// (clients that accepted the old one accept it), or a more general one.
fn name_change(old: &str, new: &str) -> Rule {
    let params = |m: &str| -> BTreeMap<String, String> {
        m.parse::<Mime>()
            .map(|m| m.params().map(|(k, v)| (k.to_string(), v.to_string())).collect())
            .unwrap_or_default()
    };
    if params(old) != params(new) {
        Rule::ResponseMediaTypeNameChanged
    } else if contains(old, new) {
        Rule::ResponseMediaTypeNameSpecialized
    } else {
        Rule::ResponseMediaTypeNameGeneralized
    }
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
