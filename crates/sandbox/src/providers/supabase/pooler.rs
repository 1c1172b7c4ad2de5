//! `GET /v1/projects/{ref}/config/database/pooler`: the project's Supavisor
//! pooler, as the spec's `SupavisorConfigResponse[]`.
//!
//! Like the real service: one entry for the primary database in
//! transaction mode on port 6543 of `aws-0-<region>.pooler.supabase.com`,
//! user `postgres.<ref>` (session mode is the same host on port 5432); an
//! empty array while the project is paused or not up yet (peers.md S18).
//! It needs the `database:read` scope: a grant without it gets 403.

use axum::extract::Path;
use axum::Json;
use serde::Serialize;

use super::access::{project_for, require_scope};
use super::model::status;
use crate::error::ApiError;
use crate::state::Api;

/// The scope the spec names for this route (`x-oauth-scope`).
pub(crate) const SCOPE: &str = "database:read";
pub(crate) const TRANSACTION_PORT: u16 = 6543;

#[derive(Serialize)]
pub(crate) struct SupavisorConfig {
    identifier: String,
    database_type: &'static str,
    is_using_scram_auth: bool,
    db_user: String,
    db_host: String,
    db_port: u16,
    db_name: &'static str,
    connection_string: String,
    /// The spec keeps the old camel-case name beside it.
    #[serde(rename = "connectionString")]
    connection_string_camel: String,
    default_pool_size: Option<u32>,
    max_client_conn: Option<u32>,
    pool_mode: &'static str,
}

pub(crate) async fn get_config(
    Api(app, p): Api,
    Path(reference): Path<String>,
) -> Result<Json<Vec<SupavisorConfig>>, ApiError> {
    let (now, store) = (app.now(), app.store());
    let project = project_for(&store, &p, &reference)?;
    require_scope(&p, SCOPE)?;
    if project.status_at(now) != status::ACTIVE_HEALTHY {
        return Ok(Json(Vec::new()));
    }
    let user = format!("postgres.{}", project.reference);
    let host = format!("aws-0-{}.pooler.supabase.com", project.region);
    let uri = format!("postgresql://{user}:[YOUR-PASSWORD]@{host}:{TRANSACTION_PORT}/postgres");
    Ok(Json(vec![SupavisorConfig {
        identifier: project.reference.clone(),
        database_type: "PRIMARY",
        is_using_scram_auth: true,
        db_user: user,
        db_host: host,
        db_port: TRANSACTION_PORT,
        db_name: "postgres",
        connection_string: uri.clone(),
        connection_string_camel: uri,
        default_pool_size: Some(15),
        max_client_conn: Some(200),
        pool_mode: "transaction",
    }]))
}
