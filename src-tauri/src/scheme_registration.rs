//! Makes this binary the OS handler of its scheme at every start, so links
//! keep working after a source checkout or an AppImage moves. A copy that a
//! package installed leaves that to the package's own desktop entry (and
//! retires any entry an earlier run wrote, which would outrank it).

use latchkey_core::channel::Channel;
use tauri::{AppHandle, Manager};

/// Registers once the first frame is on screen (or after a few seconds):
/// `xdg-mime` is a shell script that starts a dozen processes, which on a
/// two-core machine took CPU from WebKit's start-up (measured by
/// scripts/bench). A sign-in waits for it (`scheme_registered`), so the
/// answer's link never arrives before its handler exists.
pub fn spawn(app: AppHandle, channel: Channel) {
    tauri::async_runtime::spawn(async move {
        let Some(state) = app.try_state::<crate::AppState>() else {
            return;
        };
        state.ui_ready.passed(crate::START_CHORES_WAIT).await;
        #[cfg(target_os = "linux")]
        {
            let app = app.clone();
            let _ =
                tauri::async_runtime::spawn_blocking(move || register_linux(&app, channel)).await;
        }
        #[cfg(not(target_os = "linux"))]
        let _ = channel;
        state.scheme_registered.open();
    });
}

#[cfg(target_os = "linux")]
fn register_linux(app: &AppHandle, channel: Channel) {
    use latchkey_core::desktop_entry::{packaged, SchemeHandler};

    let binary = match tauri::utils::platform::current_exe() {
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
        exec: packaged::launcher_path(binary.clone(), std::env::var_os("APPIMAGE").as_deref()),
        scheme: channel.scheme().into(),
        file_name: channel.desktop_file_name().into(),
    };
    let data_dirs = packaged::system_data_dirs(std::env::var_os("XDG_DATA_DIRS").as_deref());
    let path_var = std::env::var_os("PATH");
    if let Some(entry) =
        packaged::package_entry_for(channel.scheme(), &binary, &data_dirs, path_var.as_deref())
    {
        tracing::info!(entry = %entry.display(), "installed by a package: its desktop entry hands links to Latchkey");
        match handler.uninstall(&data_home) {
            Ok(true) => tracing::info!("removed the handler an earlier run of Latchkey registered"),
            Ok(false) => {}
            Err(warning) => tracing::warn!(%warning, "scheme registration"),
        }
        return;
    }
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
