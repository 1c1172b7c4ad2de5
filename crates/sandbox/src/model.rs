//! The sandbox's records: users, organizations, projects, OAuth clients,
//! grants and the short-lived authorization state.
//!
//! These are the server's own types, deliberately separate from the wire
//! shapes in `api/*` (which follow the OpenAPI spec field for field). Records
//! that survive a restart derive `Serialize`/`Deserialize` for the state file;
//! authorization codes and pending consent requests do not, because they
//! live for minutes and a restart should invalidate them.
//!
//! Invariants:
//! - timestamps are milliseconds since the Unix epoch (see `clock.rs`);
//! - tokens and codes appear only as SHA-256 digests plus a display prefix;
//! - a project's `auth_config` holds only the fields a PATCH has set; the
//!   full shape is the defaults merged with it (see `api/auth_config.rs`), so
//!   a 40,000-project sandbox does not carry 237 fields per project.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::from_millis;

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
        if self.status == status::COMING_UP {
            if let Some(at) = self.activate_at_ms {
                if from_millis(at) <= now {
                    return status::ACTIVE_HEALTHY;
                }
            }
        }
        &self.status
    }
}

/// A registered OAuth application.
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
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A personal access token (`sbp_…`): full access to its user's organizations.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PersonalAccessToken {
    pub user_id: String,
    pub digest: String,
    pub prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessTokenRecord {
    pub digest: String,
    pub prefix: String,
    pub expires_at_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    pub digest: String,
    pub prefix: String,
}

/// One authorization of one client by one user for exactly one organization.
/// It holds at most one live access token and one live refresh token: a
/// refresh replaces both, a revocation removes both.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub organization_slug: String,
    pub created_at_ms: u64,
    #[serde(default)]
    pub revoked_at_ms: Option<u64>,
    #[serde(default)]
    pub access: Option<AccessTokenRecord>,
    #[serde(default)]
    pub refresh: Option<RefreshTokenRecord>,
}

/// How the client proved possession of the code (RFC 7636).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    Plain,
    /// `S256`; the spec's `sha256` is accepted as a synonym.
    S256,
}

#[derive(Debug, Clone)]
pub struct Pkce {
    pub challenge: String,
    pub method: PkceMethod,
}

/// An issued authorization code (stored under its digest).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub pkce: Option<Pkce>,
    pub user_id: String,
    pub organization_slug: String,
    pub expires_at_ms: u64,
    /// Set when the code is exchanged; a second exchange finds it and revokes
    /// this grant (RFC 6749 §4.1.2).
    pub grant_id: Option<String>,
}

/// A consent page that has been shown and not yet answered.
#[derive(Debug, Clone)]
pub struct PendingAuthorization {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub pkce: Option<Pkce>,
    pub user_id: String,
    pub expires_at_ms: u64,
}

/// What the next authorize request should do without showing a page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Deny,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PreApproval {
    pub user_id: String,
    pub organization_slug: String,
    /// When set, only an authorize request from this client consumes it.
    #[serde(default)]
    pub client_id: Option<String>,
    pub decision: Decision,
}
