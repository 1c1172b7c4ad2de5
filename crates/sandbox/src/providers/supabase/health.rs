//! `GET /v1/projects/{ref}/health?services=auth,rest[&timeout_ms=…]`.
//!
//! `services` is required (an array in the spec: `services=auth&services=rest`
//! and the comma form `services=auth,rest` are both read). Each service
//! answers the spec's `V1ServiceHealthResponse`: `COMING_UP` while the
//! project starts or restores, `ACTIVE_HEALTHY` when it runs, `UNHEALTHY` (with `error`)
//! when it is paused or otherwise down. `info` is filled the way the spec's
//! `oneOf` allows: GoTrue details for auth, connection details for realtime,
//! the exposed schema for rest.

use axum::extract::Path;
use axum::http::Uri;
use axum::Json;
use serde::Serialize;
use serde_json::json;

use super::access::project_for;
use super::body;
use super::model::status;
use crate::error::ApiError;
use crate::params::Params;
use crate::state::Api;

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
    Api(app, p): Api,
    Path(reference): Path<String>,
    uri: Uri,
) -> Result<Json<Vec<ServiceHealth>>, ApiError> {
    let q = Params::from_query(&uri);
    let all = q.all("services").chain(q.all("services[]"));
    let wanted = body::query_list(all, "services", &SERVICES)?;
    if wanted.is_empty() {
        return Err(ApiError::bad_request("services should not be empty"));
    }
    body::query_int(q.single("timeout_ms")?, "timeout_ms", 0, Some(10_000))?;
    let (now, store) = (app.now(), app.store());
    let project = project_for(&store, &p, &reference)?;
    let (healthy, status, error) = match project.status_at(now) {
        status::ACTIVE_HEALTHY => (true, "ACTIVE_HEALTHY", None),
        status::COMING_UP | status::RESTORING => (false, "COMING_UP", None),
        other => (false, "UNHEALTHY", Some(format!("project is {other}"))),
    };
    let info = |name: &str| match name {
        "auth" => Some(json!({
            "name": "GoTrue",
            "version": "v2.177.0",
            "description": "GoTrue is a user registration and authentication API"
        })),
        "realtime" => Some(json!({
            "healthy": true,
            "db_connected": true,
            "replication_connected": true,
            "connected_cluster": 1
        })),
        "rest" => Some(json!({ "db_schema": "public,graphql_public" })),
        _ => None,
    };
    let answer = wanted.into_iter().map(|name| ServiceHealth {
        name: name.to_owned(),
        healthy,
        status,
        info: info(name).filter(|_| healthy),
        error: error.clone(),
    });
    Ok(Json(answer.collect()))
}
