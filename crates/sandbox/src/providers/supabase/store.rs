//! Supabase's records (users, organizations, memberships, projects), behind
//! one lock (see `state.rs`), and the seed validation that builds them
//! together with Supabase's OAuth store (clients, personal tokens).
//!
//! The store owns the indexes that make lookups cheap at scale (projects by
//! organization, organizations by user). Indexes are never persisted:
//! [`Store::rebuild_indexes`] derives them after loading.
//!
//! Invariants:
//! - every project's organization and every membership's user and
//!   organization exist (checked by [`Store::from_seed`]);
//! - an OAuth grant names exactly one organization, and its tokens reach
//!   only it (see [`Store::org_access`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::{parse_rfc3339, to_millis};
use crate::error::SandboxError;
use crate::ids;
use crate::oauth_server::grants::Caller;
use crate::oauth_server::model::PersonalToken;
use crate::oauth_server::redirect::check_registration;
use crate::oauth_server::store::OAuthStore;

use super::model::{status, Membership, Organization, Project, User};
use super::seed::{Seed, REGIONS};

/// Bumped when the state-file layout changes incompatibly.
pub(crate) const STATE_VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    pub version: u32,
    pub users: BTreeMap<String, User>,
    pub organizations: BTreeMap<String, Organization>,
    pub memberships: Vec<Membership>,
    pub projects: BTreeMap<String, Project>,

    // ---- derived; never persisted ----
    #[serde(skip)]
    pub projects_by_org: HashMap<String, Vec<String>>,
    #[serde(skip)]
    pub orgs_by_user: HashMap<String, Vec<String>>,
}

/// The outcome of asking whether a principal may see an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgAccess {
    Allowed,
    /// Outside the grant's organization.
    Forbidden,
    /// Not an organization this principal can know about.
    NotFound,
}

impl Store {
    /// Validates a seed and builds the store and Supabase's OAuth store.
    pub fn from_seed(seed: Seed, now: SystemTime) -> Result<(Self, OAuthStore), SandboxError> {
        let mut store = Store {
            version: STATE_VERSION,
            ..Store::default()
        };
        let mut oauth = OAuthStore::default();
        let has_users = !seed.users.is_empty();
        ensure(has_users, || "at least one user is required".into())?;
        for u in seed.users {
            let id = u.id.clone();
            let uuid = ids::is_uuid(&id);
            ensure(uuid, || format!("user id {id:?} is not a UUID"))?;
            let named = !u.email.trim().is_empty() && !u.username.trim().is_empty();
            ensure(named, || format!("user {id} needs an email and a username"))?;
            let fresh = store.users.insert(id.clone(), u).is_none();
            ensure(fresh, || format!("user {id} appears twice"))?;
        }
        let first_user = store.users.keys().next().cloned().unwrap_or_default();
        let current = seed.current_user.unwrap_or(first_user);
        let known = store.users.contains_key(&current);
        ensure(known, || format!("current_user {current} is not a user"))?;
        oauth.current_user = current;
        for o in seed.organizations {
            let slug = o.slug.clone();
            let why = |what: String| SandboxError::Seed(format!("organization {slug}: {what}"));
            ensure(ids::is_slug(&slug), || {
                format!("organization slug {slug:?} does not match ^[\\w-]+$")
            })?;
            let plans = ["free", "pro", "team", "enterprise", "platform"];
            if !plans.contains(&o.plan.as_str()) {
                return Err(why(format!("unknown plan {:?}", o.plan)));
            }
            let tags = [
                "AI_SQL_GENERATOR_OPT_IN",
                "AI_DATA_GENERATOR_OPT_IN",
                "AI_LOG_GENERATOR_OPT_IN",
            ];
            if let Some(t) = o.opt_in_tags.iter().find(|t| !tags.contains(&t.as_str())) {
                return Err(why(format!("unknown opt_in_tag {t:?}")));
            }
            let channels = ["internal", "alpha", "beta", "ga", "withdrawn", "preview"];
            let mut release_channels = o.allowed_release_channels.iter();
            if let Some(c) = release_channels.find(|c| !channels.contains(&c.as_str())) {
                return Err(why(format!("unknown release channel {c:?}")));
            }
            let fresh = store.organizations.insert(slug.clone(), o).is_none();
            ensure(fresh, || format!("organization {slug} appears twice"))?;
        }
        let mut seen = HashSet::new();
        for m in seed.memberships {
            let (user, org) = (&m.user_id, &m.organization_slug);
            let known = store.users.contains_key(user);
            ensure(known, || format!("membership names unknown user {user}"))?;
            let known = store.organizations.contains_key(org);
            ensure(known, || {
                format!("membership names unknown organization {org}")
            })?;
            if seen.insert(m.clone()) {
                store.memberships.push(m);
            }
        }
        let now_ms = to_millis(now);
        for p in seed.projects {
            let (r, org) = (p.reference.clone(), &p.organization_slug);
            let why = |what: String| SandboxError::Seed(format!("project {r}: {what}"));
            let valid = ids::is_project_ref(&r);
            ensure(valid, || {
                format!("project ref {r:?} is not 20 lowercase letters")
            })?;
            let known = store.organizations.contains_key(org);
            ensure(known, || {
                format!("project {r} names unknown organization {org}")
            })?;
            if !REGIONS.contains(&p.region.as_str()) {
                return Err(why(format!("unknown region {:?}", p.region)));
            }
            if !status::ALL.contains(&p.status.as_str()) {
                return Err(why(format!("unknown status {:?}", p.status)));
            }
            if p.name.is_empty() || p.name.chars().count() > 256 {
                return Err(why("name must be 1 to 256 characters".into()));
            }
            let created_at_ms = match p.created_at.as_deref() {
                None => now_ms,
                Some(s) => to_millis(
                    parse_rfc3339(s)
                        .ok_or_else(|| why(format!("created_at {s:?} is not RFC 3339")))?,
                ),
            };
            let project = Project {
                reference: r.clone(),
                organization_slug: p.organization_slug,
                name: p.name,
                region: p.region,
                created_at_ms,
                status: p.status,
                activate_at_ms: None,
                instance_size: "nano".to_owned(),
                auth_config: serde_json::Map::new(),
            };
            let fresh = store.projects.insert(r.clone(), project).is_none();
            ensure(fresh, || format!("project {r} appears twice"))?;
        }
        for c in seed.oauth_clients {
            let id = c.id.clone();
            let uuid = ids::is_uuid(&id);
            ensure(uuid, || format!("OAuth client id {id:?} is not a UUID"))?;
            let has_secret = !c.secret.is_empty();
            ensure(has_secret, || format!("OAuth client {id} needs a secret"))?;
            ensure(!c.redirect_uris.is_empty(), || {
                format!("OAuth client {id} needs at least one redirect URI")
            })?;
            for uri in &c.redirect_uris {
                check_registration(uri, c.allow_private_use_schemes)
                    .map_err(|e| SandboxError::Seed(format!("OAuth client {id}: {e}")))?;
            }
            let fresh = oauth.clients.insert(id.clone(), c.into()).is_none();
            ensure(fresh, || format!("OAuth client {id} appears twice"))?;
        }
        for t in seed.access_tokens {
            let user = &t.user_id;
            let known = store.users.contains_key(user);
            ensure(known, || format!("access token for unknown user {user}"))?;
            let shaped = t.token.starts_with("sbp_")
                && !t.token.starts_with(ids::ACCESS_TOKEN_PREFIX)
                && t.token.len() >= 12;
            ensure(shaped, || {
                "personal access tokens must look like sbp_<hex>".into()
            })?;
            oauth.personal_tokens.push(PersonalToken {
                user_id: t.user_id,
                digest: ids::digest(&t.token),
                prefix: ids::display_prefix(&t.token),
                scope: Vec::new(),
            });
        }
        store.rebuild_indexes();
        oauth.rebuild_indexes();
        Ok((store, oauth))
    }

    /// Derives every index from the records (after a seed or a state load).
    pub fn rebuild_indexes(&mut self) {
        self.projects_by_org.clear();
        for p in self.projects.values() {
            self.projects_by_org
                .entry(p.organization_slug.clone())
                .or_default()
                .push(p.reference.clone());
        }
        self.orgs_by_user.clear();
        for m in &self.memberships {
            self.orgs_by_user
                .entry(m.user_id.clone())
                .or_default()
                .push(m.organization_slug.clone());
        }
    }

    pub fn is_member(&self, user_id: &str, slug: &str) -> bool {
        self.orgs_by_user
            .get(user_id)
            .is_some_and(|orgs| orgs.iter().any(|o| o == slug))
    }

    /// The user's organizations, sorted by name then slug.
    pub fn orgs_of(&self, user_id: &str) -> Vec<&Organization> {
        let slugs = self.orgs_by_user.get(user_id).into_iter().flatten();
        let mut orgs: Vec<&Organization> = slugs
            .filter_map(|slug| self.organizations.get(slug))
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name).then(a.slug.cmp(&b.slug)));
        orgs
    }

    /// Organizations a caller can see: an OAuth grant's one organization,
    /// or every organization of a personal token's user.
    pub fn visible_orgs(&self, p: &Caller) -> Vec<&Organization> {
        match &p.tenant {
            Some(slug) => self
                .organizations
                .get(slug)
                .into_iter()
                .filter(|_| self.is_member(&p.user_id, slug))
                .collect(),
            None => self.orgs_of(&p.user_id),
        }
    }

    pub fn org_access(&self, p: &Caller, slug: &str) -> OrgAccess {
        match &p.tenant {
            Some(granted) if granted != slug => OrgAccess::Forbidden,
            _ if self.organizations.contains_key(slug) && self.is_member(&p.user_id, slug) => {
                OrgAccess::Allowed
            }
            _ => OrgAccess::NotFound,
        }
    }

    pub fn projects_in_org(&self, slug: &str) -> impl Iterator<Item = &Project> {
        let refs = self.projects_by_org.get(slug).into_iter().flatten();
        refs.filter_map(|r| self.projects.get(r))
    }

    pub fn insert_project(&mut self, project: Project) {
        self.projects_by_org
            .entry(project.organization_slug.clone())
            .or_default()
            .push(project.reference.clone());
        self.projects.insert(project.reference.clone(), project);
    }
}

/// A seed error saying `why()`, unless `ok`.
fn ensure(ok: bool, why: impl FnOnce() -> String) -> Result<(), SandboxError> {
    if ok {
        Ok(())
    } else {
        Err(SandboxError::Seed(why()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::seed::{DEMO_ACCESS_TOKEN, DEMO_USER_ID};
    use super::*;

    #[test]
    fn demo_seed_builds_and_indexes() {
        let (store, oauth) = Store::from_seed(Seed::demo(), SystemTime::now()).unwrap();
        assert_eq!(store.orgs_of(DEMO_USER_ID).len(), 3);
        let i = oauth.personal_index[&ids::digest(DEMO_ACCESS_TOKEN)];
        assert_eq!(oauth.personal_tokens[i].user_id, DEMO_USER_ID);
        assert!(!oauth.personal_index.contains_key(&ids::digest("sbp_nope")));
    }

    #[test]
    fn bad_seeds_are_refused_with_a_reason() {
        let mut s = Seed::demo();
        s.projects[0].reference = "short".into();
        assert!(Store::from_seed(s, SystemTime::now())
            .unwrap_err()
            .to_string()
            .contains("20 lowercase"));

        let mut s = Seed::demo();
        s.oauth_clients[1]
            .redirect_uris
            .push("dev.latchkey:/oauth/supabase".into());
        let e = Store::from_seed(s, SystemTime::now())
            .unwrap_err()
            .to_string();
        assert!(e.contains("private-use"), "{e}");

        let mut s = Seed::demo();
        s.memberships[0].organization_slug = "nowhere".into();
        assert!(Store::from_seed(s, SystemTime::now()).is_err());
    }
}
