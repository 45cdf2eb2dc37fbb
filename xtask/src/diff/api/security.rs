//! Security schemes and requirements, and servers: document-wide changes that every operation feels.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::shape::strip_docs;
use super::{Change, Context, EMPTY, Rule};
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

    /// Security schemes added, removed or changed, and the document's own requirements.
    pub(super) fn security(&mut self) {
        let schemes = |doc: &'a Value| doc.pointer("/components/securitySchemes").and_then(Value::as_object);
        let (old, new) = (
            schemes(self.base).unwrap_or(&EMPTY),
            schemes(self.head).unwrap_or(&EMPTY),
        );
        for (name, scheme) in new {
            let location = format!("/components/securitySchemes/{}", escape(name));
            match old.get(name) {
                None => self.push(
                    Change::new(
                        Rule::ApiSecurityComponentAdded,
                        location,
                        format!("security scheme `{name}` added ({})", describe_scheme(scheme)),
                    )
                    .added(name.as_str()),
                ),
                Some(before) => self.scheme(name, &location, before, scheme),
            }
        }
        for name in old.keys().filter(|n| !new.contains_key(*n)) {
            let location = format!("/components/securitySchemes/{}", escape(name));
            let change = Change::new(
                Rule::ApiSecurityComponentRemoved,
                location,
                format!("security scheme `{name}` removed"),
            );
            self.push(change.removed(name.as_str()));
        }
        let (was, is) = (self.base.get("security"), self.head.get("security"));
        self.requirements(Requirements::Document, "/security", was, is);
    }

    /// One scheme in both revisions: its type, each OAuth flow's URLs and scopes under oasdiff's rules; any other
    /// change to how clients authenticate under ours.
    fn scheme(&mut self, name: &str, location: &str, old: &'a Value, new: &'a Value) {
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let (was, is) = (text(old, "type"), text(new, "type"));
        if was != is {
            let message = format!(
                "security scheme `{name}` type changed from {} to {}",
                show(&was),
                show(&is)
            );
            let change = Change::new(Rule::ApiSecurityComponentTypeChanged, location, message);
            return self.push(change.values(was, is));
        }
        let flows = |v: &'a Value| v.get("flows").and_then(Value::as_object).unwrap_or(&EMPTY);
        let (old_flows, new_flows) = (flows(old), flows(new));
        for (flow, after) in new_flows {
            let Some(before) = old_flows.get(flow) else { continue };
            let at = format!("{location}/flows/{}", escape(flow));
            for (key, rule) in [
                ("authorizationUrl", Rule::ApiSecurityComponentOauthUrlChanged),
                ("tokenUrl", Rule::ApiSecurityComponentOauthTokenUrlChanged),
            ] {
                let (was, is) = (text(before, key), text(after, key));
                if was != is {
                    let message = format!(
                        "security scheme `{name}` {flow} flow: {key} changed from {} to {}",
                        show(&was),
                        show(&is)
                    );
                    self.push(Change::new(rule, format!("{at}/{key}"), message).values(was, is));
                }
            }
            let scopes = |v: &'a Value| v.get("scopes").and_then(Value::as_object).unwrap_or(&EMPTY);
            let (was, is) = (scopes(before), scopes(after));
            for (scope, description) in is {
                let (rule, what) = match was.get(scope) {
                    None => (Rule::ApiSecurityComponentOauthScopeAdded, "added"),
                    Some(old) if old != description => (Rule::ApiSecurityComponentOauthScopeChanged, "described anew"),
                    Some(_) => continue,
                };
                let message = format!("security scheme `{name}` {flow} flow: scope `{scope}` {what}");
                self.push(Change::new(rule, format!("{at}/scopes"), message).values(None, Some(scope.clone())));
            }
            for scope in was.keys().filter(|s| !is.contains_key(*s)) {
                let message = format!("security scheme `{name}` {flow} flow: scope `{scope}` removed");
                let change = Change::new(
                    Rule::ApiSecurityComponentOauthScopeRemoved,
                    format!("{at}/scopes"),
                    message,
                );
                self.push(change.values(Some(scope.clone()), None));
            }
        }
        // What oasdiff's rules leave out: the scheme without its type, OAuth URLs and scopes, and documentation.
        let rest = |v: &Value| {
            let mut v = strip_docs(v);
            for flow in v
                .get_mut("flows")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|f| f.values_mut())
            {
                if let Some(flow) = flow.as_object_mut() {
                    for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                        flow.remove(key);
                    }
                }
            }
            v
        };
        if rest(old) != rest(new) {
            let (was, is) = (describe_scheme(old), describe_scheme(new));
            let message = format!("security scheme `{name}` changed from {was} to {is}");
            self.push(Change::new(Rule::SecuritySchemeChanged, location, message).values(Some(was), Some(is)));
        }
    }

    /// The security requirements of the document or of an operation (`security`: alternatives, each a set of
    /// schemes with their scopes). An alternative in both is unchanged; one whose schemes are in both, alone of
    /// its kind on each side, had scopes added or removed; the others were added or removed (as oasdiff pairs them).
    pub(super) fn requirements(
        &mut self,
        whose: Requirements,
        location: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        let (was, is) = (alternatives(old), alternatives(new));
        let [added, removed, scope_added, scope_removed] = match whose {
            Requirements::Document => [
                Rule::ApiGlobalSecurityAdded,
                Rule::ApiGlobalSecurityRemoved,
                Rule::ApiGlobalSecurityScopeAdded,
                Rule::ApiGlobalSecurityScopeRemoved,
            ],
            Requirements::Operation => [
                Rule::ApiSecurityAdded,
                Rule::ApiSecurityRemoved,
                Rule::ApiSecurityScopeAdded,
                Rule::ApiSecurityScopeRemoved,
            ],
        };
        let (mut old_left, mut new_left): (Vec<&Alternative>, Vec<&Alternative>) = (Vec::new(), is.iter().collect());
        for alternative in &was {
            match new_left.iter().position(|other| other == &alternative) {
                Some(index) => drop(new_left.remove(index)),
                None => old_left.push(alternative),
            }
        }
        let schemes = |a: &Alternative| a.keys().cloned().collect::<Vec<_>>();
        let alone =
            |list: &[&Alternative], a: &Alternative| list.iter().filter(|b| schemes(b) == schemes(a)).count() == 1;
        let mut gone = Vec::new();
        for before in old_left.clone() {
            let partner = new_left.iter().position(|after| schemes(after) == schemes(before));
            let Some(index) = partner.filter(|&i| alone(&old_left, before) && alone(&new_left, new_left[i])) else {
                gone.push(before);
                continue;
            };
            let after = new_left.remove(index);
            for (scheme, scopes) in after {
                // Paired by the same schemes, so each of `after`'s is in `before`.
                let Some(previous) = before.get(scheme) else { continue };
                for scope in scopes.difference(previous) {
                    let message = format!("{}: scope `{scope}` of `{scheme}` added", whose.subject());
                    self.push(Change::new(scope_added, location, message).values(None, Some(scope.clone())));
                }
                for scope in previous.difference(scopes) {
                    let message = format!("{}: scope `{scope}` of `{scheme}` removed", whose.subject());
                    self.push(Change::new(scope_removed, location, message).values(Some(scope.clone()), None));
                }
            }
        }
        // oasdiff reports an operation's empty alternative (`{}`: no authentication) neither added nor removed.
        let counts = |a: &Alternative| whose == Requirements::Document || !a.is_empty();
        for after in new_left.into_iter().filter(|a| counts(a)) {
            let message = format!("{}: requirement {} added", whose.subject(), describe(after));
            self.push(Change::new(added, location, message).values(None, Some(describe(after))));
        }
        for before in gone.into_iter().filter(|a| counts(a)) {
            let message = format!("{}: requirement {} removed", whose.subject(), describe(before));
            self.push(Change::new(removed, location, message).values(Some(describe(before)), None));
        }
    }
}

/// Whose security requirements are compared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Requirements {
    Document,
    Operation,
}

impl Requirements {
    fn subject(self) -> &'static str {
        match self {
            Requirements::Document => "the document's security",
            Requirements::Operation => "the operation's security",
        }
    }
}

/// One alternative of a `security` list: scheme → scopes.
type Alternative = BTreeMap<String, BTreeSet<String>>;

fn alternatives(list: Option<&Value>) -> Vec<Alternative> {
    let scopes = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|alternative| {
            alternative
                .iter()
                .map(|(scheme, s)| (scheme.clone(), scopes(s)))
                .collect()
        })
        .collect()
}

/// `DigestAuth`, `OAuth: [read, write] AND ApiKey`, or `{}` (no authentication).
fn describe(alternative: &Alternative) -> String {
    if alternative.is_empty() {
        return "{}".into();
    }
    let parts: Vec<String> = alternative
        .iter()
        .map(|(scheme, scopes)| match scopes.is_empty() {
            true => scheme.clone(),
            false => format!("{scheme}: [{}]", scopes.iter().cloned().collect::<Vec<_>>().join(", ")),
        })
        .collect();
    parts.join(" AND ")
}

fn show(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "none".into())
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
