//! Connecting with a personal token instead of an OAuth sign-in: a Supabase
//! personal access token (`sbp_…`), a Neon API key, a Netlify personal
//! access token. It is how most people can connect Neon at all (its OAuth
//! apps are for partners), and it works where no browser can come back.
//!
//! The token is checked against the provider's API before anything is
//! saved: a wrong or expired one is refused in the provider's words and
//! nothing is kept. An accepted one lives only in the keychain, like a
//! grant's tokens, with no refresh and no expiry; a later 401 marks the
//! connection as needing a new token.

use secrecy::SecretString;

use super::{ConnectError, Connections};
use crate::connections::metadata::ConnectionMeta;
use crate::connections::ConnectionSource;
use crate::net::ApiError;
use crate::oauth::tokens::TokenSet;
use crate::providers::account_api::identities_checked;

/// Longer than any provider's token; a paste this long is something else.
const MAX_TOKEN_LEN: usize = 1024;

impl Connections {
    /// Checks `text` as a personal token of `provider` and saves one
    /// connection for each account it reaches (each organization, for
    /// Supabase). Returns them; nothing is saved when it is refused.
    pub async fn connect_with_token(
        &self,
        provider: &str,
        text: &str,
    ) -> Result<Vec<ConnectionMeta>, ConnectError> {
        let def = self.registry().definition(provider)?;
        let facts = def
            .personal_token
            .as_ref()
            .ok_or_else(|| ConnectError::Unsupported(def.display_name.clone()))?;
        let token = token_from(text, &facts.name)?;
        let api = self.registry().api(&def.id)?;
        let identities = identities_checked(api, &token)
            .await
            .map_err(|err| match err {
                ApiError::Unauthorized { message } => ConnectError::Invalid {
                    field: "token",
                    message: format!(
                        "{} refused this {}: “{message}”. Check that you copied all of it and that it was not deleted or did not expire.",
                        def.display_name, facts.name
                    ),
                },
                other => ConnectError::from(other),
            })?;
        if identities.is_empty() {
            return Err(ConnectError::NoOrganization);
        }
        let mut connected = Vec::with_capacity(identities.len());
        for identity in identities {
            let tokens = TokenSet {
                access_token: token.clone(),
                refresh_token: None,
                expires_at: None,
                granted_scopes: None,
            };
            connected.push(
                self.store_new(def, tokens, identity, ConnectionSource::PersonalToken)
                    .await?,
            );
        }
        Ok(connected)
    }
}

/// The token in a paste: trimmed, one word of printable ASCII, as every
/// provider's tokens are. Refused with a reason otherwise, never echoing it.
fn token_from(text: &str, name: &str) -> Result<SecretString, ConnectError> {
    let refuse = |message: String| ConnectError::Invalid {
        field: "token",
        message,
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse(format!("Paste your {name}.")));
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(refuse(format!(
            "That is far longer than a {name}; copy just the token."
        )));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(refuse(format!(
            "A {name} is one word with no spaces or line breaks; copy just the token."
        )));
    }
    Ok(SecretString::from(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn a_paste_is_trimmed_and_must_be_one_printable_word() {
        let ok = token_from("  sbp_abc123\n", "personal access token").unwrap();
        assert_eq!(ok.expose_secret(), "sbp_abc123");
        for bad in [
            "",
            "   ",
            "sbp_abc 123",
            "sbp_\u{200b}abc",
            &"x".repeat(2000),
        ] {
            let err = token_from(bad, "API key").unwrap_err();
            assert_eq!(err.invalid_field(), Some("token"), "{bad:?}");
            assert!(!err.to_string().contains("sbp_"), "never echoed: {err}");
        }
    }
}
