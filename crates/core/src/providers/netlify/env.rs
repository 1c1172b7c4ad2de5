//! `lk env pull` for a Netlify site: `NETLIFY_SITE_ID`, which the Netlify
//! CLI and build plugins read to know which site a folder belongs to. The
//! site must be one the connection reaches (by id or name). Nothing secret:
//! the token stays in Latchkey (`lk exec` and `lk token` hand it out when
//! asked).

use super::api::NetlifyApi;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::Access;

pub async fn env_file(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
    _with_secret: bool,
) -> Result<String, ConnectError> {
    let api = connections.api_of::<NetlifyApi>(id)?;
    let sites = connections
        .with_token(id, Access::ReadProjects, |token| async move {
            api.all_sites(&token).await
        })
        .await?;
    let found = sites
        .into_iter()
        .find(|s| s.id.as_deref() == Some(site) || s.name.as_deref() == Some(site))
        .and_then(|s| s.id)
        .ok_or_else(|| ConnectError::Invalid {
            field: "project",
            message: format!("No site called {site:?} is in this Netlify account."),
        })?;
    crate::validate::id("project", &found)?;
    Ok(format!("NETLIFY_SITE_ID={found}\n"))
}
