//! The broker's HTTP surface:
//! - `POST /v1/<provider>/token`: authorization_code and refresh_token;
//! - `POST /v1/<provider>/revoke`;
//! - `GET /healthz`;
//! - `GET /relay/<provider>`, `/relay/debug/<provider>` and the page's files.
//!
//! Each request is logged as method, path, status and time, never its
//! query, headers or body.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::config::{BrokeredProvider, Config};
use crate::forward::{self, Form};
use crate::limiter::ClientLimiter;
use crate::refusal::Refusal;
use crate::relay;

#[derive(Clone)]
pub struct Shared {
    pub config: Arc<Config>,
    http: reqwest::Client,
    limiter: Arc<ClientLimiter>,
}

impl Shared {
    pub fn new(config: Config) -> Self {
        let limits = &config.limits;
        let http = reqwest::Client::builder()
            // A provider's redirect is passed back, never followed: the
            // request carries the client secret.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(
                limits
                    .upstream_timeout
                    .min(std::time::Duration::from_secs(10)),
            )
            .user_agent(concat!("latchkey-broker/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a rustls client with static settings builds");
        let limiter = ClientLimiter::new(
            limits.requests_per_minute,
            limits.client_address_header.clone(),
        );
        Self {
            config: Arc::new(config),
            http,
            limiter: Arc::new(limiter),
        }
    }

    fn provider(&self, id: &str) -> Result<&BrokeredProvider, Refusal> {
        self.config.providers.get(id).ok_or_else(|| {
            let shown: String = id.chars().take(40).collect();
            Refusal::unknown_provider(&shown)
        })
    }
}

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/{provider}/token", post(token))
        .route("/v1/{provider}/revoke", post(revoke))
        .route("/relay/relay.js", get(relay::script))
        .route("/relay/relay.css", get(relay::style))
        .route("/relay/debug/{provider}", get(relay::debug_page))
        .route("/relay/{provider}", get(relay::page))
        .fallback(not_found)
        .layer(middleware::from_fn(log_request))
        .with_state(shared)
}

async fn healthz(State(shared): State<Shared>) -> Json<serde_json::Value> {
    let providers: Vec<&str> = shared.config.providers.keys().map(String::as_str).collect();
    Json(serde_json::json!({"status": "ok", "providers": providers}))
}

async fn not_found() -> Refusal {
    Refusal::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

async fn token(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let answer = async {
        let form = admitted(&shared, peer, &headers, body).await?;
        let provider = shared.provider(&id)?;
        let grant = forward::token_grant(&form, provider)?;
        let kind = grant.kind();
        let timeout = shared.config.limits.upstream_timeout;
        let answer = forward::exchange(&shared.http, provider, grant, timeout).await?;
        tracing::info!(provider = %id, grant = kind, upstream = answer.status().as_u16(), "token request passed on");
        Ok::<_, Refusal>(answer)
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

async fn revoke(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let answer = async {
        let form = admitted(&shared, peer, &headers, body).await?;
        let provider = shared.provider(&id)?;
        let revocation = forward::revocation(&form, provider)?;
        let timeout = shared.config.limits.upstream_timeout;
        let answer = forward::revoke(&shared.http, provider, revocation, timeout).await?;
        tracing::info!(provider = %id, upstream = answer.status().as_u16(), "revocation passed on");
        Ok::<_, Refusal>(answer)
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// The rate limit, then the body: a form, and no larger than the limit.
async fn admitted(
    shared: &Shared,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<Form, Refusal> {
    shared
        .limiter
        .check(shared.limiter.client_address(peer, headers))?;
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    if !is_form {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "send the request as application/x-www-form-urlencoded",
        ));
    }
    let limit = shared.config.limits.max_body_bytes;
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            format!("the request body is larger than {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())?;
    Form::parse(&bytes)
}

async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: a relay page's query carries a code.
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path = %path.chars().take(80).collect::<String>(),
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
