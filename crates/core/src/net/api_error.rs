//! Errors from provider APIs, in terms a screen can act on.

use crate::net::HttpFailure;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// With the provider's own words, for a pasted token's refusal.
    #[error("the access token was rejected")]
    Unauthorized { message: String },
    #[error("not allowed: {message}")]
    Forbidden { message: String },
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("too many requests; try again in {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("the request was rejected: {message}")]
    Invalid { status: u16, message: String },
    #[error("the service had a problem ({status}); try again shortly")]
    Server { status: u16 },
    #[error("could not reach the service: {0}")]
    Network(HttpFailure),
    #[error("the service's answer could not be read")]
    BadResponse,
    /// Refused before sending: an argument would not be a safe path segment.
    #[error("{0}")]
    InvalidInput(#[from] crate::validate::ValidationError),
}

impl ApiError {
    pub fn from_failure(failure: HttpFailure) -> Self {
        match failure {
            HttpFailure::Status {
                status,
                message,
                retry_after,
                ..
            } => {
                let message = message.unwrap_or_else(|| format!("HTTP {status}"));
                match status {
                    401 => ApiError::Unauthorized { message },
                    403 => ApiError::Forbidden { message },
                    404 => ApiError::NotFound { message },
                    429 => ApiError::RateLimited {
                        retry_after: retry_after.unwrap_or(60),
                    },
                    500..=599 => ApiError::Server { status },
                    _ => ApiError::Invalid { status, message },
                }
            }
            HttpFailure::Body => ApiError::BadResponse,
            other => ApiError::Network(other),
        }
    }
}
