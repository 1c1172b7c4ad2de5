//! Neon as the engine sees it. A grant covers the user, with all their
//! organizations: the connection is theirs.

use std::any::Any;

use secrecy::SecretString;

use super::api::NeonApi;
use crate::net::ApiError;
use crate::providers::account_api::{as_one_page, AccountApi, Identity, ProjectSummary};

#[async_trait::async_trait]
impl AccountApi for NeonApi {
    async fn identify(
        &self,
        token: &SecretString,
        _requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        let me = self.me(token).await?;
        let name = if me.name.is_empty() {
            me.email.clone()
        } else {
            me.name.clone()
        };
        Ok(Some(Identity {
            account: me.id,
            account_name: name,
            user: Some(me.email),
        }))
    }

    async fn groups(&self, token: &SecretString, _account: &str) -> Result<Vec<String>, ApiError> {
        Ok(self
            .organizations(token)
            .await?
            .into_iter()
            .map(|o| o.name)
            .collect())
    }

    async fn projects(
        &self,
        token: &SecretString,
        _account: &str,
        offset: u32,
        _limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError> {
        let projects = self
            .all_projects(token)
            .await?
            .into_iter()
            .map(|(project, org)| {
                let group = org.map_or_else(|| super::PERSONAL.to_owned(), |o| o.name);
                super::summary(project, Some(group))
            })
            .collect();
        Ok(as_one_page(projects, offset))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
