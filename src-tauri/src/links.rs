//! Where incoming links enter: launch arguments (cold start, and a second
//! launch forwarded by single-instance on Linux/Windows) and, on macOS, the
//! run loop's `Opened` event. All of them go through one handler, which
//! hands the page a `LinkSummary` only, never a link's values.

use latchkey_core::connect::{ConnectError, ConnectFinished, LoopbackAnswer};
use latchkey_core::deep_link::{self, DeepLink};
use latchkey_core::error::AppError;
use latchkey_core::oauth::loopback::LoopbackError;
use tauri::{AppHandle, Emitter, Manager};

use crate::AppState;

/// Event the UI listens to; its payload is a `LinkSummary`, never the URL.
pub const LINK_RECEIVED: &str = "link-received";
/// Event with a `ConnectFinished`: how a sign-in ended.
pub const CONNECT_FINISHED: &str = "connect-finished";

/// A second launch's arguments, forwarded by single-instance. That callback
/// can run before `setup` has managed the state (the D-Bus name is claimed
/// during plugin setup): such a link is logged and dropped, never a panic.
pub fn receive_from_args(app: &AppHandle, argv: Vec<String>) {
    let Some(state) = app.try_state::<AppState>() else {
        tracing::warn!("a link arrived before Latchkey finished starting; ignored it");
        return;
    };
    for raw in deep_link::links_in_args(state.channel.scheme(), argv) {
        receive(app, &raw);
    }
}

/// This process's own arguments (cold start). `args_os`, because
/// `std::env::args()` panics on an argument that is not UTF-8.
pub fn receive_from_os_args(app: &AppHandle, argv: std::env::ArgsOs) {
    let Some(state) = app.try_state::<AppState>() else {
        tracing::warn!("a link arrived before Latchkey finished starting; ignored it");
        return;
    };
    for raw in deep_link::links_in_os_args(state.channel.scheme(), argv) {
        receive(app, &raw);
    }
}

/// macOS hands links to the running app as a run-loop event, not as
/// arguments.
#[cfg(target_os = "macos")]
pub fn receive_opened(app: &AppHandle, urls: &[url::Url]) {
    for url in urls {
        receive(app, url.as_str());
    }
}

fn receive(app: &AppHandle, raw: &str) {
    let Some(state) = app.try_state::<AppState>() else {
        tracing::warn!("a link arrived before Latchkey finished starting; ignored it");
        return;
    };
    match deep_link::parse(state.channel.scheme(), raw) {
        Ok(link) => {
            let summary = link.summary();
            tracing::info!(route = %summary.route, "link received");
            state.remember_link(summary.clone());
            let _ = app.emit(LINK_RECEIVED, summary);
            if let DeepLink::OAuthCallback { provider, url } = link {
                complete_sign_in(app.clone(), provider, url);
            }
        }
        // Quietly ignored: a stale or hostile link is no reason for a dialog.
        // The error's text never contains the link's values.
        Err(err) => tracing::info!(reason = %err, "ignored an incoming link"),
    }
}

/// Loopback mode: the answer arrives at the listener instead of as a link,
/// then goes through the same completion as a deep link.
pub fn complete_from_loopback(app: AppHandle, provider: String, loopback: LoopbackAnswer) {
    tauri::async_runtime::spawn(async move {
        match loopback.received().await {
            Ok(url) => complete_sign_in(app, provider, url),
            // The user pressed Cancel: the UI already knows.
            Err(LoopbackError::Cancelled) => {}
            Err(err) => emit_failure(&app, provider, ConnectError::from(err)),
        }
    });
}

fn emit_failure(app: &AppHandle, provider: String, err: ConnectError) {
    tracing::warn!(%provider, reason = %err, "sign-in failed");
    let _ = app.emit(
        CONNECT_FINISHED,
        ConnectFinished {
            provider,
            connection: None,
            error: Some(AppError::from(err)),
        },
    );
}

/// Finishes a sign-in off the event loop and tells the UI how it ended. A
/// callback no flow is waiting for (a reloaded page) is only logged.
pub fn complete_sign_in(app: AppHandle, provider: String, url: url::Url) {
    let Some(state) = app.try_state::<AppState>() else {
        tracing::warn!(%provider, "a sign-in answer arrived before Latchkey finished starting; ignored it");
        return;
    };
    let connector = state.connector.clone();
    tauri::async_runtime::spawn(async move {
        let result = connector.sign_in().complete(&provider, &url).await;
        let finished = match result {
            Ok(meta) => {
                tracing::info!(%provider, "connected");
                ConnectFinished {
                    provider,
                    connection: Some(meta),
                    error: None,
                }
            }
            Err(err) if err.is_quiet() => {
                tracing::info!(%provider, reason = %err, "ignored a sign-in answer");
                return;
            }
            Err(err) => {
                tracing::warn!(%provider, reason = %err, "sign-in failed");
                ConnectFinished {
                    provider,
                    connection: None,
                    error: Some(AppError::from(err)),
                }
            }
        };
        let _ = app.emit(CONNECT_FINISHED, finished);
    });
}
