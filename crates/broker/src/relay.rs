//! The https relay page (`relay/` at the repository root), served by the
//! broker so one deployment covers the providers that accept only https
//! redirect URIs. The page forwards the authorization response to the app's
//! deep link in the browser; the broker only hands out the three files and
//! never sees what the page forwards (the code is in the query of a request
//! it answers with the same static page, and it logs paths only).

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::routes::Shared;

const INDEX: &str = include_str!("../../../relay/index.html");
const SCRIPT: &str = include_str!("../../../relay/relay.js");
const STYLE: &str = include_str!("../../../relay/relay.css");

/// The same policy the page declares in its meta tag, as a header too.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn script() -> Response {
    file(SCRIPT, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    file(STYLE, "text/css; charset=utf-8")
}

/// `/relay/<provider>` (release builds' scheme).
pub async fn page(State(shared): State<Shared>, Path(provider): Path<String>) -> Response {
    index_for(&shared, &provider)
}

/// `/relay/debug/<provider>` (debug builds' scheme).
pub async fn debug_page(State(shared): State<Shared>, Path(provider): Path<String>) -> Response {
    index_for(&shared, &provider)
}

fn index_for(shared: &Shared, provider: &str) -> Response {
    if !shared.config.providers.contains_key(provider) {
        return (StatusCode::NOT_FOUND, "no such relay page").into_response();
    }
    file(INDEX, "text/html; charset=utf-8")
}

fn file(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The page's address carries a code: no cache keeps it.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
