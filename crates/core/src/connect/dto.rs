//! Plain data the UI receives about connecting: never a token, code,
//! verifier or client secret.

use serde::Serialize;
use ts_rs::TS;

use crate::connections::metadata::ConnectionMeta;
use crate::error::AppError;
use crate::providers::ProjectSummary;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectStarted {
    /// The authorize URL, for "Copy link" when no browser opened. It carries
    /// the public PKCE challenge and the state, never a secret.
    pub authorize_url: String,
    pub browser_opened: bool,
}

/// The `connect-finished` event: how a sign-in ended.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectFinished {
    pub provider: String,
    pub connection: Option<ConnectionMeta>,
    pub error: Option<AppError>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectPage {
    pub projects: Vec<ProjectSummary>,
    #[ts(type = "number")]
    pub total: u64,
    /// Unix seconds when this list was fetched (it may come from memory).
    #[ts(type = "number")]
    pub fetched_at: u64,
}

/// What the Settings screen shows about a provider: nothing secret, only
/// which way its tokens are obtained and whether a client secret is saved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProviderSettings {
    pub id: String,
    pub display_name: String,
    pub client_id: String,
    pub api_base_url: String,
    pub redirect_uri: String,
    pub token_path: TokenPath,
}

/// Who authenticates the OAuth app when codes and refresh tokens are
/// exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TokenPath {
    /// The publisher's sign-in service holds the client secret: nothing to
    /// register, nothing to paste. `url` is its address.
    Broker { url: String },
    /// The user's own OAuth app, its secret in the keychain (or not yet).
    OwnApp { client_secret_saved: bool },
    /// A public client, or the implicit grant: no secret at all.
    NoSecret,
}
