//! Neon's records and demo data, the same at every start (never persisted).
//!
//! A project owns its branches; a branch owns its compute endpoints,
//! databases and roles (with their passwords), as on Neon, where each
//! branch is a copy-on-write clone of its parent.
//!
//! Ada (`NEON_DEMO_USER_ID`) in two organizations, one personal project and
//! 14 organization projects (enough for cursor pagination at the default
//! limit of 10). One demo OAuth client with the app's redirect URIs, and a
//! Neon API key (every scope, never expiring) so API tests need not run the
//! OAuth flow. Ids follow Neon's shapes: `org-…`, `adjective-noun-123456`,
//! `br-…`/`ep-…` (`adjective-noun-12345678`, derived in [`super::ids`]).

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::clock::to_millis;
use crate::oauth_server::model::Client;
use crate::oauth_server::store::OAuthStore;

use super::ids;

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
/// The personal project's second branch, role and database.
pub(crate) const DEMO_SECOND_BRANCH: &str = "development";
pub(crate) const DEMO_APP_ROLE: &str = "notes_app";
pub(crate) const DEMO_APP_DATABASE: &str = "notes";

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
    /// In creation order; the first is the default branch (`main`), and
    /// none is ever removed, so a branch's index is its ordinal.
    pub branches: Vec<NeonBranch>,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonBranch {
    pub id: String,
    pub name: String,
    /// `None` for the root branch the project was created with.
    pub parent_id: Option<String>,
    pub default: bool,
    pub protected: bool,
    pub created_at_ms: u64,
    /// The `annotation_value` given at creation (string keys and values).
    pub annotation: BTreeMap<String, String>,
    pub endpoints: Vec<NeonEndpoint>,
    pub databases: Vec<NeonDatabase>,
    pub roles: Vec<NeonRole>,
}

/// Serialized as the spec's `EndpointType`, `read_write` or `read_only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EndpointKind {
    ReadWrite,
    ReadOnly,
}

/// A compute endpoint; its host is `{id}.{the region's proxy host}`.
#[derive(Debug, Clone)]
pub(crate) struct NeonEndpoint {
    pub id: String,
    pub spec: EndpointSpec,
    /// `active` or `idle` (the sandbox never suspends or starts one by itself).
    pub active: bool,
    pub created_at_ms: u64,
}

/// What a new endpoint may choose (the rest of `BranchCreateRequestEndpointOptions`
/// is accepted and ignored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EndpointSpec {
    pub kind: EndpointKind,
    pub min_cu: f64,
    pub max_cu: f64,
    pub suspend_timeout_seconds: i64,
}

impl EndpointSpec {
    /// Neon's defaults for a free-plan compute: 0.25 to 2 CU, the default
    /// suspend timeout (`0`).
    pub fn read_write() -> Self {
        Self {
            kind: EndpointKind::ReadWrite,
            min_cu: 0.25,
            max_cu: 2.0,
            suspend_timeout_seconds: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NeonDatabase {
    pub id: u64,
    pub name: String,
    pub owner_name: String,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NeonRole {
    pub name: String,
    /// Neon stores it and hands it out (connection URIs, `reveal_password`);
    /// never in a role list.
    pub password: String,
    pub created_at_ms: u64,
}

/// Neon's names for what it creates with a project.
pub(crate) const DEFAULT_BRANCH: &str = "main";
pub(crate) const DEFAULT_DATABASE: &str = "neondb";
pub(crate) const DEFAULT_ROLE: &str = "neondb_owner";

impl NeonProject {
    /// Gives a project without branches what `POST /projects` creates with
    /// it: a default branch `main` with a read-write endpoint, the database
    /// `neondb` and its owner `neondb_owner`, whose password is `password`.
    pub fn with_main_branch(mut self, password: String) -> Self {
        let at_ms = self.created_at_ms;
        let main = self.add_branch(None, Some(DEFAULT_BRANCH.to_owned()), at_ms);
        self.branches[main].add_owned_database(DEFAULT_ROLE, password, DEFAULT_DATABASE, at_ms);
        self.add_endpoint(main, EndpointSpec::read_write(), at_ms);
        self
    }

    pub fn branch(&self, id: &str) -> Option<&NeonBranch> {
        self.branches.iter().find(|b| b.id == id)
    }

    pub fn default_branch(&self) -> &NeonBranch {
        (self.branches.iter().find(|b| b.default)).unwrap_or(&self.branches[0])
    }

    /// Appends the project's next branch, without endpoints, named `name`
    /// (its id when `None`, as Neon names unnamed branches). The root (no
    /// `parent`, an index) is the default branch and starts empty; as on
    /// Neon, a child starts with copies of its parent's databases and roles,
    /// and the roles keep their passwords. Returns its index.
    pub fn add_branch(&mut self, parent: Option<usize>, name: Option<String>, at_ms: u64) -> usize {
        let id = ids::slug("br", &ids::branch_seed(&self.id, self.branches.len()));
        let from = parent.map(|i| &self.branches[i]);
        let databases = (from.iter().flat_map(|b| &b.databases))
            .map(|d| NeonDatabase {
                id: ids::database_id(&id, &d.name),
                ..d.clone()
            })
            .collect();
        let branch = NeonBranch {
            name: name.unwrap_or_else(|| id.clone()),
            parent_id: from.map(|b| b.id.clone()),
            default: from.is_none(),
            protected: false,
            created_at_ms: at_ms,
            annotation: BTreeMap::new(),
            endpoints: Vec::new(),
            databases,
            roles: from.map(|b| b.roles.clone()).unwrap_or_default(),
            id,
        };
        self.branches.push(branch);
        self.branches.len() - 1
    }

    /// Adds a compute endpoint to branch `branch` (an index); new endpoints
    /// are `active` (Neon starts a compute it creates).
    pub fn add_endpoint(&mut self, branch: usize, spec: EndpointSpec, at_ms: u64) -> &NeonEndpoint {
        let ordinal: usize = self.branches.iter().map(|b| b.endpoints.len()).sum();
        let endpoints = &mut self.branches[branch].endpoints;
        endpoints.push(NeonEndpoint {
            id: ids::slug("ep", &ids::endpoint_seed(&self.id, ordinal)),
            spec,
            active: true,
            created_at_ms: at_ms,
        });
        endpoints.last().expect("just pushed")
    }
}

impl NeonBranch {
    /// The endpoint Neon connects to by default: the branch's only read-write one.
    pub fn read_write(&self) -> Option<&NeonEndpoint> {
        (self.endpoints.iter()).find(|e| e.spec.kind == EndpointKind::ReadWrite)
    }

    pub fn role(&self, name: &str) -> Option<&NeonRole> {
        self.roles.iter().find(|r| r.name == name)
    }

    /// Adds the role `role` (whose password is `password`) and the database
    /// `database` it owns.
    fn add_owned_database(&mut self, role: &str, password: String, database: &str, at_ms: u64) {
        self.roles.push(NeonRole {
            name: role.to_owned(),
            password,
            created_at_ms: at_ms,
        });
        self.databases.push(NeonDatabase {
            id: ids::database_id(&self.id, database),
            name: database.to_owned(),
            owner_name: role.to_owned(),
            created_at_ms: at_ms,
        });
    }
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

    /// Whether user `user_id` can see project `p`: theirs, or of an
    /// organization they belong to.
    pub fn can_see(&self, user_id: &str, p: &NeonProject) -> bool {
        match &p.org_id {
            Some(org) => self.orgs_of(user_id).iter().any(|o| &o.id == org),
            None => p.owner_id == user_id,
        }
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
    let mut project = |id: String, name: &str, region: &str, org: Option<&str>, age_days: u64| {
        let password = demo_password(&format!("password:{id}"));
        let mut p = NeonProject {
            name: name.to_owned(),
            region_id: region.to_owned(),
            pg_version: 16,
            org_id: org.map(str::to_owned),
            owner_id: NEON_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - age_days * day,
            branches: Vec::new(),
            id,
        }
        .with_main_branch(password);
        // Computes Neon has suspended for inactivity.
        p.branches[0].endpoints[0].active = false;
        d.projects.push(p);
    };
    project(
        NEON_PERSONAL_PROJECT.to_owned(),
        "lovelace-notes",
        "aws-eu-central-1",
        None,
        200,
    );
    let names = ["difference-engine", "bernoulli-numbers", "jacquard-loom"];
    for (i, name) in names.iter().enumerate() {
        let id = format!("{name}-{}", 200_001 + i);
        let org = Some(NEON_ORG_PERSONAL);
        project(id, name, "aws-us-east-2", org, 100 + i as u64);
    }
    for i in 0..11u64 {
        let region = ["aws-us-east-2", "azure-eastus2"][i as usize % 2];
        let id = format!("engine-bay-{}", 300_001 + i);
        let name = format!("engine-bay-{:02}", i + 1);
        project(id, &name, region, Some(NEON_ORG_ENGINES), 50 + i);
    }
    add_development_branch(&mut d.projects[0], now_ms - 20 * day);
    (oauth, d)
}

/// The personal project (the first) gets a second role and database on `main` and a
/// `development` branch (a copy of both, with a compute of its own), so a
/// screen that picks branch, database and role has something to pick from.
/// Its `main` compute is the one demo endpoint that is `active`.
fn add_development_branch(p: &mut NeonProject, at_ms: u64) {
    let password = demo_password(&format!("password:{}:{DEMO_APP_ROLE}", p.id));
    let main = &mut p.branches[0];
    main.endpoints[0].active = true;
    main.add_owned_database(DEMO_APP_ROLE, password, DEMO_APP_DATABASE, p.created_at_ms);
    let dev = p.add_branch(Some(0), Some(DEMO_SECOND_BRANCH.to_owned()), at_ms);
    p.add_endpoint(dev, EndpointSpec::read_write(), at_ms);
    p.branches[dev].endpoints[0].active = false;
}

/// A demo password, stable across starts so a saved connection string keeps
/// working.
fn demo_password(seed: &str) -> String {
    crate::ids::digest(seed)[..24].to_owned()
}
