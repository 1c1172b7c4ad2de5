//! Register nothing: the real app connects Supabase and Neon through the
//! broker, through the OS path (xdg-open, the browser, the deep link), with
//! no client secret anywhere on the app's side; refreshes after the sandbox
//! expires the tokens; keeps its connections while the broker is down, says
//! so, and carries on when it is back; disconnects with a revoke through it.

use std::time::Duration;

use latchkey_sandbox::{Decision, Provider, Sandbox};

use crate::connect::{connect_through_the_browser, desktop_with_browser, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

/// The broker as a publisher would configure it, in front of `sb`; the
/// secrets come from the (test's) environment map, never the app's.
fn broker_config(sb: &Sandbox, listen: &str) -> latchkey_broker::Config {
    let mut text = format!("listen = \"{listen}\"\n");
    for (id, upstream) in [
        ("supabase", sb.base_url().to_owned()),
        ("neon", sb.neon_base_url()),
    ] {
        text.push_str(&format!(
            "[providers.{id}]\nclient_secret_env = \"{}_SECRET\"\nupstream = \"{upstream}\"\nredirect_uris = [\"dev.latchkey.debug:/oauth/{id}\"]\n",
            id.to_uppercase()
        ));
    }
    let supabase = sb.demo_client().secret;
    let neon = sb.neon_demo_client().secret;
    latchkey_broker::Config::parse(&text, std::path::Path::new("."), |var| match var {
        "SUPABASE_SECRET" => Some(supabase.clone()),
        "NEON_SECRET" => Some(neon.clone()),
        _ => None,
    })
    .expect("the broker config is valid")
}

/// Waits for a list that has finished loading without an error (a failed
/// reload keeps the last rows on screen, so rows alone prove nothing).
async fn wait_for_projects(app: &AppSession) {
    wait_until("project rows", Duration::from_secs(20), || async {
        (app.count("section.projects[aria-busy=false] [data-testid=project-row]")
            .await
            > 0
            && app.count("[data-testid=projects-error]").await == 0)
            .then_some(())
    })
    .await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn supabase_and_neon_connect_through_the_broker_with_no_secret_in_the_app() {
    let sb = sandbox().await;
    let broker = latchkey_broker::Running::start(broker_config(&sb, "127.0.0.1:0"))
        .await
        .unwrap();
    let addr = broker.addr();
    let mut desktop = desktop_with_browser("broker", &sb);
    desktop.set_env("LATCHKEY_NEON_API_URL", sb.neon_base_url());
    for provider in ["SUPABASE", "NEON"] {
        desktop.set_env(&format!("LATCHKEY_{provider}_BROKER_URL"), broker.url());
    }
    let app = AppSession::launch(&desktop, &[]).await;

    // Settings says which way each provider signs in, and asks for nothing.
    app.click("[data-testid=open-settings]").await;
    let supabase = app
        .wait_for_text("[data-testid=settings-supabase]", |t| {
            t.contains("Sign-in service")
        })
        .await;
    assert!(supabase.contains(&broker.url()), "{supabase}");
    assert_eq!(
        app.count("[data-testid=secret-state]").await,
        1,
        "only Netlify asks for a secret"
    );
    desktop.screenshot("settings-broker");
    app.click("[data-testid=settings-done]").await;

    // Supabase through the consent page; Neon pre-approved.
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    connect_through_the_browser(&app, &desktop, &org_name).await;
    app.click("[data-testid=add-organization]").await;
    sb.pre_approve_provider(Provider::Neon, Decision::Approve);
    app.click("[data-testid=connect-neon]").await;
    wait_until("two accounts", Duration::from_secs(20), || async {
        (app.count("[data-testid=account]").await == 2).then_some(())
    })
    .await;
    wait_for_projects(&app).await;
    desktop.screenshot("connected-through-broker");

    // The selected connection (Neon) refreshes through the broker.
    assert!(sb.expire_provider_tokens(Provider::Neon) > 0);
    app.click("[data-testid=refresh]").await;
    wait_for_projects(&app).await;

    // Broker down: a clear message, and nothing is lost.
    broker.stop().await;
    sb.expire_provider_tokens(Provider::Neon);
    app.click("[data-testid=refresh]").await;
    let problem = app
        .wait_for_text("[data-testid=projects-error]", |t| {
            t.contains("sign-in service")
        })
        .await;
    assert!(problem.contains("kept"), "{problem}");
    assert_eq!(
        app.count("[data-testid=account]").await,
        2,
        "no connection lost"
    );
    desktop.screenshot("broker-unreachable");

    // Back up on the same address: the next refresh goes through.
    let mut config = broker_config(&sb, "127.0.0.1:0");
    config.listen = addr;
    let broker = latchkey_broker::Running::start(config).await.unwrap();
    app.click("[data-testid=refresh]").await;
    wait_for_projects(&app).await;

    // Disconnect Supabase: revoked at the provider through the broker.
    let revoked = |sb: &Sandbox| {
        sb.grants()
            .iter()
            .filter(|g| g.revoked_at.is_some())
            .count()
    };
    let before = revoked(&sb);
    let supabase_account = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=account]"))
        .await
        .unwrap();
    let mut clicked = false;
    for account in supabase_account {
        let text = account.prop("textContent").await.ok().flatten();
        if !clicked && text.is_some_and(|t| t.contains(&org_name)) {
            account.click().await.unwrap();
            clicked = true;
        }
    }
    assert!(clicked, "the Supabase account is in the sidebar");
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    app.click("[data-testid=disconnect]").await;
    wait_until("one account left", Duration::from_secs(20), || async {
        (app.count("[data-testid=account]").await == 1).then_some(())
    })
    .await;
    assert_eq!(revoked(&sb), before + 1, "the sandbox saw the revoke");
    assert_eq!(
        keychain_item(&desktop, &format!("supabase:{org_slug}")),
        None
    );

    // No client secret was ever stored on the app's side.
    for (provider, client) in [
        ("supabase", sb.demo_client()),
        ("neon", sb.neon_demo_client()),
    ] {
        let account = format!("client-secret:{provider}:{}", client.id);
        assert_eq!(keychain_item(&desktop, &account), None, "{account}");
    }
    app.close().await;
    broker.stop().await;
    sb.shutdown().await;
}
