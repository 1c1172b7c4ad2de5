//! Netlify, under `/netlify`: the OAuth 2.0 server (Doorkeeper) as a
//! profile of the engine, and a subset of the API (api.netlify.com/api/v1).
//!
//! - `oauth`: the profile (code and implicit grants, no PKCE, no scopes;
//!   tokens never expire, no refresh);
//! - `api`: `/api/v1/user`, `/api/v1/accounts`, `/api/v1/sites` and
//!   `/api/v1/{account_slug}/sites` (page / per_page with a `Link` header);
//! - `data`: its records and demo data.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::oauth_server::profile::{Profile, P};
use crate::oauth_server::{authorize_route, decision_route, guard::guarded, token_route};
use crate::state::AppState;

pub(crate) mod api;
pub(crate) mod data;
pub(crate) mod oauth;

/// Where Netlify lives in the sandbox.
pub const PREFIX: &str = "/netlify";

pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let p: P = &oauth::PROFILE;
    let api = Router::new()
        .route("/netlify/api/v1/user", get(api::user))
        .route("/netlify/api/v1/accounts", get(api::accounts))
        .route("/netlify/api/v1/sites", get(api::sites))
        .route(
            "/netlify/api/v1/{account_slug}/sites",
            get(api::account_sites),
        );
    Router::new()
        .route("/netlify/authorize", authorize_route(p))
        .route("/netlify/oauth/token", token_route(p))
        .route("/netlify/oauth/decision", decision_route(p))
        .merge(guarded(app, p, api))
}

/// An API error, `{"code": <status>, "message"}`.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    oauth::PROFILE.api_error(status, &message.into())
}
