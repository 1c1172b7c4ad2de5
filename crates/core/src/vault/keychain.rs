//! Set, get and delete secrets in the OS keychain, off the async runtime's
//! worker threads and with a timeout.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::KeychainError;

/// How long one keychain call may take before we give up on it. Long enough
/// for a slow D-Bus activation of gnome-keyring; short enough that a stuck
/// unlock prompt shows up as a clear message instead of a frozen button.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// A handle on one keychain namespace ("service" in keyring's terms).
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    timeout: Duration,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Stores `secret` under `account`, replacing any previous value in one write.
    pub async fn set(&self, account: &str, secret: &SecretString) -> Result<(), KeychainError> {
        let secret = secret.clone();
        self.call(account, move |entry| {
            entry
                .set_password(secret.expose_secret())
                .map_err(KeychainError::from_keyring)
        })
        .await
    }

    /// Reads the secret under `account`; `None` when there is none.
    pub async fn get(&self, account: &str) -> Result<Option<SecretString>, KeychainError> {
        self.call(account, |entry| match entry.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(KeychainError::from_keyring(err)),
        })
        .await
    }

    /// Deletes the secret under `account`; deleting nothing is not an error.
    pub async fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.call(account, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(KeychainError::from_keyring(err)),
        })
        .await
    }

    async fn call<T, F>(&self, account: &str, op: F) -> Result<T, KeychainError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> Result<T, KeychainError> + Send + 'static,
    {
        let service = self.service.clone();
        let account = account.to_owned();
        let task = tokio::task::spawn_blocking(move || {
            let entry =
                keyring::Entry::new(&service, &account).map_err(KeychainError::from_keyring)?;
            if is_mock(&entry) {
                return Err(KeychainError::MockStore);
            }
            op(&entry)
        });
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join_error)) => Err(KeychainError::Platform {
                detail: format!("the keychain worker stopped unexpectedly ({join_error})"),
            }),
            Err(_) => Err(KeychainError::Timeout {
                seconds: self.timeout.as_secs().max(1),
            }),
        }
    }
}

/// keyring v3 quietly builds mock credentials when no platform store is
/// compiled in; the credential's concrete type is the only tell.
fn is_mock(entry: &keyring::Entry) -> bool {
    entry
        .get_credential()
        .downcast_ref::<keyring::mock::MockCredential>()
        .is_some()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::vault::memory_store;

    /// A keychain backed by the shared in-memory test store.
    pub(crate) fn memory_keychain(service: &str) -> Keychain {
        memory_store::install();
        Keychain::new(service)
    }

    #[tokio::test]
    async fn a_value_round_trips_and_is_replaced_in_one_write() {
        let kc = memory_keychain("test.roundtrip");
        kc.set("supabase:acme", &SecretString::from("one"))
            .await
            .unwrap();
        kc.set("supabase:acme", &SecretString::from("two"))
            .await
            .unwrap();
        let read = kc.get("supabase:acme").await.unwrap().unwrap();
        assert_eq!(read.expose_secret(), "two");
        kc.delete("supabase:acme").await.unwrap();
        assert!(kc.get("supabase:acme").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_missing_item_reads_as_none_and_deletes_quietly() {
        let kc = memory_keychain("test.missing");
        assert!(kc.get("nobody").await.unwrap().is_none());
        kc.delete("nobody").await.unwrap();
    }

    #[test]
    fn keyrings_silent_mock_store_is_recognised() {
        let mock = keyring::mock::default_credential_builder()
            .build(None, "svc", "acct")
            .unwrap();
        assert!(is_mock(&keyring::Entry::new_with_credential(mock)));
    }
}
