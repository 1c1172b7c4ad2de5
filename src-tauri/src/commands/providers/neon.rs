//! Neon's own screens: thin adapters over
//! `latchkey_core::providers::neon::manage`.

use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use latchkey_core::providers::neon::manage::{self, NeonCreateRequest, NeonOptions};
use latchkey_core::providers::ProjectSummary;
use tauri::State;

use crate::AppState;

/// Organizations, regions and Postgres versions for the Neon create form.
#[tauri::command]
pub async fn neon_options(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<NeonOptions, AppError> {
    Ok(manage::options(state.connector.connections(), &connection).await?)
}

/// Creates a Neon project (sent once).
#[tauri::command]
pub async fn neon_project_create(
    state: State<'_, AppState>,
    connection: ConnectionId,
    request: NeonCreateRequest,
) -> Result<ProjectSummary, AppError> {
    Ok(manage::create_project(state.connector.connections(), &connection, request).await?)
}
