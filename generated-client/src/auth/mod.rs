//! Credentials in, an authorised request out.
//!
//! Atlas takes an API key pair through HTTP Digest ([`digest`]) or a service account's bearer token
//! ([`oauth`]). Both keep state across calls (a server nonce, a token) so that a steady series of calls costs
//! one round trip each.

pub(crate) mod digest;
pub(crate) mod oauth;

use std::fmt;

use secrecy::SecretString;

/// Who the client acts as. Secrets are held in [`SecretString`]s and never shown by `Debug`.
#[derive(Clone)]
pub enum Credentials {
    /// A programmatic API key: the public key is the Digest user name, the private key the password.
    ApiKey {
        public_key: String,
        private_key: SecretString,
    },
    /// A service account, exchanged for a bearer token at `{base}/api/oauth/token`.
    ServiceAccount {
        client_id: String,
        client_secret: SecretString,
    },
    /// No credentials: for servers that need none (tests, proxies that add them). Atlas itself answers 401.
    None,
}

impl Credentials {
    pub fn api_key(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Credentials::ApiKey {
            public_key: public_key.into(),
            private_key: SecretString::from(private_key.into()),
        }
    }

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
    ServiceAccount(oauth::ServiceAccountAuth),
    Anonymous,
}

/// What a request carried, so that a 401 can be judged: a stale nonce or token deserves one more try.
#[derive(Debug)]
pub(crate) enum Presented {
    Nothing,
    DigestNonce,
    Token(oauth::TokenId),
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
            } => Authenticator::ServiceAccount(oauth::ServiceAccountAuth::new(client_id, client_secret, token_url)),
            Credentials::None => Authenticator::Anonymous,
        }
    }

    /// Add the `Authorization` header this request should carry, if any is known yet.
    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
    ) -> Result<Presented, oauth::TokenError> {
        match self {
            Authenticator::Digest(digest) => Ok(digest.authorize(request)),
            Authenticator::ServiceAccount(account) => account.authorize(http, request).await,
            Authenticator::Anonymous => Ok(Presented::Nothing),
        }
    }

    /// Learn from a 401; `true` when the request is worth sending once more (a new challenge, a refreshed token).
    pub(crate) async fn on_unauthorized(&self, response: &reqwest::Response, presented: &Presented) -> bool {
        match (self, presented) {
            (Authenticator::Digest(digest), _) => digest.accept_challenge(response.headers()),
            (Authenticator::ServiceAccount(account), Presented::Token(id)) => {
                account.invalidate(*id).await;
                true
            }
            _ => false,
        }
    }
}
