//! [`SandboxBuilder`]: configuration, start-up and the two routers. Fault
//! rules are checked before anything is bound, and a state file, if one
//! exists, wins over the seed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{StatusCode, Uri};
use axum::middleware;
use axum::response::IntoResponse;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::{Clock, SystemClock};
use crate::error::{ApiError, SandboxError};
use crate::faults::{self, FaultRule};
use crate::providers::plain::PlainConfig;
use crate::providers::supabase::seed::Seed;
use crate::providers::supabase::store::Store;
use crate::state::{AppState, Settings};
use crate::{admin, persist, providers, server, Sandbox};

/// Configures and starts a [`Sandbox`]. `None` stands for the defaults the
/// setters name.
#[derive(Default)]
pub struct SandboxBuilder {
    seed: Option<Seed>,
    clock: Option<Arc<dyn Clock>>,
    settings: Settings,
    bind: Option<IpAddr>,
    port: u16,
    admin_port: Option<u16>,
    state_file: Option<PathBuf>,
    faults: Vec<FaultRule>,
    fault_seed: u64,
    plain: PlainConfig,
}

impl SandboxBuilder {
    fn with(mut self, set: impl FnOnce(&mut Self)) -> Self {
        set(&mut self);
        self
    }

    /// The data to start with (default: [`Seed::demo`]). Ignored when a
    /// state file already exists.
    pub fn seed(self, seed: Seed) -> Self {
        self.with(|b| b.seed = Some(seed))
    }

    /// The clock (default: the system clock). Pass a [`ManualClock`] clone
    /// to control time from the test.
    pub fn clock(self, clock: impl Clock) -> Self {
        self.with(|b| b.clock = Some(Arc::new(clock)))
    }

    /// `expires_in` of access tokens (default 86400 s).
    pub fn token_ttl(self, ttl: Duration) -> Self {
        self.with(|b| b.settings.token_ttl = ttl)
    }

    /// How long new projects stay `COMING_UP` (default 3 s).
    pub fn activation_delay(self, delay: Duration) -> Self {
        self.with(|b| b.settings.activation_delay = delay)
    }

    /// Authorization-code lifetime (default 5 minutes).
    pub fn code_ttl(self, ttl: Duration) -> Self {
        self.with(|b| b.settings.code_ttl = ttl)
    }

    /// Management API requests per minute per endpoint per org/user (default 120).
    pub fn rate_limit_per_minute(self, n: u32) -> Self {
        self.with(|b| b.settings.rate_limit_per_minute = n)
    }

    /// The address to listen on (default 127.0.0.1).
    pub fn bind(self, addr: IpAddr) -> Self {
        self.with(|b| b.bind = Some(addr))
    }

    /// The API port (default 0: any free port).
    pub fn port(self, port: u16) -> Self {
        self.with(|b| b.port = port)
    }

    /// Turns the admin listener on, on any free port.
    pub fn admin(self) -> Self {
        self.with(|b| b.admin_port = Some(b.admin_port.unwrap_or(0)))
    }

    /// Turns the admin listener on, on `port` (0: any free port).
    pub fn admin_port(self, port: u16) -> Self {
        self.with(|b| b.admin_port = Some(port))
    }

    /// Persists state to `path` (loaded at start if it exists).
    pub fn state_file(self, path: impl Into<PathBuf>) -> Self {
        self.with(|b| b.state_file = Some(path.into()))
    }

    /// Adds a fault rule active from the start.
    pub fn fault(self, rule: FaultRule) -> Self {
        self.with(|b| b.faults.push(rule))
    }

    /// Seeds the random draws of rate-limited faults (default 0).
    pub fn fault_seed(self, seed: u64) -> Self {
        self.with(|b| b.fault_seed = seed)
    }

    /// How the plain RFC 6749 profile (under `/plain`) behaves at start.
    pub fn plain(self, config: PlainConfig) -> Self {
        self.with(|b| b.plain = config)
    }

    /// Binds the listeners and starts serving.
    pub async fn start(self) -> Result<Sandbox, SandboxError> {
        for rule in &self.faults {
            rule.validate().map_err(|reason| SandboxError::Fault {
                rule: format!("{} {}", rule.method, rule.path),
                reason,
            })?;
        }
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let now = clock.now();
        let loaded = self.state_file.as_deref().map(persist::load).transpose()?;
        let (store, supabase) = match loaded.flatten() {
            Some(state) => state,
            None => Store::from_seed(self.seed.unwrap_or_else(Seed::demo), now)?,
        };
        let persister = (self.state_file.clone()).map(persist::Persister::new);
        let (mut oauth, data) = providers::demo(now, self.plain);
        oauth.insert(providers::PERSISTED, supabase);
        let app = Arc::new(AppState::new(
            (store, oauth, data),
            self.settings,
            clock,
            faults::FaultSet::new(self.faults, self.fault_seed),
            persister,
        ));
        // Write the initial state at once so the file exists from the start.
        persist::save_now(&app)?;

        let (stop_tx, stop_rx) = watch::channel(false);
        let mut tasks = Vec::new();

        let bind = self.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        // Binds `port` and serves `router` there; returns the bound address.
        let mut listen = async |port: u16, router: Router| {
            let addr = SocketAddr::new(bind, port);
            let bind_error = |source| SandboxError::Bind { addr, source };
            let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
            let addr = listener.local_addr().map_err(bind_error)?;
            let serving = server::serve(listener, router, stop_rx.clone());
            tasks.push(tokio::spawn(serving));
            Ok::<_, SandboxError>(addr)
        };
        let api_addr = listen(self.port, api_router(app.clone())).await?;
        let admin_addr = match self.admin_port {
            None => None,
            Some(port) => Some(listen(port, admin_router(app.clone())).await?),
        };
        tasks.push(tokio::spawn(persist::run_saver(app.clone(), stop_rx)));
        Ok(Sandbox {
            app,
            base_url: format!("http://{api_addr}"),
            admin_url: admin_addr.map(|a| format!("http://{a}")),
            api_addr,
            admin_addr,
            stop: stop_tx,
            tasks,
        })
    }
}

fn api_router(app: Arc<AppState>) -> Router {
    let faults = middleware::from_fn_with_state(app.clone(), server::inject_faults);
    Router::new()
        .merge(providers::router(app.clone()))
        .fallback(|uri: Uri| async move {
            providers::error_for_path(uri.path(), StatusCode::NOT_FOUND, "Not Found")
        })
        .method_not_allowed_fallback(|uri: Uri| async move {
            let status = StatusCode::METHOD_NOT_ALLOWED;
            providers::error_for_path(uri.path(), status, "Method Not Allowed")
        })
        .layer(faults)
        .layer(middleware::from_fn(server::log_requests))
        .with_state(app)
}

fn admin_router(app: Arc<AppState>) -> Router {
    admin::router()
        .fallback(|| async { ApiError::not_found("Not Found").into_response() })
        .layer(middleware::from_fn(server::log_requests))
        .with_state(app)
}
