//! The network card in Settings: the proxy saved for Latchkey (and `lk`),
//! and the one this run uses.

use latchkey_core::error::AppError;
use latchkey_core::net::{NetworkSettings, NetworkView};
use tauri::State;

use crate::AppState;

#[tauri::command]
pub fn network_get(state: State<'_, AppState>) -> NetworkView {
    NetworkView::new(
        NetworkSettings::load(&state.config_dir),
        &state.network_in_use,
    )
}

/// Checks and saves the settings; they apply from the next start.
#[tauri::command]
pub fn network_set(
    state: State<'_, AppState>,
    settings: NetworkSettings,
) -> Result<NetworkView, AppError> {
    let saved = settings.save(&state.config_dir)?;
    tracing::info!(proxy = %saved.describe(), "network settings saved");
    Ok(NetworkView::new(saved, &state.network_in_use))
}
