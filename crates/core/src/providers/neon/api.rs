//! Neon API v2: who the user is, their organizations, every project
//! (personal and per organization, following `pagination.cursor` for at
//! most `MAX_PAGES` pages), and one project's branches, compute endpoints,
//! databases, roles and connection URIs. Shapes are those of Neon's
//! generated client (`@neondatabase/api-client`); only the fields Latchkey
//! reads are declared.

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
    #[serde(default)]
    pub pg_version: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct OneProject {
    project: Project,
}

/// The spec's `Branch`.
#[derive(Debug, Clone, Deserialize)]
pub struct Branch {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    pub current_state: String,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub protected: bool,
    pub created_at: String,
}

#[derive(Debug, Deserialize)]
struct Branches {
    branches: Vec<Branch>,
}

/// `POST /projects/{id}/branches`' answer: the branch and the computes
/// made with it (its operations, roles and databases are not read).
#[derive(Debug, Deserialize)]
struct BranchCreated {
    branch: Branch,
    #[serde(default)]
    endpoints: Vec<Endpoint>,
}

/// The spec's `Endpoint`: a compute serving one branch.
#[derive(Debug, Clone, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub branch_id: String,
    pub host: String,
    /// `read_write` or `read_only`.
    #[serde(rename = "type")]
    pub kind: String,
    pub current_state: String,
    pub autoscaling_limit_min_cu: f64,
    pub autoscaling_limit_max_cu: f64,
    #[serde(default)]
    pub pooler_enabled: bool,
}

#[derive(Debug, Deserialize)]
struct Endpoints {
    endpoints: Vec<Endpoint>,
}

/// The spec's `Database`.
#[derive(Debug, Clone, Deserialize)]
pub struct Database {
    pub name: String,
    pub owner_name: String,
}

#[derive(Debug, Deserialize)]
struct Databases {
    databases: Vec<Database>,
}

/// The spec's `Role`, without its password (lists never carry one).
#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    pub name: String,
    #[serde(default)]
    pub protected: bool,
}

#[derive(Debug, Deserialize)]
struct Roles {
    roles: Vec<Role>,
}

/// Which database, as whom, on which branch (`None`: the default one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriChoice<'a> {
    pub branch_id: Option<&'a str>,
    pub database: &'a str,
    pub role: &'a str,
    pub pooled: bool,
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

    pub async fn project(&self, token: &SecretString, project: &str) -> Result<Project, ApiError> {
        let one: OneProject = get_json(
            &self.http,
            url(&self.base, &["projects", project])?,
            &[],
            token,
        )
        .await?;
        Ok(one.project)
    }

    pub async fn branches(
        &self,
        token: &SecretString,
        project: &str,
    ) -> Result<Vec<Branch>, ApiError> {
        let path = url(&self.base, &["projects", project, "branches"])?;
        let answer: Branches = get_json(&self.http, path, &[], token).await?;
        Ok(answer.branches)
    }

    /// Every compute endpoint of the project, whichever branch it serves.
    pub async fn endpoints(
        &self,
        token: &SecretString,
        project: &str,
    ) -> Result<Vec<Endpoint>, ApiError> {
        let path = url(&self.base, &["projects", project, "endpoints"])?;
        let answer: Endpoints = get_json(&self.http, path, &[], token).await?;
        Ok(answer.endpoints)
    }

    pub async fn databases(
        &self,
        token: &SecretString,
        project: &str,
        branch: &str,
    ) -> Result<Vec<Database>, ApiError> {
        let path = url(
            &self.base,
            &["projects", project, "branches", branch, "databases"],
        )?;
        let answer: Databases = get_json(&self.http, path, &[], token).await?;
        Ok(answer.databases)
    }

    pub async fn roles(
        &self,
        token: &SecretString,
        project: &str,
        branch: &str,
    ) -> Result<Vec<Role>, ApiError> {
        let path = url(
            &self.base,
            &["projects", project, "branches", branch, "roles"],
        )?;
        let answer: Roles = get_json(&self.http, path, &[], token).await?;
        Ok(answer.roles)
    }

    /// `POST /projects/{id}/branches`: a branch of `parent` (the default
    /// branch when `None`) with a read-write compute of its own, so it can
    /// be connected to at once, as the console does. Answers the branch and
    /// its computes.
    pub async fn create_branch(
        &self,
        token: &SecretString,
        project: &str,
        name: &str,
        parent: Option<&str>,
    ) -> Result<(Branch, Vec<Endpoint>), ApiError> {
        let mut branch = serde_json::json!({ "name": name });
        if let Some(parent) = parent {
            branch["parent_id"] = serde_json::json!(parent);
        }
        let body = serde_json::json!({
            "branch": branch,
            "endpoints": [{ "type": "read_write" }],
        });
        let path = url(&self.base, &["projects", project, "branches"])?;
        let created: BranchCreated =
            crate::net::bearer::post_json(&self.http, path, &body, token).await?;
        Ok((created.branch, created.endpoints))
    }

    /// `GET /projects/{id}/connection_uri`: a `postgresql://` URI with the
    /// role's password in it, direct or through the endpoint's pooler.
    pub async fn connection_uri(
        &self,
        token: &SecretString,
        project: &str,
        choice: &UriChoice<'_>,
    ) -> Result<SecretString, ApiError> {
        let mut query = vec![
            ("database_name", choice.database.to_owned()),
            ("role_name", choice.role.to_owned()),
            ("pooled", choice.pooled.to_string()),
        ];
        if let Some(branch) = choice.branch_id {
            query.push(("branch_id", branch.to_owned()));
        }
        let answer: ConnectionUri = get_json(
            &self.http,
            url(&self.base, &["projects", project, "connection_uri"])?,
            &query,
            token,
        )
        .await?;
        Ok(SecretString::from(answer.uri))
    }

    /// Every project the user can see: personal ones (with no
    /// organization), then each organization's, with its organization.
    pub async fn all_projects(
        &self,
        token: &SecretString,
    ) -> Result<Vec<(Project, Option<Organization>)>, ApiError> {
        let mut all: Vec<_> = self
            .projects_of(token, None)
            .await?
            .into_iter()
            .map(|p| (p, None))
            .collect();
        for org in self.organizations(token).await? {
            let projects = self.projects_of(token, Some(&org.id)).await?;
            all.extend(projects.into_iter().map(|p| (p, Some(org.clone()))));
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|(p, _)| seen.insert(p.id.clone()));
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
