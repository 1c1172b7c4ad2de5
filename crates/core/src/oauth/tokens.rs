//! The token pair a connection holds, and its one serialized form: the JSON
//! value of the connection's keychain item.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN_SECS: u64 = 5 * 60;

pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Unix seconds; `None` when the provider says the token does not expire.
    pub expires_at: Option<u64>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    access_token: &'a str,
    refresh_token: Option<&'a str>,
    expires_at: Option<u64>,
}

impl TokenSet {
    /// Due for refresh at `now` (unix seconds): within the margin of expiry.
    pub fn needs_refresh(&self, now: u64) -> bool {
        self.expires_at
            .is_some_and(|at| now + REFRESH_MARGIN_SECS >= at)
    }

    /// The keychain item's value: one JSON document, written in one call, so
    /// the pair can never be half-updated.
    pub fn to_keychain_value(&self) -> SecretString {
        let stored = Stored {
            access_token: self.access_token.expose_secret(),
            refresh_token: self.refresh_token.as_ref().map(|t| t.expose_secret()),
            expires_at: self.expires_at,
        };
        SecretString::from(serde_json::to_string(&stored).expect("plain strings serialize"))
    }

    pub fn from_keychain_value(value: &SecretString) -> Option<Self> {
        let stored: Stored<'_> = serde_json::from_str(value.expose_secret()).ok()?;
        Some(Self {
            access_token: SecretString::from(stored.access_token),
            refresh_token: stored.refresh_token.map(SecretString::from),
            expires_at: stored.expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(expires_at: Option<u64>) -> TokenSet {
        TokenSet {
            access_token: SecretString::from("sbp_oauth_access"),
            refresh_token: Some(SecretString::from("refresh")),
            expires_at,
        }
    }

    #[test]
    fn round_trips_through_one_keychain_value() {
        let value = tokens(Some(1_000)).to_keychain_value();
        let back = TokenSet::from_keychain_value(&value).unwrap();
        assert_eq!(back.access_token.expose_secret(), "sbp_oauth_access");
        assert_eq!(back.refresh_token.unwrap().expose_secret(), "refresh");
        assert_eq!(back.expires_at, Some(1_000));
        assert!(TokenSet::from_keychain_value(&SecretString::from("not json")).is_none());
    }

    #[test]
    fn refresh_is_due_five_minutes_before_expiry() {
        assert!(!tokens(Some(10_000)).needs_refresh(10_000 - REFRESH_MARGIN_SECS - 1));
        assert!(tokens(Some(10_000)).needs_refresh(10_000 - REFRESH_MARGIN_SECS));
        assert!(!tokens(None).needs_refresh(u64::MAX - REFRESH_MARGIN_SECS));
    }

    #[test]
    fn debug_shows_no_token() {
        assert!(!format!("{:?}", tokens(None)).contains("sbp_oauth"));
    }
}
