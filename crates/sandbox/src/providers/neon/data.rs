//! Neon's records and demo data, the same at every start (never persisted).
//!
//! Ada (`NEON_DEMO_USER_ID`) in two organizations, one personal project and
//! 14 organization projects (enough for cursor pagination at the default
//! limit of 10); one demo OAuth client with the app's redirect URIs, and a
//! Neon API key (every scope, never expiring) so API tests need not run the
//! OAuth flow. Ids follow Neon's shapes: `org-…`, `adjective-noun-123456`.

use std::time::SystemTime;

use crate::clock::to_millis;
use crate::oauth_server::model::Client;
use crate::oauth_server::store::OAuthStore;

pub const NEON_DEMO_CLIENT_ID: &str = "latchkey-sandbox-neon";
pub const NEON_DEMO_CLIENT_SECRET: &str = "neon_sandbox_secret_4f1c2a9e7b3d5a0c8e6f";
pub const NEON_DEMO_USER_ID: &str = "5b7d1c9e-2a4f-4e8b-9c3d-6f0a1b2c3d4e";
/// A Neon API key for Ada: full access, never expires.
pub const NEON_DEMO_API_KEY: &str =
    "neon_sandbox_apikey_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
pub const NEON_ORG_PERSONAL: &str = "org-quiet-lake-10203040";
pub const NEON_ORG_ENGINES: &str = "org-analytic-engine-50607080";
/// Ada's personal project (no organization).
pub const NEON_PERSONAL_PROJECT: &str = "lovelace-notes-100001";

/// The scopes Neon's OAuth server knows.
pub const NEON_SCOPES: [&str; 8] = [
    "openid",
    "offline",
    "offline_access",
    "urn:neoncloud:projects:create",
    "urn:neoncloud:projects:read",
    "urn:neoncloud:projects:update",
    "urn:neoncloud:projects:delete",
    "urn:neoncloud:orgs:read",
];

#[derive(Debug, Clone)]
pub(crate) struct NeonUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub last_name: String,
    pub login: String,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonOrg {
    pub id: String,
    pub name: String,
    pub handle: String,
    pub created_at_ms: u64,
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonProject {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub pg_version: u32,
    /// `None`: owned by the user personally.
    pub org_id: Option<String>,
    pub owner_id: String,
    pub created_at_ms: u64,
    /// Its default branch's compute endpoint (`ep-…`), the host's first label.
    pub endpoint_id: String,
    /// The password of its role `neondb_owner` (Neon stores it; the API
    /// hands it out in connection URIs).
    pub password: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Data {
    pub users: Vec<NeonUser>,
    pub orgs: Vec<NeonOrg>,
    pub projects: Vec<NeonProject>,
}

impl Data {
    pub fn orgs_of(&self, user_id: &str) -> Vec<&NeonOrg> {
        let member = |o: &&NeonOrg| o.members.iter().any(|m| m == user_id);
        self.orgs.iter().filter(member).collect()
    }
}

pub(crate) fn demo(now: SystemTime) -> (OAuthStore, Data) {
    let now_ms = to_millis(now);
    let day = 86_400_000u64;
    let client = Client::demo(
        NEON_DEMO_CLIENT_ID,
        NEON_DEMO_CLIENT_SECRET,
        &NEON_SCOPES,
        "neon",
    );
    let oauth = OAuthStore::demo(client, NEON_DEMO_USER_ID, NEON_DEMO_API_KEY, &NEON_SCOPES);
    let mut d = Data::default();
    d.users.push(NeonUser {
        id: NEON_DEMO_USER_ID.to_owned(),
        email: "ada@example.com".to_owned(),
        name: "Ada".to_owned(),
        last_name: "Lovelace".to_owned(),
        login: "ada".to_owned(),
    });
    let org = |id: &str, name: &str, handle: &str, age_days: u64| NeonOrg {
        id: id.to_owned(),
        name: name.to_owned(),
        handle: handle.to_owned(),
        created_at_ms: now_ms - age_days * day,
        members: vec![NEON_DEMO_USER_ID.to_owned()],
    };
    d.orgs.push(org(
        NEON_ORG_PERSONAL,
        "Ada's projects",
        "ada-projects-10203040",
        400,
    ));
    let engines = "analytical-engines-50607080";
    d.orgs
        .push(org(NEON_ORG_ENGINES, "Analytical Engines", engines, 300));
    let project =
        |id: String, name: &str, region: &str, org: Option<&str>, age_days: u64| NeonProject {
            name: name.to_owned(),
            region_id: region.to_owned(),
            pg_version: 16,
            org_id: org.map(str::to_owned),
            owner_id: NEON_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - age_days * day,
            // Stable across starts, so a saved connection string keeps working.
            endpoint_id: format!("ep-{}", &crate::ids::digest(&id)[..12]),
            password: crate::ids::digest(&format!("password:{id}"))[..24].to_owned(),
            id,
        };
    let personal = project(
        NEON_PERSONAL_PROJECT.to_owned(),
        "lovelace-notes",
        "aws-eu-central-1",
        None,
        200,
    );
    d.projects.push(personal);
    let names = ["difference-engine", "bernoulli-numbers", "jacquard-loom"];
    for (i, name) in names.iter().enumerate() {
        let id = format!("{name}-{}", 200_001 + i);
        let org = Some(NEON_ORG_PERSONAL);
        d.projects
            .push(project(id, name, "aws-us-east-2", org, 100 + i as u64));
    }
    for i in 0..11u64 {
        let region = if i % 2 == 0 {
            "aws-us-east-2"
        } else {
            "azure-eastus2"
        };
        let (id, name) = (
            format!("engine-bay-{}", 300_001 + i),
            format!("engine-bay-{:02}", i + 1),
        );
        d.projects
            .push(project(id, &name, region, Some(NEON_ORG_ENGINES), 50 + i));
    }
    (oauth, d)
}
