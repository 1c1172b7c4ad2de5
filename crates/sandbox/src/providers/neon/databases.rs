//! `GET /neon/api/v2/projects/{project_id}/branches/{branch_id}/databases`:
//! the spec's `DatabasesResponse`, `{databases: [Database]}`. A child
//! branch lists its own copies of its parent's databases (same names and
//! owners, its own ids). Scope: `urn:neoncloud:projects:read`; an unknown
//! project or branch is 404.

use axum::extract::Path;

use serde_json::{json, Value};

use super::branches::read_branch;
use super::data::{NeonBranch, NeonDatabase};
use super::{with_times, Answer, BranchPath};
use crate::state::Api;

/// The spec's `Database`, for each of `b`'s.
pub(super) fn databases_json(b: &NeonBranch) -> Vec<Value> {
    let one = |d: &NeonDatabase| {
        let v = json!({
            "id": d.id,
            "branch_id": b.id,
            "name": d.name,
            "owner_name": d.owner_name,
        });
        with_times(v, d.created_at_ms)
    };
    b.databases.iter().map(one).collect()
}

pub(crate) async fn list(api: Api, Path(ids): BranchPath) -> Answer {
    read_branch(&api, &ids, |_, b| json!({ "databases": databases_json(b) }))
}
