//! Set, get and delete secrets in the OS keychain, off the async runtime's
//! worker threads and with a timeout.
//!
//! A timeout cannot cancel a keychain call: the blocking D-Bus request keeps
//! going (an unlock prompt may still be open) and may complete later. So
//! calls are queued per item (service + account), process-wide, whichever
//! [`Keychain`] handle makes them:
//!
//! - An operation starts only after the previous one on the same item has
//!   really finished, not merely timed out for its caller. Writes and deletes
//!   therefore land in the order they were made, and the item ends up holding
//!   the last value written: a stale token pair whose write timed out can
//!   never land over a newer one, and a late delete never removes tokens
//!   stored after it.
//! - A write or delete whose caller got [`KeychainError::Timeout`] still runs
//!   (it may already be under way); the caller must treat it as "may or may
//!   not have happened" and write again, which the session does.
//! - A read whose caller has given up before it started is skipped.
//! - The timeout covers waiting in the queue, so a stuck item shows up as a
//!   timeout on that item, and other items are not held up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
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
        self.call(account, Kind::Write, move |entry| {
            entry
                .set_password(secret.expose_secret())
                .map_err(KeychainError::from_keyring)
        })
        .await
    }

    /// Reads the secret under `account`; `None` when there is none.
    pub async fn get(&self, account: &str) -> Result<Option<SecretString>, KeychainError> {
        self.call(account, Kind::Read, |entry| match entry.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(KeychainError::from_keyring(err)),
        })
        .await
    }

    /// Deletes the secret under `account`; deleting nothing is not an error.
    pub async fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.call(account, Kind::Write, |entry| {
            match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(err) => Err(KeychainError::from_keyring(err)),
            }
        })
        .await
    }

    async fn call<T, F>(&self, account: &str, kind: Kind, op: F) -> Result<T, KeychainError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> Result<T, KeychainError> + Send + 'static,
    {
        let service = self.service.clone();
        let account = account.to_owned();
        let queue = item_queue(&service, &account);
        let (answer, answered) = tokio::sync::oneshot::channel();
        // Detached: it keeps its place in the item's queue until the blocking
        // call has returned, even when our caller stops waiting for it.
        tokio::spawn(async move {
            let _turn = queue.lock_owned().await;
            if kind == Kind::Read && answer.is_closed() {
                return;
            }
            let result = tokio::task::spawn_blocking(move || {
                let entry =
                    keyring::Entry::new(&service, &account).map_err(KeychainError::from_keyring)?;
                if is_mock(&entry) {
                    return Err(KeychainError::MockStore);
                }
                op(&entry)
            })
            .await
            .unwrap_or_else(|join_error| {
                Err(KeychainError::Platform {
                    detail: format!("the keychain worker stopped unexpectedly ({join_error})"),
                })
            });
            let _ = answer.send(result);
        });
        match tokio::time::timeout(self.timeout, answered).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(KeychainError::Platform {
                detail: "the keychain worker stopped unexpectedly".to_owned(),
            }),
            Err(_) => Err(KeychainError::Timeout {
                seconds: self.timeout.as_secs().max(1),
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

/// The queue of one keychain item: an async mutex held for the whole of each
/// call on it. Entries nobody holds are dropped as new ones are made, so the
/// map stays as small as the set of items in use.
fn item_queue(service: &str, account: &str) -> Arc<tokio::sync::Mutex<()>> {
    type Queues = HashMap<(String, String), Arc<tokio::sync::Mutex<()>>>;
    static QUEUES: OnceLock<Mutex<Queues>> = OnceLock::new();
    let mut queues = QUEUES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Clones are only made under this lock, so a count of 1 means idle.
    queues.retain(|_, queue| Arc::strong_count(queue) > 1);
    queues
        .entry((service.to_owned(), account.to_owned()))
        .or_default()
        .clone()
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

    /// How long the stalled write takes, against the caller's timeout.
    const STALL: Duration = Duration::from_millis(600);
    const SHORT: Duration = Duration::from_millis(100);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_that_timed_out_never_lands_over_a_later_write() {
        let kc = memory_keychain("test.late-write").with_timeout(SHORT);
        let patient = kc.clone().with_timeout(STALL * 4);
        memory_store::delay_next_write("test.late-write", "supabase:acme", STALL);

        let first = kc.set("supabase:acme", &SecretString::from("T1")).await;
        assert!(
            matches!(first, Err(KeychainError::Timeout { .. })),
            "the stalled write reports a timeout: {first:?}"
        );
        patient
            .set("supabase:acme", &SecretString::from("T2"))
            .await
            .expect("the next write waits for the stalled one, then lands");
        tokio::time::sleep(STALL).await; // long after T1 finished

        let stored = patient.get("supabase:acme").await.unwrap().unwrap();
        assert_eq!(
            stored.expose_secret(),
            "T2",
            "the newer pair must survive the stale write that finished late"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_delete_that_timed_out_never_removes_a_later_write() {
        let kc = memory_keychain("test.late-delete").with_timeout(SHORT);
        let patient = kc.clone().with_timeout(STALL * 4);
        patient
            .set("supabase:acme", &SecretString::from("old"))
            .await
            .unwrap();
        memory_store::delay_next_write("test.late-delete", "supabase:acme", STALL);

        let forget = kc.delete("supabase:acme").await;
        assert!(
            matches!(forget, Err(KeychainError::Timeout { .. })),
            "the stalled delete reports a timeout: {forget:?}"
        );
        patient
            .set("supabase:acme", &SecretString::from("fresh"))
            .await
            .expect("the re-connect's write waits for the stalled delete, then lands");
        tokio::time::sleep(STALL).await;

        let stored = patient.get("supabase:acme").await.unwrap();
        assert_eq!(
            stored.as_ref().map(|s| s.expose_secret()),
            Some("fresh"),
            "a late delete must not remove the tokens stored after it"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn other_accounts_are_not_held_up_by_a_stalled_one() {
        let kc = memory_keychain("test.independent").with_timeout(SHORT);
        memory_store::delay_next_write("test.independent", "stuck", STALL);
        let stalled = kc.set("stuck", &SecretString::from("x")).await;
        assert!(matches!(stalled, Err(KeychainError::Timeout { .. })));
        kc.set("free", &SecretString::from("y"))
            .await
            .expect("a different account has its own queue");
    }

    #[test]
    fn keyrings_silent_mock_store_is_recognised() {
        let mock = keyring::mock::default_credential_builder()
            .build(None, "svc", "acct")
            .unwrap();
        assert!(is_mock(&keyring::Entry::new_with_credential(mock)));
    }
}
