//! `latchkey-broker`: the token-exchange service a publisher runs so that
//! Latchkey's users connect without registering an OAuth app or pasting a
//! client secret.
//!
//! A desktop app cannot keep a secret (RFC 8252 §8.5): anyone with the
//! binary can read one compiled in. So the app is a public client of the
//! broker, and the broker is the confidential client of the provider: it
//! adds the publisher's client authentication to the app's code exchange
//! and refresh, and passes the provider's answer back unchanged. PKCE runs
//! end to end: the verifier travels with the code, in the same request, and
//! only the app ever had it before.
//!
//! Stateless: no token, code or verifier is stored or logged, so any number
//! of copies can run behind a load balancer. Modules:
//! - [`config`]: the TOML file; secrets from the environment or files only;
//! - [`forward`]: the app's request checked, authenticated, sent on;
//! - [`limiter`]: the per-client-address rate limit;
//! - [`refusal`]: the broker's own errors, RFC 6749-shaped;
//! - `relay`: the https relay page;
//! - `routes`: the HTTP surface.

pub mod config;
pub mod forward;
pub mod limiter;
pub mod refusal;
mod relay;
mod routes;

use std::future::Future;
use std::net::SocketAddr;

pub use config::{Config, ConfigError};
use tokio::net::TcpListener;

/// Serves `config` on `listener` until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = routes::router(routes::Shared::new(config));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// A broker running in this process (tests, benchmarks).
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Binds `config.listen` (port 0 picks a free one) and starts serving.
    pub async fn start(config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, config, async {
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            stop: Some(stop),
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes what is in flight, and frees the port.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
