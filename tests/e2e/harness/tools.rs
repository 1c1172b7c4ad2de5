//! Locating the programs the harness drives, and polling.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The app binary cargo built for this test run (bundled UI, debug channel).
pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_latchkey"))
}

/// The `lk` command-line companion, beside the app binary. It is another
/// package's binary, so cargo does not build it for this test: scripts/test
/// builds it first, and a missing one fails the test.
pub fn cli_binary() -> PathBuf {
    let lk = app_binary().with_file_name("lk");
    assert!(
        lk.exists(),
        "{} is missing: run `cargo build -p latchkey-cli` (scripts/test does)",
        lk.display()
    );
    lk
}

/// `<target>/e2e-screenshots`, next to the binary's profile directory.
pub fn screenshot_dir() -> PathBuf {
    let bin = app_binary();
    let target = bin
        .parent()
        .and_then(Path::parent)
        .expect("binary lives in <target>/<profile>/");
    target.join("e2e-screenshots")
}

/// Finds a required program or fails the test: a missing dependency must
/// never turn into a skipped test.
pub fn require(program: &str, extra_dirs: &[PathBuf]) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(extra_dirs.iter().cloned())
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("E2E dependency `{program}` not found on PATH; run scripts/setup (or scripts/test, which installs it)")
        })
}

pub fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cached = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/latchkey/tools/bin"))
        .into_iter()
        .collect::<Vec<_>>();
    require("tauri-driver", &cached)
}

/// Polls `check` every 100 ms until it yields a value or `timeout` passes.
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
