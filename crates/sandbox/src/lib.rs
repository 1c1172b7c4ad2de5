//! A local, faithful emulator of Supabase's OAuth server and Management API.
//!
//! Start one in-process for tests:
//!
//! ```no_run
//! # async fn demo() -> Result<(), latchkey_sandbox::SandboxError> {
//! use latchkey_sandbox::{Sandbox, Seed};
//! let sb = Sandbox::builder().seed(Seed::demo()).admin().start().await?;
//! let api = sb.base_url();          // "http://127.0.0.1:PORT"
//! let client = sb.demo_client();    // id, secret, redirect URIs
//! # let _ = (api, client);
//! sb.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! or as a process: `latchkey-sandbox --port 54321 --admin-port 54322`
//! (see docs/sandbox.md). Wire formats follow Supabase's OpenAPI document,
//! a copy of which ships in `spec/`; errors are `{"message": "..."}`.
//!
//! Neon and Netlify are emulated too, under the path prefixes `/neon` and
//! `/netlify` of the same listener (see `providers` and
//! [`Sandbox::neon_base_url`] / [`Sandbox::netlify_base_url`]).
//!
//! Layout: `oauth/` (authorize, token, revoke), `api/` (Management API),
//! `providers/` (Neon and Netlify),
//! `admin` (test controls, separate listener), `faults`, `rate_limit`,
//! `seed`, `store`, `persist`, `clock`, `server` (accept loop, logging).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::middleware;
use axum::response::IntoResponse;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub mod admin;
mod api;
pub mod clock;
pub mod error;
pub mod faults;
mod ids;
pub mod late_proxy;
pub mod model;
pub mod oauth;
mod params;
mod persist;
pub mod providers;
mod rate_limit;
pub mod seed;
mod server;
mod spec;
mod state;
mod store;

pub use admin::{GrantInfo, PreApprove, SettingsPatch};
pub use clock::{Clock, ClockError, ManualClock, SystemClock};
pub use error::{ApiError, SandboxError};
pub use faults::{ActiveFault, FaultRule};
pub use model::Decision;
pub use providers::seed::{
    NEON_DEMO_API_KEY, NEON_DEMO_CLIENT_ID, NEON_DEMO_USER_ID, NEON_ORG_ENGINES, NEON_ORG_PERSONAL,
    NEON_PERSONAL_PROJECT, NEON_SCOPES, NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_ENGINES,
    NETLIFY_DEMO_ACCESS_TOKEN, NETLIFY_DEMO_CLIENT_ID, NETLIFY_DEMO_USER_ID,
};
pub use providers::Provider;
pub use seed::{Seed, SeedAccessToken, SeedProject};
pub use state::{AuthConfigPatch, Settings};

use crate::state::AppState;
use crate::store::Store;

/// An OAuth client's registration, for tests that drive the OAuth flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    pub id: String,
    pub secret: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
}

/// Configures and starts a [`Sandbox`].
pub struct SandboxBuilder {
    seed: Option<Seed>,
    clock: Arc<dyn Clock>,
    settings: Settings,
    bind: IpAddr,
    port: u16,
    admin_port: Option<u16>,
    state_file: Option<PathBuf>,
    faults: Vec<FaultRule>,
    fault_seed: u64,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            seed: None,
            clock: Arc::new(SystemClock),
            settings: Settings::default(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            admin_port: None,
            state_file: None,
            faults: Vec::new(),
            fault_seed: 0,
        }
    }
}

impl SandboxBuilder {
    /// The data to start with (default: [`Seed::demo`]). Ignored when a
    /// state file already exists.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The clock (default: the system clock). Pass a [`ManualClock`] clone
    /// to control time from the test.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// `expires_in` of access tokens (default 86400 s).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.settings.token_ttl = ttl;
        self
    }

    /// How long new projects stay `COMING_UP` (default 3 s).
    pub fn activation_delay(mut self, delay: Duration) -> Self {
        self.settings.activation_delay = delay;
        self
    }

    /// Authorization-code lifetime (default 5 minutes).
    pub fn code_ttl(mut self, ttl: Duration) -> Self {
        self.settings.code_ttl = ttl;
        self
    }

    /// Management API requests per minute per endpoint per org/user (default 120).
    pub fn rate_limit_per_minute(mut self, n: u32) -> Self {
        self.settings.rate_limit_per_minute = n;
        self
    }

    /// The address to listen on (default 127.0.0.1).
    pub fn bind(mut self, addr: IpAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The API port (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Turns the admin listener on, on any free port.
    pub fn admin(mut self) -> Self {
        self.admin_port.get_or_insert(0);
        self
    }

    /// Turns the admin listener on, on `port` (0: any free port).
    pub fn admin_port(mut self, port: u16) -> Self {
        self.admin_port = Some(port);
        self
    }

    /// Persists state to `path` (loaded at start if it exists).
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Adds a fault rule active from the start.
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// Seeds the random draws of rate-limited faults (default 0).
    pub fn fault_seed(mut self, seed: u64) -> Self {
        self.fault_seed = seed;
        self
    }

    /// Binds the listeners and starts serving.
    pub async fn start(self) -> Result<Sandbox, SandboxError> {
        for rule in &self.faults {
            rule.validate().map_err(|reason| SandboxError::Fault {
                rule: format!("{} {}", rule.method, rule.path),
                reason,
            })?;
        }
        let now = self.clock.now();
        let (store, persister) = match &self.state_file {
            Some(path) => {
                let store = match persist::load(path)? {
                    Some(s) => s,
                    None => Store::from_seed(self.seed.unwrap_or_else(Seed::demo), now)?,
                };
                (store, Some(persist::Persister::new(path.clone())))
            }
            None => (
                Store::from_seed(self.seed.unwrap_or_else(Seed::demo), now)?,
                None,
            ),
        };
        let has_persister = persister.is_some();
        let app = Arc::new(AppState::new(
            store,
            self.settings,
            self.clock,
            faults::FaultSet::new(self.faults, self.fault_seed),
            persister,
        ));
        if has_persister {
            // Write the initial state at once so the file exists from the start.
            persist::save_now(&app)?;
        }

        let (stop_tx, stop_rx) = watch::channel(false);
        let mut tasks = Vec::new();

        let api_addr = SocketAddr::new(self.bind, self.port);
        let listener = TcpListener::bind(api_addr)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: api_addr,
                source,
            })?;
        let api_addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: api_addr,
            source,
        })?;
        tasks.push(tokio::spawn(server::serve(
            listener,
            api_router(app.clone()),
            stop_rx.clone(),
        )));

        let admin_addr = match self.admin_port {
            None => None,
            Some(port) => {
                let addr = SocketAddr::new(self.bind, port);
                let listener = TcpListener::bind(addr)
                    .await
                    .map_err(|source| SandboxError::Bind { addr, source })?;
                let addr = listener
                    .local_addr()
                    .map_err(|source| SandboxError::Bind { addr, source })?;
                tasks.push(tokio::spawn(server::serve(
                    listener,
                    admin_router(app.clone()),
                    stop_rx.clone(),
                )));
                Some(addr)
            }
        };
        if has_persister {
            tasks.push(tokio::spawn(persist::run_saver(
                app.clone(),
                stop_rx.clone(),
            )));
        }
        Ok(Sandbox {
            app,
            base_url: format!("http://{}", display_addr(api_addr)),
            admin_url: admin_addr.map(|a| format!("http://{}", display_addr(a))),
            api_addr,
            admin_addr,
            stop: stop_tx,
            tasks,
        })
    }
}

fn display_addr(a: SocketAddr) -> String {
    match a.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", a.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", a.port()),
    }
}

fn api_router(app: Arc<AppState>) -> Router {
    Router::new()
        .merge(oauth::router())
        .merge(api::router(app.clone()))
        .merge(providers::router(app.clone()))
        .fallback(|uri: axum::http::Uri| async move {
            providers::fault_error(uri.path(), axum::http::StatusCode::NOT_FOUND, "Not Found")
                .unwrap_or_else(|| ApiError::not_found("Not Found").into_response())
        })
        .method_not_allowed_fallback(|uri: axum::http::Uri| async move {
            let status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
            providers::fault_error(uri.path(), status, "Method Not Allowed")
                .unwrap_or_else(|| ApiError::new(status, "Method Not Allowed").into_response())
        })
        .layer(middleware::from_fn_with_state(
            app.clone(),
            server::inject_faults,
        ))
        .layer(middleware::from_fn(server::log_requests))
        .with_state(app)
}

fn admin_router(app: Arc<AppState>) -> Router {
    admin::router()
        .fallback(|| async { ApiError::not_found("Not Found").into_response() })
        .layer(middleware::from_fn(server::log_requests))
        .with_state(app)
}

/// A running sandbox. Dropping it without [`Sandbox::shutdown`] stops the
/// listeners too (their tasks end with the runtime or when the stop signal's
/// sender is dropped).
pub struct Sandbox {
    app: Arc<AppState>,
    base_url: String,
    admin_url: Option<String>,
    api_addr: SocketAddr,
    admin_addr: Option<SocketAddr>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
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

    /// A registered OAuth client by id.
    pub fn client(&self, id: &str) -> Option<ClientInfo> {
        self.app.store().clients.get(id).map(|c| ClientInfo {
            id: c.id.clone(),
            secret: c.secret.clone(),
            name: c.name.clone(),
            redirect_uris: c.redirect_uris.clone(),
        })
    }

    /// The demo client (private-use schemes, loopback, https relay).
    /// Panics if the seed has no such client.
    pub fn demo_client(&self) -> ClientInfo {
        self.client(seed::DEMO_CLIENT_ID)
            .expect("the seed has the demo client")
    }

    /// The strict client (https and loopback only).
    /// Panics if the seed has no such client.
    pub fn strict_client(&self) -> ClientInfo {
        self.client(seed::STRICT_CLIENT_ID)
            .expect("the seed has the strict client")
    }

    /// Neon's origin in the sandbox, `{base_url}/neon`: OAuth at
    /// `/oauth2/auth`, `/oauth2/token`, `/oauth2/revoke`, discovery at
    /// `/.well-known/openid-configuration`, the API at `/api/v2`.
    pub fn neon_base_url(&self) -> String {
        format!("{}{}", self.base_url, providers::neon::PREFIX)
    }

    /// Netlify's origin in the sandbox, `{base_url}/netlify`: `/authorize`,
    /// `/oauth/token`, the API at `/api/v1`.
    pub fn netlify_base_url(&self) -> String {
        format!("{}{}", self.base_url, providers::netlify::PREFIX)
    }

    /// A prefixed provider's OAuth client by id.
    pub fn provider_client(&self, provider: Provider, id: &str) -> Option<ClientInfo> {
        self.app
            .providers()
            .client(provider, id)
            .map(|c| ClientInfo {
                id: c.id.clone(),
                secret: c.secret.clone(),
                name: c.name.clone(),
                redirect_uris: c.redirect_uris.clone(),
            })
    }

    /// Neon's demo client (`dev.latchkey:/oauth/neon`, loopback, …).
    pub fn neon_demo_client(&self) -> ClientInfo {
        self.provider_client(Provider::Neon, NEON_DEMO_CLIENT_ID)
            .expect("the Neon demo client is seeded")
    }

    /// Netlify's demo client (`dev.latchkey:/oauth/netlify`, loopback, …).
    pub fn netlify_demo_client(&self) -> ClientInfo {
        self.provider_client(Provider::Netlify, NETLIFY_DEMO_CLIENT_ID)
            .expect("the Netlify demo client is seeded")
    }

    /// Makes the next authorize request of `provider` answer at once.
    pub fn pre_approve_provider(&self, provider: Provider, decision: Decision) {
        providers::consent::pre_approve(&self.app, provider, decision)
    }

    /// Expires every access token of `provider` now; returns how many.
    pub fn expire_provider_tokens(&self, provider: Provider) -> usize {
        providers::grants::expire_all(&self.app, provider)
    }

    /// Revokes every OAuth grant of `provider`; returns how many were live.
    pub fn revoke_provider_grants(&self, provider: Provider) -> usize {
        providers::grants::revoke_all(&self.app, provider)
    }

    /// The user the consent page is signed in as.
    pub fn current_user(&self) -> String {
        self.app.store().current_user.clone()
    }

    /// Signs the consent page in as another user.
    pub fn set_current_user(&self, user_id: &str) -> Result<(), ApiError> {
        admin::set_current_user(&self.app, user_id)
    }

    /// The organizations (slug, name) a user belongs to.
    pub fn organizations_of(&self, user_id: &str) -> Vec<(String, String)> {
        self.app
            .store()
            .orgs_of(user_id)
            .into_iter()
            .map(|o| (o.slug.clone(), o.name.clone()))
            .collect()
    }

    /// Makes the next authorize request answer at once (see [`PreApprove`]).
    pub fn pre_approve(&self, req: PreApprove) -> Result<(), ApiError> {
        admin::pre_approve(&self.app, req)
    }

    /// Every grant, with token prefixes only.
    pub fn grants(&self) -> Vec<GrantInfo> {
        admin::grants(&self.app)
    }

    /// Revokes a grant now. False if there is no such live grant.
    pub fn revoke_grant(&self, grant_id: &str) -> bool {
        admin::revoke_grant(&self.app, grant_id)
    }

    /// Revokes every grant now; returns how many were live.
    pub fn revoke_all_grants(&self) -> usize {
        admin::revoke_all(&self.app)
    }

    /// Expires access tokens now (one grant's, or all); refresh still works.
    pub fn expire_tokens(&self, grant_id: Option<&str>) -> usize {
        admin::expire_tokens(&self.app, grant_id)
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

    /// Every PATCH /config/auth body received, in order.
    pub fn auth_config_patches(&self) -> Vec<AuthConfigPatch> {
        self.app.patches()
    }

    /// A project's stored auth config, write-only fields (smtp_pass) included.
    pub fn stored_auth_config(
        &self,
        project_ref: &str,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        admin::stored_auth_config(&self.app, project_ref)
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
