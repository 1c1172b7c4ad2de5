//! Connecting, using and disconnecting accounts: the one place the engine's
//! parts meet (flows, token client, session, vault, metadata, provider APIs).
//! Provider differences come from [`ProviderDefinition`]s and
//! [`ProviderApi`]; nothing here names a provider.

pub mod client_secrets;
mod dto;
mod error;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use secrecy::SecretString;
use url::Url;

pub use client_secrets::ClientSecrets;
pub use dto::{ConnectFinished, ConnectStarted, ProjectPage, ProviderSettings};
pub use error::ConnectError;

use crate::api_error::ApiError;
use crate::channel::Channel;
use crate::connections::metadata::{
    ConnectionMeta, ConnectionStatus, CorruptionRecovery, MetadataStore,
};
use crate::connections::session::{Clock, Refresh, Session, SessionError};
use crate::connections::ConnectionId;
#[cfg(test)]
use crate::error::AppError;
use crate::oauth::authorize::{authorize_url, AuthorizeRequest};
use crate::oauth::callback::{self, Callback};
use crate::oauth::flow::{FlowRegistry, FLOW_TTL};
use crate::oauth::loopback::{LoopbackError, LoopbackWait};
use crate::oauth::pkce::FlowSecrets;
use crate::oauth::token_client::{CodeExchange, TokenClient};
use crate::oauth::tokens::TokenSet;
use crate::providers::api::{ProjectSummary, ProviderApi};
use crate::providers::{ProviderDefinition, RedirectMode};
use crate::vault::Keychain;

type Providers = Arc<HashMap<String, ProviderDefinition>>;

/// Refreshes through the token client with the provider's saved secret.
pub struct Refresher {
    providers: Providers,
    secrets: ClientSecrets,
    tokens: TokenClient,
}

impl Refresh for Refresher {
    async fn refresh(
        &self,
        id: &ConnectionId,
        refresh_token: &SecretString,
        now: u64,
    ) -> Result<TokenSet, SessionError> {
        let def = self
            .providers
            .get(&id.provider)
            .ok_or(SessionError::NotConnected)?;
        let secret = self.secrets.get(def).await?;
        Ok(self
            .tokens
            .refresh(def, secret.as_ref(), refresh_token, now)
            .await?)
    }
}

/// A started sign-in: the URL for the browser and, in loopback mode, the
/// listener that will receive the answer.
pub struct Started {
    pub authorize_url: Url,
    pub loopback: Option<LoopbackAnswer>,
}

/// The loopback listener of one flow; `Connector::cancel` ends it.
pub struct LoopbackAnswer {
    wait: LoopbackWait,
    cancel: tokio::sync::oneshot::Receiver<()>,
}

impl LoopbackAnswer {
    /// The callback URL once the browser reaches the listener.
    pub async fn received(self) -> Result<Url, LoopbackError> {
        self.wait.wait(FLOW_TTL, self.cancel).await
    }
}

pub struct Connector {
    keychain: Keychain,
    channel: Channel,
    scheme: String,
    loopback_cancels: Mutex<HashMap<String, Vec<tokio::sync::oneshot::Sender<()>>>>,
    providers: Providers,
    apis: HashMap<String, ProviderApi>,
    flows: Mutex<FlowRegistry>,
    tokens: TokenClient,
    secrets: ClientSecrets,
    session: Session<Refresher>,
    metadata: MetadataStore,
    clock: Clock,
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
        let apis = definitions
            .iter()
            .filter_map(|d| Some((d.id.clone(), ProviderApi::for_definition(d, http.clone())?)))
            .collect();
        let providers: Providers =
            Arc::new(definitions.into_iter().map(|d| (d.id.clone(), d)).collect());
        let tokens = TokenClient::new(http);
        let secrets = ClientSecrets::new(keychain.clone());
        let refresher = Refresher {
            providers: providers.clone(),
            secrets: secrets.clone(),
            tokens: tokens.clone(),
        };
        Self {
            keychain: keychain.clone(),
            scheme: channel.scheme().to_owned(),
            channel,
            loopback_cancels: Mutex::default(),
            providers,
            apis,
            flows: Mutex::default(),
            tokens,
            secrets,
            session: Session::new(refresher, keychain, clock.clone()),
            metadata: MetadataStore::new(data_dir),
            clock,
        }
    }

    pub fn definitions(&self) -> impl Iterator<Item = &ProviderDefinition> {
        self.providers.values()
    }

    /// Each provider's public configuration and whether its secret is saved.
    pub async fn settings(&self) -> Result<Vec<ProviderSettings>, ConnectError> {
        let mut out = Vec::new();
        for def in self.providers.values() {
            out.push(ProviderSettings {
                id: def.id.clone(),
                display_name: def.display_name.clone(),
                client_id: def.client_id.clone(),
                api_base_url: def.api_base_url.to_string(),
                redirect_uri: self.redirect_uri(def).to_string(),
                client_secret_saved: self.secrets.is_set(def).await?,
            });
        }
        out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(out)
    }

    pub fn secrets(&self) -> &ClientSecrets {
        &self.secrets
    }

    pub fn provider(&self, id: &str) -> Result<&ProviderDefinition, ConnectError> {
        self.providers
            .get(id)
            .ok_or_else(|| ConnectError::UnknownProvider(id.to_owned()))
    }

    /// Where the browser sends the user back for `def`.
    pub fn redirect_uri(&self, def: &ProviderDefinition) -> Url {
        let text = match def.redirect_mode {
            RedirectMode::DeepLink => format!("{}:/oauth/{}", self.scheme, def.id),
            // The relay page serves debug builds under /relay/debug/ so it can
            // forward to their own scheme (relay/README.md).
            RedirectMode::HttpsRelay => def
                .relay_url
                .as_ref()
                .map(|u| match self.channel {
                    Channel::Release => u.to_string(),
                    Channel::Debug => u.as_str().replacen("/relay/", "/relay/debug/", 1),
                })
                .unwrap_or_default(),
            RedirectMode::Loopback => format!(
                "http://{}:{}/oauth/{}",
                if def.loopback_host_localhost {
                    "localhost"
                } else {
                    "127.0.0.1"
                },
                def.loopback_port.unwrap_or_default(),
                def.id
            ),
        };
        Url::parse(&text).expect("redirect URIs are built from validated parts")
    }

    /// Starts a sign-in: the URL for the system browser, and in loopback
    /// mode the listener (bound now, so a busy port fails before the browser
    /// opens).
    pub async fn start(
        &self,
        provider: &str,
        organization: Option<String>,
    ) -> Result<Started, ConnectError> {
        let def = self.provider(provider)?;
        // The implicit grant never authenticates the client: no secret needed.
        if def.client_auth != crate::providers::ClientAuth::None
            && !def.implicit_grant
            && !self.secrets.is_set(def).await?
        {
            return Err(ConnectError::MissingClientSecret(def.display_name.clone()));
        }
        let redirect = self.redirect_uri(def);
        let secrets = FlowSecrets::random();
        let loopback = match def.redirect_mode {
            RedirectMode::Loopback => {
                // The listener takes as the answer only a request with this state.
                let wait = LoopbackWait::bind(&redirect, &secrets.state).await?;
                let (tx, cancel) = tokio::sync::oneshot::channel();
                self.loopback_cancels
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(def.id.clone())
                    .or_default()
                    .push(tx);
                Some(LoopbackAnswer { wait, cancel })
            }
            _ => None,
        };
        let (state, challenge) = self.flows.lock().unwrap_or_else(|p| p.into_inner()).start(
            &def.id,
            redirect.clone(),
            organization.clone(),
            secrets,
            Instant::now(),
        );
        let authorize_url = authorize_url(
            def,
            &AuthorizeRequest {
                redirect_uri: &redirect,
                state: &state,
                code_challenge: def.pkce.then_some(challenge.as_str()),
                organization: organization.as_deref(),
            },
        );
        Ok(Started {
            authorize_url,
            loopback,
        })
    }

    /// Drops the provider's pending sign-ins (the user pressed Cancel).
    pub fn cancel(&self, provider: &str) -> usize {
        let listeners = self
            .loopback_cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(provider);
        for stop in listeners.into_iter().flatten() {
            let _ = stop.send(());
        }
        self.flows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .cancel(provider)
    }

    /// Completes a sign-in from the authorization response `url`, which
    /// arrived on `provider`'s redirect path.
    ///
    /// Anything that is not the answer to a waiting sign-in (an unknown
    /// provider, no state, a state nobody waits for, a replay) is a quiet
    /// error ([`ConnectError::is_quiet`]): any web page or local program can
    /// send such a link, so it must change nothing the user sees. Only an
    /// answer carrying a waiting flow's state is parsed strictly and may
    /// end that sign-in with an error.
    pub async fn complete(
        &self,
        provider: &str,
        url: &Url,
    ) -> Result<ConnectionMeta, ConnectError> {
        let def = self
            .providers
            .get(provider)
            .ok_or(ConnectError::NotAnAnswer)?;
        let claimed =
            callback::claimed_state(url, def.implicit_grant).ok_or(ConnectError::NotAnAnswer)?;
        if !self
            .flows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_waiting(&def.id, &claimed)
        {
            return Err(ConnectError::Flow(
                crate::oauth::flow::FlowError::NoMatchingFlow,
            ));
        }
        let answer = if def.implicit_grant {
            callback::parse_implicit(url)?
        } else {
            callback::parse(url)?
        };
        let state = answer.state().ok_or(ConnectError::Callback(
            callback::CallbackError::MissingState,
        ))?;
        let flow = self.flows.lock().unwrap_or_else(|p| p.into_inner()).take(
            &def.id,
            state,
            Instant::now(),
        )?;
        let tokens = match answer {
            Callback::Error { error, .. } => {
                return Err(ConnectError::Denied(callback::describe_error(&error)))
            }
            // Implicit grant: the token arrived in the fragment, nothing to
            // exchange, and it has no expiry or refresh token.
            Callback::Token { access_token, .. } => crate::oauth::tokens::TokenSet {
                access_token,
                refresh_token: None,
                expires_at: None,
            },
            Callback::Code { code, iss, .. } => {
                if let Some(iss) = iss {
                    // RFC 9207: the issuer is the authorization server's origin.
                    if iss.trim_end_matches('/') != def.authorize_url.origin().ascii_serialization()
                    {
                        return Err(ConnectError::IssuerMismatch);
                    }
                }
                let secret = self.secrets.get(def).await?;
                self.tokens
                    .exchange_code(
                        def,
                        secret.as_ref(),
                        CodeExchange {
                            code,
                            redirect_uri: &flow.redirect_uri,
                            verifier: def.pkce.then_some(&flow.verifier),
                        },
                        (self.clock)(),
                    )
                    .await?
            }
        };
        let api = self.api(&def.id)?;
        let identity = api
            .identify(&tokens.access_token, flow.organization.as_deref())
            .await?
            .ok_or(ConnectError::NoOrganization)?;
        let id = ConnectionId::new(&def.id, &identity.organization_slug);
        // Connecting an organization again replaces its grant: the old one
        // is revoked (best effort), not left orphaned at the provider.
        let replaced = match self.keychain.get(&id.keychain_account()).await {
            Ok(stored) => stored.as_ref().and_then(TokenSet::from_keychain_value),
            Err(_) => None,
        };
        self.session.store(&id, tokens).await?;
        if let Some(old) = replaced {
            let secret = self.secrets.get(def).await.ok().flatten();
            if let Err(err) = self.tokens.revoke(def, secret.as_ref(), &old).await {
                tracing::info!(provider = %def.id, reason = %err, "the replaced grant could not be revoked");
            }
        }
        let meta = ConnectionMeta {
            id,
            organization_name: identity.organization_name,
            user: identity.user,
            connected_at: (self.clock)(),
            status: ConnectionStatus::Connected,
        };
        self.metadata.upsert(meta.clone())?;
        Ok(meta)
    }

    pub fn connections(&self) -> Result<Vec<ConnectionMeta>, ConnectError> {
        Ok(self.metadata.list()?)
    }

    /// `Some` once `connections.json` was found unreadable and set aside;
    /// see [`MetadataStore::recovered_from_corruption`].
    pub fn metadata_recovery(&self) -> Option<CorruptionRecovery> {
        self.metadata.recovered_from_corruption()
    }

    /// One page of the connection's projects, and the total.
    pub async fn projects(
        &self,
        id: &ConnectionId,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ConnectError> {
        let api = self.api(&id.provider)?;
        self.with_token(id, |token| async move {
            api.projects(&token, &id.organization, offset, limit).await
        })
        .await
    }

    /// The organizations or accounts the connection reaches, by name.
    pub async fn groups(&self, id: &ConnectionId) -> Result<Vec<String>, ConnectError> {
        let api = self.api(&id.provider)?;
        self.with_token(id, |token| async move {
            api.groups(&token, &id.organization).await
        })
        .await
    }

    /// Revokes on the server (best effort: a failure never blocks), then
    /// deletes the keychain item and the metadata.
    pub async fn disconnect(&self, id: &ConnectionId) -> Result<bool, ConnectError> {
        let def = self.provider(&id.provider)?;
        crate::validate::connection_id(id).map_err(ApiError::from)?;
        if let Some(tokens) = self.session.forget(id).await? {
            let secret = self.secrets.get(def).await.ok().flatten();
            if let Err(err) = self.tokens.revoke(def, secret.as_ref(), &tokens).await {
                tracing::warn!(provider = %def.id, reason = %err, "revoke failed; the connection is removed anyway");
            }
        }
        Ok(self.metadata.remove(id)?)
    }

    /// Saves renewed sign-ins the keychain refused earlier; the ones still
    /// unsaved (lost if the app exits now). For the app's exit path.
    pub async fn save_unsaved(&self) -> Vec<ConnectionId> {
        self.session.save_unsaved().await
    }

    /// Unix seconds from the connector's clock.
    pub(crate) fn now(&self) -> u64 {
        (self.clock)()
    }

    pub(crate) fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    /// A provider's API client.
    pub(crate) fn api(&self, provider: &str) -> Result<&ProviderApi, ConnectError> {
        self.apis
            .get(provider)
            .ok_or_else(|| ConnectError::UnknownProvider(provider.to_owned()))
    }

    /// Runs `call` with a fresh token; on 401 refreshes once and retries. A
    /// dead grant marks the connection "needs reconnect".
    pub(crate) async fn with_token<T, F, Fut>(
        &self,
        id: &ConnectionId,
        call: F,
    ) -> Result<T, ConnectError>
    where
        F: Fn(SecretString) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let result = async {
            // The id names a keychain item and URL path segments: checked
            // here once for every call that uses a connection (L10).
            crate::validate::connection_id(id).map_err(ApiError::from)?;
            let token = self.session.access_token(id).await?;
            match call(token.clone()).await {
                Err(ApiError::Unauthorized) => {
                    let fresh = self.session.after_unauthorized(id, &token).await?;
                    call(fresh).await.map_err(ConnectError::from)
                }
                other => other.map_err(ConnectError::from),
            }
        }
        .await;
        if let Err(ConnectError::NeedsReconnect | ConnectError::NotConnected) = &result {
            self.metadata
                .set_status(id, ConnectionStatus::NeedsReconnect)?;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connections::session::system_clock;
    use crate::vault::memory_store;

    fn connector(channel: Channel, mode: &str, service: &str, dir: &Path) -> Connector {
        memory_store::install();
        let mut def = crate::providers::supabase::definition();
        def.redirect_mode = match mode {
            "relay" => RedirectMode::HttpsRelay,
            "loopback" => RedirectMode::Loopback,
            _ => RedirectMode::DeepLink,
        };
        Connector::new(
            channel,
            vec![def],
            Keychain::new(service),
            dir,
            crate::oauth::http::client(),
            system_clock(),
        )
    }

    #[test]
    fn each_mode_and_channel_has_its_own_redirect_uri() {
        let dir = tempfile::tempdir().unwrap();
        let uri = |channel, mode| {
            let c = connector(channel, mode, "test.connect.uri", dir.path());
            c.redirect_uri(c.provider("supabase").unwrap()).to_string()
        };
        assert_eq!(
            uri(Channel::Release, "deep"),
            "dev.latchkey:/oauth/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "deep"),
            "dev.latchkey.debug:/oauth/supabase"
        );
        assert_eq!(
            uri(Channel::Release, "relay"),
            "https://latchkey.dev/relay/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "relay"),
            "https://latchkey.dev/relay/debug/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "loopback"),
            "http://127.0.0.1:53682/oauth/supabase"
        );
    }

    #[tokio::test]
    async fn without_a_client_secret_no_browser_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.nosecret", dir.path());
        let err = c.start("supabase", None).await.err().unwrap();
        assert!(
            matches!(err, ConnectError::MissingClientSecret(_)),
            "{err:?}"
        );
        assert_eq!(
            AppError::from(err).code,
            crate::error::ErrorCode::NotConfigured
        );
    }

    #[tokio::test]
    async fn a_callback_for_an_unknown_state_is_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.quiet", dir.path());
        let url =
            Url::parse("dev.latchkey.debug:/oauth/supabase?code=x&state=never-issued").unwrap();
        let err = c.complete("supabase", &url).await.unwrap_err();
        assert!(err.is_quiet(), "{err:?}");
    }

    #[tokio::test]
    async fn links_that_do_not_answer_the_waiting_sign_in_are_quiet_and_leave_it_waiting() {
        // L2 in the security review: any page can fire these while a
        // sign-in waits; none may show an error or end the wait.
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.junk", dir.path());
        let def = c.provider("supabase").unwrap().clone();
        c.secrets()
            .set(&def, &SecretString::from("sba_test"))
            .await
            .unwrap();
        let started = c.start("supabase", None).await.unwrap();
        let q: HashMap<_, _> = started.authorize_url.query_pairs().into_owned().collect();
        let state = &q["state"];
        let junk = [
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?code=x".to_owned(),
            ),
            ("supabase", "dev.latchkey.debug:/oauth/supabase".to_owned()),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?error=access_denied".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?evil=1".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?code=x&state=wrong".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?state=&code=x".to_owned(),
            ),
            (
                "supabase",
                format!("dev.latchkey.debug:/oauth/supabase?code=x&state=wrong&state={state}"),
            ),
            (
                "nope",
                format!("dev.latchkey.debug:/oauth/nope?code=x&state={state}"),
            ),
        ];
        for (provider, link) in junk {
            let err = c
                .complete(provider, &Url::parse(&link).unwrap())
                .await
                .unwrap_err();
            assert!(err.is_quiet(), "{link}: {err:?} must be quiet");
        }
        assert_eq!(
            c.flows.lock().unwrap().pending("supabase"),
            1,
            "the sign-in still waits"
        );
        // The answer with the right state but a malformed rest is the
        // provider's: that one is shown.
        let malformed = Url::parse(&format!(
            "dev.latchkey.debug:/oauth/supabase?state={state}&code=x&error=y"
        ))
        .unwrap();
        let err = c.complete("supabase", &malformed).await.unwrap_err();
        assert!(!err.is_quiet(), "{err:?}");
    }

    #[tokio::test]
    async fn a_connection_id_from_the_page_is_checked_before_the_keychain_or_the_network() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.badid", dir.path());
        for org in ["../x", "a:b", "", "evil.example/x?"] {
            let id = ConnectionId::new("supabase", org);
            let err = c.projects(&id, 0, 10).await.unwrap_err();
            assert_eq!(
                AppError::from(err).code,
                crate::error::ErrorCode::Validation,
                "{org:?}"
            );
            assert!(c.disconnect(&id).await.is_err(), "{org:?}");
        }
    }

    #[tokio::test]
    async fn the_authorize_url_carries_the_flow_and_the_preselected_org() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.start", dir.path());
        c.secrets()
            .set(
                c.provider("supabase").unwrap(),
                &SecretString::from("sba_test"),
            )
            .await
            .unwrap();
        let started = c.start("supabase", Some("acme".into())).await.unwrap();
        let q: HashMap<_, _> = started.authorize_url.query_pairs().into_owned().collect();
        assert_eq!(q["organization_slug"], "acme");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"].len(), 43);
        assert!(started.loopback.is_none());
        assert_eq!(c.cancel("supabase"), 1);
    }
}
