//! Netlify, under `/netlify`: the OAuth 2.0 server (Doorkeeper) as a
//! profile of the engine (`oauth`), and the subset of the API
//! (api.netlify.com/api/v1) that `router` lists; `data` holds its
//! records, who may reach which, and demo data.
//!
//! Shapes follow `@netlify/open-api` (the swagger `@netlify/api` is built
//! from); `tests/third-party/netlify-*.test.mjs` drive the official client
//! and validate each answer against that document.

use std::sync::Arc;

use axum::extract::rejection::ExtensionRejection;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::Router;

use crate::oauth_server::profile::{Profile, P};
use crate::oauth_server::{authorize_route, decision_route, guard::guarded, token_route};
use crate::params::Params;
use crate::state::{Api, AppState};

pub(crate) mod accounts;
pub(crate) mod data;
pub(crate) mod deploys;
pub(crate) mod env;
mod env_input;
pub(crate) mod oauth;
mod paging;
pub(crate) mod sites;

/// Where Netlify lives in the sandbox.
pub const PREFIX: &str = "/netlify";

pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let p: P = &oauth::PROFILE;
    let v1 = |path: &str| format!("/netlify/api/v1{path}");
    let api = Router::new()
        .route(&v1("/user"), get(accounts::user))
        .route(&v1("/accounts"), get(accounts::accounts))
        .route(&v1("/sites"), get(sites::list))
        .route(&v1("/{account_slug}/sites"), get(sites::of_account))
        .route(&v1("/sites/{site_id}"), get(sites::get_one))
        .route(&v1("/sites/{site_id}/deploys"), get(deploys::list))
        .route(&v1("/deploys/{deploy_id}"), get(deploys::get_one))
        .route(
            &v1("/accounts/{account_id}/env"),
            get(env::list).post(env::create),
        )
        .route(
            &v1("/accounts/{account_id}/env/{key}"),
            get(env::get_one)
                .put(env::update)
                .patch(env::set_value)
                .delete(env::delete),
        )
        .route(
            &v1("/accounts/{account_id}/env/{key}/value/{id}"),
            delete(env::delete_value),
        )
        // Where the swagger's path (`/api/v1/sites/{site_id}/env`, under
        // basePath `/api/v1`) makes `@netlify/api` call, and where it means.
        .route(&v1("/api/v1/sites/{site_id}/env"), get(env::of_site))
        .route(&v1("/sites/{site_id}/env"), get(env::of_site));
    Router::new()
        .route("/netlify/authorize", authorize_route(p))
        .route("/netlify/oauth/token", token_route(p))
        .route("/netlify/oauth/decision", decision_route(p))
        .merge(guarded(app, p, api))
}

/// What every API handler starts from: the state, the user the bearer
/// guard let through, the query and the headers.
pub(crate) struct Call {
    pub app: Arc<AppState>,
    pub user_id: String,
    pub q: Params,
    pub headers: HeaderMap,
}

impl FromRequestParts<Arc<AppState>> for Call {
    type Rejection = ExtensionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Api(app, caller) = Api::from_request_parts(parts, app).await?;
        Ok(Call {
            app,
            user_id: caller.user_id,
            q: Params::from_query(&parts.uri),
            headers: parts.headers.clone(),
        })
    }
}

/// A handler's answer (or what goes into one), or the API error it sends
/// instead.
pub(crate) type Answer<T = Response> = Result<T, NetlifyError>;

/// An API error, `{"code": <status>, "message"}`, as a value so handlers
/// can use `?` (a `Response` is too large an `Err` to pass around).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NetlifyError {
    pub status: StatusCode,
    pub message: String,
}

impl NetlifyError {
    /// Netlify's answer for what does not exist and for what the caller
    /// may not see alike.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not Found")
    }

    /// Input the API refuses.
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        Self { status, message }
    }
}

/// A malformed query (a repeated parameter) is bad input: 422, as every
/// other refused input of this API.
impl From<crate::error::ApiError> for NetlifyError {
    fn from(e: crate::error::ApiError) -> Self {
        Self::unprocessable(e.message)
    }
}

impl IntoResponse for NetlifyError {
    fn into_response(self) -> Response {
        oauth::PROFILE.api_error(self.status, &self.message)
    }
}
