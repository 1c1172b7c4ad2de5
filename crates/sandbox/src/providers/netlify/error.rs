//! Netlify API errors: the open-api `error` definition, `{"code": <HTTP
//! status as an integer>, "message": "..."}`. OAuth endpoints use OAuth's
//! `{"error", "error_description"}` instead (see `oauth.rs`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NetlifyError {
    pub status: StatusCode,
    pub message: String,
}

impl NetlifyError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "code": self.status.as_u16(), "message": self.message })),
        )
            .into_response()
    }
}

impl IntoResponse for NetlifyError {
    fn into_response(self) -> Response {
        self.response()
    }
}
