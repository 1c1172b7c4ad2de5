//! The loopback redirect (RFC 8252 §7.3): `http://127.0.0.1:<port>/oauth/<provider>`
//! listens only while a flow waits and then stops.
//!
//! The port is fixed and well known, so anything on this machine can reach
//! it: another process, or a web page the user has open (`<img>`, `fetch`,
//! a DNS-rebound name). None of that may end or block the wait:
//!
//! - Only `GET <redirect path>` with `Host: 127.0.0.1:<port>` or
//!   `localhost:<port>` and exactly one `state` parameter equal to the flow's
//!   (compared in constant time) is the answer. It gets the "you can close
//!   this tab" page, and the wait ends with its URL.
//! - Every other request on the path gets a 400 page, other paths a 404
//!   (a browser's favicon fetch), and the listener keeps waiting.
//! - A connection must send its request head within [`HEADER_READ_TIMEOUT`]
//!   (hyper's own timer), at most [`MAX_CONNECTIONS`] are open at once
//!   (more are closed as soon as they are accepted), and each serves one
//!   request (`Connection: close`). So idle or slow connections can neither
//!   exhaust the process's file descriptors nor keep the answer out for long.
//! - An `accept()` error that is not about one connection (out of file
//!   descriptors) pauses the loop for [`ACCEPT_BACKOFF`] instead of spinning.
//! - When the wait ends, every open connection is dropped with it: nothing
//!   answers on the port after the flow.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};
use url::Url;

/// How long a connection may take to send its request head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Open connections at once; more are closed as soon as they are accepted.
pub const MAX_CONNECTIONS: usize = 8;
/// The pause after an `accept()` error that is not about one connection.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

const DONE_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#f6f7fb;color:#1c2130}
main{background:#fff;border:1px solid #dde1ec;border-radius:12px;padding:32px 40px;text-align:center}</style></head>
<body><main><h1>Back to Latchkey</h1><p>Latchkey received the answer. You can close this tab.</p></main></body></html>"#;

const NOT_THE_ANSWER_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title></head>
<body><main><h1>Not a sign-in answer</h1><p>Latchkey is not waiting for this request. If you are signing in, finish in the browser tab the sign-in opened, or start again from Latchkey.</p></main></body></html>"#;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoopbackError {
    #[error("Port {port} on {host} is in use, so the sign-in cannot listen for its answer. Close what uses it and try again.")]
    PortInUse { host: String, port: u16 },
    #[error("Ports {} on {host} are all in use, so the sign-in cannot listen for its answer. Close what uses one of them and try again.", list_ports(.ports))]
    PortsInUse { host: String, ports: Vec<u16> },
    #[error("could not listen on the loopback address: {0}")]
    Io(String),
    #[error("no answer reached the loopback address in time")]
    TimedOut,
    #[error("the sign-in was cancelled")]
    Cancelled,
}

/// "53682, 53683 and 53684".
fn list_ports(ports: &[u16]) -> String {
    let names: Vec<String> = ports.iter().map(u16::to_string).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// A bound listener waiting for the one request that answers its flow.
pub struct LoopbackWait {
    listener: TcpListener,
    expected: Arc<Expected>,
    header_timeout: Duration,
}

/// What the answer must look like: set at bind time, never changed.
struct Expected {
    redirect: Url,
    port: u16,
    /// The pending flow's `state`.
    state: String,
}

impl LoopbackWait {
    /// Binds now (so a busy port fails before the browser opens). Only a
    /// request carrying `expected_state` will end the wait.
    pub async fn bind(redirect: &Url, expected_state: &str) -> Result<Self, LoopbackError> {
        let host = redirect.host_str().unwrap_or("127.0.0.1").to_owned();
        let port = redirect.port().unwrap_or(80);
        let ip = if host == "localhost" {
            "127.0.0.1"
        } else {
            host.as_str()
        };
        let addr: SocketAddr = format!("{ip}:{port}")
            .parse()
            .map_err(|_| LoopbackError::Io(format!("{host} is not a loopback address")))?;
        let listener = TcpListener::bind(addr).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => LoopbackError::PortInUse { host, port },
            _ => LoopbackError::Io(e.to_string()),
        })?;
        Ok(Self {
            listener,
            expected: Arc::new(Expected {
                redirect: redirect.clone(),
                port,
                state: expected_state.to_owned(),
            }),
            header_timeout: HEADER_READ_TIMEOUT,
        })
    }

    /// The redirect URI this listener answers (its port is the one bound).
    pub fn redirect(&self) -> &Url {
        &self.expected.redirect
    }

    /// Tests shorten the header timeout so they need not wait 5 s.
    #[cfg(test)]
    fn with_header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// Serves until the answer arrives, the time is up, or `cancel` fires;
    /// returns the answer's full URL.
    pub async fn wait(
        self,
        timeout: Duration,
        cancel: oneshot::Receiver<()>,
    ) -> Result<Url, LoopbackError> {
        let (found_tx, found_rx) = oneshot::channel::<Url>();
        let found_tx = Arc::new(Mutex::new(Some(found_tx)));
        let Self {
            listener,
            expected,
            header_timeout,
        } = self;
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let serve = async move {
            // Dropped with `serve` when the wait ends: that aborts every open
            // connection too, so nothing answers on the port after the flow.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(err) => {
                        tokio::time::sleep(accept_backoff(&err)).await;
                        continue;
                    }
                };
                // Forget finished connections so the set does not grow.
                while connections.try_join_next().is_some() {}
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    // Over the cap: closed at once.
                    drop(stream);
                    continue;
                };
                let found_tx = found_tx.clone();
                let expected = expected.clone();
                connections.spawn(async move {
                    let _slot = slot;
                    let answered: Found = Arc::new(Mutex::new(None));
                    let found = answered.clone();
                    let service = service_fn(move |req: Request<Incoming>| {
                        let found = found.clone();
                        let expected = expected.clone();
                        async move { Ok::<_, Infallible>(answer(&req, &expected, &found)) }
                    });
                    // Every response says `Connection: close`, so this returns
                    // once the page is written; only then is the answer handed on.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(header_timeout)
                        .keep_alive(false)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                    let url = answered.lock().unwrap_or_else(|p| p.into_inner()).take();
                    if let Some(url) = url {
                        if let Some(tx) = found_tx.lock().unwrap_or_else(|p| p.into_inner()).take()
                        {
                            let _ = tx.send(url);
                        }
                    }
                });
            }
        };
        tokio::select! {
            found = found_rx => found.map_err(|_| LoopbackError::Cancelled),
            _ = tokio::time::sleep(timeout) => Err(LoopbackError::TimedOut),
            _ = cancel => Err(LoopbackError::Cancelled),
            _ = serve => Err(LoopbackError::Cancelled),
        }
    }
}

/// How long to pause after a failed `accept()`. A connection that went away
/// between the handshake and `accept` says nothing about the next one, so
/// the loop goes on at once. Anything else (EMFILE, ENFILE, ENOBUFS: out of
/// descriptors or memory) fails every `accept` until something frees up:
/// retrying at once would spin a core for the rest of the wait.
fn accept_backoff(err: &std::io::Error) -> Duration {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted => {
            Duration::ZERO
        }
        _ => ACCEPT_BACKOFF,
    }
}

/// The callback URL a connection received, if it was the answer.
type Found = Arc<Mutex<Option<Url>>>;

fn answer(req: &Request<Incoming>, expected: &Expected, found: &Found) -> Response<Full<Bytes>> {
    let on_path =
        req.method() == hyper::Method::GET && req.uri().path() == expected.redirect.path();
    if !on_path {
        return page(StatusCode::NOT_FOUND, "Not found");
    }
    let query = req.uri().query();
    if !is_for_this_host(req, expected.port) || !carries_state(query, &expected.state) {
        return page(StatusCode::BAD_REQUEST, NOT_THE_ANSWER_PAGE);
    }
    let mut url = expected.redirect.clone();
    url.set_query(query);
    *found.lock().unwrap_or_else(|p| p.into_inner()) = Some(url);
    page(StatusCode::OK, DONE_PAGE)
}

/// `Host` names the loopback address the browser was sent to; a DNS-rebound
/// name (a web page's own host resolving to 127.0.0.1) does not.
fn is_for_this_host(req: &Request<Incoming>, port: u16) -> bool {
    let Some(authority) = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<http::uri::Authority>().ok())
    else {
        return false;
    };
    let host = authority.host();
    (host == "127.0.0.1" || host.eq_ignore_ascii_case("localhost"))
        && authority.port_u16().unwrap_or(80) == port
}

/// Exactly one `state` parameter, equal to the flow's. Constant time, so the
/// comparison tells nothing about how much of a guess was right.
fn carries_state(query: Option<&str>, expected: &str) -> bool {
    let mut states = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "state")
        .map(|(_, value)| value);
    match (states.next(), states.next()) {
        (Some(state), None) => state.as_bytes().ct_eq(expected.as_bytes()).into(),
        _ => false,
    }
}

fn page(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        "content-type",
        "text/html; charset=utf-8".parse().expect("static header"),
    );
    response
        .headers_mut()
        .insert("cache-control", "no-store".parse().expect("static header"));
    response
        .headers_mut()
        .insert("connection", "close".parse().expect("static header"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn free_redirect() -> Url {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = probe.local_addr().unwrap().port();
        drop(probe);
        Url::parse(&format!("http://127.0.0.1:{port}/oauth/supabase")).unwrap()
    }

    #[tokio::test]
    async fn answers_the_matching_request_then_stops_listening() {
        let redirect = free_redirect().await;
        let wait = LoopbackWait::bind(&redirect, "xyz").await.unwrap();
        let (_cancel_tx, cancel_rx) = oneshot::channel();
        let task = tokio::spawn(wait.wait(Duration::from_secs(10), cancel_rx));

        let http = reqwest::Client::new();
        let other = http
            .get(redirect.join("/favicon.ico").unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 404, "other paths do not end the wait");
        let mut callback = redirect.clone();
        callback.set_query(Some("code=abc&state=xyz"));
        let page = http.get(callback.clone()).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("You can close this tab"));

        let got = task.await.unwrap().unwrap();
        assert_eq!(got.query(), Some("code=abc&state=xyz"));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            http.get(callback).send().await.is_err(),
            "the listener is closed after the flow"
        );
    }

    #[tokio::test]
    async fn a_busy_port_is_reported_before_the_browser_opens() {
        let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = busy.local_addr().unwrap().port();
        let redirect = Url::parse(&format!("http://127.0.0.1:{port}/oauth/supabase")).unwrap();
        assert!(matches!(
            LoopbackWait::bind(&redirect, "xyz").await,
            Err(LoopbackError::PortInUse { port: p, .. }) if p == port
        ));
    }

    #[tokio::test]
    async fn cancel_and_timeout_end_the_wait() {
        let redirect = free_redirect().await;
        let (tx, rx) = oneshot::channel();
        let wait = LoopbackWait::bind(&redirect, "xyz").await.unwrap();
        let task = tokio::spawn(wait.wait(Duration::from_secs(10), rx));
        tx.send(()).unwrap();
        assert_eq!(task.await.unwrap().unwrap_err(), LoopbackError::Cancelled);

        let (_tx, rx) = oneshot::channel();
        let wait = LoopbackWait::bind(&free_redirect().await, "xyz")
            .await
            .unwrap();
        assert_eq!(
            wait.wait(Duration::from_millis(50), rx).await.unwrap_err(),
            LoopbackError::TimedOut
        );
    }

    #[tokio::test]
    async fn only_the_request_carrying_the_flows_state_ends_the_wait() {
        let redirect = free_redirect().await;
        let wait = LoopbackWait::bind(&redirect, "the-flows-state")
            .await
            .unwrap();
        let (_cancel_tx, cancel_rx) = oneshot::channel();
        let task = tokio::spawn(wait.wait(Duration::from_secs(10), cancel_rx));
        let http = reqwest::Client::new();

        // A stray request, a web page's <img>, a guess: none is the answer.
        for query in [
            None,
            Some("code=abc"),
            Some("error=access_denied"),
            Some("code=abc&state=wrong"),
            Some("code=abc&state=the-flows-stat"),
            Some("code=abc&state=the-flows-state&state=the-flows-state"),
        ] {
            let mut stray = redirect.clone();
            stray.set_query(query);
            let answer = http.get(stray).send().await.unwrap();
            assert_eq!(
                answer.status(),
                400,
                "{query:?} lacks the flow's state, so it must be refused"
            );
            assert!(
                !task.is_finished(),
                "{query:?} must not end the wait: the real answer is still to come"
            );
        }

        let mut real = redirect.clone();
        real.set_query(Some("code=abc&state=the-flows-state"));
        assert_eq!(http.get(real).send().await.unwrap().status(), 200);
        let got = task.await.unwrap().unwrap();
        assert_eq!(
            got.query(),
            Some("code=abc&state=the-flows-state"),
            "the request with the right state is the answer"
        );
    }

    #[tokio::test]
    async fn a_request_for_another_host_is_refused() {
        let redirect = free_redirect().await;
        let wait = LoopbackWait::bind(&redirect, "s").await.unwrap();
        let (_cancel_tx, cancel_rx) = oneshot::channel();
        let task = tokio::spawn(wait.wait(Duration::from_secs(10), cancel_rx));
        let mut real = redirect.clone();
        real.set_query(Some("code=abc&state=s"));
        // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1.
        let rebound = reqwest::Client::new()
            .get(real.clone())
            .header("host", format!("evil.example:{}", redirect.port().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(
            rebound.status(),
            400,
            "only 127.0.0.1 or localhost is served"
        );
        assert!(
            !task.is_finished(),
            "a refused request leaves the wait open"
        );
        let http = reqwest::Client::new();
        assert_eq!(http.get(real).send().await.unwrap().status(), 200);
        assert!(task.await.unwrap().is_ok());
    }

    /// Whether the server closed `stream` (EOF or reset) within `within`.
    async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
        use tokio::io::AsyncReadExt;
        let mut byte = [0u8; 1];
        matches!(
            tokio::time::timeout(within, stream.read(&mut byte)).await,
            Ok(Ok(0) | Err(_))
        )
    }

    #[tokio::test]
    async fn idle_connections_are_capped_and_timed_out_so_the_answer_gets_through() {
        let redirect = free_redirect().await;
        let header_timeout = Duration::from_millis(800);
        let wait = LoopbackWait::bind(&redirect, "s")
            .await
            .unwrap()
            .with_header_timeout(header_timeout);
        let (_cancel_tx, cancel_rx) = oneshot::channel();
        let task = tokio::spawn(wait.wait(Duration::from_secs(20), cancel_rx));

        // 20 connections that never send a byte (slowloris, or a flood).
        let addr = format!("127.0.0.1:{}", redirect.port().unwrap());
        let mut idle = Vec::new();
        for _ in 0..20 {
            idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
        }
        let closed_at_once = futures::future::join_all(
            idle.iter_mut()
                .map(|stream| closed_within(stream, Duration::from_millis(100))),
        )
        .await
        .into_iter()
        .filter(|closed| *closed)
        .count();
        assert_eq!(
            closed_at_once,
            20 - MAX_CONNECTIONS,
            "connections beyond the cap of {MAX_CONNECTIONS} are closed at once"
        );
        for stream in &mut idle {
            assert!(
                closed_within(stream, header_timeout * 4).await,
                "a connection that sends no request head is closed after the header timeout"
            );
        }

        let mut real = redirect.clone();
        real.set_query(Some("code=abc&state=s"));
        let page = reqwest::Client::new().get(real).send().await.unwrap();
        assert_eq!(
            page.status(),
            200,
            "the idle connections left room for the answer"
        );
        assert!(task.await.unwrap().is_ok());
    }

    #[test]
    fn accept_errors_back_off_except_for_a_connection_that_went_away() {
        use std::io::{Error, ErrorKind};
        // EMFILE / ENFILE / ENOBUFS: retrying at once would spin a core until
        // a descriptor frees up.
        assert_eq!(
            accept_backoff(&Error::other("Too many open files")),
            ACCEPT_BACKOFF
        );
        assert_eq!(
            accept_backoff(&Error::from_raw_os_error(24)),
            ACCEPT_BACKOFF,
            "EMFILE"
        );
        // The peer gave up between SYN and accept: the next one may be fine.
        for kind in [
            ErrorKind::ConnectionAborted,
            ErrorKind::ConnectionReset,
            ErrorKind::Interrupted,
        ] {
            assert_eq!(
                accept_backoff(&Error::from(kind)),
                Duration::ZERO,
                "{kind:?}"
            );
        }
        assert!(ACCEPT_BACKOFF >= Duration::from_millis(50));
    }
}
