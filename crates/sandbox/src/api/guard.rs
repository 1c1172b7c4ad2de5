//! The gate in front of every Management API route: bearer authentication
//! and the rate limit, in that order, and the rate-limit headers on the way
//! out.
//!
//! A request is counted under its endpoint (method + route pattern, e.g.
//! `GET /v1/projects/{ref}`) and its subject: the organization for an OAuth
//! token, the user for a personal access token, the peer IP address when
//! there is no valid token (so 401s are throttled too). Every response,
//! success or error, gets `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
//! `X-RateLimit-Reset`.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::server::Connection;
use crate::state::AppState;

pub(crate) const TOO_MANY_REQUESTS: &str = "Too many requests";

pub(crate) async fn guard(
    State(app): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let now = app.now();
    let endpoint = format!(
        "{} {}",
        req.method(),
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str)
            .unwrap_or(req.uri().path())
    );
    let principal = bearer(req.headers()).and_then(|t| app.store().authenticate(t, now));
    let subject = match &principal {
        Some(p) => p.rate_limit_subject(),
        None => match req.extensions().get::<Connection>() {
            Some(c) => format!("ip:{}", c.peer.ip()),
            None => "ip:unknown".to_owned(),
        },
    };
    let limit = app.settings().rate_limit_per_minute;
    let decision = app.rate.check(&format!("{subject} {endpoint}"), now, limit);
    let mut response = if !decision.allowed {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_REQUESTS).into_response()
    } else if let Some(p) = principal {
        req.extensions_mut().insert(p);
        next.run(req).await
    } else {
        ApiError::unauthorized().into_response()
    };
    decision.apply_headers(response.headers_mut());
    response
}

/// The token of `Authorization: Bearer <token>`, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
