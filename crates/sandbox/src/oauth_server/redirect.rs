//! Redirect URIs: which ones a client may register, and how the answer is
//! appended to one.
//!
//! Registration follows Supabase's rule for OAuth apps: `https://` anywhere,
//! or `http://` on `localhost` / `127.0.0.1` (and `[::1]`). A client
//! registered with `allow_private_use_schemes` may also use reverse-DNS
//! private-use schemes (RFC 8252 §7.1), e.g. `dev.latchkey:/oauth/supabase`.
//!
//! At authorize time the request's `redirect_uri` must equal a registered
//! one byte for byte: no normalisation, no port wildcard for loopback. So the
//! policy is enforced once, at registration, and matching is plain equality.
//! The one exception is a registered URI ending in `/*`, which the plain
//! profile's demo client uses so that a user-defined provider of any id can
//! come back to `dev.latchkey.debug:/oauth/<id>`: the `*` stands for exactly
//! one path segment of letters, digits, `.`, `_` or `-`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use url::Url;

use super::model::ResponseType;

/// Why a redirect URI cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectPolicyError {
    #[error("{0:?} is not an absolute URI")]
    NotAbsolute(String),
    #[error("{0:?} has a fragment, which redirect URIs must not have")]
    Fragment(String),
    #[error("{0:?}: http is allowed only on localhost or 127.0.0.1")]
    PlainHttp(String),
    #[error("{0:?}: private-use schemes are not allowed for this client (https, or http on localhost only)")]
    PrivateUseNotAllowed(String),
    #[error("{0:?}: a private-use scheme must be reverse-DNS (contain a dot) and be used as scheme:/path")]
    BadPrivateUse(String),
}

/// Checks one redirect URI against the registration policy.
pub fn check_registration(uri: &str, allow_private_use: bool) -> Result<(), RedirectPolicyError> {
    use RedirectPolicyError as E;
    let parsed = Url::parse(uri).map_err(|_| E::NotAbsolute(uri.to_owned()))?;
    let host = parsed.host_str();
    let refusal = match parsed.scheme() {
        _ if parsed.fragment().is_some() || uri.contains('#') => E::Fragment,
        "https" if host.is_none_or(str::is_empty) => E::NotAbsolute,
        "https" => return Ok(()),
        "http" if matches!(host, Some("localhost" | "127.0.0.1" | "[::1]")) => return Ok(()),
        "http" => E::PlainHttp,
        _ if !allow_private_use => E::PrivateUseNotAllowed,
        scheme => {
            // RFC 8252 §7.1: a reverse domain name, and "scheme:/path" with a
            // single slash (no authority).
            let rest = &uri[scheme.len()..];
            if scheme.contains('.') && rest.starts_with(":/") && !rest.starts_with("://") {
                return Ok(());
            }
            E::BadPrivateUse
        }
    };
    Err(refusal(uri.to_owned()))
}

/// The Latchkey app's redirect URIs for a provider path segment: its
/// private-use schemes and its loopback listener (what the demo clients of
/// the non-Supabase providers register), the spare loopback ports included.
pub(crate) fn app_redirects(segment: &str) -> Vec<String> {
    let mut uris = vec![
        format!("dev.latchkey:/oauth/{segment}"),
        format!("dev.latchkey.debug:/oauth/{segment}"),
    ];
    for port in [53682, 53683, 53684] {
        uris.push(format!("http://127.0.0.1:{port}/oauth/{segment}"));
        uris.push(format!("http://localhost:{port}/oauth/{segment}"));
    }
    uris
}

/// Does a request's `redirect_uri` match a registered one?
pub fn matches(registered: &str, requested: &str) -> bool {
    let segment = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    match registered.strip_suffix('*') {
        Some(stem) if stem.ends_with('/') => (requested.strip_prefix(stem))
            .is_some_and(|seg| !seg.is_empty() && seg.bytes().all(segment)),
        _ => registered == requested,
    }
}

/// A 302 to `location`, never cached; 400 if it cannot be a header.
pub(crate) fn found(location: &str) -> Response {
    let Ok(v) = HeaderValue::from_str(location) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let no_store = HeaderValue::from_static("no-store");
    let headers = [(header::LOCATION, v), (header::CACHE_CONTROL, no_store)];
    (StatusCode::FOUND, headers).into_response()
}

/// Redirects with `params` in the query (code flow) or the fragment
/// (implicit grant, so the token never reaches a server log).
pub(crate) fn answer(redirect_uri: &str, rt: ResponseType, params: &[(&str, &str)]) -> Response {
    match rt {
        ResponseType::Code => found(&with_query(redirect_uri, params)),
        ResponseType::Token => found(&format!("{redirect_uri}#{}", encode(params))),
    }
}

fn encode(params: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// `redirect_uri` with `params` appended to its query, exactly as registered
/// otherwise (the registered string is not re-serialised).
pub fn with_query(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    let sep = if !redirect_uri.contains('?') {
        "?"
    } else if redirect_uri.ends_with(['?', '&']) {
        ""
    } else {
        "&"
    };
    format!("{redirect_uri}{sep}{}", encode(params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supabase_rule_allows_https_and_loopback_http() {
        assert!(check_registration("https://latchkey.dev/relay/supabase", false).is_ok());
        assert!(check_registration("http://127.0.0.1:53682/oauth/supabase", false).is_ok());
        assert!(check_registration("http://localhost:53682/oauth/supabase", false).is_ok());
        assert_eq!(
            check_registration("http://example.com/cb", true),
            Err(RedirectPolicyError::PlainHttp(
                "http://example.com/cb".into()
            ))
        );
    }

    #[test]
    fn private_use_schemes_need_the_option_and_a_reverse_dns_name() {
        assert!(matches!(
            check_registration("dev.latchkey:/oauth/supabase", false),
            Err(RedirectPolicyError::PrivateUseNotAllowed(_))
        ));
        assert!(check_registration("dev.latchkey:/oauth/supabase", true).is_ok());
        assert!(check_registration("dev.latchkey.debug:/oauth/supabase", true).is_ok());
        assert!(matches!(
            check_registration("latchkey:/oauth", true),
            Err(RedirectPolicyError::BadPrivateUse(_))
        ));
        assert!(matches!(
            check_registration("dev.latchkey://host/oauth", true),
            Err(RedirectPolicyError::BadPrivateUse(_))
        ));
    }

    #[test]
    fn a_trailing_star_matches_one_segment_only() {
        let r = "dev.latchkey.debug:/oauth/*";
        assert!(matches(r, "dev.latchkey.debug:/oauth/acme-id"));
        assert!(!matches(r, "dev.latchkey.debug:/oauth/"));
        assert!(!matches(r, "dev.latchkey.debug:/oauth/a/b"));
        assert!(!matches(r, "dev.latchkey.debug:/oauth/a?x=1"));
        assert!(matches("https://a.example/cb", "https://a.example/cb"));
        assert!(!matches("https://a.example/cb", "https://a.example/cb/"));
    }

    #[test]
    fn fragments_are_refused() {
        assert!(matches!(
            check_registration("https://a.example/cb#x", false),
            Err(RedirectPolicyError::Fragment(_))
        ));
    }

    #[test]
    fn query_is_appended_without_touching_the_registered_part() {
        assert_eq!(
            with_query(
                "dev.latchkey:/oauth/supabase",
                &[("code", "a b"), ("state", "s&t")]
            ),
            "dev.latchkey:/oauth/supabase?code=a+b&state=s%26t"
        );
        assert_eq!(
            with_query("https://x.example/cb?app=1", &[("error", "access_denied")]),
            "https://x.example/cb?app=1&error=access_denied"
        );
    }
}
