//! `POST /v1/oauth/token`: authorization-code and refresh-token grants.
//!
//! Body: `application/x-www-form-urlencoded`, the spec's `OAuthTokenBody`
//! (`additionalProperties: false`, so unknown parameters are refused).
//! Success is **201** with the spec's `OAuthTokenResponse`:
//! `access_token`, `refresh_token`, `expires_in`, `token_type: "Bearer"`.
//!
//! Rules (and the answers when they are broken):
//! - the client authenticates (see `client_auth.rs`);
//! - a code is single-use, bound to its client and redirect URI, and expires
//!   after 5 minutes (400). A code presented a second time is refused **and**
//!   the grant it produced is revoked (RFC 6749 §4.1.2);
//! - PKCE: if the authorize request had a challenge, the verifier must match
//!   (400 `Invalid code_verifier`; missing → 422);
//! - a refresh rotates both tokens: the old access token is dead at once
//!   (401 on the API) and the old refresh token answers 404
//!   `No such refresh token found`.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::clock::{from_millis, to_millis};
use crate::error::ApiError;
use crate::ids;
use crate::model::{AccessTokenRecord, Grant, RefreshTokenRecord};
use crate::oauth::{client_auth, pkce};
use crate::params::Params;
use crate::state::AppState;
use crate::store::Store;

pub(crate) const NO_SUCH_REFRESH_TOKEN: &str = "No such refresh token found";

const ALLOWED: [&str; 9] = [
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "code_verifier",
    "redirect_uri",
    "refresh_token",
    "resource",
    "scope",
];

/// The spec's `OAuthTokenResponse`.
#[derive(Debug, Serialize)]
pub(crate) struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub token_type: &'static str,
}

pub(crate) async fn token(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match exchange(&app, &headers, &body) {
        Ok(t) => {
            let mut r = (StatusCode::CREATED, Json(t)).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r.headers_mut()
                .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
            r
        }
        Err(e) => e.into_response(),
    }
}

/// Refuses bodies that are not of `expected` media type.
pub(crate) fn require_content_type(headers: &HeaderMap, expected: &str) -> Result<(), ApiError> {
    let ok = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected));
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type must be {expected}"),
        ))
    }
}

fn exchange(app: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<TokenResponse, ApiError> {
    require_content_type(headers, "application/x-www-form-urlencoded")?;
    let p = Params::parse(body);
    p.reject_unknown(&ALLOWED)?;
    for name in ALLOWED {
        p.single(name)?;
    }
    let grant_type = p
        .non_empty("grant_type")?
        .ok_or_else(|| ApiError::required_parameter("grant_type"))?;
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(ApiError::bad_request(
            "grant_type must be one of the following values: authorization_code, refresh_token",
        ));
    }
    let presented = client_auth::presented(
        headers,
        p.non_empty("client_id")?,
        p.non_empty("client_secret")?,
    )?;
    let client_id = client_auth::verify(&app.store(), &presented)?.id.clone();
    let now = app.now();
    let ttl = app.settings().token_ttl;
    // Fresh secrets are drawn before the store is locked (one lock at a time).
    let fresh = {
        let mut rng = app.rng();
        Fresh {
            grant_id: ids::random_uuid(&mut *rng),
            access: ids::new_access_token(&mut *rng),
            refresh: ids::new_refresh_token(&mut *rng),
            expires_at_ms: to_millis(now + ttl),
        }
    };
    match grant_type {
        "authorization_code" => {
            let code = p
                .non_empty("code")?
                .ok_or_else(|| ApiError::required_parameter("code"))?;
            let redirect_uri = p
                .non_empty("redirect_uri")?
                .ok_or_else(|| ApiError::required_parameter("redirect_uri"))?;
            let verifier = p.non_empty("code_verifier")?;
            app.mutate(|s| redeem_code(s, &client_id, code, redirect_uri, verifier, now, &fresh))?;
        }
        _ => {
            let refresh = p
                .non_empty("refresh_token")?
                .ok_or_else(|| ApiError::required_parameter("refresh_token"))?;
            app.mutate(|s| rotate(s, &client_id, refresh, &fresh))?;
        }
    }
    Ok(TokenResponse {
        access_token: fresh.access,
        refresh_token: fresh.refresh,
        expires_in: ttl.as_secs(),
        token_type: "Bearer",
    })
}

struct Fresh {
    grant_id: String,
    access: String,
    refresh: String,
    expires_at_ms: u64,
}

impl Fresh {
    fn access_record(&self) -> AccessTokenRecord {
        AccessTokenRecord {
            digest: ids::digest(&self.access),
            prefix: ids::display_prefix(&self.access),
            expires_at_ms: self.expires_at_ms,
        }
    }

    fn refresh_record(&self) -> RefreshTokenRecord {
        RefreshTokenRecord {
            digest: ids::digest(&self.refresh),
            prefix: ids::display_prefix(&self.refresh),
        }
    }
}

/// Exchanges a code for a new grant, under the store lock so two concurrent
/// exchanges of one code cannot both succeed.
fn redeem_code(
    s: &mut Store,
    client_id: &str,
    code: &str,
    redirect_uri: &str,
    verifier: Option<&str>,
    now: SystemTime,
    fresh: &Fresh,
) -> Result<(), ApiError> {
    let digest = ids::digest(code);
    let invalid = || ApiError::bad_request("Invalid authorization code");
    let c = s
        .codes
        .get(&digest)
        .filter(|c| c.client_id == client_id)
        .ok_or_else(invalid)?;
    if let Some(grant_id) = c.grant_id.clone() {
        // Replay: whoever holds the tokens from the first exchange loses them.
        s.revoke_grant(&grant_id, now);
        return Err(ApiError::bad_request(
            "Authorization code has already been used",
        ));
    }
    if from_millis(c.expires_at_ms) <= now {
        return Err(ApiError::bad_request("Authorization code has expired"));
    }
    if c.redirect_uri != redirect_uri {
        return Err(ApiError::bad_request(
            "redirect_uri does not match the one used in the authorization request",
        ));
    }
    match (&c.pkce, verifier) {
        (Some(_), None) => return Err(ApiError::required_parameter("code_verifier")),
        (Some(challenge), Some(v)) if !pkce::verify(challenge, v) => {
            return Err(ApiError::bad_request("Invalid code_verifier"))
        }
        // OAuth 2.1 §4.1.3: a verifier without a challenge is an error too.
        (None, Some(_)) => return Err(ApiError::bad_request("Invalid code_verifier")),
        _ => {}
    }
    if !s.is_member(&c.user_id, &c.organization_slug) {
        return Err(invalid());
    }
    let grant = Grant {
        id: fresh.grant_id.clone(),
        client_id: client_id.to_owned(),
        user_id: c.user_id.clone(),
        organization_slug: c.organization_slug.clone(),
        created_at_ms: to_millis(now),
        revoked_at_ms: None,
        access: Some(fresh.access_record()),
        refresh: Some(fresh.refresh_record()),
    };
    if let Some(c) = s.codes.get_mut(&digest) {
        c.grant_id = Some(grant.id.clone());
    }
    s.access_index
        .insert(ids::digest(&fresh.access), grant.id.clone());
    s.refresh_index
        .insert(ids::digest(&fresh.refresh), grant.id.clone());
    s.grants.insert(grant.id.clone(), grant);
    Ok(())
}

/// Replaces both tokens of the grant that holds `refresh`.
fn rotate(s: &mut Store, client_id: &str, refresh: &str, fresh: &Fresh) -> Result<(), ApiError> {
    let not_found = || ApiError::not_found(NO_SUCH_REFRESH_TOKEN);
    let digest = ids::digest(refresh);
    let grant_id = s
        .refresh_index
        .get(&digest)
        .cloned()
        .ok_or_else(not_found)?;
    let grant = s.grants.get_mut(&grant_id).ok_or_else(not_found)?;
    if grant.client_id != client_id || grant.revoked_at_ms.is_some() {
        return Err(not_found());
    }
    let old_access = grant.access.replace(fresh.access_record());
    grant.refresh = Some(fresh.refresh_record());
    if let Some(a) = old_access {
        s.access_index.remove(&a.digest);
    }
    s.refresh_index.remove(&digest);
    s.access_index
        .insert(ids::digest(&fresh.access), grant_id.clone());
    s.refresh_index
        .insert(ids::digest(&fresh.refresh), grant_id);
    Ok(())
}
