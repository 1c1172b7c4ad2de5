//! Codes and tokens of the prefixed providers: issuing a code, exchanging
//! it, refreshing (with rotation), revoking, and reading a bearer token.
//!
//! Provider differences are parameters, not branches here: whether a grant
//! gets a refresh token and whether its access token expires are decided by
//! the caller (Neon: refresh only with an `offline` scope, tokens expire;
//! Netlify: no refresh, tokens never expire).
//!
//! Invariants: a code is single-use, bound to its client and redirect URI,
//! and expires after the sandbox's code TTL; a replayed code revokes the
//! grant it produced. A refresh replaces both tokens of the grant, so the old
//! ones stop working at once. Only digests are stored.

use std::time::Duration;

use crate::clock::to_millis;
use crate::ids;
use crate::model::Pkce;
use crate::oauth::pkce;
use crate::state::AppState;

use super::store::{Code, Grant};
use super::Provider;

/// Tokens handed out by an exchange or a refresh.
#[derive(Debug)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
    pub scope: Vec<String>,
}

/// Why a code or refresh token was refused, in OAuth 2 terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GrantError {
    /// 400 `invalid_grant`, with a hint.
    InvalidGrant(&'static str),
}

/// How tokens of a new or refreshed grant are minted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenPolicy {
    pub with_refresh: bool,
    pub ttl: Option<Duration>,
}

/// Stores a code for an approved request and returns it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn issue_code(
    app: &AppState,
    provider: Provider,
    client_id: &str,
    redirect_uri: &str,
    pkce: Option<Pkce>,
    scope: Vec<String>,
    user_id: &str,
) -> String {
    let code = ids::new_authorization_code(&mut *app.rng());
    let now = app.now();
    let expires_at_ms = to_millis(now + app.settings().code_ttl);
    let mut s = app.providers();
    s.prune(now);
    s.codes.insert(
        ids::digest(&code),
        Code {
            provider,
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            pkce,
            scope,
            user_id: user_id.to_owned(),
            expires_at_ms,
            grant_id: None,
        },
    );
    code
}

fn mint(app: &AppState, policy: TokenPolicy, g: &mut Grant, prefix: &str) -> Issued {
    let (access, refresh) = {
        let mut rng = app.rng();
        (
            format!("{prefix}{}", ids::random_hex(&mut *rng, 24)),
            policy
                .with_refresh
                .then(|| ids::new_refresh_token(&mut *rng)),
        )
    };
    g.access_digest = Some(ids::digest(&access));
    g.access_expires_at_ms = policy.ttl.map(|t| to_millis(app.now() + t));
    g.refresh_digest = refresh.as_deref().map(ids::digest);
    Issued {
        access_token: access,
        refresh_token: refresh,
        expires_in: policy.ttl.map(|t| t.as_secs()),
        scope: g.scope.clone(),
    }
}

fn token_prefix(provider: Provider) -> &'static str {
    match provider {
        Provider::Neon => "neon_oauth_",
        Provider::Netlify => "nf_oauth_",
    }
}

/// A new grant without a code (the implicit grant).
pub(crate) fn grant_directly(
    app: &AppState,
    provider: Provider,
    client_id: &str,
    user_id: &str,
    scope: Vec<String>,
    policy: TokenPolicy,
) -> Issued {
    let id = ids::random_uuid(&mut *app.rng());
    let mut g = Grant {
        id,
        provider,
        client_id: client_id.to_owned(),
        user_id: user_id.to_owned(),
        scope,
        revoked: false,
        access_digest: None,
        access_expires_at_ms: None,
        refresh_digest: None,
    };
    let issued = mint(app, policy, &mut g, token_prefix(provider));
    app.providers().grants.push(g);
    issued
}

/// Exchanges a code. `verifier` is checked when the code has a challenge;
/// `policy` may depend on the code's scope, hence the closure.
pub(crate) fn exchange_code(
    app: &AppState,
    provider: Provider,
    client_id: &str,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
    policy: impl FnOnce(&[String]) -> TokenPolicy,
) -> Result<Issued, GrantError> {
    let now = app.now();
    let digest = ids::digest(code);
    let record = {
        let mut s = app.providers();
        s.prune(now);
        let Some(c) = s
            .codes
            .get(&digest)
            .filter(|c| c.provider == provider)
            .cloned()
        else {
            return Err(GrantError::InvalidGrant(
                "The authorization code is invalid.",
            ));
        };
        if let Some(gid) = &c.grant_id {
            // A replay: the grant it produced dies too.
            if let Some(g) = s.grants.iter_mut().find(|g| &g.id == gid) {
                g.revoked = true;
            }
            return Err(GrantError::InvalidGrant(
                "The authorization code has already been used.",
            ));
        }
        if c.expires_at_ms <= to_millis(now) {
            return Err(GrantError::InvalidGrant(
                "The authorization code has expired.",
            ));
        }
        if c.client_id != client_id {
            return Err(GrantError::InvalidGrant(
                "The authorization code was issued to another client.",
            ));
        }
        if redirect_uri != Some(c.redirect_uri.as_str()) {
            return Err(GrantError::InvalidGrant(
                "The redirect_uri does not match the authorization request.",
            ));
        }
        if let Some(p) = &c.pkce {
            match verifier {
                None => {
                    return Err(GrantError::InvalidGrant(
                        "The PKCE code_verifier is missing.",
                    ))
                }
                Some(v) if !pkce::verify(p, v) => {
                    return Err(GrantError::InvalidGrant(
                        "The PKCE code challenge did not match the code verifier.",
                    ))
                }
                Some(_) => {}
            }
        }
        c
    };
    let id = ids::random_uuid(&mut *app.rng());
    let mut g = Grant {
        id: id.clone(),
        provider,
        client_id: client_id.to_owned(),
        user_id: record.user_id.clone(),
        scope: record.scope.clone(),
        revoked: false,
        access_digest: None,
        access_expires_at_ms: None,
        refresh_digest: None,
    };
    let issued = mint(app, policy(&record.scope), &mut g, token_prefix(provider));
    let mut s = app.providers();
    if let Some(c) = s.codes.get_mut(&digest) {
        c.grant_id = Some(id);
    }
    s.grants.push(g);
    Ok(issued)
}

/// Rotates a grant's tokens given its refresh token.
pub(crate) fn refresh(
    app: &AppState,
    provider: Provider,
    client_id: &str,
    refresh_token: &str,
    policy: TokenPolicy,
) -> Result<Issued, GrantError> {
    let digest = ids::digest(refresh_token);
    let mut s = app.providers();
    let Some(g) = s.grants.iter_mut().find(|g| {
        g.provider == provider && !g.revoked && g.refresh_digest.as_deref() == Some(&digest)
    }) else {
        return Err(GrantError::InvalidGrant(
            "The refresh token is invalid, expired or revoked.",
        ));
    };
    if g.client_id != client_id {
        return Err(GrantError::InvalidGrant(
            "The refresh token was issued to another client.",
        ));
    }
    Ok(mint(app, policy, g, token_prefix(provider)))
}

/// RFC 7009: ends the grant `token` (access or refresh) belongs to, if it is
/// the client's; unknown tokens are ignored.
pub(crate) fn revoke(app: &AppState, provider: Provider, client_id: &str, token: &str) {
    let digest = ids::digest(token);
    let mut s = app.providers();
    if let Some(g) = s.grants.iter_mut().find(|g| {
        g.provider == provider
            && g.client_id == client_id
            && (g.access_digest.as_deref() == Some(&digest)
                || g.refresh_digest.as_deref() == Some(&digest))
    }) {
        g.revoked = true;
    }
}

/// The user and scopes of a live bearer token.
pub(crate) fn authenticate(
    app: &AppState,
    provider: Provider,
    token: &str,
) -> Option<(String, Vec<String>)> {
    let now = to_millis(app.now());
    let s = app.providers();
    let g = s.grant_by_access(provider, &ids::digest(token))?;
    if g.access_expires_at_ms.is_some_and(|at| at <= now) {
        return None;
    }
    Some((g.user_id.clone(), g.scope.clone()))
}

/// Expires every OAuth access token of `provider` now (refresh still
/// works; the seeded personal tokens are left alone).
pub(crate) fn expire_all(app: &AppState, provider: Provider) -> usize {
    let now = to_millis(app.now());
    let mut s = app.providers();
    let mut n = 0;
    for g in s.grants.iter_mut().filter(|g| {
        g.provider == provider && !g.revoked && !g.client_id.is_empty() && g.access_digest.is_some()
    }) {
        g.access_expires_at_ms = Some(now);
        n += 1;
    }
    n
}

/// Revokes every OAuth grant of `provider` (personal tokens stay).
pub(crate) fn revoke_all(app: &AppState, provider: Provider) -> usize {
    let mut s = app.providers();
    let mut n = 0;
    for g in s
        .grants
        .iter_mut()
        .filter(|g| g.provider == provider && !g.revoked && !g.client_id.is_empty())
    {
        g.revoked = true;
        n += 1;
    }
    n
}
