//! The outcome of `cargo xtask vendor-check`: each body's fate, sorted into what round-trips, what cannot for an
//! honest reason (the documented body breaks its own schema, and the validator says where), and defects.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::VendorCheckError;
use super::targets::Targets;
use crate::prepare::ApiVersion;

#[derive(Debug, Serialize)]
pub struct Report {
    pub document: String,
    /// The API version date generated (`None`: each operation's newest).
    pub api_version: Option<String>,
    pub operations: usize,
    pub bodies: Vec<Body>,
    /// What could not be made a body to check, and why.
    pub not_checked: Vec<(String, String)>,
    /// The calls against the mock server, one run per mode (empty without `--mock`).
    pub mock: Vec<super::mock::MockRun>,
    /// The operations generated (what the calls are counted against).
    pub mock_total: usize,
    /// Operations not called, and why.
    pub not_called: Vec<(String, String)>,
    /// Calls with a parameter whose documented value broke its own pattern, made from the pattern instead.
    pub made_parameters: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Serialize)]
pub struct Body {
    pub key: String,
    /// `example`, `examples/<name>` or `sampler`: where the documented body came from.
    pub source: String,
    pub outcome: Outcome,
    /// Where the documented body breaks its own schema (Ajv), if it does.
    pub violations: Vec<String>,
    /// Why the body could not be checked against its schema, if it could not (then it cannot be an exception).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unvalidated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Same,
    /// `None`: the property is not there on that side.
    Different {
        at: String,
        documented: Option<Value>,
        again: Option<Value>,
    },
    Undecodable {
        at: String,
        error: String,
    },
    WrongVariant {
        expected: String,
        found: String,
    },
    /// No documented body could be rendered.
    NoSample {
        why: String,
    },
}

/// How a body counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    RoundTrips,
    /// It does not come back the same, and the documented body breaks its own schema.
    Exception,
    /// It does not come back the same although the documented body is valid: the generator's fault.
    Defect,
}

impl Body {
    /// An exception needs a violation where the round trip failed: at that place, above it (the object holding it
    /// breaks its schema) or below it (a value inside it does).
    pub fn verdict(&self) -> Verdict {
        match self.outcome {
            Outcome::Same => Verdict::RoundTrips,
            _ if self.explaining_violation().is_some() => Verdict::Exception,
            _ => Verdict::Defect,
        }
    }

    /// `response`, `request` or `subtype`, from the key's shape (`listGroups/response`, `subtype/Base/Sub`).
    fn kind(&self) -> &str {
        match self.key.split_once('/') {
            Some(("subtype", _)) => "subtype",
            _ => self.key.rsplit('/').next().unwrap_or_default(),
        }
    }

    /// The first violation at, above or below the place the round trip failed.
    pub fn explaining_violation(&self) -> Option<&str> {
        let place = self.outcome.place();
        let failed = segments(&place);
        self.violations.iter().map(String::as_str).find(|violation| {
            let at = violation.split(' ').next().filter(|p| p.starts_with('/')).unwrap_or("");
            let at = segments(at);
            let shared = at.len().min(failed.len());
            at[..shared] == failed[..shared]
        })
    }
}

/// A JSON pointer's segments (`""` and `"/"` are the root).
fn segments(pointer: &str) -> Vec<&str> {
    pointer.split('/').filter(|s| !s.is_empty()).collect()
}

impl Outcome {
    /// Where the round trip failed, as a JSON pointer (`""`: the whole body). serde_path_to_error's paths
    /// (`results[0].name`) are turned into pointers (`/results/0/name`).
    fn place(&self) -> String {
        match self {
            Outcome::Different { at, .. } => at.clone(),
            Outcome::Undecodable { at, .. } if at != "." => {
                let mut pointer = String::new();
                for part in at.split('.').filter(|p| !p.is_empty()) {
                    let (field, indexes) = part.split_once('[').map_or((part, ""), |(f, rest)| (f, rest));
                    if !field.is_empty() {
                        pointer.push('/');
                        pointer.push_str(field);
                    }
                    for index in indexes
                        .split('[')
                        .map(|i| i.trim_end_matches(']'))
                        .filter(|i| !i.is_empty())
                    {
                        pointer.push('/');
                        pointer.push_str(index);
                    }
                }
                pointer
            }
            _ => String::new(),
        }
    }
}

impl Report {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.bodies.iter().filter(|b| b.verdict() == verdict).count()
    }

    pub fn defects(&self) -> impl Iterator<Item = &Body> {
        self.bodies.iter().filter(|b| b.verdict() == Verdict::Defect)
    }

    /// Whether anything is the generated code's fault: a body or a mock answer that keeps to its schema and still
    /// does not come back or decode.
    pub fn has_defects(&self) -> bool {
        self.defects().next().is_some() || self.mock.iter().flat_map(|run| &run.calls).any(|c| c.is_defect())
    }
}

/// Join the targets, the samples Node.js wrote (`{"samples": [{key, source, sample, violations} | {key, error}]}`)
/// and the round-trip program's lines (`{key, outcome, detail}`).
pub fn assemble(
    document: &str,
    api_version: Option<&ApiVersion>,
    operations: usize,
    found: &Targets,
    samples: &str,
    program_output: &str,
) -> Result<Report, VendorCheckError> {
    let bad = |message: String| VendorCheckError::Output {
        what: "reading the round trip's results".into(),
        message,
    };
    let samples: Value = serde_json::from_str(samples).map_err(|e| bad(format!("samples.json: {e}")))?;
    let samples = samples
        .get("samples")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut outcomes = std::collections::BTreeMap::new();
    for line in program_output.lines().filter(|l| !l.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).map_err(|e| bad(format!("{e}: {line}")))?;
        let key = value.get("key").and_then(Value::as_str).unwrap_or_default().to_owned();
        outcomes.insert(key, value);
    }
    let mut bodies = Vec::new();
    for target in &found.targets {
        let sample = samples
            .iter()
            .find(|s| s.get("key").and_then(Value::as_str) == Some(target.key.as_str()));
        let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or_default().to_owned();
        let violations: Vec<String> = sample
            .and_then(|s| s.get("violations"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let outcome = match (sample, outcomes.get(&target.key)) {
            (Some(sample), _) if sample.get("error").is_some() => Outcome::NoSample {
                why: text(sample.get("error")),
            },
            (None, _) => Outcome::NoSample {
                why: "the sampler wrote nothing for it".into(),
            },
            (Some(_), None) => Outcome::NoSample {
                why: "the round-trip program did not report it".into(),
            },
            (Some(_), Some(result)) => {
                let detail = result.get("detail").cloned().unwrap_or(Value::Null);
                match result.get("outcome").and_then(Value::as_str) {
                    Some("same") => Outcome::Same,
                    Some("different") => Outcome::Different {
                        at: text(detail.get("at")),
                        documented: detail.get("documented").cloned(),
                        again: detail.get("again").cloned(),
                    },
                    Some("undecodable") => Outcome::Undecodable {
                        at: text(detail.get("at")),
                        error: text(detail.get("error")),
                    },
                    Some("wrong-variant") => Outcome::WrongVariant {
                        expected: text(detail.get("expected")),
                        found: text(detail.get("found")),
                    },
                    other => return Err(bad(format!("{}: outcome {other:?}", target.key))),
                }
            }
        };
        bodies.push(Body {
            key: target.key.clone(),
            source: text(sample.and_then(|s| s.get("source"))),
            outcome,
            violations,
            unvalidated: sample
                .and_then(|s| s.get("unvalidated"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    Ok(Report {
        document: document.to_owned(),
        api_version: api_version.map(ToString::to_string),
        operations,
        bodies,
        not_checked: found.skipped.clone(),
        mock: Vec::new(),
        mock_total: 0,
        not_called: Vec::new(),
        made_parameters: Vec::new(),
    })
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |at: &str| if at.is_empty() { "/".to_owned() } else { at.to_owned() };
        match self {
            Outcome::Same => write!(f, "the same"),
            Outcome::Different {
                at: place,
                documented,
                again,
            } => {
                let shown = |value: &Option<Value>| value.as_ref().map_or("nothing".to_owned(), ToString::to_string);
                write!(
                    f,
                    "comes back different at {}: {} became {}",
                    at(place),
                    shown(documented),
                    shown(again)
                )
            }
            Outcome::Undecodable { at: place, error } => write!(f, "does not decode at {}: {error}", at(place)),
            Outcome::WrongVariant { expected, found } => write!(f, "decodes as {found}, not as {expected}"),
            Outcome::NoSample { why } => write!(f, "no documented body: {why}"),
        }
    }
}

impl fmt::Display for Report {
    /// The figures, then every defect and every exception with its reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = |kind: &str| self.bodies.iter().filter(|b| b.kind() == kind).count();
        writeln!(
            f,
            "{} at {}: {} operations generated",
            self.document,
            self.api_version.as_deref().unwrap_or("the newest versions"),
            self.operations
        )?;
        writeln!(
            f,
            "bodies: {} documented ({} responses, {} requests, {} subtypes); {} round-trip, {} exceptions (the documented \
             body breaks its own schema), {} defects",
            self.bodies.len(),
            kinds("response"),
            kinds("request"),
            kinds("subtype"),
            self.count(Verdict::RoundTrips),
            self.count(Verdict::Exception),
            self.count(Verdict::Defect),
        )?;
        let defects: Vec<&Body> = self.defects().collect();
        if !defects.is_empty() {
            writeln!(f, "\ndefects:")?;
            for body in defects {
                let unvalidated = body
                    .unvalidated
                    .as_ref()
                    .map(|why| format!(" (its schema could not be checked: {why})"));
                writeln!(f, "  {}: {}{}", body.key, body.outcome, unvalidated.unwrap_or_default())?;
            }
        }
        let exceptions: Vec<&Body> = self
            .bodies
            .iter()
            .filter(|b| b.verdict() == Verdict::Exception)
            .collect();
        if !exceptions.is_empty() {
            writeln!(f, "\nexceptions:")?;
            for body in exceptions {
                let more = match body.violations.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more; --json has them all)", n - 1),
                };
                let why = body.explaining_violation().unwrap_or_default();
                writeln!(
                    f,
                    "  {}: {}; its {} breaks its schema: {why}{more}",
                    body.key, body.outcome, body.source
                )?;
            }
        }
        for run in &self.mock {
            let count = |outcome: &str| run.calls.iter().filter(|c| c.outcome == outcome).count();
            writeln!(
                f,
                "\nmock server, {}: {} of {} operations called; {} decoded, {} a documented error decoded, {} \
                 undecodable, {} an undocumented status, {} failed, {} with an example parameter or body that does not fit",
                run.mode,
                run.calls.len(),
                self.mock_total,
                count("decoded"),
                count("error-answer"),
                count("undecodable"),
                count("unexpected"),
                count("failed"),
                count("bad-parameter"),
            )?;
            let defects = run.calls.iter().filter(|c| c.is_defect()).count();
            writeln!(
                f,
                "  undecodable although the answer keeps to its schema (defects): {defects}"
            )?;
            for call in run.calls.iter().filter(|c| c.outcome != "decoded") {
                let status = call.status.map(|s| format!(" {s}")).unwrap_or_default();
                let why = match (call.is_defect(), call.violations.is_empty()) {
                    (true, _) => " [defect]".to_owned(),
                    (false, false) => format!(
                        " [the answer breaks its schema: {}{}]",
                        call.violations[0],
                        if call.violations.len() > 1 {
                            format!(" and {} more", call.violations.len() - 1)
                        } else {
                            String::new()
                        }
                    ),
                    (false, true) => String::new(),
                };
                writeln!(
                    f,
                    "  {}: {}{status}: {}{why}",
                    call.id,
                    call.outcome,
                    call.detail.as_deref().unwrap_or("")
                )?;
            }
        }
        if !self.made_parameters.is_empty() {
            let names: Vec<String> = self
                .made_parameters
                .iter()
                .map(|(id, names)| format!("{id} ({})", names.join(", ")))
                .collect();
            writeln!(
                f,
                "\n{} calls had a parameter whose documented value breaks its own pattern, made from the pattern: {}",
                self.made_parameters.len(),
                names.join("; ")
            )?;
        }
        if !self.not_called.is_empty() {
            writeln!(f, "\nnot called:")?;
            for (what, why) in &self.not_called {
                writeln!(f, "  {what}: {why}")?;
            }
        }
        if !self.not_checked.is_empty() {
            writeln!(f, "\nnot checked:")?;
            for (what, why) in &self.not_checked {
                writeln!(f, "  {what}: {why}")?;
            }
        }
        Ok(())
    }
}

/// What kind of fault a documented body has, from the validator's message that explains it (Ajv's wording).
fn fault_kind(violation: &str) -> &'static str {
    let has = |needle: &str| violation.contains(needle);
    if has("must match pattern") {
        "a value breaks its pattern (the sampler writes `string` where no example is given)"
    } else if has("must be equal to one of the allowed values") {
        "a value outside its enum (often a subtype's value against its base's enum, or a discriminator naming no subtype)"
    } else if has("must have required property") {
        "a required property is missing"
    } else if has("must be object") || has("must be string") || has("must be array") || has("must be number") {
        "a value of another type than declared"
    } else if has("property name must be valid") {
        "a property its subtype does not declare (the sampler mixed two subtypes)"
    } else if has("must match exactly one schema in oneOf") {
        "fits several of a `oneOf`'s choices, or none"
    } else {
        "fits none of its schema's choices"
    }
}

impl Report {
    /// Every exception grouped by the kind of fault its documented body has, each with the validator's first
    /// message: docs/vendor-exceptions.md is this, for the fixtures.
    pub fn exceptions_markdown(&self) -> String {
        let mut groups: std::collections::BTreeMap<&str, Vec<&Body>> = Default::default();
        for body in self.bodies.iter().filter(|b| b.verdict() == Verdict::Exception) {
            groups
                .entry(fault_kind(body.explaining_violation().unwrap_or_default()))
                .or_default()
                .push(body);
        }
        let mut out = format!(
            "### {} at {}: {} exceptions\n",
            self.document,
            self.api_version.as_deref().unwrap_or("the newest versions"),
            self.count(Verdict::Exception)
        );
        for (kind, bodies) in groups {
            out.push_str(&format!("\n**{kind}** ({}):\n\n", bodies.len()));
            for body in bodies {
                let first = body.explaining_violation().unwrap_or_default();
                out.push_str(&format!(
                    "- `{}` ({}): {}\n",
                    body.key,
                    body.source,
                    first.replace('|', "\\|")
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(outcome: Outcome, violations: &[&str]) -> Body {
        Body {
            key: "k".into(),
            source: "sampler".into(),
            outcome,
            violations: violations.iter().map(|v| v.to_string()).collect(),
            unvalidated: None,
        }
    }

    #[test]
    fn an_exception_needs_a_violation_at_above_or_below_where_the_round_trip_failed() {
        let undecodable = |at: &str| Outcome::Undecodable {
            at: at.into(),
            error: "doesn't match pattern".into(),
        };
        let pattern = "/results/0/awsSecurityGroup must match pattern \"^sg-\"";
        assert_eq!(
            body(undecodable("results[0].awsSecurityGroup"), &[pattern]).verdict(),
            Verdict::Exception
        );
        assert_eq!(
            body(undecodable("results[0]"), &[pattern]).verdict(),
            Verdict::Exception
        );
        assert_eq!(body(undecodable("."), &[pattern]).verdict(), Verdict::Exception);
        assert_eq!(
            body(undecodable("results[1].name"), &[pattern]).verdict(),
            Verdict::Defect
        );
        let different = Outcome::Different {
            at: "/a/b".into(),
            documented: Some(serde_json::json!(1)),
            again: None,
        };
        assert_eq!(
            body(different.clone(), &["/ must match a schema in anyOf"]).verdict(),
            Verdict::Exception
        );
        assert_eq!(
            body(different.clone(), &["/c must be object"]).verdict(),
            Verdict::Defect
        );
        assert_eq!(body(different, &[]).verdict(), Verdict::Defect);
        assert_eq!(body(Outcome::Same, &["/x bad"]).verdict(), Verdict::RoundTrips);
    }

    #[test]
    fn a_body_is_a_response_a_request_or_a_subtype_by_its_key() {
        let kind = |key: &str| {
            let mut b = body(Outcome::Same, &[]);
            b.key = key.into();
            b.kind().to_owned()
        };
        assert_eq!(kind("listGroups/response"), "response");
        assert_eq!(kind("createGroup/request"), "request");
        assert_eq!(kind("subtype/Threshold/RawThreshold"), "subtype");
    }

    #[test]
    fn serde_paths_become_pointers() {
        let at = |path: &str| {
            Outcome::Undecodable {
                at: path.into(),
                error: String::new(),
            }
            .place()
        };
        assert_eq!(at("results[0].parts[12].machineId"), "/results/0/parts/12/machineId");
        assert_eq!(at("[0].name"), "/0/name");
        assert_eq!(at("."), "");
    }
}
