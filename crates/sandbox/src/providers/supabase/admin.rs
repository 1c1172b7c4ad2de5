//! Supabase's admin routes (on the admin listener, see `crate::admin`):
//! clients, users and the signed-in user, pre-approvals for one
//! organization, grants with token prefixes, and the recorded auth-config
//! PATCH bodies and stored configs.
//!
//! The same operations are `Sandbox` methods (`sandbox.rs`); both call the
//! functions here, so they behave identically. Never returns a raw access or
//! refresh token; it does show client secrets and the stored `smtp_pass`,
//! sandbox data a test needs.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::admin::{parse, reply};
use crate::clock::{from_millis, rfc3339};
use crate::error::ApiError;
use crate::oauth_server::admin as engine;
use crate::oauth_server::model::{Client, Decision, PreApproval};
use crate::params::Params;
use crate::state::{AppState, AuthConfigPatch};

use super::auth_config::stored_config;
use super::model::User;
use super::oauth::PROFILE;
use crate::oauth_server::profile::Profile as _;

/// What `POST /admin/oauth/pre-approve` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreApprove {
    /// The organization the grant will cover.
    pub organization_slug: String,
    /// Defaults to the sandbox's current user.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Only an authorize request from this client consumes it.
    #[serde(default)]
    pub client_id: Option<String>,
    /// `approve` (default) or `deny`.
    #[serde(default = "approve")]
    pub decision: Decision,
}

fn approve() -> Decision {
    Decision::Approve
}

impl PreApprove {
    /// Approve the next authorization for `organization_slug` as the current user.
    pub fn org(organization_slug: &str) -> Self {
        Self {
            organization_slug: organization_slug.to_owned(),
            user_id: None,
            client_id: None,
            decision: Decision::Approve,
        }
    }

    /// Deny the next authorization instead.
    pub fn deny(mut self) -> Self {
        self.decision = Decision::Deny;
        self
    }
}

/// A grant as the admin API shows it: token prefixes, never tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantInfo {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub organization_slug: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub access_token_prefix: Option<String>,
    pub access_token_expires_at: Option<String>,
    pub refresh_token_prefix: Option<String>,
}

fn provider() -> crate::providers::Provider {
    PROFILE.provider()
}

/// Queues a pre-approval; returns how many are queued.
pub(crate) fn pre_approve(app: &AppState, req: PreApprove) -> Result<usize, ApiError> {
    let current = app.oauth(provider(), |s| s.current_user.clone());
    let user_id = req.user_id.unwrap_or(current);
    {
        let store = app.store();
        if !store.users.contains_key(&user_id) {
            return Err(ApiError::not_found(format!("no user {user_id}")));
        }
        if req.decision == Decision::Approve && !store.is_member(&user_id, &req.organization_slug) {
            return Err(ApiError::bad_request(format!(
                "user {user_id} is not a member of organization {}",
                req.organization_slug
            )));
        }
    }
    if let Some(c) = &req.client_id {
        if !app.oauth(provider(), |s| s.clients.contains_key(c)) {
            return Err(ApiError::not_found(format!("no OAuth client {c}")));
        }
    }
    let pre = PreApproval {
        client_id: req.client_id,
        user_id: Some(user_id),
        tenant: Some(req.organization_slug),
        decision: req.decision,
    };
    Ok(engine::pre_approve(app, provider(), pre))
}

pub(crate) fn grants(app: &AppState) -> Vec<GrantInfo> {
    let mut out: Vec<GrantInfo> = app.oauth(provider(), |s| {
        (s.grants.values())
            .map(|g| GrantInfo {
                id: g.id.clone(),
                client_id: g.client_id.clone(),
                user_id: g.user_id.clone(),
                organization_slug: g.tenant.clone().unwrap_or_default(),
                created_at: rfc3339(from_millis(g.created_at_ms)),
                revoked_at: g.revoked_at_ms.map(|t| rfc3339(from_millis(t))),
                access_token_prefix: g.access.as_ref().map(|a| a.prefix.clone()),
                access_token_expires_at: (g.access.as_ref())
                    .and_then(|a| a.expires_at_ms)
                    .map(|t| rfc3339(from_millis(t))),
                refresh_token_prefix: g.refresh.as_ref().map(|r| r.prefix.clone()),
            })
            .collect()
    });
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    out
}

pub(crate) fn revoke_grant(app: &AppState, id: &str) -> bool {
    let now = app.now();
    app.oauth(provider(), |s| s.revoke_grant(id, now))
}

pub(crate) fn set_current_user(app: &AppState, user_id: &str) -> Result<(), ApiError> {
    if !app.store().users.contains_key(user_id) {
        return Err(ApiError::not_found(format!("no user {user_id}")));
    }
    app.oauth(provider(), |s| s.current_user = user_id.to_owned());
    Ok(())
}

pub(crate) fn stored_auth_config(
    app: &AppState,
    reference: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    app.store().projects.get(reference).map(stored_config)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ExpireBody {
    #[serde(default)]
    grant_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentUserBody {
    user_id: String,
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/clients", get(clients))
        .route("/admin/users", get(users))
        .route(
            "/admin/current-user",
            get(current_user).put(put_current_user),
        )
        .route("/admin/oauth/pre-approve", post(http_pre_approve))
        .route(
            "/admin/grants",
            get(|State(app): State<Arc<AppState>>| async move { Json(grants(&app)) }),
        )
        .route(
            "/admin/grants/revoke-all",
            post(|State(app): State<Arc<AppState>>| async move {
                Json(json!({ "revoked": engine::revoke_all(&app, provider()) }))
            }),
        )
        .route("/admin/grants/{id}/revoke", post(http_revoke))
        .route("/admin/tokens/expire", post(http_expire))
        .route(
            "/admin/auth-config-patches",
            get(list_patches).delete(clear_patches),
        )
        .route(
            "/admin/projects/{ref}/config/auth",
            get(http_stored_auth_config),
        )
}

async fn clients(State(app): State<Arc<AppState>>) -> Json<Vec<Client>> {
    Json(app.oauth(provider(), |s| s.clients.values().cloned().collect()))
}

async fn users(State(app): State<Arc<AppState>>) -> Json<Vec<User>> {
    Json(app.store().users.values().cloned().collect())
}

async fn current_user(State(app): State<Arc<AppState>>) -> Response {
    let user_id = app.oauth(provider(), |s| s.current_user.clone());
    Json(json!({ "user_id": user_id })).into_response()
}

async fn put_current_user(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    reply(parse::<CurrentUserBody>(&body).and_then(|b| {
        set_current_user(&app, &b.user_id)?;
        Ok(json!({ "user_id": b.user_id }))
    }))
}

async fn http_pre_approve(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    match parse::<PreApprove>(&body).and_then(|r| pre_approve(&app, r)) {
        Ok(n) => (StatusCode::CREATED, Json(json!({ "queued": n }))).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn http_revoke(State(app): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    if revoke_grant(&app, &id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        ApiError::not_found("no such live grant").into_response()
    }
}

async fn http_expire(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    reply(
        parse::<ExpireBody>(&body).map(
            |b| json!({ "expired": engine::expire_all(&app, provider(), b.grant_id.as_deref()) }),
        ),
    )
}

async fn list_patches(State(app): State<Arc<AppState>>, uri: Uri) -> Response {
    let q = Params::from_query(&uri);
    let reference = match q.single("ref") {
        Ok(r) => r.map(str::to_owned),
        Err(e) => return e.into_response(),
    };
    let list: Vec<AuthConfigPatch> = (app.patches().into_iter())
        .filter(|p| reference.as_ref().is_none_or(|r| *r == p.reference))
        .collect();
    Json(list).into_response()
}

async fn clear_patches(State(app): State<Arc<AppState>>) -> StatusCode {
    app.clear_patches();
    StatusCode::NO_CONTENT
}

async fn http_stored_auth_config(
    State(app): State<Arc<AppState>>,
    Path(reference): Path<String>,
) -> Response {
    match stored_auth_config(&app, &reference) {
        Some(c) => Json(c).into_response(),
        None => ApiError::not_found("Project not found").into_response(),
    }
}
