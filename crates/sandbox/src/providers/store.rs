//! The records of the prefixed providers: OAuth clients, consent requests,
//! codes, grants, and each provider's own data (Neon users, organizations
//! and projects; Netlify users, accounts and sites).
//!
//! Kept apart from Supabase's [`crate::store::Store`] so Supabase's state
//! file format stays unchanged: this store lives in memory only and starts
//! from [`super::seed::demo`] every time.
//!
//! Invariants: tokens and codes appear only as SHA-256 digests; timestamps
//! are milliseconds since the Unix epoch; a grant holds at most one live
//! access token and one live refresh token.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::clock::to_millis;
use crate::model::{Decision, Pkce};

use super::Provider;

/// A registered OAuth application of one provider.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub provider: Provider,
    pub id: String,
    pub secret: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    /// Scopes the client may request (Neon); empty for Netlify, which has none.
    pub scopes: Vec<String>,
}

/// What the authorize request asked to get back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseType {
    Code,
    /// The implicit grant: the token in the redirect's fragment (Netlify).
    Token,
}

/// An authorize request waiting for the consent page's answer.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub provider: Provider,
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub pkce: Option<Pkce>,
    pub scope: Vec<String>,
    pub response_type: ResponseType,
    pub user_id: String,
    pub expires_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub provider: Provider,
    pub client_id: String,
    pub redirect_uri: String,
    pub pkce: Option<Pkce>,
    pub scope: Vec<String>,
    pub user_id: String,
    pub expires_at_ms: u64,
    /// Set once exchanged: a replay revokes this grant (RFC 6749 §4.1.2).
    pub grant_id: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub id: String,
    pub provider: Provider,
    pub client_id: String,
    pub user_id: String,
    pub scope: Vec<String>,
    pub revoked: bool,
    pub access_digest: Option<String>,
    /// `None`: the token never expires (Netlify).
    pub access_expires_at_ms: Option<u64>,
    pub refresh_digest: Option<String>,
}

/// A queued answer for the next authorize request of a provider.
#[derive(Debug, Clone)]
pub(crate) struct PreApproval {
    pub provider: Provider,
    pub user_id: Option<String>,
    pub decision: Decision,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub last_name: String,
    pub login: String,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonOrg {
    pub id: String,
    pub name: String,
    pub handle: String,
    pub created_at_ms: u64,
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonProject {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub pg_version: u32,
    /// `None`: owned by the user personally.
    pub org_id: Option<String>,
    pub owner_id: String,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifyUser {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifyAccount {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub type_name: String,
    pub owner_ids: Vec<String>,
    pub members: Vec<String>,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifySite {
    pub id: String,
    pub name: String,
    pub account_id: String,
    pub user_id: String,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ProviderStore {
    pub clients: HashMap<String, Client>,
    /// The user each provider's consent page is signed in as.
    pub current_user: HashMap<Provider, String>,
    pub pending: HashMap<String, Pending>,
    pub codes: HashMap<String, Code>,
    pub grants: Vec<Grant>,
    pub pre_approvals: Vec<PreApproval>,
    pub neon_users: Vec<NeonUser>,
    pub neon_orgs: Vec<NeonOrg>,
    pub neon_projects: Vec<NeonProject>,
    pub netlify_users: Vec<NetlifyUser>,
    pub netlify_accounts: Vec<NetlifyAccount>,
    pub netlify_sites: Vec<NetlifySite>,
}

impl ProviderStore {
    /// Forgets consent requests, and codes an hour past expiry (a late
    /// replay must still find its code to revoke the grant).
    pub fn prune(&mut self, now: SystemTime) {
        let now = to_millis(now);
        self.pending.retain(|_, p| p.expires_at_ms > now);
        self.codes.retain(|_, c| c.expires_at_ms + 3_600_000 > now);
    }

    pub fn client(&self, provider: Provider, id: &str) -> Option<&Client> {
        self.clients.get(id).filter(|c| c.provider == provider)
    }

    /// The live grant whose access token has digest `digest`.
    pub fn grant_by_access(&self, provider: Provider, digest: &str) -> Option<&Grant> {
        self.grants.iter().find(|g| {
            g.provider == provider && !g.revoked && g.access_digest.as_deref() == Some(digest)
        })
    }

    pub fn neon_orgs_of(&self, user_id: &str) -> Vec<&NeonOrg> {
        self.neon_orgs
            .iter()
            .filter(|o| o.members.iter().any(|m| m == user_id))
            .collect()
    }

    pub fn netlify_accounts_of(&self, user_id: &str) -> Vec<&NetlifyAccount> {
        self.netlify_accounts
            .iter()
            .filter(|a| a.members.iter().any(|m| m == user_id))
            .collect()
    }
}
