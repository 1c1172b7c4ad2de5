//! What a connection holds, for its detail panel: what it covers, where its
//! credential came from, who signed in, when the access token expires and
//! whether Latchkey renews it, and its scopes. Nothing secret: the token
//! pair is read only for its expiry and whether a refresh token exists.

use serde::Serialize;
use ts_rs::TS;

use super::{ConnectError, Connections};
use crate::connections::metadata::ConnectionStatus;
use crate::connections::{ConnectionId, ConnectionSource};
use crate::oauth::tokens::TokenSet;
use crate::providers::ConnectionCovers;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConnectionDetail {
    pub provider_name: String,
    pub covers: ConnectionCovers,
    /// What the provider calls one of its groups ("organization", "account").
    pub group_noun: String,
    pub account: String,
    pub account_name: String,
    pub source: ConnectionSource,
    pub user: Option<String>,
    /// Unix seconds.
    #[ts(type = "number")]
    pub connected_at: u64,
    pub status: ConnectionStatus,
    /// When the access token expires (Unix seconds); `None` when it does
    /// not, or when no token is saved.
    #[ts(type = "number | null")]
    pub expires_at: Option<u64>,
    /// Whether Latchkey can renew it without the user (a refresh token).
    pub refreshes: bool,
    /// What the provider said it granted, where it says.
    pub granted_scopes: Option<Vec<String>>,
    /// The scopes Latchkey's calls need, for a provider that fixes scopes
    /// on the OAuth app rather than per grant (and names them on a 403).
    pub scopes_needed: Vec<String>,
    /// The scope a call was last refused for lack of, until the next sign-in.
    pub missing_scope: Option<String>,
}

impl Connections {
    pub async fn detail(&self, id: &ConnectionId) -> Result<ConnectionDetail, ConnectError> {
        crate::validate::connection_id(id)?;
        let meta = self.meta(id)?.ok_or(ConnectError::NotConnected)?;
        let def = self.registry().definition(&id.provider)?;
        let tokens = self
            .keychain()
            .get(&id.keychain_account())
            .await?
            .as_ref()
            .and_then(TokenSet::from_keychain_value);
        let mut scopes_needed: Vec<String> = def.access_scopes.values().cloned().collect();
        scopes_needed.sort();
        scopes_needed.dedup();
        Ok(ConnectionDetail {
            provider_name: def.display_name.clone(),
            covers: def.covers,
            group_noun: def.words.group_noun[0].clone(),
            account: meta.id.account,
            account_name: meta.account_name,
            source: meta.source,
            user: meta.user,
            connected_at: meta.connected_at,
            status: meta.status,
            expires_at: tokens.as_ref().and_then(|t| t.expires_at),
            refreshes: tokens.as_ref().is_some_and(|t| t.refresh_token.is_some()),
            granted_scopes: meta.granted_scopes,
            scopes_needed,
            missing_scope: meta.missing_scope,
        })
    }
}
