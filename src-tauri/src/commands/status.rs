use latchkey_core::status::AppStatus;
use tauri::State;

use crate::AppState;

/// Version, channel and a fresh keychain round trip. The UI calls it on load
/// and from the status bar's Retry.
#[tauri::command]
pub async fn status_get(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<AppStatus, ()> {
    state.note_ui_ready();
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default();
    // The first read of connections.json is what finds (and sets aside) a
    // damaged file; make sure it happened before saying whether it did.
    let _ = state.connector.connections().list();
    Ok(AppStatus {
        connections_recovered: state
            .connector
            .connections()
            .metadata_recovery()
            .as_ref()
            .map(latchkey_core::status::recovery_notice),
        provider_problems: state.provider_problems.clone(),
        version: app.package_info().version.to_string(),
        channel: state.channel,
        scheme: state.channel.scheme().to_string(),
        keychain: state.keychain.probe(nonce).await,
    })
}
