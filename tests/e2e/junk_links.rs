//! A waiting sign-in is not disturbed by links that are not its answer
//! (security review L2, confirmed on the real app: one link without code or
//! error put "Something went wrong" on screen, and the connection that the
//! real answer then made was never shown), nor by launch arguments that
//! split a multi-byte character where the scheme prefix ends (L1).
//!
//! Every link goes the OS way: `xdg-open`, or a second launch of the binary
//! that single-instance forwards to the running app.

use std::time::Duration;

use crate::connect::{browser_log, desktop_for, sandbox};
use crate::harness::{app_binary, wait_until, AppSession, Desktop};

const SCHEME: &str = "dev.latchkey.debug";

fn deliver(desktop: &Desktop, program: &str, arg: &str) {
    let program = if program == "app" {
        app_binary().into_os_string()
    } else {
        program.into()
    };
    // A forwarding launch waits for the running app's D-Bus reply; one that
    // never comes (the handler panicked) must fail the test, not hang it.
    let mut child = desktop
        .command(&program)
        .arg(arg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("deliver a link");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            panic!("{program:?} {arg:?} did not return: the running app never answered");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{program:?} failed: {status}");
}

async fn assert_still_waiting(app: &AppSession, after: &str) {
    // Give the app time to have reacted if it were going to.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        app.count("[data-testid=connect-error]").await,
        0,
        "no error on screen after {after}"
    );
    assert_eq!(
        app.count("[data-testid=connect-waiting]").await,
        1,
        "the sign-in still waits after {after}"
    );
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn junk_links_leave_a_waiting_sign_in_alone_and_the_real_answer_still_connects() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for("junk-links", &sb, &client.id, &client.secret);
    let gate = desktop.path().join("browser-gate");
    desktop.set_env("LATCHKEY_E2E_BROWSER_HOLD", gate.to_string_lossy());
    let app = AppSession::launch(&desktop, &[]).await;

    app.click("[data-testid=connect-supabase]").await;
    app.wait_for("the waiting panel", "[data-testid=connect-waiting]")
        .await;
    wait_until(
        "the browser to hold the answer",
        Duration::from_secs(20),
        || async {
            browser_log(&desktop)
                .contains("holding the answer")
                .then_some(())
        },
    )
    .await;
    let answer = std::fs::read_to_string(gate.with_extension("callback")).expect("held answer");
    let state = url::Url::parse(&answer)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("the answer's state");

    let junk = [
        format!("{SCHEME}:/oauth/supabase?code=x"),
        format!("{SCHEME}:/oauth/supabase?error=access_denied"),
        format!("{SCHEME}:/oauth/supabase?evil=1"),
        format!("{SCHEME}:/oauth/supabase"),
        format!("{SCHEME}:/oauth/supabase?code=x&state=wrong"),
        format!("{SCHEME}:/oauth/supabase?code=x&state={state}&state={state}"),
        // The waiting state on another provider's path, or no provider's.
        format!("{SCHEME}:/oauth/neon?code=x&state={state}"),
        format!("{SCHEME}:/oauth/nope?code=x&state={state}"),
        format!("{SCHEME}://evil.example/oauth/supabase?code=x&state={state}"),
    ];
    for (n, link) in junk.iter().enumerate() {
        let via = if n % 2 == 0 { "xdg-open" } else { "app" };
        deliver(&desktop, via, link);
        assert_still_waiting(&app, &format!("junk link {n} via {via}")).await;
    }
    // A launch argument whose 19th byte falls inside "é", where the scheme
    // prefix `dev.latchkey.debug:` ends (L1).
    deliver(&desktop, "app", &format!("{}é", "a".repeat(SCHEME.len())));
    deliver(&desktop, "app", "--profile=éééééééééé");
    assert_still_waiting(&app, "multi-byte launch arguments").await;
    desktop.screenshot("junk-links-still-waiting");

    // The real answer, after all that: the organization appears.
    std::fs::write(&gate, "go").unwrap();
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    assert_eq!(app.count("[data-testid=connect-error]").await, 0);

    // Replays of the used answer change nothing either.
    for _ in 0..2 {
        deliver(&desktop, "xdg-open", &answer);
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(app.count("[data-testid=connect-error]").await, 0);
    assert_eq!(app.count("[data-testid=connect-waiting]").await, 0);
    assert_eq!(
        app.attribute("[data-testid=account-status]", "data-status")
            .await,
        "connected"
    );
    desktop.screenshot("junk-links-then-connected");

    let log = app.log();
    assert!(!log.contains("panicked"), "no panic in the app:\n{log}");
    assert!(
        !log.contains(&state),
        "link values are never logged, not even a junk link's"
    );
    app.close().await;
    sb.shutdown().await;
}
