//! Makes this binary the OS handler of its scheme at every start, so links
//! keep working after the app moves or a package manager reinstalls it.

use latchkey_core::channel::Channel;
use tauri::{AppHandle, Manager};

pub fn spawn(app: AppHandle, channel: Channel) {
    #[cfg(target_os = "linux")]
    tauri::async_runtime::spawn_blocking(move || register_linux(&app, channel));
    #[cfg(not(target_os = "linux"))]
    let _ = (app, channel);
}

#[cfg(target_os = "linux")]
fn register_linux(app: &AppHandle, channel: Channel) {
    use latchkey_core::desktop_entry::SchemeHandler;

    let exec = match tauri::utils::platform::current_exe() {
        Ok(path) => path,
        Err(err) => {
            tracing::warn!(%err, "scheme registration skipped: executable path unknown");
            return;
        }
    };
    // `data_dir()` is $XDG_DATA_HOME (or ~/.local/share).
    let data_home = match app.path().data_dir() {
        Ok(dir) => dir,
        Err(err) => {
            tracing::warn!(%err, "scheme registration skipped: no data directory");
            return;
        }
    };
    let handler = SchemeHandler {
        app_name: "Latchkey".into(),
        exec,
        scheme: channel.scheme().into(),
        file_name: channel.desktop_file_name().into(),
    };
    let reg = match handler.install(&data_home) {
        Ok(reg) => reg,
        Err(err) => {
            tracing::warn!(%err, "scheme registration refused");
            return;
        }
    };
    for warning in &reg.warnings {
        tracing::warn!(%warning, "scheme registration");
    }
    if let Some(file) = reg.desktop_file {
        tracing::info!(file = %file.display(), scheme = channel.scheme(), "scheme handler registered");
    }
}
