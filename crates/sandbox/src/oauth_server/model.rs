//! The OAuth server's records: clients, grants, personal tokens, and the
//! short-lived authorization state (consent requests, codes, pre-approvals).
//!
//! One set of types for every profile. Records that survive a restart derive
//! `Serialize`/`Deserialize` in the layout of the first state-file version,
//! so a file written before the engine was shared still loads: fields that
//! only some profiles use (`scope`) are left out when empty, and the grant's
//! tenant keeps Supabase's name, `organization_slug`.
//!
//! Invariants: tokens and codes appear only as SHA-256 digests plus a display
//! prefix; timestamps are milliseconds since the Unix epoch.

use serde::{Deserialize, Serialize};

/// A registered OAuth application.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub secret: String,
    pub name: String,
    /// Fixed at registration (Supabase shows them) or the scopes a client
    /// may request (Neon).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Compared with a request's `redirect_uri` by [`super::redirect::matches`].
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub allow_private_use_schemes: bool,
}

impl Client {
    /// A demo client of a non-Supabase provider: the app's redirect URIs for
    /// path segment `segment` (see [`super::redirect::app_redirects`]).
    pub(crate) fn demo(id: &str, secret: &str, scopes: &[&str], segment: &str) -> Self {
        Client {
            id: id.to_owned(),
            secret: secret.to_owned(),
            name: "Latchkey (sandbox)".to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            redirect_uris: super::redirect::app_redirects(segment),
            allow_private_use_schemes: true,
        }
    }
}

/// A token that stands for its user without an OAuth grant (a Supabase
/// personal access token, a Neon API key, a Netlify personal token).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PersonalToken {
    pub user_id: String,
    pub digest: String,
    pub prefix: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessTokenRecord {
    pub digest: String,
    pub prefix: String,
    /// `None`: the token never expires (Netlify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at_ms: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    pub digest: String,
    pub prefix: String,
}

/// One authorization of one client by one user. It holds at most one live
/// access token and one live refresh token: a refresh replaces both, a
/// revocation removes both.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    /// What part of the account the grant covers (a Supabase organization);
    /// `None` for the whole account.
    #[serde(
        rename = "organization_slug",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    pub created_at_ms: u64,
    pub revoked_at_ms: Option<u64>,
    pub access: Option<AccessTokenRecord>,
    pub refresh: Option<RefreshTokenRecord>,
    /// Digests of the refresh tokens this grant rotated out, newest last
    /// (at most [`RETIRED_REFRESH_KEPT`]): a profile that treats their
    /// reuse as theft recognises them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_refresh: Vec<String>,
}

/// How many rotated-out refresh tokens a grant remembers.
pub const RETIRED_REFRESH_KEPT: usize = 32;

/// How the client proves possession of the code (RFC 7636).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    Plain,
    /// `S256`; Supabase's `sha256` is accepted as a synonym.
    S256,
}

#[derive(Debug, Clone)]
pub struct Pkce {
    pub challenge: String,
    pub method: PkceMethod,
}

/// What the authorize request asked to get back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseType {
    Code,
    /// The implicit grant: the token in the redirect's fragment (Netlify).
    Token,
}

/// What an authorize request asks for, once the profile has checked it.
#[derive(Debug, Clone)]
pub(crate) struct Ask {
    pub pkce: Option<Pkce>,
    pub scope: Vec<String>,
    pub response_type: ResponseType,
    /// A tenant the consent page preselects (Supabase's `organization_slug`).
    pub tenant_hint: Option<String>,
}

/// A consent page that has been shown and not yet answered.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub ask: Ask,
    pub user_id: String,
    pub expires_at_ms: u64,
}

/// An issued authorization code (stored under its digest).
#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub client_id: String,
    pub redirect_uri: String,
    pub pkce: Option<Pkce>,
    pub scope: Vec<String>,
    pub user_id: String,
    pub tenant: Option<String>,
    pub expires_at_ms: u64,
    /// Set when the code is exchanged; a second exchange finds it and revokes
    /// this grant (RFC 6749 §4.1.2).
    pub grant_id: Option<String>,
}

/// What the next authorize request should do without showing a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    #[default]
    Approve,
    Deny,
}

/// A queued answer for the next authorize request of one profile.
#[derive(Debug, Clone, Default)]
pub(crate) struct PreApproval {
    /// When set, only an authorize request from this client consumes it.
    pub client_id: Option<String>,
    /// `None`: whoever is signed in when the request arrives.
    pub user_id: Option<String>,
    pub tenant: Option<String>,
    pub decision: Decision,
}
