//! "Use a token" (issue 11) in the real app: a personal token for each of
//! Supabase, Neon and Netlify, pasted into the window, checked with the
//! sandbox, kept in gnome-keyring and nowhere on disk; a wrong token refused
//! in the provider's words; a token deleted at the provider later asks for
//! a new one, which works. No OAuth client is configured at all.

use std::time::Duration;

use latchkey_sandbox::Provider;

use crate::connect::{desktop_with_browser, files_containing, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

/// Opens `provider`'s token form, pastes `token` and submits it.
async fn paste_token(app: &AppSession, provider: &str, token: &str) {
    app.click(&format!("[data-testid=token-{provider}]")).await;
    app.type_into("[data-testid=token-input]", token).await;
    app.click("[data-testid=token-submit]").await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn personal_tokens_connect_all_three_providers() {
    let sb = sandbox().await;
    let mut desktop = desktop_with_browser("personal-tokens", &sb);
    desktop.set_env("LATCHKEY_NEON_API_URL", sb.neon_base_url());
    desktop.set_env("LATCHKEY_NETLIFY_API_URL", sb.netlify_base_url());
    let app = AppSession::launch(&desktop, &[]).await;

    // A token the provider does not know: refused, nothing saved.
    paste_token(
        &app,
        "supabase",
        "sbp_0000000000000000000000000000000000000000",
    )
    .await;
    let refused = app.text("[data-testid=field-error]").await;
    assert!(
        refused.contains("Supabase refused this personal access token"),
        "{refused}"
    );
    assert_eq!(app.count("[data-testid=account]").await, 0);
    desktop.screenshot("token-refused");

    // A Supabase token reaches every organization: one connection each.
    let supabase = sb.mint_personal_token(Provider::Supabase);
    app.type_into("[data-testid=token-input]", &supabase).await;
    app.click("[data-testid=token-submit]").await;
    let orgs = sb.organizations_of(&sb.current_user());
    wait_until("every organization", Duration::from_secs(20), || async {
        (app.count("[data-testid=account]").await == orgs.len()).then_some(())
    })
    .await;
    let source = app.text("[data-testid=connection-source]").await;
    assert!(source.contains("Personal token"), "{source}");
    wait_until("projects", Duration::from_secs(20), || async {
        (app.count("[data-testid=project-row]").await > 0).then_some(())
    })
    .await;
    desktop.screenshot("token-connected");
    app.click("[data-testid=details]").await;
    let source = app.text("[data-testid=detail-source]").await;
    assert_eq!(source, "Personal token");
    let expiry = app.text("[data-testid=detail-expiry]").await;
    assert!(expiry.contains("Does not expire"), "{expiry}");
    assert!(
        !app.text("[data-testid=connection-detail]")
            .await
            .contains(&supabase),
        "the detail shows no token"
    );
    app.click("[data-testid=details]").await;

    let neon = sb.mint_personal_token(Provider::Neon);
    let netlify = sb.mint_personal_token(Provider::Netlify);
    for (provider, token, name) in [("neon", &neon, "Neon"), ("netlify", &netlify, "Netlify")] {
        let before = app.count("[data-testid=account]").await;
        app.click("[data-testid=add-organization]").await;
        paste_token(&app, provider, token).await;
        wait_until(
            &format!("{name} in the sidebar"),
            Duration::from_secs(20),
            || async { (app.count("[data-testid=account]").await == before + 1).then_some(()) },
        )
        .await;
        wait_until(
            &format!("{name}'s projects"),
            Duration::from_secs(20),
            || async { (app.count("[data-testid=project-row]").await > 0).then_some(()) },
        )
        .await;
    }

    // Each token is in the keychain, and nowhere on disk or in the log.
    let out = desktop
        .command("secret-tool")
        .args(["search", "--all", "service", "dev.latchkey.debug"])
        .output()
        .expect("secret-tool");
    let keychain = String::from_utf8_lossy(&out.stdout);
    for (name, token) in [
        ("Supabase", &supabase),
        ("Neon", &neon),
        ("Netlify", &netlify),
    ] {
        assert!(
            keychain.contains(token.as_str()),
            "{name} token in the keychain"
        );
        assert!(
            files_containing(desktop.path(), token).is_empty(),
            "{name} token written to disk"
        );
        assert!(!app.log().contains(token.as_str()), "{name} token logged");
    }
    assert!(
        keychain_item(&desktop, &format!("supabase:{}", orgs[0].0)).is_some(),
        "one item per Supabase organization"
    );

    // The Neon key is deleted at Neon: the app asks for a new one.
    assert!(sb.revoke_personal_token(Provider::Neon, &neon));
    app.click_containing("[data-testid=account]", "Neon").await;
    app.click("[data-testid=refresh]").await;
    let notice = app.text("[data-testid=needs-reconnect]").await;
    assert!(notice.contains("no longer accepts the API key"), "{notice}");
    app.click("[data-testid=reconnect]").await;
    app.wait_for("the token form", "[data-testid=token-input]")
        .await;
    desktop.screenshot("token-revoked");
    let fresh = sb.mint_personal_token(Provider::Neon);
    app.type_into("[data-testid=token-input]", &fresh).await;
    app.click("[data-testid=token-submit]").await;
    // Loaded again, not the rows kept from before the token was refused.
    let loaded = "section.projects[aria-busy=false] [data-testid=project-row]";
    wait_until("Neon's projects again", Duration::from_secs(20), || async {
        (app.count(loaded).await > 0 && app.count("[data-testid=projects-error]").await == 0)
            .then_some(())
    })
    .await;
    assert_eq!(app.count("[data-testid=needs-reconnect]").await, 0);
    app.close().await;
    sb.shutdown().await;
}
