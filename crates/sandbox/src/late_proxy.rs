//! A TCP proxy for tests: it forwards everything to the sandbox but holds
//! back the answer to requests that start with a given prefix, so the
//! server has done the work while the client only sees a timeout. This is
//! the "created, but the answer was lost" case no in-server fault can make
//! (a server-side delay runs before the handler, and a dropped client
//! cancels it).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Starts the proxy in front of `upstream`; returns its base URL. Requests
/// whose first bytes are `prefix` (e.g. `"POST /v1/projects "`) get their
/// answer `delay` late.
pub async fn late_answers(
    upstream: SocketAddr,
    prefix: &'static str,
    delay: Duration,
) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = tokio::net::TcpStream::connect(upstream).await else {
                continue;
            };
            let (mut client_read, mut client_write) = client.into_split();
            let (mut server_read, mut server_write) = server.into_split();
            let hold = Arc::new(AtomicBool::new(false));
            let hold_up = hold.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                while let Ok(n) = client_read.read(&mut buf).await {
                    if n == 0 || server_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    if buf[..n].starts_with(prefix.as_bytes()) {
                        hold_up.store(true, Ordering::SeqCst);
                    }
                }
            });
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                while let Ok(n) = server_read.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    if hold.swap(false, Ordering::SeqCst) {
                        tokio::time::sleep(delay).await;
                    }
                    if client_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    Ok(format!("http://{addr}"))
}
