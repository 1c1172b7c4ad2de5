//! Netlify API v1: who the user is, and their sites (`page`/`per_page`).

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::net::api_error::ApiError;
use crate::net::bearer::{get_json, url};

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

#[derive(Debug, Clone, Deserialize)]
pub struct Site {
    pub id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub ssl_url: Option<String>,
    pub url: Option<String>,
    pub created_at: Option<String>,
}

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
