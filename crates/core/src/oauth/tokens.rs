//! The token pair a connection holds, and its one serialized form: the JSON
//! value of the connection's keychain item.

use std::borrow::Cow;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN_SECS: u64 = 5 * 60;

pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Unix seconds; `None` when the provider says the token does not expire.
    pub expires_at: Option<u64>,
    /// The scopes the provider said it granted with these tokens (the token
    /// response's `scope`), where it says. Not kept in the keychain: the
    /// connection's metadata records it at sign-in.
    pub granted_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The keychain value's shape. `Cow`, not `&str`: a token is opaque provider
/// text, and one that needs a JSON escape (`"`, `\`, a control character)
/// cannot be borrowed out of the document; serde hands back an owned string.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    #[serde(borrow)]
    refresh_token: Option<Cow<'a, str>>,
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
            access_token: Cow::Borrowed(self.access_token.expose_secret()),
            refresh_token: self
                .refresh_token
                .as_ref()
                .map(|t| Cow::Borrowed(t.expose_secret())),
            expires_at: self.expires_at,
        };
        SecretString::from(serde_json::to_string(&stored).expect("plain strings serialize"))
    }

    pub fn from_keychain_value(value: &SecretString) -> Option<Self> {
        let stored: Stored<'_> = serde_json::from_str(value.expose_secret()).ok()?;
        Some(Self {
            access_token: SecretString::from(stored.access_token.into_owned()),
            refresh_token: stored
                .refresh_token
                .map(|t| SecretString::from(t.into_owned())),
            expires_at: stored.expires_at,
            granted_scopes: None,
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
            granted_scopes: None,
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
    fn tokens_that_need_json_escapes_round_trip() {
        // serde cannot borrow a `&str` out of an escaped JSON string, so a
        // token with a quote, backslash or control character used to read
        // back as "no tokens" and the connection silently became disconnected.
        let odd = TokenSet {
            access_token: SecretString::from("a\"quoted\\back\u{1}slash\n"),
            refresh_token: Some(SecretString::from("r\te\u{7f}\u{e9}")),
            expires_at: Some(7),
            granted_scopes: None,
        };
        let back = TokenSet::from_keychain_value(&odd.to_keychain_value())
            .expect("a token the provider issued must read back from the keychain");
        assert_eq!(
            back.access_token.expose_secret(),
            "a\"quoted\\back\u{1}slash\n"
        );
        assert_eq!(
            back.refresh_token.unwrap().expose_secret(),
            "r\te\u{7f}\u{e9}"
        );
        assert_eq!(back.expires_at, Some(7));
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
