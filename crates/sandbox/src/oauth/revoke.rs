//! `POST /v1/oauth/revoke`: the app gives up its authorization.
//!
//! Body: JSON, the spec's `OAuthRevokeTokenBody` (`client_id`,
//! `client_secret`, `refresh_token`, all required, nothing else allowed).
//! Success is 204 and the whole grant ends: its access token gets 401 on the
//! API and its refresh token 404 at the token endpoint. A refresh token that
//! is unknown, already rotated or another client's answers 404
//! `No such refresh token found`; wrong client credentials answer 401.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::ids;
use crate::oauth::client_auth::{self, Presented};
use crate::oauth::token::{require_content_type, NO_SUCH_REFRESH_TOKEN};
use crate::state::AppState;

const FIELDS: [&str; 3] = ["client_id", "client_secret", "refresh_token"];

pub(crate) async fn revoke(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match run(&app, &headers, &body) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

fn run(app: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    require_content_type(headers, "application/json")?;
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::bad_request("Body must be valid JSON"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| ApiError::bad_request("Body must be a JSON object"))?;
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "property {k} should not exist"
        )));
    }
    let mut values = Vec::with_capacity(3);
    for name in FIELDS {
        match obj.get(name) {
            None | Some(serde_json::Value::Null) => return Err(ApiError::required_parameter(name)),
            Some(serde_json::Value::String(s)) => values.push(s.as_str()),
            Some(_) => return Err(ApiError::bad_request(format!("{name} must be a string"))),
        }
    }
    let presented = Presented {
        client_id: values[0].to_owned(),
        client_secret: values[1].to_owned(),
    };
    let client_id = client_auth::verify(&app.store(), &presented)?.id.clone();
    let digest = ids::digest(values[2]);
    let now = app.now();
    app.mutate(|s| {
        let grant_id = s
            .refresh_index
            .get(&digest)
            .filter(|g| s.grants.get(*g).is_some_and(|g| g.client_id == client_id))
            .cloned()
            .ok_or_else(|| ApiError::not_found(NO_SUCH_REFRESH_TOKEN))?;
        s.revoke_grant(&grant_id, now);
        Ok(())
    })
}
