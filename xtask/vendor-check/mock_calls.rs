//! Calls against a mock server, compiled into the crate `cargo xtask vendor-check --mock` generates from a
//! vendor's document (written there as `src/mock_calls.rs`; its `main.rs`, generated, holds one call per
//! operation, each parameter set through the generated builder's setter of the parameter's generated type).
//!
//! `main BASE_URL SAMPLES.json` builds the client from `generated_client`'s builder — service-account credentials,
//! whose token the mock document serves — so every request goes through `generated_client`'s pipeline
//! (authentication, retries, bounded bodies), then calls each operation once, in order, with its documented
//! parameters and request body (the samples `samples.mjs` rendered), and prints one JSON line
//! per call: `{"id", "outcome", "status"?, "detail"?}`.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// How one call ended.
pub enum Outcome {
    /// A success status, its body decoded into the generated type.
    Decoded(u16),
    /// A documented error status, its body decoded; the mock's own reasons (`sl-violations`), if it gave any.
    ErrorAnswer(u16, Option<String>),
    /// A status the document does not list for the operation.
    Unexpected(u16, Option<String>),
    /// A documented status whose body the generated type refused: why, and the body (its first MiB).
    Undecodable(String, String),
    /// The request did not go out or no answer came.
    Failed(String),
    /// The documented example of a parameter (or the request body) does not fit its generated type.
    BadParameter(String, String),
}

/// The documented value of parameter `name`, as the setter's type; `None` when the document gives none.
pub fn param<T: DeserializeOwned>(params: &Map<String, Value>, name: &str) -> Result<Option<T>, Outcome> {
    match params.get(name) {
        None => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| Outcome::BadParameter(name.to_owned(), format!("{value} is not a {}: {e}", std::any::type_name::<T>()))),
    }
}

/// The documented request body, as the `body` setter's type; `None` when the document shows none.
pub fn body_of<T: DeserializeOwned>(body: Option<&Value>) -> Result<Option<T>, Outcome> {
    match body {
        None => Ok(None),
        Some(value) => serde_json::from_value(value.clone()).map(Some).map_err(|e| {
            Outcome::BadParameter("the request body".to_owned(), format!("is not a {}: {e}", std::any::type_name::<T>()))
        }),
    }
}

/// What the generated `send` returned.
pub fn outcome<T, E: std::fmt::Debug>(result: Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<E>>) -> Outcome {
    use progenitor_client::Error;
    let violations = |headers: &reqwest::header::HeaderMap| {
        headers.get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    match result {
        Ok(value) => Outcome::Decoded(value.status().as_u16()),
        Err(Error::ErrorResponse(value)) => Outcome::ErrorAnswer(value.status().as_u16(), violations(value.headers())),
        Err(Error::UnexpectedResponse(response)) => {
            Outcome::Unexpected(response.status().as_u16(), violations(response.headers()))
        }
        Err(Error::InvalidResponsePayload(body, error)) => {
            let start = &body[..body.len().min(1 << 20)];
            Outcome::Undecodable(error.to_string(), String::from_utf8_lossy(start).into_owned())
        }
        Err(other) => Outcome::Failed(other.to_string()),
    }
}

/// Build the client, call every operation `call` knows with its documented parameters, print each outcome.
pub async fn main<C>(
    make: fn(generated_client::pipeline::ClientParts) -> C,
    ids: &[&str],
    call: for<'a> fn(
        &'a C,
        &'a str,
        &'a Map<String, Value>,
        Option<&'a Value>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + 'a>>,
) {
    let mut args = std::env::args().skip(1);
    let (Some(base_url), Some(samples)) = (args.next(), args.next()) else {
        eprintln!("usage: mock-calls BASE_URL SAMPLES.json");
        std::process::exit(2);
    };
    let samples: Value = match std::fs::read_to_string(&samples).map(|text| serde_json::from_str(&text)) {
        Ok(Ok(samples)) => samples,
        _ => {
            eprintln!("mock-calls: cannot read {samples}");
            std::process::exit(2);
        }
    };
    let credentials = generated_client::Credentials::service_account("mdb_sa_id_mock", "mdb_sa_sk_mock");
    let parts = match generated_client::ClientBuilder::default()
        .base_url(base_url)
        .credentials(credentials)
        .build_parts()
    {
        Ok(parts) => parts,
        Err(e) => {
            eprintln!("mock-calls: {e}");
            std::process::exit(2);
        }
    };
    let client = make(parts);
    let none = Map::new();
    for id in ids {
        let params = samples.pointer(&format!("/params/{id}")).and_then(Value::as_object).unwrap_or(&none);
        let key = format!("{id}/request");
        let body = samples
            .get("samples")
            .and_then(Value::as_array)
            .and_then(|list| list.iter().find(|s| s.get("key").and_then(Value::as_str) == Some(key.as_str())))
            .and_then(|s| s.get("sample"));
        let line = match call(&client, id, params, body).await {
            Outcome::Decoded(status) => json!({"id": id, "outcome": "decoded", "status": status}),
            Outcome::ErrorAnswer(status, why) => json!({"id": id, "outcome": "error-answer", "status": status, "detail": why}),
            Outcome::Unexpected(status, why) => json!({"id": id, "outcome": "unexpected", "status": status, "detail": why}),
            Outcome::Undecodable(error, body) => {
                json!({"id": id, "outcome": "undecodable", "detail": error, "body": body})
            }
            Outcome::Failed(error) => json!({"id": id, "outcome": "failed", "detail": error}),
            Outcome::BadParameter(name, error) => {
                json!({"id": id, "outcome": "bad-parameter", "detail": format!("{name}: {error}")})
            }
        };
        println!("{line}");
    }
}
