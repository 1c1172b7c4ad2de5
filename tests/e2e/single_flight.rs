//! Safe beside the app (issue 12 item 3), with real processes: the window
//! holds a Supabase grant (rotating refresh tokens), the provider expires
//! its access token, and then three other processes on the same keychain
//! item and data directory (built exactly as `lk` builds its connector)
//! each make 50 calls at once while the window refreshes too. Supabase
//! answers a reused refresh token with 404, which would purge the grant, so
//! the per-connection lock file must let exactly one token request out; the
//! others adopt the renewed pair. Every call succeeds and nothing is marked
//! for Reconnect.

use std::time::Duration;

use latchkey_sandbox::FaultRule;

use crate::connect::{connect_through_the_browser, desktop_for};
use crate::harness::AppSession;

const CHILD_CONNECTION: &str = "LATCHKEY_E2E_CHILD_CONNECTION";
const CALLS: usize = 50;

/// The child process's half, run by the test below with the desktop's
/// environment. Not a test of its own: `scripts/test` skips `child_…`, and
/// without the parent's desktop it returns at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end-to-end: a child process of the single-flight test"]
async fn child_makes_fifty_calls_at_once() {
    let Ok(account) = std::env::var(CHILD_CONNECTION) else {
        return;
    };
    let setup = latchkey_cli::setup::connector().expect("lk's connector");
    let id = latchkey_core::connections::ConnectionId::new("supabase", account);
    let calls = (0..CALLS).map(|_| setup.connector.connections().check(&id));
    let results = futures::future::join_all(calls).await;
    for result in &results {
        if let Err(e) = result {
            println!("failed: {e}");
        }
    }
    println!("ok {}", results.iter().filter(|r| r.is_ok()).count());
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn the_window_and_three_processes_renew_a_rotating_grant_once() {
    // 150 calls at once are more than Supabase's 120 a minute: the limit
    // is lifted, since what is counted here is token requests.
    let sb = latchkey_sandbox::Sandbox::builder()
        .seed(latchkey_sandbox::Seed::demo())
        .rate_limit_per_minute(100_000)
        .start()
        .await
        .expect("the sandbox starts");
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("single-flight", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;

    // Expired at the provider (the pair still looks fresh locally), and a
    // slow token endpoint, so every process meets the 401 while one renews.
    assert!(sb.expire_tokens(None) >= 1);
    let counter = sb
        .add_fault(FaultRule::new("POST", "/v1/oauth/token").latency(Duration::from_millis(300)))
        .unwrap();
    let children: Vec<_> = (0..3)
        .map(|_| {
            let mut cmd = desktop.command(std::env::current_exe().unwrap());
            cmd.args([
                "--ignored",
                "--exact",
                "single_flight::child_makes_fifty_calls_at_once",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_CONNECTION, &org_slug);
            tokio::process::Command::from(cmd).output()
        })
        .collect();
    app.click("[data-testid=refresh]").await;
    let outputs = futures::future::join_all(children).await;
    for out in outputs {
        let out = out.expect("the child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("ok {CALLS}\n")),
            "every call of every process succeeds:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fired = sb
        .faults()
        .into_iter()
        .find(|f| f.id == counter)
        .map(|f| f.fired)
        .unwrap_or_default();
    assert_eq!(fired, 1, "one token request for four processes");
    let live: Vec<_> = sb
        .grants()
        .into_iter()
        .filter(|g| g.revoked_at.is_none())
        .collect();
    assert_eq!(live.len(), 1, "the grant lives on: {live:?}");
    app.wait_for_text("[data-testid=projects-count]", |t| t.ends_with("projects"))
        .await;
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "connected",
        "nothing marked for Reconnect"
    );
    app.close().await;
    sb.shutdown().await;
}
