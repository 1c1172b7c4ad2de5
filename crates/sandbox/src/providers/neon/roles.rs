//! `GET /neon/api/v2/projects/{project_id}/branches/{branch_id}/roles`
//! (`RolesResponse`) and `…/roles/{role_name}/reveal_password`
//! (`RolePasswordResponse`, `{password}`).
//!
//! A role list never carries a password, as on Neon: the password is
//! handed out only by `reveal_password`, in connection URIs and in the
//! answer that creates a project, and those need
//! `urn:neoncloud:projects:update` (listing needs `…:read`). A child
//! branch's roles are copies of its parent's with the same passwords.
//! An unknown project, branch or role is 404.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::account::require_scope;
use super::branches::{read_branch, visible_branch};
use super::data::{NeonBranch, NeonRole};
use super::{with_times, Answer, BranchPath, NeonError};
use crate::state::Api;

/// The spec's `Role`, for each of `b`'s; the password only where Neon shows it.
pub(super) fn roles_json(b: &NeonBranch, with_password: bool) -> Vec<Value> {
    let one = |r: &NeonRole| {
        let mut v = json!({ "branch_id": b.id, "name": r.name, "protected": false });
        if with_password {
            v["password"] = json!(r.password);
        }
        with_times(v, r.created_at_ms)
    };
    b.roles.iter().map(one).collect()
}

pub(crate) async fn list(api: Api, Path(ids): BranchPath) -> Answer {
    read_branch(&api, &ids, |_, b| json!({ "roles": roles_json(b, false) }))
}

pub(crate) async fn reveal_password(
    Api(app, c): Api,
    Path((project_id, branch_id, role)): Path<(String, String, String)>,
) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:update")?;
    let data = app.data();
    let (_, b) = visible_branch(&data.neon, &c, &project_id, &branch_id)?;
    let r = b.role(&role).ok_or_else(|| NeonError::not_found("role"))?;
    Ok(Json(json!({ "password": r.password })))
}
