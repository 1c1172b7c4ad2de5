//! A connection's identity: a grant covers one organization (Supabase), so
//! a connection is (provider, organization), never just a user.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionId {
    pub provider: String,
    pub organization: String,
}

impl ConnectionId {
    pub fn new(provider: impl Into<String>, organization: impl Into<String>) -> Self {
        Self {
            provider: provider.into(),
            organization: organization.into(),
        }
    }

    /// The keychain account name: `<provider>:<organization>`.
    pub fn keychain_account(&self) -> String {
        format!("{}:{}", self.provider, self.organization)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_keychain_account_names_provider_and_organization() {
        assert_eq!(
            super::ConnectionId::new("supabase", "acme").keychain_account(),
            "supabase:acme"
        );
    }
}
