//! [`Sandbox`]: the handle on a running sandbox, and the controls every
//! provider shares (faults, settings, the clock, per-provider grants).
//!
//! Each provider adds its own convenience methods in its folder
//! (`providers/supabase/sandbox.rs`, the other providers' `mod.rs`: e.g.
//! `demo_client`, `neon_base_url`), so this file names none of them. Every control calls
//! the same function as the admin API, so in-process tests and the admin
//! listener behave identically.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::builder::SandboxBuilder;
use crate::clock::ClockError;
use crate::error::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::oauth_server::admin as engine;
use crate::oauth_server::model::{Decision, PreApproval};
use crate::persist;
use crate::providers::Provider;
use crate::state::{AppState, Settings};

/// An OAuth client's registration, for tests that drive the OAuth flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    pub id: String,
    pub secret: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
}

/// A running sandbox. Dropping it without [`Sandbox::shutdown`] stops the
/// listeners too (their tasks end with the runtime or when the stop signal's
/// sender is dropped).
pub struct Sandbox {
    pub(crate) app: Arc<AppState>,
    pub(crate) base_url: String,
    pub(crate) admin_url: Option<String>,
    pub(crate) api_addr: SocketAddr,
    pub(crate) admin_addr: Option<SocketAddr>,
    pub(crate) stop: watch::Sender<bool>,
    pub(crate) tasks: Vec<JoinHandle<()>>,
}

impl Sandbox {
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The emulated API's base URL, e.g. `http://127.0.0.1:41234` (no
    /// trailing slash); use it where a client would use
    /// `https://api.supabase.com`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The admin API's base URL, if the admin listener is on.
    pub fn admin_url(&self) -> Option<&str> {
        self.admin_url.as_deref()
    }

    pub fn addr(&self) -> SocketAddr {
        self.api_addr
    }

    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin_addr
    }

    /// A provider's origin in the sandbox: `{base_url}{prefix}`.
    pub fn provider_base_url(&self, provider: Provider) -> String {
        format!("{}{}", self.base_url, provider.prefix())
    }

    /// A provider's OAuth client by id.
    pub fn provider_client(&self, provider: Provider, id: &str) -> Option<ClientInfo> {
        self.app.oauth(provider, |s| {
            s.clients.get(id).map(|c| ClientInfo {
                id: c.id.clone(),
                secret: c.secret.clone(),
                name: c.name.clone(),
                redirect_uris: c.redirect_uris.clone(),
            })
        })
    }

    /// Makes the next authorize request of `provider` answer at once, as the
    /// signed-in user (Supabase: for that user's first organization).
    pub fn pre_approve_provider(&self, provider: Provider, decision: Decision) {
        let pre = PreApproval {
            client_id: None,
            user_id: None,
            tenant: None,
            decision,
        };
        engine::pre_approve(&self.app, provider, pre);
    }

    /// Expires every OAuth access token of `provider` now; returns how many.
    pub fn expire_provider_tokens(&self, provider: Provider) -> usize {
        engine::expire_all(&self.app, provider, None)
    }

    /// Revokes every OAuth grant of `provider`; returns how many were live.
    pub fn revoke_provider_grants(&self, provider: Provider) -> usize {
        engine::revoke_all(&self.app, provider)
    }

    /// Adds a fault rule; returns its id.
    pub fn add_fault(&self, rule: FaultRule) -> Result<u64, ApiError> {
        crate::admin::add_fault(&self.app, rule)
    }

    pub fn remove_fault(&self, id: u64) -> bool {
        self.app.faults.remove(id)
    }

    pub fn clear_faults(&self) {
        self.app.faults.clear()
    }

    pub fn faults(&self) -> Vec<ActiveFault> {
        self.app.faults.list()
    }

    pub fn settings(&self) -> Settings {
        self.app.settings()
    }

    pub fn set_activation_delay(&self, delay: Duration) {
        self.app.update_settings(|s| s.activation_delay = delay);
    }

    pub fn set_token_ttl(&self, ttl: Duration) {
        self.app.update_settings(|s| s.token_ttl = ttl);
    }

    /// Moves the sandbox clock forward (manual clocks only).
    pub fn advance_clock(&self, by: Duration) -> Result<(), ClockError> {
        self.app.clock.advance(by)
    }

    /// Forgets all rate-limit windows.
    pub fn reset_rate_limits(&self) {
        self.app.rate.reset()
    }

    /// Stops accepting connections, lets in-flight requests finish (up to a
    /// few seconds), saves the state file and returns.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
        if let Err(e) = persist::save_now(&self.app) {
            tracing::warn!("state file not saved at shutdown: {e}");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
