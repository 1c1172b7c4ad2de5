//! Neon API v2: who the user is, their organizations, and every project
//! (personal and per organization, following `pagination.cursor` for at
//! most `MAX_PAGES` pages).

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::net::api_error::ApiError;
use crate::net::bearer::{get_json, url};

/// Largest page Neon serves.
const PAGE: u32 = 400;
/// Stop after this many pages (40,000 projects) rather than follow a cursor
/// without end: a short page or a repeated cursor only ends an honest listing.
const MAX_PAGES: u32 = 100;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
struct Organizations {
    organizations: Vec<Organization>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub created_at: String,
    #[serde(default)]
    pub org_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Cursor {
    cursor: String,
}

#[derive(Debug, Deserialize)]
struct ProjectPage {
    projects: Vec<Project>,
    #[serde(default)]
    pagination: Option<Cursor>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    pub region_id: String,
    pub name: String,
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Deserialize)]
struct Regions {
    regions: Vec<Region>,
}

#[derive(Debug, Deserialize)]
struct Created {
    project: Project,
}

/// The spec's `ConnectionURIResponse`.
#[derive(Deserialize)]
struct ConnectionUri {
    uri: String,
}

#[derive(Clone)]
pub struct NeonApi {
    http: reqwest::Client,
    base: Url,
}

impl NeonApi {
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        Self { http, base }
    }

    pub async fn me(&self, token: &SecretString) -> Result<User, ApiError> {
        get_json(&self.http, url(&self.base, &["users", "me"])?, &[], token).await
    }

    pub async fn organizations(&self, token: &SecretString) -> Result<Vec<Organization>, ApiError> {
        let orgs: Organizations = get_json(
            &self.http,
            url(&self.base, &["users", "me", "organizations"])?,
            &[],
            token,
        )
        .await?;
        Ok(orgs.organizations)
    }

    pub async fn regions(&self, token: &SecretString) -> Result<Vec<Region>, ApiError> {
        let regions: Regions =
            get_json(&self.http, url(&self.base, &["regions"])?, &[], token).await?;
        Ok(regions.regions)
    }

    /// `POST /projects` with `{"project": {name, region_id, pg_version, org_id}}`.
    pub async fn create_project(
        &self,
        token: &SecretString,
        name: &str,
        region_id: &str,
        pg_version: u32,
        org_id: Option<&str>,
    ) -> Result<Project, ApiError> {
        let mut project =
            serde_json::json!({ "name": name, "region_id": region_id, "pg_version": pg_version });
        if let Some(org) = org_id {
            project["org_id"] = serde_json::json!(org);
        }
        let created: Created = crate::net::bearer::post_json(
            &self.http,
            url(&self.base, &["projects"])?,
            &serde_json::json!({ "project": project }),
            token,
        )
        .await?;
        Ok(created.project)
    }

    /// `GET /projects/{id}/connection_uri` for the project's default
    /// branch: a `postgresql://` URI with the role's password in it, direct
    /// or through the endpoint's pooler.
    pub async fn connection_uri(
        &self,
        token: &SecretString,
        project: &str,
        database: &str,
        role: &str,
        pooled: bool,
    ) -> Result<SecretString, ApiError> {
        let answer: ConnectionUri = get_json(
            &self.http,
            url(&self.base, &["projects", project, "connection_uri"])?,
            &[
                ("database_name", database.to_owned()),
                ("role_name", role.to_owned()),
                ("pooled", pooled.to_string()),
            ],
            token,
        )
        .await?;
        Ok(SecretString::from(answer.uri))
    }

    /// Every project the user can see: personal ones, then each organization's.
    pub async fn all_projects(&self, token: &SecretString) -> Result<Vec<Project>, ApiError> {
        let mut all = self.projects_of(token, None).await?;
        for org in self.organizations(token).await? {
            all.extend(self.projects_of(token, Some(&org.id)).await?);
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|p| seen.insert(p.id.clone()));
        Ok(all)
    }

    async fn projects_of(
        &self,
        token: &SecretString,
        org: Option<&str>,
    ) -> Result<Vec<Project>, ApiError> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("limit", PAGE.to_string())];
            if let Some(org) = org {
                query.push(("org_id", org.to_owned()));
            }
            if let Some(c) = &cursor {
                query.push(("cursor", c.clone()));
            }
            let page: ProjectPage =
                get_json(&self.http, url(&self.base, &["projects"])?, &query, token).await?;
            let done = page.projects.len() < PAGE as usize;
            out.extend(page.projects);
            match page.pagination {
                Some(Cursor { cursor: next })
                    if !done && !next.is_empty() && Some(&next) != cursor.as_ref() =>
                {
                    cursor = Some(next)
                }
                _ => break,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::*;
    use crate::net::body::test_server::json_server_with;

    #[tokio::test]
    async fn a_cursor_that_never_ends_stops_at_the_page_cap() {
        // Full pages, and a cursor that flips between two values, so neither
        // a short page nor a repeated cursor ever ends the loop.
        let project = r#"{"id":"p","name":"n","region_id":"r","created_at":"t"}"#;
        let projects = vec![project; PAGE as usize].join(",");
        let (url, requests) = json_server_with(move |n| {
            format!(
                r#"{{"projects":[{projects}],"pagination":{{"cursor":"c{}"}}}}"#,
                n % 2
            )
        })
        .await;
        let api = NeonApi::new(crate::net::client(), url);
        let listed = tokio::time::timeout(
            Duration::from_secs(30),
            api.projects_of(&SecretString::from("t"), None),
        )
        .await
        .expect("the listing ends after a bounded number of requests")
        .unwrap();
        assert_eq!(
            requests.load(Ordering::SeqCst),
            MAX_PAGES as usize,
            "an endless cursor is followed for {MAX_PAGES} pages at most"
        );
        assert_eq!(listed.len(), (MAX_PAGES * PAGE) as usize);
    }
}
