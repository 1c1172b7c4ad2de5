//! Checks for identifiers that arrive from the webview (IPC arguments) or
//! from a provider's answer and then become part of a URL path, a host name
//! or a keychain account name.
//!
//! Why: `url`'s `PathSegmentsMut` drops a `.` or `..` segment, so a reference
//! of `..` turns `/v1/projects/../health` into `/v1/health`; a reference of
//! `evil.example/x?` turns `db.<ref>.supabase.co` into another host; and any
//! string becomes the keychain account `db-password:supabase:<ref>`.
//!
//! Invariants: every check is a plain function that either returns the value
//! unchanged or a [`ValidationError`] naming the field, with a message a user
//! can act on. Nothing accepted contains `.`, `/`, `:`, `%`, `?`, `#`,
//! whitespace or a non-ASCII character, and nothing is longer than
//! [`MAX_ID_LEN`]. The shapes match what the real providers and the sandbox
//! both produce:
//!
//! - Supabase project refs: 20 lowercase ASCII letters (Supabase's, and the
//!   sandbox's `ids::random_ref` and seeded refs).
//! - Organization slugs and connection ids ([`id`]): ASCII letters, digits,
//!   `-` and `_`. That is Supabase's documented slug pattern `^[\w-]+$`
//!   (ASCII), Neon's `org-quiet-lake-10203040` organization ids, its
//!   `adjective-noun-123456` project ids and UUID user ids, and Netlify's
//!   24-hex ids and lowercase-and-hyphen account slugs.
//!
//! A client secret typed into Settings ([`client_secret`]) is not an id but
//! is checked here too: trimmed, 1 to [`MAX_SECRET_LEN`] bytes, no control
//! character. Its message never repeats the value.

use crate::connections::ConnectionId;

/// The longest identifier accepted: far above every provider's real ids
/// (Supabase slugs, UUIDs, Neon ids are under 40), and short enough to keep
/// keychain account names and URLs small.
pub const MAX_ID_LEN: usize = 128;
/// Provider ids are the deep-link parser's `[a-z-]{1,32}`.
const MAX_PROVIDER_LEN: usize = 32;
const PROJECT_REF_LEN: usize = 20;

/// A value that does not have the shape its field needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// The argument's name, as the caller passes it.
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl From<ValidationError> for crate::connect::ConnectError {
    fn from(err: ValidationError) -> Self {
        crate::connect::ConnectError::Invalid {
            field: err.field,
            message: err.message,
        }
    }
}

/// A Supabase project ref: exactly 20 lowercase ASCII letters.
pub fn supabase_project_ref(reference: &str) -> Result<&str, ValidationError> {
    if reference.len() == PROJECT_REF_LEN && reference.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(reference)
    } else {
        Err(ValidationError::new(
            "reference",
            "That is not a Supabase project reference (20 lowercase letters, as in the project's URL).",
        ))
    }
}

/// An organization slug, account slug, user id or project id used as an
/// identifier (`field` names it): 1 to [`MAX_ID_LEN`] ASCII letters, digits,
/// `-` or `_`.
pub fn id<'a>(field: &'static str, value: &'a str) -> Result<&'a str, ValidationError> {
    let shaped = !value.is_empty()
        && value.len() <= MAX_ID_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if shaped {
        Ok(value)
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "That is not a valid {field} id: it must be 1 to {MAX_ID_LEN} letters, digits, \"-\" or \"_\"."
            ),
        ))
    }
}

/// The longest client secret accepted; real ones are under 100 characters.
pub const MAX_SECRET_LEN: usize = 1024;

/// An OAuth client secret as entered: returned trimmed, if it is 1 to
/// [`MAX_SECRET_LEN`] bytes with no control character (a second pasted
/// line, a tab, NUL).
pub fn client_secret(entered: &str) -> Result<&str, ValidationError> {
    let secret = entered.trim();
    let problem = if secret.is_empty() {
        "Paste the client secret shown when you registered the OAuth app."
    } else if secret.len() > MAX_SECRET_LEN {
        "That is longer than any OAuth client secret (at most 1024 characters). Paste only the secret."
    } else if secret.chars().any(char::is_control) {
        "The client secret contains a line break or another control character. Paste only the secret itself."
    } else {
        return Ok(secret);
    };
    Err(ValidationError::new("secret", problem))
}

/// A provider id: `[a-z-]`, 1 to 32 bytes. It names redirect paths,
/// keychain accounts, lock files and `LATCHKEY_<ID>_*` variables.
pub fn provider_id(provider: &str) -> Result<&str, ValidationError> {
    let shaped = !provider.is_empty()
        && provider.len() <= MAX_PROVIDER_LEN
        && provider
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-');
    if !shaped {
        return Err(ValidationError::new(
            "provider",
            "That is not a provider Latchkey knows.",
        ));
    }
    Ok(provider)
}

/// Both halves of a connection id: a [`provider_id`] and an account [`id`].
pub fn connection_id(connection: &ConnectionId) -> Result<&ConnectionId, ValidationError> {
    provider_id(&connection.provider)?;
    id("account", &connection.account)?;
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supabase_refs_are_twenty_lowercase_letters() {
        for good in ["abcdefghijklmnopqrst", "udaxihhexdvxrcsnbacg"] {
            assert_eq!(supabase_project_ref(good), Ok(good));
        }
        for bad in [
            "",
            ".",
            "..",
            "abcdefghijklmnopqrs",
            "abcdefghijklmnopqrstu",
            "Abcdefghijklmnopqrst",
            "abcdefghijklmnopqrs1",
            "abcdefghij.lmnopqrst",
            "evil.example/x?",
            "abcdefghijklmnopqrs%",
            "abcdefghijklmnopqrsé",
        ] {
            let err = supabase_project_ref(bad).unwrap_err();
            assert_eq!(err.field, "reference", "{bad:?} is refused as a reference");
            assert!(
                err.message.contains("20 lowercase letters"),
                "the message says what a ref looks like: {}",
                err.message
            );
        }
    }

    #[test]
    fn the_sandbox_makes_refs_that_pass() {
        // crates/sandbox/src/ids.rs::random_ref: 20 letters from b'a'..=b'z'.
        let lowest = "a".repeat(20);
        let highest = "z".repeat(20);
        assert!(supabase_project_ref(&lowest).is_ok());
        assert!(supabase_project_ref(&highest).is_ok());
    }

    #[test]
    fn ids_of_every_provider_pass() {
        for good in [
            "udaxihhexdvxrcsnbacg",                 // Supabase generated slug
            "ada",                                  // Supabase custom slug
            "analytical-engines",                   // Netlify account slug
            "org_legacy_1",                         // `^[\w-]+$`
            "org-quiet-lake-10203040",              // Neon organization
            "lovelace-notes-100001",                // Neon project
            "5b7d1c9e-2a4f-4e8b-9c3d-6f0a1b2c3d4e", // Neon user (UUID)
            "5f1a2b3c4d5e6f7a8b9c0d1e",             // Netlify user / account
        ] {
            assert_eq!(id("organization", good), Ok(good));
        }
        assert!(id("organization", &"a".repeat(MAX_ID_LEN)).is_ok());
    }

    #[test]
    fn ids_that_could_change_a_path_a_host_or_an_account_are_refused() {
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a.b",
            "a:b",
            "a%2Fb",
            "a?b",
            "a#b",
            "a b",
            "a\nb",
            "ä",
            &"a".repeat(MAX_ID_LEN + 1),
        ] {
            let err = id("organization", bad).unwrap_err();
            assert_eq!(
                err.field, "organization",
                "{bad:?} is refused and names its field"
            );
        }
    }

    #[test]
    fn a_connection_id_is_checked_on_both_halves() {
        let ok = ConnectionId::new("supabase", "udaxihhexdvxrcsnbacg");
        assert_eq!(connection_id(&ok), Ok(&ok));
        let bad_org = ConnectionId::new("supabase", "..");
        assert_eq!(connection_id(&bad_org).unwrap_err().field, "account");
        for provider in ["", "Supabase", "supa:base", &"a".repeat(33)] {
            let bad = ConnectionId::new(provider, "acme");
            assert_eq!(
                connection_id(&bad).unwrap_err().field,
                "provider",
                "{provider:?} is not a provider id"
            );
        }
    }

    #[test]
    fn a_validation_error_becomes_a_validation_error_for_the_ui() {
        let err = crate::connect::ConnectError::from(supabase_project_ref("..").unwrap_err());
        assert!(matches!(
            err,
            crate::connect::ConnectError::Invalid {
                field: "reference",
                ..
            }
        ));
        assert_eq!(
            crate::error::AppError::from(err).code,
            crate::error::ErrorCode::Validation
        );
    }
}
