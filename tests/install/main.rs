//! The `.deb` as a user gets it: installed with `dpkg -i`, its files and
//! metadata checked, links opened with `xdg-open` in a private desktop (its
//! own Xvfb, D-Bus session, keyring and XDG directories, as the E2E tests
//! use) reach the installed app, cold and warm, and `dpkg -r` takes it all
//! away again.
//!
//! It installs a system package, so it needs root and a machine where
//! Latchkey is not already installed (it refuses to replace a real copy).
//! scripts/test builds the package with scripts/package and runs this with
//! `LATCHKEY_DEB=<path> cargo test --test install -- --ignored`.

#[allow(dead_code, unused_imports)]
#[path = "../e2e/harness/mod.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::{Desktop, Keyring};

const PACKAGE: &str = "latchkey";
const APP: &str = "/usr/bin/latchkey";
const CLI: &str = "/usr/bin/lk";
const DESKTOP_FILE: &str = "/usr/share/applications/Latchkey.desktop";
const MIME: &str = "x-scheme-handler/dev.latchkey";
/// OAuth-shaped links with no sign-in waiting for them: the app logs their
/// route and ignores them, which is all delivery needs to show.
const FIRST_LINK: &str = "dev.latchkey:/oauth/supabase?code=install-test-1&state=install-test";
const SECOND_LINK: &str = "dev.latchkey:/oauth/supabase?code=install-test-2&state=install-test";

#[test]
#[ignore = "installs a system package: run by scripts/test (as root)"]
fn the_deb_installs_opens_links_cold_and_warm_and_removes_cleanly() {
    let deb = package_path();
    assert_eq!(run("id", &["-u"]).trim(), "0", "dpkg -i needs root");
    assert!(
        !is_installed(),
        "a Latchkey package is already installed here; this test would replace it. \
         Remove it first (dpkg -r {PACKAGE})"
    );
    let _removal = RemoveOnDrop;

    let out = Command::new("dpkg").arg("-i").arg(&deb).output().unwrap();
    assert!(
        out.status.success(),
        "dpkg -i: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_package_contents();

    let mut desktop = Desktop::start("install-deb", Keyring::Unlocked);
    desktop.set_env("RUST_LOG", "info");
    assert_eq!(
        query_default(&desktop),
        "Latchkey.desktop",
        "the package alone makes Latchkey the handler: nothing has started it yet"
    );
    assert!(
        installed_app_pids().is_empty(),
        "no Latchkey runs before the first link"
    );

    // Cold start: xdg-open (generic mode: no desktop environment is running)
    // starts the installed binary with the link, and waits for it.
    let log_path = desktop.path().join("installed-app.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut cold = desktop
        .command("xdg-open")
        .arg(FIRST_LINK)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("xdg-open");
    let app_log = || std::fs::read_to_string(&log_path).unwrap_or_default();
    wait_for("the cold-started app to receive the first link", || {
        received(&app_log()) == 1
    });
    let pids = installed_app_pids();
    assert_eq!(pids.len(), 1, "one installed copy runs: {pids:?}");
    wait_for("the window to render", || app_log().contains("ui ready"));
    std::thread::sleep(Duration::from_millis(500));
    desktop.screenshot("installed-app");

    // Warm: the second launch forwards its link to the running copy over
    // D-Bus and exits.
    let warm = desktop
        .command("xdg-open")
        .arg(SECOND_LINK)
        .output()
        .expect("xdg-open");
    assert!(
        warm.status.success(),
        "{}",
        String::from_utf8_lossy(&warm.stderr)
    );
    wait_for("the running app to receive the second link", || {
        received(&app_log()) == 2
    });
    assert_eq!(installed_app_pids(), pids, "the same process received it");

    let text = app_log();
    assert!(
        text.contains("installed by a package"),
        "the installed copy leaves link handling to its package:\n{text}"
    );
    assert!(
        !desktop.data_home().join("applications").exists()
            || std::fs::read_dir(desktop.data_home().join("applications"))
                .unwrap()
                .next()
                .is_none(),
        "the installed copy wrote no desktop entry of its own"
    );
    assert!(
        !text.contains("install-test-1") && !text.contains("install-test-2"),
        "no link value is logged:\n{text}"
    );

    for pid in &pids {
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
    wait_for("the app to exit", || installed_app_pids().is_empty());
    let _ = cold.wait();

    let out = Command::new("dpkg").args(["-r", PACKAGE]).output().unwrap();
    assert!(
        out.status.success(),
        "dpkg -r: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!is_installed());
    for gone in [APP, CLI, DESKTOP_FILE] {
        assert!(
            !Path::new(gone).exists(),
            "{gone} is removed with the package"
        );
    }
    assert_eq!(
        query_default(&desktop),
        "",
        "no handler is left for the scheme"
    );
    let cache =
        std::fs::read_to_string("/usr/share/applications/mimeinfo.cache").unwrap_or_default();
    assert!(
        !cache.contains(MIME),
        "the desktop database forgot the scheme"
    );
}

/// What the package holds and says about itself.
fn check_package_contents() {
    let files = run("dpkg", &["-L", PACKAGE]);
    for expected in [
        APP,
        CLI,
        DESKTOP_FILE,
        "/usr/share/icons/hicolor/128x128/apps/latchkey.png",
    ] {
        assert!(
            files.lines().any(|l| l == expected),
            "{expected} is in the package:\n{files}"
        );
    }
    let entry = std::fs::read_to_string(DESKTOP_FILE).unwrap();
    for line in [
        "Exec=latchkey %u",
        "TryExec=latchkey",
        "Name=Latchkey",
        "MimeType=x-scheme-handler/dev.latchkey;",
    ] {
        assert!(
            entry.lines().any(|l| l == line),
            "{line} in the desktop entry:\n{entry}"
        );
    }
    let validate = Command::new("desktop-file-validate")
        .arg(DESKTOP_FILE)
        .output()
        .expect("desktop-file-validate");
    assert!(
        validate.status.success() && validate.stdout.is_empty(),
        "the desktop entry is valid: {}",
        String::from_utf8_lossy(&validate.stdout)
    );
    let status = run("dpkg", &["-s", PACKAGE]);
    assert!(
        !status.contains("(none)"),
        "the package describes itself:\n{status}"
    );
    assert!(
        status.contains("Description: Account manager for cloud developer platforms"),
        "{status}"
    );
    assert!(
        status.contains("xdg-utils"),
        "it depends on what opens the browser:\n{status}"
    );
    for binary in [APP, CLI] {
        let mode = std::fs::metadata(binary).unwrap();
        assert!(std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o111 != 0);
    }
    let version = run(CLI, &["--version"]);
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
}

/// `xdg-mime query default` for the scheme, as the private desktop sees it.
fn query_default(desktop: &Desktop) -> String {
    let out = desktop
        .command("xdg-mime")
        .args(["query", "default", MIME])
        .output()
        .expect("xdg-mime");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// How many links the app logged as received.
fn received(log: &str) -> usize {
    log.lines()
        .filter(|l| l.contains("link received") && l.contains("oauth/supabase"))
        .count()
}

/// Processes running the installed binary.
fn installed_app_pids() -> Vec<u32> {
    let mut pids: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .filter(|pid: &u32| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == Path::new(APP))
        })
        .collect();
    pids.sort_unstable();
    pids
}

fn is_installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn package_path() -> PathBuf {
    let path = std::env::var_os("LATCHKEY_DEB").map(PathBuf::from).expect(
        "LATCHKEY_DEB names the .deb to install: run scripts/package deb first (scripts/test does)",
    );
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A failed run must not leave the package installed on the machine.
struct RemoveOnDrop;

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for pid in installed_app_pids() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        if is_installed() {
            let _ = Command::new("dpkg").args(["-r", PACKAGE]).status();
        }
    }
}
