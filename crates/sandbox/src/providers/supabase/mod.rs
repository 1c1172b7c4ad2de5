//! Supabase, at the root of the listener: its OAuth server (`/v1/oauth/*`,
//! a profile of the shared engine) and the Management API (`/v1/...` with a
//! bearer token), with the wire shapes of Supabase's OpenAPI document: one
//! module per API resource. `model`, `store` and `seed` hold its records,
//! the only ones in the state file. Its admin routes are in `crate::admin`,
//! its `Sandbox` methods in `crate::sandbox`.

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::oauth_server::{
    authorize_route, decision_route, guard::guarded, profile::P, token_route,
};
use crate::state::AppState;

pub(crate) mod access;
pub(crate) mod api_keys;
pub(crate) mod auth_config;
pub(crate) mod body;
pub(crate) mod health;
pub mod model;
pub(crate) mod oauth;
pub(crate) mod organizations;
pub(crate) mod pooler;
pub(crate) mod projects;
pub(crate) mod regions;
pub(crate) mod restore;
pub(crate) mod revoke;
pub mod seed;
pub(crate) mod spec;
pub(crate) mod store;

pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let p: P = &oauth::PROFILE;
    let api = Router::new()
        .route("/v1/organizations", get(organizations::list))
        .route("/v1/organizations/{slug}", get(organizations::get_one))
        .route(
            "/v1/organizations/{slug}/projects",
            get(projects::list_for_org),
        )
        .route("/v1/projects", get(projects::list).post(projects::create))
        .route("/v1/projects/available-regions", get(regions::available))
        .route("/v1/projects/{ref}", get(projects::get_one))
        .route("/v1/projects/{ref}/health", get(health::health))
        .route("/v1/projects/{ref}/restore", post(restore::restore))
        .route("/v1/projects/{ref}/api-keys", get(api_keys::list))
        .route(
            "/v1/projects/{ref}/config/database/pooler",
            get(pooler::get_config),
        )
        .route(
            "/v1/projects/{ref}/config/auth",
            get(auth_config::get_config).patch(auth_config::patch_config),
        )
        .route("/v1/profile", get(organizations::profile));
    Router::new()
        .route("/v1/oauth/authorize", authorize_route(p))
        .route("/v1/oauth/authorize/decision", decision_route(p))
        .route("/v1/oauth/token", token_route(p))
        .route("/v1/oauth/revoke", post(revoke::revoke))
        .merge(guarded(app, p, api))
}
