//! The token endpoint (code and refresh grants) and the RFC 7009 revocation
//! endpoint, for every profile.
//!
//! Order of checks: media type (if the profile insists on a form), the
//! profile's own parameter rules, `grant_type`, client authentication, the
//! grant's required parameters, then the code or refresh token itself (see
//! `grants.rs`). A failed exchange does not consume the code; a successful
//! one does. Every answer, success or error, carries `Cache-Control:
//! no-store` and `Pragma: no-cache` (RFC 6749 §5.1).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::params::Params;
use crate::state::AppState;

use super::client_auth;
use super::error::OAuthError;
use super::grants::{self, Issued};
use super::profile::P;

/// `POST <token path>`.
pub(crate) fn token(app: &AppState, p: P, headers: &HeaderMap, body: &[u8]) -> Response {
    let answer = match exchange(app, p, headers, body) {
        Ok(issued) => {
            let (status, body) = p.token_body(app, &issued);
            (status, Json(body)).into_response()
        }
        Err(e) => p.oauth_error(&e),
    };
    no_store(answer)
}

/// `POST <revoke path>`, RFC 7009: `token` (access or refresh) and client
/// authentication; 200 with an empty body whether or not the token was known.
pub(crate) fn revoke(app: &AppState, p: P, headers: &HeaderMap, body: &[u8]) -> Response {
    let run = || {
        let params = form(p, app, headers, body)?;
        let client_id =
            client_auth::authenticate(app, p, p.rules(app).client_auth, headers, &params)?;
        let token = one(&params, "token")?.ok_or(OAuthError::Missing("token"))?;
        grants::revoke(app, p, &client_id, token, true);
        Ok(())
    };
    match run() {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => no_store(p.oauth_error(&e)),
    }
}

fn exchange(app: &AppState, p: P, headers: &HeaderMap, body: &[u8]) -> Result<Issued, OAuthError> {
    let rules = p.rules(app);
    let params = form(p, app, headers, body)?;
    p.check_token_params(&params)?;
    let grant_type = one(&params, "grant_type")?.ok_or(OAuthError::Missing("grant_type"))?;
    if !rules.grant_types.contains(&grant_type) {
        return Err(OAuthError::UnsupportedGrantType);
    }
    let client_id = client_auth::authenticate(app, p, rules.client_auth, headers, &params)?;
    if grant_type == "refresh_token" {
        let refresh = one(&params, "refresh_token")?.ok_or(OAuthError::Missing("refresh_token"))?;
        return grants::rotate(app, p, &client_id, refresh);
    }
    for &name in rules.code_params {
        one(&params, name)?.ok_or(OAuthError::Missing(name))?;
    }
    let code = one(&params, "code")?.ok_or(OAuthError::Missing("code"))?;
    let redirect_uri = one(&params, "redirect_uri")?;
    let verifier = one(&params, "code_verifier")?;
    grants::redeem(app, p, &client_id, code, redirect_uri, verifier)
}

/// The form body, if the media type suits the profile.
fn form(p: P, app: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Params, OAuthError> {
    const FORM: &str = "application/x-www-form-urlencoded";
    if p.rules(app).form_only && !has_content_type(headers, FORM) {
        return Err(OAuthError::WrongContentType(FORM));
    }
    Ok(Params::parse(body))
}

/// One non-empty value; a repeated parameter is an error (RFC 6749 §3.2).
pub(super) fn one<'a>(params: &'a Params, name: &str) -> Result<Option<&'a str>, OAuthError> {
    (params.non_empty(name)).map_err(|_| OAuthError::Repeated(name.to_owned()))
}

/// Is the body of media type `expected` (parameters such as a charset aside)?
pub(crate) fn has_content_type(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
}

fn no_store(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}
