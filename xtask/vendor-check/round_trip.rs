//! The round trip, compiled into the crate `cargo xtask vendor-check` generates from a vendor's document (written
//! there as `src/round_trip.rs`; its `main.rs`, generated, maps each body's key to the Rust type it decodes into).
//!
//! Each documented body is decoded as the generated client decodes a response (`serde_json` from the text) into
//! that type, encoded again as it would be sent, and compared with what was documented, numbers by value. One JSON
//! line per body goes to stdout: `{"key", "outcome": "same"|"different"|"undecodable"|"wrong-variant", "detail"}`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How one body fared.
pub enum Outcome {
    Same,
    /// The body came back otherwise: the first place it differs, as documented and as encoded again (`None`: not
    /// there).
    Different {
        at: String,
        documented: Option<Value>,
        again: Option<Value>,
    },
    /// The generated type refused it, where and why.
    Undecodable { at: String, error: String },
    /// A subtype decoded into its base as another of the base's variants.
    WrongVariant { expected: String, found: String },
}

/// Decode `text` into `T`, encode it again and compare; for a subtype, `variant` is the variant of the base's enum
/// it must decode as.
pub fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(text: &str, variant: Option<&str>) -> Outcome {
    let mut reader = serde_json::Deserializer::from_str(text);
    let decoded: T = match serde_path_to_error::deserialize(&mut reader) {
        Ok(decoded) => decoded,
        Err(error) => {
            return Outcome::Undecodable {
                at: error.path().to_string(),
                error: error.into_inner().to_string(),
            };
        }
    };
    if let Some(expected) = variant {
        let debug = format!("{decoded:?}");
        let found: String = debug.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if found != expected {
            return Outcome::WrongVariant {
                expected: expected.to_owned(),
                found,
            };
        }
    }
    let documented: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Outcome::Undecodable { at: String::new(), error: error.to_string() },
    };
    let again = match serde_json::to_value(&decoded) {
        Ok(value) => value,
        Err(error) => return Outcome::Undecodable { at: String::new(), error: format!("encoding again: {error}") },
    };
    match first_difference(&documented, &again, String::new()) {
        None => Outcome::Same,
        Some((at, documented, again)) => Outcome::Different { at, documented, again },
    }
}

/// Where two JSON values first differ (a JSON pointer), with both sides there (`None`: the key is missing on that
/// side); numbers equal by value (`1` is `1.0`).
#[allow(clippy::type_complexity)]
fn first_difference(a: &Value, b: &Value, at: String) -> Option<(String, Option<Value>, Option<Value>)> {
    let differ = || Some((at.clone(), Some(a.clone()), Some(b.clone())));
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            };
            if same { None } else { differ() }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return differ();
            }
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| first_difference(x, y, format!("{at}/{i}")))
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|key| {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, here),
                    (x, y) => Some((here, x.cloned(), y.cloned())),
                }
            })
        }
        _ if a == b => None,
        _ => differ(),
    }
}

/// Read the samples file named on the command line, check each body with `dispatch` (the generated table: `None`
/// for a key it does not know), and print one line per body.
pub fn main(dispatch: fn(&str, &str) -> Option<Outcome>) {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: round-trip SAMPLES.json");
        std::process::exit(2);
    };
    let samples: Value = match std::fs::read_to_string(&path).map(|text| serde_json::from_str(&text)) {
        Ok(Ok(samples)) => samples,
        Ok(Err(error)) => fail(&format!("{path}: {error}")),
        Err(error) => fail(&format!("{path}: {error}")),
    };
    let list = samples.get("samples").and_then(Value::as_array).cloned().unwrap_or_default();
    for entry in list {
        let (Some(key), Some(sample)) = (entry.get("key").and_then(Value::as_str), entry.get("sample")) else {
            continue;
        };
        let text = sample.to_string();
        let (outcome, detail) = match dispatch(key, &text) {
            None => ("unknown", serde_json::json!("no generated type for this key")),
            Some(Outcome::Same) => ("same", Value::Null),
            Some(Outcome::Different { at, documented, again }) => (
                "different",
                {
                    // A side without the property has no key at all (`null` is a value).
                    let mut detail = serde_json::json!({ "at": at });
                    if let Some(documented) = documented {
                        detail["documented"] = documented;
                    }
                    if let Some(again) = again {
                        detail["again"] = again;
                    }
                    detail
                },
            ),
            Some(Outcome::Undecodable { at, error }) => ("undecodable", serde_json::json!({"at": at, "error": error})),
            Some(Outcome::WrongVariant { expected, found }) => (
                "wrong-variant",
                serde_json::json!({"expected": expected, "found": found}),
            ),
        };
        println!("{}", serde_json::json!({"key": key, "outcome": outcome, "detail": detail}));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("round-trip: {message}");
    std::process::exit(2)
}
