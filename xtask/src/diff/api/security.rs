//! Security schemes and requirements, and servers: document-wide changes that every operation feels.

use serde_json::Value;

use super::schemas::strip_docs;
use super::{Change, Context, Rule};
use crate::document::escape;

impl<'a> Context<'a> {
    pub(super) fn servers(&mut self) {
        let urls = |doc: &Value| -> Vec<String> {
            doc.get("servers")
                .and_then(Value::as_array)
                .map(|s| {
                    s.iter()
                        .filter_map(|s| s.get("url")?.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old, new) = (urls(self.base), urls(self.head));
        if old != new {
            let message = format!("the server URL changed from {} to {}", list(&old), list(&new));
            self.push(
                Change::new(Rule::ServerUrlChanged, "/servers", message)
                    .values(Some(old.join(", ")), Some(new.join(", "))),
            );
        }
    }

    pub(super) fn security(&mut self) {
        let schemes = |doc: &'a Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (schemes(self.base), schemes(self.head));
        for (name, scheme) in &new {
            let location = format!("/components/securitySchemes/{}", escape(name));
            match old.get(name) {
                None => self.push(Change::new(
                    Rule::SecuritySchemeAdded,
                    location,
                    format!("security scheme `{name}` added ({})", describe_scheme(scheme)),
                )),
                Some(before) if strip_docs(before) != strip_docs(scheme) => {
                    let (was, is) = (describe_scheme(before), describe_scheme(scheme));
                    self.push(
                        Change::new(
                            Rule::SecuritySchemeChanged,
                            location,
                            format!("security scheme `{name}` changed from {was} to {is}"),
                        )
                        .values(Some(was), Some(is)),
                    )
                }
                Some(_) => {}
            }
        }
        for name in old.keys().filter(|n| !new.contains_key(*n)) {
            self.push(Change::new(
                Rule::SecuritySchemeRemoved,
                format!("/components/securitySchemes/{}", escape(name)),
                format!("security scheme `{name}` removed"),
            ));
        }
        let (was, is) = (self.base.get("security"), self.head.get("security"));
        if was != is {
            let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
            self.push(
                Change::new(
                    Rule::SecurityRequirementChanged,
                    "/security",
                    format!(
                        "the document's security requirement changed from {} to {}",
                        show(was),
                        show(is)
                    ),
                )
                .values(Some(show(was)), Some(show(is))),
            );
        }
    }
}

fn describe_scheme(scheme: &Value) -> String {
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or("?");
    match field("type") {
        "http" => format!("http {}", field("scheme")),
        "apiKey" => format!("apiKey in {} `{}`", field("in"), field("name")),
        "oauth2" => {
            let token_url = scheme
                .pointer("/flows/clientCredentials/tokenUrl")
                .and_then(Value::as_str);
            format!(
                "oauth2{}",
                token_url.map(|u| format!(" (token URL {u})")).unwrap_or_default()
            )
        }
        other => other.to_owned(),
    }
}
fn list(urls: &[String]) -> String {
    if urls.is_empty() {
        "none".into()
    } else {
        urls.join(", ")
    }
}
