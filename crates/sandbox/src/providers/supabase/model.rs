//! Supabase's records: users, organizations, projects, and the OAuth client
//! as seed files describe it (the engine's grants and codes are in
//! `oauth_server::model`).
//!
//! These are the server's own types, deliberately separate from the wire
//! shapes of the API modules (which follow the OpenAPI spec field for
//! field). They derive `Serialize`/`Deserialize` for the state file.
//!
//! Invariants:
//! - timestamps are milliseconds since the Unix epoch (see `clock.rs`);
//! - a project's `auth_config` holds only the fields a PATCH has set; the
//!   full shape is the defaults merged with it (see `auth_config.rs`), so
//!   a 40,000-project sandbox does not carry 237 fields per project.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::from_millis;
use crate::oauth_server::model::Client;
pub use crate::oauth_server::model::{Decision, Pkce, PkceMethod};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct User {
    /// A UUID; the profile's `gotrue_id`.
    pub id: String,
    pub email: String,
    pub username: String,
    /// Shown on the consent page; defaults to the username.
    #[serde(default)]
    pub name: Option<String>,
}

impl User {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.username)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Organization {
    pub slug: String,
    pub name: String,
    /// One of the spec's plans: free, pro, team, enterprise, platform.
    #[serde(default = "default_plan")]
    pub plan: String,
    #[serde(default)]
    pub opt_in_tags: Vec<String>,
    #[serde(default = "default_release_channels")]
    pub allowed_release_channels: Vec<String>,
}

fn default_plan() -> String {
    "free".to_owned()
}

fn default_release_channels() -> Vec<String> {
    vec!["ga".to_owned()]
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Membership {
    pub user_id: String,
    pub organization_slug: String,
}

/// The spec's project statuses that the sandbox produces.
pub mod status {
    pub const ACTIVE_HEALTHY: &str = "ACTIVE_HEALTHY";
    pub const COMING_UP: &str = "COMING_UP";
    pub const RESTORING: &str = "RESTORING";
    pub const INACTIVE: &str = "INACTIVE";
    /// Every value of the spec's project `status` enum.
    pub const ALL: [&str; 15] = [
        "INACTIVE",
        "ACTIVE_HEALTHY",
        "ACTIVE_UNHEALTHY",
        "COMING_UP",
        "UNKNOWN",
        "GOING_DOWN",
        "INIT_FAILED",
        "REMOVED",
        "RESTORING",
        "UPGRADING",
        "PAUSING",
        "RESTORE_FAILED",
        "RESTARTING",
        "PAUSE_FAILED",
        "RESIZING",
    ];
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Project {
    #[serde(rename = "ref")]
    pub reference: String,
    pub organization_slug: String,
    pub name: String,
    pub region: String,
    pub created_at_ms: u64,
    /// The stored status. `COMING_UP` with `activate_at_ms` in the past reads
    /// as `ACTIVE_HEALTHY`: activation is computed, not scheduled, so it works
    /// the same with the system clock and a manual one.
    pub status: String,
    #[serde(default)]
    pub activate_at_ms: Option<u64>,
    #[serde(default = "default_instance_size")]
    pub instance_size: String,
    /// Only the auth-config fields set through PATCH (explicit nulls included).
    #[serde(default)]
    pub auth_config: serde_json::Map<String, serde_json::Value>,
}

fn default_instance_size() -> String {
    "nano".to_owned()
}

impl Project {
    /// The status a client sees at `now`.
    pub fn status_at(&self, now: SystemTime) -> &str {
        let starting = [status::COMING_UP, status::RESTORING].contains(&self.status.as_str());
        if starting && self.activate_at_ms.is_some_and(|at| from_millis(at) <= now) {
            return status::ACTIVE_HEALTHY;
        }
        &self.status
    }
}

/// A registered OAuth application, as a seed file declares it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OAuthClient {
    /// A UUID.
    pub id: String,
    /// `sba_` + hex, like the secrets Supabase issues for OAuth apps.
    pub secret: String,
    pub name: String,
    /// Fixed at registration, shown on the consent page. The authorize
    /// request's `scope` parameter does not change them.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// Compared byte for byte with the `redirect_uri` of a request.
    pub redirect_uris: Vec<String>,
    /// Supabase's rule allows https, and http on localhost / 127.0.0.1 only.
    /// With this on, reverse-DNS private-use schemes (RFC 8252 §7.1) such as
    /// `dev.latchkey:/oauth/supabase` are allowed too.
    #[serde(default)]
    pub allow_private_use_schemes: bool,
}

pub(crate) fn default_scopes() -> Vec<String> {
    [
        "organizations:read",
        "projects:read",
        "projects:write",
        "auth:read",
        "auth:write",
        "secrets:read",
        "database:read",
    ]
    .map(str::to_owned)
    .to_vec()
}

impl From<OAuthClient> for Client {
    fn from(c: OAuthClient) -> Self {
        Client {
            id: c.id,
            secret: c.secret,
            name: c.name,
            scopes: c.scopes,
            redirect_uris: c.redirect_uris,
            allow_private_use_schemes: c.allow_private_use_schemes,
        }
    }
}
