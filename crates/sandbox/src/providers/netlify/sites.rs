//! `GET /netlify/api/v1/sites`, `/{account_slug}/sites` (lists) and
//! `/sites/{site_id}` (getSite).
//!
//! The shape is the open-api `site` definition, the same in lists and
//! alone: `account_id` / `account_slug` / `account_name` name the account,
//! `build_settings` is the `repoInfo` of the site's GitHub repository
//! (provider, repo_url, repo_branch, repo_path, cmd, dir) and
//! `published_deploy` is the newest ready production deploy (a `deploy`),
//! or null when none is. Environment variables are not in `build_settings`
//! (Netlify moved them to the env routes, see `env.rs`).
//!
//! Lists page with `page` / `per_page` (see `paging.rs`); `filter` is `all`
//! (default), `owner` or `guest`. Sites of every account the user belongs
//! to are listed, newest first. A site of an account the caller is not in
//! is 404, like one that does not exist.

use std::cmp::Reverse;

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::data::{Data, NetlifySite};
use super::deploys::deploy_json;
use super::paging::Page;
use super::{Answer, Call, NetlifyError};
use crate::clock::{from_millis, rfc3339};

/// `http://{name}.netlify.app`, as Netlify's `url` fields are.
pub(super) fn site_url(site: &NetlifySite) -> String {
    format!("http://{}.netlify.app", site.name)
}

pub(super) fn ssl_url(site: &NetlifySite) -> String {
    format!("https://{}.netlify.app", site.name)
}

pub(super) fn admin_url(site: &NetlifySite) -> String {
    format!("https://app.netlify.com/sites/{}", site.name)
}

pub(super) fn site_json(s: &Data, site: &NetlifySite) -> Value {
    let at = rfc3339(from_millis(site.created_at_ms));
    let account = s.accounts.iter().find(|a| a.id == site.account_id);
    let published = s.published_deploy(&site.id).map(|d| deploy_json(d, site));
    json!({
        "id": site.id,
        "state": "current",
        "plan": "nf_team_dev",
        "name": site.name,
        "custom_domain": null,
        "domain_aliases": [],
        "url": site_url(site),
        "ssl_url": ssl_url(site),
        "admin_url": admin_url(site),
        "screenshot_url": null,
        "created_at": at,
        "updated_at": at,
        "user_id": site.user_id,
        "ssl": true,
        "force_ssl": true,
        "managed_dns": true,
        "deploy_url": format!("https://main--{}.netlify.app", site.name),
        "published_deploy": published,
        "account_id": site.account_id,
        "account_name": account.map(|a| a.name.as_str()).unwrap_or(""),
        "account_slug": account.map(|a| a.slug.as_str()).unwrap_or(""),
        "git_provider": "github",
        "build_settings": {
            "provider": "github",
            "repo_url": format!("https://github.com/{}", site.repo_path),
            "repo_branch": "main",
            "repo_path": site.repo_path,
            "cmd": site.build_cmd,
            "dir": site.publish_dir,
            "allowed_branches": ["main"],
            "public_repo": false,
            "private_logs": false,
            "stop_builds": false,
        },
    })
}

/// `GET /netlify/api/v1/sites/{site_id}`.
pub(crate) async fn get_one(call: Call, Path(site_id): Path<String>) -> Answer<Json<Value>> {
    let data = call.app.data();
    let site = data.netlify.site_of(&call.user_id, &site_id)?;
    Ok(Json(site_json(&data.netlify, site)))
}

pub(crate) async fn list(call: Call) -> Answer {
    list_sites(&call, None)
}

/// `GET /netlify/api/v1/{account_slug}/sites`: one account's sites (404 if
/// the caller is not a member).
pub(crate) async fn of_account(call: Call, Path(slug): Path<String>) -> Answer {
    list_sites(&call, Some(&slug))
}

fn list_sites(call: &Call, account_slug: Option<&str>) -> Answer {
    let page = Page::from_query(&call.q)?;
    let filter = call.q.single("filter")?.unwrap_or("all");
    let data = call.app.data();
    let s = &data.netlify;
    let mut accounts = s.accounts_of(&call.user_id);
    if let Some(slug) = account_slug {
        accounts.retain(|a| a.slug == slug);
        if accounts.is_empty() {
            return Err(NetlifyError::not_found());
        }
    }
    let listed = |site: &&NetlifySite| {
        let Some(a) = accounts.iter().find(|a| a.id == site.account_id) else {
            return false;
        };
        let owner = a.owner_ids.contains(&call.user_id);
        match filter {
            "owner" => owner,
            "guest" => !owner,
            _ => true,
        }
    };
    let mut all: Vec<&NetlifySite> = s.sites.iter().filter(listed).collect();
    all.sort_by_key(|&site| (Reverse(site.created_at_ms), &site.id));
    let path = match account_slug {
        Some(slug) => format!("{slug}/sites"),
        None => "sites".to_owned(),
    };
    Ok(page.answer(call, &path, &all, |site| site_json(s, site)))
}
