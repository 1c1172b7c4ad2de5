//! The gate in front of the prefixed providers' APIs: bearer authentication
//! and the sandbox's rate limit, with each provider's error shape.
//!
//! A request is counted under its endpoint (method + route pattern) and its
//! subject (the user for a valid token, the peer IP otherwise), like the
//! Supabase guard; the `X-RateLimit-*` headers go on every answer. The token
//! is looked up among the provider's own grants only: a Neon token does not
//! open Netlify's API or Supabase's.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::api::guard::bearer;
use crate::server::Connection;
use crate::state::AppState;

use super::{fault_error, grants, Provider};

/// The authenticated caller of a provider API route.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user_id: String,
    pub scope: Vec<String>,
}

impl Caller {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.iter().any(|s| s == scope)
    }
}

pub(crate) async fn guard(
    State(app): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let Some(provider) = Provider::of_path(&path) else {
        return next.run(req).await;
    };
    let endpoint = format!(
        "{} {}",
        req.method(),
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str)
            .unwrap_or(&path)
    );
    let caller = bearer(req.headers())
        .and_then(|t| grants::authenticate(&app, provider, t))
        .map(|(user_id, scope)| Caller { user_id, scope });
    let subject = match &caller {
        Some(c) => format!("{provider:?}:{}", c.user_id),
        None => match req.extensions().get::<Connection>() {
            Some(c) => format!("{provider:?}:ip:{}", c.peer.ip()),
            None => format!("{provider:?}:ip:unknown"),
        },
    };
    let now = app.now();
    let decision = app.rate.check(
        &format!("{subject} {endpoint}"),
        now,
        app.settings().rate_limit_per_minute,
    );
    let error =
        |status: StatusCode, message: &str| fault_error(&path, status, message).unwrap_or_default();
    let mut response = if !decision.allowed {
        error(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
    } else if let Some(c) = caller {
        req.extensions_mut().insert(c);
        next.run(req).await
    } else {
        let message = match provider {
            Provider::Neon => "authentication required",
            Provider::Netlify => "Access Denied: Invalid token supplied",
        };
        error(StatusCode::UNAUTHORIZED, message)
    };
    decision.apply_headers(response.headers_mut());
    response
}
