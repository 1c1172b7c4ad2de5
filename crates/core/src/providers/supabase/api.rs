//! The Management API calls Latchkey makes, typed from Supabase's official
//! OpenAPI spec. Response types read only what Latchkey uses and ignore the
//! rest, so fields Supabase adds never break a client in the field; the
//! sandbox's contract tests check the exact shapes.

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use crate::api_error::ApiError;
use crate::oauth::http::{self, HttpFailure};

/// Largest page the API serves (`limit` ≤ 100).
pub const MAX_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organization {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Project {
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    pub region: String,
    pub status: String,
    pub inserted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    pub count: u64,
    pub limit: u64,
    pub offset: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectPage {
    pub projects: Vec<Project>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Profile {
    pub primary_email: String,
    pub username: String,
}

#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    pub offset: u32,
    pub limit: u32,
    pub search: Option<String>,
    /// `name_asc` | `name_desc` | `created_asc` | `created_desc`
    pub sort: Option<String>,
    /// Comma-separated statuses, e.g. `ACTIVE_HEALTHY,INACTIVE`.
    pub statuses: Option<String>,
}

#[derive(Clone)]
pub struct SupabaseApi {
    http: reqwest::Client,
    base: Url,
}

impl SupabaseApi {
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        Self { http, base }
    }

    pub async fn organizations(&self, token: &SecretString) -> Result<Vec<Organization>, ApiError> {
        self.get(token, &["v1", "organizations"], &[]).await
    }

    pub async fn organization_projects(
        &self,
        token: &SecretString,
        slug: &str,
        page: &PageQuery,
    ) -> Result<ProjectPage, ApiError> {
        let mut query = vec![
            ("offset", page.offset.to_string()),
            ("limit", page.limit.clamp(1, MAX_PAGE).to_string()),
        ];
        for (key, value) in [
            ("search", &page.search),
            ("sort", &page.sort),
            ("statuses", &page.statuses),
        ] {
            if let Some(v) = value {
                query.push((key, v.clone()));
            }
        }
        self.get(token, &["v1", "organizations", slug, "projects"], &query)
            .await
    }

    pub async fn profile(&self, token: &SecretString) -> Result<Profile, ApiError> {
        self.get(token, &["v1", "profile"], &[]).await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        token: &SecretString,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| ApiError::BadResponse)?
            .pop_if_empty()
            .extend(segments);
        let response = self
            .http
            .get(url)
            .query(query)
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .map_err(|e| ApiError::Network(HttpFailure::from_reqwest(&e)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| ApiError::Network(HttpFailure::from_reqwest(&e)))?;
        http::check_status(status, &headers, &body).map_err(ApiError::from_failure)?;
        serde_json::from_slice(&body).map_err(|_| ApiError::BadResponse)
    }
}
