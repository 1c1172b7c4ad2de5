//! Admin controls for the prefixed providers, on the admin listener:
//!
//! - `POST /admin/{neon|netlify}/pre-approve` `{"decision": "approve"|"deny"}`
//!   (default approve): the next authorize request of that provider answers
//!   at once as if the consent page had been clicked;
//! - `POST /admin/{neon|netlify}/tokens/expire`: every access token of that
//!   provider expires now (Neon refresh tokens keep working);
//! - `POST /admin/{neon|netlify}/grants/revoke-all`: ends every OAuth grant
//!   of that provider (the seeded personal tokens stay).
//!
//! Same JSON-in, JSON-out rules as `crate::admin`; never shows a token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::error::ApiError;
use crate::model::Decision;
use crate::state::AppState;

use super::{consent, grants, Provider};

fn provider(name: &str) -> Result<Provider, ApiError> {
    match name {
        "neon" => Ok(Provider::Neon),
        "netlify" => Ok(Provider::Netlify),
        _ => Err(ApiError::not_found("Not Found")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreApproveBody {
    #[serde(default)]
    decision: Option<Decision>,
}

async fn pre_approve(
    State(app): State<Arc<AppState>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let p = match provider(&name) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &body
    };
    let parsed: PreApproveBody = match serde_json::from_slice(body) {
        Ok(b) => b,
        Err(e) => return ApiError::bad_request(format!("invalid JSON body: {e}")).into_response(),
    };
    let decision = parsed.decision.unwrap_or(Decision::Approve);
    consent::pre_approve(&app, p, decision.clone());
    Json(json!({ "queued": decision })).into_response()
}

async fn expire(State(app): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    match provider(&name) {
        Ok(p) => Json(json!({ "expired": grants::expire_all(&app, p) })).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn revoke_all(State(app): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    match provider(&name) {
        Ok(p) => Json(json!({ "revoked": grants::revoke_all(&app, p) })).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/{provider}/pre-approve", post(pre_approve))
        .route("/admin/{provider}/tokens/expire", post(expire))
        .route("/admin/{provider}/grants/revoke-all", post(revoke_all))
}
