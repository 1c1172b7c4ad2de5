//! Where a connection's credential came from. The connection detail and
//! `lk status` show it; it decides whether Disconnect revokes (a personal
//! token is the user's to delete at the provider, not ours) and what a
//! refused credential asks the user to do (sign in again, or paste a new
//! token).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionSource {
    /// An OAuth sign-in with this machine's own OAuth app (its client
    /// secret, if any, in the keychain). What every connection made before
    /// sources were recorded was.
    #[default]
    OauthApp,
    /// An OAuth sign-in whose code exchange went through the publisher's
    /// broker (no client secret on this machine).
    Broker,
    /// A personal token the user pasted (Supabase `sbp_…`, a Neon API key,
    /// a Netlify personal access token).
    PersonalToken,
    /// An OAuth sign-in with a provider the user defined in a TOML file.
    UserDefined,
}

impl ConnectionSource {
    /// Whether the credential is an OAuth grant that Latchkey obtained and
    /// so may revoke when it is replaced or disconnected.
    pub fn is_oauth_grant(self) -> bool {
        self != ConnectionSource::PersonalToken
    }

    /// How the screens and `lk status` name it.
    pub fn label(self) -> &'static str {
        match self {
            ConnectionSource::OauthApp => "OAuth app",
            ConnectionSource::Broker => "Broker",
            ConnectionSource::PersonalToken => "Personal token",
            ConnectionSource::UserDefined => "User-defined provider",
        }
    }
}
