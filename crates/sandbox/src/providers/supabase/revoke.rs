//! `POST /v1/oauth/revoke`: the app gives up its authorization.
//!
//! Supabase's own shape, not RFC 7009's: a JSON body, the spec's
//! `OAuthRevokeTokenBody` (`client_id`, `client_secret`, `refresh_token`,
//! all required, nothing else allowed). Success is 204 and the whole grant
//! ends: its access token gets 401 on the API and its refresh token 404 at
//! the token endpoint. A refresh token that is unknown, already rotated or
//! another client's answers 404 `No such refresh token found`; wrong client
//! credentials answer 401.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::oauth_server::error::OAuthError;
use crate::oauth_server::profile::Profile as _;
use crate::oauth_server::{client_auth, grants};
use crate::state::AppState;

use super::body::{json_object, reject_unknown};
use super::oauth::PROFILE;

const FIELDS: [&str; 3] = ["client_id", "client_secret", "refresh_token"];

pub(crate) async fn revoke(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, Response> {
    let api = |e: ApiError| e.into_response();
    let oauth = |e: OAuthError| PROFILE.oauth_error(&e);
    let obj = json_object(&headers, &body).map_err(api)?;
    reject_unknown(&obj, &FIELDS).map_err(api)?;
    let mut values = Vec::with_capacity(3);
    for name in FIELDS {
        match obj.get(name) {
            None | Some(Value::Null) => return Err(oauth(OAuthError::Missing(name))),
            Some(Value::String(s)) => values.push(s.as_str()),
            Some(_) => {
                let e = ApiError::bad_request(format!("{name} must be a string"));
                return Err(api(e));
            }
        }
    }
    let client_id =
        client_auth::verify(&app, &PROFILE, values[0], Some(values[1])).map_err(oauth)?;
    if !grants::revoke(&app, &PROFILE, &client_id, values[2], false) {
        return Err(oauth(OAuthError::UnknownRefreshToken));
    }
    Ok(StatusCode::NO_CONTENT)
}
