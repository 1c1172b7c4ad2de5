//! The Management API calls Latchkey makes, typed from Supabase's official
//! OpenAPI spec. Response types read only what Latchkey uses and ignore the
//! rest, so fields Supabase adds never break a client in the field; the
//! sandbox's contract tests check the exact shapes. A project ref or an
//! organization slug that is not one ([`crate::validate`]) is refused with
//! [`ApiError::InvalidInput`] before it becomes a path segment.

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use crate::net::api_error::ApiError;
use crate::net::bearer::{get_json, send_for_status, send_json, url};
use crate::validate::{self, supabase_project_ref};

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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Database {
    pub host: String,
    pub version: String,
}

/// `GET /v1/projects/{ref}` (V1ProjectWithDatabaseResponse) and the
/// `POST /v1/projects` answer (V1ProjectResponse, without `database`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectDetail {
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    pub organization_slug: String,
    pub region: String,
    pub status: String,
    pub created_at: String,
    #[serde(default)]
    pub database: Option<Database>,
}

/// One entry of `GET /v1/projects/{ref}/config/database/pooler`
/// (SupavisorConfigResponse): where the Supavisor pooler listens. The
/// template connection string it also carries is rebuilt from these parts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PoolerConfig {
    /// `PRIMARY` or `READ_REPLICA`.
    pub database_type: String,
    pub db_user: String,
    pub db_host: String,
    pub db_port: u16,
    pub db_name: String,
    /// `transaction` or `session`.
    pub pool_mode: String,
}

/// One entry of `GET /v1/projects/{ref}/health`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServiceHealth {
    pub name: String,
    pub healthy: bool,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegionEntry {
    pub name: String,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub provider: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegionRecommendations {
    #[serde(rename = "smartGroup")]
    pub smart_group: RegionEntry,
    pub specific: Vec<RegionEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegionGroups {
    #[serde(rename = "smartGroup")]
    pub smart_group: Vec<RegionEntry>,
    pub specific: Vec<RegionEntry>,
}

/// `GET /v1/projects/available-regions` (RegionsInfo).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegionsInfo {
    pub recommendations: RegionRecommendations,
    pub all: RegionGroups,
}

/// The body of `POST /v1/projects` Latchkey sends (V1CreateProjectBody).
/// `region_selection` (not the deprecated `region`) so smart groups work.
pub struct CreateProjectBody {
    pub name: String,
    pub organization_slug: String,
    pub db_pass: SecretString,
    /// `("specific", "eu-west-1")` or `("smartGroup", "emea")`.
    pub region_selection: (String, String),
    pub desired_instance_size: Option<String>,
}

/// The SMTP part of the Auth config (AuthConfigResponse). `smtp_pass` is
/// never read back: Supabase (and the sandbox) do not return it in clear.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct SmtpConfig {
    pub smtp_admin_email: Option<String>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<String>,
    pub smtp_user: Option<String>,
    pub smtp_sender_name: Option<String>,
    pub smtp_max_frequency: Option<i64>,
    pub rate_limit_email_sent: Option<i64>,
}

/// One entry of `GET /v1/projects/{ref}/api-keys` (ApiKeyResponse). Its
/// `Debug` never shows the key's value.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ApiKey {
    /// Not unique: a new project's publishable and secret keys are both
    /// named `default`.
    pub name: String,
    /// The provider's id for the key; legacy keys use their role here.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey")
            .field("name", &self.name)
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
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
        let slug = validate::id("organization", slug)?;
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

    pub async fn project(
        &self,
        token: &SecretString,
        reference: &str,
    ) -> Result<ProjectDetail, ApiError> {
        let reference = supabase_project_ref(reference)?;
        self.get(token, &["v1", "projects", reference], &[]).await
    }

    pub async fn health(
        &self,
        token: &SecretString,
        reference: &str,
    ) -> Result<Vec<ServiceHealth>, ApiError> {
        let reference = supabase_project_ref(reference)?;
        let services = ["auth", "db", "rest", "realtime", "storage"]
            .iter()
            .map(|s| ("services", s.to_string()))
            .collect::<Vec<_>>();
        self.get(token, &["v1", "projects", reference, "health"], &services)
            .await
    }

    /// Wakes a paused project (`POST /v1/projects/{ref}/restore`, 200 with
    /// no body); it then reads `RESTORING` until it is up.
    pub async fn restore(&self, token: &SecretString, reference: &str) -> Result<(), ApiError> {
        let reference = supabase_project_ref(reference)?;
        let url = url(&self.base, &["v1", "projects", reference, "restore"])?;
        send_for_status(self.http.post(url), token).await
    }

    /// The project's pooler; empty while it is paused or not up yet.
    pub async fn pooler_config(
        &self,
        token: &SecretString,
        reference: &str,
    ) -> Result<Vec<PoolerConfig>, ApiError> {
        let reference = supabase_project_ref(reference)?;
        let path = ["v1", "projects", reference, "config", "database", "pooler"];
        self.get(token, &path, &[]).await
    }

    pub async fn available_regions(
        &self,
        token: &SecretString,
        organization_slug: &str,
    ) -> Result<RegionsInfo, ApiError> {
        let query = [("organization_slug", organization_slug.to_owned())];
        self.get(token, &["v1", "projects", "available-regions"], &query)
            .await
    }

    /// Sends `POST /v1/projects` once. Never retried here: a timeout leaves
    /// it unknown whether the project exists (see `manage::create_project`).
    pub async fn create_project(
        &self,
        token: &SecretString,
        body: &CreateProjectBody,
    ) -> Result<ProjectDetail, ApiError> {
        let mut json = serde_json::json!({
            "name": body.name,
            "organization_slug": body.organization_slug,
            "db_pass": body.db_pass.expose_secret(),
            "region_selection": { "type": body.region_selection.0, "code": body.region_selection.1 },
        });
        if let Some(size) = &body.desired_instance_size {
            json["desired_instance_size"] = serde_json::json!(size);
        }
        self.send(
            reqwest::Method::POST,
            token,
            &["v1", "projects"],
            Some(json),
        )
        .await
    }

    /// The project's API keys; secret keys come masked unless `reveal`.
    pub async fn api_keys(
        &self,
        token: &SecretString,
        reference: &str,
        reveal: bool,
    ) -> Result<Vec<ApiKey>, ApiError> {
        let reference = supabase_project_ref(reference)?;
        let query = [("reveal", reveal.to_string())];
        self.get(token, &["v1", "projects", reference, "api-keys"], &query)
            .await
    }

    pub async fn smtp_config(
        &self,
        token: &SecretString,
        reference: &str,
    ) -> Result<SmtpConfig, ApiError> {
        let reference = supabase_project_ref(reference)?;
        self.get(token, &["v1", "projects", reference, "config", "auth"], &[])
            .await
    }

    /// `PATCH /v1/projects/{ref}/config/auth` with exactly the given fields.
    pub async fn update_auth_config(
        &self,
        token: &SecretString,
        reference: &str,
        fields: serde_json::Map<String, serde_json::Value>,
    ) -> Result<SmtpConfig, ApiError> {
        let reference = supabase_project_ref(reference)?;
        self.send(
            reqwest::Method::PATCH,
            token,
            &["v1", "projects", reference, "config", "auth"],
            Some(serde_json::Value::Object(fields)),
        )
        .await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        token: &SecretString,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        get_json(&self.http, url(&self.base, segments)?, query, token).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        token: &SecretString,
        segments: &[&str],
        body: Option<serde_json::Value>,
    ) -> Result<T, ApiError> {
        let mut request = self.http.request(method, url(&self.base, segments)?);
        if let Some(body) = body {
            request = request.json(&body);
        }
        send_json(request, token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::body::test_server::json_server;

    #[test]
    fn an_api_key_never_shows_its_value_in_debug() {
        let key = ApiKey {
            name: "default".into(),
            id: Some("k1".into()),
            api_key: Some("sb_secret_hunter2".into()),
            kind: Some("secret".into()),
        };
        let shown = format!("{key:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("<redacted>"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn a_reference_or_slug_that_would_change_the_path_is_never_sent() {
        let (url, requests) = json_server("{}").await;
        let api = SupabaseApi::new(crate::net::client(), url);
        let token = SecretString::from("t");
        let refused = |result: Result<(), ApiError>, what: &str| {
            assert!(
                matches!(result, Err(ApiError::InvalidInput(_))),
                "{what}: {result:?}"
            )
        };
        // `..` and `.` are dropped by url's PathSegmentsMut:
        // /v1/projects/../health would become /v1/health.
        for bad in [".", "..", "a/b", "evil.example/x?"] {
            refused(api.project(&token, bad).await.map(drop), "project");
            refused(api.health(&token, bad).await.map(drop), "health");
            refused(api.api_keys(&token, bad, false).await.map(drop), "api_keys");
            refused(api.smtp_config(&token, bad).await.map(drop), "smtp_config");
            refused(
                api.update_auth_config(&token, bad, Default::default())
                    .await
                    .map(drop),
                "update_auth_config",
            );
            refused(
                api.organization_projects(&token, bad, &PageQuery::default())
                    .await
                    .map(drop),
                "organization_projects",
            );
        }
        assert_eq!(
            requests.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "nothing is sent for a ref or slug that is not one"
        );
    }
}
