//! Supabase as the engine sees it. A grant covers exactly one organization:
//! the one `GET /v1/organizations` lists for it.

use std::any::Any;

use secrecy::SecretString;

use super::api::{PageQuery, SupabaseApi};
use crate::net::ApiError;
use crate::providers::account_api::{AccountApi, Identity, ProjectSummary};

#[async_trait::async_trait]
impl AccountApi for SupabaseApi {
    async fn identify(
        &self,
        token: &SecretString,
        requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        let orgs = self.organizations(token).await?;
        let org = requested
            .and_then(|slug| orgs.iter().find(|o| o.slug == slug))
            .or_else(|| orgs.first());
        let Some(org) = org else { return Ok(None) };
        // The profile needs a scope the app may not have; it is a nicety.
        let user = self.profile(token).await.ok().map(|p| p.primary_email);
        Ok(Some(Identity {
            account: org.slug.clone(),
            account_name: org.name.clone(),
            user,
        }))
    }

    /// A personal access token reaches every organization of its user: one
    /// connection each, as a sign-in per organization would make.
    async fn identities(&self, token: &SecretString) -> Result<Vec<Identity>, ApiError> {
        let orgs = self.organizations(token).await?;
        let user = self.profile(token).await.ok().map(|p| p.primary_email);
        Ok(orgs
            .into_iter()
            .map(|org| Identity {
                account: org.slug,
                account_name: org.name,
                user: user.clone(),
            })
            .collect())
    }

    async fn groups(&self, token: &SecretString, account: &str) -> Result<Vec<String>, ApiError> {
        Ok(self
            .organizations(token)
            .await?
            .into_iter()
            .filter(|o| o.slug == account)
            .map(|o| o.name)
            .collect())
    }

    async fn projects(
        &self,
        token: &SecretString,
        account: &str,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError> {
        let query = PageQuery {
            offset,
            limit,
            ..Default::default()
        };
        let page = self.organization_projects(token, account, &query).await?;
        let projects = page
            .projects
            .into_iter()
            .map(|p| ProjectSummary {
                reference: p.reference,
                name: p.name,
                region: Some(p.region),
                url: None,
                status: p.status,
                created_at: p.inserted_at,
                group: None,
            })
            .collect();
        Ok((projects, page.pagination.count))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::body::test_server::json_server;
    use crate::providers::account_api::identify_checked;

    #[tokio::test]
    async fn an_organization_slug_that_is_not_an_id_is_not_taken_from_the_provider() {
        // The slug becomes the keychain account `supabase:<slug>` and a path
        // segment of every later call.
        let (url, _) = json_server(r#"[{"slug":"../../x","name":"Evil"}]"#).await;
        let api = SupabaseApi::new(crate::net::client(), url);
        let identity = identify_checked(&api, &SecretString::from("t"), None).await;
        assert_eq!(identity, Err(ApiError::BadResponse), "{identity:?}");
    }
}
