//! The admin API: test and demo controls, on a separate listener that is off
//! unless asked for (`--admin-port`, or `SandboxBuilder::admin`).
//!
//! Keeping it on its own port means no emulated path can collide with it and
//! an app under test, pointed at the API port, cannot reach it by accident.
//! JSON in, JSON out; errors are `{"message": ...}`. It never returns a raw
//! access or refresh token: grants show token prefixes only. (It does show
//! OAuth client secrets and the stored `smtp_pass`: both are sandbox data a
//! test needs.)
//!
//! The same operations are methods on [`crate::Sandbox`] for in-process use;
//! both call the functions here, so they behave identically.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::api::auth_config::stored_config;
use crate::clock::{from_millis, rfc3339};
use crate::error::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::model::{Decision, OAuthClient, PreApproval, User};
use crate::params::Params;
use crate::state::{AppState, AuthConfigPatch};

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

/// Run-time settings as JSON (`GET`/`PATCH /admin/settings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_ttl_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_ttl_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_minute: Option<u32>,
}

// ---------------------------------------------------------------- operations

pub(crate) fn pre_approve(app: &AppState, req: PreApprove) -> Result<(), ApiError> {
    app.mutate(|s| {
        let user_id = req.user_id.unwrap_or_else(|| s.current_user.clone());
        if !s.users.contains_key(&user_id) {
            return Err(ApiError::not_found(format!("no user {user_id}")));
        }
        if let Some(c) = &req.client_id {
            if !s.clients.contains_key(c) {
                return Err(ApiError::not_found(format!("no OAuth client {c}")));
            }
        }
        if req.decision == Decision::Approve && !s.is_member(&user_id, &req.organization_slug) {
            return Err(ApiError::bad_request(format!(
                "user {user_id} is not a member of organization {}",
                req.organization_slug
            )));
        }
        s.pre_approvals.push_back(PreApproval {
            user_id,
            organization_slug: req.organization_slug,
            client_id: req.client_id,
            decision: req.decision,
        });
        Ok(())
    })
}

pub(crate) fn grants(app: &AppState) -> Vec<GrantInfo> {
    let store = app.store();
    let mut out: Vec<GrantInfo> = store
        .grants
        .values()
        .map(|g| GrantInfo {
            id: g.id.clone(),
            client_id: g.client_id.clone(),
            user_id: g.user_id.clone(),
            organization_slug: g.organization_slug.clone(),
            created_at: rfc3339(from_millis(g.created_at_ms)),
            revoked_at: g.revoked_at_ms.map(|t| rfc3339(from_millis(t))),
            access_token_prefix: g.access.as_ref().map(|a| a.prefix.clone()),
            access_token_expires_at: g
                .access
                .as_ref()
                .map(|a| rfc3339(from_millis(a.expires_at_ms))),
            refresh_token_prefix: g.refresh.as_ref().map(|r| r.prefix.clone()),
        })
        .collect();
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    out
}

pub(crate) fn revoke_grant(app: &AppState, id: &str) -> bool {
    let now = app.now();
    app.mutate(|s| s.revoke_grant(id, now))
}

pub(crate) fn revoke_all(app: &AppState) -> usize {
    let now = app.now();
    app.mutate(|s| {
        let ids: Vec<String> = s.grants.keys().cloned().collect();
        ids.iter().filter(|id| s.revoke_grant(id, now)).count()
    })
}

pub(crate) fn expire_tokens(app: &AppState, grant_id: Option<&str>) -> usize {
    let now = app.now();
    app.mutate(|s| s.expire_access_tokens(grant_id, now))
}

pub(crate) fn add_fault(app: &AppState, rule: FaultRule) -> Result<u64, ApiError> {
    rule.validate().map_err(ApiError::bad_request)?;
    Ok(app.faults.add(rule))
}

pub(crate) fn set_current_user(app: &AppState, user_id: &str) -> Result<(), ApiError> {
    app.mutate(|s| {
        if !s.users.contains_key(user_id) {
            return Err(ApiError::not_found(format!("no user {user_id}")));
        }
        s.current_user = user_id.to_owned();
        Ok(())
    })
}

pub(crate) fn settings_json(app: &AppState) -> SettingsPatch {
    let s = app.settings();
    SettingsPatch {
        token_ttl_secs: Some(s.token_ttl.as_secs()),
        activation_delay_ms: Some(s.activation_delay.as_millis() as u64),
        code_ttl_secs: Some(s.code_ttl.as_secs()),
        rate_limit_per_minute: Some(s.rate_limit_per_minute),
    }
}

pub(crate) fn patch_settings(app: &AppState, p: SettingsPatch) -> Result<SettingsPatch, ApiError> {
    if p.token_ttl_secs == Some(0)
        || p.code_ttl_secs == Some(0)
        || p.rate_limit_per_minute == Some(0)
    {
        return Err(ApiError::bad_request(
            "token_ttl_secs, code_ttl_secs and rate_limit_per_minute must be positive",
        ));
    }
    app.update_settings(|s| {
        if let Some(v) = p.token_ttl_secs {
            s.token_ttl = Duration::from_secs(v);
        }
        if let Some(v) = p.activation_delay_ms {
            s.activation_delay = Duration::from_millis(v);
        }
        if let Some(v) = p.code_ttl_secs {
            s.code_ttl = Duration::from_secs(v);
        }
        if let Some(v) = p.rate_limit_per_minute {
            s.rate_limit_per_minute = v;
        }
    });
    Ok(settings_json(app))
}

pub(crate) fn advance_clock(app: &AppState, by: Duration) -> Result<String, ApiError> {
    app.clock
        .advance(by)
        .map_err(|e| ApiError::new(StatusCode::CONFLICT, e.to_string()))?;
    Ok(rfc3339(app.now()))
}

pub(crate) fn stored_auth_config(
    app: &AppState,
    reference: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    app.store().projects.get(reference).map(stored_config)
}

// ---------------------------------------------------------------- HTTP

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

fn reply<T: Serialize>(r: Result<T, ApiError>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultBody {
    Text { rule: String },
    Rule(FaultRule),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ExpireBody {
    #[serde(default)]
    grant_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    secs: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentUserBody {
    user_id: String,
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(crate::providers::admin::router())
        .route(
            "/admin/health",
            get(|| async { Json(serde_json::json!({ "ok": true })) }),
        )
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
                Json(serde_json::json!({ "revoked": revoke_all(&app) }))
            }),
        )
        .route("/admin/grants/{id}/revoke", post(http_revoke))
        .route("/admin/tokens/expire", post(http_expire))
        .route(
            "/admin/faults",
            get(list_faults).post(http_add_fault).delete(clear_faults),
        )
        .route("/admin/faults/{id}", axum::routing::delete(remove_fault))
        .route(
            "/admin/auth-config-patches",
            get(list_patches).delete(clear_patches),
        )
        .route(
            "/admin/projects/{ref}/config/auth",
            get(http_stored_auth_config),
        )
        .route(
            "/admin/settings",
            get(|State(app): State<Arc<AppState>>| async move { Json(settings_json(&app)) })
                .patch(http_settings),
        )
        .route("/admin/clock", get(clock))
        .route("/admin/clock/advance", post(http_advance))
        .route(
            "/admin/rate-limits/reset",
            post(|State(app): State<Arc<AppState>>| async move {
                app.rate.reset();
                StatusCode::NO_CONTENT
            }),
        )
}

async fn clients(State(app): State<Arc<AppState>>) -> Response {
    let store = app.store();
    let list: Vec<&OAuthClient> = store.clients.values().collect();
    Json(list).into_response()
}

async fn users(State(app): State<Arc<AppState>>) -> Response {
    let store = app.store();
    let list: Vec<&User> = store.users.values().collect();
    Json(list).into_response()
}

async fn current_user(State(app): State<Arc<AppState>>) -> Response {
    let store = app.store();
    Json(serde_json::json!({ "user_id": store.current_user })).into_response()
}

async fn put_current_user(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    reply(parse::<CurrentUserBody>(&body).and_then(|b| {
        set_current_user(&app, &b.user_id)?;
        Ok(serde_json::json!({ "user_id": b.user_id }))
    }))
}

async fn http_pre_approve(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    match parse::<PreApprove>(&body).and_then(|r| pre_approve(&app, r)) {
        Ok(()) => (
            StatusCode::CREATED,
            Json(serde_json::json!({ "queued": app.store().pre_approvals.len() })),
        )
            .into_response(),
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
        parse::<ExpireBody>(&body)
            .map(|b| serde_json::json!({ "expired": expire_tokens(&app, b.grant_id.as_deref()) })),
    )
}

async fn list_faults(State(app): State<Arc<AppState>>) -> Json<Vec<ActiveFault>> {
    Json(app.faults.list())
}

async fn http_add_fault(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    let rule = parse::<FaultBody>(&body).and_then(|b| match b {
        FaultBody::Text { rule } => rule
            .parse::<FaultRule>()
            .map_err(|e| ApiError::bad_request(e.to_string())),
        FaultBody::Rule(r) => Ok(r),
    });
    match rule.and_then(|r| add_fault(&app, r)) {
        Ok(id) => {
            let fault = app.faults.list().into_iter().find(|f| f.id == id);
            (StatusCode::CREATED, Json(fault)).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn clear_faults(State(app): State<Arc<AppState>>) -> StatusCode {
    app.faults.clear();
    StatusCode::NO_CONTENT
}

async fn remove_fault(State(app): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    match id.parse::<u64>() {
        Ok(id) if app.faults.remove(id) => StatusCode::NO_CONTENT.into_response(),
        _ => ApiError::not_found("no such fault").into_response(),
    }
}

async fn list_patches(State(app): State<Arc<AppState>>, uri: Uri) -> Response {
    let q = Params::from_query(&uri);
    let reference = match q.single("ref") {
        Ok(r) => r.map(str::to_owned),
        Err(e) => return e.into_response(),
    };
    let list: Vec<AuthConfigPatch> = app
        .patches()
        .into_iter()
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

async fn http_settings(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    reply(parse::<SettingsPatch>(&body).and_then(|p| patch_settings(&app, p)))
}

async fn clock(State(app): State<Arc<AppState>>) -> Response {
    let adjustable = app.clock.advance(Duration::ZERO).is_ok();
    Json(serde_json::json!({ "now": rfc3339(app.now()), "adjustable": adjustable })).into_response()
}

async fn http_advance(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    reply(parse::<AdvanceBody>(&body).and_then(|b| {
        let by = match (b.ms, b.secs) {
            (Some(ms), None) => Duration::from_millis(ms),
            (None, Some(s)) => Duration::from_secs(s),
            _ => return Err(ApiError::bad_request("give exactly one of ms or secs")),
        };
        Ok(serde_json::json!({ "now": advance_clock(&app, by)? }))
    }))
}
