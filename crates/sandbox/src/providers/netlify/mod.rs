//! Netlify, under `/netlify`: the OAuth 2.0 server (Doorkeeper, on
//! app.netlify.com and api.netlify.com) and a subset of the API
//! (api.netlify.com/api/v1).
//!
//! - `oauth`: `/authorize` (code and implicit grants, no PKCE, no scopes)
//!   and `/oauth/token` (code exchange; tokens never expire, no refresh);
//! - `api`: `/api/v1/user`, `/api/v1/accounts`, `/api/v1/sites` and
//!   `/api/v1/{account_slug}/sites` (page / per_page with a `Link` header);
//! - `error`: the API's `error` definition, `{code: integer, message}`.

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub(crate) mod api;
pub(crate) mod error;
pub(crate) mod oauth;

/// Where Netlify lives in the sandbox.
pub const PREFIX: &str = "/netlify";

pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    let api = Router::new()
        .route("/netlify/api/v1/user", get(api::user))
        .route("/netlify/api/v1/accounts", get(api::accounts))
        .route("/netlify/api/v1/sites", get(api::sites))
        .route(
            "/netlify/api/v1/{account_slug}/sites",
            get(api::account_sites),
        )
        .route_layer(middleware::from_fn_with_state(state, super::guard::guard));
    Router::new()
        .route("/netlify/authorize", get(oauth::authorize))
        .route("/netlify/oauth/token", post(oauth::token))
        .route(
            "/netlify/oauth/decision",
            post(super::consent::decide_netlify),
        )
        .merge(api)
}
