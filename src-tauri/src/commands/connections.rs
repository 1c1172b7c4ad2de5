use latchkey_core::connect::{ConnectionDetail, ProjectPage};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use tauri::State;

use crate::AppState;

#[tauri::command]
pub fn connections_list(state: State<'_, AppState>) -> Result<Vec<ConnectionMeta>, AppError> {
    state.connector.connections().list().map_err(AppError::from)
}

/// All of the organization's projects: from memory unless `refresh`.
#[tauri::command]
pub async fn projects_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
    refresh: bool,
) -> Result<ProjectPage, AppError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let list = state
        .projects
        .get(state.connector.connections(), &connection, refresh, now)
        .await?;
    Ok(ProjectPage {
        total: list.projects.len() as u64,
        projects: list.projects,
        fetched_at: list.fetched_at,
    })
}

/// Revokes (best effort) and forgets the connection.
#[tauri::command]
pub async fn connection_disconnect(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<(), AppError> {
    state.projects.forget(&connection);
    state
        .connector
        .connections()
        .disconnect(&connection)
        .await?;
    Ok(())
}

/// The organizations (Neon) or accounts (Netlify) a connection reaches.
#[tauri::command]
pub async fn connection_groups(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<Vec<String>, AppError> {
    Ok(state.connector.connections().groups(&connection).await?)
}

/// What the connection holds, for its detail panel (nothing secret).
#[tauri::command]
pub async fn connection_detail(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<ConnectionDetail, AppError> {
    Ok(state.connector.connections().detail(&connection).await?)
}
