//! The emulated OAuth 2.0 authorization server (`/v1/oauth/*`).
//!
//! - `authorize`: consent page, pre-approval, redirect with code or error;
//! - `token`: code and refresh grants (PKCE, single-use codes, rotation);
//! - `revoke`: ends a grant;
//! - `client_auth`, `pkce`, `redirect`, `pages`: the rules those share.
//!
//! These routes carry no bearer token, so no Management API rate limit.

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub(crate) mod authorize;
pub(crate) mod client_auth;
pub(crate) mod pages;
pub mod pkce;
pub mod redirect;
pub(crate) mod revoke;
pub(crate) mod token;

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/oauth/authorize", get(authorize::authorize))
        .route("/v1/oauth/authorize/decision", post(authorize::decide))
        .route("/v1/oauth/token", post(token::token))
        .route("/v1/oauth/revoke", post(revoke::revoke))
}
