//! What the engine asks of every provider's API, whatever the provider:
//! who a new grant covers, the groups a connection reaches, and its
//! projects. Each provider's folder implements [`AccountApi`] for its own
//! client; its other calls stay on that client, reached by type through
//! [`super::registry::Registry::api_of`], never by provider id.

use std::any::Any;

use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use crate::net::ApiError;

/// Who and what a new grant covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// What the grant covers: an organization slug or a user id. It becomes
    /// a keychain account and a path segment, so the engine checks it
    /// ([`identify_checked`]) before taking it.
    pub account: String,
    pub account_name: String,
    pub user: Option<String>,
}

/// A project as every screen shows it, whatever the provider. A project has
/// a region (Supabase, Neon) or a URL (a Netlify site), and where one
/// connection reaches several organizations or accounts, the one it is in
/// (`group`), by which the list groups it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProjectSummary {
    pub reference: String,
    pub name: String,
    pub region: Option<String>,
    pub url: Option<String>,
    pub status: String,
    pub created_at: String,
    /// The organization or account's name; `None` where a connection covers one.
    pub group: Option<String>,
}

#[async_trait::async_trait]
pub trait AccountApi: Send + Sync + 'static {
    /// Who the grant behind `token` covers; `requested` is the account the
    /// user asked for, where the provider lets them choose. `None`: the grant
    /// covers nothing Latchkey can show.
    async fn identify(
        &self,
        token: &SecretString,
        requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError>;

    /// Everything a personal token reaches, one connection each: by
    /// default who it stands for ([`Self::identify`]); a provider whose
    /// connections cover one organization lists each organization.
    async fn identities(&self, token: &SecretString) -> Result<Vec<Identity>, ApiError> {
        Ok(self.identify(token, None).await?.into_iter().collect())
    }

    /// The organizations or accounts the connection reaches, by name.
    async fn groups(&self, token: &SecretString, account: &str) -> Result<Vec<String>, ApiError>;

    /// One page of the account's projects, and the total.
    async fn projects(
        &self,
        token: &SecretString,
        account: &str,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError>;

    /// The concrete client, for the provider's own management calls.
    fn as_any(&self) -> &dyn Any;
}

/// [`AccountApi::identify`], refusing an account id that is not an id
/// ([`crate::validate::id`]): it would become a keychain account and a path
/// segment of later calls.
pub async fn identify_checked(
    api: &dyn AccountApi,
    token: &SecretString,
    requested: Option<&str>,
) -> Result<Option<Identity>, ApiError> {
    let identity = api.identify(token, requested).await?;
    identity.iter().try_for_each(account_is_an_id)?;
    Ok(identity)
}

/// [`AccountApi::identities`], with the same check as [`identify_checked`].
pub async fn identities_checked(
    api: &dyn AccountApi,
    token: &SecretString,
) -> Result<Vec<Identity>, ApiError> {
    let identities = api.identities(token).await?;
    identities.iter().try_for_each(account_is_an_id)?;
    Ok(identities)
}

/// The check both share: the account becomes a keychain account and a path
/// segment, so a provider naming one that is not an id is refused.
fn account_is_an_id(identity: &Identity) -> Result<(), ApiError> {
    if crate::validate::id("account", &identity.account).is_err() {
        tracing::warn!("the provider named an account whose id is not an id; refused");
        return Err(ApiError::BadResponse);
    }
    Ok(())
}

/// Everything at once for APIs that list all projects in one go (following
/// their own paging): the first page is all of them, later pages are empty.
pub(crate) fn as_one_page(
    projects: Vec<ProjectSummary>,
    offset: u32,
) -> (Vec<ProjectSummary>, u64) {
    let total = projects.len() as u64;
    (if offset == 0 { projects } else { Vec::new() }, total)
}
