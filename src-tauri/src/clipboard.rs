//! The system clipboard, written from Rust.

use latchkey_core::error::{AppError, ErrorCode};
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

pub fn write(app: &AppHandle, text: String) -> Result<(), AppError> {
    app.clipboard().write_text(text).map_err(|err| {
        tracing::warn!(%err, "clipboard write failed");
        AppError::new(
            ErrorCode::Internal,
            "The system clipboard refused the text, so nothing was copied.",
        )
    })
}

/// Copies text the page already shows (a link, a connection string, a
/// password shown once).
#[tauri::command]
pub fn clipboard_write(app: AppHandle, text: String) -> Result<(), AppError> {
    write(&app, text)
}
