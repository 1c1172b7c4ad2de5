//! `lk` on the real desktop, on a connection made in the window: the same
//! keychain item (gnome-keyring over D-Bus), the same `connections.json`
//! in the same XDG data directory, the same provider settings. Run as its
//! own process, the way a user's terminal runs it.

use std::process::Output;

use crate::connect::{connect_through_the_browser, desktop_for, sandbox};
use crate::harness::{cli_binary, AppSession, Desktop};

/// Runs lk to the end without blocking this test's runtime, which also
/// serves the sandbox lk talks to.
async fn lk(desktop: &Desktop, args: &[&str]) -> Output {
    let mut cmd = desktop.command(cli_binary());
    cmd.args(args);
    tokio::process::Command::from(cmd)
        .output()
        .await
        .expect("lk runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn the_cli_uses_the_connection_made_in_the_window() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("cli", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;
    let shown = app.text("[data-testid=projects-count]").await;

    let status = lk(&desktop, &["status", "--json"]).await;
    assert!(
        status.status.success(),
        "{:?}\n{}\n{}",
        status.status,
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let entry = &json(&status)["connections"][0];
    assert_eq!(entry["connection"], format!("supabase:{org_slug}"));
    assert_eq!(entry["account_name"], org_name.as_str());
    assert_eq!(entry["health"]["ok"], true, "{entry}");

    let projects = lk(&desktop, &["projects", "--json"]).await;
    assert!(projects.status.success());
    let listed = json(&projects)["projects"].as_array().unwrap().len();
    assert_eq!(
        format!("{listed} projects"),
        shown,
        "the same list as the window"
    );

    // Expired at the provider: lk refreshes through the shared keychain
    // item, and the window carries on with the renewed pair.
    sb.expire_tokens(None);
    let token = lk(&desktop, &["token", &org_slug]).await;
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let token = String::from_utf8(token.stdout)
        .unwrap()
        .trim_end()
        .to_owned();
    let answer = reqwest::Client::new()
        .get(format!("{}/v1/organizations", sb.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "the printed token works");
    app.click("[data-testid=refresh]").await;
    app.wait_for_text("[data-testid=projects-count]", |t| t == shown)
        .await;
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "connected",
        "the window still has a working connection after lk renewed it"
    );
    app.close().await;
    sb.shutdown().await;
}
