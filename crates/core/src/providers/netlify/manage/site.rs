//! One Netlify site as its detail screen shows it: its addresses, the
//! repository and branch it builds from, and its latest deploys, a failed
//! one with Netlify's error message. The site and its deploys are asked at
//! once. Its addresses are opened by Rust ([`site_link`]): the page names
//! which, never a URL.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use super::netlify;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::netlify::api::{Deploy, NetlifyApi, Site};
use crate::providers::Access;
use crate::validate;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NetlifySiteView {
    pub id: String,
    pub name: String,
    /// The live address (`https://…`), if Netlify gave one.
    pub url: Option<String>,
    pub account_name: Option<String>,
    pub repository: Option<RepositoryView>,
    /// Newest first.
    pub deploys: Vec<DeployView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RepositoryView {
    /// `github`, `gitlab`, `bitbucket`…
    pub provider: Option<String>,
    /// `owner/name`, or the URL when Netlify gives no path.
    pub name: String,
    pub url: Option<String>,
    /// The production branch.
    pub branch: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeployView {
    pub id: String,
    /// Netlify's state: `ready`, `error`, `building`, `enqueued`…
    pub state: String,
    pub branch: Option<String>,
    /// The commit's first 7 characters.
    pub commit: Option<String>,
    /// `production`, `deploy-preview` or `branch-deploy`.
    pub context: Option<String>,
    /// The commit message, or what the deploy was called.
    pub title: Option<String>,
    pub created_at: Option<String>,
    /// Why it failed, in Netlify's words; set when `state` is `error`.
    pub error_message: Option<String>,
}

/// Which of a site's addresses to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SiteLink {
    /// The live site.
    Site,
    /// The site in Netlify's dashboard.
    Dashboard,
}

pub async fn detail(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
) -> Result<NetlifySiteView, ConnectError> {
    validate::id("site", site)?;
    let api = netlify(connections, id)?;
    let (found, deploys) = futures::join!(
        fetch(connections, id, api, site),
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.deploys(&t, site).await
        }),
    );
    let found = found?;
    Ok(NetlifySiteView {
        repository: repository(&found),
        id: found.id.unwrap_or_else(|| site.to_owned()),
        name: found.name.unwrap_or_default(),
        url: found.ssl_url.or(found.url),
        account_name: found.account_name.or(found.account_slug),
        deploys: deploys?.into_iter().map(deploy_view).collect(),
    })
}

/// The site as Netlify says now (for its detail, an address to open, the
/// account its variables live in), `site` checked first; a site the
/// connection does not reach is said in the screen's words.
pub(super) async fn fetch(
    connections: &Connections,
    id: &ConnectionId,
    api: &NetlifyApi,
    site: &str,
) -> Result<Site, ConnectError> {
    validate::id("site", site)?;
    connections
        .with_token(id, Access::ReadProjects, |t| async move {
            api.site(&t, site).await
        })
        .await
        .map_err(|e| {
            e.not_found_as("site", || format!(
                "No site {site:?} is in this Netlify account any more. Go back to the list and refresh it."
            ))
        })
}

fn repository(site: &Site) -> Option<RepositoryView> {
    let repo = site.build_settings.as_ref()?;
    let name = repo
        .repo_path
        .clone()
        .filter(|p| !p.is_empty())
        .or_else(|| repo.repo_url.clone())?;
    Some(RepositoryView {
        provider: repo.provider.clone(),
        name,
        url: repo.repo_url.clone(),
        branch: repo.repo_branch.clone(),
    })
}

fn deploy_view(d: Deploy) -> DeployView {
    DeployView {
        id: d.id.unwrap_or_default(),
        state: d.state.unwrap_or_else(|| "unknown".into()),
        branch: d.branch,
        commit: d.commit_ref.map(|c| c.chars().take(7).collect::<String>()),
        context: d.context,
        title: d.title,
        created_at: d.created_at,
        error_message: d.error_message.filter(|m| !m.trim().is_empty()),
    }
}

/// The address `which` names, read from Netlify now (not from the page),
/// and only if it is http(s).
pub async fn site_link(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
    which: SiteLink,
) -> Result<Url, ConnectError> {
    let api = netlify(connections, id)?;
    let found = fetch(connections, id, api, site).await?;
    let address = match which {
        SiteLink::Site => found.ssl_url.or(found.url),
        SiteLink::Dashboard => found.admin_url,
    };
    address
        .and_then(|a| Url::parse(&a).ok())
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .ok_or(ConnectError::Invalid {
            field: "site",
            message: "Netlify gave no address for this site to open.".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::netlify::api::RepoInfo;

    #[test]
    fn a_failed_deploy_keeps_its_message_and_a_commit_is_shortened() {
        let view = deploy_view(Deploy {
            id: Some("d1".into()),
            state: Some("error".into()),
            commit_ref: Some("0123456789abcdef".into()),
            error_message: Some("Build script returned non-zero exit code: 2".into()),
            ..Deploy::default()
        });
        assert_eq!(view.commit.as_deref(), Some("0123456"));
        assert_eq!(
            view.error_message.as_deref(),
            Some("Build script returned non-zero exit code: 2")
        );
        let blank = deploy_view(Deploy {
            error_message: Some("  ".into()),
            ..Deploy::default()
        });
        assert_eq!(blank.error_message, None);
        assert_eq!(blank.state, "unknown");
    }

    #[test]
    fn a_repository_is_named_by_its_path_or_else_its_url() {
        let site = |path: Option<&str>, url: Option<&str>| Site {
            build_settings: Some(RepoInfo {
                provider: Some("github".into()),
                repo_url: url.map(str::to_owned),
                repo_path: path.map(str::to_owned),
                repo_branch: Some("main".into()),
            }),
            ..Site::default()
        };
        let named = |s: Site| repository(&s).map(|r| r.name);
        assert_eq!(
            named(site(
                Some("ada/notes"),
                Some("https://github.com/ada/notes")
            )),
            Some("ada/notes".into())
        );
        assert_eq!(
            named(site(Some(""), Some("https://github.com/ada/notes"))),
            Some("https://github.com/ada/notes".into())
        );
        assert_eq!(named(site(None, None)), None);
        assert!(repository(&Site::default()).is_none());
    }
}
