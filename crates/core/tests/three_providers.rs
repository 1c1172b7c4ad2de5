//! The same engine connects Neon and Netlify, through their sandbox
//! emulators, and a callback for one provider never completes another's flow.

use std::sync::Arc;

use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::connections::session::system_clock;
use latchkey_core::providers::{neon, netlify, supabase, ProviderDefinition};
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{Decision, Provider, Sandbox, Seed};
use secrecy::SecretString;

mod common;
use common::approve_in_browser;

async fn setup(name: &str) -> (Sandbox, Arc<Connector>, tempfile::TempDir) {
    memory_store::install();
    let sb = Sandbox::builder().seed(Seed::demo()).start().await.unwrap();
    let defs: Vec<(ProviderDefinition, String)> = vec![
        (
            supabase::definition().with_origin(sb.base_url()).unwrap(),
            sb.demo_client().secret,
        ),
        (
            neon::definition().with_origin(&sb.neon_base_url()).unwrap(),
            sb.neon_demo_client().secret,
        ),
        (
            netlify::definition()
                .with_origin(&sb.netlify_base_url())
                .unwrap(),
            sb.netlify_demo_client().secret,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        defs.iter().map(|(d, _)| d.clone()).collect(),
        Keychain::new(format!("test.three.{name}")),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    for (def, secret) in &defs {
        connector
            .secrets()
            .set(def, &SecretString::from(secret.clone()))
            .await
            .unwrap();
    }
    (sb, Arc::new(connector), dir)
}

async fn connect(
    sb: &Sandbox,
    connector: &Connector,
    provider: &str,
    which: Provider,
) -> ConnectionMeta {
    sb.pre_approve_provider(which, Decision::Approve);
    let started = connector.sign_in().start(provider, None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    assert_eq!(
        callback.as_str().split('?').next().unwrap(),
        format!("dev.latchkey.debug:/oauth/{provider}")
    );
    connector
        .sign_in()
        .complete(provider, &callback)
        .await
        .expect("connected")
}

#[tokio::test]
async fn neon_connects_with_pkce_and_lists_every_project() {
    let (sb, connector, _dir) = setup("neon").await;
    let meta = connect(&sb, &connector, "neon", Provider::Neon).await;
    assert_eq!(meta.id.provider, "neon");
    let granted = meta
        .granted_scopes
        .clone()
        .expect("Neon says what it granted");
    assert!(
        granted.iter().any(|s| s == "urn:neoncloud:projects:read"),
        "{granted:?}"
    );
    let detail = connector.connections().detail(&meta.id).await.unwrap();
    assert!(
        detail.refreshes && detail.expires_at.is_some(),
        "{detail:?}"
    );
    assert!(meta.user.as_deref().unwrap_or_default().contains('@'));
    let (projects, total) = connector
        .connections()
        .projects(&meta.id, 0, 100)
        .await
        .unwrap();
    assert_eq!(projects.len() as u64, total);
    assert!(total >= 3, "personal and organization projects: {total}");
    let orgs = connector.connections().groups(&meta.id).await.unwrap();
    assert!(orgs.len() >= 2, "{orgs:?}");

    // `lk env pull`: the PG variables, and the connection strings (they
    // carry the password) only when secrets are asked for.
    let env_file = connector
        .registry()
        .get("neon")
        .unwrap()
        .env_file()
        .expect("Neon projects have variables");
    let project = &projects[0].reference;
    let plain = env_file(connector.connections(), &meta.id, project, false)
        .await
        .unwrap();
    assert!(
        plain.contains("PGHOST=ep-") && plain.contains("PGDATABASE=neondb\n"),
        "{plain}"
    );
    assert!(!plain.contains("postgresql://"), "no password: {plain}");
    let secret = env_file(connector.connections(), &meta.id, project, true)
        .await
        .unwrap();
    assert!(
        secret.contains("DATABASE_URL=postgresql://neondb_owner:"),
        "{secret}"
    );
    assert!(
        secret.contains("-pooler."),
        "DATABASE_URL goes through the pooler: {secret}"
    );
    assert!(
        secret.contains("DATABASE_URL_UNPOOLED=postgresql://"),
        "{secret}"
    );
    let err = env_file(
        connector.connections(),
        &meta.id,
        "no-such-project-1",
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(err.invalid_field(), Some("project"), "{err}");
}

#[tokio::test]
async fn netlify_connects_without_pkce_or_refresh_and_lists_sites() {
    let (sb, connector, _dir) = setup("netlify").await;
    let meta = connect(&sb, &connector, "netlify", Provider::Netlify).await;
    assert_eq!(meta.id.provider, "netlify");
    let (sites, total) = connector
        .connections()
        .projects(&meta.id, 0, 100)
        .await
        .unwrap();
    assert_eq!(sites.len() as u64, total);
    assert!(total > 0);
    assert!(sites
        .iter()
        .all(|s| !s.reference.is_empty() && !s.name.is_empty()));

    // `lk env pull` for a site: its id for the Netlify CLI, by id or name;
    // a site the account does not have is refused.
    let env_file = connector
        .registry()
        .get("netlify")
        .unwrap()
        .env_file()
        .expect("Netlify sites have variables");
    for by in [&sites[0].reference, &sites[0].name] {
        let env = env_file(connector.connections(), &meta.id, by, false)
            .await
            .unwrap();
        assert_eq!(env, format!("NETLIFY_SITE_ID={}\n", sites[0].reference));
    }
    let err = env_file(connector.connections(), &meta.id, "no-such-site", false)
        .await
        .unwrap_err();
    assert_eq!(err.invalid_field(), Some("project"), "{err}");
}

#[tokio::test]
async fn a_callback_for_one_provider_never_completes_anothers_flow() {
    let (sb, connector, _dir) = setup("mixup").await;
    sb.pre_approve_provider(Provider::Neon, Decision::Approve);
    let neon_flow = connector.sign_in().start("neon", None).await.unwrap();
    let _netlify_flow = connector.sign_in().start("netlify", None).await.unwrap();
    let neon_answer = approve_in_browser(&neon_flow.authorize_url).await;

    // Neon's answer presented on Netlify's path: its state is bound to Neon.
    let err = connector
        .sign_in()
        .complete("netlify", &neon_answer)
        .await
        .unwrap_err();
    assert!(err.is_quiet(), "{err:?}");
    // And Neon's own flow is still there to complete.
    let meta = connector
        .sign_in()
        .complete("neon", &neon_answer)
        .await
        .unwrap();
    assert_eq!(meta.id.provider, "neon");
}

#[tokio::test]
async fn all_three_sit_together() {
    let (sb, connector, _dir) = setup("together").await;
    let (slug, _) = sb.organizations_of(&sb.current_user()).remove(0);
    sb.pre_approve(latchkey_sandbox::PreApprove::org(&slug))
        .unwrap();
    let started = connector.sign_in().start("supabase", None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .unwrap();
    connect(&sb, &connector, "neon", Provider::Neon).await;
    connect(&sb, &connector, "netlify", Provider::Netlify).await;
    let providers: Vec<String> = connector
        .connections()
        .list()
        .unwrap()
        .into_iter()
        .map(|c| c.id.provider)
        .collect();
    for p in ["supabase", "neon", "netlify"] {
        assert!(providers.contains(&p.to_string()), "{providers:?}");
    }
}

#[tokio::test]
async fn a_neon_project_is_created_in_an_organization() {
    use latchkey_core::providers::neon::manage::{self as neon_manage, NeonCreateRequest};
    let (sb, connector, _dir) = setup("neon-create").await;
    let meta = connect(&sb, &connector, "neon", Provider::Neon).await;
    let options = neon_manage::options(connector.connections(), &meta.id)
        .await
        .unwrap();
    assert!(!options.organizations.is_empty() && !options.regions.is_empty());
    let (org_id, _) = options.organizations[0].clone();
    let created = neon_manage::create_project(
        connector.connections(),
        &meta.id,
        NeonCreateRequest {
            name: "from-latchkey".into(),
            region_id: options.regions[0].0.clone(),
            pg_version: 17,
            org_id: Some(org_id),
        },
    )
    .await
    .unwrap();
    assert_eq!(created.name, "from-latchkey");
    let (projects, _) = connector
        .connections()
        .projects(&meta.id, 0, 100)
        .await
        .unwrap();
    assert_eq!(
        projects
            .iter()
            .filter(|p| p.name == "from-latchkey")
            .count(),
        1
    );

    let invalid = NeonCreateRequest {
        name: " ".into(),
        region_id: "x".into(),
        pg_version: 17,
        org_id: None,
    };
    assert!(
        neon_manage::create_project(connector.connections(), &meta.id, invalid)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn netlifys_implicit_grant_works_only_when_turned_on() {
    let (sb, _connector, dir) = setup("implicit").await;
    let mut def = netlify::definition()
        .with_origin(&sb.netlify_base_url())
        .unwrap();
    def.implicit_grant = true;
    let connector = Connector::new(
        Channel::Debug,
        vec![def],
        Keychain::new("test.three.implicit-on"),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    sb.pre_approve_provider(Provider::Netlify, Decision::Approve);
    let started = connector.sign_in().start("netlify", None).await.unwrap();
    assert!(started
        .authorize_url
        .as_str()
        .contains("response_type=token"));
    let answer = approve_in_browser(&started.authorize_url).await;
    assert!(answer
        .fragment()
        .unwrap_or_default()
        .contains("access_token="));
    let meta = connector
        .sign_in()
        .complete("netlify", &answer)
        .await
        .expect("implicit connect");
    let (sites, _) = connector
        .connections()
        .projects(&meta.id, 0, 100)
        .await
        .unwrap();
    assert!(!sites.is_empty());

    // The same kind of answer on a code-flow setup is refused.
    let (sb2, code_flow, _dir2) = setup("implicit-off").await;
    sb2.pre_approve_provider(Provider::Netlify, Decision::Approve);
    let own = code_flow.sign_in().start("netlify", None).await.unwrap();
    // Another flow's implicit answer is no answer to this one: ignored.
    let err = code_flow
        .sign_in()
        .complete("netlify", &answer)
        .await
        .unwrap_err();
    assert!(err.is_quiet(), "{err}");
    // Its own state with a token in the fragment: refused, loudly.
    let state = own
        .authorize_url
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let mut smuggled = answer.clone();
    smuggled.set_query(Some(&format!("code=x&state={state}")));
    let err = code_flow
        .sign_in()
        .complete("netlify", &smuggled)
        .await
        .unwrap_err();
    assert!(format!("{err}").contains("fragment"), "{err}");
    assert!(code_flow.connections().list().unwrap().is_empty());
}
