//! Neon API errors: the spec's `GeneralError` response, `{"code", "message"}`
//! (`code` is a string, empty when Neon gives no specific code; `request_id`
//! is optional and omitted here). OAuth endpoints use OAuth's own
//! `{"error", "error_description"}` instead (see `token.rs`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NeonError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl NeonError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code: "",
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "code": self.code, "message": self.message })),
        )
            .into_response()
    }
}

impl IntoResponse for NeonError {
    fn into_response(self) -> Response {
        self.response()
    }
}
