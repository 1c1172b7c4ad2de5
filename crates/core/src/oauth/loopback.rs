//! The loopback redirect (RFC 8252 §7.3): `http://127.0.0.1:<port>/oauth/<provider>`
//! listens only while a flow waits, answers the first request on its path
//! with a page saying the tab can be closed, and then stops. Requests on any
//! other path (a browser's favicon fetch) get a 404 and do not end the wait.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use url::Url;

const DONE_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#f6f7fb;color:#1c2130}
main{background:#fff;border:1px solid #dde1ec;border-radius:12px;padding:32px 40px;text-align:center}</style></head>
<body><main><h1>Back to Latchkey</h1><p>Latchkey received the answer. You can close this tab.</p></main></body></html>"#;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoopbackError {
    #[error("port {port} on {host} is in use, so the sign-in cannot listen for its answer; close what uses it and try again")]
    PortInUse { host: String, port: u16 },
    #[error("could not listen on the loopback address: {0}")]
    Io(String),
    #[error("no answer reached the loopback address in time")]
    TimedOut,
    #[error("the sign-in was cancelled")]
    Cancelled,
}

/// A bound listener waiting for its one request.
pub struct LoopbackWait {
    listener: TcpListener,
    redirect: Url,
}

impl LoopbackWait {
    /// Binds now (so a busy port fails before the browser opens).
    pub async fn bind(redirect: &Url) -> Result<Self, LoopbackError> {
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
            redirect: redirect.clone(),
        })
    }

    /// Serves until a request on the redirect path arrives, the time is up,
    /// or `cancel` fires; returns that request's full URL.
    pub async fn wait(
        self,
        timeout: Duration,
        cancel: oneshot::Receiver<()>,
    ) -> Result<Url, LoopbackError> {
        let (found_tx, found_rx) = oneshot::channel::<Url>();
        let found_tx = Arc::new(Mutex::new(Some(found_tx)));
        let redirect = self.redirect.clone();
        let listener = self.listener;
        let serve = async move {
            // Dropped with `serve` when the wait ends: that aborts every open
            // connection too, so nothing answers on the port after the flow.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let found_tx = found_tx.clone();
                let redirect = redirect.clone();
                connections.spawn(async move {
                    let answered: Found = Arc::new(Mutex::new(None));
                    let slot = answered.clone();
                    let service = service_fn(move |req: Request<Incoming>| {
                        let slot = slot.clone();
                        let redirect = redirect.clone();
                        async move { Ok::<_, Infallible>(answer(&req, &redirect, &slot)) }
                    });
                    // Every response says `Connection: close`, so this returns
                    // once the page is written; only then is the answer handed on.
                    let _ = hyper::server::conn::http1::Builder::new()
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

/// The callback URL a connection received, if it was the matching request.
type Found = Arc<Mutex<Option<Url>>>;

fn answer(req: &Request<Incoming>, redirect: &Url, found: &Found) -> Response<Full<Bytes>> {
    let on_path = req.method() == hyper::Method::GET && req.uri().path() == redirect.path();
    if !on_path {
        return page(StatusCode::NOT_FOUND, "Not found");
    }
    let mut url = redirect.clone();
    url.set_query(req.uri().query());
    *found.lock().unwrap_or_else(|p| p.into_inner()) = Some(url);
    page(StatusCode::OK, DONE_PAGE)
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
        let wait = LoopbackWait::bind(&redirect).await.unwrap();
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
            LoopbackWait::bind(&redirect).await,
            Err(LoopbackError::PortInUse { port: p, .. }) if p == port
        ));
    }

    #[tokio::test]
    async fn cancel_and_timeout_end_the_wait() {
        let redirect = free_redirect().await;
        let (tx, rx) = oneshot::channel();
        let wait = LoopbackWait::bind(&redirect).await.unwrap();
        let task = tokio::spawn(wait.wait(Duration::from_secs(10), rx));
        tx.send(()).unwrap();
        assert_eq!(task.await.unwrap().unwrap_err(), LoopbackError::Cancelled);

        let (_tx, rx) = oneshot::channel();
        let wait = LoopbackWait::bind(&free_redirect().await).await.unwrap();
        assert_eq!(
            wait.wait(Duration::from_millis(50), rx).await.unwrap_err(),
            LoopbackError::TimedOut
        );
    }
}
