//! The engine against the sandbox over real loopback HTTP: the whole code
//! flow, Supabase's 201 and token rotation, 401 → refresh → retry, a revoked
//! grant, 429, 5xx, timeouts and a missing client secret.
//!
//! The "browser" here is a plain HTTP client that does what the consent page
//! does after an admin pre-approval: follow the authorize request to its 302.
//! (The E2E suite drives a real browser path through the OS.)

use std::sync::Arc;
use std::time::Duration;

use latchkey_core::channel::Channel;
use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::connections::metadata::{ConnectionMeta, ConnectionStatus};
use latchkey_core::connections::session::system_clock;
use latchkey_core::error::{AppError, ErrorCode};
use latchkey_core::net::api_error::ApiError;
use latchkey_core::net::HttpFailure;
use latchkey_core::oauth::token_client::{CodeExchange, TokenClient, TokenError};
use latchkey_core::providers::{supabase, ClientAuth, ProviderDefinition};
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{FaultRule, PreApprove, Sandbox, Seed};

mod common;
use common::approve_in_browser;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

struct World {
    sandbox: Sandbox,
    connector: Arc<Connector>,
    keychain: Keychain,
    def: ProviderDefinition,
    _dir: tempfile::TempDir,
}

async fn world(name: &str) -> World {
    world_with(name, latchkey_core::net::client()).await
}

async fn world_with(name: &str, http: reqwest::Client) -> World {
    world_seeded(name, Seed::demo(), http).await
}

async fn world_seeded(name: &str, seed: Seed, http: reqwest::Client) -> World {
    memory_store::install();
    let sandbox = Sandbox::builder()
        .seed(seed)
        .rate_limit_per_minute(10_000)
        .start()
        .await
        .expect("sandbox starts");
    let client = sandbox.demo_client();
    let mut def = supabase::definition()
        .with_origin(sandbox.base_url())
        .unwrap();
    def.client_id = client.id.clone();
    let keychain = Keychain::new(format!("test.sandbox.{name}"));
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        vec![def.clone()],
        keychain.clone(),
        dir.path(),
        http,
        system_clock(),
    );
    connector
        .secrets()
        .set(&def, &SecretString::from(client.secret.clone()))
        .await
        .unwrap();
    World {
        sandbox,
        connector: Arc::new(connector),
        keychain,
        def,
        _dir: dir,
    }
}

fn first_org(w: &World) -> (String, String) {
    w.sandbox
        .organizations_of(&w.sandbox.current_user())
        .into_iter()
        .next()
        .expect("the demo user has an org")
}

async fn connect(w: &World) -> ConnectionMeta {
    let (slug, _) = first_org(w);
    w.sandbox.pre_approve(PreApprove::org(&slug)).unwrap();
    let started = w
        .connector
        .sign_in()
        .start("supabase", Some(slug))
        .await
        .unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    assert_eq!(callback.scheme(), "dev.latchkey.debug");
    w.connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .expect("the code flow completes")
}

#[tokio::test]
async fn the_full_code_flow_connects_the_approved_organization_and_lists_its_projects() {
    let w = world("flow").await;
    let (slug, name) = first_org(&w);
    let meta = connect(&w).await;
    assert_eq!(meta.id.account, slug);
    assert_eq!(meta.account_name, name);
    assert_eq!(meta.status, ConnectionStatus::Connected);

    let stored = w
        .keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .expect("tokens in the keychain");
    assert!(
        stored.expose_secret().contains("sbp_oauth_"),
        "Supabase-shaped access token stored"
    );

    let (projects, total) = w
        .connector
        .connections()
        .projects(&meta.id, 0, 100)
        .await
        .unwrap();
    assert!(
        total > 0 && projects.len() as u64 == total,
        "{total} vs {}",
        projects.len()
    );
    assert_eq!(w.connector.connections().list().unwrap(), vec![meta]);
}

#[tokio::test]
async fn a_reloaded_callback_finds_no_flow_and_is_quiet() {
    let w = world("reload").await;
    let (slug, _) = first_org(&w);
    w.sandbox.pre_approve(PreApprove::org(&slug)).unwrap();
    let started = w.connector.sign_in().start("supabase", None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    w.connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .unwrap();
    let again = w
        .connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .unwrap_err();
    assert!(again.is_quiet(), "{again:?}");
}

#[tokio::test]
async fn a_denied_request_says_so_and_connects_nothing() {
    let w = world("deny").await;
    let (slug, _) = first_org(&w);
    w.sandbox
        .pre_approve(PreApprove::org(&slug).deny())
        .unwrap();
    let started = w.connector.sign_in().start("supabase", None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    let err = w
        .connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .unwrap_err();
    assert_eq!(AppError::from(err).code, ErrorCode::Denied);
    assert!(w.connector.connections().list().unwrap().is_empty());
}

#[tokio::test]
async fn a_callback_on_another_providers_path_cannot_complete_the_flow() {
    let w = world("mixup").await;
    let (slug, _) = first_org(&w);
    w.sandbox.pre_approve(PreApprove::org(&slug)).unwrap();
    let started = w.connector.sign_in().start("supabase", None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    let err = w
        .connector
        .sign_in()
        .complete("neon", &callback)
        .await
        .unwrap_err();
    assert!(
        err.is_quiet(),
        "not an answer for any waiting sign-in: ignored quietly, {err:?}"
    );
    // The real flow is still there for its own provider.
    w.connector
        .sign_in()
        .complete("supabase", &callback)
        .await
        .unwrap();
}

#[tokio::test]
async fn expired_tokens_are_refreshed_once_and_rotated_pairs_are_saved() {
    let w = world("rotate").await;
    let meta = connect(&w).await;
    let before = w
        .keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .unwrap();

    // The sandbox expires the access token: the next call gets 401, refreshes
    // (Supabase rotates both tokens) and retries.
    w.sandbox.expire_tokens(None);
    w.connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .expect("401 → refresh → retry");
    let after = w
        .keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        before.expose_secret(),
        after.expose_secret(),
        "the rotated pair is saved"
    );

    // The old refresh token is dead: Supabase answers 404.
    let old: serde_json::Value = serde_json::from_str(before.expose_secret()).unwrap();
    let old_refresh = SecretString::from(old["refresh_token"].as_str().unwrap().to_owned());
    let secret = w.connector.secrets().get(&w.def).await.unwrap();
    let err = TokenClient::default()
        .refresh(&w.def, secret.as_ref(), &old_refresh, 0)
        .await
        .unwrap_err();
    match &err {
        TokenError::Refused {
            failure:
                HttpFailure::Status {
                    status: 404,
                    message,
                    ..
                },
            ..
        } => assert_eq!(message.as_deref(), Some("No such refresh token found")),
        other => panic!("{other:?}"),
    }
    assert!(err.grant_is_dead());
}

#[tokio::test]
async fn a_hundred_concurrent_calls_with_expired_tokens_all_succeed() {
    // Two refreshes racing would present a rotated-away refresh token (404)
    // and end the connection: every call succeeding proves one flight.
    let w = world("flight").await;
    let meta = connect(&w).await;
    w.sandbox.expire_tokens(None);
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let connector = w.connector.clone();
            let id = meta.id.clone();
            tokio::spawn(async move { connector.connections().projects(&id, 0, 1).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("every concurrent call succeeds");
    }
}

#[tokio::test]
async fn a_revoked_grant_marks_the_connection_needs_reconnect_and_purges_tokens() {
    let w = world("revoked").await;
    let meta = connect(&w).await;
    assert!(w.sandbox.revoke_all_grants() >= 1);
    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert_eq!(AppError::from(err).code, ErrorCode::NeedsReconnect);
    let list = w.connector.connections().list().unwrap();
    assert_eq!(list[0].status, ConnectionStatus::NeedsReconnect);
    assert!(w
        .keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_wrong_client_secret_keeps_every_connection_and_says_so() {
    // M3: 401 "Invalid client credentials" on refresh is the client's fault,
    // not a dead grant. The tokens stay; fixing the secret is enough.
    let w = world("wrong-secret").await;
    let meta = connect(&w).await;
    let right = w.connector.secrets().get(&w.def).await.unwrap().unwrap();
    w.connector
        .secrets()
        .set(&w.def, &SecretString::from("sba_a-typo-in-settings"))
        .await
        .unwrap();
    w.sandbox.expire_tokens(None);

    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    let shown = AppError::from(err);
    assert_eq!(shown.code, ErrorCode::NotConfigured, "{shown:?}");
    assert!(
        shown.message.contains("client secret") && shown.message.contains("kept"),
        "{}",
        shown.message
    );
    assert!(
        w.keychain
            .get(&meta.id.keychain_account())
            .await
            .unwrap()
            .is_some(),
        "the grant's tokens are still in the keychain"
    );
    assert_eq!(
        w.connector.connections().list().unwrap()[0].status,
        ConnectionStatus::Connected,
        "no Reconnect is asked for"
    );

    // A proxy's own 400 page and a 5xx on the token endpoint keep it too.
    w.connector.secrets().set(&w.def, &right).await.unwrap();
    for status in [400, 502] {
        let fault = w
            .sandbox
            .add_fault(FaultRule::new("POST", "/v1/oauth/token").error(status))
            .unwrap();
        assert!(w
            .connector
            .connections()
            .projects(&meta.id, 0, 10)
            .await
            .is_err());
        w.sandbox.remove_fault(fault);
        assert!(w
            .keychain
            .get(&meta.id.keychain_account())
            .await
            .unwrap()
            .is_some());
    }

    // The right secret again: the same grant works, no new consent.
    let (projects, _) = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap();
    assert!(!projects.is_empty());
}

#[tokio::test]
async fn connecting_an_organization_again_revokes_the_grant_it_replaces() {
    // I8: the provider must not keep an orphaned grant per reconnect.
    let w = world("reconnect").await;
    let first = connect(&w).await;
    let second = connect(&w).await;
    assert_eq!(first.id, second.id, "the same connection");
    let grants = w.sandbox.grants();
    assert_eq!(grants.len(), 2);
    assert_eq!(
        grants.iter().filter(|g| g.revoked_at.is_some()).count(),
        1,
        "the first grant is revoked, the new one is live: {grants:?}"
    );
    let (projects, _) = w
        .connector
        .connections()
        .projects(&second.id, 0, 10)
        .await
        .unwrap();
    assert!(!projects.is_empty(), "the new grant works");
    assert_eq!(w.connector.connections().list().unwrap().len(), 1);
}

#[tokio::test]
async fn disconnect_revokes_on_the_server_and_forgets_locally() {
    let w = world("disconnect").await;
    let meta = connect(&w).await;
    assert!(w
        .connector
        .connections()
        .disconnect(&meta.id)
        .await
        .unwrap());
    assert!(
        w.sandbox.grants().iter().all(|g| g.revoked_at.is_some()),
        "the sandbox saw the revoke"
    );
    assert!(w
        .keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .is_none());
    assert!(w.connector.connections().list().unwrap().is_empty());
}

#[tokio::test]
async fn disconnect_works_even_when_the_revoke_fails() {
    let w = world("disconnect-offline").await;
    let meta = connect(&w).await;
    w.sandbox
        .add_fault(FaultRule::new("POST", "/v1/oauth/revoke").error(503))
        .unwrap();
    assert!(w
        .connector
        .connections()
        .disconnect(&meta.id)
        .await
        .unwrap());
    assert!(w.connector.connections().list().unwrap().is_empty());
}

#[tokio::test]
async fn rate_limits_and_server_errors_become_errors_a_user_can_act_on() {
    let w = world("faults").await;
    let meta = connect(&w).await;
    let projects = "/v1/organizations/*/projects";
    let id = w
        .sandbox
        .add_fault(FaultRule::new("GET", projects).force_rate_limit())
        .unwrap();
    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ConnectError::Api(ApiError::RateLimited { retry_after }) if retry_after > 0),
        "{err:?}"
    );
    assert_eq!(AppError::from(err).code, ErrorCode::RateLimited);
    w.sandbox.remove_fault(id);

    w.sandbox
        .add_fault(FaultRule::new("GET", projects).error(503))
        .unwrap();
    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ConnectError::Api(ApiError::Server { status: 503 })),
        "{err:?}"
    );
    w.sandbox.clear_faults();
    assert_eq!(
        w.connector.connections().list().unwrap()[0].status,
        ConnectionStatus::Connected,
        "transient errors keep the connection"
    );
}

#[tokio::test]
async fn a_hung_server_times_out_and_a_dropped_connection_is_a_network_error() {
    let http = latchkey_core::net::client_with_timeout(Duration::from_millis(500));
    let w = world_with("timeout", http).await;
    let meta = connect(&w).await;
    let projects = "/v1/organizations/*/projects";
    let id = w
        .sandbox
        .add_fault(FaultRule::new("GET", projects).latency(Duration::from_secs(5)))
        .unwrap();
    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ConnectError::Api(ApiError::Network(HttpFailure::Timeout))
        ),
        "{err:?}"
    );
    w.sandbox.remove_fault(id);

    w.sandbox
        .add_fault(FaultRule::new("GET", projects).drop_connection())
        .unwrap();
    let err = w
        .connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert_eq!(AppError::from(err).code, ErrorCode::Network);
}

#[tokio::test]
async fn a_token_request_without_the_client_secret_is_refused_with_supabases_message() {
    let w = world("no-secret").await;
    let (slug, _) = first_org(&w);
    w.sandbox.pre_approve(PreApprove::org(&slug)).unwrap();
    let started = w.connector.sign_in().start("supabase", None).await.unwrap();
    let callback = approve_in_browser(&started.authorize_url).await;
    let code = callback
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();

    let mut public = w.def.clone();
    public.client_auth = ClientAuth::None;
    let redirect = Url::parse("dev.latchkey.debug:/oauth/supabase").unwrap();
    let err = TokenClient::default()
        .exchange_code(
            &public,
            None,
            CodeExchange {
                code: SecretString::from(code),
                redirect_uri: &redirect,
                verifier: None,
            },
            0,
        )
        .await
        .unwrap_err();
    match err {
        TokenError::Refused {
            failure:
                HttpFailure::Status {
                    status: 422,
                    message,
                    ..
                },
            ..
        } => assert_eq!(
            message.as_deref(),
            Some("Required parameter: client_secret")
        ),
        other => panic!("{other:?}"),
    }
}

// ---- Managing projects and Auth SMTP (issue: manage Supabase) ----

mod manage {
    use super::*;
    use latchkey_core::providers::supabase::manage::{
        self, create, smtp, CreateProjectRequest, SmtpUpdate,
    };

    fn request(name: &str) -> CreateProjectRequest {
        CreateProjectRequest {
            name: name.into(),
            region_code: "eu-west-1".into(),
            region_kind: "specific".into(),
            instance_size: None,
            db_password: None,
        }
    }

    async fn count_named(
        w: &World,
        id: &latchkey_core::connections::ConnectionId,
        name: &str,
    ) -> usize {
        let (projects, _) = w
            .connector
            .connections()
            .projects(id, 0, 100)
            .await
            .unwrap();
        projects.iter().filter(|p| p.name == name).count()
    }

    #[tokio::test]
    async fn a_created_project_comes_up_and_its_generated_password_is_in_the_keychain() {
        let w = world("create").await;
        w.sandbox.set_activation_delay(Duration::from_millis(300));
        let meta = connect(&w).await;
        let created =
            create::create_project(w.connector.connections(), &meta.id, request("fresh-app"))
                .await
                .unwrap();
        assert_eq!(created.project.status, "COMING_UP");
        assert!(!created.confirmed_by_listing);
        let password = created.generated_password.expect("Latchkey generated it");
        assert!(created.password_saved);
        let stored = w
            .keychain
            .get(&create::password_account(&created.project.reference))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.expose_secret(), password);

        let mut status = String::new();
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let detail = manage::project_detail(
                w.connector.connections(),
                &meta.id,
                &created.project.reference,
            )
            .await
            .unwrap();
            status = detail.status.clone();
            if status == "ACTIVE_HEALTHY" {
                assert!(detail.database_host.is_some());
                assert!(
                    detail.health.iter().any(|h| h.name == "db"),
                    "{:?}",
                    detail.health
                );
                break;
            }
        }
        assert_eq!(status, "ACTIVE_HEALTHY");
    }

    /// The same connection, reached through a proxy that loses the answer
    /// to POST /v1/projects in a timeout (the project is created).
    async fn through_late_proxy(
        w: &World,
        http: reqwest::Client,
    ) -> (Connector, tempfile::TempDir) {
        let proxied = latchkey_sandbox::late_proxy::late_answers(
            w.sandbox.addr(),
            "POST /v1/projects ",
            Duration::from_secs(2),
        )
        .await
        .unwrap();
        let def = w.def.clone().with_origin(&proxied).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let through_proxy = Connector::new(
            Channel::Debug,
            vec![def],
            w.keychain.clone(),
            dir.path(),
            http,
            system_clock(),
        );
        std::fs::copy(
            w._dir.path().join("connections.json"),
            dir.path().join("connections.json"),
        )
        .unwrap();
        (through_proxy, dir)
    }

    #[tokio::test]
    async fn a_name_the_organization_already_uses_is_refused_before_anything_is_sent() {
        // Issue 13: Supabase refuses a second project of the same name in
        // an organization. The form gets the error on its name field, no
        // second project appears, and the first keeps its saved password.
        let w = world("create-namesake").await;
        let meta = connect(&w).await;
        let older = create::create_project(w.connector.connections(), &meta.id, request("web"))
            .await
            .unwrap();
        let older_password = older.generated_password.clone().unwrap();
        for again in ["web", " WEB "] {
            let err = create::create_project(w.connector.connections(), &meta.id, request(again))
                .await
                .unwrap_err();
            assert_eq!(err.invalid_field(), Some("name"), "{again:?}: {err:?}");
            assert!(err.to_string().contains("already exists"), "{err}");
        }
        assert_eq!(count_named(&w, &meta.id, "web").await, 1);
        let saved = w
            .keychain
            .get(&create::password_account(&older.project.reference))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.expose_secret(), older_password);
    }

    #[tokio::test]
    async fn a_timeout_on_create_never_makes_two_projects() {
        let http = latchkey_core::net::client_with_timeout(Duration::from_millis(500));
        let w = world_with("create-timeout", http.clone()).await;
        let meta = connect(&w).await;

        let (through_proxy, _dir) = through_late_proxy(&w, http).await;

        let created =
            create::create_project(through_proxy.connections(), &meta.id, request("slow-app"))
                .await
                .unwrap();
        assert!(
            created.confirmed_by_listing,
            "found by listing, not by a second POST"
        );
        assert_eq!(
            count_named(&w, &meta.id, "slow-app").await,
            1,
            "exactly one project"
        );
    }

    #[tokio::test]
    async fn a_create_that_never_reached_the_server_says_so_and_makes_none() {
        let http = latchkey_core::net::client_with_timeout(Duration::from_millis(400));
        let w = world_with("create-dropped", http).await;
        let meta = connect(&w).await;
        w.sandbox
            .add_fault(FaultRule::new("POST", "/v1/projects").drop_connection())
            .unwrap();
        let err = create::create_project(w.connector.connections(), &meta.id, request("lost-app"))
            .await
            .unwrap_err();
        assert!(matches!(err, ConnectError::Unconfirmed(_)), "{err:?}");
        assert_eq!(count_named(&w, &meta.id, "lost-app").await, 0);
    }

    #[tokio::test]
    async fn invalid_input_is_refused_before_sending_and_the_api_names_its_field() {
        let w = world("create-invalid").await;
        let meta = connect(&w).await;
        let err = create::create_project(w.connector.connections(), &meta.id, request("  "))
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("name"), "{err:?}");
        let bad_region = CreateProjectRequest {
            region_code: "xx-moon-1".into(),
            ..request("moon")
        };
        let err = create::create_project(w.connector.connections(), &meta.id, bad_region)
            .await
            .unwrap_err();
        assert!(
            matches!(
                &err,
                ConnectError::Api(ApiError::Invalid { status: 400, .. })
            ),
            "{err:?}"
        );
        assert_eq!(count_named(&w, &meta.id, "moon").await, 0);
    }

    #[tokio::test]
    async fn regions_list_recommended_first() {
        let w = world("regions").await;
        let meta = connect(&w).await;
        let regions = create::regions(w.connector.connections(), &meta.id)
            .await
            .unwrap();
        assert!(regions.len() > 3);
        assert!(regions[0].recommended);
        assert!(regions.iter().any(|r| r.kind == "smartGroup"));
    }

    #[tokio::test]
    async fn smtp_sends_exactly_the_submitted_fields_and_never_reads_the_password_back() {
        let w = world("smtp").await;
        let meta = connect(&w).await;
        let (projects, _) = w
            .connector
            .connections()
            .projects(&meta.id, 0, 1)
            .await
            .unwrap();
        let reference = projects[0].reference.clone();
        let form = SmtpUpdate {
            host: "smtp.example.com".into(),
            port: "587".into(),
            user: "mailer".into(),
            password: Some("smtp-secret".into()),
            sender_name: "Example".into(),
            admin_email: "no-reply@example.com".into(),
            max_frequency: Some(60),
            rate_limit_email_sent: Some(100),
        };
        let saved = smtp::update(
            w.connector.connections(),
            &meta.id,
            &reference,
            form.clone(),
        )
        .await
        .unwrap();
        assert!(saved.enabled);
        assert_eq!(saved.port, "587");
        let patches = w.sandbox.auth_config_patches();
        let last = serde_json::to_value(patches.last().expect("one PATCH")).unwrap();
        let body = last.get("body").cloned().unwrap_or(last.clone());
        assert_eq!(
            body.as_object().map(|o| o.len()),
            Some(8),
            "exactly the SMTP group with the password: {body}"
        );
        assert_eq!(body["smtp_pass"], "smtp-secret");

        // Unchanged password: left out of the PATCH, still saved.
        let again = smtp::update(
            w.connector.connections(),
            &meta.id,
            &reference,
            SmtpUpdate {
                password: None,
                ..form
            },
        )
        .await
        .unwrap();
        assert!(again.enabled);
        let last = serde_json::to_value(w.sandbox.auth_config_patches().last().unwrap()).unwrap();
        let body = last.get("body").cloned().unwrap_or(last.clone());
        assert!(body.get("smtp_pass").is_none(), "{body}");

        let off = smtp::disable(w.connector.connections(), &meta.id, &reference)
            .await
            .unwrap();
        assert!(!off.enabled);
    }
}

mod at_scale {
    use super::*;
    use latchkey_core::manage::project_list::ProjectListCache;

    #[tokio::test]
    async fn two_thousand_projects_are_fetched_in_pages_and_cached() {
        let w = world_seeded(
            "scale",
            Seed::generate(1, 2000, 7),
            latchkey_core::net::client(),
        )
        .await;
        let meta = connect(&w).await;

        let cache = ProjectListCache::default();
        let list = cache
            .get(w.connector.connections(), &meta.id, false, 100)
            .await
            .unwrap();
        assert_eq!(list.projects.len(), 2000);
        let refs: std::collections::HashSet<_> =
            list.projects.iter().map(|p| &p.reference).collect();
        assert_eq!(refs.len(), 2000, "no project twice");

        // Served from memory until refreshed.
        w.sandbox.revoke_all_grants();
        let cached = cache
            .get(w.connector.connections(), &meta.id, false, 200)
            .await
            .unwrap();
        assert_eq!(cached.fetched_at, 100);
        assert!(
            cache
                .get(w.connector.connections(), &meta.id, true, 300)
                .await
                .is_err(),
            "a refresh goes to the API"
        );
    }
}

mod keys {
    use super::*;
    use latchkey_core::providers::supabase::manage::api_keys;

    #[tokio::test]
    async fn keys_are_listed_hidden_revealed_on_request_and_copied_as_env() {
        let w = world("keys").await;
        let meta = connect(&w).await;
        let (projects, _) = w
            .connector
            .connections()
            .projects(&meta.id, 0, 1)
            .await
            .unwrap();
        let reference = projects[0].reference.clone();
        let keys = api_keys::list(w.connector.connections(), &meta.id, &reference)
            .await
            .unwrap();
        assert!(
            keys.iter().any(|k| k.kind == "secret") && keys.iter().any(|k| k.kind == "publishable")
        );
        assert!(keys.iter().all(|k| k.hidden.ends_with('•')));

        let publishable = keys.iter().find(|k| k.kind == "publishable").unwrap();
        let value = api_keys::reveal(
            w.connector.connections(),
            &meta.id,
            &reference,
            &publishable.id,
        )
        .await
        .unwrap();
        assert!(!value.contains('•'), "revealed in full");

        // M1: a secret key never goes to the page, whatever it asks for; it
        // is copied (by the caller, from Rust) only after a confirmation.
        for secret in keys.iter().filter(|k| k.kind == "secret") {
            let refused =
                api_keys::reveal(w.connector.connections(), &meta.id, &reference, &secret.id)
                    .await
                    .unwrap_err();
            assert_eq!(
                refused.invalid_field(),
                Some("key"),
                "{} must not be revealed: {refused:?}",
                secret.name
            );
            let unconfirmed = api_keys::copy_value(
                w.connector.connections(),
                &meta.id,
                &reference,
                &secret.id,
                false,
            )
            .await
            .unwrap_err();
            assert_eq!(unconfirmed.invalid_field(), Some("confirmed"));
            let copied = api_keys::copy_value(
                w.connector.connections(),
                &meta.id,
                &reference,
                &secret.id,
                true,
            )
            .await
            .unwrap();
            assert!(
                !copied.expose_secret().contains('•'),
                "the full value, for the clipboard"
            );
        }
        // The ids tell apart keys that share a name ("default").
        let ids: std::collections::HashSet<_> = keys.iter().map(|k| &k.id).collect();
        assert_eq!(ids.len(), keys.len());

        let env = api_keys::env_file(w.connector.connections(), &meta.id, &reference, false)
            .await
            .unwrap();
        assert!(env.starts_with(&format!("SUPABASE_URL=https://{reference}.supabase.co\n")));
        assert!(env.contains("SUPABASE_ANON_KEY="));
        assert!(
            !env.contains("SERVICE_ROLE"),
            "the secret key only after confirmation"
        );
        let with_secret = api_keys::env_file(w.connector.connections(), &meta.id, &reference, true)
            .await
            .unwrap();
        assert!(
            with_secret.contains("SUPABASE_SERVICE_ROLE_KEY=") && !with_secret.contains('•'),
            "{with_secret}"
        );
        assert!(
            !with_secret.contains("DATABASE_URL"),
            "no database password is saved yet"
        );

        // With a saved database password, the secret variables include the
        // connection string (the password percent-encoded); without
        // --with-secret, never.
        use latchkey_core::providers::supabase::manage::{db_password, endpoints};
        db_password::connection_string(
            w.connector.connections(),
            &meta.id,
            &reference,
            endpoints::DatabaseRoute::Direct,
            Some("p@ss word".into()),
            true,
            false,
        )
        .await
        .unwrap();
        let with_db = api_keys::env_file(w.connector.connections(), &meta.id, &reference, true)
            .await
            .unwrap();
        assert!(
            with_db.contains(&format!(
                "DATABASE_URL=postgresql://postgres:p%40ss%20word@db.{reference}.supabase.co:5432/postgres\n"
            )),
            "{with_db}"
        );
        let without = api_keys::env_file(w.connector.connections(), &meta.id, &reference, false)
            .await
            .unwrap();
        assert!(!without.contains("DATABASE_URL"), "{without}");
    }
}

mod poolers {
    use super::*;
    use latchkey_core::providers::supabase::manage::{
        db_password, endpoints::DatabaseRoute, project_detail,
    };

    /// Issue 13: the session and transaction pooler strings beside the
    /// direct one, from the pooler configuration endpoint; a paused project
    /// has none, and asking for one says so.
    #[tokio::test]
    async fn an_active_project_has_both_poolers_and_a_paused_one_only_the_direct_route() {
        let w = world("poolers").await;
        let meta = connect(&w).await;
        let (projects, _) = w
            .connector
            .connections()
            .projects(&meta.id, 0, 100)
            .await
            .unwrap();
        let active = projects
            .iter()
            .find(|p| p.status == "ACTIVE_HEALTHY")
            .unwrap();
        let paused = projects.iter().find(|p| p.status == "INACTIVE").unwrap();
        let connections = w.connector.connections();

        let detail = project_detail(connections, &meta.id, &active.reference)
            .await
            .unwrap();
        let routes: Vec<DatabaseRoute> = detail.endpoints.iter().map(|e| e.route).collect();
        assert_eq!(
            routes,
            [
                DatabaseRoute::Direct,
                DatabaseRoute::SessionPooler,
                DatabaseRoute::TransactionPooler
            ],
            "{:?}",
            detail.pooler_problem
        );
        let region = active.region.clone().unwrap();
        let host = format!("aws-0-{region}.pooler.supabase.com");
        assert_eq!(
            detail.endpoints[2].template,
            format!(
                "postgresql://postgres.{}:[DB-PASSWORD]@{host}:6543/postgres",
                active.reference
            )
        );
        assert!(detail.endpoints[1]
            .template
            .contains(&format!("@{host}:5432/")));

        let copied = db_password::connection_string(
            connections,
            &meta.id,
            &active.reference,
            DatabaseRoute::TransactionPooler,
            Some("p@ss word".into()),
            true,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            copied.expose_secret(),
            &format!(
                "postgresql://postgres.{}:p%40ss%20word@{host}:6543/postgres",
                active.reference
            )
        );

        let detail = project_detail(connections, &meta.id, &paused.reference)
            .await
            .unwrap();
        assert_eq!(detail.endpoints.len(), 1, "a paused project has no pooler");
        let err = db_password::connection_string(
            connections,
            &meta.id,
            &paused.reference,
            DatabaseRoute::SessionPooler,
            Some("pw".into()),
            false,
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(err.invalid_field(), Some("route"), "{err:?}");
    }
}
