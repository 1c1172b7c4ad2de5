//! The demo data of the prefixed providers, the same at every start.
//!
//! Neon: Ada (`NEON_DEMO_USER_ID`) in two organizations, one personal project
//! and 14 organization projects (enough for cursor pagination at the default
//! limit of 10). Netlify: Ada (`NETLIFY_DEMO_USER_ID`) in two accounts with
//! 12 sites between them (three pages at `per_page=5`).
//!
//! Each provider has one demo OAuth client with the app's redirect URIs, and
//! one personal token (a Neon API key, a Netlify personal access token) so
//! API tests need not run the OAuth flow. Identifiers follow each provider's
//! shapes: Neon `org-…` / `adjective-noun-123456`, Netlify 24-hex ids.

use std::time::SystemTime;

use crate::clock::to_millis;
use crate::ids;

use super::store::{
    Client, Grant, NeonOrg, NeonProject, NeonUser, NetlifyAccount, NetlifySite, NetlifyUser,
    ProviderStore,
};
use super::Provider;

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

pub const NETLIFY_DEMO_CLIENT_ID: &str = "lk_sandbox_netlify_9Qx2vT7mK4pL8nR3sW6yZ1aB";
pub const NETLIFY_DEMO_CLIENT_SECRET: &str = "lk_sandbox_netlify_secret_H5jD8fG2kL9mN4pQ7rS1tV3w";
pub const NETLIFY_DEMO_USER_ID: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";
/// A Netlify personal access token for Ada.
pub const NETLIFY_DEMO_ACCESS_TOKEN: &str = "nfp_sandboxAda0123456789abcdefghijklmnopqrstuv";
pub const NETLIFY_ACCOUNT_ADA: &str = "5f1a2b3c4d5e6f7a8b9c0d2a";
pub const NETLIFY_ACCOUNT_ENGINES: &str = "5f1a2b3c4d5e6f7a8b9c0d3b";

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

fn redirects(name: &str) -> Vec<String> {
    [
        format!("dev.latchkey:/oauth/{name}"),
        format!("dev.latchkey.debug:/oauth/{name}"),
        format!("http://127.0.0.1:53682/oauth/{name}"),
        format!("http://localhost:53682/oauth/{name}"),
    ]
    .to_vec()
}

/// A grant standing for a personal token: every scope, no expiry, no refresh.
fn personal_grant(provider: Provider, user_id: &str, token: &str, scopes: &[&str]) -> Grant {
    Grant {
        id: format!("personal-{}", user_id),
        provider,
        client_id: String::new(),
        user_id: user_id.to_owned(),
        scope: scopes.iter().map(|s| (*s).to_owned()).collect(),
        revoked: false,
        access_digest: Some(ids::digest(token)),
        access_expires_at_ms: None,
        refresh_digest: None,
    }
}

pub(crate) fn demo(now: SystemTime) -> ProviderStore {
    let now_ms = to_millis(now);
    let day = 86_400_000u64;
    let mut s = ProviderStore::default();

    s.clients.insert(
        NEON_DEMO_CLIENT_ID.to_owned(),
        Client {
            provider: Provider::Neon,
            id: NEON_DEMO_CLIENT_ID.to_owned(),
            secret: NEON_DEMO_CLIENT_SECRET.to_owned(),
            name: "Latchkey (sandbox)".to_owned(),
            redirect_uris: redirects("neon"),
            scopes: NEON_SCOPES.map(str::to_owned).to_vec(),
        },
    );
    s.clients.insert(
        NETLIFY_DEMO_CLIENT_ID.to_owned(),
        Client {
            provider: Provider::Netlify,
            id: NETLIFY_DEMO_CLIENT_ID.to_owned(),
            secret: NETLIFY_DEMO_CLIENT_SECRET.to_owned(),
            name: "Latchkey (sandbox)".to_owned(),
            redirect_uris: redirects("netlify"),
            scopes: Vec::new(),
        },
    );

    // Neon.
    s.neon_users.push(NeonUser {
        id: NEON_DEMO_USER_ID.to_owned(),
        email: "ada@example.com".to_owned(),
        name: "Ada".to_owned(),
        last_name: "Lovelace".to_owned(),
        login: "ada".to_owned(),
    });
    s.current_user
        .insert(Provider::Neon, NEON_DEMO_USER_ID.to_owned());
    s.neon_orgs.push(NeonOrg {
        id: NEON_ORG_PERSONAL.to_owned(),
        name: "Ada's projects".to_owned(),
        handle: "ada-projects-10203040".to_owned(),
        created_at_ms: now_ms - 400 * day,
        members: vec![NEON_DEMO_USER_ID.to_owned()],
    });
    s.neon_orgs.push(NeonOrg {
        id: NEON_ORG_ENGINES.to_owned(),
        name: "Analytical Engines".to_owned(),
        handle: "analytical-engines-50607080".to_owned(),
        created_at_ms: now_ms - 300 * day,
        members: vec![NEON_DEMO_USER_ID.to_owned()],
    });
    s.neon_projects.push(NeonProject {
        id: NEON_PERSONAL_PROJECT.to_owned(),
        name: "lovelace-notes".to_owned(),
        region_id: "aws-eu-central-1".to_owned(),
        pg_version: 16,
        org_id: None,
        owner_id: NEON_DEMO_USER_ID.to_owned(),
        created_at_ms: now_ms - 200 * day,
    });
    let names = ["difference-engine", "bernoulli-numbers", "jacquard-loom"];
    for (i, name) in names.iter().enumerate() {
        s.neon_projects.push(NeonProject {
            id: format!("{name}-{}", 200_001 + i),
            name: (*name).to_owned(),
            region_id: "aws-us-east-2".to_owned(),
            pg_version: 16,
            org_id: Some(NEON_ORG_PERSONAL.to_owned()),
            owner_id: NEON_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - (100 + i as u64) * day,
        });
    }
    for i in 0..11u64 {
        s.neon_projects.push(NeonProject {
            id: format!("engine-bay-{}", 300_001 + i),
            name: format!("engine-bay-{:02}", i + 1),
            region_id: if i % 2 == 0 {
                "aws-us-east-2"
            } else {
                "azure-eastus2"
            }
            .to_owned(),
            pg_version: 16,
            org_id: Some(NEON_ORG_ENGINES.to_owned()),
            owner_id: NEON_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - (50 + i) * day,
        });
    }
    s.grants.push(personal_grant(
        Provider::Neon,
        NEON_DEMO_USER_ID,
        NEON_DEMO_API_KEY,
        &NEON_SCOPES,
    ));

    // Netlify.
    s.netlify_users.push(NetlifyUser {
        id: NETLIFY_DEMO_USER_ID.to_owned(),
        full_name: "Ada Lovelace".to_owned(),
        email: "ada@example.com".to_owned(),
        created_at_ms: now_ms - 500 * day,
    });
    s.current_user
        .insert(Provider::Netlify, NETLIFY_DEMO_USER_ID.to_owned());
    s.netlify_accounts.push(NetlifyAccount {
        id: NETLIFY_ACCOUNT_ADA.to_owned(),
        name: "Ada Lovelace's team".to_owned(),
        slug: "ada".to_owned(),
        type_name: "Starter".to_owned(),
        owner_ids: vec![NETLIFY_DEMO_USER_ID.to_owned()],
        members: vec![NETLIFY_DEMO_USER_ID.to_owned()],
        created_at_ms: now_ms - 500 * day,
    });
    s.netlify_accounts.push(NetlifyAccount {
        id: NETLIFY_ACCOUNT_ENGINES.to_owned(),
        name: "Analytical Engines".to_owned(),
        slug: "analytical-engines".to_owned(),
        type_name: "Pro".to_owned(),
        owner_ids: vec!["5f1a2b3c4d5e6f7a8b9c0d4c".to_owned()],
        members: vec![NETLIFY_DEMO_USER_ID.to_owned()],
        created_at_ms: now_ms - 250 * day,
    });
    for i in 0..12u64 {
        let (account, name) = if i < 4 {
            (NETLIFY_ACCOUNT_ADA, format!("ada-notes-{}", i + 1))
        } else {
            (NETLIFY_ACCOUNT_ENGINES, format!("engine-docs-{}", i - 3))
        };
        s.netlify_sites.push(NetlifySite {
            id: format!("7c3e9a10-1b2c-4d5e-8f90-{:012x}", 0xa0 + i),
            name,
            account_id: account.to_owned(),
            user_id: NETLIFY_DEMO_USER_ID.to_owned(),
            created_at_ms: now_ms - (120 - i) * day,
        });
    }
    s.grants.push(personal_grant(
        Provider::Netlify,
        NETLIFY_DEMO_USER_ID,
        NETLIFY_DEMO_ACCESS_TOKEN,
        &[],
    ));
    s
}
