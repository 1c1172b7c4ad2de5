//! `GET /neon/.well-known/openid-configuration`: the OpenID Provider
//! Metadata (OpenID Connect Discovery 1.0 §3) in Hydra's field names,
//! listing only what the sandbox implements: the code flow with S256 PKCE,
//! the code and refresh grants, public (`none`) and `client_secret_post` /
//! `client_secret_basic` client authentication, and RFC 7009 revocation.
//!
//! The issuer is built from the request's `Host`, so the document is right
//! whatever port the sandbox got.

use axum::http::{header, HeaderMap};
use axum::Json;
use serde_json::{json, Value};

use super::data::NEON_SCOPES;
use super::PREFIX;

pub(crate) async fn configuration(headers: HeaderMap) -> Json<Value> {
    let host = (headers.get(header::HOST).and_then(|h| h.to_str().ok())).unwrap_or("127.0.0.1");
    let issuer = format!("http://{host}{PREFIX}");
    Json(json!({
        "issuer": format!("{issuer}/"),
        "authorization_endpoint": format!("{issuer}/oauth2/auth"),
        "token_endpoint": format!("{issuer}/oauth2/token"),
        "revocation_endpoint": format!("{issuer}/oauth2/revoke"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "scopes_supported": NEON_SCOPES,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_post", "client_secret_basic"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}
