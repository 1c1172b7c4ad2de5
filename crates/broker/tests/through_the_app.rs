//! The app's engine (latchkey-core) signing in, refreshing and
//! disconnecting through the broker with no client secret anywhere on the
//! app's side; the broker stopped mid-way, then started again.

use latchkey_core::channel::Channel;
use latchkey_core::connect::{ConnectError, Connector, TokenPath};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::connections::session::system_clock;
use latchkey_core::oauth::token_client::TokenError;
use latchkey_core::providers::ProviderDefinition;
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{Decision, Provider, Sandbox};
use url::Url;

mod common;

fn app(
    name: &str,
    sb: &Sandbox,
    broker: &str,
) -> (
    Connector,
    Vec<(ProviderDefinition, Provider)>,
    tempfile::TempDir,
) {
    memory_store::install();
    let defs: Vec<(ProviderDefinition, Provider)> = common::providers(sb)
        .into_iter()
        .map(|(def, _secret, which)| (def.with_broker(broker).unwrap(), which))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        defs.iter().map(|(d, _)| d.clone()).collect(),
        Keychain::new(format!("test.broker.{name}")),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    (connector, defs, dir)
}

async fn approve(authorize: &Url) -> Url {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http.get(authorize.clone()).send().await.unwrap();
    assert_eq!(response.status(), 302);
    Url::parse(response.headers()["location"].to_str().unwrap()).unwrap()
}

async fn connect(sb: &Sandbox, connector: &Connector, id: &str, which: Provider) -> ConnectionMeta {
    sb.pre_approve_provider(which, Decision::Approve);
    let started = connector
        .sign_in()
        .start(id, None)
        .await
        .expect("no secret is asked for");
    let answer = approve(&started.authorize_url).await;
    connector
        .sign_in()
        .complete(id, &answer)
        .await
        .unwrap_or_else(|e| panic!("{id} connects through the broker: {e}"))
}

#[tokio::test]
async fn all_three_providers_connect_refresh_and_disconnect_with_no_secret_in_the_app() {
    let sb = common::sandbox().await;
    let broker = latchkey_broker::Running::start(common::config(&sb, ""))
        .await
        .unwrap();
    let (connector, defs, _dir) = app("all", &sb, &broker.url());

    for setting in connector.settings().await.unwrap() {
        assert_eq!(
            setting.token_path,
            TokenPath::Broker {
                url: format!("{}/", broker.url())
            },
            "{}",
            setting.id
        );
    }
    for (def, which) in &defs {
        let meta = connect(&sb, &connector, &def.id, *which).await;
        let (_, total) = connector
            .connections()
            .projects(&meta.id, 0, 10)
            .await
            .unwrap();
        assert!(total > 0, "{}", def.id);
        if def.refresh {
            let before = connector
                .connections()
                .fresh_access_token(&meta.id)
                .await
                .unwrap();
            assert!(sb.expire_provider_tokens(*which) > 0);
            let after = connector
                .connections()
                .fresh_access_token(&meta.id)
                .await
                .unwrap();
            use secrecy::ExposeSecret;
            assert_ne!(
                before.expose_secret(),
                after.expose_secret(),
                "{} renewed",
                def.id
            );
        }
        assert!(connector.connections().disconnect(&meta.id).await.unwrap());
        // The app never had a secret, and never stored one.
        assert!(connector.secrets().get(def).await.unwrap().is_none());
    }
    let supabase_grants = sb.grants();
    assert!(!supabase_grants.is_empty());
    assert!(
        supabase_grants.iter().all(|g| g.revoked_at.is_some()),
        "disconnect revoked through the broker: {supabase_grants:?}"
    );
    broker.stop().await;
}

#[tokio::test]
async fn a_stopped_broker_loses_no_connection_and_a_restarted_one_carries_on() {
    let sb = common::sandbox().await;
    let broker = latchkey_broker::Running::start(common::config(&sb, ""))
        .await
        .unwrap();
    let addr = broker.addr();
    let (connector, _defs, _dir) = app("stopped", &sb, &broker.url());
    let meta = connect(&sb, &connector, "supabase", Provider::Supabase).await;

    broker.stop().await;
    sb.expire_provider_tokens(Provider::Supabase);
    let err = connector
        .connections()
        .fresh_access_token(&meta.id)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ConnectError::Token(TokenError::BrokerUnreachable { .. })
        ),
        "{err:?}"
    );
    let message = latchkey_core::error::AppError::from(err).message;
    assert!(
        message.contains("sign-in service") && message.contains("kept"),
        "{message}"
    );
    let listed = connector.connections().list().unwrap();
    assert_eq!(listed.len(), 1, "the connection is kept");

    let mut config = common::config(&sb, "");
    config.listen = addr;
    let broker = latchkey_broker::Running::start(config).await.unwrap();
    let (_, total) = connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap();
    assert!(total > 0, "renewed through the restarted broker");
    broker.stop().await;
}

#[tokio::test]
async fn the_provider_refusing_the_brokers_secret_is_the_publishers_problem_not_a_dead_grant() {
    let sb = common::sandbox().await;
    let good = latchkey_broker::Running::start(common::config(&sb, ""))
        .await
        .unwrap();
    let addr = good.addr();
    let (connector, _defs, _dir) = app("rejected", &sb, &good.url());
    let meta = connect(&sb, &connector, "supabase", Provider::Supabase).await;
    good.stop().await;

    // The publisher rotated the secret at the provider but not in the broker.
    let text = common::config_text(&sb, &addr.to_string(), "")
        .replace("BROKER_TEST_SUPABASE_SECRET", "ROTATED_AWAY");
    let mut env = common::secret_env(&sb);
    env.insert("ROTATED_AWAY".into(), "not-the-secret".into());
    let stale =
        latchkey_broker::Config::parse(&text, std::path::Path::new("."), |v| env.get(v).cloned())
            .unwrap();
    let bad = latchkey_broker::Running::start(stale).await.unwrap();

    sb.expire_provider_tokens(Provider::Supabase);
    let err = connector
        .connections()
        .fresh_access_token(&meta.id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ConnectError::Token(TokenError::BrokerRejected { .. })),
        "{err:?}"
    );
    assert_eq!(connector.connections().list().unwrap().len(), 1, "kept");
    bad.stop().await;
}
