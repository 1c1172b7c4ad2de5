//! Authenticating the OAuth client at the token endpoint.
//!
//! Two ways, as RFC 6749 §2.3.1 allows and Supabase accepts: an HTTP Basic
//! header (`client_id:client_secret`, each form-urlencoded first), or
//! `client_id` and `client_secret` in the form body. With Basic, body values,
//! if also sent, must agree with the header.
//!
//! Answers: no client id at all → 422 `Required parameter: client_id`; no
//! secret → 422 `Required parameter: client_secret`; an unknown client or a
//! wrong secret → 401 `Invalid client credentials` (the same message for
//! both, so the endpoint does not reveal which client ids exist).

use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::error::ApiError;
use crate::ids::secrets_equal;
use crate::model::OAuthClient;
use crate::store::Store;

pub(crate) const INVALID_CLIENT: &str = "Invalid client credentials";

/// The credentials a request presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Presented {
    pub client_id: String,
    pub client_secret: String,
}

/// Collects the credentials from the Basic header or the body.
pub(crate) fn presented(
    headers: &HeaderMap,
    body_id: Option<&str>,
    body_secret: Option<&str>,
) -> Result<Presented, ApiError> {
    if let Some((id, secret)) = basic(headers)? {
        if body_id.is_some_and(|b| b != id) || body_secret.is_some_and(|b| b != secret) {
            return Err(ApiError::bad_request(
                "client credentials in the Authorization header and the body differ",
            ));
        }
        return Ok(Presented {
            client_id: id,
            client_secret: secret,
        });
    }
    let client_id = body_id.ok_or_else(|| ApiError::required_parameter("client_id"))?;
    let client_secret = body_secret.ok_or_else(|| ApiError::required_parameter("client_secret"))?;
    Ok(Presented {
        client_id: client_id.to_owned(),
        client_secret: client_secret.to_owned(),
    })
}

/// Checks presented credentials against the registered clients.
pub(crate) fn verify<'s>(store: &'s Store, p: &Presented) -> Result<&'s OAuthClient, ApiError> {
    let invalid = || ApiError::new(StatusCode::UNAUTHORIZED, INVALID_CLIENT);
    let client = store.clients.get(&p.client_id).ok_or_else(invalid)?;
    if !secrets_equal(&client.secret, &p.client_secret) {
        return Err(invalid());
    }
    Ok(client)
}

/// Parses `Authorization: Basic …`, if present.
pub(crate) fn basic(headers: &HeaderMap) -> Result<Option<(String, String)>, ApiError> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || ApiError::new(StatusCode::UNAUTHORIZED, INVALID_CLIENT);
    let value = value.to_str().map_err(|_| malformed())?;
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Err(malformed());
    };
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
        return Err(ApiError::required_parameter("client_secret"));
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

    #[test]
    fn basic_and_body_are_both_accepted() {
        let p = presented(&basic_header("id:se%2Bcret"), None, None).unwrap();
        assert_eq!(p.client_secret, "se+cret");
        let p = presented(&HeaderMap::new(), Some("id"), Some("s")).unwrap();
        assert_eq!(p.client_id, "id");
    }

    #[test]
    fn missing_parts_are_named() {
        let e = presented(&HeaderMap::new(), Some("id"), None).unwrap_err();
        assert_eq!(e, ApiError::required_parameter("client_secret"));
        let e = presented(&HeaderMap::new(), None, None).unwrap_err();
        assert_eq!(e, ApiError::required_parameter("client_id"));
        let e = presented(&basic_header("id:"), None, None).unwrap_err();
        assert_eq!(e, ApiError::required_parameter("client_secret"));
    }

    #[test]
    fn disagreeing_header_and_body_are_refused() {
        let e = presented(&basic_header("id:s"), Some("other"), None).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }
}
