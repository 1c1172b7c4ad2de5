//! An organization's whole project list: the first page says how many there
//! are, the rest are fetched a few at a time (well inside Supabase's 120
//! requests per minute per endpoint), and the result is kept in memory so
//! switching back to an organization renders at once.

use std::collections::HashMap;
use std::sync::Mutex;

use futures::future::try_join_all;

use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::api::ProjectSummary;

/// Largest page Supabase serves.
const PAGE: u32 = 100;
/// Pages in flight at once.
const CONCURRENT_PAGES: usize = 4;

#[derive(Debug, Clone)]
pub struct ProjectList {
    pub projects: Vec<ProjectSummary>,
    /// Unix seconds when the list was fetched.
    pub fetched_at: u64,
}

#[derive(Default)]
pub struct ProjectListCache {
    lists: Mutex<HashMap<ConnectionId, ProjectList>>,
}

impl ProjectListCache {
    /// The cached list, unless `refresh` or there is none yet.
    pub async fn get(
        &self,
        connector: &Connector,
        id: &ConnectionId,
        refresh: bool,
        now: u64,
    ) -> Result<ProjectList, ConnectError> {
        if !refresh {
            if let Some(list) = self.lists.lock().unwrap_or_else(|p| p.into_inner()).get(id) {
                return Ok(list.clone());
            }
        }
        let list = ProjectList {
            projects: fetch_all(connector, id).await?,
            fetched_at: now,
        };
        self.lists
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), list.clone());
        Ok(list)
    }

    pub fn forget(&self, id: &ConnectionId) {
        self.lists
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

async fn fetch_all(
    connector: &Connector,
    id: &ConnectionId,
) -> Result<Vec<ProjectSummary>, ConnectError> {
    let (mut projects, total) = connector.projects(id, 0, PAGE).await?;
    let offsets: Vec<u32> = (1..total.div_ceil(PAGE as u64))
        .map(|page| (page as u32) * PAGE)
        .collect();
    for batch in offsets.chunks(CONCURRENT_PAGES) {
        let pages = try_join_all(
            batch
                .iter()
                .map(|&offset| connector.projects(id, offset, PAGE)),
        )
        .await?;
        for (page, _) in pages {
            projects.extend(page);
        }
    }
    // A project created or deleted between pages can shift offsets: keep one
    // copy of each.
    let mut seen = std::collections::HashSet::new();
    projects.retain(|p| seen.insert(p.reference.clone()));
    Ok(projects)
}
