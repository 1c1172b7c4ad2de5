//! Opens URLs in the user's default browser, from Rust: the webview has no
//! permission to open anything.

use tauri::AppHandle;
use url::Url;

/// Returns whether a browser was launched; the UI offers "Copy link" either way.
pub fn open(app: &AppHandle, url: &Url) -> bool {
    use tauri_plugin_shell::ShellExt;
    // tauri-plugin-shell's Rust-side `open` (unscoped, as Rust calls are) is
    // deprecated in favour of tauri-plugin-opener; the design card names
    // tauri-plugin-shell, and the behaviour is the same xdg-open/gio launch.
    #[allow(deprecated)]
    let result = app.shell().open(url.as_str(), None);
    // Never log the error itself: its text (open's "Launcher {cmd:?} failed")
    // holds the whole authorize URL, state included. The I/O kind is enough.
    match result {
        Ok(()) => true,
        Err(tauri_plugin_shell::Error::Io(io)) => {
            tracing::warn!(kind = ?io.kind(), "could not open the system browser");
            false
        }
        Err(_) => {
            tracing::warn!("could not open the system browser");
            false
        }
    }
}
