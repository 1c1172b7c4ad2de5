//! Connecting with a personal token (issue 11), for each provider, against
//! the sandbox over loopback HTTP: checked with the provider before it is
//! saved, refused in the provider's words with nothing saved, one connection
//! per organization a Supabase token reaches, a later 401 asks for a new
//! token, and Disconnect leaves the token alone at the provider.

use std::sync::Arc;

use latchkey_core::channel::Channel;
use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::connections::metadata::ConnectionStatus;
use latchkey_core::connections::session::system_clock;
use latchkey_core::connections::ConnectionSource;
use latchkey_core::error::{AppError, ErrorCode};
use latchkey_core::providers::{neon, netlify, supabase};
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{Provider, Sandbox, Seed};

async fn setup(name: &str) -> (Sandbox, Arc<Connector>, Keychain, tempfile::TempDir) {
    memory_store::install();
    let sb = Sandbox::builder().seed(Seed::demo()).start().await.unwrap();
    let defs = vec![
        supabase::definition().with_origin(sb.base_url()).unwrap(),
        neon::definition().with_origin(&sb.neon_base_url()).unwrap(),
        netlify::definition()
            .with_origin(&sb.netlify_base_url())
            .unwrap(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::new(format!("test.tokens.{name}"));
    let connector = Connector::new(
        Channel::Debug,
        defs,
        keychain.clone(),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    (sb, Arc::new(connector), keychain, dir)
}

const PROVIDERS: [(&str, Provider); 3] = [
    ("supabase", Provider::Supabase),
    ("neon", Provider::Neon),
    ("netlify", Provider::Netlify),
];

#[tokio::test]
async fn each_providers_token_connects_and_lists_its_projects() {
    let (sb, connector, keychain, _dir) = setup("each").await;
    for (id, which) in PROVIDERS {
        let token = sb.mint_personal_token(which);
        let connected = connector
            .connections()
            .connect_with_token(id, &format!("  {token}\n"))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!connected.is_empty(), "{id}");
        for meta in &connected {
            assert_eq!(meta.source, ConnectionSource::PersonalToken);
            let detail = connector.connections().detail(&meta.id).await.unwrap();
            assert_eq!(detail.source, ConnectionSource::PersonalToken);
            assert_eq!((detail.expires_at, detail.refreshes), (None, false));
            assert_eq!(meta.sign_in_ends_at, None, "a token has no expiry");
            let stored = keychain
                .get(&meta.id.keychain_account())
                .await
                .unwrap()
                .expect("the token is in the keychain");
            use secrecy::ExposeSecret;
            assert!(stored.expose_secret().contains(&token), "{id}");
            let (projects, total) = connector
                .connections()
                .projects(&meta.id, 0, 100)
                .await
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(projects.len() as u64, total.min(100), "{id}");
        }
    }
    let supabase_orgs = sb.organizations_of(&sb.current_user()).len();
    let listed = connector.connections().list().unwrap();
    assert_eq!(
        listed
            .iter()
            .filter(|m| m.id.provider == "supabase")
            .count(),
        supabase_orgs,
        "a Supabase token makes one connection per organization"
    );
}

#[tokio::test]
async fn a_wrong_token_is_refused_in_the_providers_words_and_nothing_is_saved() {
    let (_sb, connector, _keychain, _dir) = setup("wrong").await;
    for (id, _) in PROVIDERS {
        let err = connector
            .connections()
            .connect_with_token(id, "sbp_0000000000000000000000000000000000000000")
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("token"), "{id}: {err}");
        assert!(err.to_string().contains("refused"), "{id}: {err}");
        assert!(!err.to_string().contains("sbp_0000"), "never echoed: {err}");
    }
    for bad in ["", "two words"] {
        let err = connector
            .connections()
            .connect_with_token("neon", bad)
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("token"));
    }
    assert!(connector.connections().list().unwrap().is_empty());
}

#[tokio::test]
async fn a_deleted_token_asks_for_a_new_one_which_then_works() {
    let (sb, connector, _keychain, _dir) = setup("revoked").await;
    let old = sb.mint_personal_token(Provider::Neon);
    let meta = connector
        .connections()
        .connect_with_token("neon", &old)
        .await
        .unwrap()
        .remove(0);
    assert!(sb.revoke_personal_token(Provider::Neon, &old));

    let err = connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectError::TokenRevoked { .. }), "{err:?}");
    let shown = AppError::from(err);
    assert_eq!(shown.code, ErrorCode::NeedsReconnect);
    assert!(
        shown.message.contains("Paste a new one"),
        "{}",
        shown.message
    );
    let listed = connector.connections().list().unwrap();
    assert_eq!(listed[0].status, ConnectionStatus::NeedsReconnect);

    let new = sb.mint_personal_token(Provider::Neon);
    let again = connector
        .connections()
        .connect_with_token("neon", &new)
        .await
        .unwrap();
    assert_eq!(again[0].id, meta.id, "the same account, replaced");
    assert_eq!(again[0].status, ConnectionStatus::Connected);
    connector
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .expect("the new token works");
    assert_eq!(connector.connections().list().unwrap().len(), 1);
}

#[tokio::test]
async fn disconnect_forgets_a_token_without_revoking_it() {
    let (sb, connector, keychain, _dir) = setup("disconnect").await;
    let token = sb.mint_personal_token(Provider::Netlify);
    let meta = connector
        .connections()
        .connect_with_token("netlify", &token)
        .await
        .unwrap()
        .remove(0);
    assert!(connector.connections().disconnect(&meta.id).await.unwrap());
    assert!(keychain
        .get(&meta.id.keychain_account())
        .await
        .unwrap()
        .is_none());
    // Still the user's: it connects again, so the provider never revoked it.
    connector
        .connections()
        .connect_with_token("netlify", &token)
        .await
        .expect("the token still works at the provider");
}
