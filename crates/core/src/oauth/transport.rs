//! The adapter oauth2-rs needs to send its token requests through
//! [`crate::net`]: oauth2-rs accepts only HTTP 200 from a token endpoint, and
//! Supabase answers 201, so a 2xx success is passed on as 200; anything else
//! is the [`HttpFailure`] that `net` makes of it.

use oauth2::{HttpRequest, HttpResponse};

use crate::net::body::{read_body_limited, MAX_BODY};
use crate::net::{check_status, HttpFailure};

/// Sends an oauth2-rs request with `http`, adapting the answer as the
/// module docs say.
pub async fn send_for_oauth2(
    http: reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, HttpFailure> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| HttpFailure::from_reqwest(&e))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body_limited(response, MAX_BODY).await?;
    check_status(status.as_u16(), &headers, &body)?;
    let mut adapted = http::Response::builder().status(200);
    if let Some(h) = adapted.headers_mut() {
        *h = headers;
    }
    adapted.body(body.to_vec()).map_err(|_| HttpFailure::Body)
}
