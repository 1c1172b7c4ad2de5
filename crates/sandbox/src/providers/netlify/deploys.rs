//! `GET /netlify/api/v1/sites/{site_id}/deploys` (listSiteDeploys) and
//! `/deploys/{deploy_id}` (getDeploy).
//!
//! The shape is the open-api `deploy` definition. `error_message` is set on
//! failed deploys and null otherwise, as Netlify sends it; `published_at`
//! only on ready production deploys; `deploy_url` is the deploy's
//! permalink (`{id}--{site}.netlify.app`), `url` the site's.
//!
//! The list is newest first and pages like `/sites` (see `paging.rs`). It
//! takes the path-level filters `state` (one of the spec's enum, else 422),
//! `branch` and `production` (`true`: production deploys only, `false`:
//! the others); `deploy-previews` and `latest-published` are not emulated.
//! A deploy of a site the caller cannot see is 404, like an unknown one.

use std::cmp::Reverse;

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::data::{NetlifyDeploy, NetlifySite};
use super::paging::Page;
use super::sites::{admin_url, site_url, ssl_url};
use super::{Answer, Call, NetlifyError};
use crate::clock::{from_millis, rfc3339};
use crate::params::Params;

/// listSiteDeploys' `state` enum.
const STATES: [&str; 15] = [
    "new",
    "pending_review",
    "accepted",
    "rejected",
    "enqueued",
    "building",
    "uploading",
    "uploaded",
    "preparing",
    "prepared",
    "processing",
    "processed",
    "ready",
    "error",
    "retrying",
];

pub(super) fn deploy_json(d: &NetlifyDeploy, site: &NetlifySite) -> Value {
    let at = |ms: u64| rfc3339(from_millis(ms));
    let permalink = format!("{}--{}.netlify.app", d.id, site.name);
    let repo = format!("https://github.com/{}", site.repo_path);
    json!({
        "id": d.id,
        "site_id": d.site_id,
        "user_id": site.user_id,
        "build_id": d.build_id,
        "state": d.state,
        "name": site.name,
        "url": site_url(site),
        "ssl_url": ssl_url(site),
        "admin_url": admin_url(site),
        "deploy_url": format!("http://{permalink}"),
        "deploy_ssl_url": format!("https://{permalink}"),
        "screenshot_url": null,
        "review_id": d.review_id,
        "draft": false,
        "required": [],
        "required_functions": [],
        "error_message": d.error_message,
        "branch": d.branch,
        "commit_ref": d.commit_ref,
        "commit_url": format!("{repo}/commit/{}", d.commit_ref),
        "skipped": null,
        "created_at": at(d.created_at_ms),
        "updated_at": at(d.updated_at_ms),
        "published_at": (d.context == "production" && d.state == "ready")
            .then(|| at(d.updated_at_ms)),
        "title": d.title,
        "context": d.context,
        "locked": null,
        "review_url": d.review_id.map(|n| format!("{repo}/pull/{n}")),
        "framework": "astro",
        "function_schedules": [],
    })
}

/// `GET /netlify/api/v1/deploys/{deploy_id}`.
pub(crate) async fn get_one(call: Call, Path(deploy_id): Path<String>) -> Answer<Json<Value>> {
    let data = call.app.data();
    let (d, site) = data.netlify.deploy_of(&call.user_id, &deploy_id)?;
    Ok(Json(deploy_json(d, site)))
}

/// `GET /netlify/api/v1/sites/{site_id}/deploys`.
pub(crate) async fn list(call: Call, Path(site_id): Path<String>) -> Answer {
    let (page, keeps) = (Page::from_query(&call.q)?, filter(&call.q)?);
    let data = call.app.data();
    let s = &data.netlify;
    let site = s.site_of(&call.user_id, &site_id)?;
    let listed = |d: &&NetlifyDeploy| d.site_id == site.id && keeps(d);
    let mut all: Vec<&NetlifyDeploy> = s.deploys.iter().filter(listed).collect();
    all.sort_by_key(|&d| Reverse((d.created_at_ms, &d.id)));
    let path = format!("sites/{}/deploys", site.id);
    Ok(page.answer(&call, &path, &all, |d| deploy_json(d, site)))
}

/// listSiteDeploys' filters that the sandbox applies, as a test of a
/// deploy.
fn filter(q: &Params) -> Answer<impl Fn(&NetlifyDeploy) -> bool + '_> {
    let state = q.non_empty("state")?;
    if let Some(s) = state.filter(|s| !STATES.contains(s)) {
        return Err(NetlifyError::unprocessable(format!(
            "state must be one of the deploy states, not {s}"
        )));
    }
    let production = match q.non_empty("production")? {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            return Err(NetlifyError::unprocessable(
                "production must be true or false",
            ))
        }
    };
    let branch = q.non_empty("branch")?;
    Ok(move |d: &NetlifyDeploy| {
        state.is_none_or(|s| d.state == s)
            && branch.is_none_or(|b| d.branch == b)
            && production.is_none_or(|p| (d.context == "production") == p)
    })
}
