//! Netlify's profile of the OAuth engine: Doorkeeper's behaviour, as on
//! app.netlify.com (`/authorize`) and api.netlify.com (`/oauth/token`).
//!
//! Authorize: `response_type` `code`, or `token` for the implicit grant
//! (the token in the redirect's fragment). No scopes and no PKCE: a
//! `code_challenge` is ignored, as Netlify does.
//!
//! Token: only `authorization_code`; the client's secret is required (HTTP
//! Basic or the body). Success is 200 `{access_token, token_type: "Bearer",
//! scope: "public", created_at}`: no `expires_in` (tokens never expire) and
//! no `refresh_token`. Errors are `{"error", "error_description"}`; the
//! API's are the open-api `error` definition, `{"code": <status>, "message"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::clock::to_millis;
use crate::oauth_server::error::OAuthError;
use crate::oauth_server::grants::Issued;
use crate::oauth_server::model::{Ask, Client, ResponseType};
use crate::oauth_server::profile::{ClientAuth, Meta, Profile, RefreshTokens, Rules};
use crate::params::Params;
use crate::providers::Provider;
use crate::state::AppState;

const INVALID_CLIENT: &str = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
const INVALID_GRANT: &str = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
pub(crate) const UNSUPPORTED_GRANT_TYPE: &str =
    "The authorization grant type is not supported by the authorization server.";
const MISSING: &str = "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed. Missing param:";

pub(crate) struct Netlify;

pub(crate) static PROFILE: Netlify = Netlify;

static META: Meta = Meta {
    provider: Provider::Netlify,
    brand: "Netlify",
    prefix: super::PREFIX,
    decision_path: "/netlify/oauth/decision",
    token_shape: ("nf_oauth_", 24),
    personal_token_shape: ("nfp_", 24),
    echo_scope: false,
    asks_for: "your Netlify account",
    deny_description: "The resource owner denied the request",
    unauthorized: "Access Denied: Invalid token supplied",
    rate_reset: crate::rate_limit::ResetHeader::UnixTime,
    rules: Rules {
        grant_types: &["authorization_code"],
        code_params: &["code"],
        client_auth: ClientAuth::CONFIDENTIAL,
        refresh: RefreshTokens::Never,
        access_expires: false,
        refuse_stray_verifier: false,
        reuse_revokes_grant: false,
        form_only: false,
    },
};

impl Profile for Netlify {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check_authorize(
        &self,
        _app: &AppState,
        params: &Params,
        _client: &Client,
        _state: Option<&str>,
    ) -> Result<Ask, (&'static str, String)> {
        let response_type = match params.single("response_type") {
            Ok(Some("code")) => ResponseType::Code,
            Ok(Some("token")) => ResponseType::Token,
            Ok(None) => return Err(("invalid_request", format!("{MISSING} response_type."))),
            Ok(Some(_)) | Err(_) => {
                let why = "The authorization server does not support this response type.";
                return Err(("unsupported_response_type", why.to_owned()));
            }
        };
        Ok(Ask {
            pkce: None,
            scope: Vec::new(),
            response_type,
            tenant_hint: None,
        })
    }

    fn signed_in(&self, app: &AppState, user_id: &str) -> Option<(String, String)> {
        let data = app.data();
        let u = data.netlify.user(user_id)?;
        Some((u.full_name.clone(), u.email.clone()))
    }

    fn token_body(&self, app: &AppState, i: &Issued) -> (StatusCode, Value) {
        let body = json!({
            "access_token": i.access_token,
            "token_type": "Bearer",
            "scope": "public",
            "created_at": to_millis(app.now()) / 1000,
        });
        (StatusCode::OK, body)
    }

    fn describe(&self, e: &OAuthError, code: &str) -> String {
        // Doorkeeper reads only the first of repeated values; refusing is
        // stricter and says which one.
        use OAuthError as E;
        match (e, code) {
            (E::Missing(k) | E::WrongContentType(k), _) => format!("{MISSING} {k}."),
            (E::Repeated(k) | E::UnknownParameter(k), _) => format!("{MISSING} {k}."),
            (_, "invalid_client") => INVALID_CLIENT.to_owned(),
            (_, "invalid_grant") => INVALID_GRANT.to_owned(),
            _ => UNSUPPORTED_GRANT_TYPE.to_owned(),
        }
    }

    fn api_error(&self, status: StatusCode, message: &str) -> Response {
        let body = json!({ "code": status.as_u16(), "message": message });
        (status, Json(body)).into_response()
    }
}
