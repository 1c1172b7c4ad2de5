//! Neon's own screens: thin adapters over
//! `latchkey_core::providers::neon::manage`.

use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use latchkey_core::providers::neon::manage::connection::{
    self as neon_connection, NeonConnectionStrings, NeonDatabaseChoice,
};
use latchkey_core::providers::neon::manage::detail::{
    self, NeonBranchContents, NeonBranchRequest, NeonBranchView, NeonProjectView,
};
use latchkey_core::providers::neon::manage::{self, NeonCreateRequest, NeonOptions};
use latchkey_core::providers::ProjectSummary;
use secrecy::ExposeSecret;
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

/// The project, its branches and their computes.
#[tauri::command]
pub async fn neon_project_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
) -> Result<NeonProjectView, AppError> {
    Ok(detail::project(state.connector.connections(), &connection, &project).await?)
}

/// One branch's databases and roles.
#[tauri::command]
pub async fn neon_branch_contents(
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    branch: String,
) -> Result<NeonBranchContents, AppError> {
    Ok(detail::branch_contents(
        state.connector.connections(),
        &connection,
        &project,
        &branch,
    )
    .await?)
}

/// Creates a branch with its own compute (sent once).
#[tauri::command]
pub async fn neon_branch_create(
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    request: NeonBranchRequest,
) -> Result<NeonBranchView, AppError> {
    Ok(detail::create_branch(
        state.connector.connections(),
        &connection,
        &project,
        request,
    )
    .await?)
}

/// The chosen database's connection strings, password masked.
#[tauri::command]
pub async fn neon_connection_strings(
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    choice: NeonDatabaseChoice,
) -> Result<NeonConnectionStrings, AppError> {
    Ok(neon_connection::masked(
        state.connector.connections(),
        &connection,
        &project,
        &choice,
    )
    .await?)
}

/// One connection string, password and all: for the clipboard or a Reveal.
async fn whole_string(
    state: &AppState,
    connection: &ConnectionId,
    project: &str,
    choice: &NeonDatabaseChoice,
    pooled: bool,
) -> Result<secrecy::SecretString, AppError> {
    let connections = state.connector.connections();
    Ok(
        neon_connection::connection_string(connections, connection, project, choice, pooled)
            .await?,
    )
}

/// Copies one connection string, password and all, from Rust: it never
/// passes through the page.
#[tauri::command]
pub async fn neon_connection_string_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    choice: NeonDatabaseChoice,
    pooled: bool,
) -> Result<(), AppError> {
    let text = whole_string(&state, &connection, &project, &choice, pooled).await?;
    crate::clipboard::write_secret(&app, text)
}

/// One connection string with its password, for the page, on the user's
/// explicit "Reveal".
#[tauri::command]
pub async fn neon_connection_string_reveal(
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    choice: NeonDatabaseChoice,
    pooled: bool,
) -> Result<String, AppError> {
    let text = whole_string(&state, &connection, &project, &choice, pooled).await?;
    Ok(text.expose_secret().to_owned())
}

/// Copies the database as `.env` lines (`DATABASE_URL` and the rest) from
/// Rust.
#[tauri::command]
pub async fn neon_env_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    project: String,
    choice: NeonDatabaseChoice,
) -> Result<(), AppError> {
    let with_secret = true;
    let text = neon_connection::env_text(
        state.connector.connections(),
        &connection,
        &project,
        &choice,
        with_secret,
    )
    .await?;
    crate::clipboard::write_secret(&app, text)
}
