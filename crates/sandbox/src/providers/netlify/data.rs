//! Netlify's records and demo data, the same at every start (never
//! persisted): Ada (`NETLIFY_DEMO_USER_ID`) in two accounts with 12 sites
//! between them (three pages at `per_page=5`), a third account she is not
//! in (one site, so "someone else's site" answers 404), one demo OAuth
//! client with the app's redirect URIs, and a personal access token so API
//! tests need not run the OAuth flow. Ids are Netlify's 24-hex shape.
//!
//! Every site has three deploys: a production one, a deploy preview and a
//! newer production one, which is `ready` except on `ada-notes-1` (failed,
//! with the build's error message) and `ada-notes-2` (`building`). A site's
//! published deploy is its newest ready production deploy. `ada-notes-1`
//! has three site variables: a plain one, a secret one and one with
//! different production and deploy-preview values.
//!
//! Reachability lives here ([`Data::account_of`], [`Data::site_of`],
//! [`Data::deploy_of`]) so every route answers 404 alike for what does not
//! exist and for what belongs to an account the caller is not in.

use std::time::SystemTime;

use serde::Serialize;

use crate::clock::to_millis;
use crate::ids;
use crate::oauth_server::model::Client;
use crate::oauth_server::store::OAuthStore;

use super::env_input::SCOPES;
use super::{Answer, NetlifyError};

pub const NETLIFY_DEMO_CLIENT_ID: &str = "lk_sandbox_netlify_9Qx2vT7mK4pL8nR3sW6yZ1aB";
pub const NETLIFY_DEMO_CLIENT_SECRET: &str = "lk_sandbox_netlify_secret_H5jD8fG2kL9mN4pQ7rS1tV3w";
pub const NETLIFY_DEMO_USER_ID: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";
/// A Netlify personal access token for Ada.
pub const NETLIFY_DEMO_ACCESS_TOKEN: &str = "nfp_sandboxAda0123456789abcdefghijklmnopqrstuv";
pub const NETLIFY_ACCOUNT_ADA: &str = "5f1a2b3c4d5e6f7a8b9c0d2a";
pub const NETLIFY_ACCOUNT_ENGINES: &str = "5f1a2b3c4d5e6f7a8b9c0d3b";
/// An account Ada is not a member of.
pub const NETLIFY_ACCOUNT_BABBAGE: &str = "5f1a2b3c4d5e6f7a8b9c0d5e";
/// `ada-notes-1`, the first demo site: a failed latest deploy and variables.
pub const NETLIFY_SITE_ADA_NOTES: &str = "7c3e9a10-1b2c-4d5e-8f90-0000000000a0";
/// The one site of [`NETLIFY_ACCOUNT_BABBAGE`].
pub const NETLIFY_SITE_BABBAGE: &str = "7c3e9a10-1b2c-4d5e-8f90-0000000000ac";
/// What the failed deploy of `ada-notes-1` reports, as Netlify words it.
pub const NETLIFY_FAILED_DEPLOY_MESSAGE: &str =
    "Failed during stage 'building site': Build script returned non-zero exit code: 2";

const BABBAGE: &str = "5f1a2b3c4d5e6f7a8b9c0d6f";
/// The owner of Analytical Engines, an account Ada is a member of.
const ENGINES_OWNER: &str = "5f1a2b3c4d5e6f7a8b9c0d4c";

#[derive(Debug, Clone)]
pub(crate) struct NetlifyUser {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifyAccount {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub type_name: String,
    pub owner_ids: Vec<String>,
    pub members: Vec<String>,
    pub created_at_ms: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifySite {
    pub id: String,
    pub name: String,
    pub account_id: String,
    pub user_id: String,
    pub created_at_ms: u64,
    /// `owner/name` on GitHub.
    pub repo_path: String,
    pub build_cmd: String,
    pub publish_dir: String,
}

#[derive(Debug, Clone)]
pub(crate) struct NetlifyDeploy {
    pub id: String,
    pub site_id: String,
    pub build_id: String,
    /// `ready`, `error`, `building`, … (the `state` enum of listSiteDeploys).
    pub state: &'static str,
    /// `production`, `deploy-preview` or `branch-deploy`.
    pub context: &'static str,
    pub branch: String,
    pub commit_ref: String,
    /// The commit message's first line, as Netlify shows it.
    pub title: String,
    /// Set on failed deploys only.
    pub error_message: Option<String>,
    /// The pull request of a deploy preview.
    pub review_id: Option<u32>,
    pub created_at_ms: u64,
    pub updated_at_ms: u64,
}

/// One environment variable: an account's (shared) when `site_id` is
/// `None`, else one site's. Keys are unique per (account, site).
#[derive(Debug, Clone, Default)]
pub(crate) struct NetlifyEnvVar {
    pub account_id: String,
    pub site_id: Option<String>,
    pub key: String,
    pub scopes: Vec<String>,
    pub is_secret: bool,
    pub values: Vec<NetlifyEnvValue>,
    pub updated_at_ms: u64,
    pub updated_by: String,
}

/// Serialized as in `envVar.values`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct NetlifyEnvValue {
    pub id: String,
    pub context: String,
    /// The branch name when `context` is `branch`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_parameter: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Data {
    pub users: Vec<NetlifyUser>,
    pub accounts: Vec<NetlifyAccount>,
    pub sites: Vec<NetlifySite>,
    pub deploys: Vec<NetlifyDeploy>,
    pub env_vars: Vec<NetlifyEnvVar>,
}

impl Data {
    pub fn accounts_of(&self, user_id: &str) -> Vec<&NetlifyAccount> {
        let member = |a: &&NetlifyAccount| a.members.iter().any(|m| m == user_id);
        self.accounts.iter().filter(member).collect()
    }

    /// The account `id_or_slug` names (Netlify takes either; netlify-cli
    /// passes the slug), if `user_id` is a member.
    pub fn account_of(&self, user_id: &str, id_or_slug: &str) -> Answer<&NetlifyAccount> {
        let mut mine = self.accounts_of(user_id).into_iter();
        mine.find(|a| a.id == id_or_slug || a.slug == id_or_slug)
            .ok_or_else(NetlifyError::not_found)
    }

    /// The site, if it is in an account `user_id` is a member of.
    pub fn site_of(&self, user_id: &str, site_id: &str) -> Answer<&NetlifySite> {
        let site = self.sites.iter().find(|s| s.id == site_id);
        let site = site.ok_or_else(NetlifyError::not_found)?;
        self.account_of(user_id, &site.account_id)?;
        Ok(site)
    }

    /// The deploy and its site, if `user_id` can see the site.
    pub fn deploy_of(
        &self,
        user_id: &str,
        deploy_id: &str,
    ) -> Answer<(&NetlifyDeploy, &NetlifySite)> {
        let deploy = self.deploys.iter().find(|d| d.id == deploy_id);
        let deploy = deploy.ok_or_else(NetlifyError::not_found)?;
        Ok((deploy, self.site_of(user_id, &deploy.site_id)?))
    }

    /// The newest ready production deploy: what the site serves.
    pub fn published_deploy(&self, site_id: &str) -> Option<&NetlifyDeploy> {
        self.deploys
            .iter()
            .filter(|d| d.site_id == site_id && d.context == "production" && d.state == "ready")
            .max_by_key(|d| d.created_at_ms)
    }

    pub fn user(&self, id: &str) -> Option<&NetlifyUser> {
        self.users.iter().find(|u| u.id == id)
    }
}

pub(crate) fn demo(now: SystemTime) -> (OAuthStore, Data) {
    let now_ms = to_millis(now);
    let day = 86_400_000u64;
    let (id, secret) = (NETLIFY_DEMO_CLIENT_ID, NETLIFY_DEMO_CLIENT_SECRET);
    let client = Client::demo(id, secret, &[], "netlify");
    let token = NETLIFY_DEMO_ACCESS_TOKEN;
    let oauth = OAuthStore::demo(client, NETLIFY_DEMO_USER_ID, token, &[]);
    let user = |id: &str, name: &str, email: &str, age_days: u64| NetlifyUser {
        id: id.to_owned(),
        full_name: name.to_owned(),
        email: email.to_owned(),
        created_at_ms: now_ms - age_days * day,
    };
    let (ada, team) = (NETLIFY_DEMO_USER_ID, "Ada Lovelace's team");
    let account =
        |id: &str, name: &str, slug: &str, kind: &str, owner: &str, age_days: u64| NetlifyAccount {
            id: id.to_owned(),
            name: name.to_owned(),
            slug: slug.to_owned(),
            type_name: kind.to_owned(),
            owner_ids: vec![owner.to_owned()],
            members: vec![ada.to_owned()],
            created_at_ms: now_ms - age_days * day,
        };
    let mut babbage = account(
        NETLIFY_ACCOUNT_BABBAGE,
        "Charles Babbage's team",
        "babbage",
        "Pro",
        BABBAGE,
        700,
    );
    babbage.members = vec![BABBAGE.to_owned()];
    let mut d = Data {
        users: vec![
            user(ada, "Ada Lovelace", "ada@example.com", 500),
            user(BABBAGE, "Charles Babbage", "charles@example.com", 700),
        ],
        accounts: vec![
            account(NETLIFY_ACCOUNT_ADA, team, "ada", "Starter", ada, 500),
            account(
                NETLIFY_ACCOUNT_ENGINES,
                "Analytical Engines",
                "analytical-engines",
                "Pro",
                ENGINES_OWNER,
                250,
            ),
            babbage,
        ],
        ..Data::default()
    };
    // Four sites in Ada's team, eight in Analytical Engines, one in
    // Babbage's (indexes into `d.accounts`); each made by its member.
    let names = (1..=4).map(|n| (0, format!("ada-notes-{n}")));
    let names = names.chain((1..=8).map(|n| (1, format!("engine-docs-{n}"))));
    let names = names.chain([(2, "difference-engine".to_owned())]);
    for (i, (a, name)) in (0u64..).zip(names) {
        let account = &d.accounts[a];
        d.sites.push(NetlifySite {
            id: format!("7c3e9a10-1b2c-4d5e-8f90-{:012x}", 0xa0 + i),
            repo_path: format!("{}/{name}", account.slug),
            name,
            account_id: account.id.clone(),
            user_id: account.members[0].clone(),
            created_at_ms: now_ms - (120 - i) * day,
            build_cmd: "npm run build".to_owned(),
            publish_dir: "dist".to_owned(),
        });
    }
    let deploys = (0u64..)
        .zip(&d.sites)
        .flat_map(|(n, site)| demo_deploys(n, site, now_ms));
    d.deploys = deploys.collect();
    d.env_vars = demo_env(now_ms);
    (oauth, d)
}

/// Oldest first: production, deploy preview, production (the newest, whose
/// state depends on the site).
fn demo_deploys(n: u64, site: &NetlifySite, now_ms: u64) -> Vec<NetlifyDeploy> {
    let hour = 3_600_000u64;
    let deploy = |k: u64, state, context, branch: &str, title: &str, age_hours: u64| {
        let seq = n * 3 + k;
        let created_at_ms = now_ms - age_hours * hour - n * hour;
        NetlifyDeploy {
            id: format!("6601f0a0b1c2d3e4{seq:08x}"),
            site_id: site.id.clone(),
            build_id: format!("6601f0a0b1c2d3e5{seq:08x}"),
            state,
            context,
            branch: branch.to_owned(),
            commit_ref: ids::digest(&format!("{}:{seq}", site.name))[..40].to_owned(),
            title: title.to_owned(),
            error_message: (state == "error").then(|| NETLIFY_FAILED_DEPLOY_MESSAGE.to_owned()),
            review_id: (context == "deploy-preview").then_some(12),
            created_at_ms,
            // A build takes about a minute; a building one has not finished.
            updated_at_ms: created_at_ms + if state == "building" { 0 } else { 60_000 },
        }
    };
    let (state, title, age_hours) = match site.name.as_str() {
        "ada-notes-1" => ("error", "Bump astro to 5", 2),
        "ada-notes-2" => ("building", "Fix typos", 0),
        _ => ("ready", "Merge pull request #12", 24),
    };
    let search = "Add search to the notes list";
    vec![
        deploy(0, "ready", "production", "main", "Initial commit", 72),
        deploy(1, "ready", "deploy-preview", "feature/search", search, 26),
        deploy(2, state, "production", "main", title, age_hours),
    ]
}

fn demo_env(now_ms: u64) -> Vec<NetlifyEnvVar> {
    let value = |n: u32, context: &str, value: &str| NetlifyEnvValue {
        id: format!("3f0c8a52-6d1e-4b7a-9c2f-{n:012x}"),
        context: context.to_owned(),
        context_parameter: None,
        value: value.to_owned(),
    };
    let var = |key: &str, scopes: &[&str], is_secret, values| NetlifyEnvVar {
        account_id: NETLIFY_ACCOUNT_ADA.to_owned(),
        site_id: Some(NETLIFY_SITE_ADA_NOTES.to_owned()),
        key: key.to_owned(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        is_secret,
        values,
        updated_at_ms: now_ms - 86_400_000,
        updated_by: NETLIFY_DEMO_USER_ID.to_owned(),
    };
    let (all, not_post) = (SCOPES, ["builds", "functions", "runtime"]);
    let mut babbage = var(
        "ANALYTICS_ID",
        &all,
        false,
        vec![value(10, "all", "UA-1822-1")],
    );
    babbage.account_id = NETLIFY_ACCOUNT_BABBAGE.to_owned();
    babbage.site_id = Some(NETLIFY_SITE_BABBAGE.to_owned());
    babbage.updated_by = BABBAGE.to_owned();
    let api = "https://api.ada-notes.example";
    let db = "postgres://notes@db.ada-notes.example/notes";
    let preview_db = "postgres://notes@preview-db.ada-notes.example/notes";
    vec![
        var("PUBLIC_API_URL", &all, false, vec![value(1, "all", api)]),
        // Secrets: explicit contexts and scopes, never post-processing
        // (Netlify's secrets policy); only the dev value is readable.
        var(
            "STRIPE_SECRET_KEY",
            &not_post,
            true,
            vec![
                value(2, "production", "sandbox-stripe-live-not-a-real-key"),
                value(3, "deploy-preview", "sandbox-stripe-test-not-a-real-key"),
                value(4, "dev", "sandbox-stripe-dev-not-a-real-key"),
            ],
        ),
        var(
            "DATABASE_URL",
            &not_post,
            false,
            vec![
                value(5, "production", db),
                value(6, "deploy-preview", preview_db),
            ],
        ),
        babbage,
    ]
}
