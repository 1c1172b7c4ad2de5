//! `GET /neon/api/v2/projects/{project_id}/connection_uri`: the spec's
//! `ConnectionURIResponse`, `{uri}`, and the `ConnectionDetails` that
//! creation answers carry.
//!
//! Query: `database_name` and `role_name` (both required, else 400),
//! `branch_id` (default: the default branch), `endpoint_id` (default: that
//! branch's read-write endpoint; given alone, it picks its own branch, since
//! an endpoint serves exactly one), `pooled=true` for the endpoint's
//! `-pooler` host. The URI is built from the branch's records: its
//! endpoint's host, its database, its role and that role's password. A
//! project the caller cannot see, or a branch, endpoint, database or role
//! that is not in it, is 404, and so is a branch without a read-write
//! endpoint when none is named (there is no host to give). The URI carries
//! a password, so the scope is `urn:neoncloud:projects:update`, as Neon
//! asks for it (peers.md N3).

use axum::extract::Path;
use axum::http::Uri;
use axum::Json;
use serde_json::{json, Value};

use super::account::require_scope;
use super::data::{NeonBranch, NeonEndpoint, NeonProject, NeonRole};
use super::endpoints::host;
use super::projects::visible_project;
use super::{Answer, NeonError};
use crate::params::Params;
use crate::state::Api;

/// `postgresql://role:password@host/database?sslmode=require`.
fn postgres_uri(host: String, role: &NeonRole, database: &str) -> String {
    let NeonRole { name, password, .. } = role;
    format!("postgresql://{name}:{password}@{host}/{database}?sslmode=require")
}

/// The spec's `ConnectionDetails` for `role` on `database` through `e`.
pub(super) fn connection_details(
    p: &NeonProject,
    e: &NeonEndpoint,
    role: &NeonRole,
    database: &str,
) -> Value {
    json!({
        "connection_uri": postgres_uri(host(p, e, false), role, database),
        "connection_parameters": {
            "database": database,
            "password": role.password,
            "role": role.name,
            "host": host(p, e, false),
            "pooler_host": host(p, e, true),
        },
    })
}

pub(crate) async fn get(Api(app, c): Api, Path(id): Path<String>, uri: Uri) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:update")?;
    let q = Params::from_query(&uri);
    let required = |name: &'static str| {
        q.single(name)?
            .map(str::to_owned)
            .ok_or_else(|| NeonError::bad_request(format!("{name} is required")))
    };
    let (database, role) = (required("database_name")?, required("role_name")?);
    let pooled = q.single("pooled")? == Some("true");
    let data = app.data();
    let p = visible_project(&data.neon, &c, &id)?;
    let (branch_id, endpoint_id) = (q.non_empty("branch_id")?, q.non_empty("endpoint_id")?);
    let serves = |b: &&NeonBranch, e: &str| b.endpoints.iter().any(|x| x.id == e);
    let branch = match (branch_id, endpoint_id) {
        (Some(b), _) => p.branch(b).ok_or_else(|| NeonError::not_found("branch"))?,
        (None, Some(e)) => (p.branches.iter().find(|b| serves(b, e)))
            .ok_or_else(|| NeonError::not_found("endpoint"))?,
        (None, None) => p.default_branch(),
    };
    let endpoint = match endpoint_id {
        Some(e) => branch.endpoints.iter().find(|x| x.id == e),
        None => branch.read_write(),
    };
    let endpoint = endpoint.ok_or_else(|| NeonError::not_found("endpoint"))?;
    if !branch.databases.iter().any(|d| d.name == database) {
        return Err(NeonError::not_found("database"));
    }
    let role = branch
        .role(&role)
        .ok_or_else(|| NeonError::not_found("role"))?;
    Ok(Json(
        json!({ "uri": postgres_uri(host(p, endpoint, pooled), role, &database) }),
    ))
}
