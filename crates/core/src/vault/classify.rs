//! Turns keyring's platform errors into problems a person can fix.

use crate::error::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("No D-Bus session bus is running, so the keychain cannot be reached. Start Latchkey from your desktop session (or under `dbus-run-session`).")]
    NoSessionBus,
    #[error("No Secret Service is running. Install and start GNOME Keyring (or KeePassXC with Secret Service integration), then press Retry.")]
    NoSecretService,
    #[error("The keychain is locked. Unlock your login keyring (for example in “Passwords and Keys”), then press Retry.")]
    Locked,
    #[error("The keychain did not answer within {seconds} s. If an unlock prompt is open, answer it, then press Retry.")]
    Timeout { seconds: u64 },
    #[error("The keychain store is an in-memory stand-in, not the OS keychain; this build was compiled without a platform store. Secrets would be lost on exit, so Latchkey refuses to use it.")]
    MockStore,
    #[error("The keychain rejected the request: {detail}")]
    Rejected { detail: String },
    #[error("The keychain failed: {detail}")]
    Platform { detail: String },
}

impl KeychainError {
    /// Classifies a keyring error. Only variants that cannot hold secret
    /// material are formatted into `detail`.
    pub(crate) fn from_keyring(err: keyring::Error) -> Self {
        match err {
            keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
            keyring::Error::PlatformFailure(inner) => classify_platform_failure(&inner.to_string()),
            keyring::Error::TooLong(attr, limit) => KeychainError::Rejected {
                detail: format!("the {attr} attribute is longer than {limit} characters"),
            },
            keyring::Error::Invalid(attr, why) => KeychainError::Rejected {
                detail: format!("the {attr} attribute is invalid ({why})"),
            },
            // These carry stored bytes or credentials: never format them.
            keyring::Error::BadEncoding(_) => KeychainError::Rejected {
                detail: "a stored item is not valid UTF-8".into(),
            },
            keyring::Error::Ambiguous(_) => KeychainError::Rejected {
                detail: "more than one item matches; remove the duplicates in your keyring app"
                    .into(),
            },
            // Callers turn NoEntry into `None` before classifying.
            keyring::Error::NoEntry => KeychainError::Rejected {
                detail: "no such item".into(),
            },
            other => KeychainError::Platform {
                detail: other.to_string(),
            },
        }
    }
}

/// The Secret Service backend reports everything as a D-Bus failure; its text
/// is the only way to tell "no bus" from "no keyring daemon".
fn classify_platform_failure(text: &str) -> KeychainError {
    let lower = text.to_ascii_lowercase();
    if lower.contains("org.freedesktop.secrets") || lower.contains("serviceunknown") {
        KeychainError::NoSecretService
    } else if lower.contains("autolaunch")
        || lower.contains("dbus_session_bus_address")
        || lower.contains("session bus")
        || lower.contains("no such file or directory")
        || lower.contains("connection refused")
    {
        KeychainError::NoSessionBus
    } else if lower.contains("locked") || lower.contains("prompt") {
        KeychainError::Locked
    } else {
        KeychainError::Platform {
            detail: text.chars().take(200).collect(),
        }
    }
}

impl From<KeychainError> for AppError {
    fn from(err: KeychainError) -> Self {
        let code = match err {
            KeychainError::Locked => ErrorCode::KeychainLocked,
            KeychainError::Timeout { .. } => ErrorCode::KeychainTimeout,
            _ => ErrorCode::KeychainUnavailable,
        };
        AppError::new(code, err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform(text: &str) -> KeychainError {
        KeychainError::from_keyring(keyring::Error::PlatformFailure(text.to_string().into()))
    }

    #[test]
    fn recognises_the_errors_seen_on_debian_12() {
        // Texts recorded in PLATFORM-NOTES.md (keyring 3.6.3, Secret Service).
        assert_eq!(
            platform("Dbus(... Unable to autolaunch a dbus-daemon without a $DISPLAY for X11 ...)"),
            KeychainError::NoSessionBus
        );
        assert_eq!(
            platform("Dbus(... The name org.freedesktop.secrets was not provided by any .service files ...)"),
            KeychainError::NoSecretService
        );
        assert_eq!(
            KeychainError::from_keyring(keyring::Error::NoStorageAccess(
                "NoResult".to_string().into()
            )),
            KeychainError::Locked
        );
    }

    #[test]
    fn never_formats_stored_bytes() {
        let err =
            KeychainError::from_keyring(keyring::Error::BadEncoding(b"sbp_oauth_secret".to_vec()));
        assert!(!err.to_string().contains("sbp_oauth"), "{err}");
        assert!(!format!("{err:?}").contains("sbp_oauth"));
    }

    #[test]
    fn maps_to_codes_the_ui_can_act_on() {
        assert_eq!(
            AppError::from(KeychainError::Locked).code,
            ErrorCode::KeychainLocked
        );
        assert_eq!(
            AppError::from(KeychainError::Timeout { seconds: 10 }).code,
            ErrorCode::KeychainTimeout
        );
        assert_eq!(
            AppError::from(KeychainError::NoSecretService).code,
            ErrorCode::KeychainUnavailable
        );
    }
}
