//! `GET /neon/api/v2/projects/{project_id}/branches` (list),
//! `GET …/branches/{branch_id}` (one) and `POST …/branches` (create).
//!
//! List: the spec's `BranchesResponse & AnnotationsMapResponse &
//! CursorPaginationResponse`: `{branches, annotations, pagination}`, where
//! `annotations` maps the id of each listed branch that has one to its
//! `AnnotationData`. `search` (part of a name or id), `sort_by` (`name`,
//! `created_at`, `updated_at`; default `updated_at`), `sort_order` (`asc`,
//! `desc`; default `desc`), `limit` (1..=10000, default all) and `cursor`
//! (`pagination.next` of the previous page, given only while more follow);
//! `include_deleted` is accepted and changes nothing (nothing is deleted).
//! One: `BranchResponse & AnnotationResponse`, `{branch, annotation}`
//! (`annotation.value` is empty unless the branch was created with an
//! `annotation_value`).
//!
//! Create: `BranchCreateRequest & AnnotationCreateValueRequest`, every part
//! optional (no body at all is fine): `branch.name` (default: the new id,
//! as Neon names unnamed branches), `branch.parent_id` (default: the
//! default branch), `branch.protected`, `endpoints: [{type, autoscaling_…,
//! suspend_timeout_seconds}]` (at most one `read_write`; without endpoints
//! the branch has no compute, as on Neon), `annotation_value`. Other fields
//! are accepted and ignored. The child copies its parent's databases and
//! roles, passwords included. Answer 201 `BranchResponse & EndpointsResponse
//! & OperationsResponse & RolesResponse & DatabasesResponse &
//! ConnectionURIsOptionalResponse`; `connection_uris` only when the branch
//! got a read-write endpoint and has exactly one database and one role
//! (Neon leaves it out otherwise). A name the project already uses is 409
//! `branch already exists; branch_name:"…"`, Neon's answer as its clients
//! report it (neondatabase/create-branch-action#67, neon-pkgs#307).
//!
//! Scopes: `urn:neoncloud:projects:read` to read, `…:update` to create.
//! An unknown project, branch or parent is 404.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::Json;
use serde_json::{json, Map, Value};

use super::account::require_scope;
use super::connection_uri::connection_details;
use super::data::{Data, EndpointKind, EndpointSpec, NeonBranch, NeonProject};
use super::databases::databases_json;
use super::endpoints::endpoints_json;
use super::operations::{new_ids, operations};
use super::projects::{visible_project, visible_project_index};
use super::roles::roles_json;
use super::{with_times, Answer, BranchPath, Created, Fields, NeonError};
use crate::clock::{from_millis, rfc3339, to_millis};
use crate::oauth_server::grants::Caller;
use crate::params::Params;
use crate::state::Api;

const MAX_LIMIT: usize = 10_000;
/// The largest compute a user may ask for (`max_autoscaling_limit` of `/users/me`).
const MAX_CU: f64 = 8.0;
/// Neon reports a fresh branch's size; the sandbox stores no data.
const LOGICAL_SIZE: u64 = 30_785_536;

/// The project `project_id` and its branch `branch_id`, if the caller can
/// see the project; 404 otherwise.
pub(super) fn visible_branch<'s>(
    s: &'s Data,
    c: &Caller,
    project_id: &str,
    branch_id: &str,
) -> Result<(&'s NeonProject, &'s NeonBranch), NeonError> {
    let p = visible_project(s, c, project_id)?;
    let b = p
        .branch(branch_id)
        .ok_or_else(|| NeonError::not_found("branch"))?;
    Ok((p, b))
}

/// A read of one branch's records, the shape four routes share: the read
/// scope, the branch `(project_id, branch_id)` the caller can see (else
/// 404), then `answer` over it.
pub(super) fn read_branch(
    Api(app, c): &Api,
    (project_id, branch_id): &(String, String),
    answer: impl FnOnce(&NeonProject, &NeonBranch) -> Value,
) -> Answer {
    require_scope(c, "urn:neoncloud:projects:read")?;
    let data = app.data();
    let (p, b) = visible_branch(&data.neon, c, project_id, branch_id)?;
    Ok(Json(answer(p, b)))
}

/// The spec's `Branch`; `creating`: as the answer that creates it shows it
/// (`init`, pending `ready`), later `ready`.
pub(super) fn branch_json(p: &NeonProject, b: &NeonBranch, creating: bool) -> Value {
    let at = rfc3339(from_millis(b.created_at_ms));
    let mut v = json!({
        "id": b.id,
        "project_id": p.id,
        "name": b.name,
        "current_state": if creating { "init" } else { "ready" },
        "state_changed_at": at,
        "creation_source": "console",
        // Deprecated in favour of `default`, still sent by Neon.
        "primary": b.default,
        "default": b.default,
        "protected": b.protected,
        "cpu_used_sec": 0,
        "compute_time_seconds": 0,
        "active_time_seconds": 0,
        "written_data_bytes": 0,
        "data_transfer_bytes": 0,
        "init_source": "parent-data",
    });
    if creating {
        v["pending_state"] = json!("ready");
    } else {
        v["logical_size"] = json!(LOGICAL_SIZE);
    }
    if let Some(parent) = &b.parent_id {
        v["parent_id"] = json!(parent);
        // A point on the parent's timeline; the sandbox has no WAL, so any
        // well-formed LSN that differs per branch will do.
        v["parent_lsn"] = json!(format!("0/{:X}", b.created_at_ms % 0xFFF_FFFF));
        v["parent_timestamp"] = json!(at);
    }
    with_times(v, b.created_at_ms)
}

/// The spec's `AnnotationData` of branch `b`.
fn annotation_json(b: &NeonBranch) -> Value {
    let v = json!({
        "object": { "type": "console/branch", "id": b.id },
        "value": b.annotation,
    });
    if b.annotation.is_empty() {
        v
    } else {
        with_times(v, b.created_at_ms)
    }
}

pub(crate) async fn list(Api(app, c): Api, Path(project_id): Path<String>, uri: Uri) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:read")?;
    let q = Params::from_query(&uri);
    let sort_by = q.non_empty("sort_by")?.unwrap_or("updated_at");
    if !["name", "created_at", "updated_at"].contains(&sort_by) {
        let message = "sort_by must be one of name, created_at, updated_at";
        return Err(NeonError::bad_request(message));
    }
    let desc = match q.non_empty("sort_order")?.map(str::to_ascii_lowercase) {
        None => true,
        Some(o) if o == "desc" => true,
        Some(o) if o == "asc" => false,
        Some(_) => return Err(NeonError::bad_request("sort_order must be asc or desc")),
    };
    let limit = super::limit(&q, MAX_LIMIT, MAX_LIMIT)?;
    let data = app.data();
    let p = visible_project(&data.neon, &c, &project_id)?;
    let mut branches: Vec<&NeonBranch> = p.branches.iter().collect();
    // Updated and created are the same instant here: nothing changes a branch.
    branches.sort_by(|a, b| match sort_by {
        "name" => a.name.cmp(&b.name),
        _ => a.created_at_ms.cmp(&b.created_at_ms),
    });
    if desc {
        branches.reverse();
    }
    let (page, more) = super::page(&q, branches, limit, |b| (&b.name, &b.id))?;
    let mut pagination = json!({
        "sort_by": sort_by,
        "sort_order": if desc { "DESC" } else { "ASC" },
    });
    if let Some(last) = page.last().filter(|_| more) {
        pagination["next"] = json!(last.id);
    }
    let annotations: Map<String, Value> = (page.iter())
        .filter(|b| !b.annotation.is_empty())
        .map(|b| (b.id.clone(), annotation_json(b)))
        .collect();
    Ok(Json(json!({
        "branches": page.iter().map(|b| branch_json(p, b, false)).collect::<Vec<_>>(),
        "annotations": annotations,
        "pagination": pagination,
    })))
}

pub(crate) async fn get_one(api: Api, Path(ids): BranchPath) -> Answer {
    read_branch(&api, &ids, |p, b| {
        json!({
            "branch": branch_json(p, b, false),
            "annotation": annotation_json(b),
        })
    })
}

/// A checked `POST …/branches` body.
#[derive(Debug, Default)]
struct NewBranch {
    parent_id: Option<String>,
    name: Option<String>,
    protected: bool,
    endpoints: Vec<EndpointSpec>,
    annotation: BTreeMap<String, String>,
}

fn parse_new_branch(body: &[u8]) -> Result<NewBranch, NeonError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(NewBranch::default());
    }
    let body: Value = serde_json::from_slice(body)
        .map_err(|_| NeonError::bad_request("request body is not valid JSON"))?;
    let Some(body) = body.as_object() else {
        return Err(NeonError::bad_request("request body must be a JSON object"));
    };
    let root = Fields(body, "");
    let empty = Map::new();
    let branch = root.get("branch", "an object", Value::as_object)?;
    let branch = Fields(branch.unwrap_or(&empty), "branch.");
    let name = branch.string("name")?;
    if (name.as_ref()).is_some_and(|n| n.is_empty() || n.chars().count() > 256) {
        let message = "branch.name must be 1 to 256 characters long";
        return Err(NeonError::bad_request(message));
    }
    let protected = branch.get("protected", "a boolean", Value::as_bool)?;
    let endpoints = root.get("endpoints", "an array", Value::as_array)?;
    let endpoints: Vec<_> = (endpoints.into_iter().flatten().enumerate())
        .map(parse_endpoint)
        .collect::<Result<_, _>>()?;
    let read_write = |e: &&EndpointSpec| e.kind == EndpointKind::ReadWrite;
    if endpoints.iter().filter(read_write).count() > 1 {
        let message = "a branch can have only one read_write endpoint";
        return Err(NeonError::bad_request(message));
    }
    let annotation = root.get("annotation_value", "an object", Value::as_object)?;
    let annotation = (annotation.into_iter().flatten())
        .map(|(k, v)| match v.as_str() {
            Some(v) => Ok((k.clone(), v.to_owned())),
            None => Err(root.invalid("annotation_value values", "strings")),
        })
        .collect::<Result<_, _>>()?;
    Ok(NewBranch {
        // "If omitted or empty, the branch will be created from the
        // project's default branch."
        parent_id: branch.string("parent_id")?.filter(|p| !p.is_empty()),
        name,
        protected: protected.unwrap_or(false),
        endpoints,
        annotation,
    })
}

fn parse_endpoint((i, e): (usize, &Value)) -> Result<EndpointSpec, NeonError> {
    let Some(o) = e.as_object() else {
        let message = format!("endpoints[{i}] must be an object");
        return Err(NeonError::bad_request(message));
    };
    let (path, mut spec) = (format!("endpoints[{i}]."), EndpointSpec::read_write());
    let o = Fields(o, &path);
    spec.kind = match o.0.get("type").and_then(Value::as_str) {
        Some("read_write") => EndpointKind::ReadWrite,
        Some("read_only") => EndpointKind::ReadOnly,
        _ => return Err(o.invalid("type", "read_write or read_only")),
    };
    let cu = |k: &str, default: f64| {
        let what = format!("a number from 0.25 to {MAX_CU}");
        let in_range = |v: &Value| v.as_f64().filter(|n| (0.25..=MAX_CU).contains(n));
        let cu = o.get(k, &what, in_range)?;
        Ok::<_, NeonError>(cu.unwrap_or(default))
    };
    spec.min_cu = cu("autoscaling_limit_min_cu", spec.min_cu)?;
    spec.max_cu = cu("autoscaling_limit_max_cu", spec.max_cu)?;
    if spec.min_cu > spec.max_cu {
        let message = "autoscaling_limit_min_cu must not exceed autoscaling_limit_max_cu";
        return Err(NeonError::bad_request(format!("endpoints[{i}]: {message}")));
    }
    let suspend = |v: &Value| v.as_i64().filter(|n| (-1..=604_800).contains(n));
    let what = "an integer from -1 to 604800";
    spec.suspend_timeout_seconds = o
        .get("suspend_timeout_seconds", what, suspend)?
        .unwrap_or(0);
    Ok(spec)
}

pub(crate) async fn create(
    Api(app, c): Api,
    Path(project_id): Path<String>,
    body: Bytes,
) -> Created {
    require_scope(&c, "urn:neoncloud:projects:update")?;
    let req = parse_new_branch(&body)?;
    let op_ids = new_ids(&app, req.endpoints.len() + 1);
    let now_ms = to_millis(app.now());
    let mut data = app.data();
    let index = visible_project_index(&data.neon, &c, &project_id)?;
    let p = &mut data.neon.projects[index];
    let parent = match &req.parent_id {
        Some(id) => (p.branches.iter().position(|b| &b.id == id))
            .ok_or_else(|| NeonError::not_found(format!("parent branch {id}")))?,
        None => p.branches.iter().position(|b| b.default).unwrap_or(0),
    };
    let taken = |name: &&String| p.branches.iter().any(|b| &b.name == *name);
    if let Some(name) = req.name.as_ref().filter(taken) {
        let message = format!("branch already exists; branch_name:{name:?}");
        return Err(NeonError::new(StatusCode::CONFLICT, message));
    }
    let new = p.add_branch(Some(parent), req.name, now_ms);
    p.branches[new].protected = req.protected;
    p.branches[new].annotation = req.annotation;
    for spec in req.endpoints {
        p.add_endpoint(new, spec, now_ms);
    }
    let (p, b) = (&*p, &p.branches[new]);
    let mut answer = json!({
        "branch": branch_json(p, b, true),
        "endpoints": endpoints_json(p, b, true),
        "operations": operations(&op_ids, p, b, "create_branch", "scheduling"),
        "roles": roles_json(b, false),
        "databases": databases_json(b),
    });
    if let (Some(e), [role], [db]) = (b.read_write(), &b.roles[..], &b.databases[..]) {
        answer["connection_uris"] = json!([connection_details(p, e, role, &db.name)]);
    }
    Ok((StatusCode::CREATED, Json(answer)))
}
