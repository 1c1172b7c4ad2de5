//! Seed files, the demo seed and the generator.

use latchkey_sandbox::{Sandbox, SandboxError, Seed};
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn a_seed_file_defines_users_orgs_projects_clients_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.json");
    let seed = json!({
        "users": [{"id": "11111111-1111-4111-8111-111111111111", "email": "kim@example.com", "username": "kim", "name": "Kim"}],
        "organizations": [{"slug": "kimsorganizationabcd", "name": "Kim's Org", "plan": "pro"}],
        "memberships": [{"user_id": "11111111-1111-4111-8111-111111111111", "organization_slug": "kimsorganizationabcd"}],
        "projects": [
            {"ref": "kimprojectaaaaaaaaaa", "organization_slug": "kimsorganizationabcd", "name": "alpha", "region": "eu-west-3", "created_at": "2024-01-02T03:04:05Z"},
            {"ref": "kimprojectbbbbbbbbbb", "organization_slug": "kimsorganizationabcd", "name": "beta", "status": "INACTIVE"}
        ],
        "oauth_clients": [{
            "id": "22222222-2222-4222-8222-222222222222",
            "secret": "sba_2222222222222222222222222222222222222222",
            "name": "Kim's App",
            "redirect_uris": ["https://kim.example/callback", "com.example.kim:/cb"],
            "allow_private_use_schemes": true
        }],
        "access_tokens": [{"user_id": "11111111-1111-4111-8111-111111111111", "token": "sbp_1111111111111111111111111111111111111111"}]
    });
    std::fs::write(&path, seed.to_string()).unwrap();
    let sb = Sandbox::builder()
        .seed(Seed::from_file(&path).unwrap())
        .start()
        .await
        .unwrap();
    let http = http();
    let get = |p: &str| {
        http.get(format!("{}{p}", sb.base_url()))
            .bearer_auth("sbp_1111111111111111111111111111111111111111")
            .send()
    };
    let orgs: Value = get("/v1/organizations")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        orgs,
        json!([{"id": "kimsorganizationabcd", "slug": "kimsorganizationabcd", "name": "Kim's Org"}])
    );
    let p: Value = get("/v1/projects/kimprojectaaaaaaaaaa")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["created_at"], "2024-01-02T03:04:05Z");
    assert_eq!(p["region"], "eu-west-3");
    let p: Value = get("/v1/projects/kimprojectbbbbbbbbbb")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["status"], "INACTIVE");
    assert_eq!(p["region"], "us-east-1", "region defaults to us-east-1");
    let client = sb.client("22222222-2222-4222-8222-222222222222").unwrap();
    assert_eq!(client.name, "Kim's App");
    assert_eq!(sb.current_user(), "11111111-1111-4111-8111-111111111111");
    sb.shutdown().await;
}

#[tokio::test]
async fn bad_seed_files_are_refused_at_start_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.json");
    std::fs::write(&path, "{ not json").unwrap();
    assert!(matches!(
        Seed::from_file(&path),
        Err(SandboxError::Json { .. })
    ));
    assert!(matches!(
        Seed::from_file(dir.path().join("missing.json")),
        Err(SandboxError::Read { .. })
    ));
    std::fs::write(
        &path,
        json!({"users": [], "organizations": [], "memberships": [], "colour": "red"}).to_string(),
    )
    .unwrap();
    assert!(
        matches!(Seed::from_file(&path), Err(SandboxError::Json { .. })),
        "unknown fields are refused"
    );

    let mut seed = Seed::demo();
    seed.oauth_clients[0]
        .redirect_uris
        .push("http://example.com/cb".into());
    let err = Sandbox::builder().seed(seed).start().await.err().unwrap();
    assert!(
        err.to_string()
            .contains("http is allowed only on localhost"),
        "{err}"
    );
    let mut seed = Seed::demo();
    seed.projects[1].reference = seed.projects[0].reference.clone();
    let err = Sandbox::builder().seed(seed).start().await.err().unwrap();
    assert!(err.to_string().contains("appears twice"), "{err}");
}

#[tokio::test]
async fn the_generator_builds_20_orgs_of_2000_projects_deterministically() {
    let a = Seed::generate(20, 2000, 42);
    assert_eq!(a, Seed::generate(20, 2000, 42));
    assert_eq!(a.organizations.len(), 20);
    assert_eq!(a.projects.len(), 40_000);
    let sb = Sandbox::builder().seed(a.clone()).start().await.unwrap();
    let org = &a.organizations[7].slug;
    let page: Value = http()
        .get(format!(
            "{}/v1/organizations/{org}/projects?offset=1990&limit=100&sort=created_asc",
            sb.base_url()
        ))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["pagination"],
        json!({"count": 2000, "limit": 100, "offset": 1990})
    );
    assert_eq!(page["projects"].as_array().unwrap().len(), 10);
    let orgs: Value = http()
        .get(format!("{}/v1/organizations", sb.base_url()))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs.as_array().unwrap().len(), 20);
    // The demo and strict clients are there for scripts.
    assert_eq!(sb.demo_client().id, DEMO_CLIENT_ID);
    sb.shutdown().await;
}
