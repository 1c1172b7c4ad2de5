//! The start-up round trip: write, read back and delete a throwaway item, so
//! the status bar reports what the keychain actually does, not what we hope.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use ts_rs::TS;

use super::{Keychain, KeychainError};

/// Account name of the probe item; it holds nothing secret.
const PROBE_ACCOUNT: &str = "latchkey-keychain-probe";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeychainState {
    Ok,
    Locked,
    Unavailable,
    Timeout,
}

/// What the status bar shows: "Keychain: Secret Service — OK", or the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KeychainStatus {
    /// Human name of the platform store ("Secret Service", "macOS Keychain"…).
    pub backend: String,
    pub state: KeychainState,
    /// What is wrong and what to do; `None` when the state is `ok`.
    pub problem: Option<String>,
}

/// The platform store compiled into this build.
pub const fn backend_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service"
    }
}

impl KeychainStatus {
    fn from_result(result: Result<(), KeychainError>) -> Self {
        let state = match &result {
            Ok(()) => KeychainState::Ok,
            Err(KeychainError::Locked) => KeychainState::Locked,
            Err(KeychainError::Timeout { .. }) => KeychainState::Timeout,
            Err(_) => KeychainState::Unavailable,
        };
        Self {
            backend: backend_name().to_string(),
            state,
            problem: result.err().map(|e| e.to_string()),
        }
    }
}

impl Keychain {
    /// Round-trips a throwaway value and reports the outcome.
    pub async fn probe(&self, nonce: u64) -> KeychainStatus {
        KeychainStatus::from_result(self.round_trip(nonce).await)
    }

    async fn round_trip(&self, nonce: u64) -> Result<(), KeychainError> {
        let written = SecretString::from(format!("probe-{nonce}"));
        self.set(PROBE_ACCOUNT, &written).await?;
        let read = self.get(PROBE_ACCOUNT).await?;
        self.delete(PROBE_ACCOUNT).await?;
        match read {
            Some(value) if value.expose_secret() == written.expose_secret() => Ok(()),
            _ => Err(KeychainError::Platform {
                detail: "a value written to the keychain did not read back the same".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::keychain::tests::memory_keychain;

    #[tokio::test]
    async fn a_working_store_reports_ok_and_leaves_nothing_behind() {
        let kc = memory_keychain("test.probe");
        let status = kc.probe(42).await;
        assert_eq!(status.state, KeychainState::Ok, "{status:?}");
        assert_eq!(status.problem, None);
        assert!(kc.get(PROBE_ACCOUNT).await.unwrap().is_none());
    }

    #[test]
    fn a_failure_carries_the_message_that_says_what_to_do() {
        let status = KeychainStatus::from_result(Err(KeychainError::NoSecretService));
        assert_eq!(status.state, KeychainState::Unavailable);
        assert!(status.problem.unwrap().contains("GNOME Keyring"));
    }
}
