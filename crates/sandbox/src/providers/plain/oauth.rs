//! The plain profile of the OAuth engine: RFC 6749 and RFC 7636 as written,
//! with the knobs of [`PlainConfig`] read on every request.
//!
//! Authorize: `response_type=code` only; PKCE `S256` required unless
//! `skipPkce` (a challenge that is sent must still be S256); every required
//! extra parameter present (with its value, if one is set); any `scope` is
//! granted and echoed. Token: 200 `{access_token, token_type: "Bearer",
//! expires_in, refresh_token?, scope?}`; errors `{"error",
//! "error_description"}` (RFC 6749 §5.2), 401 for `invalid_client`. The
//! userinfo API answers RFC 6750 style: `invalid_token`, ...

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::oauth_server::error::standard_error as oauth_error;
use crate::oauth_server::grants::Issued;
use crate::oauth_server::model::{Ask, Client, ResponseType};
use crate::oauth_server::pkce;
use crate::oauth_server::profile::{ClientAuth, Meta, Profile, RefreshTokens, Rules};
use crate::params::Params;
use crate::providers::Provider;
use crate::state::AppState;

use super::ClientAuthPlace;

pub(crate) struct Plain;

pub(crate) static PROFILE: Plain = Plain;

static META: Meta = Meta {
    provider: Provider::Plain,
    brand: "Plain OAuth",
    prefix: super::PREFIX,
    decision_path: "/plain/oauth/decision",
    token_shape: ("plain_at_", 24),
    personal_token_shape: ("plain_pat_", 24),
    echo_scope: false,
    asks_for: "your account",
    deny_description: "The resource owner denied the request",
    unauthorized: "The access token is missing, unknown, expired or revoked.",
    rate_reset: crate::rate_limit::ResetHeader::SecondsLeft,
    rules: Rules {
        grant_types: &["authorization_code", "refresh_token"],
        code_params: &["code", "redirect_uri"],
        client_auth: ClientAuth::CONFIDENTIAL,
        refresh: RefreshTokens::Always,
        access_expires: true,
        refuse_stray_verifier: false,
        reuse_revokes_grant: false,
        form_only: true,
    },
};

impl Profile for Plain {
    fn meta(&self) -> &'static Meta {
        &META
    }

    /// The defaults above, with the settings of [`super::PlainConfig`].
    fn rules(&self, app: &AppState) -> Rules {
        let config = app.data().plain.clone();
        let place = config.client_auth;
        Rules {
            client_auth: ClientAuth {
                basic: place != Some(ClientAuthPlace::Body),
                body: place != Some(ClientAuthPlace::Headers),
                ..ClientAuth::CONFIDENTIAL
            },
            refresh: match config.no_refresh_token {
                true => RefreshTokens::Never,
                false => RefreshTokens::Always,
            },
            ..META.rules
        }
    }

    fn check_authorize(
        &self,
        app: &AppState,
        params: &Params,
        _client: &Client,
        _state: Option<&str>,
    ) -> Result<Ask, (&'static str, String)> {
        let config = app.data().plain.clone();
        let invalid = |why: String| ("invalid_request", why);
        let one = |name: &str| {
            let repeated = |_| invalid(format!("{name} was given more than once"));
            params.non_empty(name).map_err(repeated)
        };
        match one("response_type")? {
            None => return Err(invalid("response_type is missing".to_owned())),
            Some("code") => {}
            Some(_) => {
                let why = "only response_type=code is supported".to_owned();
                return Err(("unsupported_response_type", why));
            }
        }
        for (name, expected) in &config.required_params {
            match (one(name)?, expected) {
                (None, _) => return Err(invalid(format!("{name} is required"))),
                (Some(v), Some(e)) if v != e => return Err(invalid(format!("{name} must be {e}"))),
                _ => {}
            }
        }
        let (challenge, method) = (one("code_challenge")?, one("code_challenge_method")?);
        if challenge.is_none() && !config.skip_pkce {
            return Err(invalid("code_challenge is required".to_owned()));
        }
        if challenge.is_some() && method != Some("S256") {
            return Err(invalid("code_challenge_method must be S256".to_owned()));
        }
        let pkce = pkce::from_request(challenge, method).map_err(|e| invalid(e.to_string()))?;
        let scope = (one("scope")?.unwrap_or("").split(' '))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(Ask {
            pkce,
            scope,
            response_type: ResponseType::Code,
            tenant_hint: None,
        })
    }

    fn signed_in(&self, _: &AppState, user_id: &str) -> Option<(String, String)> {
        let claims = super::claims(user_id);
        let claim = |k: &str| claims[k].as_str().unwrap_or_default().to_owned();
        Some((claim("name"), claim("email")))
    }

    fn token_body(&self, _app: &AppState, i: &Issued) -> (StatusCode, Value) {
        let mut body = json!({
            "access_token": i.access_token,
            "token_type": "Bearer",
            "expires_in": i.expires_in,
        });
        if let Some(r) = &i.refresh_token {
            body["refresh_token"] = json!(r);
        }
        if !i.scope.is_empty() {
            body["scope"] = json!(i.scope.join(" "));
        }
        (StatusCode::OK, body)
    }

    fn api_error(&self, status: StatusCode, message: &str) -> Response {
        let code = match status {
            StatusCode::UNAUTHORIZED => "invalid_token",
            StatusCode::FORBIDDEN => "insufficient_scope",
            s if s.is_server_error() => "server_error",
            _ => "invalid_request",
        };
        oauth_error(status, code, message)
    }
}
