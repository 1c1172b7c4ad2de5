//! Netlify as the engine sees it. A grant covers the user, with all their
//! accounts; a site is a project with a URL instead of a region.

use std::any::Any;

use secrecy::SecretString;

use super::api::NetlifyApi;
use crate::net::ApiError;
use crate::providers::account_api::{as_one_page, AccountApi, Identity, ProjectSummary};

#[async_trait::async_trait]
impl AccountApi for NetlifyApi {
    async fn identify(
        &self,
        token: &SecretString,
        _requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        let me = self.user(token).await?;
        let name = me
            .full_name
            .clone()
            .or(me.email.clone())
            .unwrap_or_else(|| me.id.clone());
        Ok(Some(Identity {
            account: me.id,
            account_name: name,
            user: me.email,
        }))
    }

    async fn groups(&self, token: &SecretString, _account: &str) -> Result<Vec<String>, ApiError> {
        Ok(self
            .accounts(token)
            .await?
            .into_iter()
            .filter_map(|a| a.name.or(a.slug))
            .collect())
    }

    async fn projects(
        &self,
        token: &SecretString,
        _account: &str,
        offset: u32,
        _limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError> {
        let sites = self
            .all_sites(token)
            .await?
            .into_iter()
            .map(|s| ProjectSummary {
                reference: s.id.unwrap_or_default(),
                name: s.name.unwrap_or_default(),
                region: None,
                url: s.ssl_url.or(s.url),
                status: s
                    .state
                    .unwrap_or_else(|| "unknown".into())
                    .to_ascii_uppercase(),
                created_at: s.created_at.unwrap_or_default(),
                group: s.account_name.or(s.account_slug),
            })
            .collect();
        Ok(as_one_page(sites, offset))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
