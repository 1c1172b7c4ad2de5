//! Neon, under `/neon`: the OAuth 2.0 / OIDC server (Ory Hydra, on
//! oauth2.neon.tech) and a subset of the API v2 (console.neon.tech/api/v2).
//!
//! - `discovery`: `/.well-known/openid-configuration`;
//! - `authorize`: `/oauth2/auth` (scopes, S256 PKCE, consent);
//! - `token`: `/oauth2/token` (code and refresh grants) and `/oauth2/revoke`;
//! - `account`: `/api/v2/users/me`, `/users/me/organizations`, `/regions`;
//! - `projects`: `/api/v2/projects` (cursor pages, creation, one project);
//! - `error`: the API's `GeneralError` body, `{code, message}`.

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub(crate) mod account;
pub(crate) mod authorize;
pub(crate) mod discovery;
pub(crate) mod error;
pub(crate) mod projects;
pub(crate) mod token;

/// Where Neon lives in the sandbox.
pub const PREFIX: &str = "/neon";

pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    let api = Router::new()
        .route("/neon/api/v2/users/me", get(account::me))
        .route(
            "/neon/api/v2/users/me/organizations",
            get(account::organizations),
        )
        .route("/neon/api/v2/regions", get(account::regions))
        .route(
            "/neon/api/v2/projects",
            get(projects::list).post(projects::create),
        )
        .route("/neon/api/v2/projects/{project_id}", get(projects::get_one))
        .route_layer(middleware::from_fn_with_state(state, super::guard::guard));
    Router::new()
        .route(
            "/neon/.well-known/openid-configuration",
            get(discovery::configuration),
        )
        .route("/neon/oauth2/auth", get(authorize::authorize))
        .route("/neon/oauth2/token", post(token::token))
        .route("/neon/oauth2/revoke", post(token::revoke))
        .route("/neon/oauth/decision", post(super::consent::decide_neon))
        .merge(api)
}
