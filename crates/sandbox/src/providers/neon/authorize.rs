//! `GET /neon/oauth2/auth`: Hydra's authorization endpoint.
//!
//! After the shared client / redirect check (error page on failure), these
//! are answered by redirect with Hydra's error codes:
//! - `response_type` must be `code` (`unsupported_response_type`);
//! - `state` must be present and at least 8 characters (`invalid_state`,
//!   Hydra's entropy rule);
//! - every space-separated `scope` must be registered for the client
//!   (`invalid_scope`);
//! - PKCE is mandatory, S256 only (`invalid_request`).
//!
//! Then the consent page (or a pre-approval); the approved redirect carries
//! `code`, `scope` and `state`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;

use crate::oauth::pkce;
use crate::params::Params;
use crate::providers::consent::{self, Validated};
use crate::providers::store::ResponseType;
use crate::providers::Provider;
use crate::state::AppState;

/// Hydra's minimum state length.
const MIN_STATE: usize = 8;

pub(crate) async fn authorize(State(app): State<Arc<AppState>>, uri: Uri) -> Response {
    let params = Params::from_query(&uri);
    let t = match consent::trusted(&app, Provider::Neon, &params) {
        Ok(t) => t,
        Err(page) => return *page,
    };
    let fail = |error: &str, description: &str| {
        consent::error_redirect(&t, ResponseType::Code, error, description)
    };
    let single = |name: &str| params.single(name).map_err(|e| e.message);
    let checks = (|| -> Result<Validated, (&'static str, String)> {
        let bad = |e: String| ("invalid_request", e);
        match single("response_type").map_err(bad)? {
            Some("code") => {}
            Some(_) | None => {
                return Err((
                    "unsupported_response_type",
                    "The authorization server does not support obtaining a token using this method. The client is not allowed to request response_type other than 'code'.".to_owned(),
                ))
            }
        }
        if t.state.as_deref().is_none_or(|s| s.len() < MIN_STATE) {
            return Err((
                "invalid_state",
                "The state is missing or does not have enough characters and is therefore considered too weak. Request parameter 'state' must be at least be 8 characters long to ensure sufficient entropy.".to_owned(),
            ));
        }
        let requested: Vec<String> = single("scope")
            .map_err(bad)?
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        {
            let s = app.providers();
            let allowed = s
                .client(Provider::Neon, &t.client_id)
                .map(|c| c.scopes.clone())
                .unwrap_or_default();
            if let Some(bad_scope) = requested.iter().find(|r| !allowed.contains(r)) {
                return Err((
                    "invalid_scope",
                    format!("The requested scope is invalid, unknown, or malformed. The OAuth 2.0 Client is not allowed to request scope '{bad_scope}'."),
                ));
            }
        }
        let challenge = single("code_challenge").map_err(bad)?;
        let method = single("code_challenge_method").map_err(bad)?;
        if challenge.is_none() {
            return Err((
                "invalid_request",
                "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Clients must include a code_challenge when performing the authorize code flow, but it is missing.".to_owned(),
            ));
        }
        if method != Some("S256") {
            return Err((
                "invalid_request",
                "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Clients must use code_challenge_method=S256, plain is not allowed.".to_owned(),
            ));
        }
        let pkce = pkce::from_request(challenge, method).map_err(|e| bad(e.to_string()))?;
        Ok(Validated {
            pkce,
            scope: requested,
            response_type: ResponseType::Code,
        })
    })();
    match checks {
        Ok(v) => consent::ask(&app, Provider::Neon, t, v),
        Err((error, description)) => fail(error, &description),
    }
}
