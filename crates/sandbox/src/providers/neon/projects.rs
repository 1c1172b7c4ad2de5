//! `GET /neon/api/v2/projects` (cursor pages), `POST` (create) and
//! `GET /projects/{project_id}` (one project, 404 if the caller cannot see it).
//!
//! List: `limit` 1..=400 (default 10), `cursor` = the id of the last project
//! of the previous page, `search` (part of a name or id), `org_id`. Without
//! `org_id` the caller's personal projects are listed; with it, that
//! organization's (404 if the caller is not a member). Order: newest first,
//! then id. The answer is the spec's `ProjectsResponse` + `PaginationResponse`:
//! `{projects: [ProjectListItem], pagination: {cursor}}`; a page shorter than
//! `limit` is the last.
//!
//! Create: body `{"project": {name?, region_id?, pg_version?, org_id?, ...}}`;
//! the project gets what Neon creates with one (see
//! [`NeonProject::with_main_branch`]), the owner's password random. Answer
//! 201 with `{project, connection_uris, roles, databases, operations,
//! branch, endpoints}`, each with every field the spec requires, the branch
//! and endpoint in their `init` states. Scopes:
//! `urn:neoncloud:projects:read` to list, `…:create` to create.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::Json;
use rand::Rng;
use serde_json::{json, Value};

use super::account::{require_scope, REGIONS};
use super::branches::branch_json;
use super::connection_uri::connection_details;
use super::data::{Data, NeonProject};
use super::databases::databases_json;
use super::endpoints::endpoints_json;
use super::operations::{new_ids, operations};
use super::roles::roles_json;
use super::{with_times, Answer, Created, Fields, NeonError};
use crate::clock::{from_millis, rfc3339, to_millis};
use crate::ids;
use crate::oauth_server::grants::Caller;
use crate::params::Params;
use crate::state::{Api, AppState};

const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 400;
const PG_VERSIONS: std::ops::RangeInclusive<u64> = 14..=17;

/// `us-east-2.aws.neon.tech` for `aws-us-east-2`.
pub(super) fn proxy_host(region_id: &str) -> String {
    match region_id.split_once('-') {
        Some((cloud, rest)) => format!("{rest}.{cloud}.neon.tech"),
        None => format!("{region_id}.neon.tech"),
    }
}

/// The spec's `ProjectListItem`.
fn list_item(p: &NeonProject) -> Value {
    let mut v = json!({
        "id": p.id,
        "platform_id": p.region_id.split('-').next().unwrap_or("aws"),
        "region_id": p.region_id,
        "name": p.name,
        "provisioner": "k8s-neonvm",
        "pg_version": p.pg_version,
        "proxy_host": proxy_host(&p.region_id),
        "branch_logical_size_limit": 512,
        "branch_logical_size_limit_bytes": 536870912u64,
        "store_passwords": true,
        "active_time": 0,
        "cpu_used_sec": 0,
        "creation_source": "console",
        "owner_id": p.owner_id,
    });
    if let Some(org) = &p.org_id {
        v["org_id"] = json!(org);
    }
    with_times(v, p.created_at_ms)
}

/// The spec's `Project` (the full shape `POST` returns).
fn full(p: &NeonProject, now_ms: u64) -> Value {
    let mut v = list_item(p);
    let o = v.as_object_mut().expect("an object");
    o.remove("active_time");
    let more = json!({
        "active_time_seconds": 0,
        "compute_time_seconds": 0,
        "written_data_bytes": 0,
        "data_transfer_bytes": 0,
        "data_storage_bytes_hour": 0,
        "history_retention_seconds": 86400,
        "consumption_period_start": rfc3339(from_millis(p.created_at_ms)),
        "consumption_period_end": rfc3339(from_millis(now_ms + 30 * 86_400_000)),
    });
    o.extend(more.as_object().expect("an object").clone());
    v
}

/// 404 unless the caller belongs to organization `org`.
fn check_member(s: &Data, c: &Caller, org: &str) -> Result<(), NeonError> {
    if !s.orgs_of(&c.user_id).iter().any(|o| o.id == org) {
        return Err(NeonError::not_found(format!("organization {org}")));
    }
    Ok(())
}

/// The projects of organization `org_id` (the caller's personal ones when
/// `None`), newest first, then by id.
fn visible<'s>(
    s: &'s Data,
    c: &Caller,
    org_id: Option<&str>,
) -> Result<Vec<&'s NeonProject>, NeonError> {
    if let Some(org) = org_id {
        check_member(s, c, org)?;
    }
    let mut out: Vec<_> = (s.projects.iter())
        .filter(|p| match org_id {
            Some(org) => p.org_id.as_deref() == Some(org),
            None => p.org_id.is_none() && p.owner_id == c.user_id,
        })
        .collect();
    out.sort_by(|a, b| (b.created_at_ms.cmp(&a.created_at_ms)).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

pub(crate) async fn list(Api(app, c): Api, uri: Uri) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:read")?;
    let q = Params::from_query(&uri);
    let limit = super::limit(&q, DEFAULT_LIMIT, MAX_LIMIT)?;
    let data = app.data();
    let projects = visible(&data.neon, &c, q.non_empty("org_id")?)?;
    let (page, _) = super::page(&q, projects, limit, |p| (&p.name, &p.id))?;
    let next = (page.last().map(|p| p.id.as_str()))
        .or(q.non_empty("cursor")?)
        .unwrap_or_default();
    Ok(Json(json!({
        "projects": page.into_iter().map(list_item).collect::<Vec<_>>(),
        "pagination": { "cursor": next },
    })))
}

/// An `adjective-noun-123456` id, Neon's project id shape.
fn new_project_id(app: &AppState) -> String {
    const ADJ: [&str; 8] = [
        "shiny", "spring", "floral", "quiet", "bold", "misty", "proud", "young",
    ];
    const NOUN: [&str; 8] = [
        "wind", "example", "king", "lake", "river", "forest", "hill", "meadow",
    ];
    let mut rng = app.rng();
    format!(
        "{}-{}-{:06}",
        ADJ[rng.gen_range(0..ADJ.len())],
        NOUN[rng.gen_range(0..NOUN.len())],
        rng.gen_range(0..1_000_000)
    )
}

/// `GET /neon/api/v2/projects/{project_id}`: the spec's `ProjectResponse`.
pub(crate) async fn get_one(Api(app, c): Api, Path(id): Path<String>) -> Answer {
    require_scope(&c, "urn:neoncloud:projects:read")?;
    let now_ms = to_millis(app.now());
    let data = app.data();
    let p = visible_project(&data.neon, &c, &id)?;
    Ok(Json(json!({ "project": full(p, now_ms) })))
}

/// The project `id` if the caller can see it; 404 otherwise.
pub(super) fn visible_project<'s>(
    s: &'s Data,
    c: &Caller,
    id: &str,
) -> Result<&'s NeonProject, NeonError> {
    visible_project_index(s, c, id).map(|i| &s.projects[i])
}

/// Where [`visible_project`]'s project is in `s.projects`, for handlers
/// that change it.
pub(super) fn visible_project_index(s: &Data, c: &Caller, id: &str) -> Result<usize, NeonError> {
    (s.projects.iter())
        .position(|p| p.id == id && s.can_see(&c.user_id, p))
        .ok_or_else(|| NeonError::not_found("project"))
}

pub(crate) async fn create(Api(app, c): Api, body: Bytes) -> Created {
    require_scope(&c, "urn:neoncloud:projects:create")?;
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| NeonError::bad_request("request body is not valid JSON"))?;
    let Some(spec) = body.get("project").and_then(Value::as_object) else {
        return Err(NeonError::bad_request("project is required"));
    };
    let spec = Fields(spec, "project.");
    let region_id = spec
        .string("region_id")?
        .unwrap_or_else(|| "aws-us-east-2".to_owned());
    if !REGIONS.iter().any(|r| r.0 == region_id) {
        let message = format!("region {region_id} is not supported");
        return Err(NeonError::bad_request(message));
    }
    let pg_version = |v: &Value| v.as_u64().filter(|n| PG_VERSIONS.contains(n));
    let pg_version = spec.get("pg_version", "an integer from 14 to 17", pg_version)?;
    let pg_version = pg_version.unwrap_or(16) as u32;
    let org_id = spec.string("org_id")?.filter(|o| !o.is_empty());
    if let Some(org) = &org_id {
        check_member(&app.data().neon, &c, org)?;
    }
    let id = new_project_id(&app);
    let name = (spec.string("name")?.filter(|n| !n.is_empty())).unwrap_or_else(|| id.clone());
    let now_ms = to_millis(app.now());
    let password = ids::random_hex(&mut *app.rng(), 12);
    let op_ids = new_ids(&app, 2);
    let project = NeonProject {
        id,
        name,
        region_id,
        pg_version,
        org_id,
        owner_id: c.user_id.clone(),
        created_at_ms: now_ms,
        branches: Vec::new(),
    }
    .with_main_branch(password);
    let (p, b) = (&project, project.default_branch());
    let (e, role, db) = (&b.endpoints[0], &b.roles[0], &b.databases[0]);
    let answer = json!({
        "project": full(p, now_ms),
        "connection_uris": [connection_details(p, e, role, &db.name)],
        // Unlike a role list, the creation answer shows the new password.
        "roles": roles_json(b, true),
        "databases": databases_json(b),
        "operations": operations(&op_ids, p, b, "create_timeline", "running"),
        "branch": branch_json(p, b, true),
        "endpoints": endpoints_json(p, b, true),
    });
    app.data().neon.projects.push(project);
    Ok((StatusCode::CREATED, Json(answer)))
}
