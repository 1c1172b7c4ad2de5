//! Neon's per-branch routes under `/neon/api/v2/projects/{id}`: branches
//! (list, one, create), compute endpoints, databases, roles and their
//! passwords, and `connection_uri` answered from a branch's own records.
//! Every answer is read into a `deny_unknown_fields` type written from
//! `@neondatabase/api-client` 2.7.3, every error into `GeneralError`.
//!
//! The demo's personal project (`NEON_PERSONAL_PROJECT`) has branches
//! `main` (default, databases `neondb` and `notes`, roles `neondb_owner`
//! and `notes_app`) and `development` (a child of `main` with copies of
//! both); every other project has only `main` with `neondb`/`neondb_owner`.

use std::collections::HashMap;

use latchkey_sandbox::{NEON_DEMO_API_KEY, NEON_ORG_PERSONAL, NEON_PERSONAL_PROJECT};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::*;
use crate::helpers::*;
use crate::neon_api::{general_error, typed};
use crate::spec_types::*;

/// An organization project with one database and one role.
const ORG_PROJECT: &str = "difference-engine-200001";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationObject {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

/// `AnnotationData`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Annotation {
    object: AnnotationObject,
    value: HashMap<String, String>,
    created_at: Option<String>,
    updated_at: Option<String>,
}

/// `CursorPagination`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CursorPagination {
    next: Option<String>,
    sort_by: Option<String>,
    sort_order: Option<String>,
}

/// `BranchesResponse & AnnotationsMapResponse & CursorPaginationResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BranchList {
    branches: Vec<Branch>,
    annotations: HashMap<String, Annotation>,
    pagination: Option<CursorPagination>,
}

/// `BranchResponse & AnnotationResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OneBranch {
    branch: Branch,
    annotation: Annotation,
}

/// `BranchResponse & EndpointsResponse & OperationsResponse & RolesResponse
/// & DatabasesResponse & ConnectionURIsOptionalResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreatedBranch {
    branch: Branch,
    endpoints: Vec<Endpoint>,
    operations: Vec<Operation>,
    roles: Vec<Role>,
    databases: Vec<Database>,
    connection_uris: Option<Vec<ConnectionDetails>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Endpoints {
    endpoints: Vec<Endpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Databases {
    databases: Vec<Database>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Roles {
    roles: Vec<Role>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolePassword {
    password: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionUri {
    uri: String,
}

async fn neon_post(env: &Env, token: &str, path: &str, body: Option<Value>) -> reqwest::Response {
    let req = env
        .http
        .post(format!("{}/api/v2{path}", env.sb.neon_base_url()))
        .bearer_auth(token);
    let req = match body {
        Some(b) => req.json(&b),
        None => req,
    };
    req.send().await.unwrap()
}

async fn branches(env: &Env, project: &str, query: &str) -> BranchList {
    let path = format!("/projects/{project}/branches{query}");
    typed(neon_get(env, NEON_DEMO_API_KEY, &path).await, 200).await
}

/// The id of `project`'s branch called `name`.
async fn branch_id(env: &Env, project: &str, name: &str) -> String {
    let list = branches(env, project, "").await;
    let b = list.branches.iter().find(|b| b.name == name);
    b.unwrap_or_else(|| panic!("{project} has a branch {name}"))
        .id
        .clone()
}

async fn connection_uri(env: &Env, project: &str, query: &str) -> reqwest::Response {
    let path = format!("/projects/{project}/connection_uri?{query}");
    neon_get(env, NEON_DEMO_API_KEY, &path).await
}

async fn parsed_uri(env: &Env, project: &str, query: &str) -> url::Url {
    let r: ConnectionUri = typed(connection_uri(env, project, query).await, 200).await;
    url::Url::parse(&r.uri).unwrap()
}

/// `ep-adjective-noun-12345678`, Neon's endpoint id shape.
fn is_endpoint_id(id: &str) -> bool {
    let parts: Vec<_> = id.split('-').collect();
    parts.len() == 4
        && parts[0] == "ep"
        && parts[3].len() == 8
        && parts[3].bytes().all(|b| b.is_ascii_digit())
}

#[tokio::test]
async fn a_projects_branches_are_listed_newest_first_with_pages() {
    let env = start().await;
    let all = branches(&env, NEON_PERSONAL_PROJECT, "").await;
    let names: Vec<_> = all.branches.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        ["development", "main"],
        "Neon's default order: updated_at, descending"
    );
    let (dev, main) = (&all.branches[0], &all.branches[1]);
    assert!(main.default && !dev.default, "main is the default branch");
    assert!(main.id.starts_with("br-") && main.parent_id.is_none());
    assert_eq!(dev.parent_id.as_deref(), Some(main.id.as_str()));
    assert!(all.branches.iter().all(|b| b.current_state == "ready"));
    assert!(all.annotations.is_empty(), "no demo branch is annotated");
    let pagination = all.pagination.unwrap();
    assert_eq!(pagination.next, None, "everything fit on one page");
    assert_eq!(
        (
            pagination.sort_by.as_deref(),
            pagination.sort_order.as_deref()
        ),
        (Some("updated_at"), Some("DESC")),
        "the order used, echoed as Neon writes it"
    );

    // One at a time, following `pagination.next`.
    let first = branches(&env, NEON_PERSONAL_PROJECT, "?limit=1&sort_order=asc").await;
    assert_eq!(first.branches[0].name, "main");
    let next = first.pagination.unwrap().next.expect("a next page");
    let second = branches(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!("?limit=1&sort_order=asc&cursor={next}"),
    )
    .await;
    assert_eq!(second.branches[0].name, "development");
    assert_eq!(second.pagination.unwrap().next, None, "the last page");

    let found = branches(&env, NEON_PERSONAL_PROJECT, "?search=dev").await;
    assert_eq!(found.branches.len(), 1);
    let by_name = branches(&env, NEON_PERSONAL_PROJECT, "?sort_by=name&sort_order=asc").await;
    assert_eq!(by_name.branches[0].name, "development");

    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/branches");
    for bad in [
        "sort_by=size",
        "sort_order=up",
        "limit=0",
        "cursor=br-nope-1",
    ] {
        let resp = neon_get(&env, NEON_DEMO_API_KEY, &format!("{path}?{bad}")).await;
        general_error(resp, 400).await;
    }
    let resp = neon_get(&env, NEON_DEMO_API_KEY, "/projects/no-such-123456/branches").await;
    general_error(resp, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn one_branch_by_id_and_404_for_ids_not_in_the_project() {
    let env = start().await;
    let main = branch_id(&env, NEON_PERSONAL_PROJECT, "main").await;
    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/branches/{main}");
    let one: OneBranch = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    assert_eq!(one.branch.id, main);
    assert_eq!(one.branch.project_id, NEON_PERSONAL_PROJECT);
    assert_eq!(
        (
            one.annotation.object.kind.as_str(),
            one.annotation.object.id.as_str()
        ),
        ("console/branch", main.as_str())
    );
    assert!(one.annotation.value.is_empty());

    let unknown = format!("/projects/{NEON_PERSONAL_PROJECT}/branches/br-no-such-00000000");
    let e = general_error(neon_get(&env, NEON_DEMO_API_KEY, &unknown).await, 404).await;
    assert!(e.message.contains("branch"), "{}", e.message);
    // A real branch id, asked for under another project.
    let elsewhere = format!("/projects/{ORG_PROJECT}/branches/{main}");
    general_error(neon_get(&env, NEON_DEMO_API_KEY, &elsewhere).await, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn endpoints_are_listed_per_project_and_per_branch() {
    let env = start().await;
    let (main, dev) = (
        branch_id(&env, NEON_PERSONAL_PROJECT, "main").await,
        branch_id(&env, NEON_PERSONAL_PROJECT, "development").await,
    );
    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/endpoints");
    let all: Endpoints = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    assert_eq!(all.endpoints.len(), 2, "one compute per branch");
    for e in &all.endpoints {
        assert!(is_endpoint_id(&e.id), "{}", e.id);
        assert_eq!(e.host, format!("{}.eu-central-1.aws.neon.tech", e.id));
        assert_eq!(e.proxy_host, "eu-central-1.aws.neon.tech");
        assert_eq!(
            (e.kind.as_str(), e.project_id.as_str()),
            ("read_write", NEON_PERSONAL_PROJECT)
        );
        assert!(e.autoscaling_limit_min_cu >= 0.25);
        assert!(e.autoscaling_limit_max_cu >= e.autoscaling_limit_min_cu);
    }
    let state_of = |b: &str| {
        let e = all.endpoints.iter().find(|e| e.branch_id == b).unwrap();
        e.current_state.clone()
    };
    assert_eq!(state_of(&main), "active");
    assert_eq!(state_of(&dev), "idle");

    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/branches/{dev}/endpoints");
    let one: Endpoints = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    assert_eq!(one.endpoints.len(), 1);
    assert_eq!(one.endpoints[0].branch_id, dev);

    let unknown =
        format!("/projects/{NEON_PERSONAL_PROJECT}/branches/br-no-such-00000000/endpoints");
    general_error(neon_get(&env, NEON_DEMO_API_KEY, &unknown).await, 404).await;
    let resp = neon_get(
        &env,
        NEON_DEMO_API_KEY,
        "/projects/no-such-123456/endpoints",
    )
    .await;
    general_error(resp, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn a_branchs_databases_and_roles_and_a_revealed_password() {
    let env = start().await;
    let dev = branch_id(&env, NEON_PERSONAL_PROJECT, "development").await;
    let base = format!("/projects/{NEON_PERSONAL_PROJECT}/branches/{dev}");
    let dbs: Databases = typed(
        neon_get(&env, NEON_DEMO_API_KEY, &format!("{base}/databases")).await,
        200,
    )
    .await;
    let owners: Vec<_> = (dbs.databases.iter())
        .map(|d| (d.name.as_str(), d.owner_name.as_str()))
        .collect();
    assert_eq!(owners, [("neondb", "neondb_owner"), ("notes", "notes_app")]);
    assert!(dbs.databases.iter().all(|d| d.branch_id == dev));

    let resp = neon_get(&env, NEON_DEMO_API_KEY, &format!("{base}/roles")).await;
    assert_eq!(resp.status(), 200);
    let raw: Value = resp.json().await.unwrap();
    assert!(
        !raw.to_string().contains("password"),
        "a role list never carries a password: {raw}"
    );
    let roles: Roles = serde_json::from_value(raw).unwrap();
    let names: Vec<_> = roles.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["neondb_owner", "notes_app"]);

    let reveal = format!("{base}/roles/notes_app/reveal_password");
    let pw: RolePassword = typed(neon_get(&env, NEON_DEMO_API_KEY, &reveal).await, 200).await;
    let uri = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!("branch_id={dev}&database_name=notes&role_name=notes_app"),
    )
    .await;
    assert_eq!(
        uri.password(),
        Some(pw.password.as_str()),
        "the same secret both ways"
    );

    let unknown = format!("{base}/roles/nobody/reveal_password");
    general_error(neon_get(&env, NEON_DEMO_API_KEY, &unknown).await, 404).await;
    for route in ["databases", "roles"] {
        let path =
            format!("/projects/{NEON_PERSONAL_PROJECT}/branches/br-no-such-00000000/{route}");
        general_error(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 404).await;
    }
    env.shutdown().await;
}

#[tokio::test]
async fn connection_uri_answers_for_any_branch_from_its_own_records() {
    let env = start().await;
    let (main, dev) = (
        branch_id(&env, NEON_PERSONAL_PROJECT, "main").await,
        branch_id(&env, NEON_PERSONAL_PROJECT, "development").await,
    );
    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/branches/{dev}/endpoints");
    let dev_ep: Endpoints = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    let dev_ep = &dev_ep.endpoints[0];

    let default = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        "database_name=neondb&role_name=neondb_owner",
    )
    .await;
    let on_dev = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!("branch_id={dev}&database_name=notes&role_name=notes_app"),
    )
    .await;
    assert_eq!(
        on_dev.host_str(),
        Some(dev_ep.host.as_str()),
        "the branch's own compute"
    );
    assert_eq!((on_dev.username(), on_dev.path()), ("notes_app", "/notes"));
    let on_main = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!("branch_id={main}&database_name=notes&role_name=notes_app"),
    )
    .await;
    assert_ne!(on_main.host_str(), on_dev.host_str());
    assert_eq!(
        on_main.password(),
        on_dev.password(),
        "a child branch keeps its parent's passwords"
    );
    let explicit_main = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!("branch_id={main}&database_name=neondb&role_name=neondb_owner"),
    )
    .await;
    assert_eq!(default, explicit_main, "no branch_id: the default branch");

    // An endpoint alone picks its branch; pooled adds -pooler to it.
    let by_endpoint = parsed_uri(
        &env,
        NEON_PERSONAL_PROJECT,
        &format!(
            "endpoint_id={}&database_name=notes&role_name=notes_app&pooled=true",
            dev_ep.id
        ),
    )
    .await;
    assert_eq!(
        by_endpoint.host_str().unwrap(),
        format!("{}-pooler.eu-central-1.aws.neon.tech", dev_ep.id)
    );

    for (query, what) in [
        (
            "branch_id=br-no-such-00000000&database_name=neondb&role_name=neondb_owner".to_owned(),
            "branch",
        ),
        (
            format!(
                "branch_id={main}&endpoint_id={}&database_name=neondb&role_name=neondb_owner",
                dev_ep.id
            ),
            "endpoint",
        ),
        (
            "endpoint_id=ep-no-such-00000000&database_name=neondb&role_name=neondb_owner"
                .to_owned(),
            "endpoint",
        ),
        (
            format!("branch_id={dev}&database_name=nope&role_name=neondb_owner"),
            "database",
        ),
        (
            format!("branch_id={dev}&database_name=neondb&role_name=nobody"),
            "role",
        ),
    ] {
        let e = general_error(
            connection_uri(&env, NEON_PERSONAL_PROJECT, &query).await,
            404,
        )
        .await;
        assert!(e.message.contains(what), "{query}: {}", e.message);
    }
    // A branch of another project is not this project's.
    let query = format!("branch_id={dev}&database_name=neondb&role_name=neondb_owner");
    general_error(connection_uri(&env, ORG_PROJECT, &query).await, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn a_created_branch_copies_its_parent_and_is_listed() {
    let env = start().await;
    let main = branch_id(&env, ORG_PROJECT, "main").await;
    let body =
        json!({ "branch": { "name": "feature-x" }, "endpoints": [{ "type": "read_write" }] });
    let path = format!("/projects/{ORG_PROJECT}/branches");
    let created: CreatedBranch = typed(
        neon_post(&env, NEON_DEMO_API_KEY, &path, Some(body)).await,
        201,
    )
    .await;
    let b = &created.branch;
    assert!(
        b.id.starts_with("br-") && b.id.matches('-').count() == 3,
        "{}",
        b.id
    );
    assert_eq!(
        (b.name.as_str(), b.parent_id.as_deref()),
        ("feature-x", Some(main.as_str()))
    );
    assert!(!b.default);
    assert_eq!(
        (b.current_state.as_str(), b.pending_state.as_deref()),
        ("init", Some("ready"))
    );
    assert_eq!(created.endpoints.len(), 1);
    let ep = &created.endpoints[0];
    assert!(is_endpoint_id(&ep.id) && ep.branch_id == b.id && ep.kind == "read_write");
    assert_eq!(
        (ep.current_state.as_str(), ep.pending_state.as_deref()),
        ("init", Some("active"))
    );
    let actions: Vec<_> = created
        .operations
        .iter()
        .map(|o| o.action.as_str())
        .collect();
    assert_eq!(actions, ["create_branch", "start_compute"]);
    assert_eq!(created.databases.len(), 1);
    assert_eq!(created.databases[0].name, "neondb");
    assert_eq!(created.databases[0].branch_id, b.id);
    assert_eq!(created.roles.len(), 1);
    assert!(
        created.roles[0].password.is_none(),
        "roles are listed without a password"
    );
    let uris = created
        .connection_uris
        .expect("one database and one role: a URI");
    let params = &uris[0].connection_parameters;
    assert_eq!(params.host, ep.host);
    let main_pw: RolePassword = typed(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &format!("/projects/{ORG_PROJECT}/branches/{main}/roles/neondb_owner/reveal_password"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        params.password, main_pw.password,
        "the parent's password, as on Neon"
    );

    // Listed, settled, and connectable.
    let list = branches(&env, ORG_PROJECT, "").await;
    let listed = list.branches.iter().find(|x| x.id == b.id).expect("listed");
    assert_eq!(listed.current_state, "ready");
    let uri = parsed_uri(
        &env,
        ORG_PROJECT,
        &format!(
            "branch_id={}&database_name=neondb&role_name=neondb_owner",
            b.id
        ),
    )
    .await;
    assert_eq!(uri.host_str(), Some(ep.host.as_str()));

    // The same name again: Neon's 409.
    let again = json!({ "branch": { "name": "feature-x" } });
    let e = general_error(
        neon_post(&env, NEON_DEMO_API_KEY, &path, Some(again)).await,
        409,
    )
    .await;
    assert!(e.message.contains("already exists"), "{}", e.message);
    env.shutdown().await;
}

#[tokio::test]
async fn branch_creation_defaults_and_refusals() {
    let env = start().await;
    // No body: named after its id, a child of the default branch, no compute.
    let path = format!("/projects/{ORG_PROJECT}/branches");
    let bare: CreatedBranch =
        typed(neon_post(&env, NEON_DEMO_API_KEY, &path, None).await, 201).await;
    assert_eq!(bare.branch.name, bare.branch.id);
    assert!(bare.endpoints.is_empty() && bare.connection_uris.is_none());
    let e = general_error(
        connection_uri(
            &env,
            ORG_PROJECT,
            &format!(
                "branch_id={}&database_name=neondb&role_name=neondb_owner",
                bare.branch.id
            ),
        )
        .await,
        404,
    )
    .await;
    assert!(
        e.message.contains("endpoint"),
        "no compute, no host: {}",
        e.message
    );

    // From a parent with two databases and two roles: no connection URI, as Neon.
    let dev = branch_id(&env, NEON_PERSONAL_PROJECT, "development").await;
    let body = json!({
        "branch": { "parent_id": dev, "name": "from-dev" },
        "endpoints": [{ "type": "read_write", "autoscaling_limit_min_cu": 0.5, "autoscaling_limit_max_cu": 1 }],
        "annotation_value": { "purpose": "review" },
    });
    let personal = format!("/projects/{NEON_PERSONAL_PROJECT}/branches");
    let child: CreatedBranch = typed(
        neon_post(&env, NEON_DEMO_API_KEY, &personal, Some(body)).await,
        201,
    )
    .await;
    assert_eq!(child.branch.parent_id.as_deref(), Some(dev.as_str()));
    assert_eq!(child.databases.len(), 2);
    assert!(child.connection_uris.is_none());
    assert_eq!(
        (
            child.endpoints[0].autoscaling_limit_min_cu,
            child.endpoints[0].autoscaling_limit_max_cu
        ),
        (0.5, 1.0)
    );
    let list = branches(&env, NEON_PERSONAL_PROJECT, "").await;
    let note = &list.annotations[&child.branch.id];
    assert_eq!(note.value["purpose"], "review");
    assert!(note.created_at.is_some() && note.updated_at.is_some());

    for (body, status) in [
        (
            json!({ "branch": { "parent_id": "br-no-such-00000000" } }),
            404,
        ),
        (json!({ "branch": { "name": "" } }), 400),
        (json!({ "branch": "main" }), 400),
        (
            json!({ "endpoints": [{ "type": "read_write" }, { "type": "read_write" }] }),
            400,
        ),
        (json!({ "endpoints": [{ "type": "primary" }] }), 400),
        (
            json!({ "endpoints": [{ "type": "read_write", "autoscaling_limit_min_cu": 4, "autoscaling_limit_max_cu": 1 }] }),
            400,
        ),
        (json!({ "annotation_value": { "n": 1 } }), 400),
    ] {
        let resp = neon_post(&env, NEON_DEMO_API_KEY, &path, Some(body.clone())).await;
        let e = general_error(resp, status).await;
        assert!(!e.message.is_empty(), "{body}");
    }
    let resp = neon_post(
        &env,
        NEON_DEMO_API_KEY,
        "/projects/no-such-123456/branches",
        None,
    )
    .await;
    general_error(resp, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn branch_routes_need_their_scopes_and_a_token() {
    let env = start().await;
    let t = neon_access_token(&env, "urn:neoncloud:projects:read").await;
    let read_only = t["access_token"].as_str().unwrap();
    let main = branch_id(&env, NEON_PERSONAL_PROJECT, "main").await;
    let base = format!("/projects/{NEON_PERSONAL_PROJECT}");
    for path in [
        format!("{base}/branches"),
        format!("{base}/branches/{main}"),
        format!("{base}/endpoints"),
        format!("{base}/branches/{main}/endpoints"),
        format!("{base}/branches/{main}/databases"),
        format!("{base}/branches/{main}/roles"),
    ] {
        assert_eq!(
            neon_get(&env, read_only, &path).await.status(),
            200,
            "{path}"
        );
    }
    // Passwords and new branches need projects:update.
    let reveal = format!("{base}/branches/{main}/roles/neondb_owner/reveal_password");
    let e = general_error(neon_get(&env, read_only, &reveal).await, 403).await;
    assert!(
        e.message.contains("urn:neoncloud:projects:update"),
        "{}",
        e.message
    );
    let create = neon_post(&env, read_only, &format!("{base}/branches"), None).await;
    general_error(create, 403).await;
    let uri = format!(
        "{base}/connection_uri?branch_id={main}&database_name=neondb&role_name=neondb_owner"
    );
    general_error(neon_get(&env, read_only, &uri).await, 403).await;

    let t = neon_access_token(&env, "urn:neoncloud:orgs:read").await;
    let no_projects = t["access_token"].as_str().unwrap();
    general_error(
        neon_get(&env, no_projects, &format!("{base}/branches")).await,
        403,
    )
    .await;

    let t = neon_access_token(&env, "urn:neoncloud:projects:update").await;
    let editor = t["access_token"].as_str().unwrap();
    assert_eq!(neon_get(&env, editor, &reveal).await.status(), 200);

    let anonymous = env
        .http
        .get(format!("{}/api/v2{base}/branches", env.sb.neon_base_url()))
        .send()
        .await
        .unwrap();
    general_error(anonymous, 401).await;
    env.shutdown().await;
}

#[tokio::test]
async fn branch_routes_share_the_rate_limit() {
    let env = start_with(|b| b.rate_limit_per_minute(2)).await;
    let path = format!("/projects/{NEON_PERSONAL_PROJECT}/branches");
    for _ in 0..2 {
        assert_eq!(neon_get(&env, NEON_DEMO_API_KEY, &path).await.status(), 200);
    }
    let resp = neon_get(&env, NEON_DEMO_API_KEY, &path).await;
    assert!(resp.headers().contains_key("x-ratelimit-reset"));
    general_error(resp, 429).await;
    env.shutdown().await;
}

#[tokio::test]
async fn a_new_project_has_main_with_a_compute_neondb_and_its_owner() {
    let env = start().await;
    let body = json!({ "project": { "name": "fresh", "org_id": NEON_ORG_PERSONAL } });
    let created: CreatedProject = typed(
        neon_post(&env, NEON_DEMO_API_KEY, "/projects", Some(body)).await,
        201,
    )
    .await;
    let id = &created.project.id;
    assert_eq!(
        (created.branch.name.as_str(), created.branch.default),
        ("main", true)
    );
    assert!(
        created.roles[0].password.is_some(),
        "the creation answer shows the password"
    );

    let list = branches(&env, id, "").await;
    assert_eq!(list.branches.len(), 1);
    assert_eq!(list.branches[0].id, created.branch.id);
    let path = format!("/projects/{id}/endpoints");
    let eps: Endpoints = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    assert_eq!(eps.endpoints.len(), 1);
    assert_eq!(eps.endpoints[0].id, created.endpoints[0].id);
    assert!(
        is_endpoint_id(&eps.endpoints[0].id),
        "{}",
        eps.endpoints[0].id
    );
    let base = format!("/projects/{id}/branches/{}", created.branch.id);
    let dbs: Databases = typed(
        neon_get(&env, NEON_DEMO_API_KEY, &format!("{base}/databases")).await,
        200,
    )
    .await;
    let roles: Roles = typed(
        neon_get(&env, NEON_DEMO_API_KEY, &format!("{base}/roles")).await,
        200,
    )
    .await;
    assert_eq!(
        (dbs.databases[0].name.as_str(), roles.roles[0].name.as_str()),
        ("neondb", "neondb_owner")
    );

    let uri = parsed_uri(&env, id, "database_name=neondb&role_name=neondb_owner").await;
    assert_eq!(uri.as_str(), created.connection_uris[0].connection_uri);
    env.shutdown().await;
}
