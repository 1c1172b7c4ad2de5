//! Issue 13's screens through the engine, against the sandbox's Neon and
//! Netlify emulators over loopback HTTP: a Neon project's branches,
//! computes, databases and roles, its connection strings (masked for the
//! page, whole for the clipboard, the same string Neon's API gives) and a
//! new branch; a Netlify site's repository and failed deploy, and its
//! environment variables listed without values, revealed, set and deleted,
//! a secret one never revealed. Each provider is connected with a personal
//! token, as most of their users connect.

use std::sync::Arc;

use latchkey_core::channel::Channel;
use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::connections::session::system_clock;
use latchkey_core::connections::ConnectionId;
use latchkey_core::providers::neon::manage::connection::{self, NeonDatabaseChoice, MASK};
use latchkey_core::providers::neon::manage::detail::{self, NeonBranchRequest};
use latchkey_core::providers::netlify::manage::env_vars::{self, EnvVarSet};
use latchkey_core::providers::netlify::manage::site::{self, SiteLink};
use latchkey_core::providers::{neon, netlify};
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{
    Provider, Sandbox, Seed, NEON_PERSONAL_PROJECT, NETLIFY_FAILED_DEPLOY_MESSAGE,
    NETLIFY_SITE_ADA_NOTES, NETLIFY_SITE_BABBAGE,
};
use secrecy::ExposeSecret;

struct World {
    sb: Sandbox,
    connector: Arc<Connector>,
    _dir: tempfile::TempDir,
}

async fn world(name: &str) -> World {
    memory_store::install();
    let sb = Sandbox::builder().seed(Seed::demo()).start().await.unwrap();
    let defs = vec![
        neon::definition().with_origin(&sb.neon_base_url()).unwrap(),
        netlify::definition()
            .with_origin(&sb.netlify_base_url())
            .unwrap(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        defs,
        Keychain::new(format!("test.screens.{name}")),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    World {
        sb,
        connector: Arc::new(connector),
        _dir: dir,
    }
}

/// Connects `provider` with a fresh personal token; its connection and the token.
async fn connect(w: &World, provider: &str, which: Provider) -> (ConnectionId, String) {
    let token = w.sb.mint_personal_token(which);
    let connected = w
        .connector
        .connections()
        .connect_with_token(provider, &token)
        .await
        .unwrap();
    (connected[0].id.clone(), token)
}

fn choice(branch: Option<&str>, database: &str, role: &str) -> NeonDatabaseChoice {
    NeonDatabaseChoice {
        branch_id: branch.map(str::to_owned),
        database: database.into(),
        role: role.into(),
    }
}

mod neon_screens {
    use super::*;

    #[tokio::test]
    async fn projects_are_grouped_by_organization_personal_ones_apart() {
        let w = world("neon-groups").await;
        let (id, _) = connect(&w, "neon", Provider::Neon).await;
        let (projects, _) = w
            .connector
            .connections()
            .projects(&id, 0, 100)
            .await
            .unwrap();
        let personal = projects
            .iter()
            .find(|p| p.reference == NEON_PERSONAL_PROJECT)
            .unwrap();
        assert_eq!(personal.group.as_deref(), Some("Personal"));
        let groups: std::collections::BTreeSet<_> =
            projects.iter().filter_map(|p| p.group.clone()).collect();
        assert!(
            groups.len() >= 3,
            "Personal and two organizations: {groups:?}"
        );
        assert!(projects.iter().all(|p| p.group.is_some()));
    }

    #[tokio::test]
    async fn a_project_shows_its_branches_computes_databases_and_roles() {
        let w = world("neon-detail").await;
        let (id, _) = connect(&w, "neon", Provider::Neon).await;
        let connections = w.connector.connections();
        let project = detail::project(connections, &id, NEON_PERSONAL_PROJECT)
            .await
            .unwrap();
        let names: Vec<_> = project.branches.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["main", "development"], "the default branch first");
        assert!(project.branches[0].is_default);
        for branch in &project.branches {
            assert_eq!(branch.computes.len(), 1, "{}", branch.name);
            assert_eq!(branch.computes[0].kind, "read_write");
        }
        let main = &project.branches[0];
        let contents = detail::branch_contents(connections, &id, NEON_PERSONAL_PROJECT, &main.id)
            .await
            .unwrap();
        let databases: Vec<_> = contents.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(databases, ["neondb", "notes"]);
        assert!(contents.roles.iter().any(|r| r.name == "notes_app"));

        let err = detail::branch_contents(connections, &id, NEON_PERSONAL_PROJECT, "br-no-such-1")
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                ConnectError::Api(latchkey_core::net::ApiError::NotFound { .. })
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn connection_strings_are_masked_for_the_page_and_whole_for_the_clipboard() {
        let w = world("neon-strings").await;
        let (id, key) = connect(&w, "neon", Provider::Neon).await;
        let connections = w.connector.connections();
        let project = detail::project(connections, &id, NEON_PERSONAL_PROJECT)
            .await
            .unwrap();
        let (main, development) = (&project.branches[0], &project.branches[1]);
        let notes = choice(Some(&main.id), "notes", "notes_app");

        let shown = connection::masked(connections, &id, NEON_PERSONAL_PROJECT, &notes)
            .await
            .unwrap();
        assert!(
            shown.pooled.contains(&format!("notes_app:{MASK}@")),
            "{}",
            shown.pooled
        );
        assert!(shown.pooled.contains("-pooler."), "{}", shown.pooled);
        assert!(!shown.direct.contains("-pooler."), "{}", shown.direct);

        let whole =
            connection::connection_string(connections, &id, NEON_PERSONAL_PROJECT, &notes, true)
                .await
                .unwrap();
        let neon_says: serde_json::Value = reqwest::Client::new()
            .get(format!(
                "{}/api/v2/projects/{NEON_PERSONAL_PROJECT}/connection_uri?database_name=notes&role_name=notes_app&pooled=true&branch_id={}",
                w.sb.neon_base_url(),
                main.id
            ))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(whole.expose_secret(), neon_says["uri"].as_str().unwrap());
        assert!(!whole.expose_secret().contains(MASK));

        // Each branch is reached through its own compute.
        let dev = connection::masked(
            connections,
            &id,
            NEON_PERSONAL_PROJECT,
            &choice(Some(&development.id), "notes", "notes_app"),
        )
        .await
        .unwrap();
        let host = |uri: &str| url::Url::parse(uri).unwrap().host_str().unwrap().to_owned();
        assert_ne!(host(&dev.direct), host(&shown.direct));
        assert!(host(&dev.direct).starts_with(&development.computes[0].id));

        // .env: the pooled string as DATABASE_URL, the direct one beside it.
        let env = connection::env_text(connections, &id, NEON_PERSONAL_PROJECT, &notes, true)
            .await
            .unwrap();
        let env = env.expose_secret();
        assert!(
            env.contains(&format!("DATABASE_URL={}\n", whole.expose_secret())),
            "{env}"
        );
        assert!(
            env.contains("DATABASE_URL_UNPOOLED=postgresql://notes_app:"),
            "{env}"
        );
        assert!(
            env.contains("PGDATABASE=notes\nPGUSER=notes_app\n"),
            "{env}"
        );

        // A role the branch does not have: said as something to choose again.
        let err = connection::masked(
            connections,
            &id,
            NEON_PERSONAL_PROJECT,
            &choice(Some(&main.id), "notes", "nobody"),
        )
        .await
        .unwrap_err();
        assert_eq!(err.invalid_field(), Some("project"), "{err:?}");
    }

    #[tokio::test]
    async fn a_new_branch_has_its_own_compute_and_a_name_in_use_is_refused() {
        let w = world("neon-branch").await;
        let (id, _) = connect(&w, "neon", Provider::Neon).await;
        let connections = w.connector.connections();
        let request = |name: &str| NeonBranchRequest {
            name: name.into(),
            parent_id: None,
        };
        let made = detail::create_branch(
            connections,
            &id,
            NEON_PERSONAL_PROJECT,
            request("feature-x"),
        )
        .await
        .unwrap();
        assert_eq!(made.name, "feature-x");
        assert_eq!(made.computes.len(), 1, "made with a compute to connect to");
        let project = detail::project(connections, &id, NEON_PERSONAL_PROJECT)
            .await
            .unwrap();
        assert!(project.branches.iter().any(|b| b.id == made.id));
        let strings = connection::masked(
            connections,
            &id,
            NEON_PERSONAL_PROJECT,
            &choice(Some(&made.id), "neondb", "neondb_owner"),
        )
        .await
        .unwrap();
        assert!(
            strings.direct.contains(&made.computes[0].id),
            "{}",
            strings.direct
        );

        let again = detail::create_branch(
            connections,
            &id,
            NEON_PERSONAL_PROJECT,
            request("feature-x"),
        )
        .await
        .unwrap_err();
        assert!(again.to_string().contains("already exists"), "{again}");
    }
}

mod netlify_screens {
    use super::*;

    #[tokio::test]
    async fn a_site_shows_its_repository_and_its_failed_deploy_and_sites_group_by_account() {
        let w = world("netlify-site").await;
        let (id, _) = connect(&w, "netlify", Provider::Netlify).await;
        let connections = w.connector.connections();
        let shown = site::detail(connections, &id, NETLIFY_SITE_ADA_NOTES)
            .await
            .unwrap();
        assert_eq!(shown.name, "ada-notes-1");
        let repo = shown.repository.expect("built from a repository");
        assert!(repo.branch.is_some(), "{repo:?}");
        let latest = &shown.deploys[0];
        assert_eq!(latest.state, "error");
        assert_eq!(
            latest.error_message.as_deref(),
            Some(NETLIFY_FAILED_DEPLOY_MESSAGE)
        );
        assert!(shown.deploys[1..].iter().all(|d| d.error_message.is_none()));

        let link = site::site_link(connections, &id, NETLIFY_SITE_ADA_NOTES, SiteLink::Site)
            .await
            .unwrap();
        assert_eq!(link.as_str(), "https://ada-notes-1.netlify.app/");

        let err = site::detail(connections, &id, NETLIFY_SITE_BABBAGE)
            .await
            .unwrap_err();
        assert_eq!(
            err.invalid_field(),
            Some("site"),
            "a team Ada is not in: {err:?}"
        );

        let (sites, _) = connections.projects(&id, 0, 100).await.unwrap();
        let accounts: std::collections::BTreeSet<_> =
            sites.iter().filter_map(|s| s.group.clone()).collect();
        assert_eq!(accounts.len(), 2, "{accounts:?}");
    }

    #[tokio::test]
    async fn variables_are_listed_without_values_revealed_set_and_deleted() {
        let w = world("netlify-env").await;
        let (id, _) = connect(&w, "netlify", Provider::Netlify).await;
        let connections = w.connector.connections();
        let site = NETLIFY_SITE_ADA_NOTES;

        let listed = env_vars::list(connections, &id, site).await.unwrap();
        let stripe = listed
            .iter()
            .find(|v| v.key == "STRIPE_SECRET_KEY")
            .unwrap();
        assert!(stripe.is_secret);
        let json = serde_json::to_string(&listed).unwrap();
        assert!(!json.contains("\"value\""), "no value in the list: {json}");

        let err = env_vars::reveal(connections, &id, site, "STRIPE_SECRET_KEY")
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("key"), "{err:?}");

        let set = |key: &str, value: &str, context: &str, secret: bool| EnvVarSet {
            key: key.into(),
            value: value.into(),
            context: context.into(),
            secret,
        };
        let now = env_vars::set(
            connections,
            &id,
            site,
            set("API_URL", "https://prod.example", "production", false),
        )
        .await
        .unwrap();
        let api = now.iter().find(|v| v.key == "API_URL").expect("listed");
        assert_eq!(api.contexts, ["production"]);
        // The same key again: another context's value on the same variable.
        let now = env_vars::set(
            connections,
            &id,
            site,
            set(
                "API_URL",
                "https://preview.example",
                "deploy-preview",
                false,
            ),
        )
        .await
        .unwrap();
        let api = now.iter().find(|v| v.key == "API_URL").unwrap();
        assert_eq!(api.contexts, ["production", "deploy-preview"]);
        let values = env_vars::reveal(connections, &id, site, "API_URL")
            .await
            .unwrap();
        let pairs: Vec<_> = values
            .iter()
            .map(|v| (v.context.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("production", "https://prod.example"),
                ("deploy-preview", "https://preview.example")
            ]
        );

        // A secret one: kept, never revealed.
        let now = env_vars::set(
            connections,
            &id,
            site,
            set("SIGNING_KEY", "s3cret", "production", true),
        )
        .await
        .unwrap();
        assert!(now.iter().any(|v| v.key == "SIGNING_KEY" && v.is_secret));
        assert!(env_vars::reveal(connections, &id, site, "SIGNING_KEY")
            .await
            .is_err());

        let now = env_vars::delete(connections, &id, site, "API_URL")
            .await
            .unwrap();
        assert!(now.iter().all(|v| v.key != "API_URL"));
        let err = env_vars::delete(connections, &id, site, "API_URL")
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("key"), "{err:?}");
    }
}
