//! State shared by commands and event handlers.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::deep_link::LinkSummary;
use latchkey_core::vault::Keychain;

/// How many received links the debug list keeps.
const RECENT_LINKS: usize = 20;

pub struct AppState {
    pub channel: Channel,
    pub keychain: Keychain,
    pub connector: Arc<Connector>,
    /// Each organization's last project list, for instant re-render.
    pub projects: latchkey_core::manage::project_list::ProjectListCache,
    recent_links: Mutex<Vec<LinkSummary>>,
    started: Instant,
    /// Opens at the UI's first request, right after its first render.
    pub ui_ready: crate::gate::Gate,
    /// Opens once the link handler is registered (or registration gave up).
    pub scheme_registered: crate::gate::Gate,
    env_secrets_imported: tokio::sync::OnceCell<()>,
    /// What was wrong with the user-defined provider files skipped at start.
    pub provider_problems: Vec<String>,
    /// Where Settings saves the network settings (`network.toml`).
    pub config_dir: std::path::PathBuf,
    /// The network settings this run's HTTP client was built with.
    pub network_in_use: latchkey_core::net::NetworkSettings,
}

impl AppState {
    pub fn new(channel: Channel, connector: Connector, started: Instant) -> Self {
        Self {
            channel,
            keychain: Keychain::new(channel.keychain_service()),
            connector: Arc::new(connector),
            projects: Default::default(),
            recent_links: Mutex::new(Vec::new()),
            started,
            ui_ready: Default::default(),
            scheme_registered: Default::default(),
            env_secrets_imported: tokio::sync::OnceCell::new(),
            provider_problems: Vec::new(),
            config_dir: std::path::PathBuf::new(),
            network_in_use: Default::default(),
        }
    }

    /// The UI's first request comes right after its first render: log the
    /// time from process start once, for scripts/bench and scripts/run.
    pub fn note_ui_ready(&self) {
        if self.ui_ready.open() {
            let ms = self.started.elapsed().as_millis() as u64;
            tracing::info!(since_start_ms = ms, "ui ready");
        }
    }

    pub fn remember_link(&self, summary: LinkSummary) {
        let mut links = self.recent_links.lock().unwrap_or_else(|p| p.into_inner());
        links.push(summary);
        let excess = links.len().saturating_sub(RECENT_LINKS);
        links.drain(..excess);
    }

    pub fn recent_links(&self) -> Vec<LinkSummary> {
        self.recent_links
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Builds the state once the app's data directory is known.
pub fn build(
    app: &tauri::AppHandle,
    channel: Channel,
    started: Instant,
) -> Result<AppState, Box<dyn std::error::Error>> {
    use tauri::Manager;
    let data_dir = app.path().app_data_dir()?;
    // `<config dir>/providers/*.toml`: the user's own providers.
    let config_dir = app.path().app_config_dir()?;
    let user_providers = config_dir.join("providers");
    let network = latchkey_core::net::NetworkSettings::load(&config_dir);
    let (definitions, problems) =
        latchkey_core::providers::configured(&user_providers, |name| std::env::var(name).ok());
    let connector = Connector::new(
        channel,
        definitions,
        Keychain::new(channel.keychain_service()),
        &data_dir,
        http_client(&network),
        latchkey_core::connections::session::system_clock(),
    );
    let mut state = AppState::new(channel, connector, started);
    state.network_in_use = network;
    state.config_dir = config_dir;
    state.provider_problems = problems.iter().map(ToString::to_string).collect();
    Ok(state)
}

/// `LATCHKEY_HTTP_TIMEOUT_SECS` shortens the per-request timeout (default
/// 20 s), for diagnosing slow networks and for the timeout E2E test.
/// The proxy from Settings (`network.toml`) or the environment.
fn http_client(network: &latchkey_core::net::NetworkSettings) -> reqwest::Client {
    let timeout = std::env::var("LATCHKEY_HTTP_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .map(std::time::Duration::from_secs)
        .unwrap_or(latchkey_core::net::REQUEST_TIMEOUT);
    tracing::info!(proxy = %network.describe(), "network");
    latchkey_core::net::client_for(timeout, network)
}

impl AppState {
    /// Imports client secrets given as `LATCHKEY_<PROVIDER>_CLIENT_SECRET`
    /// into the keychain, once per run; `connect_start` awaits it so a first
    /// click never races the import.
    pub async fn import_env_secrets(&self) {
        let connector = self.connector.clone();
        self.env_secrets_imported
            .get_or_init(|| async move {
                for def in connector.registry().definitions() {
                    let var = latchkey_core::connect::client_secrets::env_var(&def.id);
                    match connector.secrets().import_once(def, std::env::var(&var).ok()).await {
                        Ok(true) => tracing::info!(provider = %def.id, "client secret imported from {var}"),
                        Ok(false) => {}
                        Err(err) => tracing::warn!(provider = %def.id, %err, "could not import the client secret"),
                    }
                }
            })
            .await;
    }
}
