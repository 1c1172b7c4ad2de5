//! The data a sandbox starts with: a JSON seed file, the built-in demo seed,
//! or a deterministic generator for scale tests.
//!
//! A [`Seed`] is plain data; [`crate::store::Store::from_seed`] validates it
//! (unique ids, 20-letter refs, known regions, memberships that point at real
//! users and organizations, redirect URIs that pass the registration policy)
//! so that a bad seed fails at start, never halfway through a test.
//!
//! The demo seed always contains the two OAuth clients documented in
//! docs/sandbox.md ([`DEMO_CLIENT_ID`], [`STRICT_CLIENT_ID`]); the generator
//! adds them too, so scripts work with either.

use std::collections::HashSet;
use std::path::Path;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::model::{default_scopes, Membership, OAuthClient, Organization, User};
use crate::error::SandboxError;
use crate::ids;

/// The demo OAuth client: allows the app's private-use schemes, loopback and
/// an https relay.
pub const DEMO_CLIENT_ID: &str = "9b2f4a8e-6c1d-4e5f-8a7b-3c2d1e0f9a8b";
pub const DEMO_CLIENT_SECRET: &str = "sba_5d0c3f9e2a7b4c1d8e6f0a9b3c2d1e4f5a6b7c8d";
/// The strict OAuth client: Supabase's rule only (https, or http on loopback).
pub const STRICT_CLIENT_ID: &str = "1e7c9d3a-5b2f-4c8e-9d1a-6f4b2e8c0a7d";
pub const STRICT_CLIENT_SECRET: &str = "sba_a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
/// A personal access token for the demo user, handy for curl.
pub const DEMO_ACCESS_TOKEN: &str = "sbp_0d3e5a7c9b1f2e4d6c8a0b2d4f6e8a1c3e5b7d9f";

pub const DEMO_USER_ID: &str = "2c8e4b1a-7d3f-4a9e-b6c5-1f0e9d8c7b6a";
pub const SECOND_USER_ID: &str = "6f1d9e3b-2a8c-4b7d-9e0f-5a4b3c2d1e0f";

/// The redirect URIs of the demo client.
pub const DEMO_REDIRECT_URIS: [&str; 10] = [
    "dev.latchkey:/oauth/supabase",
    "dev.latchkey.debug:/oauth/supabase",
    "http://127.0.0.1:53682/oauth/supabase",
    "http://localhost:53682/oauth/supabase",
    // The app's spare loopback ports, for when 53682 is taken.
    "http://127.0.0.1:53683/oauth/supabase",
    "http://localhost:53683/oauth/supabase",
    "http://127.0.0.1:53684/oauth/supabase",
    "http://localhost:53684/oauth/supabase",
    "https://latchkey.dev/relay/supabase",
    "https://latchkey.dev/relay/debug/supabase",
];

/// The redirect URIs of the strict client.
pub const STRICT_REDIRECT_URIS: [&str; 8] = [
    "https://latchkey.dev/relay/supabase",
    "https://latchkey.dev/relay/debug/supabase",
    "http://127.0.0.1:53682/oauth/supabase",
    "http://localhost:53682/oauth/supabase",
    "http://127.0.0.1:53683/oauth/supabase",
    "http://localhost:53683/oauth/supabase",
    "http://127.0.0.1:53684/oauth/supabase",
    "http://localhost:53684/oauth/supabase",
];

/// The regions the spec lets a project be created in (the codes of
/// [`super::regions::REGION_NAMES`]).
pub const REGIONS: [&str; 18] = {
    let mut out = [""; 18];
    let mut i = 0;
    while i < out.len() {
        out[i] = super::regions::REGION_NAMES[i].0;
        i += 1;
    }
    out
};

/// The demo seed's projects, by organization (Acme, Lovelace, Engines,
/// Hopper), one a line: ref, name, region, status, created_at.
const DEMO_PROJECTS: [&[&str]; 4] = [
    &[
        "dmioulfllgviwvuctufr acme-web us-east-1 ACTIVE_HEALTHY 2024-02-12T09:14:03.512Z",
        "xhfomiuwrhvkyybhbzkm acme-api eu-west-2 ACTIVE_HEALTHY 2024-03-01T16:40:51.090Z",
        "icgswkgupmuoeiehxrri acme-analytics ap-southeast-1 ACTIVE_HEALTHY 2024-06-18T11:02:37.771Z",
        "xsnsmlheqpcybdeufzvn acme-staging us-west-1 INACTIVE 2023-11-05T20:31:09.004Z",
    ],
    &[
        "tcmmtoqiravxdvryiyuk notebook eu-central-1 ACTIVE_HEALTHY 2024-01-22T08:55:12.345Z",
        "djnfoaxxiqyfqdujuqtg difference-engine eu-west-1 INACTIVE 2023-07-30T13:27:44.610Z",
        "elyfryqatkpadlzjhbhs lab-playground ca-central-1 ACTIVE_HEALTHY 2024-09-09T17:45:00.120Z",
    ],
    &[
        "ccxpcyryeevprfiqtngr engine-core us-east-2 ACTIVE_HEALTHY 2023-12-14T10:10:10.010Z",
        "yxwgwjmvuloqodhhckas engine-docs ap-northeast-1 ACTIVE_HEALTHY 2024-04-27T22:03:58.999Z",
        "rhshacwubhcbkcqhivpg engine-metrics sa-east-1 ACTIVE_HEALTHY 2024-08-03T06:36:21.456Z",
        "rexssphzpzngddvnlnno engine-edge ap-south-1 ACTIVE_HEALTHY 2024-10-15T14:48:33.222Z",
    ],
    &[
        "xbvuudbmxkzdhggroenf cobol-modernizer us-east-1 ACTIVE_HEALTHY 2024-05-05T05:05:05.505Z",
        "iohcozrdburacyhfnppg compiler-lab eu-north-1 ACTIVE_HEALTHY 2024-07-07T07:07:07.707Z",
    ],
];

/// Everything a sandbox starts with. This is also the seed-file format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub users: Vec<User>,
    /// The user signed in to the consent page. Defaults to the first user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_user: Option<String>,
    pub organizations: Vec<Organization>,
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub projects: Vec<SeedProject>,
    #[serde(default)]
    pub oauth_clients: Vec<OAuthClient>,
    /// Personal access tokens (`sbp_…`), each for one user.
    #[serde(default)]
    pub access_tokens: Vec<SeedAccessToken>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeedProject {
    #[serde(rename = "ref")]
    pub reference: String,
    pub organization_slug: String,
    pub name: String,
    #[serde(default = "default_region")]
    pub region: String,
    #[serde(default = "default_status")]
    pub status: String,
    /// RFC 3339; defaults to the moment the sandbox starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

fn default_status() -> String {
    "ACTIVE_HEALTHY".to_owned()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeedAccessToken {
    pub user_id: String,
    pub token: String,
}

impl Seed {
    /// Reads a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SandboxError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SandboxError::Read {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| SandboxError::Json {
            path: path.to_owned(),
            source,
        })
    }

    /// The built-in demo: Ada (the signed-in user) in three organizations
    /// with a handful of projects each, Grace alone in a fourth, the demo and
    /// strict OAuth clients, and a personal access token for Ada.
    pub fn demo() -> Self {
        let acme = "udaxihhexdvxrcsnbacg";
        let lovelace = "hqtargwuwrnhosizayzf";
        let engines = "wnkiegykdcmdlltizbxo";
        let hopper = "rdmcrjutlsgwcbvhyjch";
        Seed {
            users: vec![
                User {
                    id: DEMO_USER_ID.to_owned(),
                    email: "ada@example.com".to_owned(),
                    username: "ada".to_owned(),
                    name: Some("Ada Lovelace".to_owned()),
                },
                User {
                    id: SECOND_USER_ID.to_owned(),
                    email: "grace@example.com".to_owned(),
                    username: "grace".to_owned(),
                    name: Some("Grace Hopper".to_owned()),
                },
            ],
            current_user: Some(DEMO_USER_ID.to_owned()),
            organizations: vec![
                org(acme, "Acme Corp", "pro"),
                org(lovelace, "Lovelace Labs", "free"),
                org(engines, "Analytical Engines", "team"),
                org(hopper, "Hopper Systems", "free"),
            ],
            memberships: vec![
                member(DEMO_USER_ID, acme),
                member(DEMO_USER_ID, lovelace),
                member(DEMO_USER_ID, engines),
                member(SECOND_USER_ID, hopper),
            ],
            projects: [acme, lovelace, engines, hopper]
                .into_iter()
                .zip(DEMO_PROJECTS)
                .flat_map(|(org, rows)| rows.iter().map(move |row| demo_project(org, row)))
                .collect(),
            oauth_clients: vec![
                OAuthClient {
                    id: DEMO_CLIENT_ID.to_owned(),
                    secret: DEMO_CLIENT_SECRET.to_owned(),
                    name: "Latchkey (sandbox)".to_owned(),
                    scopes: default_scopes(),
                    redirect_uris: DEMO_REDIRECT_URIS.map(str::to_owned).to_vec(),
                    allow_private_use_schemes: true,
                },
                OAuthClient {
                    id: STRICT_CLIENT_ID.to_owned(),
                    secret: STRICT_CLIENT_SECRET.to_owned(),
                    name: "Latchkey Relay (strict)".to_owned(),
                    scopes: default_scopes(),
                    redirect_uris: STRICT_REDIRECT_URIS.map(str::to_owned).to_vec(),
                    allow_private_use_schemes: false,
                },
            ],
            access_tokens: vec![SeedAccessToken {
                user_id: DEMO_USER_ID.to_owned(),
                token: DEMO_ACCESS_TOKEN.to_owned(),
            }],
        }
    }

    /// `orgs` organizations × `projects_per_org` projects, all with the demo
    /// user as a member, deterministic for a given `seed`. The demo users,
    /// clients and access token are included.
    pub fn generate(orgs: usize, projects_per_org: usize, seed: u64) -> Self {
        const ADJECTIVES: [&str; 16] = [
            "amber", "brisk", "cobalt", "dusty", "ember", "frosty", "golden", "hidden", "ivory",
            "jolly", "lunar", "mossy", "nimble", "quiet", "rapid", "silent",
        ];
        const NOUNS: [&str; 16] = [
            "harbor", "meadow", "falcon", "canyon", "orchard", "glacier", "beacon", "summit",
            "lantern", "delta", "prairie", "comet", "willow", "quarry", "reef", "spruce",
        ];
        const COMPANY: [&str; 10] = [
            "Labs",
            "Systems",
            "Studio",
            "Works",
            "Cloud",
            "Digital",
            "Analytics",
            "Ventures",
            "Networks",
            "Co",
        ];
        // Weighted towards the regions most projects live in.
        const REGION_WEIGHTS: [(&str, u32); 10] = [
            ("us-east-1", 30),
            ("eu-central-1", 14),
            ("eu-west-2", 10),
            ("us-west-1", 9),
            ("ap-southeast-1", 9),
            ("eu-west-1", 8),
            ("ap-northeast-1", 6),
            ("sa-east-1", 5),
            ("ca-central-1", 5),
            ("ap-south-1", 4),
        ];
        let total_weight: u32 = REGION_WEIGHTS.iter().map(|(_, w)| w).sum();
        // 2022-01-01T00:00:00Z; projects are spread over the following 3 years.
        const BASE_SECS: u64 = 1_640_995_200;

        let mut rng = StdRng::seed_from_u64(seed);
        let mut out = Seed {
            organizations: Vec::with_capacity(orgs),
            memberships: Vec::with_capacity(orgs),
            projects: Vec::with_capacity(orgs * projects_per_org),
            ..Seed::demo()
        };
        let mut used = HashSet::new();
        let mut fresh_ref = |rng: &mut StdRng| loop {
            let r = ids::random_ref(rng);
            if used.insert(r.clone()) {
                return r;
            }
        };
        for i in 0..orgs {
            let slug = fresh_ref(&mut rng);
            let name = format!(
                "{} {} {}",
                capitalise(ADJECTIVES[rng.gen_range(0..ADJECTIVES.len())]),
                capitalise(NOUNS[rng.gen_range(0..NOUNS.len())]),
                COMPANY[i % COMPANY.len()]
            );
            let plan = ["free", "pro", "team"][rng.gen_range(0..3)];
            out.organizations.push(org(&slug, &name, plan));
            out.memberships.push(member(DEMO_USER_ID, &slug));
            for n in 0..projects_per_org {
                let mut pick = rng.gen_range(0..total_weight);
                let mut region = REGION_WEIGHTS[0].0;
                for (r, w) in REGION_WEIGHTS {
                    if pick < w {
                        region = r;
                        break;
                    }
                    pick -= w;
                }
                let status = if rng.gen_ratio(1, 10) {
                    "INACTIVE"
                } else {
                    "ACTIVE_HEALTHY"
                };
                let created_secs = BASE_SECS + rng.gen_range(0..3 * 365 * 24 * 3600u64);
                let created_ms = created_secs * 1000 + rng.gen_range(0..1000u64);
                out.projects.push(SeedProject {
                    reference: fresh_ref(&mut rng),
                    organization_slug: slug.clone(),
                    name: format!(
                        "{}-{}-{}",
                        ADJECTIVES[rng.gen_range(0..ADJECTIVES.len())],
                        NOUNS[rng.gen_range(0..NOUNS.len())],
                        n + 1
                    ),
                    region: region.to_owned(),
                    status: status.to_owned(),
                    created_at: Some(crate::clock::rfc3339(crate::clock::from_millis(created_ms))),
                });
            }
        }
        out
    }
}

/// Parses the CLI's `ORGSxPROJECTS` generator spec, e.g. `20x2000`.
pub fn parse_generator(spec: &str) -> Result<(usize, usize), SandboxError> {
    let bad = || SandboxError::Generator(spec.to_owned());
    let (a, b) = spec.split_once(['x', 'X']).ok_or_else(bad)?;
    let orgs: usize = a.trim().parse().map_err(|_| bad())?;
    let projects: usize = b.trim().parse().map_err(|_| bad())?;
    if orgs == 0 || orgs > 10_000 || projects > 100_000 || orgs * projects > 2_000_000 {
        return Err(bad());
    }
    Ok((orgs, projects))
}

fn org(slug: &str, name: &str, plan: &str) -> Organization {
    Organization {
        slug: slug.to_owned(),
        name: name.to_owned(),
        plan: plan.to_owned(),
        opt_in_tags: Vec::new(),
        allowed_release_channels: vec!["ga".to_owned()],
    }
}

/// A project of the demo seed from its [`DEMO_PROJECTS`] row.
fn demo_project(org: &str, row: &str) -> SeedProject {
    let cols: Vec<&str> = row.split(' ').collect();
    SeedProject {
        reference: cols[0].to_owned(),
        organization_slug: org.to_owned(),
        name: cols[1].to_owned(),
        region: cols[2].to_owned(),
        status: cols[3].to_owned(),
        created_at: Some(cols[4].to_owned()),
    }
}

fn member(user: &str, org: &str) -> Membership {
    Membership {
        user_id: user.to_owned(),
        organization_slug: org.to_owned(),
    }
}

/// A generator word (lowercase ASCII, never empty) with a capital.
fn capitalise(word: &str) -> String {
    word[..1].to_uppercase() + &word[1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_sized() {
        let a = Seed::generate(3, 50, 11);
        let b = Seed::generate(3, 50, 11);
        let c = Seed::generate(3, 50, 12);
        assert_eq!(a, b);
        assert_ne!(a.projects, c.projects);
        assert_eq!(a.organizations.len(), 3);
        assert_eq!(a.projects.len(), 150);
        assert!(a.projects.iter().all(|p| ids::is_project_ref(&p.reference)));
    }

    #[test]
    fn generator_spec_parses() {
        assert_eq!(parse_generator("20x2000").unwrap(), (20, 2000));
        assert!(parse_generator("20").is_err());
        assert!(parse_generator("0x5").is_err());
        assert!(parse_generator("ax5").is_err());
    }
}
