//! [`Sandbox`]: the handle on a running sandbox: the controls every provider
//! shares, then each provider's conveniences.
//!
//! Every control does what the admin API (`admin.rs`) does, through the same
//! functions where there is a check or a record to build, so in-process
//! tests and the admin listener behave identically.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::admin::{self, GrantInfo, PreApprove};
use crate::builder::SandboxBuilder;
use crate::clock::ClockError;
use crate::error::ApiError;
use crate::faults::{ActiveFault, FaultRule};
use crate::oauth_server::model::Decision;
use crate::persist;
use crate::providers::plain::{PlainConfig, PLAIN_DEMO_CLIENT_ID};
use crate::providers::supabase::{auth_config::stored_config, seed};
use crate::providers::Provider::{self, Neon, Netlify, Plain, Supabase};
use crate::providers::{neon, netlify};
use crate::state::{AppState, AuthConfigPatch, Settings};

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
        admin::pre_approve_any(&self.app, provider, decision);
    }

    /// Expires every OAuth access token of `provider` now; returns how many.
    pub fn expire_provider_tokens(&self, provider: Provider) -> usize {
        admin::expire_all(&self.app, provider, None)
    }

    /// Revokes every OAuth grant of `provider`; returns how many were live.
    pub fn revoke_provider_grants(&self, provider: Provider) -> usize {
        self.app.oauth(provider, |s| s.revoke_all(self.app.now()))
    }

    /// Mints a personal token of `provider` (a Supabase `sbp_…`, a Neon API
    /// key, a Netlify `nfp_…`) for the signed-in user.
    pub fn mint_personal_token(&self, provider: Provider) -> String {
        admin::mint_personal_token(&self.app, provider, None)
    }

    /// Deletes a personal token: it answers 401 from now on. Whether it
    /// existed.
    pub fn revoke_personal_token(&self, provider: Provider, token: &str) -> bool {
        self.app.oauth(provider, |s| s.revoke_personal_token(token))
    }

    /// Adds a fault rule; returns its id.
    pub fn add_fault(&self, rule: FaultRule) -> Result<u64, ApiError> {
        admin::add_fault(&self.app, rule)
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

    /// `{base_url}/v1/oauth/authorize`.
    pub fn authorize_url(&self) -> String {
        format!("{}/v1/oauth/authorize", self.base_url)
    }

    /// `{base_url}/v1/oauth/token`.
    pub fn token_url(&self) -> String {
        format!("{}/v1/oauth/token", self.base_url)
    }

    /// `{base_url}/v1/oauth/revoke`.
    pub fn revoke_url(&self) -> String {
        format!("{}/v1/oauth/revoke", self.base_url)
    }

    /// A registered Supabase OAuth client by id.
    pub fn client(&self, id: &str) -> Option<ClientInfo> {
        self.provider_client(Supabase, id)
    }

    /// The demo client (private-use schemes, loopback, https relay).
    /// Panics if the seed has no such client.
    pub fn demo_client(&self) -> ClientInfo {
        (self.client(seed::DEMO_CLIENT_ID)).expect("the seed has the demo client")
    }

    /// The strict client (https and loopback only).
    /// Panics if the seed has no such client.
    pub fn strict_client(&self) -> ClientInfo {
        (self.client(seed::STRICT_CLIENT_ID)).expect("the seed has the strict client")
    }

    /// The user the consent page is signed in as.
    pub fn current_user(&self) -> String {
        self.app.oauth(Supabase, |s| s.current_user.clone())
    }

    /// Signs the consent page in as another user.
    pub fn set_current_user(&self, user_id: &str) -> Result<(), ApiError> {
        admin::set_current_user(&self.app, user_id)
    }

    /// The organizations (slug, name) a user belongs to.
    pub fn organizations_of(&self, user_id: &str) -> Vec<(String, String)> {
        let store = self.app.store();
        let orgs = store.orgs_of(user_id).into_iter();
        orgs.map(|o| (o.slug.clone(), o.name.clone())).collect()
    }

    /// Makes the next authorize request answer at once (see [`PreApprove`]).
    pub fn pre_approve(&self, req: PreApprove) -> Result<(), ApiError> {
        admin::pre_approve_org(&self.app, req).map(|_| ())
    }

    /// Every grant, with token prefixes only.
    pub fn grants(&self) -> Vec<GrantInfo> {
        admin::grants(&self.app)
    }

    /// Revokes a grant now. False if there is no such live grant.
    pub fn revoke_grant(&self, grant_id: &str) -> bool {
        let now = self.app.now();
        self.app.oauth(Supabase, |s| s.revoke_grant(grant_id, now))
    }

    /// Revokes every grant now; returns how many were live.
    pub fn revoke_all_grants(&self) -> usize {
        self.revoke_provider_grants(Supabase)
    }

    /// Expires access tokens now (one grant's, or all); refresh still works.
    pub fn expire_tokens(&self, grant_id: Option<&str>) -> usize {
        admin::expire_all(&self.app, Supabase, grant_id)
    }

    /// Every PATCH /config/auth body received, in order.
    pub fn auth_config_patches(&self) -> Vec<AuthConfigPatch> {
        self.app.patches()
    }

    /// A project's stored auth config, write-only fields (smtp_pass) included.
    pub fn stored_auth_config(&self, project_ref: &str) -> Option<Map<String, Value>> {
        let store = self.app.store();
        store.projects.get(project_ref).map(stored_config)
    }

    /// Neon's origin in the sandbox, `{base_url}/neon`: OAuth at
    /// `/oauth2/auth`, `/oauth2/token`, `/oauth2/revoke`, discovery at
    /// `/.well-known/openid-configuration`, the API at `/api/v2`.
    pub fn neon_base_url(&self) -> String {
        self.provider_base_url(Neon)
    }

    /// Neon's demo client (`dev.latchkey:/oauth/neon`, loopback, …).
    pub fn neon_demo_client(&self) -> ClientInfo {
        self.provider_client(Neon, neon::data::NEON_DEMO_CLIENT_ID)
            .expect("the Neon demo client is seeded")
    }

    /// Netlify's origin in the sandbox, `{base_url}/netlify`: `/authorize`,
    /// `/oauth/token`, the API at `/api/v1`.
    pub fn netlify_base_url(&self) -> String {
        self.provider_base_url(Netlify)
    }

    /// Netlify's demo client (`dev.latchkey:/oauth/netlify`, loopback, …).
    pub fn netlify_demo_client(&self) -> ClientInfo {
        self.provider_client(Netlify, netlify::data::NETLIFY_DEMO_CLIENT_ID)
            .expect("the Netlify demo client is seeded")
    }

    /// The plain profile's origin, `{base_url}/plain`.
    pub fn plain_base_url(&self) -> String {
        self.provider_base_url(Plain)
    }

    /// The plain profile's demo client (any `dev.latchkey.debug:/oauth/<id>`,
    /// loopback).
    pub fn plain_demo_client(&self) -> ClientInfo {
        self.provider_client(Plain, PLAIN_DEMO_CLIENT_ID)
            .expect("the plain demo client is seeded")
    }

    pub fn plain_config(&self) -> PlainConfig {
        self.app.data().plain.clone()
    }

    /// Replaces the plain profile's settings; the next request sees them.
    pub fn set_plain_config(&self, config: PlainConfig) {
        self.app.data().plain = config;
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
