use latchkey_core::connect::ProjectPage;
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use tauri::State;

use crate::AppState;

#[tauri::command]
pub fn connections_list(state: State<'_, AppState>) -> Result<Vec<ConnectionMeta>, AppError> {
    state.connector.connections().map_err(AppError::from)
}

/// The first page (up to 100) of the connection's projects and the total.
#[tauri::command]
pub async fn projects_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<ProjectPage, AppError> {
    let (projects, total) = state.connector.projects(&connection, 0, 100).await?;
    Ok(ProjectPage { projects, total })
}

/// Revokes (best effort) and forgets the connection.
#[tauri::command]
pub async fn connection_disconnect(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<(), AppError> {
    state.connector.disconnect(&connection).await?;
    Ok(())
}
