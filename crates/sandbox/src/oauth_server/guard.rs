//! The gate in front of every provider API: bearer authentication and the
//! rate limit, in that order, and the rate-limit headers on the way out.
//!
//! A request is counted under its endpoint (method + route pattern, e.g.
//! `GET /v1/projects/{ref}`, so different ids share one budget) and its
//! subject: the grant's tenant or the user for a valid token, the peer
//! address otherwise (so 401s are throttled too). Every answer, success or
//! error, gets `X-RateLimit-Limit`, `-Remaining` and `-Reset`. A token is
//! looked up in its own profile's store only: a Neon token opens neither
//! Netlify's API nor Supabase's.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

use crate::server::Connection;
use crate::state::{App, AppState};

use super::grants;
use super::profile::P;

type Routes = Router<Arc<AppState>>;

/// Puts `routes` behind the guard of profile `p`.
pub(crate) fn guarded(app: Arc<AppState>, p: P, routes: Routes) -> Routes {
    routes.route_layer(middleware::from_fn_with_state(
        app,
        move |State(app): App, req: Request, next: Next| guard(app, p, req, next),
    ))
}

async fn guard(app: Arc<AppState>, p: P, mut req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>();
    let route = route.map_or(req.uri().path(), |r| r.as_str());
    let endpoint = format!("{} {route}", req.method());
    let caller = bearer(req.headers()).and_then(|t| grants::authenticate(&app, p, t));
    let subject = match (&caller, req.extensions().get::<Connection>()) {
        (Some(c), _) => c.rate_limit_subject(),
        (None, Some(c)) => format!("ip:{}", c.peer.ip()),
        (None, None) => "ip:unknown".to_owned(),
    };
    let limit = app.settings().rate_limit_per_minute;
    let decision = (app.rate).check(&format!("{subject} {endpoint}"), app.now(), limit);
    let mut response = if !decision.allowed {
        p.api_error(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_REQUESTS)
    } else if let Some(c) = caller {
        req.extensions_mut().insert(c);
        next.run(req).await
    } else {
        p.api_error(StatusCode::UNAUTHORIZED, p.meta().unauthorized)
    };
    decision.apply_headers(response.headers_mut(), p.meta().rate_reset, app.now());
    response
}

pub(crate) const TOO_MANY_REQUESTS: &str = "Too many requests";

/// The token of `Authorization: Bearer <token>`, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
