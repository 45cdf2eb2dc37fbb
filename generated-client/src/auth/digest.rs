//! HTTP Digest (RFC 7616) with a cached server nonce.
//!
//! MongoDB's Go SDK sends every call twice: once bare, once answering the 401. Here the last challenge is kept and
//! answered with an increasing nonce count, so only the first call (and a call after the server rotates its
//! nonce) pays the extra round trip. A challenge with `stale=true` (the nonce expired, the answer was right) is
//! reported as such, so that the pipeline answers it whenever it comes. Parsing and hashing (MD5, SHA-256,
//! `qop=auth`) are http-auth's.

use std::sync::Mutex;

use http_auth::{DigestClient, PasswordParams};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use secrecy::{ExposeSecret, SecretString};

use super::Presented;

pub(crate) struct DigestAuth {
    username: String,
    password: SecretString,
    /// The last challenge answered; `None` until the server has sent one.
    challenge: Mutex<Option<DigestClient>>,
}

impl std::fmt::Debug for DigestAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigestAuth")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl DigestAuth {
    pub(crate) fn new(username: String, password: SecretString) -> Self {
        DigestAuth {
            username,
            password,
            challenge: Mutex::new(None),
        }
    }

    /// Answer the cached challenge for this request, if there is one.
    pub(crate) fn authorize(&self, request: &mut reqwest::Request) -> Presented {
        let mut guard = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(client) = guard.as_mut() else {
            return Presented::Nothing;
        };
        match respond(client, &self.username, &self.password, request) {
            Some(value) => {
                request.headers_mut().insert(AUTHORIZATION, value);
                Presented::DigestAnswer
            }
            // An answer we cannot form (e.g. a qop we do not speak): send bare and let the 401 bring a new challenge.
            None => {
                *guard = None;
                Presented::Nothing
            }
        }
    }

    /// Keep the Digest challenge of a 401 for the next attempt; `None` when there is none we can answer.
    ///
    /// The same challenge again (concurrent calls that all started before the first challenge was cached each get
    /// one) keeps the cached one and its nonce count: starting the count again at 1 would send counts already
    /// used for that nonce, which RFC 7616 servers may refuse as replays.
    pub(crate) fn accept_challenge(&self, headers: &HeaderMap) -> Option<Challenge> {
        let parsed = parse_challenge(headers);
        let seen = parsed.as_ref().map(|client| Challenge { stale: client.stale() });
        let mut guard = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let same = matches!((guard.as_ref(), parsed.as_ref()), (Some(old), Some(new)) if same_challenge(old, new));
        if !same {
            *guard = parsed;
        }
        seen
    }
}

/// What a 401's Digest challenge says beyond its nonce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Challenge {
    /// The server took the answer's credentials but not its nonce.
    pub(crate) stale: bool,
}

/// Whether two challenges are one: same nonce, realm, opaque value and algorithm.
fn same_challenge(a: &DigestClient, b: &DigestClient) -> bool {
    a.nonce() == b.nonce() && a.realm() == b.realm() && a.opaque() == b.opaque() && a.algorithm() == b.algorithm()
}

/// The first Digest challenge in the `WWW-Authenticate` headers that http-auth can answer.
pub(crate) fn parse_challenge(headers: &HeaderMap) -> Option<DigestClient> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| http_auth::parse_challenges(value).ok())
        .flatten()
        .filter(|challenge| challenge.scheme.eq_ignore_ascii_case("Digest"))
        .find_map(|challenge| DigestClient::try_from(&challenge).ok())
}

/// The `Authorization` value for `request`. The digest `uri` is the path with its query string, as Atlas checks it.
fn respond(
    client: &mut DigestClient,
    username: &str,
    password: &SecretString,
    request: &reqwest::Request,
) -> Option<HeaderValue> {
    let url = request.url();
    let uri = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let answer = client
        .respond(&PasswordParams {
            username,
            password: password.expose_secret(),
            uri: &uri,
            body: None,
            method: request.method().as_str(),
        })
        .ok()?;
    let mut value = HeaderValue::from_str(&answer).ok()?;
    value.set_sensitive(true);
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
    const RFC_CHALLENGE_PARAMS: &str = r#"realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
    const RFC_CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    fn rfc_response(algorithm: &str) -> String {
        let header = format!("Digest {RFC_CHALLENGE_PARAMS}, algorithm={algorithm}");
        let challenge = http_auth::parse_challenges(&header).unwrap().remove(0);
        let mut client = DigestClient::try_from(&challenge).unwrap();
        let answer = client
            .respond_with_testing_cnonce(
                &PasswordParams {
                    username: "Mufasa",
                    password: "Circle of Life",
                    uri: "/dir/index.html",
                    body: None,
                    method: "GET",
                },
                RFC_CNONCE,
            )
            .unwrap();
        let start = answer.find("response=\"").unwrap() + "response=\"".len();
        answer[start..start + answer[start..].find('"').unwrap()].to_owned()
    }

    #[test]
    fn the_rfc_7616_examples_are_reproduced() {
        assert_eq!(rfc_response("MD5"), "8ca523f5e9506fed4657c9700eebdbec");
        assert_eq!(
            rfc_response("SHA-256"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn a_401_without_a_digest_challenge_is_not_answerable() {
        let auth = DigestAuth::new("user".into(), SecretString::from("secret"));
        let mut headers = HeaderMap::new();
        assert_eq!(auth.accept_challenge(&headers), None);
        headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"x\""));
        assert_eq!(auth.accept_challenge(&headers), None);
        headers.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Digest this is not a challenge"),
        );
        assert_eq!(auth.accept_challenge(&headers), None);
    }

    #[test]
    fn stale_is_read_from_the_challenge() {
        let auth = DigestAuth::new("user".into(), SecretString::from("secret"));
        for (stale, expected) in [
            (", stale=true", true),
            (", stale=TRUE", true),
            (", stale=false", false),
            ("", false),
        ] {
            let header = format!(r#"Digest realm="MMS Public API", nonce="n", algorithm=MD5, qop="auth"{stale}"#);
            let mut headers = HeaderMap::new();
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_str(&header).unwrap());
            assert_eq!(
                auth.accept_challenge(&headers),
                Some(Challenge { stale: expected }),
                "{header}"
            );
        }
    }

    /// The `nc` of the answer `auth` gives now.
    fn next_nc(auth: &DigestAuth) -> String {
        let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/x".parse().unwrap());
        auth.authorize(&mut request);
        let answer = request.headers()[AUTHORIZATION].to_str().unwrap().to_owned();
        let start = answer.find("nc=").unwrap() + 3;
        answer[start..start + 8].to_owned()
    }

    #[test]
    fn the_same_challenge_again_keeps_the_nonce_count_and_a_new_nonce_starts_it_again() {
        let auth = DigestAuth::new("user".into(), SecretString::from("secret"));
        let challenge = |nonce: &str| {
            let mut headers = HeaderMap::new();
            let header = format!(r#"Digest realm="MMS Public API", nonce="{nonce}", algorithm=MD5, qop="auth""#);
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_str(&header).unwrap());
            headers
        };
        auth.accept_challenge(&challenge("n1"));
        assert_eq!(next_nc(&auth), "00000001");
        assert_eq!(next_nc(&auth), "00000002");
        // A call that went out bare before the challenge was cached brings the same challenge back.
        auth.accept_challenge(&challenge("n1"));
        assert_eq!(next_nc(&auth), "00000003", "no count is used twice for one nonce");
        auth.accept_challenge(&challenge("n2"));
        assert_eq!(next_nc(&auth), "00000001", "a new nonce counts from 1");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_www_authenticate_header_is_parsed_without_panic(
                values in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..120), 0..3),
            ) {
                let mut headers = HeaderMap::new();
                for value in values.iter().filter_map(|v| HeaderValue::from_bytes(v).ok()) {
                    headers.append(WWW_AUTHENTICATE, value);
                }
                let auth = DigestAuth::new("user".into(), SecretString::from("secret"));
                let _ = auth.accept_challenge(&headers);
                let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/x?y=1".parse().unwrap());
                let _ = auth.authorize(&mut request);
            }

            #[test]
            fn digest_like_garbage_is_parsed_without_panic(rest in "[ -~]{0,120}") {
                let mut headers = HeaderMap::new();
                if let Ok(value) = HeaderValue::from_str(&format!("Digest {rest}")) {
                    headers.insert(WWW_AUTHENTICATE, value);
                }
                let _ = parse_challenge(&headers);
            }

            #[test]
            fn a_challenge_round_trips_into_the_answer(
                nonce in "[A-Za-z0-9+/=]{1,48}",
                realm in "[A-Za-z0-9 ]{1,20}",
                stale in any::<bool>(),
                sha256 in any::<bool>(),
            ) {
                let algorithm = if sha256 { "SHA-256" } else { "MD5" };
                let header = format!(
                    r#"Digest realm="{realm}", nonce="{nonce}", algorithm={algorithm}, qop="auth", stale={stale}"#
                );
                let mut headers = HeaderMap::new();
                headers.insert(WWW_AUTHENTICATE, HeaderValue::from_str(&header).unwrap());
                let auth = DigestAuth::new("user".into(), SecretString::from("secret"));
                prop_assert_eq!(auth.accept_challenge(&headers), Some(Challenge { stale }));

                let mut request = reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/x?y=1".parse().unwrap());
                prop_assert!(matches!(auth.authorize(&mut request), Presented::DigestAnswer));
                let answer = request.headers()[AUTHORIZATION].to_str().unwrap().to_owned();
                let expected_nonce = format!(r#"nonce="{}""#, nonce);
                let expected_realm = format!(r#"realm="{}""#, realm);
                prop_assert!(answer.contains(&expected_nonce), "{}", answer);
                prop_assert!(answer.contains(&expected_realm), "{}", answer);
                prop_assert!(answer.contains(r#"uri="/x?y=1""#), "{}", answer);
            }
        }
    }
}
