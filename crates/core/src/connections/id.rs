//! A connection's identity: (provider, account), where the account is what
//! one grant covers. For Supabase that is one organization (its slug); for
//! Neon and Netlify it is the user (their id), with all their organizations
//! or accounts. Two sign-ins covering the same account are one connection.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionId {
    pub provider: String,
    /// The id of what the grant covers: an organization slug or a user id.
    pub account: String,
}

impl ConnectionId {
    pub fn new(provider: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            provider: provider.into(),
            account: account.into(),
        }
    }

    /// The keychain account name: `<provider>:<account>`.
    pub fn keychain_account(&self) -> String {
        format!("{}:{}", self.provider, self.account)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_keychain_account_names_provider_and_account() {
        assert_eq!(
            super::ConnectionId::new("supabase", "acme").keychain_account(),
            "supabase:acme"
        );
    }
}
