//! The admin controls every profile has, on the admin listener:
//!
//! - `POST /admin/{provider}/pre-approve` `{"decision": "approve"|"deny"}`
//!   (default approve): the next authorize request of that provider answers
//!   at once as if the consent page had been clicked;
//! - `POST /admin/{provider}/tokens/expire`: every access token of that
//!   provider expires now (refresh tokens keep working);
//! - `POST /admin/{provider}/grants/revoke-all`: ends every OAuth grant of
//!   that provider (personal tokens stay).
//!
//! The same operations back the `Sandbox` methods, so both behave the same.
//! JSON in, JSON out; never shows a token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::admin::parse;
use crate::error::ApiError;
use crate::providers::Provider;
use crate::state::AppState;

use super::model::{Decision, PreApproval};

/// Queues an answer for the next authorize request of `provider`.
pub(crate) fn pre_approve(app: &AppState, provider: Provider, pre: PreApproval) -> usize {
    app.oauth(provider, |s| {
        s.pre_approvals.push_back(pre);
        s.pre_approvals.len()
    })
}

pub(crate) fn expire_all(app: &AppState, provider: Provider, grant_id: Option<&str>) -> usize {
    let now = app.now();
    app.oauth(provider, |s| s.expire_access_tokens(grant_id, now))
}

pub(crate) fn revoke_all(app: &AppState, provider: Provider) -> usize {
    let now = app.now();
    app.oauth(provider, |s| s.revoke_all(now))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreApproveBody {
    #[serde(default)]
    decision: Option<Decision>,
}

fn provider(id: &str) -> Result<Provider, ApiError> {
    Provider::from_id(id).ok_or_else(|| ApiError::not_found("Not Found"))
}

async fn http_pre_approve(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let run = || {
        let p = provider(&id)?;
        let decision = parse::<PreApproveBody>(&body)?
            .decision
            .unwrap_or(Decision::Approve);
        let pre = PreApproval {
            client_id: None,
            user_id: None,
            tenant: None,
            decision: decision.clone(),
        };
        pre_approve(&app, p, pre);
        Ok::<_, ApiError>(Json(json!({ "queued": decision })))
    };
    run().into_response()
}

async fn http_expire(State(app): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    provider(&id)
        .map(|p| Json(json!({ "expired": expire_all(&app, p, None) })))
        .into_response()
}

async fn http_revoke_all(State(app): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    provider(&id)
        .map(|p| Json(json!({ "revoked": revoke_all(&app, p) })))
        .into_response()
}

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/{provider}/pre-approve", post(http_pre_approve))
        .route("/admin/{provider}/tokens/expire", post(http_expire))
        .route("/admin/{provider}/grants/revoke-all", post(http_revoke_all))
}
