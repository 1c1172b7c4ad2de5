//! Authenticating the OAuth client at the token and revoke endpoints.
//!
//! Where the credentials may come from is the profile's [`ClientAuth`]: an
//! HTTP Basic header (`client_id:client_secret`, each form-urlencoded first,
//! RFC 6749 §2.3.1), `client_id` and `client_secret` in the body, or both;
//! and whether a public client may send its id alone. A way the profile does
//! not accept is refused, never ignored, so a client that sends its secret
//! the wrong way finds out. With Basic, body values, if also sent, must
//! agree with the header. A `Bearer` header is refused too, unless the
//! profile ignores it (Supabase, whose community client sends one).
//!
//! An unknown client and a wrong secret are the same error, so the endpoint
//! does not reveal which client ids exist; secrets are compared in constant
//! time.

use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::ids::secrets_equal;
use crate::params::Params;
use crate::state::AppState;

use super::error::OAuthError;
use super::profile::{ClientAuth, P};
use super::token::one;

type Result<T> = std::result::Result<T, OAuthError>;

/// The id of the client that authenticated.
pub(crate) fn authenticate(
    app: &AppState,
    p: P,
    rules: ClientAuth,
    headers: &HeaderMap,
    params: &Params,
) -> Result<String> {
    let (id, secret) = presented(rules, headers, params)?;
    verify(app, p, &id, secret.as_deref())
}

/// The client id and secret a request presented, where `rules` allow them.
fn presented(
    rules: ClientAuth,
    headers: &HeaderMap,
    params: &Params,
) -> Result<(String, Option<String>)> {
    let (body_id, body_secret) = (one(params, "client_id")?, one(params, "client_secret")?);
    let (id, secret) = match basic(headers, rules.ignores_bearer)? {
        Some(_) if !rules.basic => return Err(OAuthError::InvalidClient),
        Some((id, secret)) => {
            if body_id.is_some_and(|b| b != id) || body_secret.is_some_and(|b| b != secret) {
                return Err(OAuthError::ClientConflict);
            }
            (id, Some(secret))
        }
        None => {
            let id = body_id.ok_or(OAuthError::MissingClientId)?;
            if body_secret.is_some() && !rules.body {
                return Err(OAuthError::InvalidClient);
            }
            (id.to_owned(), body_secret.map(str::to_owned))
        }
    };
    if secret.is_none() && !rules.public {
        return Err(OAuthError::MissingClientSecret);
    }
    Ok((id, secret))
}

/// Checks a client id and (unless the client is public) its secret.
pub(crate) fn verify(app: &AppState, p: P, id: &str, secret: Option<&str>) -> Result<String> {
    app.oauth(p.provider(), |s| {
        let client = s.clients.get(id).ok_or(OAuthError::InvalidClient)?;
        match secret {
            Some(secret) if !secrets_equal(&client.secret, secret) => {
                Err(OAuthError::InvalidClient)
            }
            _ => Ok(client.id.clone()),
        }
    })
}

/// Parses `Authorization: Basic …`, if present (a `Bearer` one counts as
/// absent when `ignores_bearer`).
fn basic(headers: &HeaderMap, ignores_bearer: bool) -> Result<Option<(String, String)>> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || OAuthError::InvalidClient;
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, encoded) = value.split_once(' ').ok_or_else(malformed)?;
    if ignores_bearer && scheme.eq_ignore_ascii_case("bearer") {
        return Ok(None);
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let unescape = |s: &str| -> String {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let (id, secret) = (unescape(id), unescape(secret));
    if secret.is_empty() {
        return Err(OAuthError::MissingClientSecret);
    }
    Ok(Some((id, secret)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn basic_header(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "authorization",
            HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(v))).unwrap(),
        );
        h
    }

    const BOTH: ClientAuth = ClientAuth {
        basic: true,
        body: true,
        public: false,
        ignores_bearer: false,
    };

    fn form(s: &str) -> Params {
        Params::parse(s.as_bytes())
    }

    #[test]
    fn basic_and_body_are_both_accepted() {
        let (_, secret) = presented(BOTH, &basic_header("id:se%2Bcret"), &form("")).unwrap();
        assert_eq!(secret.as_deref(), Some("se+cret"));
        let (id, _) = presented(
            BOTH,
            &HeaderMap::new(),
            &form("client_id=id&client_secret=s"),
        )
        .unwrap();
        assert_eq!(id, "id");
    }

    #[test]
    fn missing_parts_are_named() {
        let none = HeaderMap::new();
        let e = presented(BOTH, &none, &form("client_id=id")).unwrap_err();
        assert_eq!(e, OAuthError::MissingClientSecret);
        let e = presented(BOTH, &none, &form("")).unwrap_err();
        assert_eq!(e, OAuthError::MissingClientId);
        let e = presented(BOTH, &basic_header("id:"), &form("")).unwrap_err();
        assert_eq!(e, OAuthError::MissingClientSecret);
    }

    #[test]
    fn disagreeing_header_and_body_are_refused() {
        let e = presented(BOTH, &basic_header("id:s"), &form("client_id=other")).unwrap_err();
        assert_eq!(e, OAuthError::ClientConflict);
    }

    #[test]
    fn a_way_the_profile_does_not_accept_is_refused() {
        let body_only = ClientAuth {
            basic: false,
            ..BOTH
        };
        let e = presented(body_only, &basic_header("id:s"), &form("")).unwrap_err();
        assert_eq!(e, OAuthError::InvalidClient);
        let basic_only = ClientAuth {
            body: false,
            ..BOTH
        };
        let e = presented(
            basic_only,
            &HeaderMap::new(),
            &form("client_id=id&client_secret=s"),
        )
        .unwrap_err();
        assert_eq!(e, OAuthError::InvalidClient);
        let public = ClientAuth {
            public: true,
            ..BOTH
        };
        let (_, secret) = presented(public, &HeaderMap::new(), &form("client_id=id")).unwrap();
        assert_eq!(secret, None);
    }

    #[test]
    fn a_stray_bearer_header_is_ignored_only_where_the_profile_says_so() {
        let mut bearer = HeaderMap::new();
        bearer.insert(
            "authorization",
            HeaderValue::from_static("Bearer sbp_api_token"),
        );
        let body = form("client_id=id&client_secret=s");
        let e = presented(BOTH, &bearer, &body).unwrap_err();
        assert_eq!(
            e,
            OAuthError::InvalidClient,
            "RFC 6749 §2.3: one method only"
        );
        let supabase = ClientAuth {
            ignores_bearer: true,
            ..BOTH
        };
        let (id, secret) = presented(supabase, &bearer, &body).unwrap();
        assert_eq!((id.as_str(), secret.as_deref()), ("id", Some("s")));
    }
}
