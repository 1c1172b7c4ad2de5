//! Supabase's own screens: thin adapters over
//! `latchkey_core::providers::supabase::manage`. Which OAuth scope each call
//! needs is decided in core.

use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use latchkey_core::providers::supabase::manage::{
    self, api_keys, create, db_password, endpoints::DatabaseRoute, smtp, ApiKeyView,
    CreateProjectRequest, ProjectCreated, ProjectDetailView, RegionChoice, SmtpSettings,
    SmtpUpdate,
};
use tauri::State;

use crate::AppState;

#[tauri::command]
pub async fn project_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<ProjectDetailView, AppError> {
    Ok(manage::project_detail(state.connector.connections(), &connection, &reference).await?)
}

/// Wakes a paused project; the detail screen then polls its status.
#[tauri::command]
pub async fn project_restore(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<(), AppError> {
    Ok(manage::restore_project(state.connector.connections(), &connection, &reference).await?)
}

#[tauri::command]
pub async fn regions_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<Vec<RegionChoice>, AppError> {
    Ok(create::regions(state.connector.connections(), &connection).await?)
}

/// Creates a project: sent once, never retried (see `manage::create`).
#[tauri::command]
pub async fn project_create(
    state: State<'_, AppState>,
    connection: ConnectionId,
    request: CreateProjectRequest,
) -> Result<ProjectCreated, AppError> {
    Ok(create::create_project(state.connector.connections(), &connection, request).await?)
}

#[tauri::command]
pub async fn smtp_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<SmtpSettings, AppError> {
    Ok(smtp::get(state.connector.connections(), &connection, &reference).await?)
}

#[tauri::command]
pub async fn smtp_update(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    update: SmtpUpdate,
) -> Result<SmtpSettings, AppError> {
    Ok(smtp::update(
        state.connector.connections(),
        &connection,
        &reference,
        update,
    )
    .await?)
}

#[tauri::command]
pub async fn smtp_disable(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<SmtpSettings, AppError> {
    Ok(smtp::disable(state.connector.connections(), &connection, &reference).await?)
}

/// The project's API keys, values hidden.
#[tauri::command]
pub async fn api_keys_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<Vec<ApiKeyView>, AppError> {
    Ok(api_keys::list(state.connector.connections(), &connection, &reference).await?)
}

/// A publishable key's value, on the user's explicit request. Secret keys
/// are refused here (they never reach the page): see `api_key_copy`.
#[tauri::command]
pub async fn api_key_reveal(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    key: String,
) -> Result<String, AppError> {
    Ok(api_keys::reveal(state.connector.connections(), &connection, &reference, &key).await?)
}

/// Copies one key to the clipboard from Rust; a secret key only with
/// `confirmed`, so its value never passes through the page.
#[tauri::command]
pub async fn api_key_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    key: String,
    confirmed: bool,
) -> Result<(), AppError> {
    let value = api_keys::copy_value(
        state.connector.connections(),
        &connection,
        &reference,
        &key,
        confirmed,
    )
    .await?;
    crate::clipboard::write_secret(&app, value)
}

/// Copies a `.env` snippet to the clipboard from Rust, so the secret key
/// (included only when the user confirmed it) never passes through the page.
#[tauri::command]
pub async fn api_keys_copy_env(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    include_secret: bool,
) -> Result<(), AppError> {
    let text = api_keys::env_file(
        state.connector.connections(),
        &connection,
        &reference,
        include_secret,
    )
    .await?;
    if include_secret {
        crate::clipboard::write_secret(&app, secrecy::SecretString::from(text))
    } else {
        crate::clipboard::write(&app, text)
    }
}

/// Copies the connection string of `route` (direct, session or transaction
/// pooler) with the password filled in (the one typed, saved first if
/// `remember` and none is saved yet, or the saved one) straight to the
/// clipboard. The page cannot replace a saved password.
#[tauri::command]
pub async fn connection_string_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    route: DatabaseRoute,
    password: Option<String>,
    remember: bool,
) -> Result<(), AppError> {
    let replace = false;
    let text = db_password::connection_string(
        state.connector.connections(),
        &connection,
        &reference,
        route,
        password,
        remember,
        replace,
    )
    .await?;
    crate::clipboard::write_secret(&app, text)
}
