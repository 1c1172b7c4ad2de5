//! The networks people have (issue 11), over real sockets: the sandbox
//! behind TLS with a CA made for this test, trusted only once
//! `SSL_CERT_FILE` names it; then through a forward proxy named in the
//! network settings; then that proxy refusing, which is a clear network
//! message and loses no connection.
//!
//! One test in its own binary: it sets `SSL_CERT_FILE` for the process,
//! which no other test may see.

use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::connections::metadata::ConnectionStatus;
use latchkey_core::connections::session::system_clock;
use latchkey_core::error::{AppError, ErrorCode};
use latchkey_core::net::{self, NetworkSettings};
use latchkey_core::providers::supabase;
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::network::proxy::ForwardProxy;
use latchkey_sandbox::network::tls::{TestCa, TlsFront};
use latchkey_sandbox::{Provider, Sandbox, Seed};

#[tokio::test]
async fn tls_with_a_private_ca_then_a_proxy_then_a_refusing_proxy() {
    memory_store::install();
    let sb = Sandbox::builder().seed(Seed::demo()).start().await.unwrap();
    let ca = TestCa::generate().unwrap();
    let front = TlsFront::start(&ca, sb.addr()).await.unwrap();
    let def = supabase::definition()
        .with_origin(&front.base_url())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let connector = |http: reqwest::Client| {
        Connector::new(
            Channel::Debug,
            vec![def.clone()],
            Keychain::new("test.networks"),
            dir.path(),
            http,
            system_clock(),
        )
    };
    let token = sb.mint_personal_token(Provider::Supabase);

    // The CA is trusted by nothing yet: refused, in words that say why.
    let untrusted = connector(net::client())
        .connections()
        .connect_with_token("supabase", &token)
        .await
        .unwrap_err();
    let shown = AppError::from(untrusted);
    assert_eq!(shown.code, ErrorCode::Network, "{}", shown.message);
    assert!(shown.message.contains("not trusted"), "{}", shown.message);

    // Trusted through SSL_CERT_FILE, beside the bundled roots.
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    std::env::set_var("SSL_CERT_FILE", &ca_file);
    let direct = connector(net::client());
    let meta = direct
        .connections()
        .connect_with_token("supabase", &token)
        .await
        .expect("the private CA is trusted through SSL_CERT_FILE")
        .remove(0);
    direct
        .connections()
        .projects(&meta.id, 0, 10)
        .await
        .unwrap();

    // Through a forward proxy named in the network settings.
    let proxy = ForwardProxy::start().await.unwrap();
    let settings = NetworkSettings {
        proxy: Some(proxy.url()),
        no_proxy: None,
    };
    let proxied = connector(net::client_for(net::REQUEST_TIMEOUT, &settings));
    proxied.connections().check(&meta.id).await.unwrap();
    assert!(proxy.tunnels() > 0, "the request went through the proxy");

    // The proxy refuses: a network message naming the proxy, nothing lost.
    proxy.refuse(true);
    let refused = connector(net::client_for(net::REQUEST_TIMEOUT, &settings))
        .connections()
        .check(&meta.id)
        .await
        .unwrap_err();
    let shown = AppError::from(refused);
    assert_eq!(shown.code, ErrorCode::Network, "{}", shown.message);
    assert!(
        shown.message.contains("the proxy refused the connection"),
        "{}",
        shown.message
    );
    let listed = direct.connections().list().unwrap();
    assert!(listed
        .iter()
        .all(|m| m.status == ConnectionStatus::Connected));
    direct
        .connections()
        .check(&meta.id)
        .await
        .expect("the token is still there and works without the proxy");
}
