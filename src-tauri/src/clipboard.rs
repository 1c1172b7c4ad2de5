//! The system clipboard, written from Rust.
//!
//! A secret put there (a secret API key, a `.env` with one, a connection
//! string with its password) is cleared again after a while if it is still
//! what the clipboard holds, so it does not sit in the clipboard (and its
//! managers' history) for the rest of the session. What the user copied
//! since is left alone.

use std::time::Duration;

use latchkey_core::error::{AppError, ErrorCode};
use secrecy::{ExposeSecret, SecretString};
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

/// How long a secret stays on the clipboard; `LATCHKEY_CLIPBOARD_CLEAR_SECS`
/// changes it (for tests, or a user who wants longer).
const CLEAR_SECRETS_AFTER: Duration = Duration::from_secs(60);

pub fn write(app: &AppHandle, text: String) -> Result<(), AppError> {
    app.clipboard().write_text(text).map_err(|err| {
        tracing::warn!(%err, "clipboard write failed");
        AppError::new(
            ErrorCode::Internal,
            "The system clipboard refused the text, so nothing was copied.",
        )
    })
}

/// Writes a secret, and clears it later if the clipboard still holds it.
pub fn write_secret(app: &AppHandle, secret: SecretString) -> Result<(), AppError> {
    write(app, secret.expose_secret().to_owned())?;
    let app = app.clone();
    let after = std::env::var("LATCHKEY_CLIPBOARD_CLEAR_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(CLEAR_SECRETS_AFTER);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(after).await;
        let still_ours = app
            .clipboard()
            .read_text()
            .is_ok_and(|now| now == secret.expose_secret());
        if still_ours {
            match app.clipboard().clear() {
                Ok(()) => tracing::info!("cleared a copied secret from the clipboard"),
                Err(err) => {
                    tracing::warn!(%err, "could not clear a copied secret from the clipboard")
                }
            }
        }
    });
    Ok(())
}

/// Copies text the page already shows (a link, a connection string, a
/// password shown once).
#[tauri::command]
pub fn clipboard_write(app: AppHandle, text: String) -> Result<(), AppError> {
    write(&app, text)
}
