//! Netlify's OAuth endpoints (Doorkeeper): `GET /netlify/authorize` and
//! `POST /netlify/oauth/token`.
//!
//! Authorize: `response_type` `code` or `token` (the implicit grant, token
//! in the fragment), `client_id`, `redirect_uri`, `state`. No scopes and no
//! PKCE: a `code_challenge` is ignored, as Netlify does. Client / redirect
//! problems show the error page; other problems redirect with
//! `unsupported_response_type` / `invalid_request`.
//!
//! Token: form body `grant_type=authorization_code`, `code`, `client_id`,
//! `client_secret` (or HTTP Basic), `redirect_uri`. Success is 200
//! `{access_token, token_type: "Bearer", scope: "public", created_at}`:
//! no `expires_in` (tokens do not expire) and no `refresh_token`. Errors:
//! 400 `invalid_grant` / `invalid_request` / `unsupported_grant_type`, 401
//! `invalid_client`, as `{"error", "error_description"}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::clock::to_millis;
use crate::ids::secrets_equal;
use crate::oauth::client_auth;
use crate::params::Params;
use crate::providers::consent::{self, Validated};
use crate::providers::grants::{self, GrantError, TokenPolicy};
use crate::providers::store::ResponseType;
use crate::providers::Provider;
use crate::state::AppState;

pub(crate) async fn authorize(State(app): State<Arc<AppState>>, uri: Uri) -> Response {
    let params = Params::from_query(&uri);
    let t = match consent::trusted(&app, Provider::Netlify, &params) {
        Ok(t) => t,
        Err(page) => return *page,
    };
    let response_type = match params.single("response_type") {
        Ok(Some("code")) => ResponseType::Code,
        Ok(Some("token")) => ResponseType::Token,
        Ok(None) => {
            return consent::error_redirect(
                &t,
                ResponseType::Code,
                "invalid_request",
                "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed. Missing param: response_type.",
            )
        }
        Ok(Some(_)) | Err(_) => {
            return consent::error_redirect(
                &t,
                ResponseType::Code,
                "unsupported_response_type",
                "The authorization server does not support this response type.",
            )
        }
    };
    consent::ask(
        &app,
        Provider::Netlify,
        t,
        Validated {
            pkce: None,
            scope: Vec::new(),
            response_type,
        },
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

const INVALID_CLIENT: &str = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
const INVALID_GRANT: &str = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";

pub(crate) async fn token(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = Params::parse(&body);
    let one = |name: &str| p.non_empty(name).ok().flatten();
    let invalid_request = |what: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed. Missing param: {what}."),
        )
    };
    let Some(grant_type) = one("grant_type") else {
        return invalid_request("grant_type");
    };
    if grant_type != "authorization_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        );
    }
    let unauthorized = || oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", INVALID_CLIENT);
    let (client_id, secret) = match client_auth::basic(&headers) {
        Ok(Some((id, secret))) => (id, secret),
        Ok(None) => match (one("client_id"), one("client_secret")) {
            (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
            _ => return unauthorized(),
        },
        Err(_) => return unauthorized(),
    };
    let known = app
        .providers()
        .client(Provider::Netlify, &client_id)
        .is_some_and(|c| secrets_equal(&c.secret, &secret));
    if !known {
        return unauthorized();
    }
    let Some(code) = one("code") else {
        return invalid_request("code");
    };
    let policy = TokenPolicy {
        with_refresh: false,
        ttl: None,
    };
    match grants::exchange_code(
        &app,
        Provider::Netlify,
        &client_id,
        code,
        one("redirect_uri"),
        None,
        |_| policy,
    ) {
        Ok(i) => {
            let created_at = to_millis(app.now()) / 1000;
            let mut r = Json(json!({
                "access_token": i.access_token,
                "token_type": "Bearer",
                "scope": "public",
                "created_at": created_at,
            }))
            .into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(GrantError::InvalidGrant(_)) => {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", INVALID_GRANT)
        }
    }
}
