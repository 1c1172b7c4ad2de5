//! The OAuth 2.0 authorization server engine, written once for every
//! provider the sandbox emulates. Each provider is a [`profile::Profile`]
//! (in `providers/<id>/`) holding only what differs.
//!
//! The route builders below give a profile its endpoints at whatever paths
//! its provider uses. OAuth routes carry no bearer token, so no rate limit.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::routing::{get, post, MethodRouter};

use crate::params::Params;
use crate::state::{App, AppState};

pub(crate) mod authorize;
pub(crate) mod client_auth;
pub(crate) mod error;
pub(crate) mod grants;
pub(crate) mod guard;
pub mod model;
pub(crate) mod pages;
pub mod pkce;
pub(crate) mod profile;
pub mod redirect;
pub(crate) mod store;
pub(crate) mod token;

use profile::P;

type Route = MethodRouter<Arc<AppState>>;

/// `GET`: the authorization endpoint.
pub(crate) fn authorize_route(p: P) -> Route {
    get(move |State(app): App, uri: Uri| async move {
        authorize::authorize(&app, p, &Params::from_query(&uri))
    })
}

/// `POST`: the consent form's answer.
pub(crate) fn decision_route(p: P) -> Route {
    post(move |State(app): App, body: Bytes| async move {
        authorize::decide(&app, p, &Params::parse(&body))
    })
}

/// `POST`: the token endpoint.
pub(crate) fn token_route(p: P) -> Route {
    post(
        move |State(app): App, headers: HeaderMap, body: Bytes| async move {
            token::token(&app, p, &headers, &body)
        },
    )
}

/// `POST`: RFC 7009 revocation.
pub(crate) fn revoke_route(p: P) -> Route {
    post(
        move |State(app): App, headers: HeaderMap, body: Bytes| async move {
            token::revoke(&app, p, &headers, &body)
        },
    )
}
