//! The admin API: test and demo controls, on a separate listener that is off
//! unless asked for (`--admin-port`, or `SandboxBuilder::admin`).
//!
//! Keeping it on its own port means no emulated path can collide with it and
//! an app under test, pointed at the API port, cannot reach it by accident.
//! JSON in, JSON out; errors are `{"message": ...}`. It never returns a raw
//! access or refresh token.
//!
//! This module holds what is shared by every provider (health, faults,
//! settings, the clock, rate limits) and mounts the engine's per-provider
//! controls and each provider's own routes (see `providers::admin_router`).
//! The same operations are methods on [`crate::Sandbox`] for in-process use;
//! both call the functions here, so they behave identically.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::state::AppState;

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

pub(crate) fn add_fault(app: &AppState, rule: FaultRule) -> Result<u64, ApiError> {
    rule.validate().map_err(ApiError::bad_request)?;
    Ok(app.faults.add(rule))
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

// ---------------------------------------------------------------- HTTP

pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

pub(crate) fn reply<T: Serialize>(r: Result<T, ApiError>) -> Response {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    secs: Option<u64>,
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(crate::providers::admin_router())
        .merge(crate::oauth_server::admin::router())
        .route(
            "/admin/health",
            get(|| async { Json(serde_json::json!({ "ok": true })) }),
        )
        .route(
            "/admin/faults",
            get(list_faults).post(http_add_fault).delete(clear_faults),
        )
        .route("/admin/faults/{id}", axum::routing::delete(remove_fault))
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
