//! The broker's own answers when it will not, or cannot, pass a request on.
//!
//! Shaped as RFC 6749 §5.2 errors (`error`, `error_description`) so the app
//! reads them exactly as it reads a provider's. Two rules keep the app's
//! error handling right behind a broker:
//! - the broker never answers 401, and never says `invalid_grant`,
//!   `invalid_client` or `unauthorized_client`: those mean "the grant is
//!   dead" or "the client secret is wrong", and only the provider may say so;
//! - every refusal carries an `error` code, so a 404 of the broker's
//!   (unknown provider) is never read as Supabase's bare-message 404 for a
//!   rotated refresh token.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
    /// Seconds, for 429.
    pub retry_after: Option<u64>,
}

impl Refusal {
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            retry_after: None,
        }
    }

    pub fn unknown_provider(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "unknown_provider",
            format!("this broker does not serve the provider {id:?}"),
        )
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    pub fn rate_limited(wait_seconds: u64) -> Self {
        Self {
            retry_after: Some(wait_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests from this address; try again in {wait_seconds} s"),
            )
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(wait) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(wait));
        }
        response
    }
}
