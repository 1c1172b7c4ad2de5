//! The networks people have (issue 11), through the real app: Supabase
//! (the sandbox) served over TLS with a CA made for this test, trusted only
//! through `SSL_CERT_FILE`, reached through a forward proxy named by
//! `HTTPS_PROXY`; then the proxy refuses, and the window says so without
//! losing the connection. Settings names the proxy in use.

use std::time::Duration;

use latchkey_sandbox::network::proxy::ForwardProxy;
use latchkey_sandbox::network::tls::{TestCa, TlsFront};
use latchkey_sandbox::Provider;

use crate::connect::{desktop_with_browser, sandbox};
use crate::harness::{wait_until, AppSession};

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn tls_with_a_private_ca_through_a_proxy_and_a_proxy_that_refuses() {
    let sb = sandbox().await;
    let ca = TestCa::generate().unwrap();
    let front = TlsFront::start(&ca, sb.addr()).await.unwrap();
    let proxy = ForwardProxy::start().await.unwrap();
    let mut desktop = desktop_with_browser("networks", &sb);
    let ca_file = desktop.path().join("corporate-ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    desktop.set_env("LATCHKEY_SUPABASE_API_URL", front.base_url());
    desktop.set_env("SSL_CERT_FILE", ca_file.to_string_lossy());
    desktop.set_env("HTTPS_PROXY", proxy.url());
    let app = AppSession::launch(&desktop, &[]).await;

    let token = sb.mint_personal_token(Provider::Supabase);
    app.click("[data-testid=token-supabase]").await;
    app.type_into("[data-testid=token-input]", &token).await;
    app.click("[data-testid=token-submit]").await;
    wait_until("projects over TLS", Duration::from_secs(20), || async {
        (app.count("[data-testid=project-row]").await > 0).then_some(())
    })
    .await;
    assert!(
        proxy.tunnels() > 0,
        "the app reached the provider through the proxy"
    );
    let accounts = app.count("[data-testid=account]").await;

    app.click("[data-testid=open-settings]").await;
    app.wait_for("the providers' settings", "[data-testid=settings-supabase]")
        .await;
    let in_use = app.text("[data-testid=network-in-use]").await;
    assert!(in_use.contains("(HTTPS_PROXY)"), "{in_use}");
    app.client
        .execute(
            "document.querySelector('[data-testid=settings-network]').scrollIntoView({block: 'end'})",
            vec![],
        )
        .await
        .expect("scroll to the network card");
    desktop.screenshot("settings-network");
    app.click("[data-testid=settings-done]").await;

    // The proxy's policy changes: open tunnels are cut and new ones
    // refused. (The first Refresh may meet the cut pooled connection.)
    proxy.refuse(true);
    let message = wait_until("the proxy's refusal", Duration::from_secs(30), || async {
        app.click("[data-testid=refresh]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let error = app
            .client
            .find(fantoccini::Locator::Css("[data-testid=projects-error]"))
            .await
            .ok()?;
        let text = error.text().await.ok()?;
        text.contains("proxy").then_some(text)
    })
    .await;
    assert!(
        message.contains("the proxy refused the connection"),
        "{message}"
    );
    desktop.screenshot("proxy-refused");
    assert_eq!(
        app.count("[data-testid=account]").await,
        accounts,
        "no connection lost"
    );
    assert_eq!(app.count("[data-testid=needs-reconnect]").await, 0);
    app.close().await;
    sb.shutdown().await;
}
