//! Fresh access tokens for API calls.
//!
//! Invariants:
//! - Single flight per connection: every caller of a connection goes through
//!   one async lock around its token slot, so 100 concurrent calls with an
//!   expired token make exactly one refresh request.
//! - A rotated pair is written to the keychain before its access token is
//!   handed out. If that write fails, the pair stays in memory marked
//!   unsaved (Supabase has already invalidated the old refresh token), the
//!   caller hears [`SessionError::RenewalNotSaved`] (unlock before quitting,
//!   or the connection is lost), the next call retries the write before
//!   using it, and [`Session::save_unsaved`] retries them all at exit.
//! - Only a refresh the provider answers "this grant is gone" (see
//!   [`TokenError::grant_is_dead`]) purges the tokens from memory and
//!   keychain and gives the caller `NeedsReconnect`. Any other failure (a
//!   refused client secret, a proxy's 400, a 5xx, a timeout) keeps them.
//! - Single flight across processes too, when the session has
//!   [`RefreshLocks`]: a refresh holds the connection's file lock from
//!   re-reading the keychain (another process may have renewed the pair
//!   while this one waited: then that pair is used, nothing is sent) to
//!   saving the renewed pair, so no two processes ever send one refresh
//!   token.
//! - Time comes from an injected clock, so expiry rules are tested directly.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex as AsyncMutex;

use super::refresh_lock::RefreshLocks;
use super::ConnectionId;
use crate::oauth::token_client::TokenError;
use crate::oauth::tokens::TokenSet;
use crate::vault::{Keychain, KeychainError};

/// Trades a refresh token for a new pair (the token client, or a test fake).
pub trait Refresh: Send + Sync {
    fn refresh(
        &self,
        connection: &ConnectionId,
        refresh_token: &SecretString,
        now: u64,
    ) -> impl Future<Output = Result<TokenSet, SessionError>> + Send;
}

pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// Unix seconds from the system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("This connection has no saved sign-in. Connect it again.")]
    NotConnected,
    #[error(
        "The sign-in for this organization was revoked or has expired. Reconnect to continue."
    )]
    NeedsReconnect,
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    /// The provider renewed the sign-in (and forgot the old one), but the
    /// keychain refused the new pair: it lives only in memory until saved.
    #[error("The sign-in was renewed, but the keychain did not save it. Unlock the keychain and press Refresh before you quit Latchkey, or this organization will need a new sign-in.")]
    RenewalNotSaved(KeychainError),
    #[error(transparent)]
    Token(#[from] TokenError),
}

#[derive(Default)]
struct Slot {
    tokens: Option<TokenSet>,
    /// Rotated tokens the keychain has not accepted yet.
    unsaved: bool,
}

pub struct Session<R> {
    refresher: R,
    keychain: Keychain,
    clock: Clock,
    slots: std::sync::Mutex<HashMap<ConnectionId, Arc<AsyncMutex<Slot>>>>,
    /// Serialises refreshes with other processes; `None` in unit tests that
    /// have only this one.
    locks: Option<RefreshLocks>,
}

impl<R: Refresh> Session<R> {
    pub fn new(refresher: R, keychain: Keychain, clock: Clock) -> Self {
        Self {
            refresher,
            keychain,
            clock,
            slots: Default::default(),
            locks: None,
        }
    }

    /// Also serialises refreshes with other processes through `locks`.
    pub fn with_refresh_locks(mut self, locks: RefreshLocks) -> Self {
        self.locks = Some(locks);
        self
    }

    fn slot(&self, id: &ConnectionId) -> Arc<AsyncMutex<Slot>> {
        self.slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(id.clone())
            .or_default()
            .clone()
    }

    /// Saves a new connection's tokens (keychain first, then memory).
    pub async fn store(&self, id: &ConnectionId, tokens: TokenSet) -> Result<(), SessionError> {
        let slot = self.slot(id);
        let mut slot = slot.lock().await;
        self.keychain
            .set(&id.keychain_account(), &tokens.to_keychain_value())
            .await?;
        *slot = Slot {
            tokens: Some(tokens),
            unsaved: false,
        };
        Ok(())
    }

    /// A valid access token, refreshed first when it is due.
    pub async fn access_token(&self, id: &ConnectionId) -> Result<SecretString, SessionError> {
        let slot = self.slot(id);
        let mut slot = slot.lock().await;
        self.load(id, &mut slot).await?;
        let due = slot
            .tokens
            .as_ref()
            .is_some_and(|t| t.needs_refresh((self.clock)()));
        if due {
            self.refresh_locked(id, &mut slot).await?;
        }
        self.hand_out(id, &mut slot).await
    }

    /// Called after the API answered 401 to `rejected`: refreshes once, unless
    /// a concurrent caller already replaced that token.
    pub async fn after_unauthorized(
        &self,
        id: &ConnectionId,
        rejected: &SecretString,
    ) -> Result<SecretString, SessionError> {
        let slot = self.slot(id);
        let mut slot = slot.lock().await;
        self.load(id, &mut slot).await?;
        let still_current = slot
            .tokens
            .as_ref()
            .is_some_and(|t| t.access_token.expose_secret() == rejected.expose_secret());
        if still_current {
            self.refresh_locked(id, &mut slot).await?;
        }
        self.hand_out(id, &mut slot).await
    }

    /// Removes the tokens from memory and keychain, returning them (for a
    /// best-effort revoke).
    pub async fn forget(&self, id: &ConnectionId) -> Result<Option<TokenSet>, SessionError> {
        let slot = self.slot(id);
        let mut slot = slot.lock().await;
        let loaded = match slot.tokens.take() {
            Some(t) => Some(t),
            None => self
                .keychain
                .get(&id.keychain_account())
                .await?
                .and_then(|v| TokenSet::from_keychain_value(&v)),
        };
        self.keychain.delete(&id.keychain_account()).await?;
        *slot = Slot::default();
        Ok(loaded)
    }

    async fn load(&self, id: &ConnectionId, slot: &mut Slot) -> Result<(), SessionError> {
        if slot.tokens.is_none() {
            let stored = self.keychain.get(&id.keychain_account()).await?;
            slot.tokens = stored.as_ref().and_then(TokenSet::from_keychain_value);
        }
        if slot.tokens.is_none() {
            return Err(SessionError::NotConnected);
        }
        Ok(())
    }

    async fn refresh_locked(&self, id: &ConnectionId, slot: &mut Slot) -> Result<(), SessionError> {
        let _across_processes = match &self.locks {
            Some(locks) => match locks.hold(id).await {
                Ok(guard) => Some(guard),
                Err(err) => {
                    // Refreshing anyway is what every version before this did.
                    tracing::warn!(%err, "could not take the refresh lock; refreshing without it");
                    None
                }
            },
            None => None,
        };
        if self.locks.is_some() && !slot.unsaved && self.renewed_elsewhere(id, slot).await? {
            return Ok(());
        }
        let refresh_token = slot
            .tokens
            .as_ref()
            .and_then(|t| t.refresh_token.clone())
            .ok_or(SessionError::NeedsReconnect)?;
        match self
            .refresher
            .refresh(id, &refresh_token, (self.clock)())
            .await
        {
            Ok(tokens) => {
                // Saved before the lock is released, so another process that
                // takes it next reads this pair, not the spent one.
                let saved = self
                    .keychain
                    .set(&id.keychain_account(), &tokens.to_keychain_value())
                    .await;
                slot.tokens = Some(tokens);
                slot.unsaved = saved.is_err();
                Ok(())
            }
            Err(SessionError::Token(err)) if err.grant_is_dead() => {
                *slot = Slot::default();
                self.keychain.delete(&id.keychain_account()).await?;
                Err(SessionError::NeedsReconnect)
            }
            Err(err) => Err(err),
        }
    }

    /// Whether the keychain holds another pair than this slot: another
    /// process renewed it while this one waited for the lock. The slot takes
    /// that pair.
    async fn renewed_elsewhere(
        &self,
        id: &ConnectionId,
        slot: &mut Slot,
    ) -> Result<bool, SessionError> {
        let stored = match self.keychain.get(&id.keychain_account()).await {
            Ok(value) => value.as_ref().and_then(TokenSet::from_keychain_value),
            // A locked keychain cannot tell; refresh from memory as before
            // (the save then reports RenewalNotSaved).
            Err(_) => return Ok(false),
        };
        let Some(stored) = stored else {
            // Disconnected elsewhere meanwhile.
            *slot = Slot::default();
            return Err(SessionError::NotConnected);
        };
        let ours = slot
            .tokens
            .as_ref()
            .map(|t| t.access_token.expose_secret().to_owned());
        if ours.as_deref() == Some(stored.access_token.expose_secret()) {
            return Ok(false);
        }
        slot.tokens = Some(stored);
        Ok(true)
    }

    /// Saves unsaved tokens, then returns the access token.
    async fn hand_out(
        &self,
        id: &ConnectionId,
        slot: &mut Slot,
    ) -> Result<SecretString, SessionError> {
        let tokens = slot.tokens.as_ref().ok_or(SessionError::NotConnected)?;
        if slot.unsaved {
            self.keychain
                .set(&id.keychain_account(), &tokens.to_keychain_value())
                .await
                .map_err(SessionError::RenewalNotSaved)?;
            slot.unsaved = false;
        }
        Ok(tokens.access_token.clone())
    }

    /// Tries once more to save every renewed pair the keychain refused
    /// before (called when the app is about to exit). Returns the
    /// connections whose renewed sign-in is still only in memory.
    pub async fn save_unsaved(&self) -> Vec<ConnectionId> {
        let slots: Vec<(ConnectionId, Arc<AsyncMutex<Slot>>)> = self
            .slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(id, slot)| (id.clone(), slot.clone()))
            .collect();
        let mut still_unsaved = Vec::new();
        for (id, slot) in slots {
            let mut slot = slot.lock().await;
            if !slot.unsaved {
                continue;
            }
            let saved = match &slot.tokens {
                Some(tokens) => self
                    .keychain
                    .set(&id.keychain_account(), &tokens.to_keychain_value())
                    .await
                    .is_ok(),
                None => true,
            };
            if saved {
                slot.unsaved = false;
            } else {
                still_unsaved.push(id);
            }
        }
        still_unsaved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::HttpFailure;
    use crate::vault::memory_store;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// Counts refreshes; hands out `access-N` / `refresh-N`, or fails as told.
    #[derive(Default)]
    struct FakeRefresher {
        calls: AtomicUsize,
        fail_with: Option<TokenError>,
    }

    /// A refusal with this status, provider message and OAuth error code.
    fn refused(status: u16, message: Option<&str>, oauth_error: Option<&str>) -> TokenError {
        TokenError::Refused {
            provider: "Supabase".into(),
            failure: HttpFailure::Status {
                status,
                message: message.map(str::to_owned),
                oauth_error: oauth_error.map(str::to_owned),
                retry_after: None,
            },
        }
    }

    impl Refresh for FakeRefresher {
        async fn refresh(
            &self,
            _: &ConnectionId,
            _: &SecretString,
            now: u64,
        ) -> Result<TokenSet, SessionError> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            // Make concurrent callers really overlap with the request.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if let Some(err) = &self.fail_with {
                return Err(SessionError::Token(err.clone()));
            }
            Ok(TokenSet {
                access_token: SecretString::from(format!("access-{n}")),
                refresh_token: Some(SecretString::from(format!("refresh-{n}"))),
                expires_at: Some(now + 3600),
                granted_scopes: None,
            })
        }
    }

    fn session(
        refresher: FakeRefresher,
        service: &str,
        now: Arc<AtomicU64>,
    ) -> Arc<Session<FakeRefresher>> {
        memory_store::install();
        let clock: Clock = Arc::new(move || now.load(Ordering::SeqCst));
        Arc::new(Session::new(refresher, Keychain::new(service), clock))
    }

    fn expired_at(at: u64) -> TokenSet {
        TokenSet {
            access_token: SecretString::from("access-0"),
            refresh_token: Some(SecretString::from("refresh-0")),
            expires_at: Some(at),
            granted_scopes: None,
        }
    }

    /// A provider that rotates: a refresh token works once, and a spent one
    /// is answered 404 (Supabase), which purges the connection.
    #[derive(Default)]
    struct RotatingProvider {
        spent: std::sync::Mutex<Vec<String>>,
        calls: AtomicUsize,
    }

    struct Process(Arc<RotatingProvider>);

    impl Refresh for Process {
        async fn refresh(
            &self,
            _: &ConnectionId,
            refresh_token: &SecretString,
            now: u64,
        ) -> Result<TokenSet, SessionError> {
            let n = self.0.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let reused = {
                let mut spent = self.0.spent.lock().unwrap();
                let token = refresh_token.expose_secret().to_owned();
                let reused = spent.contains(&token);
                spent.push(token);
                reused
            };
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            if reused {
                return Err(SessionError::Token(refused(
                    404,
                    Some("Refresh token not found"),
                    None,
                )));
            }
            Ok(TokenSet {
                access_token: SecretString::from(format!("access-{n}")),
                refresh_token: Some(SecretString::from(format!("refresh-{n}"))),
                expires_at: Some(now + 3600),
                granted_scopes: None,
            })
        }
    }

    /// Two sessions on one keychain stand for the app and the CLI: separate
    /// in-memory slots, so only the file lock can keep them apart.
    async fn two_processes_refreshing(
        service: &str,
        locked: bool,
    ) -> (usize, Vec<Result<SecretString, SessionError>>) {
        memory_store::install();
        let provider = Arc::new(RotatingProvider::default());
        let dir = tempfile::tempdir().unwrap();
        let clock: Clock = Arc::new(|| 10_000);
        let process = || {
            let s = Session::new(
                Process(provider.clone()),
                Keychain::new(service),
                clock.clone(),
            );
            Arc::new(if locked {
                s.with_refresh_locks(RefreshLocks::new(dir.path()))
            } else {
                s
            })
        };
        let (app, cli) = (process(), process());
        let id = ConnectionId::new("supabase", "acme");
        app.store(&id, expired_at(9_000)).await.unwrap();
        let calls = (0..50).flat_map(|_| [app.clone(), cli.clone()]).map(|s| {
            let id = id.clone();
            tokio::spawn(async move { s.access_token(&id).await })
        });
        let results = futures::future::join_all(calls)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        (provider.calls.load(Ordering::SeqCst), results)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_processes_on_one_expired_grant_refresh_once_and_lose_nothing() {
        let (requests, results) = two_processes_refreshing("test.session.two-procs", true).await;
        assert_eq!(requests, 1, "one refresh request for both processes");
        for r in &results {
            assert_eq!(
                r.as_ref().map(|t| t.expose_secret().to_owned()),
                Ok("access-1".to_owned())
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn without_the_lock_the_second_process_spends_the_grant() {
        // What the lock prevents: both send refresh-0, the provider refuses
        // the second, and that process purges a connection that was fine.
        let (requests, results) =
            two_processes_refreshing("test.session.two-procs-unlocked", false).await;
        assert_eq!(requests, 2);
        assert!(
            results
                .iter()
                .any(|r| matches!(r, Err(SessionError::NeedsReconnect))),
            "the race loses the connection without the lock"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_hundred_concurrent_calls_with_an_expired_token_refresh_once() {
        let now = Arc::new(AtomicU64::new(10_000));
        let s = session(FakeRefresher::default(), "test.session.flight", now);
        let id = ConnectionId::new("supabase", "acme");
        s.store(&id, expired_at(9_000)).await.unwrap();

        let calls = (0..100).map(|_| {
            let s = s.clone();
            let id = id.clone();
            tokio::spawn(async move { s.access_token(&id).await.unwrap() })
        });
        let tokens = futures_join(calls).await;
        assert_eq!(
            s.refresher.calls.load(Ordering::SeqCst),
            1,
            "exactly one token request"
        );
        assert!(tokens.iter().all(|t| t.expose_secret() == "access-1"));
    }

    #[tokio::test]
    async fn the_rotated_pair_is_in_the_keychain_before_it_is_used() {
        let now = Arc::new(AtomicU64::new(10_000));
        let s = session(FakeRefresher::default(), "test.session.saved", now);
        let id = ConnectionId::new("supabase", "acme");
        s.store(&id, expired_at(10_100)).await.unwrap(); // inside the 5-minute margin
        let token = s.access_token(&id).await.unwrap();
        assert_eq!(token.expose_secret(), "access-1");
        let stored = s
            .keychain
            .get(&id.keychain_account())
            .await
            .unwrap()
            .unwrap();
        let stored = TokenSet::from_keychain_value(&stored).unwrap();
        assert_eq!(stored.refresh_token.unwrap().expose_secret(), "refresh-1");
    }

    #[tokio::test]
    async fn a_fresh_token_is_used_without_refreshing() {
        let now = Arc::new(AtomicU64::new(10_000));
        let s = session(FakeRefresher::default(), "test.session.fresh", now);
        let id = ConnectionId::new("supabase", "acme");
        s.store(&id, expired_at(20_000)).await.unwrap();
        assert_eq!(
            s.access_token(&id).await.unwrap().expose_secret(),
            "access-0"
        );
        assert_eq!(s.refresher.calls.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_401_refreshes_once_even_when_many_callers_saw_it() {
        let now = Arc::new(AtomicU64::new(10_000));
        let s = session(FakeRefresher::default(), "test.session.401", now);
        let id = ConnectionId::new("supabase", "acme");
        s.store(&id, expired_at(20_000)).await.unwrap();
        let rejected = SecretString::from("access-0");
        let first = s.after_unauthorized(&id, &rejected).await.unwrap();
        let second = s.after_unauthorized(&id, &rejected).await.unwrap();
        assert_eq!(first.expose_secret(), "access-1");
        assert_eq!(second.expose_secret(), "access-1");
        assert_eq!(s.refresher.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_dead_grant_purges_the_tokens_and_asks_for_reconnect() {
        let dead = [
            // Supabase: a rotated or revoked refresh token.
            refused(404, Some("No such refresh token found"), None),
            // RFC 6749 (Neon's Hydra).
            refused(400, Some("invalid_grant: expired"), Some("invalid_grant")),
        ];
        for (n, err) in dead.into_iter().enumerate() {
            let now = Arc::new(AtomicU64::new(10_000));
            let refresher = FakeRefresher {
                fail_with: Some(err),
                ..Default::default()
            };
            let s = session(refresher, &format!("test.session.dead.{n}"), now);
            let id = ConnectionId::new("supabase", "acme");
            s.store(&id, expired_at(9_000)).await.unwrap();
            assert_eq!(
                s.access_token(&id).await.unwrap_err(),
                SessionError::NeedsReconnect
            );
            assert!(s
                .keychain
                .get(&id.keychain_account())
                .await
                .unwrap()
                .is_none());
            assert_eq!(
                s.access_token(&id).await.unwrap_err(),
                SessionError::NotConnected
            );
        }
    }

    #[tokio::test]
    async fn failures_that_are_not_a_dead_grant_keep_the_tokens() {
        let kept = [
            // A wrong or rotated client secret (M3 in the security review).
            TokenError::ClientRejected {
                provider: "Supabase".into(),
            },
            refused(401, Some("Invalid client credentials"), None),
            refused(400, None, Some("invalid_client")),
            // A proxy's own 400 and 404 pages carry no provider JSON.
            refused(400, None, None),
            refused(404, None, None),
            refused(503, None, None),
            refused(429, Some("slow down"), None),
        ];
        for (n, err) in kept.into_iter().enumerate() {
            let now = Arc::new(AtomicU64::new(10_000));
            let refresher = FakeRefresher {
                fail_with: Some(err.clone()),
                ..Default::default()
            };
            let s = session(refresher, &format!("test.session.kept.{n}"), now);
            let id = ConnectionId::new("supabase", "acme");
            s.store(&id, expired_at(9_000)).await.unwrap();
            assert_eq!(
                s.access_token(&id).await.unwrap_err(),
                SessionError::Token(err.clone()),
                "the caller hears what went wrong"
            );
            assert!(
                s.keychain
                    .get(&id.keychain_account())
                    .await
                    .unwrap()
                    .is_some(),
                "{err:?} must not purge a grant that may still work"
            );
        }
    }

    #[tokio::test]
    async fn forget_returns_the_tokens_and_clears_the_keychain() {
        let now = Arc::new(AtomicU64::new(10_000));
        let s = session(FakeRefresher::default(), "test.session.forget", now);
        let id = ConnectionId::new("supabase", "acme");
        s.store(&id, expired_at(20_000)).await.unwrap();
        let forgotten = s.forget(&id).await.unwrap().unwrap();
        assert_eq!(forgotten.access_token.expose_secret(), "access-0");
        assert!(s
            .keychain
            .get(&id.keychain_account())
            .await
            .unwrap()
            .is_none());
    }

    async fn futures_join<T: Send + 'static>(
        handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
    }
}
