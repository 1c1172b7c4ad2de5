//! The admin API: test and demo controls, on a separate listener that is off
//! unless asked for (`--admin-port`, or `SandboxBuilder::admin`).
//!
//! Keeping it on its own port means no emulated path can collide with it and
//! an app under test, pointed at the API port, cannot reach it by accident.
//! JSON in, JSON out; errors are `{"message": ...}`. It never returns a raw
//! access or refresh token; it does show client secrets and the stored
//! `smtp_pass`, sandbox data a test needs.
//!
//! The same controls are methods on [`crate::Sandbox`] for in-process use;
//! those that check their input or build records call the one function
//! here from both sides, so they behave identically.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::clock::{from_millis, rfc3339};
use crate::error::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::ids;
use crate::oauth_server::model::{Client, Decision, PreApproval};
use crate::params::Params;
use crate::providers::plain::PlainConfig;
use crate::providers::supabase::{auth_config::stored_config, model::User};
use crate::providers::Provider::{self, Supabase};
use crate::state::{App, AppState, AuthConfigPatch};

type Answer<T> = Result<Json<T>, ApiError>;
type Created = Result<(StatusCode, Json<Value>), ApiError>;
type Empty = Result<StatusCode, ApiError>;

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

/// What `POST /admin/oauth/pre-approve` takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreApprove {
    /// The organization the grant will cover.
    pub organization_slug: String,
    /// Defaults to the sandbox's current user.
    pub user_id: Option<String>,
    /// Only an authorize request from this client consumes it.
    pub client_id: Option<String>,
    /// `approve` (default) or `deny`.
    #[serde(default)]
    pub decision: Decision,
}

impl PreApprove {
    /// Approve the next authorization for `organization_slug` as the current user.
    pub fn org(organization_slug: &str) -> Self {
        Self {
            organization_slug: organization_slug.to_owned(),
            ..Self::default()
        }
    }

    /// Deny the next authorization instead.
    pub fn deny(mut self) -> Self {
        self.decision = Decision::Deny;
        self
    }
}

/// A Supabase grant as the admin API shows it: token prefixes, never tokens.
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

// ---------------------------------------------------------------- operations

pub(crate) fn add_fault(app: &AppState, rule: FaultRule) -> Result<u64, ApiError> {
    rule.validate().map_err(ApiError::bad_request)?;
    Ok(app.faults.add(rule))
}

fn settings_json(app: &AppState) -> SettingsPatch {
    let s = app.settings();
    SettingsPatch {
        token_ttl_secs: Some(s.token_ttl.as_secs()),
        activation_delay_ms: Some(s.activation_delay.as_millis() as u64),
        code_ttl_secs: Some(s.code_ttl.as_secs()),
        rate_limit_per_minute: Some(s.rate_limit_per_minute),
    }
}

/// Queues an answer for the next authorize request of `provider`; returns
/// how many are queued.
fn pre_approve(app: &AppState, provider: Provider, pre: PreApproval) -> usize {
    app.oauth(provider, |s| {
        s.pre_approvals.push_back(pre);
        s.pre_approvals.len()
    })
}

/// A pre-approval for whoever is signed in, from any client.
pub(crate) fn pre_approve_any(app: &AppState, provider: Provider, decision: Decision) {
    let pre = PreApproval {
        decision,
        ..PreApproval::default()
    };
    pre_approve(app, provider, pre);
}

/// Expires access tokens now (one grant's, or all); returns how many.
pub(crate) fn expire_all(app: &AppState, provider: Provider, grant_id: Option<&str>) -> usize {
    app.oauth(provider, |s| s.expire_access_tokens(grant_id, app.now()))
}

/// Mints a personal token of `provider` for `user_id` (default: whoever
/// is signed in) and returns it whole: the admin API is for tests.
pub(crate) fn mint_personal_token(app: &AppState, p: Provider, user_id: Option<&str>) -> String {
    let (prefix, bytes) = p.profile().meta().personal_token_shape;
    let token = ids::new_access_token(&mut *app.rng(), prefix, bytes);
    app.oauth(p, |s| {
        let user = user_id.map_or_else(|| s.current_user.clone(), str::to_owned);
        s.add_personal_token(&token, &user);
    });
    token
}

/// Queues a Supabase pre-approval for one organization.
pub(crate) fn pre_approve_org(app: &AppState, req: PreApprove) -> Result<usize, ApiError> {
    let current = app.oauth(Supabase, |s| s.current_user.clone());
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
        if !app.oauth(Supabase, |s| s.clients.contains_key(c)) {
            return Err(ApiError::not_found(format!("no OAuth client {c}")));
        }
    }
    let pre = PreApproval {
        client_id: req.client_id,
        user_id: Some(user_id),
        tenant: Some(req.organization_slug),
        decision: req.decision,
    };
    Ok(pre_approve(app, Supabase, pre))
}

pub(crate) fn grants(app: &AppState) -> Vec<GrantInfo> {
    let time = |ms: u64| rfc3339(from_millis(ms));
    let mut out: Vec<GrantInfo> = app.oauth(Supabase, |s| {
        (s.grants.values())
            .map(|g| GrantInfo {
                id: g.id.clone(),
                client_id: g.client_id.clone(),
                user_id: g.user_id.clone(),
                organization_slug: g.tenant.clone().unwrap_or_default(),
                created_at: time(g.created_at_ms),
                revoked_at: g.revoked_at_ms.map(time),
                access_token_prefix: g.access.as_ref().map(|a| a.prefix.clone()),
                access_token_expires_at: g.access.as_ref().and_then(|a| a.expires_at_ms).map(time),
                refresh_token_prefix: g.refresh.as_ref().map(|r| r.prefix.clone()),
            })
            .collect()
    });
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    out
}

pub(crate) fn set_current_user(app: &AppState, user_id: &str) -> Result<(), ApiError> {
    if !app.store().users.contains_key(user_id) {
        return Err(ApiError::not_found(format!("no user {user_id}")));
    }
    app.oauth(Supabase, |s| s.current_user = user_id.to_owned());
    Ok(())
}

// ---------------------------------------------------------------- HTTP

/// A JSON body (an empty one reads as `{}`), refused with `{"message"}`.
struct Body<T>(T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let body = Bytes::from_request(req, state).await;
        let body = body.map_err(IntoResponse::into_response)?;
        parse(&body).map(Body).map_err(IntoResponse::into_response)
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let body: &[u8] = if blank { b"{}" } else { body };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultBody {
    Text { rule: String },
    Rule(FaultRule),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    ms: Option<u64>,
    secs: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreApproveBody {
    decision: Option<Decision>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpireBody {
    grant_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentUserBody {
    user_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MintPersonalBody {
    user_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    token: String,
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    let no_content = |f: fn(&AppState)| {
        move |State(app): App| async move {
            f(&app);
            StatusCode::NO_CONTENT
        }
    };
    Router::new()
        .route(
            "/admin/health",
            get(|| async { Json(json!({ "ok": true })) }),
        )
        .route(
            "/admin/faults",
            get(|State(app): App| async move { Json(app.faults.list()) })
                .post(http_add_fault)
                .delete(no_content(|a| a.faults.clear())),
        )
        .route("/admin/faults/{id}", delete(remove_fault))
        .route(
            "/admin/settings",
            get(|State(app): App| async move { Json(settings_json(&app)) }).patch(http_settings),
        )
        .route("/admin/clock", get(clock))
        .route("/admin/clock/advance", post(http_advance))
        .route(
            "/admin/rate-limits/reset",
            post(no_content(|a| a.rate.reset())),
        )
        .route("/admin/{provider}/pre-approve", post(http_pre_approve))
        .route("/admin/{provider}/tokens/expire", post(http_expire_all))
        .route("/admin/{provider}/grants/revoke-all", post(http_revoke_all))
        .route("/admin/{provider}/personal-tokens", post(mint_personal))
        .route(
            "/admin/{provider}/personal-tokens/revoke",
            post(revoke_personal),
        )
        .route("/admin/clients", get(clients))
        .route("/admin/users", get(users))
        .route("/admin/current-user", get(current_user).put(set_user))
        .route("/admin/oauth/pre-approve", post(http_pre_approve_org))
        .route(
            "/admin/grants",
            get(|State(app): App| async move { Json(grants(&app)) }),
        )
        .route(
            "/admin/grants/revoke-all",
            post(|State(app): App| async move {
                Json(json!({ "revoked": app.oauth(Supabase, |s| s.revoke_all(app.now())) }))
            }),
        )
        .route("/admin/grants/{id}/revoke", post(http_revoke))
        .route("/admin/tokens/expire", post(http_expire))
        .route(
            "/admin/auth-config-patches",
            get(list_patches).delete(no_content(|a| a.clear_patches())),
        )
        .route("/admin/projects/{ref}/config/auth", get(http_stored_config))
        .route(
            "/admin/plain/settings",
            get(|State(app): App| async move { Json(app.data().plain.clone()) }).put(
                |State(app): App, Body(c): Body<PlainConfig>| async move {
                    app.data().plain = c.clone();
                    Json(c)
                },
            ),
        )
}

async fn http_add_fault(State(app): App, Body(b): Body<FaultBody>) -> Result<Response, ApiError> {
    let rule = match b {
        FaultBody::Text { rule } => rule
            .parse::<FaultRule>()
            .map_err(|e| ApiError::bad_request(e.to_string()))?,
        FaultBody::Rule(r) => r,
    };
    let id = add_fault(&app, rule)?;
    let fault: Option<ActiveFault> = app.faults.list().into_iter().find(|f| f.id == id);
    Ok((StatusCode::CREATED, Json(fault)).into_response())
}

async fn remove_fault(State(app): App, Path(id): Path<String>) -> Empty {
    match id.parse::<u64>() {
        Ok(id) if app.faults.remove(id) => Ok(StatusCode::NO_CONTENT),
        _ => Err(ApiError::not_found("no such fault")),
    }
}

async fn http_settings(State(app): App, Body(p): Body<SettingsPatch>) -> Answer<SettingsPatch> {
    let limit = p.rate_limit_per_minute.map(u64::from);
    if [p.token_ttl_secs, p.code_ttl_secs, limit].contains(&Some(0)) {
        return Err(ApiError::bad_request(
            "token_ttl_secs, code_ttl_secs and rate_limit_per_minute must be positive",
        ));
    }
    app.update_settings(|s| {
        s.token_ttl = (p.token_ttl_secs).map_or(s.token_ttl, Duration::from_secs);
        s.activation_delay =
            (p.activation_delay_ms).map_or(s.activation_delay, Duration::from_millis);
        s.code_ttl = (p.code_ttl_secs).map_or(s.code_ttl, Duration::from_secs);
        s.rate_limit_per_minute = (p.rate_limit_per_minute).unwrap_or(s.rate_limit_per_minute);
    });
    Ok(Json(settings_json(&app)))
}

async fn clock(State(app): App) -> Json<Value> {
    let adjustable = app.clock.advance(Duration::ZERO).is_ok();
    Json(json!({ "now": rfc3339(app.now()), "adjustable": adjustable }))
}

async fn http_advance(State(app): App, Body(b): Body<AdvanceBody>) -> Answer<Value> {
    let by = match (b.ms, b.secs) {
        (Some(ms), None) => Duration::from_millis(ms),
        (None, Some(s)) => Duration::from_secs(s),
        _ => return Err(ApiError::bad_request("give exactly one of ms or secs")),
    };
    (app.clock.advance(by)).map_err(|e| ApiError::new(StatusCode::CONFLICT, e.to_string()))?;
    Ok(Json(json!({ "now": rfc3339(app.now()) })))
}

fn provider(id: &str) -> Result<Provider, ApiError> {
    Provider::from_id(id).ok_or_else(|| ApiError::not_found("Not Found"))
}

async fn http_pre_approve(State(app): App, Path(id): Path<String>, body: Bytes) -> Answer<Value> {
    let p = provider(&id)?;
    let decision = parse::<PreApproveBody>(&body)?.decision.unwrap_or_default();
    pre_approve_any(&app, p, decision.clone());
    Ok(Json(json!({ "queued": decision })))
}

async fn http_expire_all(State(app): App, Path(id): Path<String>) -> Answer<Value> {
    let p = provider(&id)?;
    Ok(Json(json!({ "expired": expire_all(&app, p, None) })))
}

async fn http_revoke_all(State(app): App, Path(id): Path<String>) -> Answer<Value> {
    let p = provider(&id)?;
    let revoked = app.oauth(p, |s| s.revoke_all(app.now()));
    Ok(Json(json!({ "revoked": revoked })))
}

async fn mint_personal(State(app): App, Path(id): Path<String>, body: Bytes) -> Created {
    let p = provider(&id)?;
    let user_id = parse::<MintPersonalBody>(&body)?.user_id;
    let token = mint_personal_token(&app, p, user_id.as_deref());
    Ok((StatusCode::CREATED, Json(json!({ "token": token }))))
}

async fn revoke_personal(
    State(app): App,
    Path(id): Path<String>,
    Body(b): Body<TokenBody>,
) -> Empty {
    let p = provider(&id)?;
    match app.oauth(p, |s| s.revoke_personal_token(&b.token)) {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("no such personal token")),
    }
}

async fn clients(State(app): App) -> Json<Vec<Client>> {
    Json(app.oauth(Supabase, |s| s.clients.values().cloned().collect()))
}

async fn users(State(app): App) -> Json<Vec<User>> {
    Json(app.store().users.values().cloned().collect())
}

async fn current_user(State(app): App) -> Json<Value> {
    let user_id = app.oauth(Supabase, |s| s.current_user.clone());
    Json(json!({ "user_id": user_id }))
}

async fn set_user(State(app): App, Body(b): Body<CurrentUserBody>) -> Answer<Value> {
    set_current_user(&app, &b.user_id)?;
    Ok(Json(json!({ "user_id": b.user_id })))
}

async fn http_pre_approve_org(State(app): App, Body(r): Body<PreApprove>) -> Created {
    let n = pre_approve_org(&app, r)?;
    Ok((StatusCode::CREATED, Json(json!({ "queued": n }))))
}

async fn http_revoke(State(app): App, Path(id): Path<String>) -> Empty {
    match app.oauth(Supabase, |s| s.revoke_grant(&id, app.now())) {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("no such live grant")),
    }
}

async fn http_expire(State(app): App, Body(b): Body<ExpireBody>) -> Json<Value> {
    Json(json!({ "expired": expire_all(&app, Supabase, b.grant_id.as_deref()) }))
}

async fn list_patches(State(app): App, uri: Uri) -> Answer<Vec<AuthConfigPatch>> {
    let q = Params::from_query(&uri);
    let reference = q.single("ref")?;
    let list = (app.patches().into_iter())
        .filter(|p| reference.is_none_or(|r| r == p.reference))
        .collect();
    Ok(Json(list))
}

async fn http_stored_config(State(app): App, Path(r): Path<String>) -> Answer<Map<String, Value>> {
    let config = app.store().projects.get(&r).map(|p| Json(stored_config(p)));
    config.ok_or_else(|| ApiError::not_found("Project not found"))
}
