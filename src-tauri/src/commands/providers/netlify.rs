//! Netlify's own screens: thin adapters over
//! `latchkey_core::providers::netlify::manage`.

use latchkey_core::connections::ConnectionId;
use latchkey_core::error::AppError;
use latchkey_core::providers::netlify::manage::env_vars::{
    self, EnvValueView, EnvVarSet, EnvVarView,
};
use latchkey_core::providers::netlify::manage::site::{self, NetlifySiteView, SiteLink};
use tauri::State;

use crate::AppState;

/// The site, where it builds from, and its latest deploys.
#[tauri::command]
pub async fn netlify_site_get(
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
) -> Result<NetlifySiteView, AppError> {
    Ok(site::detail(state.connector.connections(), &connection, &site).await?)
}

/// Opens the live site or its dashboard page in the system browser; the
/// address is read from Netlify, not taken from the page. Answers whether
/// a browser was launched.
#[tauri::command]
pub async fn netlify_site_open(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
    which: SiteLink,
) -> Result<bool, AppError> {
    let url = site::site_link(state.connector.connections(), &connection, &site, which).await?;
    Ok(crate::browser::open(&app, &url))
}

/// The site's environment variables, values left out.
#[tauri::command]
pub async fn netlify_env_list(
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
) -> Result<Vec<EnvVarView>, AppError> {
    Ok(env_vars::list(state.connector.connections(), &connection, &site).await?)
}

/// A plain variable's values, on the user's request (a secret one's are refused).
#[tauri::command]
pub async fn netlify_env_reveal(
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
    key: String,
) -> Result<Vec<EnvValueView>, AppError> {
    Ok(env_vars::reveal(state.connector.connections(), &connection, &site, &key).await?)
}

/// Creates a variable or sets one context's value; the value is write-only.
#[tauri::command]
pub async fn netlify_env_set(
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
    request: EnvVarSet,
) -> Result<Vec<EnvVarView>, AppError> {
    Ok(env_vars::set(state.connector.connections(), &connection, &site, request).await?)
}

/// Deletes a variable in every context (the page asks first); answers the
/// list as it is now.
#[tauri::command]
pub async fn netlify_env_delete(
    state: State<'_, AppState>,
    connection: ConnectionId,
    site: String,
    key: String,
) -> Result<Vec<EnvVarView>, AppError> {
    Ok(env_vars::delete(state.connector.connections(), &connection, &site, &key).await?)
}
