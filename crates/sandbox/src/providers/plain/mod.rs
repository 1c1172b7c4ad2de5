//! A plain RFC 6749 server under `/plain`, standing for the providers a
//! Latchkey user defines as data. Its settings are the ones such a
//! definition has, so a test can point a user-defined provider at it and
//! flip one setting at a time ([`PlainConfig`]: CLI flags `--plain-*`,
//! `SandboxBuilder::plain`, or `GET`/`PUT /admin/plain/settings`).
//!
//! Routes: the engine's authorize, token, revoke (RFC 7009) and consent
//! decision, and `/plain/userinfo` (Bearer; the signed-in user, OIDC claim
//! names). The demo client's redirect URIs end in `/*`, so any id fits:
//! `dev.latchkey.debug:/oauth/<id>`, `http://127.0.0.1:53682/oauth/<id>`.
//! The profile (`oauth`) reads [`PlainConfig`] on every request; the
//! settings' admin routes and `Sandbox` methods are in `crate::admin` and
//! `crate::sandbox`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::oauth_server::grants::Caller;
use crate::oauth_server::model::Client;
use crate::oauth_server::profile::P;
use crate::oauth_server::store::OAuthStore;
use crate::oauth_server::{
    authorize_route, decision_route, guard::guarded, revoke_route, token_route,
};
use crate::state::AppState;

pub(crate) mod oauth;

/// Where the plain profile lives in the sandbox.
pub const PREFIX: &str = "/plain";
pub const PLAIN_DEMO_CLIENT_ID: &str = "latchkey-sandbox-plain";
pub const PLAIN_DEMO_CLIENT_SECRET: &str = "plain_sandbox_secret_7d3a9c1e5b2f4a6c8e0d";
pub const PLAIN_DEMO_USER_ID: &str = "plain-user-ada";
/// A bearer token for the demo user, handy for curl on `/plain/userinfo`.
pub const PLAIN_DEMO_ACCESS_TOKEN: &str = "plain_sandbox_token_ada_3b8e1f6a9c2d5e7f0a4b";

/// Where the client authenticates at the token and revoke endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAuthPlace {
    /// HTTP Basic only; a secret in the body is refused.
    Headers,
    /// The form body only; a Basic header is refused.
    Body,
}

/// The plain profile's settings; the default is the strict RFC 6749 +
/// RFC 7636 server: either client authentication, refresh tokens, S256
/// PKCE required, no extra parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PlainConfig {
    /// `None` (JSON `null` or absent): both ways are accepted.
    pub client_auth: Option<ClientAuthPlace>,
    /// Issue no refresh token (a refresh then fails with `invalid_grant`).
    pub no_refresh_token: bool,
    /// Accept authorize requests without a PKCE challenge, and their codes
    /// without a verifier. A challenge that is sent is still checked.
    pub skip_pkce: bool,
    /// Authorize parameters the server requires: name → the value it must
    /// have, or `null` for any non-empty value.
    pub required_params: BTreeMap<String, Option<String>>,
}

impl PlainConfig {
    /// Adds a required authorize parameter from `NAME` or `NAME=VALUE`.
    pub fn require(mut self, spec: &str) -> Self {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (spec, None),
        };
        self.required_params.insert(name.to_owned(), value);
        self
    }
}

pub(crate) fn demo() -> OAuthStore {
    let client = Client::demo(PLAIN_DEMO_CLIENT_ID, PLAIN_DEMO_CLIENT_SECRET, &[], "*");
    OAuthStore::demo(client, PLAIN_DEMO_USER_ID, PLAIN_DEMO_ACCESS_TOKEN, &[])
}

/// The demo user's OIDC-style claims.
fn claims(user_id: &str) -> Value {
    json!({
        "sub": user_id,
        "name": "Ada Lovelace",
        "preferred_username": "ada",
        "email": "ada@example.com",
        "email_verified": true,
    })
}

pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let p: P = &oauth::PROFILE;
    let userinfo = |Extension(c): Extension<Caller>| async move {
        let mut v = claims(&c.user_id);
        v["scope"] = json!(c.scope.join(" "));
        Json(v)
    };
    let api = Router::new().route("/plain/userinfo", get(userinfo));
    Router::new()
        .route("/plain/oauth/authorize", authorize_route(p))
        .route("/plain/oauth/token", token_route(p))
        .route("/plain/oauth/revoke", revoke_route(p))
        .route("/plain/oauth/decision", decision_route(p))
        .merge(guarded(app, p, api))
}
