//! Links delivered by the OS: the desktop file the app registers, `xdg-open`
//! as a desktop session runs it, a second launch forwarded by single-instance,
//! and a cold start with the link in argv.

use std::path::Path;
use std::time::Duration;

use crate::harness::{app_binary, wait_until, AppSession, Desktop, Keyring};

const SCHEME: &str = "dev.latchkey.debug";
const DESKTOP_FILE: &str = "dev.latchkey.app.debug-handler.desktop";

fn ping(n: u32) -> String {
    format!("{SCHEME}:/debug/ping?n={n}")
}

/// Waits until the running app has registered itself as the scheme handler.
async fn wait_for_registration(desktop: &Desktop) {
    let file = desktop.data_home().join("applications").join(DESKTOP_FILE);
    wait_until("the .desktop file", Duration::from_secs(15), || async {
        file.is_file().then_some(())
    })
    .await;
    let text = std::fs::read_to_string(&file).unwrap();
    let exec = format!("Exec={} %u", app_binary().display());
    assert!(text.contains(&exec), "unquoted Exec line expected:\n{text}");
    assert!(text.contains(&format!("MimeType=x-scheme-handler/{SCHEME};")));
    wait_until(
        "xdg-mime to name the handler",
        Duration::from_secs(15),
        || async {
            let out = desktop
                .command("xdg-mime")
                .args(["query", "default", &format!("x-scheme-handler/{SCHEME}")])
                .output()
                .ok()?;
            (String::from_utf8_lossy(&out.stdout).trim() == DESKTOP_FILE).then_some(())
        },
    )
    .await;
}

async fn wait_for_link(app: &AppSession, count: usize, detail: &str) {
    wait_until(
        &format!("link #{count} ({detail}) on screen"),
        Duration::from_secs(15),
        || async { (app.count("[data-testid=link]").await >= count).then_some(()) },
    )
    .await;
    let shown = app.text("[data-testid=links]").await;
    assert!(shown.contains(detail), "{detail} missing from: {shown}");
}

fn run_to_end(desktop: &Desktop, mut cmd: std::process::Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = desktop;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn links_reach_the_running_app_through_xdg_open_and_a_second_launch() {
    let desktop = Desktop::start("deep-link-running", Keyring::Unlocked);
    let app = AppSession::launch(&desktop, &[]).await;
    wait_for_registration(&desktop).await;
    // A debug build lists the links it received in Settings, off the
    // product screens.
    app.click("[data-testid=open-settings]").await;

    // Plain xdg-open with no desktop detected (generic mode): it parses the
    // Exec line itself, which is where a quoted path used to fail.
    let mut generic = desktop.command("xdg-open");
    generic.arg(ping(1));
    run_to_end(&desktop, generic, "generic xdg-open");
    wait_for_link(&app, 1, "n=1").await;

    // The binary launched a second time with the link: single-instance hands
    // it to the running app and the second process exits.
    let mut second = desktop.command(app_binary());
    second.arg(ping(2));
    let started = std::time::Instant::now();
    run_to_end(&desktop, second, "second launch");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the second instance must exit"
    );
    wait_for_link(&app, 2, "n=2").await;

    // xdg-open as a GNOME session runs it (through gio).
    let mut gnome = desktop.command("xdg-open");
    gnome.env("XDG_CURRENT_DESKTOP", "GNOME").arg(ping(3));
    run_to_end(&desktop, gnome, "xdg-open under GNOME");
    wait_for_link(&app, 3, "n=3").await;
    desktop.screenshot("links-received");

    // Hostile or malformed links are ignored without a trace of their values.
    let mut hostile = desktop.command(app_binary());
    hostile.arg(format!("{SCHEME}:/debug/ping?n=1&code=HOSTILE-VALUE"));
    run_to_end(&desktop, hostile, "a malformed link");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.count("[data-testid=link]").await, 3);
    assert!(
        !app.log().contains("HOSTILE-VALUE"),
        "link values must never be logged"
    );

    assert_only_one_app_process(desktop.path());
    app.close().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_cold_start_with_a_link_in_argv_shows_it() {
    let desktop = Desktop::start("deep-link-cold-start", Keyring::Unlocked);
    let app = AppSession::launch(&desktop, &[&ping(9)]).await;
    app.click("[data-testid=open-settings]").await;
    wait_for_link(&app, 1, "n=9").await;
    desktop.screenshot("cold-start-link");
    app.close().await;
}

/// Every forwarded launch must have exited: only the instance under test runs.
fn assert_only_one_app_process(desktop_dir: &Path) {
    let bin = app_binary();
    let mut running = 0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let exe = std::fs::read_link(entry.path().join("exe")).ok();
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let ours = String::from_utf8_lossy(&environ).contains(&*desktop_dir.to_string_lossy());
        if ours && exe.as_deref() == Some(bin.as_path()) {
            running += 1;
        }
    }
    assert_eq!(
        running, 1,
        "forwarded launches must exit, leaving one instance"
    );
}
