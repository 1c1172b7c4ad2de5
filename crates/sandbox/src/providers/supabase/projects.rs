//! Projects: list, get, create (`V1CreateProjectBody`, which allows no other
//! property, answered 201) and an organization's paged list, in the spec's
//! shapes.
//!
//! A new project is `COMING_UP` and reads as `ACTIVE_HEALTHY` once the
//! activation delay has passed on the sandbox clock. Its `db_pass` is checked
//! and then forgotten: nothing stores it.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::access::{org_for, project_for};
use super::body::{self, one_of};
use super::model::{status, Project};
use super::regions::SMART_GROUPS;
use super::seed::REGIONS;
use crate::clock::{from_millis, rfc3339, to_millis};
use crate::error::ApiError;
use crate::ids;
use crate::params::Params;
use crate::state::Api;

pub(crate) const INSTANCE_SIZES: [&str; 19] = [
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "24xlarge_optimized_memory",
    "24xlarge_optimized_cpu",
    "24xlarge_high_memory",
    "48xlarge",
    "48xlarge_optimized_memory",
    "48xlarge_optimized_cpu",
    "48xlarge_high_memory",
];

/// `V1ProjectResponse`, and with `database` `V1ProjectWithDatabaseResponse`.
#[derive(Serialize)]
pub(crate) struct ProjectBody<'a> {
    id: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    organization_id: &'a str,
    organization_slug: &'a str,
    name: &'a str,
    region: &'a str,
    created_at: String,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    database: Option<Value>,
}

fn body_of(p: &Project, now: SystemTime, with_database: bool) -> ProjectBody<'_> {
    ProjectBody {
        id: &p.reference,
        reference: &p.reference,
        organization_id: &p.organization_slug,
        organization_slug: &p.organization_slug,
        name: &p.name,
        region: &p.region,
        created_at: rfc3339(from_millis(p.created_at_ms)),
        status: p.status_at(now),
        database: with_database.then(|| {
            json!({
                "host": format!("db.{}.supabase.co", p.reference),
                "version": "17.4.1.054",
                "postgres_engine": "17",
                "release_channel": "ga",
            })
        }),
    }
}

/// An item of `OrganizationProjectsResponse.projects`.
#[derive(Serialize)]
struct OrgProjectItem<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    name: &'a str,
    cloud_provider: &'static str,
    region: &'a str,
    is_branch: bool,
    status: &'a str,
    inserted_at: String,
    databases: Vec<OrgDatabase<'a>>,
}

#[derive(Serialize)]
struct OrgDatabase<'a> {
    infra_compute_size: &'a str,
    region: &'a str,
    status: &'a str,
    cloud_provider: &'static str,
    identifier: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    disk_volume_size_gb: u32,
    disk_type: &'static str,
    disk_throughput_mbps: u32,
    disk_last_modified_at: String,
}

#[derive(Serialize)]
struct OrgProjects<'a> {
    projects: Vec<OrgProjectItem<'a>>,
    pagination: Value,
}

/// The database's status for a project status (the spec's database enum has
/// no INACTIVE; a paused project's database is reported UNKNOWN).
fn database_status(project_status: &str) -> &str {
    match project_status {
        "ACTIVE_HEALTHY" | "ACTIVE_UNHEALTHY" | "COMING_UP" | "GOING_DOWN" | "INIT_FAILED"
        | "REMOVED" | "RESTORING" | "RESTARTING" | "RESIZING" => project_status,
        _ => "UNKNOWN",
    }
}

/// Oldest first (refs are unique, so the order is total).
fn by_created<'p>(p: &&'p Project) -> (u64, &'p str) {
    (p.created_at_ms, &p.reference)
}

pub(crate) async fn list(Api(app, p): Api) -> Response {
    let (now, store) = (app.now(), app.store());
    let mut projects: Vec<&Project> = (store.visible_orgs(&p).into_iter())
        .flat_map(|o| store.projects_in_org(&o.slug))
        .collect();
    projects.sort_by_key(by_created);
    let items: Vec<ProjectBody> = projects.iter().map(|pr| body_of(pr, now, true)).collect();
    Json(items).into_response()
}

pub(crate) async fn get_one(Api(app, p): Api, Path(r): Path<String>) -> Result<Response, ApiError> {
    let (now, store) = (app.now(), app.store());
    Ok(Json(body_of(project_for(&store, &p, &r)?, now, true)).into_response())
}

pub(crate) async fn list_for_org(
    Api(app, p): Api,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = Params::from_query(&uri);
    let offset = body::query_int(q.single("offset")?, "offset", 0, None)?.unwrap_or(0) as usize;
    let limit = body::query_int(q.single("limit")?, "limit", 1, Some(100))?.unwrap_or(100) as usize;
    let search = q.non_empty("search")?.map(str::to_lowercase);
    const SORTS: [&str; 4] = ["name_asc", "name_desc", "created_asc", "created_desc"];
    let sort = body::check_enum(q.single("sort")?, "sort", &SORTS)?.unwrap_or("name_asc");
    let supported = [status::ACTIVE_HEALTHY, status::INACTIVE];
    let statuses = (q.non_empty("statuses")?)
        .map(|list| body::query_list([list], "statuses", &supported))
        .transpose()?;

    let (now, store) = (app.now(), app.store());
    org_for(&store, &p, &slug)?;
    let mut matching: Vec<&Project> = store
        .projects_in_org(&slug)
        .filter(|pr| (search.as_ref()).is_none_or(|s| pr.name.to_lowercase().contains(s)))
        .filter(|pr| (statuses.as_ref()).is_none_or(|wanted| wanted.contains(&pr.status_at(now))))
        .collect();
    if sort.starts_with("name") {
        matching.sort_by_cached_key(|pr| (pr.name.to_lowercase(), &pr.reference));
    } else {
        matching.sort_by_key(by_created);
    }
    if sort.ends_with("_desc") {
        matching.reverse();
    }
    let count = matching.len();
    let projects = matching
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|pr| {
            let st = pr.status_at(now);
            let created = rfc3339(from_millis(pr.created_at_ms));
            OrgProjectItem {
                reference: &pr.reference,
                name: &pr.name,
                cloud_provider: "AWS",
                region: &pr.region,
                is_branch: false,
                status: st,
                inserted_at: created.clone(),
                databases: vec![OrgDatabase {
                    infra_compute_size: &pr.instance_size,
                    region: &pr.region,
                    status: database_status(st),
                    cloud_provider: "AWS",
                    identifier: &pr.reference,
                    kind: "PRIMARY",
                    disk_volume_size_gb: 8,
                    disk_type: "gp3",
                    disk_throughput_mbps: 125,
                    disk_last_modified_at: created,
                }],
            }
        })
        .collect();
    Ok(Json(OrgProjects {
        projects,
        pagination: json!({ "count": count, "limit": limit, "offset": offset }),
    })
    .into_response())
}

const CREATE_FIELDS: [&str; 10] = [
    "db_pass",
    "name",
    "organization_id",
    "organization_slug",
    "plan",
    "region",
    "region_selection",
    "kps_enabled",
    "desired_instance_size",
    "template_url",
];

/// A validated `V1CreateProjectBody`.
struct NewProject {
    name: String,
    organization_slug: String,
    region: String,
    instance_size: String,
}

/// A second project of the same name in one organization (case and
/// surrounding spaces ignored) is refused. The real wording is not
/// published; clients should rely on the 400 and the phrase "already exists".
pub(crate) const DUPLICATE_NAME: &str =
    "A project with this name already exists in the organization";

fn validate_create(obj: &Map<String, Value>) -> Result<NewProject, ApiError> {
    body::reject_unknown(obj, &CREATE_FIELDS)?;
    body::required_string(obj, "db_pass")?;
    let name = body::required_string(obj, "name")?;
    if name.chars().count() > 256 {
        return Err(ApiError::bad_request(
            "name must be shorter than or equal to 256 characters",
        ));
    }
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name should not be empty"));
    }
    let slug = body::required_string(obj, "organization_slug")?;
    if !ids::is_slug(slug) {
        return Err(ApiError::bad_request(
            "organization_slug must match /^[\\w-]+$/ regular expression",
        ));
    }
    body::opt_string(obj, "organization_id")?;
    body::opt_enum(obj, "plan", &["free", "pro"])?;
    let region = body::opt_enum(obj, "region", &REGIONS)?;
    let selection = obj
        .get("region_selection")
        .map(region_selection)
        .transpose()?;
    if obj.get("kps_enabled").is_some_and(|v| !v.is_boolean()) {
        return Err(ApiError::bad_request("kps_enabled must be a boolean value"));
    }
    let size = body::opt_enum(obj, "desired_instance_size", &INSTANCE_SIZES)?;
    let template = body::opt_string(obj, "template_url")?;
    if template.is_some_and(|t| url::Url::parse(t).is_err()) {
        return Err(ApiError::bad_request("template_url must be a URL address"));
    }
    if region.is_some() && selection.is_some() {
        let why = "Only one of region or region_selection can be specified";
        return Err(ApiError::bad_request(why));
    }
    let region = selection.or(region.map(str::to_owned));
    Ok(NewProject {
        name: name.to_owned(),
        organization_slug: slug.to_owned(),
        region: region.unwrap_or_else(|| "us-east-1".to_owned()),
        instance_size: size.unwrap_or("nano").to_owned(),
    })
}

/// Validates `region_selection` and returns the region it picks.
fn region_selection(v: &Value) -> Result<String, ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| ApiError::bad_request("region_selection must be an object"))?;
    let kind = body::opt_enum(obj, "type", &["specific", "smartGroup"])
        .map_err(|_| one_of("region_selection.type", &["specific", "smartGroup"]))?
        .ok_or_else(|| ApiError::bad_request("region_selection.type should not be empty"))?;
    let code = body::opt_string(obj, "code")
        .map_err(|_| ApiError::bad_request("region_selection.code must be a string"))?
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::bad_request("region_selection.code should not be empty"))?;
    if kind == "specific" {
        if !REGIONS.contains(&code) {
            return Err(one_of("region_selection.code", &REGIONS));
        }
        Ok(code.to_owned())
    } else {
        match SMART_GROUPS.iter().find(|(c, _, _)| *c == code) {
            Some((_, _, region)) => Ok((*region).to_owned()),
            None => Err(one_of("region_selection.code", &SMART_GROUPS.map(|g| g.0))),
        }
    }
}

pub(crate) async fn create(
    Api(app, p): Api,
    headers: HeaderMap,
    raw: Bytes,
) -> Result<Response, ApiError> {
    let obj = body::json_object(&headers, &raw)?;
    let new = validate_create(&obj)?;
    {
        let store = app.store();
        org_for(&store, &p, &new.organization_slug)?;
        let taken = (store.projects_in_org(&new.organization_slug))
            .any(|existing| existing.name.trim().eq_ignore_ascii_case(new.name.trim()));
        if taken {
            return Err(ApiError::bad_request(DUPLICATE_NAME));
        }
    }
    let now = app.now();
    let delay = app.settings().activation_delay;
    let project = app.mutate(|s| {
        let reference = loop {
            let r = ids::random_ref(&mut *app.rng());
            if !s.projects.contains_key(&r) {
                break r;
            }
        };
        let project = Project {
            reference,
            organization_slug: new.organization_slug,
            name: new.name,
            region: new.region,
            created_at_ms: to_millis(now),
            status: status::COMING_UP.to_owned(),
            activate_at_ms: Some(to_millis(now + delay)),
            instance_size: new.instance_size,
            auth_config: Map::new(),
        };
        s.insert_project(project.clone());
        project
    });
    // The creation answer always says COMING_UP, even with a zero delay:
    // provisioning has only just started when Supabase answers.
    let mut body = body_of(&project, now, false);
    body.status = status::COMING_UP;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
