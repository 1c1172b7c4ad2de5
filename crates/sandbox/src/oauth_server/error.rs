//! Why the token or revoke endpoint refused a request, in the engine's terms.
//!
//! The engine decides *that* a request fails and why; each profile decides
//! how that looks on the wire (Supabase: `{"message"}` with 4xx codes of its
//! own; the others: RFC 6749 §5.2 `{"error", "error_description"}`). So one
//! rule is written once and can still be answered in four dialects.
//! Variants name parameters, never their values, so no secret reaches a
//! message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An RFC 6749 §5.2 error body, `{"error", "error_description"}`.
pub(crate) fn standard_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description });
    (status, Json(body)).into_response()
}

impl OAuthError {
    /// The standard mapping (RFC 6749 §5.2): status and `error` code.
    /// Profiles override only where they differ.
    pub fn standard(&self) -> (StatusCode, &'static str) {
        use OAuthError as E;
        match self {
            E::WrongContentType(_) | E::UnknownParameter(_) | E::Repeated(_) | E::Missing(_) => {
                (StatusCode::BAD_REQUEST, "invalid_request")
            }
            E::UnsupportedGrantType => (StatusCode::BAD_REQUEST, "unsupported_grant_type"),
            E::MissingClientId | E::MissingClientSecret | E::InvalidClient | E::ClientConflict => {
                (StatusCode::UNAUTHORIZED, "invalid_client")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_grant"),
        }
    }
}

/// A refused token, revoke or client-authentication request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum OAuthError {
    #[error("the body is not {0}")]
    WrongContentType(&'static str),
    /// A parameter the profile's wire format does not allow.
    #[error("unknown parameter {0}")]
    UnknownParameter(String),
    #[error("parameter {0} was given more than once")]
    Repeated(String),
    #[error("parameter {0} is missing")]
    Missing(&'static str),
    #[error("unsupported grant_type")]
    UnsupportedGrantType,
    #[error("no client_id")]
    MissingClientId,
    #[error("no client_secret")]
    MissingClientSecret,
    /// Unknown client, wrong secret, or a way of authenticating the profile
    /// does not accept.
    #[error("client authentication failed")]
    InvalidClient,
    #[error("the Authorization header and the body name different clients")]
    ClientConflict,
    #[error("unknown authorization code")]
    UnknownCode,
    #[error("the code was issued to another client")]
    CodeOfAnotherClient,
    #[error("the code was used before")]
    CodeReused,
    #[error("the code has expired")]
    CodeExpired,
    #[error("redirect_uri differs from the authorization request's")]
    RedirectMismatch,
    #[error("no code_verifier")]
    VerifierMissing,
    #[error("code_verifier does not match")]
    VerifierMismatch,
    /// A verifier for a code that had no challenge (OAuth 2.1 §4.1.3).
    #[error("code_verifier without a challenge")]
    VerifierUnexpected,
    #[error("unknown, rotated or revoked refresh token")]
    UnknownRefreshToken,
    #[error("the refresh token was issued to another client")]
    RefreshTokenOfAnotherClient,
}
