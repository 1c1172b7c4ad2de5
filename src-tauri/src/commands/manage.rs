//! Managing a connected Supabase organization: thin adapters over
//! `latchkey_core::manage`.

use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use latchkey_core::manage::{
    self, create, needs_scope, scopes, smtp, CreateProjectRequest, ProjectCreated,
    ProjectDetailView, RegionChoice, SmtpSettings, SmtpUpdate,
};
use tauri::State;

use crate::AppState;

#[tauri::command]
pub async fn project_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<ProjectDetailView, AppError> {
    Ok(needs_scope(
        manage::project_detail(&state.connector, &connection, &reference).await,
        scopes::PROJECTS_READ,
    )?)
}

#[tauri::command]
pub async fn regions_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<Vec<RegionChoice>, AppError> {
    Ok(needs_scope(
        create::regions(&state.connector, &connection).await,
        scopes::PROJECTS_READ,
    )?)
}

/// Creates a project: sent once, never retried (see `manage::create`).
#[tauri::command]
pub async fn project_create(
    state: State<'_, AppState>,
    connection: ConnectionId,
    request: CreateProjectRequest,
) -> Result<ProjectCreated, AppError> {
    Ok(needs_scope(
        create::create_project(&state.connector, &connection, request).await,
        scopes::PROJECTS_WRITE,
    )?)
}

#[tauri::command]
pub async fn smtp_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<SmtpSettings, AppError> {
    Ok(needs_scope(
        smtp::get(&state.connector, &connection, &reference).await,
        scopes::AUTH_READ,
    )?)
}

#[tauri::command]
pub async fn smtp_update(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    update: SmtpUpdate,
) -> Result<SmtpSettings, AppError> {
    Ok(needs_scope(
        smtp::update(&state.connector, &connection, &reference, update).await,
        scopes::AUTH_WRITE,
    )?)
}

#[tauri::command]
pub async fn smtp_disable(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<SmtpSettings, AppError> {
    Ok(needs_scope(
        smtp::disable(&state.connector, &connection, &reference).await,
        scopes::AUTH_WRITE,
    )?)
}

/// The project's API keys, values hidden.
#[tauri::command]
pub async fn api_keys_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
) -> Result<Vec<latchkey_core::manage::ApiKeyView>, AppError> {
    Ok(needs_scope(
        manage::api_keys::list(&state.connector, &connection, &reference).await,
        scopes::SECRETS_READ,
    )?)
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
    Ok(needs_scope(
        manage::api_keys::reveal(&state.connector, &connection, &reference, &key).await,
        scopes::SECRETS_READ,
    )?)
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
    let value = needs_scope(
        manage::api_keys::copy_value(&state.connector, &connection, &reference, &key, confirmed)
            .await,
        scopes::SECRETS_READ,
    )?;
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
    let text = needs_scope(
        manage::api_keys::env_file(&state.connector, &connection, &reference, include_secret).await,
        scopes::SECRETS_READ,
    )?;
    if include_secret {
        crate::clipboard::write_secret(&app, secrecy::SecretString::from(text))
    } else {
        crate::clipboard::write(&app, text)
    }
}

/// Copies the connection string with the password filled in (the one typed,
/// saved first if `remember` and none is saved yet, or the saved one)
/// straight to the clipboard. The page cannot replace a saved password.
#[tauri::command]
pub async fn connection_string_copy(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    reference: String,
    password: Option<String>,
    remember: bool,
) -> Result<(), AppError> {
    let replace = false;
    let text = manage::db_password::connection_string(
        &state.connector,
        &connection,
        &reference,
        password,
        remember,
        replace,
    )
    .await?;
    crate::clipboard::write_secret(&app, text)
}

/// Organizations, regions and Postgres versions for the Neon create form.
#[tauri::command]
pub async fn neon_options(
    state: State<'_, AppState>,
    connection: ConnectionId,
) -> Result<latchkey_core::manage::NeonOptions, AppError> {
    Ok(manage::neon::options(&state.connector, &connection).await?)
}

/// Creates a Neon project (sent once).
#[tauri::command]
pub async fn neon_project_create(
    state: State<'_, AppState>,
    connection: ConnectionId,
    request: latchkey_core::manage::NeonCreateRequest,
) -> Result<latchkey_core::providers::api::ProjectSummary, AppError> {
    Ok(manage::neon::create_project(&state.connector, &connection, request).await?)
}
