//! `GET /v1/profile`: the token's user, as the spec's `V1ProfileResponse`
//! (`gotrue_id`, `primary_email`, `username`).

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;

use crate::error::ApiError;
use crate::oauth_server::grants::Caller as Principal;
use crate::state::AppState;

#[derive(Serialize)]
struct Profile<'a> {
    gotrue_id: &'a str,
    primary_email: &'a str,
    username: &'a str,
}

pub(crate) async fn profile(
    State(app): State<Arc<AppState>>,
    Extension(p): Extension<Principal>,
) -> Response {
    let store = app.store();
    match store.users.get(&p.user_id) {
        Some(u) => Json(Profile {
            gotrue_id: &u.id,
            primary_email: &u.email,
            username: &u.username,
        })
        .into_response(),
        None => ApiError::unauthorized().into_response(),
    }
}
