//! Neon's profile of the OAuth engine: Ory Hydra's behaviour, as on
//! oauth2.neon.tech.
//!
//! Authorize (answered by redirect with Hydra's error codes): `response_type`
//! must be `code`; `state` at least 8 characters (`invalid_state`, Hydra's
//! entropy rule); every space-separated `scope` must be registered for the
//! client (`invalid_scope`); PKCE is mandatory, S256 only. The approval
//! redirect carries `code`, `scope` and `state`.
//!
//! Token: `client_secret_basic`, `client_secret_post`, or `none` (a public
//! client sends only `client_id`; PKCE proves possession). Success is 200
//! `{access_token, token_type: "bearer", expires_in, scope, refresh_token?}`,
//! with a refresh token only when the scope has `offline` or
//! `offline_access`. No `id_token`, even for `openid`: the sandbox signs
//! nothing. Errors are `{"error", "error_description"}`; the API's are the
//! spec's `GeneralError`, `{"code": "", "message"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::oauth_server::error::{standard_error as oauth_error, OAuthError};
use crate::oauth_server::grants::Issued;
use crate::oauth_server::model::{Ask, Client, ResponseType};
use crate::oauth_server::pkce;
use crate::oauth_server::profile::{ClientAuth, Meta, Profile, RefreshTokens, Rules};
use crate::params::Params;
use crate::providers::Provider;
use crate::state::AppState;

use super::NeonError;
use crate::providers::netlify::oauth::UNSUPPORTED_GRANT_TYPE;

const INVALID_GRANT: &str = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
const INVALID_CLIENT: &str = "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).";
const INVALID_REQUEST: &str = "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.";

/// Hydra's minimum state length.
const MIN_STATE: usize = 8;

pub(crate) struct Neon;

pub(crate) static PROFILE: Neon = Neon;

static META: Meta = Meta {
    provider: Provider::Neon,
    brand: "Neon",
    prefix: super::PREFIX,
    decision_path: "/neon/oauth/decision",
    token_shape: ("neon_oauth_", 24),
    personal_token_shape: ("napi_", 32),
    echo_scope: true,
    asks_for: "your Neon account",
    deny_description: "The resource owner denied the request",
    unauthorized: "authentication required",
    rate_reset: crate::rate_limit::ResetHeader::SecondsLeft,
    rules: Rules {
        grant_types: &["authorization_code", "refresh_token"],
        code_params: &["code"],
        client_auth: ClientAuth {
            public: true,
            ..ClientAuth::CONFIDENTIAL
        },
        refresh: RefreshTokens::WithScope(&["offline", "offline_access"]),
        access_expires: true,
        refuse_stray_verifier: false,
        reuse_revokes_grant: true,
        form_only: true,
    },
};

impl Profile for Neon {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check_authorize(
        &self,
        _app: &AppState,
        params: &Params,
        client: &Client,
        state: Option<&str>,
    ) -> Result<Ask, (&'static str, String)> {
        let single = |name: &str| {
            params
                .single(name)
                .map_err(|e| ("invalid_request", e.message))
        };
        if single("response_type")? != Some("code") {
            return Err((
                "unsupported_response_type",
                "The authorization server does not support obtaining a token using this method. The client is not allowed to request response_type other than 'code'.".to_owned(),
            ));
        }
        if state.is_none_or(|s| s.len() < MIN_STATE) {
            return Err((
                "invalid_state",
                "The state is missing or does not have enough characters and is therefore considered too weak. Request parameter 'state' must be at least be 8 characters long to ensure sufficient entropy.".to_owned(),
            ));
        }
        let scope: Vec<String> = (single("scope")?.unwrap_or("").split(' '))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(bad) = scope.iter().find(|r| !client.scopes.contains(r)) {
            return Err((
                "invalid_scope",
                format!("The requested scope is invalid, unknown, or malformed. The OAuth 2.0 Client is not allowed to request scope '{bad}'."),
            ));
        }
        let (challenge, method) = (single("code_challenge")?, single("code_challenge_method")?);
        if challenge.is_none() {
            return Err((
                "invalid_request",
                format!("{INVALID_REQUEST} Clients must include a code_challenge when performing the authorize code flow, but it is missing."),
            ));
        }
        if method != Some("S256") {
            return Err((
                "invalid_request",
                format!("{INVALID_REQUEST} Clients must use code_challenge_method=S256, plain is not allowed."),
            ));
        }
        let pkce = pkce::from_request(challenge, method)
            .map_err(|e| ("invalid_request", e.to_string()))?;
        Ok(Ask {
            pkce,
            scope,
            response_type: ResponseType::Code,
            tenant_hint: None,
        })
    }

    fn signed_in(&self, app: &AppState, user_id: &str) -> Option<(String, String)> {
        let data = app.data();
        let u = data.neon.users.iter().find(|u| u.id == user_id)?;
        Some((format!("{} {}", u.name, u.last_name), u.email.clone()))
    }

    fn token_body(&self, _app: &AppState, i: &Issued) -> (StatusCode, Value) {
        let mut body = json!({
            "access_token": i.access_token,
            "token_type": "bearer",
            "expires_in": i.expires_in.unwrap_or(0),
            "scope": i.scope.join(" "),
        });
        if let Some(r) = &i.refresh_token {
            body["refresh_token"] = json!(r);
        }
        (StatusCode::OK, body)
    }

    fn oauth_error(&self, e: &OAuthError) -> Response {
        let (status, code) = match e {
            OAuthError::Missing("grant_type") => {
                (StatusCode::BAD_REQUEST, "unsupported_grant_type")
            }
            e => e.standard(),
        };
        oauth_error(status, code, &self.describe(e, code))
    }

    fn describe(&self, e: &OAuthError, code: &str) -> String {
        use OAuthError as E;
        let hint = match e {
            E::WrongContentType(t) => format!("The request body must be {t}."),
            E::UnknownParameter(k) => format!("Parameter '{k}' is not allowed."),
            E::Repeated(k) => format!("{k} was given more than once."),
            E::Missing(k) => format!("Parameter '{k}' is missing."),
            E::UnknownCode => "The authorization code is invalid.".into(),
            E::CodeOfAnotherClient => "The authorization code was issued to another client.".into(),
            E::CodeReused => "The authorization code has already been used.".into(),
            E::CodeExpired => "The authorization code has expired.".into(),
            E::RedirectMismatch => {
                "The redirect_uri does not match the authorization request.".into()
            }
            E::VerifierMissing => "The PKCE code_verifier is missing.".into(),
            E::VerifierMismatch | E::VerifierUnexpected => {
                "The PKCE code challenge did not match the code verifier.".into()
            }
            E::UnknownRefreshToken => "The refresh token is invalid, expired or revoked.".into(),
            E::RefreshTokenOfAnotherClient => {
                "The refresh token was issued to another client.".into()
            }
            _ => String::new(),
        };
        match code {
            "invalid_request" => format!("{INVALID_REQUEST} {hint}"),
            "invalid_grant" => format!("{INVALID_GRANT} {hint}"),
            "invalid_client" => INVALID_CLIENT.to_owned(),
            _ => UNSUPPORTED_GRANT_TYPE.to_owned(),
        }
    }

    fn api_error(&self, status: StatusCode, message: &str) -> Response {
        NeonError::new(status, message).into_response()
    }
}
