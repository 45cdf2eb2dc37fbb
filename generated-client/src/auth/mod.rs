//! Credentials in, an authorised request out.
//!
//! Atlas takes an API key pair through HTTP Digest ([`digest`]) or a service account's bearer token
//! ([`oauth`]). Both keep state across calls (a server nonce, a token) so that a steady series of calls costs
//! one round trip each.

pub(crate) mod digest;
pub(crate) mod oauth;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use secrecy::SecretString;

/// Who the client acts as. Secrets are held in [`SecretString`]s and never shown by `Debug`.
#[derive(Clone)]
pub enum Credentials {
    /// A programmatic API key: the public key is the Digest user name, the private key the password.
    ApiKey {
        /// The public key, sent as the Digest user name.
        public_key: String,
        /// The private key: only ever hashed into a Digest answer, never sent.
        private_key: SecretString,
    },
    /// A service account, exchanged for a bearer token at `{base}/api/oauth/token`.
    ServiceAccount {
        /// The service account's client id (`mdb_sa_id_…`).
        client_id: String,
        /// Its secret (`mdb_sa_sk_…`), sent only to the token endpoint.
        client_secret: SecretString,
    },
    /// No credentials: for servers that need none (tests, proxies that add them). Atlas itself answers 401.
    None,
}

impl Credentials {
    /// An API key pair; the private key is wrapped as a secret at once.
    pub fn api_key(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Credentials::ApiKey {
            public_key: public_key.into(),
            private_key: SecretString::from(private_key.into()),
        }
    }

    /// A service account; the secret is wrapped as a secret at once.
    pub fn service_account(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Credentials::ServiceAccount {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiKey { public_key, .. } => f
                .debug_struct("ApiKey")
                .field("public_key", public_key)
                .field("private_key", &"[redacted]")
                .finish(),
            Credentials::ServiceAccount { client_id, .. } => f
                .debug_struct("ServiceAccount")
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .finish(),
            Credentials::None => f.write_str("None"),
        }
    }
}

/// The state behind one client's credentials, shared by all its calls.
#[derive(Debug)]
pub(crate) enum Authenticator {
    Digest(digest::DigestAuth),
    // Boxed: its token cache is large, and there is one authenticator per client.
    ServiceAccount(Box<oauth::ServiceAccountAuth>),
    Anonymous,
}

/// What a request carried, so that a 401 can be judged.
#[derive(Debug)]
pub(crate) enum Presented {
    Nothing,
    DigestAnswer,
    Token(oauth::TokenId),
}

/// Why a request could not be authorised. Only service accounts can fail before a request is sent: their token
/// comes from another endpoint.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint could not be reached, or did not answer in time.
    #[error("the service-account token endpoint could not be reached")]
    TokenEndpointUnreachable(#[source] Arc<reqwest::Error>),
    /// The token endpoint answered with an error status (wrong client id or secret, rate limited, down).
    #[error("the service-account token request was refused with {status}: {body}")]
    TokenRefused {
        /// The endpoint's status.
        status: StatusCode,
        /// The start of the endpoint's answer (at most 500 characters).
        body: String,
        /// The endpoint's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// The token endpoint answered with success, but what it sent cannot be used as a token.
    #[error("the service-account token endpoint answered {status} without a usable token: {reason}")]
    TokenUnusable {
        /// The (success) status the endpoint answered with.
        status: StatusCode,
        /// What is wrong with the token it sent.
        reason: String,
    },
}

impl AuthError {
    /// True when the token endpoint timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, AuthError::TokenEndpointUnreachable(e) if e.is_timeout())
    }
}

impl Authenticator {
    pub(crate) fn new(credentials: Credentials, token_url: url::Url) -> Self {
        match credentials {
            Credentials::ApiKey {
                public_key,
                private_key,
            } => Authenticator::Digest(digest::DigestAuth::new(public_key, private_key)),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
            } => Authenticator::ServiceAccount(Box::new(oauth::ServiceAccountAuth::new(
                client_id,
                client_secret,
                token_url,
            ))),
            Credentials::None => Authenticator::Anonymous,
        }
    }

    /// Add the `Authorization` header this request should carry, if any is known yet.
    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
    ) -> Result<Presented, AuthError> {
        match self {
            Authenticator::Digest(digest) => Ok(digest.authorize(request)),
            Authenticator::ServiceAccount(account) => account.authorize(http, request).await,
            Authenticator::Anonymous => Ok(Presented::Nothing),
        }
    }

    /// Learn from a 401 (its headers); `true` when the request is worth sending again at once.
    ///
    /// `answering` says that the request was itself the answer to a 401 within this call. Such a request that
    /// is refused again means wrong credentials, so it is final — except a Digest challenge with `stale=true`,
    /// which says the answer was right and only the nonce had expired (RFC 7616 §3.3).
    pub(crate) async fn on_unauthorized(&self, headers: &HeaderMap, presented: &Presented, answering: bool) -> bool {
        match (self, presented) {
            (Authenticator::Digest(digest), _) => match digest.accept_challenge(headers) {
                Some(challenge) => challenge.stale || !answering,
                None => false,
            },
            (Authenticator::ServiceAccount(account), Presented::Token(id)) if !answering => {
                account.invalidate(*id).await;
                true
            }
            _ => false,
        }
    }
}
