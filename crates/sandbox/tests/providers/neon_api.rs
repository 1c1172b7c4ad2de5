//! Neon's API v2 under `/neon/api/v2`: users, organizations, regions,
//! projects (cursor pages, creation), errors, scopes, faults — each answer
//! checked against the spec types.

use latchkey_sandbox::{
    FaultRule, NEON_DEMO_API_KEY, NEON_DEMO_USER_ID, NEON_ORG_ENGINES, NEON_ORG_PERSONAL,
    NEON_PERSONAL_PROJECT, NETLIFY_DEMO_ACCESS_TOKEN,
};
use serde::de::DeserializeOwned;

use crate::common::*;
use crate::helpers::*;
use crate::spec_types::*;

pub(crate) async fn typed<T: DeserializeOwned>(resp: reqwest::Response, status: u16) -> T {
    assert_eq!(resp.status(), status);
    let body: serde_json::Value = resp.json().await.unwrap();
    serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("does not fit the spec type: {e}\nbody: {body}"))
}

pub(crate) async fn general_error(resp: reqwest::Response, status: u16) -> NeonGeneralError {
    typed(resp, status).await
}

#[tokio::test]
async fn me_organizations_and_regions_fit_the_spec() {
    let env = start().await;
    let me: CurrentUserInfoResponse =
        typed(neon_get(&env, NEON_DEMO_API_KEY, "/users/me").await, 200).await;
    assert_eq!(me.id, NEON_DEMO_USER_ID);
    assert_eq!(me.email, "ada@example.com");
    let orgs: OrganizationsResponse = typed(
        neon_get(&env, NEON_DEMO_API_KEY, "/users/me/organizations").await,
        200,
    )
    .await;
    let ids: Vec<_> = orgs.organizations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, [NEON_ORG_PERSONAL, NEON_ORG_ENGINES]);
    let regions: RegionsResponse =
        typed(neon_get(&env, NEON_DEMO_API_KEY, "/regions").await, 200).await;
    assert_eq!(regions.regions.iter().filter(|r| r.default).count(), 1);
    assert!(regions
        .regions
        .iter()
        .any(|r| r.region_id == "aws-us-east-2"));
    env.shutdown().await;
}

#[tokio::test]
async fn without_a_valid_token_the_api_is_401_general_error() {
    let env = start().await;
    let resp = env
        .http
        .get(format!("{}/api/v2/projects", env.sb.neon_base_url()))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("x-ratelimit-limit"));
    let e = general_error(resp, 401).await;
    assert!(!e.message.is_empty());
    // Another provider's token does not open Neon.
    general_error(
        neon_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/projects").await,
        401,
    )
    .await;
    // Unknown routes under the prefix answer in Neon's shape too.
    general_error(neon_get(&env, NEON_DEMO_API_KEY, "/nope").await, 404).await;
    env.shutdown().await;
}

#[tokio::test]
async fn scopes_limit_what_an_oauth_token_reaches() {
    let env = start().await;
    let t = neon_access_token(&env, "urn:neoncloud:projects:read").await;
    let token = t["access_token"].as_str().unwrap();
    assert_eq!(neon_get(&env, token, "/projects").await.status(), 200);
    general_error(neon_get(&env, token, "/users/me/organizations").await, 403).await;
    let create = env
        .http
        .post(format!("{}/api/v2/projects", env.sb.neon_base_url()))
        .bearer_auth(token)
        .json(&serde_json::json!({ "project": {} }))
        .send()
        .await
        .unwrap();
    general_error(create, 403).await;
    env.shutdown().await;
}

#[tokio::test]
async fn projects_page_by_cursor() {
    let env = start().await;
    let personal: ListProjects =
        typed(neon_get(&env, NEON_DEMO_API_KEY, "/projects").await, 200).await;
    let ids: Vec<_> = personal.projects.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [NEON_PERSONAL_PROJECT], "no org_id: personal projects");
    assert!(personal.projects[0].org_id.is_none());

    // 11 projects in Analytical Engines: 10 + 1 at the default limit.
    let path = format!("/projects?org_id={NEON_ORG_ENGINES}");
    let first: ListProjects = typed(neon_get(&env, NEON_DEMO_API_KEY, &path).await, 200).await;
    assert_eq!(first.projects.len(), 10);
    let cursor = first.pagination.unwrap().cursor;
    assert_eq!(cursor, first.projects[9].id);
    let second: ListProjects = typed(
        neon_get(&env, NEON_DEMO_API_KEY, &format!("{path}&cursor={cursor}")).await,
        200,
    )
    .await;
    assert_eq!(second.projects.len(), 1);
    let mut all: Vec<_> = first
        .projects
        .iter()
        .chain(&second.projects)
        .map(|p| p.id.clone())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 11, "no project twice, none missed");
    assert!(second
        .projects
        .iter()
        .all(|p| p.org_id.as_deref() == Some(NEON_ORG_ENGINES)));

    // Smaller pages, search, and bad input.
    let small: ListProjects = typed(
        neon_get(&env, NEON_DEMO_API_KEY, &format!("{path}&limit=4")).await,
        200,
    )
    .await;
    assert_eq!(small.projects.len(), 4);
    let found: ListProjects = typed(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &format!("/projects?org_id={NEON_ORG_PERSONAL}&search=jacq"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(found.projects.len(), 1);
    assert_eq!(found.projects[0].name, "jacquard-loom");
    for bad in ["limit=0", "limit=401", "limit=ten", "cursor=not-a-project"] {
        general_error(
            neon_get(&env, NEON_DEMO_API_KEY, &format!("{path}&{bad}")).await,
            400,
        )
        .await;
    }
    general_error(
        neon_get(&env, NEON_DEMO_API_KEY, "/projects?org_id=org-not-mine-1").await,
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn create_project_returns_every_required_part() {
    let env = start().await;
    let t = neon_access_token(
        &env,
        "urn:neoncloud:projects:create urn:neoncloud:projects:read",
    )
    .await;
    let token = t["access_token"].as_str().unwrap();
    let resp = env
        .http
        .post(format!("{}/api/v2/projects", env.sb.neon_base_url()))
        .bearer_auth(token)
        .json(&serde_json::json!({ "project": {
            "name": "latchkey-test", "region_id": "aws-eu-central-1",
            "pg_version": 16, "org_id": NEON_ORG_PERSONAL } }))
        .send()
        .await
        .unwrap();
    let created: CreatedProject = typed(resp, 201).await;
    assert_eq!(created.project.name, "latchkey-test");
    assert_eq!(created.project.region_id, "aws-eu-central-1");
    assert_eq!(created.project.org_id.as_deref(), Some(NEON_ORG_PERSONAL));
    assert_eq!(created.branch.project_id, created.project.id);
    assert_eq!(created.endpoints[0].branch_id, created.branch.id);
    assert!(created.connection_uris[0]
        .connection_uri
        .starts_with("postgresql://"));
    assert_eq!(created.databases[0].owner_name, created.roles[0].name);
    assert!(!created.operations.is_empty());
    // It is listed now.
    let list: ListProjects = typed(
        neon_get(
            &env,
            token,
            &format!("/projects?org_id={NEON_ORG_PERSONAL}&search=latchkey"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(list.projects[0].id, created.project.id);

    for bad in [
        serde_json::json!({}),
        serde_json::json!({ "project": { "region_id": "mars-1" } }),
        serde_json::json!({ "project": { "pg_version": 9 } }),
    ] {
        let resp = env
            .http
            .post(format!("{}/api/v2/projects", env.sb.neon_base_url()))
            .bearer_auth(token)
            .json(&bad)
            .send()
            .await
            .unwrap();
        general_error(resp, 400).await;
    }
    env.shutdown().await;
}

#[tokio::test]
async fn faults_match_prefixed_paths_and_answer_in_neons_shape() {
    let env = start().await;
    env.sb
        .add_fault(FaultRule::new("GET", "/neon/api/v2/projects").error(503))
        .unwrap();
    let resp = neon_get(&env, NEON_DEMO_API_KEY, "/projects").await;
    assert_eq!(resp.headers()["x-sandbox-fault"], "injected");
    let e = general_error(resp, 503).await;
    assert_eq!(e.message, "Service Unavailable");
    assert_eq!(
        neon_get(&env, NEON_DEMO_API_KEY, "/users/me")
            .await
            .status(),
        200
    );
    // Supabase's routes are not touched by a Neon rule.
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/projects").await.status(),
        200
    );
    env.sb.clear_faults();
    env.sb
        .add_fault(FaultRule::new("POST", "/neon/oauth2/**").force_rate_limit())
        .unwrap();
    let resp = neon_token(&env, &[("grant_type", "refresh_token")]).await;
    assert_eq!(resp.status(), 429);
    assert!(resp.headers().contains_key("x-ratelimit-limit"));
    env.shutdown().await;
}

#[tokio::test]
async fn rate_limit_applies_per_user_and_endpoint() {
    let env = start_with(|b| b.rate_limit_per_minute(3)).await;
    for _ in 0..3 {
        assert_eq!(
            neon_get(&env, NEON_DEMO_API_KEY, "/regions").await.status(),
            200
        );
    }
    general_error(neon_get(&env, NEON_DEMO_API_KEY, "/regions").await, 429).await;
    assert_eq!(
        neon_get(&env, NEON_DEMO_API_KEY, "/users/me")
            .await
            .status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn one_project_by_id_and_404_for_others() {
    let env = start().await;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ProjectResponse {
        project: Project,
    }
    let r: ProjectResponse = typed(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &format!("/projects/{NEON_PERSONAL_PROJECT}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(r.project.id, NEON_PERSONAL_PROJECT);
    let r: ProjectResponse = typed(
        neon_get(&env, NEON_DEMO_API_KEY, "/projects/engine-bay-300003").await,
        200,
    )
    .await;
    assert_eq!(r.project.org_id.as_deref(), Some(NEON_ORG_ENGINES));
    general_error(
        neon_get(&env, NEON_DEMO_API_KEY, "/projects/no-such-123456").await,
        404,
    )
    .await;
    env.shutdown().await;
}

/// The spec's `ConnectionURIResponse`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionUriResponse {
    uri: String,
}

#[tokio::test]
async fn a_connection_uri_for_the_projects_database_and_role_direct_or_pooled() {
    let env = start().await;
    let path = |q: &str| format!("/projects/{NEON_PERSONAL_PROJECT}/connection_uri?{q}");
    let direct: ConnectionUriResponse = typed(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &path("database_name=neondb&role_name=neondb_owner"),
        )
        .await,
        200,
    )
    .await;
    let url = url::Url::parse(&direct.uri).unwrap();
    assert_eq!(url.scheme(), "postgresql");
    assert_eq!((url.username(), url.path()), ("neondb_owner", "/neondb"));
    assert!(url.password().is_some_and(|p| !p.is_empty()));
    assert_eq!(url.query(), Some("sslmode=require"));
    let host = url.host_str().unwrap().to_owned();
    assert!(
        host.starts_with("ep-") && host.ends_with(".eu-central-1.aws.neon.tech"),
        "{host}"
    );

    let pooled: ConnectionUriResponse = typed(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &path("database_name=neondb&role_name=neondb_owner&pooled=true"),
        )
        .await,
        200,
    )
    .await;
    let pooled = url::Url::parse(&pooled.uri).unwrap();
    assert!(pooled.host_str().unwrap().contains("-pooler."), "{pooled}");
    assert_eq!(
        pooled.password(),
        url.password(),
        "the same role's password"
    );

    let missing = general_error(
        neon_get(&env, NEON_DEMO_API_KEY, &path("role_name=neondb_owner")).await,
        400,
    )
    .await;
    assert!(
        missing.message.contains("database_name"),
        "{}",
        missing.message
    );
    general_error(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            &path("database_name=neondb&role_name=someone"),
        )
        .await,
        404,
    )
    .await;
    general_error(
        neon_get(
            &env,
            NEON_DEMO_API_KEY,
            "/projects/no-such-project-1/connection_uri?database_name=neondb&role_name=neondb_owner",
        )
        .await,
        404,
    )
    .await;
    env.shutdown().await;
}
