//! The HTTP plumbing shared by the API and admin listeners: our own accept
//! loop, request logging and the fault-injection layer.
//!
//! Why not `axum::serve`: a "dropped connection" fault must close one TCP
//! connection without writing a response, which needs a handle on that
//! connection. Each connection gets a [`Connection`] extension (peer address
//! plus a kill switch); the connection task races the HTTP future against
//! the switch and, when it is pulled, drops the future, which closes the
//! socket. Graceful shutdown stops accepting, lets in-flight requests finish
//! (up to [`GRACE`]) and then drops the rest.
//!
//! Logging: method, path (never the query string), status and latency. No
//! header, body or query value is ever logged, so no token, code, secret or
//! verifier can reach the logs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt as _;

use crate::error::ApiError;
use crate::faults::FaultAction;
use crate::oauth_server::guard::TOO_MANY_REQUESTS;
use crate::providers;
use crate::rate_limit::RateDecision;
use crate::state::App;

const GRACE: Duration = Duration::from_secs(5);

/// Per-connection facts, inserted into every request's extensions.
#[derive(Clone, Debug)]
pub(crate) struct Connection {
    pub peer: SocketAddr,
    /// Notified, it closes this connection without a response.
    kill: Arc<Notify>,
}

/// Serves `app` on `listener` until `shutdown` turns true.
pub(crate) async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let http = hyper::server::conn::http1::Builder::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(x) => x,
                Err(e) => {
                    // Usually EMFILE; back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped(&mut shutdown) => break,
        };
        let _ = stream.set_nodelay(true);
        let conn_info = Connection {
            peer,
            kill: Arc::new(Notify::new()),
        };
        let kill = conn_info.kill.clone();
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(conn_info.clone());
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {
                    tracing::debug!("connection closed without a response (fault)");
                }
            }
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(GRACE) => tracing::warn!("connections still open after {GRACE:?}; closing them"),
    }
}

/// Resolves once the stop signal is true (or its sender is gone); the
/// guard `wait_for` returns is not `Send`, so it is dropped in here.
async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Logs one line per request: method, path, status, latency.
pub(crate) async fn log_requests(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    let (status, ms) = (response.status().as_u16(), started.elapsed().as_millis());
    tracing::info!(target: "latchkey_sandbox::http", "{method} {path} {status} {ms}ms");
    response
}

/// Applies the fault rules to the emulated API's routes.
pub(crate) async fn inject_faults(State(state): App, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let outcome = state.faults.decide(req.method().as_str(), &path);
    if !outcome.latency.is_zero() {
        tokio::time::sleep(outcome.latency).await;
    }
    let mut response = match outcome.action {
        None => return next.run(req).await,
        Some(FaultAction::Error(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = status.canonical_reason().unwrap_or("Error");
            // Each provider's own error shape under its prefix.
            providers::error_for_path(&path, status, message)
        }
        Some(FaultAction::RateLimit) => {
            let status = StatusCode::TOO_MANY_REQUESTS;
            let mut r = providers::error_for_path(&path, status, TOO_MANY_REQUESTS);
            let exhausted = RateDecision::exhausted(state.settings().rate_limit_per_minute);
            let style = providers::profile_for_path(&path).meta().rate_reset;
            exhausted.apply_headers(r.headers_mut(), style, state.now());
            r
        }
        Some(FaultAction::Drop) => {
            let Some(c) = req.extensions().get::<Connection>() else {
                let message = "drop fault outside a connection";
                return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response();
            };
            c.kill.notify_one();
            // The connection task drops this future together with the socket.
            return std::future::pending().await;
        }
    };
    let injected = HeaderValue::from_static("injected");
    response.headers_mut().insert("x-sandbox-fault", injected);
    response
}
