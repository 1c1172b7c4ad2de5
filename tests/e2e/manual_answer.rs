//! When the browser cannot come back (issue 11), on the real desktop: the
//! fake browser is stranded on the answer's address (as a browser with no
//! handler for the scheme, or one on another machine over SSH, would be),
//! and the user pastes that address into the window. A forged address is
//! refused under the input while the sign-in keeps waiting; the real one
//! connects. On the loopback redirect, a busy first port moves the listener
//! to the next registered one, Cancel closes it at once, and when every
//! registered port is taken the message names them.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::connect::{browser_log, desktop_for, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession, Desktop};

/// Strands the desktop's browser on the answer: while the returned file
/// exists, the browser writes the address it ended on into it and stops.
fn strand_browser(desktop: &mut Desktop) -> PathBuf {
    let gate = desktop.path().join("stranded-on");
    std::fs::write(&gate, "").unwrap();
    desktop.set_env("LATCHKEY_E2E_BROWSER_STRANDED", gate.to_string_lossy());
    gate
}

/// The address the stranded browser ended on, once it has one.
async fn ended_on(gate: &Path) -> String {
    wait_until(
        "the browser to end on the answer",
        Duration::from_secs(20),
        || async {
            let text = std::fs::read_to_string(gate).unwrap_or_default();
            (!text.is_empty()).then_some(text)
        },
    )
    .await
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_pasted_address_connects_when_the_browser_cannot_come_back() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for("paste-answer", &sb, &client.id, &client.secret);
    let gate = strand_browser(&mut desktop);
    let app = AppSession::launch(&desktop, &[]).await;

    app.click("[data-testid=connect-supabase]").await;
    let real = ended_on(&gate).await;
    assert!(
        real.starts_with("dev.latchkey.debug:/oauth/supabase?"),
        "{real}"
    );
    app.click("[data-testid=paste-open]").await;

    // A forged answer: the right place, a state no sign-in waits for.
    let forged = {
        let mut url = url::Url::parse(&real).unwrap();
        url.set_query(Some("code=forged&state=0123456789abcdef0123456789abcdef"));
        url.to_string()
    };
    app.type_into("[data-testid=paste-address]", &forged).await;
    app.click("[data-testid=paste-submit]").await;
    let refused = app.text("[data-testid=field-error]").await;
    assert!(refused.contains("not the answer"), "{refused}");
    assert_eq!(
        app.count("[data-testid=connect-waiting]").await,
        1,
        "the sign-in still waits"
    );
    desktop.screenshot("paste-refused");

    app.type_into("[data-testid=paste-address]", "https://example.com/")
        .await;
    app.click("[data-testid=paste-submit]").await;
    let refused = app.text("[data-testid=field-error]").await;
    assert!(refused.contains("no sign-in answer"), "{refused}");

    app.type_into("[data-testid=paste-address]", &real).await;
    app.click("[data-testid=paste-submit]").await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    assert!(
        keychain_item(&desktop, &format!("supabase:{org_slug}")).is_some(),
        "the pasted answer's tokens are in the keychain"
    );
    let log = browser_log(&desktop);
    assert!(log.contains("stranded on the answer"), "{log}");
    assert!(
        !log.contains("handed over"),
        "the browser never came back:\n{log}"
    );
    let app_log = app.log();
    assert!(
        !app_log.contains("forged") && !app_log.contains(&real),
        "no pasted address is logged"
    );
    desktop.screenshot("paste-connected");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn loopback_spare_ports_and_cancel() {
    let sb = sandbox().await;
    let client = sb.strict_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for("loopback-ports", &sb, &client.id, &client.secret);
    desktop.set_env("LATCHKEY_SUPABASE_REDIRECT_MODE", "loopback");
    let gate = strand_browser(&mut desktop);
    // Another program holds the registered port.
    let first = TcpListener::bind(("127.0.0.1", 53682)).expect("53682 is free for the test");
    let app = AppSession::launch(&desktop, &[]).await;

    app.click("[data-testid=connect-supabase]").await;
    let address = ended_on(&gate).await;
    assert!(
        address.starts_with("http://127.0.0.1:53683/oauth/supabase?"),
        "the first spare port is used: {address}"
    );
    assert!(listening(53683), "the listener waits on the spare port");

    // Cancel ends the wait and closes the listener at once.
    app.click("[data-testid=connect-cancel]").await;
    wait_until("the wait to end", Duration::from_secs(5), || async {
        (app.count("[data-testid=connect-waiting]").await == 0).then_some(())
    })
    .await;
    wait_until("the listener to close", Duration::from_secs(5), || async {
        (!listening(53683)).then_some(())
    })
    .await;

    // The browser comes back this time, to the spare port's listener.
    std::fs::remove_file(&gate).unwrap();
    app.click("[data-testid=connect-supabase]").await;
    app.wait_for_text("[data-testid=org-name]", |t| t == org_name)
        .await;
    let log = browser_log(&desktop);
    assert!(
        log.contains("redirect to http:127.0.0.1:53683/oauth/supabase"),
        "{log}"
    );
    assert!(log.contains("loaded redirect target: 200"), "{log}");

    // The listener closes once it has handed the answer over; on a loaded
    // machine that can land a moment after the list shows.
    wait_until(
        "the listener to close after the answer",
        Duration::from_secs(5),
        || async { (!listening(53683)).then_some(()) },
    )
    .await;

    // Every registered port taken: the message names them all.
    let _spares = [53683, 53684].map(|p| TcpListener::bind(("127.0.0.1", p)).unwrap());
    app.click("[data-testid=add-organization]").await;
    app.click("[data-testid=connect-supabase]").await;
    let error = app.text("[data-testid=connect-error]").await;
    assert!(
        error.contains("53682, 53683 and 53684"),
        "the busy ports are named: {error}"
    );
    desktop.screenshot("loopback-ports-busy");
    drop(first);
    app.close().await;
    sb.shutdown().await;
}
