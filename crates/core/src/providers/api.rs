//! The per-provider API calls the engine needs, behind one enum: which
//! organization a new grant covers, and an organization's projects. Each
//! provider adds a variant; the engine never matches on a provider id.

use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;

use super::neon::api::NeonApi;
use super::netlify::api::NetlifyApi;
use super::supabase::api::{PageQuery, SupabaseApi};
use super::ProviderDefinition;
use crate::api_error::ApiError;

/// Who and what a new grant covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub organization_slug: String,
    pub organization_name: String,
    pub user: Option<String>,
}

/// A project as every screen shows it, whatever the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProjectSummary {
    pub reference: String,
    pub name: String,
    pub region: String,
    pub status: String,
    pub created_at: String,
}

#[derive(Clone)]
pub enum ProviderApi {
    Supabase(SupabaseApi),
    Neon(NeonApi),
    Netlify(NetlifyApi),
}

impl ProviderApi {
    /// The API client for `def`, or `None` for a provider without one yet.
    pub fn for_definition(def: &ProviderDefinition, http: reqwest::Client) -> Option<Self> {
        match def.id.as_str() {
            "supabase" => Some(ProviderApi::Supabase(SupabaseApi::new(
                http,
                def.api_base_url.clone(),
            ))),
            "neon" => Some(ProviderApi::Neon(NeonApi::new(
                http,
                def.api_base_url.clone(),
            ))),
            "netlify" => Some(ProviderApi::Netlify(NetlifyApi::new(
                http,
                def.api_base_url.clone(),
            ))),
            _ => None,
        }
    }

    /// Who the grant covers. Its organization slug becomes a keychain
    /// account and a path segment of later calls, so a slug that is not an
    /// id ([`crate::validate::id`]) is a bad answer, never taken.
    pub async fn identify(
        &self,
        token: &SecretString,
        requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        let identity = self.identify_unchecked(token, requested).await?;
        if let Some(identity) = &identity {
            if crate::validate::id("organization", &identity.organization_slug).is_err() {
                tracing::warn!("the provider named an organization whose id is not an id; refused");
                return Err(ApiError::BadResponse);
            }
        }
        Ok(identity)
    }

    /// A Supabase grant covers exactly one organization: the one
    /// `GET /v1/organizations` lists for it.
    async fn identify_unchecked(
        &self,
        token: &SecretString,
        requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        match self {
            ProviderApi::Supabase(api) => {
                let orgs = api.organizations(token).await?;
                let org = requested
                    .and_then(|slug| orgs.iter().find(|o| o.slug == slug))
                    .or_else(|| orgs.first());
                let Some(org) = org else { return Ok(None) };
                // The profile needs a scope the app may not have; it is a nicety.
                let user = api.profile(token).await.ok().map(|p| p.primary_email);
                Ok(Some(Identity {
                    organization_slug: org.slug.clone(),
                    organization_name: org.name.clone(),
                    user,
                }))
            }
            // Neon and Netlify grants cover the user: the connection is theirs.
            ProviderApi::Neon(api) => {
                let me = api.me(token).await?;
                let name = if me.name.is_empty() {
                    me.email.clone()
                } else {
                    me.name.clone()
                };
                Ok(Some(Identity {
                    organization_slug: me.id,
                    organization_name: name,
                    user: Some(me.email),
                }))
            }
            ProviderApi::Netlify(api) => {
                let me = api.user(token).await?;
                let name = me
                    .full_name
                    .clone()
                    .or(me.email.clone())
                    .unwrap_or_else(|| me.id.clone());
                Ok(Some(Identity {
                    organization_slug: me.id,
                    organization_name: name,
                    user: me.email,
                }))
            }
        }
    }

    /// The organizations (Supabase, Neon) or accounts (Netlify) a connection
    /// reaches, by name: what the header lists.
    pub async fn groups(
        &self,
        token: &SecretString,
        organization: &str,
    ) -> Result<Vec<String>, ApiError> {
        match self {
            ProviderApi::Supabase(api) => Ok(api
                .organizations(token)
                .await?
                .into_iter()
                .filter(|o| o.slug == organization)
                .map(|o| o.name)
                .collect()),
            ProviderApi::Neon(api) => Ok(api
                .organizations(token)
                .await?
                .into_iter()
                .map(|o| o.name)
                .collect()),
            ProviderApi::Netlify(api) => Ok(api
                .accounts(token)
                .await?
                .into_iter()
                .filter_map(|a| a.name.or(a.slug))
                .collect()),
        }
    }

    /// One page of an organization's projects and the total count.
    pub async fn projects(
        &self,
        token: &SecretString,
        organization: &str,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError> {
        match self {
            ProviderApi::Supabase(api) => {
                let page = api
                    .organization_projects(
                        token,
                        organization,
                        &PageQuery {
                            offset,
                            limit,
                            ..Default::default()
                        },
                    )
                    .await?;
                let projects = page
                    .projects
                    .into_iter()
                    .map(|p| ProjectSummary {
                        reference: p.reference,
                        name: p.name,
                        region: p.region,
                        status: p.status,
                        created_at: p.inserted_at,
                    })
                    .collect();
                Ok((projects, page.pagination.count))
            }
            // These list everything in one call (following their own paging).
            ProviderApi::Neon(api) => {
                let projects: Vec<ProjectSummary> = api
                    .all_projects(token)
                    .await?
                    .into_iter()
                    .map(|p| ProjectSummary {
                        reference: p.id,
                        name: p.name,
                        region: p.region_id,
                        status: "ACTIVE".into(),
                        created_at: p.created_at,
                    })
                    .collect();
                let total = projects.len() as u64;
                Ok((if offset == 0 { projects } else { Vec::new() }, total))
            }
            ProviderApi::Netlify(api) => {
                let sites: Vec<ProjectSummary> = api
                    .all_sites(token)
                    .await?
                    .into_iter()
                    .map(|s| ProjectSummary {
                        reference: s.id.unwrap_or_default(),
                        name: s.name.unwrap_or_default(),
                        region: s.ssl_url.or(s.url).unwrap_or_default(),
                        status: s
                            .state
                            .unwrap_or_else(|| "unknown".into())
                            .to_ascii_uppercase(),
                        created_at: s.created_at.unwrap_or_default(),
                    })
                    .collect();
                let total = sites.len() as u64;
                Ok((if offset == 0 { sites } else { Vec::new() }, total))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::body::test_server::json_server;

    #[tokio::test]
    async fn an_organization_slug_that_is_not_an_id_is_not_taken_from_the_provider() {
        // The slug becomes the keychain account `supabase:<slug>` and a path
        // segment of every later call.
        let (url, _) = json_server(r#"[{"slug":"../../x","name":"Evil"}]"#).await;
        let api = ProviderApi::Supabase(SupabaseApi::new(crate::net::client(), url));
        let identity = api.identify(&SecretString::from("t"), None).await;
        assert_eq!(identity, Err(ApiError::BadResponse), "{identity:?}");
    }
}
