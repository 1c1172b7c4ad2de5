//! One profile's OAuth records: clients, grants, personal tokens, who is
//! signed in to its consent page, and the short-lived authorization state.
//!
//! Every profile has its own store (see `AppState::oauth`), so a token of one
//! provider can never open another's API. The persisted part serialises as
//! the top-level `current_user`, `clients`, `access_tokens` and `grants` of
//! the state file.
//!
//! Invariants:
//! - every digest in `access_index` / `refresh_index` belongs to a grant that
//!   is not revoked and currently holds exactly that token;
//! - indexes are never persisted: [`OAuthStore::rebuild_indexes`] derives them;
//! - codes are kept an hour past expiry, so a late replay is still
//!   recognised and still revokes its grant.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::to_millis;
use crate::ids;

use super::model::{Client, Code, Grant, Pending, PersonalToken, PreApproval};

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct OAuthStore {
    /// The user the consent page is signed in as.
    pub current_user: String,
    pub clients: BTreeMap<String, Client>,
    #[serde(rename = "access_tokens")]
    pub personal_tokens: Vec<PersonalToken>,
    pub grants: BTreeMap<String, Grant>,

    #[serde(skip)]
    pub access_index: HashMap<String, String>,
    #[serde(skip)]
    pub refresh_index: HashMap<String, String>,
    /// Rotated-out refresh-token digest → its grant (live grants only).
    #[serde(skip)]
    pub retired_index: HashMap<String, String>,
    /// Personal-token digest → index in `personal_tokens`.
    #[serde(skip)]
    pub personal_index: HashMap<String, usize>,
    #[serde(skip)]
    pub codes: HashMap<String, Code>,
    #[serde(skip)]
    pub pending: HashMap<String, Pending>,
    #[serde(skip)]
    pub pre_approvals: VecDeque<PreApproval>,
}

impl OAuthStore {
    /// A demo store: one client, one personal token for `user_id` (with
    /// `scope`), and that user signed in.
    pub fn demo(client: Client, user_id: &str, token: &str, scope: &[&str]) -> Self {
        let mut s = OAuthStore {
            current_user: user_id.to_owned(),
            ..OAuthStore::default()
        };
        s.clients.insert(client.id.clone(), client);
        s.push_personal_token(
            token,
            user_id,
            scope.iter().map(|s| (*s).to_owned()).collect(),
        );
        s
    }

    /// Adds a personal token for `user_id`, with the scope of the first one
    /// seeded (full access), as a user creating one in a dashboard would.
    pub fn add_personal_token(&mut self, token: &str, user_id: &str) {
        let scope = (self.personal_tokens.first()).map(|t| t.scope.clone());
        self.push_personal_token(token, user_id, scope.unwrap_or_default());
    }

    fn push_personal_token(&mut self, token: &str, user_id: &str, scope: Vec<String>) {
        self.personal_tokens.push(PersonalToken {
            user_id: user_id.to_owned(),
            digest: ids::digest(token),
            prefix: ids::display_prefix(token),
            scope,
        });
        self.rebuild_indexes();
    }

    /// Deletes the personal token `token`, as its user would in a dashboard:
    /// it stops working at once. Whether there was one.
    pub fn revoke_personal_token(&mut self, token: &str) -> bool {
        let digest = ids::digest(token);
        let before = self.personal_tokens.len();
        self.personal_tokens.retain(|t| t.digest != digest);
        self.rebuild_indexes();
        self.personal_tokens.len() != before
    }

    /// Derives every index from the records (after a seed or a state load).
    pub fn rebuild_indexes(&mut self) {
        self.access_index.clear();
        self.refresh_index.clear();
        self.retired_index.clear();
        for g in self.grants.values().filter(|g| g.revoked_at_ms.is_none()) {
            for digest in &g.retired_refresh {
                self.retired_index.insert(digest.clone(), g.id.clone());
            }
            if let Some(a) = &g.access {
                self.access_index.insert(a.digest.clone(), g.id.clone());
            }
            if let Some(r) = &g.refresh {
                self.refresh_index.insert(r.digest.clone(), g.id.clone());
            }
        }
        self.personal_index = (self.personal_tokens.iter().enumerate())
            .map(|(i, t)| (t.digest.clone(), i))
            .collect();
    }

    /// The live grant holding the refresh token with digest `digest`.
    pub fn grant_by_refresh(&self, digest: &str) -> Option<&Grant> {
        let id = self.refresh_index.get(digest)?;
        self.grants.get(id).filter(|g| g.revoked_at_ms.is_none())
    }

    /// Revokes a grant: both tokens stop working at once. False if there is
    /// no such grant or it was already revoked.
    pub fn revoke_grant(&mut self, grant_id: &str, now: SystemTime) -> bool {
        let live = (self.grants.get_mut(grant_id)).filter(|g| g.revoked_at_ms.is_none());
        let Some(g) = live else { return false };
        g.revoked_at_ms = Some(to_millis(now));
        if let Some(a) = g.access.take() {
            self.access_index.remove(&a.digest);
        }
        if let Some(r) = g.refresh.take() {
            self.refresh_index.remove(&r.digest);
        }
        for digest in std::mem::take(&mut g.retired_refresh) {
            self.retired_index.remove(&digest);
        }
        true
    }

    /// Revokes every live grant; returns how many there were.
    pub fn revoke_all(&mut self, now: SystemTime) -> usize {
        let ids: Vec<String> = self.grants.keys().cloned().collect();
        ids.iter().filter(|id| self.revoke_grant(id, now)).count()
    }

    /// Makes access tokens that expire (one grant's, or every grant's) expire
    /// now. Refresh tokens keep working, as after a natural expiry. Returns
    /// how many tokens were affected.
    pub fn expire_access_tokens(&mut self, grant_id: Option<&str>, now: SystemTime) -> usize {
        let now_ms = to_millis(now);
        let live = (self.grants.values_mut()).filter(|g| g.revoked_at_ms.is_none());
        let chosen = live.filter(|g| grant_id.is_none_or(|id| id == g.id));
        let mut n = 0;
        for a in chosen.filter_map(|g| g.access.as_mut()) {
            if a.expires_at_ms.is_none_or(|at| at > now_ms) {
                a.expires_at_ms = Some(now_ms);
                n += 1;
            }
        }
        n
    }

    /// Drops consent requests that expired, and codes an hour past their
    /// expiry (until then a late exchange is told "expired", a late replay
    /// still revokes).
    pub fn prune_expired(&mut self, now: SystemTime) {
        const CODE_MEMORY_MS: u64 = 3_600_000;
        let now_ms = to_millis(now);
        (self.codes).retain(|_, c| c.expires_at_ms + CODE_MEMORY_MS > now_ms);
        self.pending.retain(|_, p| p.expires_at_ms > now_ms);
    }
}
