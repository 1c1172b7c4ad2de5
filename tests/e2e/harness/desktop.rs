//! A private desktop per test: Xvfb, a D-Bus session bus of our own (with no
//! service activation, so nothing starts unless the test starts it),
//! optionally an unlocked throwaway gnome-keyring, and fresh HOME and XDG
//! directories. Nothing touches the developer's real keychain or desktop files.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::tools::{require, screenshot_dir};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyring {
    /// gnome-keyring-daemon (secrets component), unlocked with a throwaway password.
    Unlocked,
    /// A session bus with no Secret Service on it.
    Absent,
}

pub struct Desktop {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    /// Killed in reverse order on drop.
    children: Vec<Child>,
    test_name: String,
}

impl Desktop {
    pub fn start(test_name: &str, keyring: Keyring) -> Desktop {
        let dir = tempfile::Builder::new()
            .prefix("latchkey-e2e-")
            .tempdir()
            .expect("temp dir");
        let mut desktop = Desktop {
            env: base_env(dir.path()),
            dir,
            children: Vec::new(),
            test_name: test_name.to_string(),
        };
        desktop.start_xvfb();
        desktop.start_dbus();
        if keyring == Keyring::Unlocked {
            desktop.start_keyring();
        }
        desktop
    }

    /// Adds a variable to everything started on this desktop from now on
    /// (the app inherits it through tauri-driver and WebKitWebDriver).
    pub fn set_env(&mut self, key: &str, value: impl Into<String>) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.into()));
    }

    /// A command that sees only this desktop's environment.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear();
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn env(&self, key: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_home(&self) -> PathBuf {
        self.path().join("data")
    }

    /// Captures the whole X screen (what a person would see; WebDriver's own
    /// screenshot once showed a stale frame here) as
    /// `<target>/e2e-screenshots/<test>-<name>.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let file = dir.join(format!("{}-{name}.png", self.test_name));
        let import = require("import", &[]);
        let status = self
            .command(import)
            .args(["-window", "root"])
            .arg(&file)
            .status()
            .expect("run import");
        assert!(status.success(), "import failed to capture the screen");
        file
    }

    fn start_xvfb(&mut self) {
        let xvfb = require("Xvfb", &[]);
        let mut child = self
            .command(xvfb)
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let display = first_line(&mut child, Duration::from_secs(10), "Xvfb's display number");
        self.children.push(child);
        self.env
            .push(("DISPLAY".into(), format!(":{}", display.trim())));
    }

    fn start_dbus(&mut self) {
        let config = self.path().join("session-bus.conf");
        std::fs::write(&config, bus_config(&self.path().join("runtime"))).expect("bus config");
        let dbus = require("dbus-daemon", &[]);
        let mut child = self
            .command(dbus)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let address = first_line(&mut child, Duration::from_secs(10), "the bus address");
        self.children.push(child);
        self.env.push((
            "DBUS_SESSION_BUS_ADDRESS".into(),
            address.trim().to_string(),
        ));
    }

    /// Starts gnome-keyring on this desktop's bus (also after start-up, to
    /// play a user who starts their keyring and presses Retry).
    pub fn start_keyring(&mut self) {
        self.spawn_unlocked_keyring(&[]);
    }

    /// A gnome-keyring daemon unlocked with the throwaway password, which it
    /// reads from stdin until EOF; `extra` flags such as `--replace`.
    fn spawn_unlocked_keyring(&mut self, extra: &[&str]) {
        let daemon = require("gnome-keyring-daemon", &[]);
        let mut child = self
            .command(daemon)
            .args(["--foreground", "--unlock", "--components=secrets"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"throwaway-e2e-password")
            .expect("password");
        drop(stdin);
        self.children.push(child);
        self.wait_for_bus_name("org.freedesktop.secrets", Duration::from_secs(10));
    }

    /// The X clipboard's text, as a paste would give it.
    pub fn clipboard(&self) -> Option<String> {
        let out = self
            .command("xclip")
            .args(["-selection", "clipboard", "-o"])
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Locks the keyring's login collection over D-Bus, as the desktop does
    /// on screen lock or after a timeout.
    pub fn lock_keyring(&self) {
        let out = self
            .command(require("busctl", &[]))
            .args([
                "--user",
                "call",
                "org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service",
                "Lock",
                "ao",
                "1",
                "/org/freedesktop/secrets/collection/login",
            ])
            .output()
            .expect("run busctl");
        assert!(
            out.status.success(),
            "locking the keyring failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Unlocks it again the way a login does: a new daemon replaces the
    /// running one and unlocks with the password (a second `--unlock` on
    /// the running daemon does not; PLATFORM-NOTES.md).
    pub fn unlock_keyring(&mut self) {
        self.spawn_unlocked_keyring(&["--replace"]);
        // The name stays owned while the old daemon hands over; give the new
        // one a moment before the first call.
        std::thread::sleep(Duration::from_millis(500));
    }

    fn wait_for_bus_name(&self, name: &str, timeout: Duration) {
        let dbus_send = require("dbus-send", &[]);
        let start = Instant::now();
        loop {
            let out = self
                .command(&dbus_send)
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                ])
                .arg(format!("string:{name}"))
                .output()
                .expect("run dbus-send");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "{name} never appeared on the session bus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn base_env(root: &Path) -> Vec<(String, String)> {
    let dirs = ["home", "data", "config", "cache", "runtime"];
    for d in dirs {
        std::fs::create_dir_all(root.join(d)).expect("xdg dir");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(root.join("runtime"), std::fs::Permissions::from_mode(0o700))
            .expect("runtime dir mode");
    }
    let p = |d: &str| root.join(d).to_string_lossy().into_owned();
    let mut env = vec![
        ("HOME".into(), p("home")),
        ("XDG_DATA_HOME".into(), p("data")),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_CACHE_HOME".into(), p("cache")),
        ("XDG_RUNTIME_DIR".into(), p("runtime")),
        ("LANG".into(), "C.UTF-8".into()),
        ("NO_AT_BRIDGE".into(), "1".into()),
        ("WEBKIT_DISABLE_DMABUF_RENDERER".into(), "1".into()),
        ("RUST_LOG".into(), "info".into()),
    ];
    for inherited in ["PATH", "XDG_DATA_DIRS", "TAURI_DRIVER"] {
        if let Ok(value) = std::env::var(inherited) {
            env.push((inherited.into(), value));
        }
    }
    env
}

/// A session bus with no service directories: no D-Bus activation, so the
/// "no Secret Service" case really has none.
fn bus_config(runtime: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        runtime.display()
    )
}

/// Reads the first line a child prints, then keeps draining its stdout so it
/// never blocks on a full pipe.
fn first_line(child: &mut Child, timeout: Duration, what: &str) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(line)) = lines.next() {
            let _ = tx.send(line);
        }
        for _ in lines {}
    });
    rx.recv_timeout(timeout)
        .unwrap_or_else(|_| panic!("no {what} within {timeout:?}"))
}
