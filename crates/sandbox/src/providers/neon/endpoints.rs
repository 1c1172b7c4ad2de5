//! `GET /neon/api/v2/projects/{project_id}/endpoints` (every compute of the
//! project) and `…/branches/{branch_id}/endpoints` (one branch's): the
//! spec's `EndpointsResponse`, `{endpoints: [Endpoint]}`, each with every
//! field `Endpoint` requires.
//!
//! The host is `{endpoint_id}.{region proxy host}` (the connection pooler
//! adds `-pooler` to the first label); `current_state` is `active` or
//! `idle` as the record says, and `init` → `active` in the answer that
//! creates it. Scope: `urn:neoncloud:projects:read`; an unknown project or
//! branch is 404.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::account::require_scope;
use super::branches::read_branch;
use super::data::{NeonBranch, NeonEndpoint, NeonProject};
use super::projects::{proxy_host, visible_project};
use super::{with_times, Answer, BranchPath};
use crate::state::Api;

/// The host a client connects to, direct or through the pooler.
pub(super) fn host(p: &NeonProject, e: &NeonEndpoint, pooled: bool) -> String {
    let pooler = if pooled { "-pooler" } else { "" };
    format!("{}{pooler}.{}", e.id, proxy_host(&p.region_id))
}

/// The spec's `Endpoint`, for each of `b`'s; `creating`: as the answer
/// that created them shows them (`init`, pending `active`).
pub(super) fn endpoints_json(p: &NeonProject, b: &NeonBranch, creating: bool) -> Vec<Value> {
    let one = |e: &NeonEndpoint| {
        let state = match (creating, e.active) {
            (true, _) => "init",
            (false, true) => "active",
            (false, false) => "idle",
        };
        let mut v = json!({
            "host": host(p, e, false),
            "id": e.id,
            "project_id": p.id,
            "branch_id": b.id,
            "autoscaling_limit_min_cu": e.spec.min_cu,
            "autoscaling_limit_max_cu": e.spec.max_cu,
            "region_id": p.region_id,
            "type": e.spec.kind,
            "current_state": state,
            "settings": {},
            "pooler_enabled": false,
            "pooler_mode": "transaction",
            "disabled": false,
            "passwordless_access": true,
            "creation_source": "console",
            "proxy_host": proxy_host(&p.region_id),
            "suspend_timeout_seconds": e.spec.suspend_timeout_seconds,
            "provisioner": "k8s-neonvm",
        });
        if creating {
            v["pending_state"] = json!("active");
        }
        with_times(v, e.created_at_ms)
    };
    b.endpoints.iter().map(one).collect()
}

pub(crate) async fn list_for_project(Api(app, c): Api, Path(project_id): Path<String>) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:read")?;
    let data = app.data();
    let p = visible_project(&data.neon, &c, &project_id)?;
    let endpoints: Vec<_> = (p.branches.iter())
        .flat_map(|b| endpoints_json(p, b, false))
        .collect();
    Ok(Json(json!({ "endpoints": endpoints })))
}

pub(crate) async fn list_for_branch(api: Api, Path(ids): BranchPath) -> Answer {
    read_branch(
        &api,
        &ids,
        |p, b| json!({ "endpoints": endpoints_json(p, b, false) }),
    )
}
