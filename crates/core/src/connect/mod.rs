//! What a user does with Latchkey, over the engine's parts: sign in
//! ([`SignIn`]), use and disconnect a connection ([`Connections`]), and the
//! providers there are ([`Registry`]). [`Connector`] wires them together
//! once; the Tauri commands and the CLI each call one of them. Provider
//! differences come from definitions and the registry; nothing here names a
//! provider.

pub mod client_secrets;
mod detail;
mod dto;
mod error;
mod personal_token;
pub mod sign_in;
pub mod using;

use std::path::Path;
use std::sync::Arc;

pub use client_secrets::ClientSecrets;
pub use detail::ConnectionDetail;
pub use dto::{ConnectFinished, ConnectStarted, ProjectPage, ProviderSettings, TokenPath};
pub use error::ConnectError;
pub use sign_in::{LoopbackAnswer, SignIn, Started};
pub use using::Connections;

use crate::channel::Channel;
use crate::connections::session::Clock;
use crate::oauth::token_client::TokenClient;
use crate::providers::{ProviderDefinition, ProviderInfo, Registry};
use crate::vault::Keychain;

pub struct Connector {
    registry: Arc<Registry>,
    secrets: ClientSecrets,
    connections: Arc<Connections>,
    sign_in: SignIn,
}

impl Connector {
    pub fn new(
        channel: Channel,
        definitions: Vec<ProviderDefinition>,
        keychain: Keychain,
        data_dir: &Path,
        http: reqwest::Client,
        clock: Clock,
    ) -> Self {
        let registry = Arc::new(Registry::new(definitions, http.clone()));
        let tokens = TokenClient::new(http);
        let secrets = ClientSecrets::new(keychain.clone());
        let connections = Arc::new(Connections::new(
            registry.clone(),
            keychain,
            secrets.clone(),
            tokens.clone(),
            data_dir,
            clock.clone(),
        ));
        let sign_in = SignIn::new(
            channel,
            registry.clone(),
            connections.clone(),
            tokens,
            secrets.clone(),
            clock,
        );
        Self {
            registry,
            secrets,
            connections,
            sign_in,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn sign_in(&self) -> &SignIn {
        &self.sign_in
    }

    pub fn connections(&self) -> &Connections {
        &self.connections
    }

    /// The OAuth apps' client secrets, in the keychain.
    pub fn secrets(&self) -> &ClientSecrets {
        &self.secrets
    }

    /// What the UI shows about each provider. No keychain, no network.
    pub fn providers(&self) -> Vec<ProviderInfo> {
        self.registry.infos()
    }

    /// Each provider's public configuration and whether its secret is saved.
    pub async fn settings(&self) -> Result<Vec<ProviderSettings>, ConnectError> {
        let mut out = Vec::new();
        for def in self.registry.definitions() {
            out.push(ProviderSettings {
                id: def.id.clone(),
                display_name: def.display_name.clone(),
                client_id: def.client_id.clone(),
                api_base_url: def.api_base_url.to_string(),
                redirect_uri: self.sign_in.redirect_uri(def).to_string(),
                token_path: match &def.broker_url {
                    Some(url) => TokenPath::Broker {
                        url: url.to_string(),
                    },
                    None if def.needs_client_secret() => TokenPath::OwnApp {
                        client_secret_saved: self.secrets.is_set(def).await?,
                    },
                    None => TokenPath::NoSecret,
                },
            });
        }
        out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(out)
    }
}
