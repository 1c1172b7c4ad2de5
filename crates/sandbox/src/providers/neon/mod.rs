//! Neon, under `/neon`: the OAuth 2.0 / OIDC server (Ory Hydra, on
//! oauth2.neon.tech) as a profile of the engine, and a subset of the API v2
//! (console.neon.tech/api/v2).
//!
//! Shapes follow `@neondatabase/api-client` 2.7.3 (its `api.gen.d.ts`).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::clock::{from_millis, rfc3339};
use crate::oauth_server::{
    authorize_route, decision_route, guard::guarded, profile::P, revoke_route, token_route,
};
use crate::params::Params;
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
    let branch = Router::new()
        .route("/", get(branches::get_one))
        .route("/endpoints", get(endpoints::list_for_branch))
        .route("/databases", get(databases::list))
        .route("/roles", get(roles::list))
        .route(
            "/roles/{role_name}/reveal_password",
            get(roles::reveal_password),
        );
    let project = Router::new()
        .route("/", get(projects::get_one))
        .route("/connection_uri", get(connection_uri::get))
        .route("/endpoints", get(endpoints::list_for_project))
        .route("/branches", get(branches::list).post(branches::create))
        .nest("/branches/{branch_id}", branch);
    let api = Router::new()
        .route("/users/me", get(account::me))
        .route("/users/me/organizations", get(account::organizations))
        .route("/regions", get(account::regions))
        .route("/projects", get(projects::list).post(projects::create))
        .nest("/projects/{project_id}", project);
    Router::new()
        .route(
            "/neon/.well-known/openid-configuration",
            get(discovery::configuration),
        )
        .route("/neon/oauth2/auth", authorize_route(p))
        .route("/neon/oauth2/token", token_route(p))
        .route("/neon/oauth2/revoke", revoke_route(p))
        .route("/neon/oauth/decision", decision_route(p))
        .nest("/neon/api/v2", guarded(app, p, api))
}

/// What an API handler answers.
pub(crate) type Answer = Result<Json<Value>, NeonError>;
/// What a creating handler answers (201 on success).
pub(crate) type Created = Result<(StatusCode, Json<Value>), NeonError>;

/// A branch's route parameters, `(project_id, branch_id)`.
pub(crate) type BranchPath = axum::extract::Path<(String, String)>;

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

    /// 404 `{what} not found`.
    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
}

/// An object in a request body, and the path naming it in messages
/// (`""` for the body, `"branch."` for its `branch`).
pub(crate) struct Fields<'v>(pub &'v Map<String, Value>, pub &'v str);

impl<'v> Fields<'v> {
    /// 400 `{path}{k} must be {what}`.
    pub fn invalid(&self, k: &str, what: &str) -> NeonError {
        NeonError::bad_request(format!("{}{k} must be {what}", self.1))
    }

    /// Field `k`: `None` when absent or null, else what `get` makes of it,
    /// or [`Self::invalid`] when `get` refuses it.
    pub fn get<T>(
        &self,
        k: &str,
        what: &str,
        get: impl FnOnce(&'v Value) -> Option<T>,
    ) -> Result<Option<T>, NeonError> {
        match self.0.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => get(v).map(Some).ok_or_else(|| self.invalid(k, what)),
        }
    }

    pub fn string(&self, k: &str) -> Result<Option<String>, NeonError> {
        Ok(self.get(k, "a string", Value::as_str)?.map(str::to_owned))
    }
}

/// A list's page, shared by projects and branches: the `items` (already in
/// order) whose name (in any case) or id contains `search`, from just after
/// the one whose id is `cursor` (400 if none is), at most `limit` of them;
/// and whether more follow the page.
pub(crate) fn page<'a, T>(
    q: &Params,
    mut items: Vec<&'a T>,
    limit: usize,
    name_and_id: impl Fn(&T) -> (&str, &str),
) -> Result<(Vec<&'a T>, bool), NeonError> {
    if let Some(term) = q.non_empty("search")? {
        let term = term.to_lowercase();
        items.retain(|x| {
            let (name, id) = name_and_id(x);
            name.to_lowercase().contains(&term) || id.contains(&term)
        });
    }
    let start = match q.non_empty("cursor")? {
        None => 0,
        Some(cur) => match items.iter().position(|x| name_and_id(x).1 == cur) {
            Some(i) => i + 1,
            None => return Err(NeonError::bad_request("invalid cursor")),
        },
    };
    let more = start + limit < items.len();
    Ok((items.into_iter().skip(start).take(limit).collect(), more))
}

/// `v` (an object) with the `created_at` and `updated_at` of a record made
/// at `ms` and never changed since.
pub(crate) fn with_times(mut v: Value, ms: u64) -> Value {
    let at = rfc3339(from_millis(ms));
    v["created_at"] = json!(at);
    v["updated_at"] = json!(at);
    v
}

/// A list's `limit` parameter: `default` when absent, else 1 to `max`.
pub(crate) fn limit(q: &Params, default: usize, max: usize) -> Result<usize, NeonError> {
    let Some(raw) = q.single("limit")? else {
        return Ok(default);
    };
    let message = format!("limit must be an integer from 1 to {max}");
    (raw.parse().ok().filter(|n| (1..=max).contains(n))).ok_or(NeonError::bad_request(message))
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
        let body = json!({ "code": "", "message": self.message });
        (self.status, Json(body)).into_response()
    }
}
