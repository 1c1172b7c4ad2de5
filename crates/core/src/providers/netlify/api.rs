//! Netlify API v1: who the user is, their sites (`page`/`per_page`), one
//! site with its latest deploys, and a site's environment variables.
//! Shapes are `@netlify/open-api`'s definitions (`site`, `deploy`,
//! `envVar`); only the fields Latchkey reads are declared, and every one is
//! optional there.

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::net::api_error::ApiError;
use crate::net::bearer::{get_json, send_for_status, url};

const PER_PAGE: u32 = 100;
/// Stop after this many pages (10,000 sites) rather than loop forever on a
/// server that ignores `page`.
const MAX_PAGES: u32 = 100;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub full_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Site {
    pub id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub ssl_url: Option<String>,
    pub url: Option<String>,
    pub admin_url: Option<String>,
    pub created_at: Option<String>,
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub account_slug: Option<String>,
    pub build_settings: Option<RepoInfo>,
}

/// The definition `repoInfo`: where a site builds from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RepoInfo {
    pub provider: Option<String>,
    pub repo_url: Option<String>,
    pub repo_path: Option<String>,
    pub repo_branch: Option<String>,
}

/// The definition `deploy`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Deploy {
    pub id: Option<String>,
    pub state: Option<String>,
    pub branch: Option<String>,
    pub commit_ref: Option<String>,
    pub context: Option<String>,
    pub title: Option<String>,
    pub error_message: Option<String>,
    pub created_at: Option<String>,
}

/// The definition `envVar`. A secret variable's values come back only for
/// the `dev` context; the others have no `value`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EnvVar {
    pub key: String,
    pub scopes: Vec<String>,
    pub values: Vec<EnvValue>,
    pub is_secret: bool,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EnvValue {
    pub value: Option<String>,
    pub context: String,
}

/// How many deploys the site detail reads.
const LATEST_DEPLOYS: u32 = 10;

#[derive(Clone)]
pub struct NetlifyApi {
    http: reqwest::Client,
    base: Url,
}

impl NetlifyApi {
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        Self { http, base }
    }

    pub async fn user(&self, token: &SecretString) -> Result<User, ApiError> {
        get_json(&self.http, url(&self.base, &["user"])?, &[], token).await
    }

    pub async fn accounts(&self, token: &SecretString) -> Result<Vec<Account>, ApiError> {
        get_json(&self.http, url(&self.base, &["accounts"])?, &[], token).await
    }

    pub async fn site(&self, token: &SecretString, site: &str) -> Result<Site, ApiError> {
        get_json(&self.http, url(&self.base, &["sites", site])?, &[], token).await
    }

    /// The site's latest deploys, newest first.
    pub async fn deploys(&self, token: &SecretString, site: &str) -> Result<Vec<Deploy>, ApiError> {
        let query = [
            ("page", "1".to_owned()),
            ("per_page", LATEST_DEPLOYS.to_string()),
        ];
        let path = url(&self.base, &["sites", site, "deploys"])?;
        get_json(&self.http, path, &query, token).await
    }

    /// `GET /accounts/{account_id}/env?site_id=`: the site's variables.
    pub async fn env_vars(
        &self,
        token: &SecretString,
        account: &str,
        site: &str,
    ) -> Result<Vec<EnvVar>, ApiError> {
        let path = url(&self.base, &["accounts", account, "env"])?;
        get_json(&self.http, path, &[("site_id", site.to_owned())], token).await
    }

    /// `POST /accounts/{account_id}/env?site_id=`: a new variable with one value.
    pub async fn create_env_var(
        &self,
        token: &SecretString,
        account: &str,
        site: &str,
        var: &serde_json::Value,
    ) -> Result<(), ApiError> {
        let mut path = url(&self.base, &["accounts", account, "env"])?;
        path.query_pairs_mut().append_pair("site_id", site);
        let request = self.http.post(path).json(&serde_json::json!([var]));
        send_for_status(request, token).await
    }

    /// `PATCH /accounts/{account_id}/env/{key}?site_id=`: one context's value.
    pub async fn set_env_value(
        &self,
        token: &SecretString,
        account: &str,
        site: &str,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<(), ApiError> {
        let mut path = url(&self.base, &["accounts", account, "env", key])?;
        path.query_pairs_mut().append_pair("site_id", site);
        send_for_status(self.http.patch(path).json(value), token).await
    }

    /// `DELETE /accounts/{account_id}/env/{key}?site_id=`: every value.
    pub async fn delete_env_var(
        &self,
        token: &SecretString,
        account: &str,
        site: &str,
        key: &str,
    ) -> Result<(), ApiError> {
        let mut path = url(&self.base, &["accounts", account, "env", key])?;
        path.query_pairs_mut().append_pair("site_id", site);
        send_for_status(self.http.delete(path), token).await
    }

    pub async fn all_sites(&self, token: &SecretString) -> Result<Vec<Site>, ApiError> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let query = [
                ("page", page.to_string()),
                ("per_page", PER_PAGE.to_string()),
            ];
            let sites: Vec<Site> =
                get_json(&self.http, url(&self.base, &["sites"])?, &query, token).await?;
            let done = sites.len() < PER_PAGE as usize;
            out.extend(sites);
            if done {
                break;
            }
        }
        Ok(out)
    }
}
