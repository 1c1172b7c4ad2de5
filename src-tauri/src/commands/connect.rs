use latchkey_core::connect::{ConnectError, ConnectStarted, ProviderSettings};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::error::AppError;
use latchkey_core::providers::{ProviderDefinition, ProviderInfo};
use secrecy::{ExposeSecret, SecretString};
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
    // The answer may come back as a link: its handler must exist first.
    state
        .scheme_registered
        .passed(crate::START_CHORES_WAIT)
        .await;
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

/// The address the browser ended on, pasted because it could not come
/// back by itself. A refusal (not an address, not this sign-in's answer)
/// comes back here with the field it is about, and the sign-in keeps
/// waiting; an accepted answer completes like a link would, and its outcome
/// arrives as `connect-finished`.
#[tauri::command]
pub fn connect_paste(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    provider: String,
    address: String,
) -> Result<(), AppError> {
    let answer = state
        .connector
        .sign_in()
        .pasted_answer(&provider, &address)?;
    tracing::info!(%provider, "a pasted sign-in answer was accepted");
    crate::links::complete_sign_in(app, provider, answer);
    Ok(())
}

/// Connects with a personal token instead of a sign-in: checked against the
/// provider first, then kept in the keychain only. The token goes one way:
/// nothing returns it. One connection per account it reaches.
#[tauri::command]
pub async fn connect_with_token(
    state: State<'_, AppState>,
    provider: String,
    token: String,
) -> Result<Vec<ConnectionMeta>, AppError> {
    // Wiped from memory when dropped, like every token in core.
    let token = SecretString::from(token);
    let connected = state
        .connector
        .connections()
        .connect_with_token(&provider, token.expose_secret())
        .await?;
    tracing::info!(%provider, count = connected.len(), "connected with a personal token");
    Ok(connected)
}

/// Opens the provider's page for creating a personal token in the system
/// browser. The address comes from the provider's definition, never from
/// the page.
#[tauri::command]
pub fn personal_token_page_open(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    provider: String,
) -> Result<bool, AppError> {
    let def = definition(&state, &provider)?;
    let page = def
        .personal_token
        .as_ref()
        .map(|f| &f.create_at)
        .ok_or_else(|| AppError::from(ConnectError::Unsupported(def.display_name.clone())))?;
    Ok(crate::browser::open(&app, page))
}

/// Saves the provider's OAuth client secret in the keychain (trimmed and
/// checked in core). The secret goes one way: no command ever returns it.
#[tauri::command]
pub async fn client_secret_set(
    state: State<'_, AppState>,
    provider: String,
    secret: String,
) -> Result<(), AppError> {
    let def = definition(&state, &provider)?;
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
    let def = definition(&state, &provider)?;
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

/// The provider's definition, or "Latchkey does not know the provider".
fn definition<'a>(state: &'a AppState, provider: &str) -> Result<&'a ProviderDefinition, AppError> {
    state
        .connector
        .registry()
        .definition(provider)
        .map_err(|e| AppError::from(ConnectError::from(e)))
}
