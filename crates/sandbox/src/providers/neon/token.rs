//! `POST /neon/oauth2/token` and `POST /neon/oauth2/revoke`, as Hydra
//! answers them.
//!
//! Client authentication: `client_secret_basic`, `client_secret_post`, or
//! `none` (a public client sends only `client_id`; PKCE, mandatory at
//! authorize, then proves possession). A wrong secret or unknown client is
//! 401 `invalid_client`.
//!
//! Success is 200 `{access_token, token_type: "bearer", expires_in, scope,
//! refresh_token?}`: a refresh token only when the grant's scope has
//! `offline` or `offline_access`. A refresh rotates both tokens (the old
//! refresh token is then `invalid_grant`). No `id_token` is issued even
//! for `openid` (the sandbox signs nothing); clients must not rely on it.
//!
//! Errors are `{"error", "error_description"}`: 400 `invalid_request`,
//! `invalid_grant`, `unsupported_grant_type`; 401 `invalid_client`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::ids::secrets_equal;
use crate::oauth::client_auth;
use crate::params::Params;
use crate::providers::grants::{self, GrantError, Issued, TokenPolicy};
use crate::providers::Provider;
use crate::state::AppState;

const INVALID_GRANT: &str = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
const INVALID_CLIENT: &str = "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).";
const INVALID_REQUEST: &str = "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.";

/// An OAuth error answer.
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn invalid_request(hint: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        &format!("{INVALID_REQUEST} {hint}"),
    )
}

fn from_grant_error(e: GrantError) -> Response {
    match e {
        GrantError::InvalidGrant(hint) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            &format!("{INVALID_GRANT} {hint}"),
        ),
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// Authenticates the client; its id on success, the 401/400 answer otherwise.
fn client(app: &AppState, headers: &HeaderMap, p: &Params) -> Result<String, Box<Response>> {
    let unauthorized = || {
        Box::new(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            INVALID_CLIENT,
        ))
    };
    let (id, secret) = match client_auth::basic(headers) {
        Ok(Some((id, secret))) => (id, Some(secret)),
        Ok(None) => {
            let id = p
                .non_empty("client_id")
                .map_err(|_| Box::new(invalid_request("client_id was given more than once.")))?
                .ok_or_else(unauthorized)?;
            let secret = p.non_empty("client_secret").map_err(|_| {
                Box::new(invalid_request("client_secret was given more than once."))
            })?;
            (id.to_owned(), secret.map(str::to_owned))
        }
        Err(_) => return Err(unauthorized()),
    };
    let s = app.providers();
    let c = s.client(Provider::Neon, &id).ok_or_else(unauthorized)?;
    if let Some(secret) = secret {
        if !secrets_equal(&c.secret, &secret) {
            return Err(unauthorized());
        }
    }
    Ok(c.id.clone())
}

fn policy(app: &AppState, scope: &[String]) -> TokenPolicy {
    TokenPolicy {
        with_refresh: scope
            .iter()
            .any(|s| s == "offline" || s == "offline_access"),
        ttl: Some(app.settings().token_ttl),
    }
}

fn success(i: Issued) -> Response {
    let mut body = json!({
        "access_token": i.access_token,
        "token_type": "bearer",
        "expires_in": i.expires_in.unwrap_or(0),
        "scope": i.scope.join(" "),
    });
    if let Some(r) = i.refresh_token {
        body["refresh_token"] = json!(r);
    }
    let mut r = (StatusCode::OK, Json(body)).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

pub(crate) async fn token(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return invalid_request("The request body must be application/x-www-form-urlencoded.");
    }
    let p = Params::parse(&body);
    // A repeated parameter is refused (RFC 6749 §3.2).
    let one = |name: &str| p.non_empty(name).map_err(|_| ());
    let grant_type = match one("grant_type") {
        Ok(g) => g,
        Err(()) => return invalid_request("A parameter was given more than once."),
    };
    let client_id = match client(&app, &headers, &p) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let result = match grant_type {
        Some("authorization_code") => {
            let (code, redirect_uri, verifier) =
                match (one("code"), one("redirect_uri"), one("code_verifier")) {
                    (Ok(c), Ok(r), Ok(v)) => (c, r, v),
                    _ => return invalid_request("A parameter was given more than once."),
                };
            let Some(code) = code else {
                return invalid_request("Parameter 'code' is missing.");
            };
            grants::exchange_code(
                &app,
                Provider::Neon,
                &client_id,
                code,
                redirect_uri,
                verifier,
                |scope| policy(&app, scope),
            )
        }
        Some("refresh_token") => {
            let Ok(Some(token)) = one("refresh_token") else {
                return invalid_request("Parameter 'refresh_token' is missing.");
            };
            // The grant keeps its scope, which had `offline` to get here.
            let p = TokenPolicy {
                with_refresh: true,
                ttl: Some(app.settings().token_ttl),
            };
            grants::refresh(&app, Provider::Neon, &client_id, token, p)
        }
        Some(_) | None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            )
        }
    };
    match result {
        Ok(i) => success(i),
        Err(e) => from_grant_error(e),
    }
}

/// RFC 7009: 200 with an empty body whether or not the token was known.
pub(crate) async fn revoke(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return invalid_request("The request body must be application/x-www-form-urlencoded.");
    }
    let p = Params::parse(&body);
    let client_id = match client(&app, &headers, &p) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let Ok(Some(token)) = p.non_empty("token") else {
        return invalid_request("Parameter 'token' is missing.");
    };
    grants::revoke(&app, Provider::Neon, &client_id, token);
    StatusCode::OK.into_response()
}
