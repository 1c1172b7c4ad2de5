//! Neon, under `/neon`: the OAuth 2.0 / OIDC server (Ory Hydra, on
//! oauth2.neon.tech) as a profile of the engine, and a subset of the API v2
//! (console.neon.tech/api/v2).
//!
//! - `oauth`: the profile (Hydra's checks, answers and errors);
//! - `discovery`: `/.well-known/openid-configuration`;
//! - `account`: `/api/v2/users/me`, `/users/me/organizations`, `/regions`;
//! - `projects`: `/api/v2/projects` (cursor pages, creation, one project);
//! - `branches`: `/projects/{id}/branches` (list, one, creation);
//! - `endpoints`: a project's or a branch's compute endpoints;
//! - `databases`, `roles`: a branch's databases and roles (`reveal_password`);
//! - `connection_uri`: `/projects/{id}/connection_uri`, per branch and endpoint;
//! - `operations`: the `Operation`s creation answers list;
//! - `data`: its records and demo data; `ids`: `br-…`/`ep-…` ids.
//!
//! Shapes follow `@neondatabase/api-client` 2.7.3 (its `api.gen.d.ts`).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::oauth_server::{
    authorize_route, decision_route, guard::guarded, profile::P, revoke_route, token_route,
};
use crate::state::AppState;

pub(crate) mod account;
pub(crate) mod branches;
pub(crate) mod connection_uri;
pub(crate) mod data;
pub(crate) mod databases;
pub(crate) mod discovery;
pub(crate) mod endpoints;
mod ids;
pub(crate) mod oauth;
mod operations;
pub(crate) mod projects;
pub(crate) mod roles;

/// Where Neon lives in the sandbox.
pub const PREFIX: &str = "/neon";

pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let p: P = &oauth::PROFILE;
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
        .route(
            "/neon/api/v2/projects/{project_id}/connection_uri",
            get(connection_uri::get),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches",
            get(branches::list).post(branches::create),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches/{branch_id}",
            get(branches::get_one),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches/{branch_id}/endpoints",
            get(endpoints::list_for_branch),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches/{branch_id}/databases",
            get(databases::list),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches/{branch_id}/roles",
            get(roles::list),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reveal_password",
            get(roles::reveal_password),
        )
        .route(
            "/neon/api/v2/projects/{project_id}/endpoints",
            get(endpoints::list_for_project),
        );
    Router::new()
        .route(
            "/neon/.well-known/openid-configuration",
            get(discovery::configuration),
        )
        .route("/neon/oauth2/auth", authorize_route(p))
        .route("/neon/oauth2/token", token_route(p))
        .route("/neon/oauth2/revoke", revoke_route(p))
        .route("/neon/oauth/decision", decision_route(p))
        .merge(guarded(app, p, api))
}

/// The API's `GeneralError`, `{"code", "message"}` (`code` is empty when
/// Neon gives no specific code; the optional `request_id` is omitted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NeonError {
    pub status: StatusCode,
    pub message: String,
}

impl NeonError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        Self { status, message }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

/// A list's `limit` parameter: `default` when absent, else 1 to `max`.
pub(crate) fn limit(
    q: &crate::params::Params,
    default: usize,
    max: usize,
) -> Result<usize, NeonError> {
    match q.single("limit")? {
        None => Ok(default),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                NeonError::bad_request(format!("limit must be an integer from 1 to {max}"))
            }),
    }
}

/// A malformed query (a repeated parameter, say) in Neon's error shape,
/// so Neon's handlers read `Params` with `?` as Supabase's do.
impl From<crate::error::ApiError> for NeonError {
    fn from(e: crate::error::ApiError) -> Self {
        Self::new(e.status, e.message)
    }
}

impl IntoResponse for NeonError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": "", "message": self.message });
        (self.status, Json(body)).into_response()
    }
}
