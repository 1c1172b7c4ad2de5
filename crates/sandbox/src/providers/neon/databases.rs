//! `GET /neon/api/v2/projects/{project_id}/branches/{branch_id}/databases`:
//! the spec's `DatabasesResponse`, `{databases: [Database]}`. A child
//! branch lists its own copies of its parent's databases (same names and
//! owners, its own ids). Scope: `urn:neoncloud:projects:read`; an unknown
//! project or branch is 404.

use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::branches::read_branch;
use super::data::{NeonBranch, NeonDatabase};
use super::NeonError;
use crate::clock::{from_millis, rfc3339};
use crate::state::{App, Auth};

/// The spec's `Database`.
pub(super) fn database_json(b: &NeonBranch, d: &NeonDatabase) -> Value {
    let at = rfc3339(from_millis(d.created_at_ms));
    json!({
        "id": d.id,
        "branch_id": b.id,
        "name": d.name,
        "owner_name": d.owner_name,
        "created_at": at,
        "updated_at": at,
    })
}

pub(crate) async fn list(
    State(app): App,
    Extension(c): Auth,
    Path((project_id, branch_id)): Path<(String, String)>,
) -> Result<Json<Value>, NeonError> {
    read_branch(&app, &c, &project_id, &branch_id, |_, b| {
        let databases: Vec<_> = b.databases.iter().map(|d| database_json(b, d)).collect();
        json!({ "databases": databases })
    })
}
