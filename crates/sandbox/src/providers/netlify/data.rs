//! Netlify's records and demo data, the same at every start (never
//! persisted): Ada (`NETLIFY_DEMO_USER_ID`) in two accounts with 12 sites
//! between them (three pages at `per_page=5`), one demo OAuth client with
//! the app's redirect URIs, and a personal access token so API tests need
//! not run the OAuth flow. Ids are Netlify's 24-hex shape.

use std::time::SystemTime;

use crate::clock::to_millis;
use crate::oauth_server::model::Client;
use crate::oauth_server::store::OAuthStore;

pub const NETLIFY_DEMO_CLIENT_ID: &str = "lk_sandbox_netlify_9Qx2vT7mK4pL8nR3sW6yZ1aB";
pub const NETLIFY_DEMO_CLIENT_SECRET: &str = "lk_sandbox_netlify_secret_H5jD8fG2kL9mN4pQ7rS1tV3w";
pub const NETLIFY_DEMO_USER_ID: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";
/// A Netlify personal access token for Ada.
pub const NETLIFY_DEMO_ACCESS_TOKEN: &str = "nfp_sandboxAda0123456789abcdefghijklmnopqrstuv";
pub const NETLIFY_ACCOUNT_ADA: &str = "5f1a2b3c4d5e6f7a8b9c0d2a";
pub const NETLIFY_ACCOUNT_ENGINES: &str = "5f1a2b3c4d5e6f7a8b9c0d3b";

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
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Data {
    pub users: Vec<NetlifyUser>,
    pub accounts: Vec<NetlifyAccount>,
    pub sites: Vec<NetlifySite>,
}

impl Data {
    pub fn accounts_of(&self, user_id: &str) -> Vec<&NetlifyAccount> {
        let member = |a: &&NetlifyAccount| a.members.iter().any(|m| m == user_id);
        self.accounts.iter().filter(member).collect()
    }
}

pub(crate) fn demo(now: SystemTime) -> (OAuthStore, Data) {
    let now_ms = to_millis(now);
    let day = 86_400_000u64;
    let client = Client::demo(
        NETLIFY_DEMO_CLIENT_ID,
        NETLIFY_DEMO_CLIENT_SECRET,
        &[],
        "netlify",
    );
    let token = NETLIFY_DEMO_ACCESS_TOKEN;
    let oauth = OAuthStore::demo(client, NETLIFY_DEMO_USER_ID, token, &[]);
    let mut d = Data::default();
    d.users.push(NetlifyUser {
        id: NETLIFY_DEMO_USER_ID.to_owned(),
        full_name: "Ada Lovelace".to_owned(),
        email: "ada@example.com".to_owned(),
        created_at_ms: now_ms - 500 * day,
    });
    let account =
        |id: &str, name: &str, slug: &str, kind: &str, owner: &str, age_days: u64| NetlifyAccount {
            id: id.to_owned(),
            name: name.to_owned(),
            slug: slug.to_owned(),
            type_name: kind.to_owned(),
            owner_ids: vec![owner.to_owned()],
            members: vec![NETLIFY_DEMO_USER_ID.to_owned()],
            created_at_ms: now_ms - age_days * day,
        };
    let (ada, engines) = (NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_ENGINES);
    let team = "Ada Lovelace's team";
    d.accounts.push(account(
        ada,
        team,
        "ada",
        "Starter",
        NETLIFY_DEMO_USER_ID,
        500,
    ));
    let other_owner = "5f1a2b3c4d5e6f7a8b9c0d4c";
    let name = "Analytical Engines";
    d.accounts.push(account(
        engines,
        name,
        "analytical-engines",
        "Pro",
        other_owner,
        250,
    ));
    for i in 0..12u64 {
        let (account, name) = if i < 4 {
            (ada, format!("ada-notes-{}", i + 1))
        } else {
            (engines, format!("engine-docs-{}", i - 3))
        };
        d.sites.push(NetlifySite {
            id: format!("7c3e9a10-1b2c-4d5e-8f90-{:012x}", 0xa0 + i),
            name,
            account_id: account.to_owned(),
            user_id: NETLIFY_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - (120 - i) * day,
        });
    }
    (oauth, d)
}
