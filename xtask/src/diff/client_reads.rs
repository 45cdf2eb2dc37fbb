//! Whether the client generated from the base revision can still read the head revision's answers. Some changes
//! oasdiff calls compatible ("specialized") break exactly that client: its decoder rejects the new values, or the
//! server no longer serves what it asks for. Those findings keep oasdiff's id and become breaking, with the reason.

use super::api::{Finding, ValueType};
use super::rules::{Level, Rule};

/// Raise the findings the base's generated client cannot survive to breaking, saying why (`client_break`).
pub(super) fn escalate(findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|f| f.level != Level::Breaking) {
        let reason = match finding.rule {
            Rule::ResponsePropertyTypeSpecialized
            | Rule::ResponsePropertyTypeCompatible
            | Rule::ResponseBodyTypeSpecialized
            | Rule::ResponseBodyTypeCompatible
            | Rule::ResponseHeaderTypeSpecialized
            | Rule::ResponseHeaderTypeCompatible => decoder_rejects(finding),
            Rule::ResponseMediaTypeNameSpecialized | Rule::ResponseMediaTypeNameChanged => accept_not_served(finding),
            _ => None,
        };
        if let Some(reason) = reason {
            finding.level = Level::Breaking;
            finding.client_break = Some(reason);
        }
    }
}

/// The Rust type the generator decodes a string of `format` into, when that decoder accepts only that format.
fn strict_decoder(format: &str) -> Option<&'static str> {
    match format {
        "date-time" => Some("chrono::DateTime<Utc>"),
        "date" => Some("chrono::NaiveDate"),
        "uuid" => Some("uuid::Uuid"),
        "ipv4" => Some("std::net::Ipv4Addr"),
        "ipv6" => Some("std::net::Ipv6Addr"),
        "ip" => Some("std::net::IpAddr"),
        _ => None,
    }
}

/// A response value whose string format changed: the base's decoder for the old format rejects values of the new
/// one (`date-time` → `date`).
fn decoder_rejects(finding: &Finding) -> Option<String> {
    let (old, new) = finding.value_types.as_ref()?;
    let string = |t: &ValueType| t.ty.as_deref() == Some("string");
    if !string(old) || !string(new) || old.format == new.format {
        return None;
    }
    let old_format = old.format.as_deref()?;
    let decoder = strict_decoder(old_format)?;
    let new = match &new.format {
        None => "any string".to_owned(),
        Some(format) => format!("`{format}` values"),
    };
    Some(format!(
        "the client generated from the base decodes `{old_format}` as `{decoder}`, which rejects {new}: every answer \
         carrying one fails to decode"
    ))
}

/// A success response's media type replaced: the base's client sends the old one in `Accept`, which the operation
/// no longer offers (Atlas answers 406 Not Acceptable).
fn accept_not_served(finding: &Finding) -> Option<String> {
    let status = finding.location.split('/').skip_while(|s| *s != "responses").nth(1)?;
    if !status.starts_with('2') {
        return None;
    }
    let old = finding.old.as_deref()?;
    Some(format!(
        "the client generated from the base sends `Accept: {old}`, which the operation no longer offers: the server \
         answers 406 Not Acceptable instead of the {status}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_type(text: &str) -> ValueType {
        let (ty, format) = text
            .split_once('/')
            .map_or((text, None), |(t, f)| (t, Some(f.to_owned())));
        ValueType {
            ty: Some(ty.to_owned()),
            format,
        }
    }

    fn finding(rule: Rule, location: &str, old: &str, new: &str) -> Finding {
        Finding {
            rule,
            level: rule.level(),
            operation: None,
            operation_id: None,
            location: location.into(),
            base_location: None,
            head_location: None,
            message: String::new(),
            old: Some(old.into()),
            new: Some(new.into()),
            rust_items: Vec::new(),
            fingerprint: String::new(),
            accepted: None,
            client_break: None,
            value_types: Some((value_type(old), value_type(new))),
            tied: Vec::new(),
            target: Default::default(),
        }
    }

    #[test]
    fn a_stricter_or_different_string_format_in_a_response_breaks_the_old_decoder_and_a_looser_one_does_not() {
        let mut findings = vec![
            finding(
                Rule::ResponsePropertyTypeSpecialized,
                "/x",
                "string/date-time",
                "string/date",
            ),
            finding(Rule::ResponsePropertyTypeSpecialized, "/x", "string", "string/date"),
            finding(Rule::ResponseBodyTypeSpecialized, "/x", "string/email", "string/uuid"),
            finding(Rule::ResponseHeaderTypeCompatible, "/x", "string/uuid", "string"),
        ];
        escalate(&mut findings);
        let levels: Vec<Level> = findings.iter().map(|f| f.level).collect();
        assert_eq!(levels, [Level::Breaking, Level::Info, Level::Info, Level::Breaking]);
        assert!(
            findings[0]
                .client_break
                .as_deref()
                .unwrap()
                .contains("`chrono::DateTime<Utc>`, which rejects `date` values")
        );
        assert!(
            findings[3]
                .client_break
                .as_deref()
                .unwrap()
                .contains("rejects any string")
        );
    }

    #[test]
    fn a_success_response_media_type_replaced_breaks_the_old_accept_an_error_response_does_not() {
        let mut findings = vec![
            finding(
                Rule::ResponseMediaTypeNameSpecialized,
                "/paths/~1a/get/responses/200/content/application~1vnd.atlas.2024-11-13+json",
                "application/json",
                "application/vnd.atlas.2024-11-13+json",
            ),
            finding(
                Rule::ResponseMediaTypeNameSpecialized,
                "/paths/~1a/get/responses/404/content/application~1vnd.atlas.2024-11-13+json",
                "application/json",
                "application/vnd.atlas.2024-11-13+json",
            ),
        ];
        escalate(&mut findings);
        assert_eq!(findings[0].level, Level::Breaking);
        assert!(
            findings[0]
                .client_break
                .as_deref()
                .unwrap()
                .contains("sends `Accept: application/json`")
        );
        assert_eq!(findings[1].level, Level::Info);
    }
}
