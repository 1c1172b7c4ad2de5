//! Connect Supabase end to end on the real OS: the app opens the authorize
//! URL through xdg-open, which runs $BROWSER (tests/e2e/fake-browser.py, a
//! stand-in for the user's browser that loads the sandbox's consent page and
//! presses Approve); the redirect comes back through xdg-open as a deep link
//! (or to the loopback listener), and the app shows the organization and its
//! projects. Tokens are checked in gnome-keyring and nowhere else.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use latchkey_sandbox::{Sandbox, Seed};

pub(crate) use crate::harness::{browser_log, desktop_for, desktop_with_browser};
use crate::harness::{wait_until, AppSession, Desktop};

const TOKEN_PREFIX: &str = "sbp_oauth_";

pub(crate) async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .seed(Seed::demo())
        .start()
        .await
        .expect("the sandbox starts")
}

pub(crate) fn keychain_item(desktop: &Desktop, account: &str) -> Option<String> {
    let out = desktop
        .command("secret-tool")
        .args([
            "lookup",
            "service",
            "dev.latchkey.debug",
            "username",
            account,
        ])
        .output()
        .expect("secret-tool");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every file under `dir` that contains `needle`.
pub(crate) fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                hits.push(path);
            }
        }
    }
    hits
}

pub(crate) async fn connect_through_the_browser(
    app: &AppSession,
    desktop: &Desktop,
    org_name: &str,
) -> Duration {
    app.click("[data-testid=connect-supabase]").await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    let rows_visible = SystemTime::now();
    wait_until("project rows", Duration::from_secs(15), || async {
        (app.count("[data-testid=project-row]").await > 0).then_some(())
    })
    .await;
    let log = browser_log(desktop);
    assert!(
        log.contains("press approve"),
        "the consent page was used:\n{log}"
    );
    // The fake browser logs when it handed the link to the desktop.
    let handed: f64 = log
        .lines()
        .find_map(|l| l.strip_prefix("handed over at "))
        .and_then(|t| t.trim().parse().ok())
        .expect("hand-over time in the browser log");
    let handed = UNIX_EPOCH + Duration::from_secs_f64(handed);
    rows_visible.duration_since(handed).unwrap_or_default()
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn connect_supabase_through_the_browser_and_a_deep_link() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("connect-deep-link", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;

    let took = connect_through_the_browser(&app, &desktop, &org_name).await;
    eprintln!(
        "E2E figure: deep link handed to the desktop → projects on screen: {} ms",
        took.as_millis()
    );
    desktop.screenshot("connected");
    let log = browser_log(&desktop);
    assert!(
        log.contains("redirect to dev.latchkey.debug:/oauth/supabase"),
        "{log}"
    );

    // The sidebar shows the connection; the project list matches the sandbox.
    let account = app.text_content("[data-testid=account-name]").await;
    assert!(account.contains(&org_name), "{account}");
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "connected"
    );
    let shown = app.count("[data-testid=project-row]").await;
    let count = app.text("[data-testid=projects-count]").await;
    assert_eq!(
        count,
        format!("{shown} projects"),
        "every project of the organization is listed"
    );

    // Tokens: in gnome-keyring, nowhere on disk, not in logs, not in the DOM.
    let account_name = format!("supabase:{org_slug}");
    let item = keychain_item(&desktop, &account_name).expect("the connection's keychain item");
    assert!(item.contains(TOKEN_PREFIX), "the item holds the token pair");
    assert_eq!(
        files_containing(desktop.path(), TOKEN_PREFIX),
        Vec::<PathBuf>::new(),
        "no token on disk"
    );
    assert_eq!(
        files_containing(desktop.path(), &client.secret),
        Vec::<PathBuf>::new(),
        "no client secret on disk"
    );
    let source = app.client.source().await.unwrap();
    assert!(
        !source.contains(TOKEN_PREFIX) && !source.contains(&client.secret),
        "nothing secret in the DOM"
    );
    // Every IPC response the UI can ask for, read raw from Tauri's IPC.
    let ipc = app
        .client
        .execute_async(
            r#"const [connection, done] = arguments;
               const invoke = window.__TAURI_INTERNALS__.invoke;
               Promise.all([
                 invoke("connections_list"), invoke("settings_get"), invoke("status_get"),
                 invoke("links_list"), invoke("projects_list", { connection, refresh: false }),
               ]).then((r) => done(JSON.stringify(r)), (e) => done("IPC error: " + JSON.stringify(e)));"#,
            vec![serde_json::json!({ "provider": "supabase", "account": org_slug })],
        )
        .await
        .expect("IPC calls from the page");
    let ipc = ipc.as_str().unwrap_or_default().to_owned();
    assert!(
        ipc.contains(&org_slug) && !ipc.starts_with("IPC error"),
        "{ipc}"
    );
    assert!(
        !ipc.contains(TOKEN_PREFIX) && !ipc.contains(&client.secret),
        "nothing secret over IPC"
    );
    let app_log = app.log();
    assert!(
        !app_log.contains(TOKEN_PREFIX) && !app_log.contains(&client.secret),
        "nothing secret in the log"
    );
    let metadata = std::fs::read_to_string(
        desktop
            .path()
            .join("data/dev.latchkey.app.debug/connections.json"),
    )
    .expect("metadata file");
    assert!(metadata.contains(&org_slug) && metadata.contains("connected"));

    // Restart: still connected, from the keychain.
    app.close().await;
    let app = AppSession::launch(&desktop, &[]).await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    wait_until(
        "projects after restart",
        Duration::from_secs(15),
        || async { (app.count("[data-testid=project-row]").await > 0).then_some(()) },
    )
    .await;

    // Revoked on the server: Refresh shows Reconnect.
    assert!(sb.revoke_all_grants() >= 1);
    app.click("[data-testid=refresh]").await;
    app.wait_for("the Reconnect action", "[data-testid=reconnect]")
        .await;
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "needs_reconnect"
    );
    assert_eq!(
        keychain_item(&desktop, &account_name),
        None,
        "tokens purged"
    );
    desktop.screenshot("needs-reconnect");

    // Reconnect preselects the organization and works again.
    app.click("[data-testid=reconnect]").await;
    wait_until(
        "the connection to be back",
        Duration::from_secs(15),
        || async {
            let status = app
                .client
                .find(fantoccini::Locator::Css("[data-testid=account-status]"))
                .await
                .ok()?;
            (status.attr("data-status").await.ok()?? == "connected").then_some(())
        },
    )
    .await;
    assert!(keychain_item(&desktop, &account_name).is_some());

    // Disconnect: revoked on the server, gone from the keychain and the list.
    let revoked_before = sb
        .grants()
        .iter()
        .filter(|g| g.revoked_at.is_some())
        .count();
    app.click("[data-testid=disconnect]").await;
    app.wait_for("the empty accounts list", "[data-testid=accounts-empty]")
        .await;
    assert_eq!(keychain_item(&desktop, &account_name), None);
    let revoked_after = sb
        .grants()
        .iter()
        .filter(|g| g.revoked_at.is_some())
        .count();
    assert_eq!(
        revoked_after,
        revoked_before + 1,
        "the sandbox saw the revoke"
    );
    desktop.screenshot("disconnected");
    app.close().await;
    sb.shutdown().await;
}

/// Connects Supabase with the strict client (https and loopback redirects
/// only) in `mode`; returns what the browser logged, with the app still up.
async fn connect_with_strict_client(
    name: &str,
    mode: &str,
) -> (Sandbox, Desktop, AppSession, String) {
    let sb = sandbox().await;
    let client = sb.strict_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for(name, &sb, &client.id, &client.secret);
    desktop.set_env("LATCHKEY_SUPABASE_REDIRECT_MODE", mode);
    let app = AppSession::launch(&desktop, &[]).await;
    app.click("[data-testid=connect-supabase]").await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    let log = browser_log(&desktop);
    (sb, desktop, app, log)
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn connect_supabase_through_the_loopback_redirect() {
    let (sb, desktop, app, log) = connect_with_strict_client("connect-loopback", "loopback").await;
    assert!(
        log.contains("redirect to http:127.0.0.1:53682/oauth/supabase"),
        "{log}"
    );
    assert!(
        log.contains("loaded redirect target: 200"),
        "the tab shows the close page:\n{log}"
    );
    // The listener is gone once the flow is done.
    wait_until(
        "the loopback listener to close",
        Duration::from_secs(5),
        || async {
            std::net::TcpStream::connect(("127.0.0.1", 53682))
                .is_err()
                .then_some(())
        },
    )
    .await;
    desktop.screenshot("connected-loopback");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn connect_supabase_through_the_https_relay() {
    // The strict client refuses private-use schemes: only the relay works.
    let (sb, desktop, app, log) = connect_with_strict_client("connect-relay", "https_relay").await;
    assert!(
        log.contains("redirect to https:latchkey.dev/relay/debug/supabase"),
        "{log}"
    );
    assert!(
        log.contains("relay page sent the browser to dev.latchkey.debug:/oauth/supabase"),
        "{log}"
    );
    desktop.screenshot("connected-relay");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn declining_in_the_browser_shows_a_clear_message() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let mut desktop = desktop_for("connect-denied", &sb, &client.id, &client.secret);
    desktop.set_env("LATCHKEY_E2E_BROWSER_DECISION", "deny");
    let app = AppSession::launch(&desktop, &[]).await;
    app.click("[data-testid=connect-supabase]").await;
    let error = app.text("[data-testid=connect-error]").await;
    assert!(error.contains("declined"), "{error}");
    desktop.screenshot("denied");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn neon_and_netlify_connect_beside_supabase() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let mut desktop = desktop_for("three-providers", &sb, &client.id, &client.secret);
    desktop.set_env("LATCHKEY_NEON_API_URL", sb.neon_base_url());
    desktop.set_env("LATCHKEY_NEON_CLIENT_SECRET", sb.neon_demo_client().secret);
    desktop.set_env("LATCHKEY_NETLIFY_API_URL", sb.netlify_base_url());
    desktop.set_env(
        "LATCHKEY_NETLIFY_CLIENT_SECRET",
        sb.netlify_demo_client().secret,
    );
    let app = AppSession::launch(&desktop, &[]).await;

    for (n, provider) in ["neon", "netlify", "supabase"].into_iter().enumerate() {
        if n > 0 {
            app.click("[data-testid=add-organization]").await;
        }
        app.click(&format!("[data-testid=connect-{provider}]"))
            .await;
        wait_until(
            &format!("{provider} in the sidebar"),
            Duration::from_secs(20),
            || async { (app.count("[data-testid=account]").await == n + 1).then_some(()) },
        )
        .await;
        wait_until(
            &format!("{provider}'s projects"),
            Duration::from_secs(20),
            || async { (app.count("[data-testid=project-row]").await > 0).then_some(()) },
        )
        .await;
        if provider != "supabase" {
            let groups = app.text_content("[data-testid=groups]").await;
            let label = if provider == "neon" {
                "Organizations:"
            } else {
                "Accounts:"
            };
            assert!(groups.starts_with(label), "{groups}");
        }
        desktop.screenshot(&format!("connected-{provider}"));
        if provider == "neon" {
            // What the connection holds: Neon says which scopes it granted.
            app.click("[data-testid=details]").await;
            let scopes = app.text("[data-testid=detail-scopes]").await;
            assert!(scopes.contains("urn:neoncloud:projects:read"), "{scopes}");
            let expiry = app.text("[data-testid=detail-expiry]").await;
            assert!(expiry.contains("renews it by itself"), "{expiry}");
            desktop.screenshot("connection-detail");
            app.click("[data-testid=details]").await;
        }
        if provider == "neon" {
            // A Neon project created from the app appears in the list once.
            let before = app.text("[data-testid=projects-count]").await;
            app.click("[data-testid=new-project]").await;
            let name = app.wait_for("the name field", "input[name=name]").await;
            name.send_keys("from-the-app").await.expect("type");
            wait_until("Neon's regions", Duration::from_secs(15), || async {
                let select = app
                    .client
                    .find(fantoccini::Locator::Css("select[name=region]"))
                    .await
                    .ok()?;
                let value = select.prop("value").await.ok()??;
                (!value.is_empty() && !value.contains("Loading")).then_some(())
            })
            .await;
            desktop.screenshot("neon-create-form");
            app.click("[data-testid=neon-create-submit]").await;
            // The new project opens on its branches; back to the list.
            app.wait_for_text("[data-testid=project-name]", |t| t == "from-the-app")
                .await;
            app.wait_for("its default branch", "[data-testid=branch]")
                .await;
            app.click("[data-testid=back-to-projects]").await;
            app.wait_for_text("[data-testid=projects-count]", |t| t != before)
                .await;
            app.wait_for("search", "[data-testid=project-search]")
                .await
                .send_keys("from-the-app")
                .await
                .expect("type");
            let count = app
                .wait_for_text("[data-testid=projects-count]", |t| t.contains(" of "))
                .await;
            assert!(count.starts_with("1 of "), "{count}");
        }
    }
    let log = browser_log(&desktop);
    for path in ["/oauth/neon", "/oauth/netlify", "/oauth/supabase"] {
        assert!(
            log.contains(&format!("redirect to dev.latchkey.debug:{path}")),
            "{log}"
        );
    }
    app.close().await;
    sb.shutdown().await;
}
