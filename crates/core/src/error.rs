//! The one error shape that crosses into the webview: `{code, message}`.
//!
//! `code` tells the UI how to react (show Reconnect, offer Retry, wait…);
//! `message` is a sentence a person can act on. Neither ever carries a token,
//! an authorization code, a verifier, a client secret or a raw upstream body:
//! domain errors are mapped here through their `Display`, which is written for
//! people and never interpolates secrets.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The OS keychain cannot be reached at all (no Secret Service, no D-Bus).
    KeychainUnavailable,
    /// The keychain is there but locked; the user must unlock it.
    KeychainLocked,
    /// The keychain did not answer in time.
    KeychainTimeout,
    /// The input was rejected before anything was sent.
    Validation,
    /// The grant is gone: offer Reconnect.
    NeedsReconnect,
    /// The provider asked us to slow down; the message says how long.
    RateLimited,
    /// The provider could not be reached.
    Network,
    /// The provider refused (a 4xx other than the ones above, or 5xx).
    Provider,
    /// The user declined in the browser.
    Denied,
    /// Something must be set up first (e.g. the OAuth client secret).
    NotConfigured,
    /// The OAuth app lacks a scope the action needs; the message names it.
    MissingScope,
    /// The user cancelled.
    Cancelled,
    /// Something that should exist does not.
    NotFound,
    /// Anything else; the message says what happened.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// For a `validation` error: the request field it is about, so the form
    /// can show the message beside that input instead of repeating the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A validation error about `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(ErrorCode::Validation, message)
        }
    }
}

impl From<crate::net::NetworkSettingsError> for AppError {
    fn from(err: crate::net::NetworkSettingsError) -> Self {
        match err {
            crate::net::NetworkSettingsError::Invalid { field, message } => {
                AppError::invalid(field, message)
            }
            other => AppError::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_names_its_field_and_others_carry_none() {
        let invalid = serde_json::to_value(AppError::invalid(
            "db_password",
            "Use at least 12 characters.",
        ))
        .unwrap();
        assert_eq!(
            invalid,
            serde_json::json!({"code": "validation", "message": "Use at least 12 characters.", "field": "db_password"})
        );
        let other = serde_json::to_value(AppError::new(ErrorCode::Network, "offline")).unwrap();
        assert!(other.get("field").is_none(), "{other}");
        let from_core = AppError::from(crate::connect::ConnectError::Invalid {
            field: "name",
            message: "Give the project a name.".into(),
        });
        assert_eq!(from_core.field.as_deref(), Some("name"));
        assert_eq!(from_core.code, ErrorCode::Validation);
    }

    #[test]
    fn serializes_as_code_and_message_the_ui_branches_on() {
        let err = AppError::new(ErrorCode::KeychainLocked, "Unlock your keyring.");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "keychain_locked", "message": "Unlock your keyring."})
        );
    }
}
