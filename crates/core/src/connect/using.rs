//! Using a connection: a fresh token for each call (one refresh and retry on
//! 401), the engine's provider calls (projects, groups), taking a new grant
//! in, and disconnecting. A dead grant marks the connection "needs
//! reconnect"; a 403 names the scope the provider says the call needs.

use std::path::Path;
use std::sync::Arc;

use secrecy::SecretString;

use super::{ClientSecrets, ConnectError};
use crate::connections::metadata::{
    ConnectionMeta, ConnectionStatus, CorruptionRecovery, MetadataStore,
};
use crate::connections::refresh_lock::RefreshLocks;
use crate::connections::session::{Clock, Refresh, Session, SessionError};
use crate::connections::{ConnectionId, ConnectionSource};
use crate::net::ApiError;
use crate::oauth::token_client::TokenClient;
use crate::oauth::tokens::TokenSet;
use crate::providers::{Access, Identity, ProjectSummary, ProviderDefinition, Registry};
use crate::vault::Keychain;

/// Refreshes through the token client with the provider's saved secret.
pub struct Refresher {
    registry: Arc<Registry>,
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
            .registry
            .definition(&id.provider)
            .map_err(|_| SessionError::NotConnected)?;
        let secret = self.secrets.for_requests(def).await?;
        Ok(self
            .tokens
            .refresh(def, secret.as_ref(), refresh_token, now)
            .await?)
    }
}

pub struct Connections {
    registry: Arc<Registry>,
    keychain: Keychain,
    secrets: ClientSecrets,
    tokens: TokenClient,
    session: Session<Refresher>,
    metadata: MetadataStore,
    clock: Clock,
}

impl Connections {
    pub(super) fn new(
        registry: Arc<Registry>,
        keychain: Keychain,
        secrets: ClientSecrets,
        tokens: TokenClient,
        data_dir: &Path,
        clock: Clock,
    ) -> Self {
        let refresher = Refresher {
            registry: registry.clone(),
            secrets: secrets.clone(),
            tokens: tokens.clone(),
        };
        Self {
            session: Session::new(refresher, keychain.clone(), clock.clone())
                .with_refresh_locks(RefreshLocks::new(data_dir)),
            registry,
            keychain,
            secrets,
            tokens,
            metadata: MetadataStore::new(data_dir),
            clock,
        }
    }

    pub fn list(&self) -> Result<Vec<ConnectionMeta>, ConnectError> {
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
        let api = self.registry.api(&id.provider)?;
        self.with_token(id, Access::ReadProjects, |token| async move {
            api.projects(&token, &id.account, offset, limit).await
        })
        .await
    }

    /// The organizations or accounts the connection reaches, by name.
    pub async fn groups(&self, id: &ConnectionId) -> Result<Vec<String>, ConnectError> {
        let api = self.registry.api(&id.provider)?;
        self.with_token(id, Access::ReadGroups, |token| async move {
            api.groups(&token, &id.account).await
        })
        .await
    }

    /// Whether the connection still works: a fresh token (refreshed first
    /// when due) and one quick authenticated call, who the grant covers.
    pub async fn check(&self, id: &ConnectionId) -> Result<(), ConnectError> {
        let api = self.registry.api(&id.provider)?;
        self.with_token(id, Access::ReadGroups, |token| async move {
            api.identify(&token, None).await.map(|_| ())
        })
        .await
    }

    /// An access token the provider just accepted (one quick authenticated
    /// call; refreshed first when due or refused), for `lk token`, which
    /// hands it to another program on explicit request. A token that only
    /// looks fresh here may have been revoked or expired at the provider.
    /// Nothing else takes a token out of core: never the webview, a log or
    /// an error.
    pub async fn fresh_access_token(
        &self,
        id: &ConnectionId,
    ) -> Result<SecretString, ConnectError> {
        let api = self.registry.api(&id.provider)?;
        self.with_token(id, Access::ReadGroups, |token| async move {
            api.identify(&token, None).await.map(|_| token)
        })
        .await
    }

    /// Revokes on the server (best effort: a failure never blocks), then
    /// deletes the keychain item and the metadata.
    pub async fn disconnect(&self, id: &ConnectionId) -> Result<bool, ConnectError> {
        let def = self.registry.definition(&id.provider)?;
        crate::validate::connection_id(id)?;
        let source = self.source_of(id);
        if let Some(tokens) = self.session.forget(id).await? {
            // A personal token is the user's to delete at the provider.
            if source.is_some_and(|s| !s.is_oauth_grant()) {
                return Ok(self.metadata.remove(id)?);
            }
            let secret = self.secrets.for_requests(def).await.ok().flatten();
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

    /// Where the connection's credential came from, if it is listed.
    fn source_of(&self, id: &ConnectionId) -> Option<ConnectionSource> {
        Some(self.metadata.get(id).ok()??.source)
    }

    /// Takes in a new credential covering `identity`. Connecting an account
    /// again replaces it: an OAuth grant it replaces is revoked (best
    /// effort), not left orphaned at the provider; a personal token is left
    /// to its user.
    pub(super) async fn store_new(
        &self,
        def: &ProviderDefinition,
        tokens: TokenSet,
        identity: Identity,
        source: ConnectionSource,
    ) -> Result<ConnectionMeta, ConnectError> {
        let id = ConnectionId::new(&def.id, &identity.account);
        let sign_in_ends_at = tokens.expires_at.filter(|_| tokens.refresh_token.is_none());
        let granted_scopes = tokens.granted_scopes.clone();
        let replaced = match self.keychain.get(&id.keychain_account()).await {
            Ok(stored) => stored.as_ref().and_then(TokenSet::from_keychain_value),
            Err(_) => None,
        };
        let replaced_grant = self
            .source_of(&id)
            .is_none_or(ConnectionSource::is_oauth_grant);
        self.session.store(&id, tokens).await?;
        if let Some(old) = replaced.filter(|_| replaced_grant) {
            let secret = self.secrets.for_requests(def).await.ok().flatten();
            if let Err(err) = self.tokens.revoke(def, secret.as_ref(), &old).await {
                tracing::info!(provider = %def.id, reason = %err, "the replaced grant could not be revoked");
            }
        }
        let meta = ConnectionMeta {
            id,
            account_name: identity.account_name,
            user: identity.user,
            connected_at: (self.clock)(),
            status: ConnectionStatus::Connected,
            sign_in_ends_at,
            source,
            granted_scopes,
            missing_scope: None,
        };
        self.metadata.upsert(meta.clone())?;
        Ok(meta)
    }

    /// The connection's non-secret facts, if it is listed.
    pub(super) fn meta(&self, id: &ConnectionId) -> Result<Option<ConnectionMeta>, ConnectError> {
        Ok(self.metadata.get(id)?)
    }

    pub(super) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Unix seconds from the connections' clock.
    pub(crate) fn now(&self) -> u64 {
        (self.clock)()
    }

    pub(crate) fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    /// The connection's provider's own client, by type (see
    /// [`Registry::api_of`]).
    pub(crate) fn api_of<T: 'static>(&self, id: &ConnectionId) -> Result<&T, ConnectError> {
        Ok(self.registry.api_of::<T>(&id.provider)?)
    }

    /// Runs `call` with a fresh token; on 401 refreshes once and retries. A
    /// dead grant marks the connection "needs reconnect". A 403 becomes
    /// [`ConnectError::MissingScope`] when the provider names the scope
    /// `access` needs.
    pub(crate) async fn with_token<T, F, Fut>(
        &self,
        id: &ConnectionId,
        access: Access,
        call: F,
    ) -> Result<T, ConnectError>
    where
        F: Fn(SecretString) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let result = async {
            // The id names a keychain item and URL path segments: checked
            // here once for every call that uses a connection (L10), so the
            // operations built on `with_token` need no check of their own.
            crate::validate::connection_id(id)?;
            let token = self.session.access_token(id).await?;
            match call(token.clone()).await {
                Err(ApiError::Unauthorized { .. }) => {
                    let fresh = self.session.after_unauthorized(id, &token).await?;
                    call(fresh).await.map_err(ConnectError::from)
                }
                other => other.map_err(ConnectError::from),
            }
        }
        .await;
        match &result {
            Err(ConnectError::NeedsReconnect | ConnectError::NotConnected) => {
                self.metadata
                    .set_status(id, ConnectionStatus::NeedsReconnect)?;
                if let Some(revoked) = self.token_revoked(id) {
                    return Err(revoked);
                }
            }
            Err(ConnectError::Api(ApiError::Forbidden { .. })) => {
                if let Some(missing) = self.missing_scope(id, access) {
                    if let ConnectError::MissingScope { scope, .. } = &missing {
                        // For the connection's detail; a failure to note it
                        // must not hide the refusal itself.
                        let _ = self.metadata.set_missing_scope(id, scope);
                    }
                    return Err(missing);
                }
            }
            _ => {}
        }
        result
    }

    /// For a personal-token connection the provider stopped accepting:
    /// the error that asks for a new token rather than a sign-in.
    fn token_revoked(&self, id: &ConnectionId) -> Option<ConnectError> {
        if self.source_of(id)? != ConnectionSource::PersonalToken {
            return None;
        }
        let def = self.registry.definition(&id.provider).ok()?;
        Some(ConnectError::TokenRevoked {
            provider: def.display_name.clone(),
            name: def
                .personal_token
                .as_ref()
                .map_or_else(|| "token".to_owned(), |f| f.name.clone()),
        })
    }

    fn missing_scope(&self, id: &ConnectionId, access: Access) -> Option<ConnectError> {
        let def = self.registry.definition(&id.provider).ok()?;
        let scope = def.access_scopes.get(&access)?;
        Some(ConnectError::MissingScope {
            provider: def.display_name.clone(),
            scope: scope.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::ConnectError;
    use crate::connections::ConnectionSource;
    use crate::error::{AppError, ErrorCode};
    use crate::manage::test_support::refusing;
    use crate::net::ApiError;
    use crate::providers::{neon, netlify, supabase};

    #[tokio::test]
    async fn a_403_names_the_scope_the_provider_says_the_call_needs() {
        for (def, scope) in [
            (supabase::definition(), "projects:read"),
            (neon::definition(), "urn:neoncloud:projects:read"),
        ] {
            let fake = refusing(def).await;
            let err = fake
                .connector
                .connections()
                .projects(&fake.id, 0, 10)
                .await
                .unwrap_err();
            let app = AppError::from(err);
            assert_eq!(app.code, ErrorCode::MissingScope, "{}", app.message);
            assert!(app.message.contains(scope), "{}", app.message);
        }
    }

    #[tokio::test]
    async fn a_sign_in_nothing_can_renew_says_when_it_ends() {
        use crate::oauth::tokens::TokenSet;
        use crate::providers::Identity;
        use secrecy::SecretString;
        let fake = refusing(netlify::definition()).await;
        let def = netlify::definition();
        let store = |refresh: Option<&str>, expires_at: Option<u64>| {
            let tokens = TokenSet {
                access_token: SecretString::from("at"),
                refresh_token: refresh.map(SecretString::from),
                expires_at,
                granted_scopes: None,
            };
            let identity = Identity {
                account: "u1".into(),
                account_name: "Ada".into(),
                user: None,
            };
            let connections = fake.connector.connections();
            let def = def.clone();
            async move {
                connections
                    .store_new(&def, tokens, identity, ConnectionSource::OauthApp)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            store(None, Some(1_900_000_000)).await.sign_in_ends_at,
            Some(1_900_000_000)
        );
        assert_eq!(
            store(Some("rt"), Some(1_900_000_000)).await.sign_in_ends_at,
            None,
            "it renews itself"
        );
        assert_eq!(
            store(None, None).await.sign_in_ends_at,
            None,
            "it never expires"
        );
        let listed = fake.connector.connections().list().unwrap();
        assert_eq!(
            listed.len(),
            1,
            "the same account again replaces it: {listed:?}"
        );
    }

    #[tokio::test]
    async fn the_detail_names_the_scope_a_call_was_refused_for_until_the_next_sign_in() {
        use crate::oauth::tokens::TokenSet;
        use crate::providers::Identity;
        use secrecy::SecretString;
        let fake = refusing(supabase::definition()).await;
        let connections = fake.connector.connections();
        let tokens = || TokenSet {
            access_token: SecretString::from("at"),
            refresh_token: Some(SecretString::from("rt")),
            expires_at: Some(4_000_000_000),
            granted_scopes: None,
        };
        let identity = Identity {
            account: "acme".into(),
            account_name: "Acme".into(),
            user: None,
        };
        let stored = |tokens: TokenSet| {
            let (def, identity) = (
                fake.connector.registry().definition("supabase").unwrap(),
                identity.clone(),
            );
            async move {
                connections
                    .store_new(def, tokens, identity, ConnectionSource::OauthApp)
                    .await
                    .unwrap()
            }
        };
        stored(tokens()).await;
        let _ = connections.projects(&fake.id, 0, 10).await.unwrap_err();
        let detail = connections.detail(&fake.id).await.unwrap();
        assert_eq!(detail.missing_scope.as_deref(), Some("projects:read"));
        assert_eq!(detail.expires_at, Some(4_000_000_000));
        assert!(detail.refreshes);
        assert!(detail.scopes_needed.contains(&"projects:write".to_owned()));
        assert_eq!(detail.source, ConnectionSource::OauthApp);
        stored(tokens()).await;
        assert_eq!(
            connections.detail(&fake.id).await.unwrap().missing_scope,
            None,
            "a new sign-in may carry the scope"
        );
    }

    #[tokio::test]
    async fn a_403_from_a_provider_without_scopes_stays_a_refusal() {
        let fake = refusing(netlify::definition()).await;
        let err = fake
            .connector
            .connections()
            .groups(&fake.id)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ConnectError::Api(ApiError::Forbidden { .. })),
            "Netlify names no scopes, so none is blamed: {err:?}"
        );
    }
}
