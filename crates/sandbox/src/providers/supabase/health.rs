//! `GET /v1/projects/{ref}/health?services=auth,rest[&timeout_ms=…]`.
//!
//! `services` is required (an array in the spec: `services=auth&services=rest`
//! and the comma form `services=auth,rest` are both read). Each service
//! answers the spec's `V1ServiceHealthResponse`: `COMING_UP` while the
//! project starts or restores, `ACTIVE_HEALTHY` when it runs, `UNHEALTHY` (with `error`)
//! when it is paused or otherwise down. `info` is filled the way the spec's
//! `oneOf` allows: GoTrue details for auth, connection details for realtime,
//! the exposed schema for rest.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::{Extension, Json};
use serde::Serialize;

use super::access::project_for;
use super::body;
use super::model::status;
use crate::error::ApiError;
use crate::params::Params;
use crate::state::{App, Auth};

const SERVICES: [&str; 8] = [
    "auth",
    "db",
    "db_postgres_user",
    "pooler",
    "realtime",
    "rest",
    "storage",
    "pg_bouncer",
];

#[derive(Serialize)]
pub(crate) struct ServiceHealth {
    name: String,
    healthy: bool,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    info: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub(crate) async fn health(
    State(app): App,
    Extension(p): Auth,
    Path(reference): Path<String>,
    uri: Uri,
) -> Result<Json<Vec<ServiceHealth>>, ApiError> {
    let q = Params::from_query(&uri);
    let mut wanted: Vec<String> = Vec::new();
    for v in q.all("services").chain(q.all("services[]")) {
        for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if !SERVICES.contains(&s) {
                return Err(ApiError::bad_request(format!(
                    "each value in services must be one of the following values: {}",
                    SERVICES.join(", ")
                )));
            }
            if !wanted.iter().any(|w| w == s) {
                wanted.push(s.to_owned());
            }
        }
    }
    if wanted.is_empty() {
        return Err(ApiError::bad_request("services should not be empty"));
    }
    body::query_int(q.single("timeout_ms")?, "timeout_ms", 0, Some(10_000))?;
    let now = app.now();
    let store = app.store();
    let project = project_for(&store, &p, &reference)?;
    let project_status = project.status_at(now);
    Ok(Json(
        wanted
            .into_iter()
            .map(|name| {
                let (healthy, st, error) = match project_status {
                    status::ACTIVE_HEALTHY => (true, "ACTIVE_HEALTHY", None),
                    status::COMING_UP | status::RESTORING => (false, "COMING_UP", None),
                    other => (false, "UNHEALTHY", Some(format!("project is {other}"))),
                };
                let info = healthy.then(|| match name.as_str() {
                    "auth" => Some(serde_json::json!({
                        "name": "GoTrue",
                        "version": "v2.177.0",
                        "description": "GoTrue is a user registration and authentication API"
                    })),
                    "realtime" => Some(serde_json::json!({
                        "healthy": true,
                        "db_connected": true,
                        "replication_connected": true,
                        "connected_cluster": 1
                    })),
                    "rest" => Some(serde_json::json!({ "db_schema": "public,graphql_public" })),
                    _ => None,
                });
                ServiceHealth {
                    name,
                    healthy,
                    status: st,
                    info: info.flatten(),
                    error,
                }
            })
            .collect(),
    ))
}
