//! The shared state behind both listeners, and the knobs that can change
//! while the sandbox runs.
//!
//! Three `std::sync::Mutex`es: the OAuth stores (one per profile), Supabase's
//! persisted records ([`Store`]), and the other providers' records
//! ([`providers::Data`]). Every operation holds a lock for a few
//! microseconds and never across an `.await`, so a blocking lock is both
//! simpler and faster than an async one. Lock order: the OAuth stores may be
//! held while a provider's records are locked (a code exchange checks the
//! tenant), never the other way round. Every mutation of persisted data goes
//! through [`AppState::mutate`] or [`AppState::oauth`], which tell the
//! persister (if any) that the state file is out of date.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use axum::extract::rejection::ExtensionRejection;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::faults::FaultSet;
use crate::oauth_server::grants::Caller;
use crate::oauth_server::store::OAuthStore;
use crate::persist::Persister;
use crate::providers::supabase::store::Store;
use crate::providers::{self, Provider};
use crate::rate_limit::RateLimiter;

/// Settings that tests and the admin API may change at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `expires_in` of access tokens (Supabase: 86400 s).
    pub token_ttl: Duration,
    /// How long a new project stays `COMING_UP`.
    pub activation_delay: Duration,
    /// Lifetime of an authorization code (5 minutes).
    pub code_ttl: Duration,
    /// Lifetime of a consent page that has not been answered.
    pub consent_ttl: Duration,
    /// Management API requests per minute, per endpoint, per organization
    /// (OAuth) or user (personal token). Supabase documents 120.
    pub rate_limit_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_ttl: Duration::from_secs(86_400),
            activation_delay: Duration::from_millis(3_000),
            code_ttl: Duration::from_secs(300),
            consent_ttl: Duration::from_secs(600),
            rate_limit_per_minute: 120,
        }
    }
}

/// One PATCH /v1/projects/{ref}/config/auth body, exactly as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthConfigPatch {
    #[serde(rename = "ref")]
    pub reference: String,
    pub received_at: String,
    /// The HTTP status the sandbox answered with.
    pub status: u16,
    pub body: serde_json::Value,
}

/// The state extractor every handler takes.
pub(crate) type App = axum::extract::State<Arc<AppState>>;
/// The caller the bearer guard let through.
pub(crate) type Auth = axum::Extension<Caller>;

/// What every guarded API handler starts from: the app, and the caller the
/// bearer guard let in (rejected as [`Auth`] is on a route without the guard).
pub(crate) struct Api(pub Arc<AppState>, pub Caller);

impl FromRequestParts<Arc<AppState>> for Api {
    type Rejection = ExtensionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let axum::Extension(caller) = Auth::from_request_parts(parts, app).await?;
        Ok(Self(app.clone(), caller))
    }
}

pub(crate) struct AppState {
    store: Mutex<Store>,
    oauth: Mutex<HashMap<Provider, OAuthStore>>,
    /// The other providers' records (in memory only).
    data: Mutex<providers::Data>,
    settings: Mutex<Settings>,
    pub clock: Arc<dyn Clock>,
    pub faults: FaultSet,
    pub rate: RateLimiter,
    patches: Mutex<Vec<AuthConfigPatch>>,
    rng: Mutex<StdRng>,
    pub persister: Option<Persister>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn new(
        (store, oauth, data): (Store, HashMap<Provider, OAuthStore>, providers::Data),
        settings: Settings,
        clock: Arc<dyn Clock>,
        faults: FaultSet,
        persister: Option<Persister>,
    ) -> Self {
        Self {
            store: Mutex::new(store),
            oauth: Mutex::new(oauth),
            data: Mutex::new(data),
            settings: Mutex::new(settings),
            clock,
            faults,
            rate: RateLimiter::default(),
            patches: Mutex::new(Vec::new()),
            rng: Mutex::new(StdRng::from_entropy()),
            persister,
        }
    }

    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Read access to the store.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// Changes the store and schedules a state-file save.
    pub fn mutate<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        self.saving(f(&mut self.store()))
    }

    /// Runs `f` on one profile's OAuth store and schedules a state-file save.
    pub fn oauth<T>(&self, provider: Provider, f: impl FnOnce(&mut OAuthStore) -> T) -> T {
        self.saving(f(lock(&self.oauth).entry(provider).or_default()))
    }

    /// Tells the persister (if any) that the state file is out of date.
    fn saving<T>(&self, out: T) -> T {
        if let Some(p) = &self.persister {
            p.dirty.notify_one();
        }
        out
    }

    /// Reads what the state file holds: Supabase's records and OAuth store.
    pub fn persisted<T>(&self, f: impl FnOnce(&Store, &OAuthStore) -> T) -> T {
        let mut oauth = lock(&self.oauth);
        let supabase = oauth.entry(providers::PERSISTED).or_default();
        f(&self.store(), supabase)
    }

    /// The other providers' records.
    pub fn data(&self) -> MutexGuard<'_, providers::Data> {
        lock(&self.data)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn update_settings(&self, f: impl FnOnce(&mut Settings)) {
        f(&mut lock(&self.settings))
    }

    /// The CSPRNG for tokens, codes and refs.
    pub fn rng(&self) -> MutexGuard<'_, StdRng> {
        lock(&self.rng)
    }

    pub fn record_patch(&self, patch: AuthConfigPatch) {
        lock(&self.patches).push(patch);
    }

    pub fn patches(&self) -> Vec<AuthConfigPatch> {
        lock(&self.patches).clone()
    }

    pub fn clear_patches(&self) {
        lock(&self.patches).clear();
    }
}
