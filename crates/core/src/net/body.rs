//! Reading a response body with a size cap, for every answer Latchkey reads
//! from a provider (token endpoint, revoke, management APIs).
//!
//! A buggy, compromised or mis-pointed server (`LATCHKEY_*_API_URL`) must
//! not make the app allocate without bound. Invariant: at most `limit` bytes
//! of a body are ever buffered. A `Content-Length` above the limit is refused
//! before any of the body is read; a body without one (chunked) is read
//! piece by piece and refused as soon as it passes the limit. Either way the
//! answer is [`HttpFailure::Body`] and the connection is dropped.

use bytes::{Bytes, BytesMut};

use super::HttpFailure;

/// The largest answer Latchkey reads. Real answers are a few KiB; a project
/// list page of 100 is well under 1 MiB.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// The whole body of `response`, or [`HttpFailure::Body`] if it is larger
/// than `limit` bytes (see the module docs).
pub async fn read_body_limited(
    response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, HttpFailure> {
    let mut response = response;
    let too_large = || {
        tracing::warn!(limit, "refused an answer larger than the size cap");
        HttpFailure::Body
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| HttpFailure::from_reqwest(&e))?
    {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A tiny HTTP server for the tests of every reader of bodies.
#[cfg(test)]
pub(crate) mod test_server {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use url::Url;

    /// How a test server answers every connection.
    #[derive(Clone, Copy)]
    pub(crate) enum Answer {
        /// A small JSON body with its length.
        Small,
        /// `Content-Length` of 1 GiB, one byte, then silence.
        HugeLength,
        /// Chunked, 64 KiB chunks without end.
        EndlessChunks,
    }

    /// A tiny HTTP server on 127.0.0.1 that answers every request with `answer`.
    pub(crate) async fn server(answer: Answer) -> Url {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    // Answer only once the request head is in, as a server does.
                    if !read_head(&mut stream).await {
                        return;
                    }
                    match answer {
                        Answer::Small => {
                            let _ = stream
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                                .await;
                        }
                        Answer::HugeLength => {
                            let _ = stream
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n{")
                                .await;
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                        }
                        Answer::EndlessChunks => {
                            if stream
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                                .await
                                .is_err()
                            {
                                return;
                            }
                            let mut chunk = b"10000\r\n".to_vec();
                            chunk.extend(std::iter::repeat_n(b' ', 0x10000));
                            chunk.extend(b"\r\n");
                            while stream.write_all(&chunk).await.is_ok() {}
                        }
                    }
                });
            }
        });
        Url::parse(&format!("http://{addr}/")).unwrap()
    }

    /// A server that answers every request with `json` and counts them.
    pub(crate) async fn json_server(
        json: &'static str,
    ) -> (Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        json_server_with(move |_| json.to_owned()).await
    }

    /// A server that answers request `n` (from 0) with `json(n)` and counts them.
    pub(crate) async fn json_server_with(
        json: impl Fn(usize) -> String + Send + Sync + 'static,
    ) -> (Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        status_server_with("200 OK", json).await
    }

    /// A server that answers every request with `status` (`"403 Forbidden"`)
    /// and `json(n)`, and counts them.
    pub(crate) async fn status_server_with(
        status: &'static str,
        json: impl Fn(usize) -> String + Send + Sync + 'static,
    ) -> (Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let json = std::sync::Arc::new(json);
        use std::sync::atomic::{AtomicUsize, Ordering};
        let requests = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                let counter = counter.clone();
                let json = json.clone();
                tokio::spawn(async move {
                    if read_head(&mut stream).await {
                        let json = json(counter.fetch_add(1, Ordering::SeqCst));
                        let head = format!(
                            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            json.len()
                        );
                        let _ = stream.write_all(head.as_bytes()).await;
                        let _ = stream.write_all(json.as_bytes()).await;
                    }
                });
            }
        });
        (Url::parse(&format!("http://{addr}/")).unwrap(), requests)
    }

    /// Reads up to the end of a request head; false if the peer went away.
    async fn read_head(stream: &mut tokio::net::TcpStream) -> bool {
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        true
    }

    pub(crate) async fn get(url: &Url) -> reqwest::Response {
        reqwest::Client::new()
            .get(url.clone())
            .send()
            .await
            .unwrap()
    }

    /// Fails the test instead of hanging when the body is read without end.
    pub(crate) async fn soon<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
        tokio::time::timeout(Duration::from_secs(10), f)
            .await
            .unwrap_or_else(|_| panic!("{what} kept reading a body past the cap"))
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::test_server::{get, server, soon, Answer};
    use super::*;

    #[tokio::test]
    async fn a_body_within_the_cap_is_read_whole() {
        let url = server(Answer::Small).await;
        let body = read_body_limited(get(&url).await, 2).await.unwrap();
        assert_eq!(&body[..], b"{}");
    }

    #[tokio::test]
    async fn a_content_length_over_the_cap_is_refused_before_reading() {
        let url = server(Answer::HugeLength).await;
        let read = soon(
            "read_body_limited",
            read_body_limited(get(&url).await, MAX_BODY),
        )
        .await;
        assert_eq!(
            read,
            Err(HttpFailure::Body),
            "1 GiB announced is refused without waiting for (or allocating) it"
        );
    }

    #[tokio::test]
    async fn a_chunked_body_is_refused_once_it_passes_the_cap() {
        let url = server(Answer::EndlessChunks).await;
        let limit = 1024 * 1024;
        let read = soon(
            "read_body_limited",
            read_body_limited(get(&url).await, limit),
        )
        .await;
        assert_eq!(
            read,
            Err(HttpFailure::Body),
            "an endless body stops being read past the cap"
        );
    }

    #[tokio::test]
    async fn token_requests_and_revoke_read_through_the_cap() {
        let url = server(Answer::HugeLength).await;
        let http = crate::net::client();

        // The oauth2-rs adapter (code exchange, refresh).
        let request = oauth2::HttpRequest::new(Vec::new());
        let (mut parts, body) = request.into_parts();
        parts.method = http::Method::POST;
        parts.uri = url.as_str().parse().unwrap();
        let oauth = soon(
            "send_for_oauth2",
            crate::oauth::transport::send_for_oauth2(
                http.clone(),
                http::Request::from_parts(parts, body),
            ),
        )
        .await;
        assert_eq!(oauth.unwrap_err(), HttpFailure::Body);

        // Revoke: best effort, so an unreadable body only means no message.
        let def = crate::providers::supabase::definition()
            .with_origin(url.as_str())
            .unwrap();
        let tokens = crate::oauth::tokens::TokenSet {
            access_token: SecretString::from("a"),
            refresh_token: Some(SecretString::from("r")),
            expires_at: None,
            granted_scopes: None,
        };
        let revoke = soon(
            "revoke",
            crate::oauth::token_client::TokenClient::new(http).revoke(
                &def,
                Some(&SecretString::from("s")),
                &tokens,
            ),
        )
        .await;
        assert!(revoke.is_ok(), "{revoke:?}");
    }
}
