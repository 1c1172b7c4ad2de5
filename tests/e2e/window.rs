//! The main window, as a person sees it.

use crate::harness::{AppSession, Desktop, Keyring};

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn main_window_shows_title_connect_button_and_a_healthy_keychain() {
    let desktop = Desktop::start("main-window", Keyring::Unlocked);
    let app = AppSession::launch(&desktop, &[]).await;

    assert_eq!(app.client.title().await.unwrap(), "Latchkey");
    let x_windows = desktop
        .command("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .expect("xwininfo");
    assert!(
        String::from_utf8_lossy(&x_windows.stdout).contains("\"Latchkey\""),
        "the native window is titled Latchkey"
    );
    assert_eq!(
        app.text("[data-testid=connect-supabase]").await,
        "Connect Supabase"
    );
    assert!(app
        .text("[data-testid=accounts-empty]")
        .await
        .contains("No accounts yet"));
    let status = app
        .wait_for_text("[data-testid=keychain-status]", |t| !t.contains("checking"))
        .await;
    assert_eq!(status, "Keychain: Secret Service — OK");
    let version = app.text("[data-testid=app-version]").await;
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    desktop.screenshot("ready");

    // No client secret is saved in this fresh keychain: Connect asks for it
    // before any browser opens.
    app.click("[data-testid=connect-supabase]").await;
    let form = app.text("[data-testid=client-secret-form]").await;
    assert!(form.contains("Supabase OAuth client secret"), "{form}");
    desktop.screenshot("client-secret-needed");

    // Settings shows the OAuth app's public settings; the secret is write-only.
    app.click("[data-testid=open-settings]").await;
    let state = app.text("[data-testid=secret-state]").await;
    assert!(state.starts_with("Not set"), "{state}");
    desktop.screenshot("settings");

    app.close().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn without_a_secret_service_the_status_bar_says_what_to_do() {
    let desktop = Desktop::start("no-secret-service", Keyring::Absent);
    let app = AppSession::launch(&desktop, &[]).await;

    let status = app
        .wait_for_text("[data-testid=keychain-status]", |t| !t.contains("checking"))
        .await;
    assert_eq!(status, "Keychain: Secret Service — Unavailable");
    let problem = app.text("[data-testid=keychain-problem]").await;
    assert!(
        problem.contains("No Secret Service is running") && problem.contains("GNOME Keyring"),
        "{problem}"
    );
    desktop.screenshot("keychain-unavailable");
    app.close().await;
}
