//! Codes and tokens: issuing a code, exchanging it, refreshing with
//! rotation, the implicit grant, revocation, and reading a bearer token.
//!
//! Provider differences come in as [`Rules`] (does this grant get a refresh
//! token, do access tokens expire) and as [`Profile`] hooks; the checks and
//! their order are the same for everyone. The order of a code exchange:
//! unknown code, another client's code, replay (which revokes the grant it
//! produced, RFC 6749 §4.1.2), expiry, redirect URI, PKCE, tenant. Each is
//! decided under the OAuth store's lock, so two concurrent exchanges of one
//! code cannot both succeed.
//!
//! Invariants: the raw values exist only in the answer that hands them out;
//! a refresh replaces both tokens, so the old ones stop working at once.

use std::time::SystemTime;

use crate::clock::{from_millis, to_millis};
use crate::ids;
use crate::state::AppState;

use super::error::OAuthError;
use super::model::{
    AccessTokenRecord, Code, Grant, Pending, RefreshTokenRecord, RETIRED_REFRESH_KEPT,
};
use super::pkce;
use super::profile::{RefreshTokens, Rules, P};
use super::store::OAuthStore;

/// Tokens handed out by an exchange, a refresh or the implicit grant.
#[derive(Debug)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
    pub scope: Vec<String>,
}

/// The authenticated caller of a provider API route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Caller {
    pub user_id: String,
    pub scope: Vec<String>,
    /// `None` for a personal token.
    pub grant_id: Option<String>,
    pub tenant: Option<String>,
}

impl Caller {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.iter().any(|s| s == scope)
    }

    /// The key rate limits are counted under: the tenant when the grant has
    /// one, else the user.
    pub fn rate_limit_subject(&self) -> String {
        match &self.tenant {
            Some(t) => format!("org:{t}"),
            None => format!("user:{}", self.user_id),
        }
    }
}

/// Gives grant `id` a fresh access token (and refresh token, if `rules`
/// say so), replacing and unindexing any it had. Called with the store
/// locked; the RNG and settings locks it takes are leaves, so this is safe.
fn mint(
    app: &AppState,
    p: P,
    rules: &Rules,
    s: &mut OAuthStore,
    id: &str,
    implicit: bool,
) -> Issued {
    let g = (s.grants.get_mut(id)).expect("mint is called for a grant that exists");
    let with_refresh = !implicit
        && match rules.refresh {
            RefreshTokens::Always => true,
            RefreshTokens::Never => false,
            RefreshTokens::WithScope(any) => g.scope.iter().any(|s| any.contains(&s.as_str())),
        };
    let ttl = (rules.access_expires && !implicit).then(|| app.settings().token_ttl);
    let (prefix, bytes) = p.meta().token_shape;
    let access = ids::new_access_token(&mut *app.rng(), prefix, bytes);
    let refresh = with_refresh.then(|| ids::random_b64(&mut *app.rng(), 32));
    if let Some(old) = g.access.take() {
        s.access_index.remove(&old.digest);
    }
    if let Some(old) = g.refresh.take() {
        s.refresh_index.remove(&old.digest);
        g.retired_refresh.push(old.digest.clone());
        let excess = g.retired_refresh.len().saturating_sub(RETIRED_REFRESH_KEPT);
        for forgotten in g.retired_refresh.drain(..excess) {
            s.retired_index.remove(&forgotten);
        }
        s.retired_index.insert(old.digest, id.to_owned());
    }
    s.access_index.insert(ids::digest(&access), id.to_owned());
    g.access = Some(AccessTokenRecord {
        digest: ids::digest(&access),
        prefix: ids::display_prefix(&access),
        expires_at_ms: ttl.map(|t| to_millis(app.now() + t)),
    });
    if let Some(r) = &refresh {
        s.refresh_index.insert(ids::digest(r), id.to_owned());
        let (digest, prefix) = (ids::digest(r), ids::display_prefix(r));
        g.refresh = Some(RefreshTokenRecord { digest, prefix });
    }
    Issued {
        access_token: access,
        refresh_token: refresh,
        expires_in: ttl.map(|t| t.as_secs()),
        scope: g.scope.clone(),
    }
}

fn new_grant(app: &AppState, client_id: &str, user_id: &str, now: SystemTime) -> Grant {
    Grant {
        id: ids::random_uuid(&mut *app.rng()),
        client_id: client_id.to_owned(),
        user_id: user_id.to_owned(),
        created_at_ms: to_millis(now),
        ..Grant::default()
    }
}

/// Stores a code for an approved request and returns it.
pub(crate) fn issue_code(app: &AppState, p: P, pending: Pending, tenant: Option<String>) -> String {
    let code = ids::random_b64(&mut *app.rng(), 32);
    let now = app.now();
    let record = Code {
        client_id: pending.client_id,
        redirect_uri: pending.redirect_uri,
        pkce: pending.ask.pkce,
        scope: pending.ask.scope,
        user_id: pending.user_id,
        tenant,
        expires_at_ms: to_millis(now + app.settings().code_ttl),
        grant_id: None,
    };
    app.oauth(p.provider(), |s| {
        s.prune_expired(now);
        s.codes.insert(ids::digest(&code), record);
    });
    code
}

/// The implicit grant: a new grant whose token goes straight to the
/// redirect (it never expires and has no refresh token).
pub(crate) fn grant_implicitly(app: &AppState, p: P, pending: Pending) -> Issued {
    let rules = p.rules(app);
    let mut grant = new_grant(app, &pending.client_id, &pending.user_id, app.now());
    grant.scope = pending.ask.scope;
    app.oauth(p.provider(), |s| {
        let id = grant.id.clone();
        s.grants.insert(id.clone(), grant);
        mint(app, p, &rules, s, &id, true)
    })
}

/// Exchanges a code for a new grant.
pub(crate) fn redeem(
    app: &AppState,
    p: P,
    client_id: &str,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<Issued, OAuthError> {
    use OAuthError as E;
    let rules = p.rules(app);
    let now = app.now();
    let digest = ids::digest(code);
    let mut grant = new_grant(app, client_id, "", now);
    app.oauth(p.provider(), |s| {
        s.prune_expired(now);
        let c = s.codes.get(&digest).ok_or(E::UnknownCode)?;
        if c.client_id != client_id {
            return Err(E::CodeOfAnotherClient);
        }
        if let Some(grant_id) = c.grant_id.clone() {
            // Whoever holds the tokens from the first exchange loses them.
            s.revoke_grant(&grant_id, now);
            return Err(E::CodeReused);
        }
        if from_millis(c.expires_at_ms) <= now {
            return Err(E::CodeExpired);
        }
        if redirect_uri != Some(c.redirect_uri.as_str()) {
            return Err(E::RedirectMismatch);
        }
        match (&c.pkce, verifier) {
            (Some(_), None) => return Err(E::VerifierMissing),
            (Some(challenge), Some(v)) if !pkce::verify(challenge, v) => {
                return Err(E::VerifierMismatch)
            }
            (None, Some(_)) if rules.refuse_stray_verifier => return Err(E::VerifierUnexpected),
            _ => {}
        }
        if !p.tenant_still_valid(app, &c.user_id, c.tenant.as_deref()) {
            return Err(E::UnknownCode);
        }
        (grant.user_id, grant.tenant, grant.scope) =
            (c.user_id.clone(), c.tenant.clone(), c.scope.clone());
        let id = grant.id.clone();
        if let Some(c) = s.codes.get_mut(&digest) {
            c.grant_id = Some(id.clone());
        }
        s.grants.insert(id.clone(), grant);
        Ok(mint(app, p, &rules, s, &id, false))
    })
}

/// Replaces both tokens of the grant that holds `refresh_token`.
pub(crate) fn rotate(
    app: &AppState,
    p: P,
    client_id: &str,
    refresh_token: &str,
) -> Result<Issued, OAuthError> {
    let rules = p.rules(app);
    let digest = ids::digest(refresh_token);
    let now = app.now();
    app.oauth(p.provider(), |s| {
        let Some(g) = s.grant_by_refresh(&digest) else {
            if rules.reuse_revokes_grant {
                let reused = s.retired_index.get(&digest).cloned();
                let own =
                    reused.filter(|id| s.grants.get(id).is_some_and(|g| g.client_id == client_id));
                if let Some(id) = own {
                    s.revoke_grant(&id, now);
                }
            }
            return Err(OAuthError::UnknownRefreshToken);
        };
        if g.client_id != client_id {
            return Err(OAuthError::RefreshTokenOfAnotherClient);
        }
        let id = g.id.clone();
        Ok(mint(app, p, &rules, s, &id, false))
    })
}

/// Ends the client's grant that holds `token` (its refresh token, or with
/// `access_too` its access token as well, RFC 7009). False if there is none.
pub(crate) fn revoke(app: &AppState, p: P, client_id: &str, token: &str, access_too: bool) -> bool {
    let digest = ids::digest(token);
    let now = app.now();
    app.oauth(p.provider(), |s| {
        let by_access = access_too.then(|| s.access_index.get(&digest)).flatten();
        let grant_id = s.refresh_index.get(&digest).or(by_access).cloned();
        match grant_id {
            Some(id) if s.grants.get(&id).is_some_and(|g| g.client_id == client_id) => {
                s.revoke_grant(&id, now)
            }
            _ => false,
        }
    })
}

/// The caller behind a live bearer token of this profile, if any.
pub(crate) fn authenticate(app: &AppState, p: P, token: &str) -> Option<Caller> {
    let digest = ids::digest(token);
    let now = app.now();
    app.oauth(p.provider(), |s| {
        if let Some(g) = s.access_index.get(&digest).and_then(|id| s.grants.get(id)) {
            let access = g.access.as_ref()?;
            let expired = (access.expires_at_ms).is_some_and(|at| from_millis(at) <= now);
            if g.revoked_at_ms.is_some() || access.digest != digest || expired {
                return None;
            }
            return Some(Caller {
                user_id: g.user_id.clone(),
                scope: g.scope.clone(),
                grant_id: Some(g.id.clone()),
                tenant: g.tenant.clone(),
            });
        }
        let t = &s.personal_tokens[*s.personal_index.get(&digest)?];
        Some(Caller {
            user_id: t.user_id.clone(),
            scope: t.scope.clone(),
            ..Caller::default()
        })
    })
}
