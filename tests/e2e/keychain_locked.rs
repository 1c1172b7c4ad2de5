//! A locked keychain, for real: gnome-keyring's login collection locked over
//! D-Bus while Latchkey has a connection. Every action that needs the
//! keychain says it is locked and what to do; nothing falls back to another
//! store and nothing is lost (the connection is not marked for Reconnect and
//! its tokens are still there); unlocking makes everything work again. A
//! sign-in the provider renews while the keychain is locked is kept in
//! memory, the user is told, and it is saved once the keychain opens.

use std::time::Duration;

use crate::connect::{connect_through_the_browser, desktop_for, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_locked_keychain_is_named_everywhere_loses_nothing_and_unlocking_restores_it() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for("keychain-locked", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;
    app.close().await;
    let account = format!("supabase:{org_slug}");
    let tokens_before = keychain_item(&desktop, &account).expect("tokens saved");

    desktop.lock_keyring();
    // A new start reads tokens from the keychain only.
    let app = AppSession::launch(&desktop, &[]).await;
    let status = app
        .wait_for_text("[data-testid=keychain-status]", |t| !t.contains("checking"))
        .await;
    assert_eq!(status, "Keychain: Secret Service — Locked");
    let problem = app.text("[data-testid=keychain-problem]").await;
    assert!(problem.contains("Unlock"), "{problem}");

    // The projects of the connection: a locked keychain, not a lost sign-in.
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    let error = app
        .wait_for("the projects error", "[data-testid=projects-error]")
        .await;
    assert_eq!(
        error.attr("data-code").await.unwrap().as_deref(),
        Some("keychain_locked")
    );
    let text = error.text().await.unwrap();
    assert!(text.contains("locked") && text.contains("Unlock"), "{text}");
    assert_eq!(
        app.count("[data-testid=reconnect]").await,
        0,
        "no Reconnect"
    );
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "connected"
    );
    desktop.screenshot("keychain-locked-projects");

    // Connecting needs the client secret from the keychain: same message,
    // and no browser is opened.
    app.click("[data-testid=add-organization]").await;
    app.click("[data-testid=connect-supabase]").await;
    let connect_error = app.text("[data-testid=connect-error]").await;
    assert!(connect_error.contains("locked"), "{connect_error}");
    desktop.screenshot("keychain-locked-connect");
    app.click("[data-testid=connect-error-dismiss]").await;
    app.click("[data-testid=account]").await;

    // Unlock, Retry: everything is back, with the same tokens.
    desktop.unlock_keyring();
    app.click("[data-testid=keychain-retry]").await;
    app.wait_for_text("[data-testid=keychain-status]", |t| t.ends_with("OK"))
        .await;
    refresh_until_projects(&app, "projects after unlocking").await;
    assert_eq!(
        keychain_item(&desktop, &account).as_deref(),
        Some(tokens_before.as_str()),
        "the same tokens, untouched by the locked period"
    );
    desktop.screenshot("keychain-unlocked");

    // L5: the provider renews the sign-in and the keychain locks before the
    // new pair is saved (the old refresh token is dead by then). The user
    // is told, the new pair stays in memory, and it is saved on the next
    // try once the keychain is open. (While the keychain is locked no
    // refresh starts at all: the client secret is in it.)
    assert!(sb.expire_tokens(None) >= 1);
    let slow_token = sb
        .add_fault(
            latchkey_sandbox::FaultRule::new("POST", "/v1/oauth/token")
                .latency(Duration::from_secs(2))
                .times(1),
        )
        .unwrap();
    app.click("[data-testid=refresh]").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    desktop.lock_keyring();
    assert_eq!(keychain_item(&desktop, &account), None, "locked again");
    let error = app
        .wait_for_text("[data-testid=projects-error]", |t| t.contains("renewed"))
        .await;
    assert!(error.contains("before you quit"), "{error}");
    sb.remove_fault(slow_token);
    desktop.screenshot("keychain-locked-renewal");
    desktop.unlock_keyring();
    refresh_until_projects(&app, "projects after saving the renewal").await;
    let renewed = keychain_item(&desktop, &account).expect("tokens");
    assert_ne!(
        renewed, tokens_before,
        "the renewed pair is in the keychain"
    );
    app.close().await;

    // And it is the one a new start uses: no Reconnect.
    let app = AppSession::launch(&desktop, &[]).await;
    wait_until(
        "projects after a restart",
        Duration::from_secs(15),
        || async { (app.count("[data-testid=project-row]").await > 0).then_some(()) },
    )
    .await;
    assert_eq!(app.count("[data-testid=reconnect]").await, 0);
    app.close().await;
    sb.shutdown().await;
}

/// Presses Refresh until the projects load without an error, as a user
/// would after unlocking (a failed reload keeps the last rows on screen, so
/// rows alone prove nothing).
/// A keychain call made while the collection was locked may still hold the
/// item's queue for up to its 10 s timeout, so on a loaded machine the first
/// press can still meet the lock; each later press waits for the list to
/// finish loading first.
async fn refresh_until_projects(app: &AppSession, what: &str) {
    app.click("[data-testid=refresh]").await;
    wait_until(what, Duration::from_secs(45), || async {
        let loaded = "section.projects[aria-busy=false] [data-testid=project-row]";
        if app.count(loaded).await > 0 && app.count("[data-testid=projects-error]").await == 0 {
            return Some(());
        }
        if app.count("[data-testid=projects-error]").await > 0
            && app
                .attribute("[data-testid=refresh]", "disabled")
                .await
                .is_empty()
        {
            app.click("[data-testid=refresh]").await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        None
    })
    .await;
}
