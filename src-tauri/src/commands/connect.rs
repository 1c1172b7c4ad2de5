use latchkey_core::connect::{ConnectError, ConnectStarted, ProviderSettings};
use latchkey_core::error::AppError;
use latchkey_core::providers::ProviderInfo;
use tauri::State;

use crate::AppState;

/// Starts a sign-in and opens the system browser (never a webview).
#[tauri::command]
pub async fn connect_start(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    provider: String,
    organization: Option<String>,
) -> Result<ConnectStarted, AppError> {
    state.import_env_secrets().await;
    let started = state
        .connector
        .sign_in()
        .start(&provider, organization)
        .await?;
    if let Some(loopback) = started.loopback {
        crate::links::complete_from_loopback(app.clone(), provider, loopback);
    }
    let browser_opened = crate::browser::open(&app, &started.authorize_url);
    Ok(ConnectStarted {
        authorize_url: started.authorize_url.to_string(),
        browser_opened,
    })
}

#[tauri::command]
pub fn connect_cancel(state: State<'_, AppState>, provider: String) -> Result<(), AppError> {
    state.connector.sign_in().cancel(&provider);
    Ok(())
}

/// Saves the provider's OAuth client secret in the keychain (trimmed and
/// checked in core). The secret goes one way: no command ever returns it.
#[tauri::command]
pub async fn client_secret_set(
    state: State<'_, AppState>,
    provider: String,
    secret: String,
) -> Result<(), AppError> {
    let def = state
        .connector
        .registry()
        .definition(&provider)
        .map_err(|e| AppError::from(ConnectError::from(e)))?;
    state
        .connector
        .secrets()
        .set_entered(def, &secret)
        .await
        .map_err(AppError::from)
}

#[tauri::command]
pub async fn client_secret_status(
    state: State<'_, AppState>,
    provider: String,
) -> Result<bool, AppError> {
    let def = state
        .connector
        .registry()
        .definition(&provider)
        .map_err(|e| AppError::from(ConnectError::from(e)))?;
    state
        .connector
        .secrets()
        .is_set(def)
        .await
        .map_err(AppError::from)
}

/// Providers' public settings for the Settings screen (never a secret).
#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<Vec<ProviderSettings>, AppError> {
    state.import_env_secrets().await;
    Ok(state.connector.settings().await?)
}

/// What the UI shows about each provider: names, what a connection covers,
/// which screens exist. No keychain, no network: it cannot fail.
#[tauri::command]
pub fn providers_list(state: State<'_, AppState>) -> Vec<ProviderInfo> {
    state.connector.providers()
}
