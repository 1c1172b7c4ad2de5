//! A forward proxy on loopback, as offices run them: clients send
//! `CONNECT host:port` and the proxy opens a tunnel (`200 Connection
//! established`), or refuses (`403 Forbidden`). It counts what it tunnelled,
//! so a test can tell a request went through it. Plain-HTTP proxying
//! (absolute-form `GET http://…`) is answered 501: every provider and broker
//! a user reaches is https. Turning refusal on also cuts the open tunnels,
//! as a proxy reloading a stricter policy does, so a client's pooled
//! connection cannot hide the change.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

pub struct ForwardProxy {
    addr: SocketAddr,
    tunnels: Arc<AtomicUsize>,
    refusing: Arc<AtomicBool>,
    cut: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl ForwardProxy {
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let tunnels = Arc::new(AtomicUsize::new(0));
        let refusing = Arc::new(AtomicBool::new(false));
        let cut = Arc::new(Notify::new());
        let (count, refuse, cuts) = (tunnels.clone(), refusing.clone(), cut.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (count, refuse, cuts) = (count.clone(), refuse.clone(), cuts.clone());
                tokio::spawn(async move {
                    let refusing = refuse.load(Ordering::SeqCst);
                    tokio::select! {
                        _ = serve(client, &count, refusing) => {}
                        _ = cuts.notified() => {}
                    }
                });
            }
        });
        Ok(Self {
            addr,
            tunnels,
            refusing,
            cut,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`, for `HTTPS_PROXY` or Settings.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many tunnels it opened.
    pub fn tunnels(&self) -> usize {
        self.tunnels.load(Ordering::SeqCst)
    }

    /// From now on, answer every CONNECT with 403 (a policy that blocks
    /// the host); turning it on cuts the tunnels already open.
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
        if refusing {
            self.cut.notify_waiters();
        }
    }
}

impl Drop for ForwardProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(client: TcpStream, tunnels: &AtomicUsize, refusing: bool) -> std::io::Result<()> {
    let mut reader = BufReader::new(client);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).await?;
    // The rest of the head (Host, Proxy-Authorization…) is read and ignored.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut client = reader.into_inner();
    let upstream = match (method, refusing) {
        ("CONNECT", false) => TcpStream::connect(target).await.or(Err("502 Bad Gateway")),
        ("CONNECT", true) => Err("403 Forbidden"),
        _ => Err("501 Not Implemented"),
    };
    let mut upstream = match upstream {
        Ok(upstream) => upstream,
        Err(status) => {
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
            return client.write_all(head.as_bytes()).await;
        }
    };
    tunnels.fetch_add(1, Ordering::SeqCst);
    let established = b"HTTP/1.1 200 Connection established\r\n\r\n";
    client.write_all(established).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}
