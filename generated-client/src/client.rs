//! Building a [`Client`]: where it talks to, as whom, how patiently, how much it accepts.
//!
//! The generated `Client` carries an `Inner` (module `inner`), which holds everything the request hook in
//! `hooks.rs` needs: the credentials' state, the retry policy and the body ceiling.

use std::sync::Arc;
use std::time::Duration;

use crate::Client;
use crate::auth::{Authenticator, Credentials};
use crate::body::DEFAULT_MAX_RESPONSE_BODY;
use crate::error::Error;
use crate::inner::{Inner, Shared};
use crate::retry::RetryPolicy;

/// Atlas' host root (the spec's server URL); the operations' paths start below it (`/api/atlas/v1.0/…`,
/// `/api/atlas/v2/…`).
/// Where Atlas serves its Administration API; the spec's server (a test keeps them equal).
pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com/";
const TOKEN_PATH: &str = "api/oauth/token";

// The environment variables MongoDB's own tools (atlas CLI, Terraform provider) read, so one setup serves all.
/// The API key's public half, for [`ClientBuilder::from_env`].
pub const ENV_PUBLIC_KEY: &str = "MONGODB_ATLAS_PUBLIC_API_KEY";
/// The API key's private half.
pub const ENV_PRIVATE_KEY: &str = "MONGODB_ATLAS_PRIVATE_API_KEY";
/// A service account's client id (used when no API key is set).
pub const ENV_CLIENT_ID: &str = "MONGODB_ATLAS_CLIENT_ID";
/// A service account's secret.
pub const ENV_CLIENT_SECRET: &str = "MONGODB_ATLAS_CLIENT_SECRET";
/// Another base URL than [`DEFAULT_BASE_URL`] (a gateway, a test server).
pub const ENV_BASE_URL: &str = "MONGODB_ATLAS_BASE_URL";

/// Configuration of a [`Client`]. Start from [`Client::builder`] or [`ClientBuilder::from_env`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    max_response_body: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent_suffix: None,
            retry: RetryPolicy::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}

impl Client {
    /// Start configuring a client for `https://cloud.mongodb.com/` without credentials.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl ClientBuilder {
    /// Credentials and base URL from the environment, as MongoDB's own tools read them:
    /// `MONGODB_ATLAS_PUBLIC_API_KEY` + `MONGODB_ATLAS_PRIVATE_API_KEY` (preferred when both pairs are set) or
    /// `MONGODB_ATLAS_CLIENT_ID` + `MONGODB_ATLAS_CLIENT_SECRET`, and `MONGODB_ATLAS_BASE_URL` (the host root).
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// [`ClientBuilder::from_env`] over any source of variables.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let pair = |a: &str, b: &str| match (lookup(a), lookup(b)) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(format!("{a} is set but {b} is not")),
            (None, Some(_)) => Err(format!("{b} is set but {a} is not")),
        };
        let api_key = pair(ENV_PUBLIC_KEY, ENV_PRIVATE_KEY);
        let account = pair(ENV_CLIENT_ID, ENV_CLIENT_SECRET);
        let credentials = match (api_key, account) {
            (Ok(Some((public, private))), _) => Credentials::api_key(public, private),
            (Ok(None), Ok(Some((id, secret)))) => Credentials::service_account(id, secret),
            (Err(half), _) | (Ok(None), Err(half)) => return Err(Error::Config(half)),
            (Ok(None), Ok(None)) => {
                return Err(Error::Config(format!(
                    "no Atlas credentials in the environment: set {ENV_PUBLIC_KEY} and {ENV_PRIVATE_KEY} \
                     (an API key) or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} (a service account)"
                )));
            }
        };
        let mut builder = ClientBuilder::default().credentials(credentials);
        if let Some(base_url) = lookup(ENV_BASE_URL) {
            builder = builder.base_url(base_url);
        }
        Ok(builder)
    }

    /// The host root, e.g. `https://cloud.mongodb.com/`; the operations add their paths (`api/atlas/v2/…`), and
    /// service accounts use `api/oauth/token` below it. A path below the host is kept, for gateways that mount Atlas under a prefix.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Who the client acts as (default [`Credentials::None`]: Atlas answers 401).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// How long to wait for a connection to be established (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the end of the body (default 60 s). Retries have their
    /// own budget, see [`RetryPolicy::max_elapsed`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Appended to the `User-Agent` (`generated-client/<version> (<os>; <arch>)`), e.g. `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// When to retry rate limits, outages and transport failures (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest success body the client reads, in bytes (default 32 MiB; a page of 500 restore jobs is about
    /// 280 KB). A longer body is not read past this point: the call ends in [`Error::BodyTooLarge`]. Error bodies
    /// are read up to 64 KiB whatever this says.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The client, or [`Error::Config`] naming what is wrong (a base URL that is not http(s), has a query, …):
    /// checked here so that no request is ever sent with a broken configuration.
    pub fn build(self) -> Result<Client, Error> {
        let parts = self.build_parts()?;
        Ok(Client::new_with_client(&parts.base_url, parts.http, parts.inner))
    }

    /// What [`build`](Self::build) puts into the generated `Client`, for another client generated by
    /// `cargo xtask codegen` that sends its requests through this crate's pipeline ([`crate::pipeline`]).
    pub fn build_parts(self) -> Result<ClientParts, Error> {
        let root = parse_root(&self.base_url)?;
        let token_url = join(&root, TOKEN_PATH)?;

        let mut user_agent = format!(
            "{}/{} ({}; {})",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;

        let inner = Inner(Arc::new(Shared {
            auth: Authenticator::new(self.credentials, token_url),
            retry: self.retry,
            max_response_body: self.max_response_body,
        }));
        Ok(ClientParts {
            // The generated code appends paths (`/api/atlas/…`) to this string, so it must not end in '/'.
            base_url: root.as_str().trim_end_matches('/').to_owned(),
            http,
            inner,
        })
    }
}

/// A configured client's parts: what a generated `Client::new_with_client` takes.
#[derive(Debug)]
pub struct ClientParts {
    /// The host root, without a trailing `/`.
    pub base_url: String,
    /// The HTTP client (user agent, timeouts).
    pub http: reqwest::Client,
    /// The pipeline's state: credentials, retry policy, body ceiling.
    pub inner: Inner,
}

fn parse_root(base_url: &str) -> Result<url::Url, Error> {
    let parsed = url::Url::parse(base_url);
    // Never echo a password someone put into the URL.
    let shown = match &parsed {
        Ok(url) if url.password().is_some() => "(a URL with a password, not shown)".to_owned(),
        _ => format!("`{base_url}`"),
    };
    let invalid = |why: String| Error::Config(format!("invalid base URL {shown}: {why}"));
    let mut url = parsed.map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https".into()));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it may not carry a query, a fragment or credentials".into()));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn join(root: &url::Url, path: &str) -> Result<url::Url, Error> {
    root.join(path)
        .map_err(|e| Error::Config(format!("invalid base URL `{root}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientInfo;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn from_env_prefers_an_api_key_and_reads_the_base_url() {
        let builder = ClientBuilder::from_lookup(env(&[
            (ENV_PUBLIC_KEY, "pub"),
            (ENV_PRIVATE_KEY, "priv"),
            (ENV_CLIENT_ID, "id"),
            (ENV_CLIENT_SECRET, "secret"),
            (ENV_BASE_URL, "http://127.0.0.1:8080/"),
        ]))
        .unwrap();
        assert!(matches!(&builder.credentials, Credentials::ApiKey { public_key, .. } if public_key == "pub"));
        let client = builder.build().unwrap();
        assert_eq!(client.baseurl(), "http://127.0.0.1:8080");
    }

    #[test]
    fn from_env_takes_a_service_account_and_defaults_the_base_url() {
        let builder = ClientBuilder::from_lookup(env(&[(ENV_CLIENT_ID, "id"), (ENV_CLIENT_SECRET, "s")])).unwrap();
        assert!(matches!(builder.credentials, Credentials::ServiceAccount { .. }));
        assert_eq!(builder.build().unwrap().baseurl(), "https://cloud.mongodb.com");
    }

    #[test]
    fn from_env_names_what_is_missing() {
        let none = ClientBuilder::from_lookup(env(&[])).unwrap_err().to_string();
        assert!(
            none.contains(ENV_PUBLIC_KEY) && none.contains(ENV_CLIENT_SECRET),
            "{none}"
        );
        let half = ClientBuilder::from_lookup(env(&[(ENV_PUBLIC_KEY, "pub")]))
            .unwrap_err()
            .to_string();
        assert!(half.contains("MONGODB_ATLAS_PRIVATE_API_KEY is not"), "{half}");
        let other_half = ClientBuilder::from_lookup(env(&[(ENV_CLIENT_SECRET, "s")]))
            .unwrap_err()
            .to_string();
        assert!(other_half.contains("MONGODB_ATLAS_CLIENT_ID is not"), "{other_half}");
    }

    #[test]
    fn base_urls_are_validated_and_prefixes_kept() {
        let api = |base: &str| Client::builder().base_url(base).build().map(|c| c.baseurl().to_owned());
        assert_eq!(api("https://gw.example/atlas").unwrap(), "https://gw.example/atlas");
        for bad in ["cloud.mongodb.com", "ftp://x/", "https://x/?a=b", "https://user@x/", ""] {
            let err = api(bad).unwrap_err().to_string();
            assert!(
                err.starts_with("invalid configuration: invalid base URL"),
                "{bad}: {err}"
            );
        }
        let err = api("https://user:hunter2@x/").unwrap_err().to_string();
        assert!(err.contains("invalid base URL") && !err.contains("hunter2"), "{err}");
    }
}
