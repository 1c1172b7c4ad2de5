//! Faults on the real app that must lose nothing (security review L5, L6):
//! the app killed with SIGKILL in the middle of a token refresh, and a
//! connections file that is damaged when the app starts.

use std::time::Duration;

use latchkey_sandbox::FaultRule;

use crate::connect::{connect_through_the_browser, desktop_for, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

const CONNECTIONS_FILE: &str = "data/dev.latchkey.app.debug/connections.json";

async fn projects_shown(app: &AppSession, what: &str) {
    wait_until(what, Duration::from_secs(15), || async {
        (app.count("[data-testid=project-row]").await > 0).then_some(())
    })
    .await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn killed_during_a_refresh_the_app_restarts_with_its_connection_intact() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("killed-refresh", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;
    let account = format!("supabase:{org_slug}");

    // The access token dies; the refresh the next call starts is slow, and
    // the app is killed while it waits for the answer.
    assert!(sb.expire_tokens(None) >= 1);
    let slow = sb
        .add_fault(
            FaultRule::new("POST", "/v1/oauth/token")
                .latency(Duration::from_secs(3))
                .times(1),
        )
        .unwrap();
    app.click("[data-testid=refresh]").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    app.kill_app(&desktop).await;
    sb.remove_fault(slow);
    let metadata = std::fs::read_to_string(desktop.path().join(CONNECTIONS_FILE)).unwrap();
    assert!(
        metadata.contains(&org_slug),
        "the connection is still listed"
    );
    assert!(
        keychain_item(&desktop, &account).is_some(),
        "and its tokens kept"
    );

    // A new start refreshes with the saved pair and shows the projects: no
    // Reconnect, one connection.
    let app = AppSession::launch(&desktop, &[]).await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    projects_shown(&app, "projects after the crash").await;
    assert_eq!(app.count("[data-testid=reconnect]").await, 0);
    assert_eq!(
        app.count("[data-testid=account]").await,
        1,
        "not duplicated"
    );
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_damaged_connections_file_is_set_aside_named_and_the_app_carries_on() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("damaged-file", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;
    app.close().await;

    // Power lost mid-write, say: half a file.
    let path = desktop.path().join(CONNECTIONS_FILE);
    let whole = std::fs::read(&path).unwrap();
    let damaged = whole[..whole.len() / 2].to_vec();
    std::fs::write(&path, &damaged).unwrap();

    let app = AppSession::launch(&desktop, &[]).await;
    let notice = app
        .wait_for_text("[data-testid=connections-recovered]", |t| !t.is_empty())
        .await;
    assert!(notice.contains("set aside at"), "{notice}");
    desktop.screenshot("connections-recovered");
    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("connections.json.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept, once");
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), damaged, "untouched");

    // The app works: connecting again brings the organization back.
    app.click("[data-testid=connections-recovered-dismiss]")
        .await;
    if app.count("[data-testid=connect-supabase]").await == 0 {
        app.click("[data-testid=add-organization]").await;
    }
    connect_through_the_browser(&app, &desktop, &org_name).await;
    assert_eq!(app.count("[data-testid=account]").await, 1);
    app.close().await;
    sb.shutdown().await;
}
