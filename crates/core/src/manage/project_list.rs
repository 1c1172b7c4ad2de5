//! An organization's whole project list: the first page says how many there
//! are, the rest are fetched a few at a time (well inside Supabase's 120
//! requests per minute per endpoint), and the result is kept in memory so
//! switching back to an organization renders at once.
//!
//! The server's count is a claim, not a size to trust: the listing stops at
//! the first short page and after `MAX_PAGES` pages at most, so a wrong
//! count can neither make the app allocate for it nor send unbounded requests.

use std::collections::HashMap;
use std::sync::Mutex;

use futures::future::try_join_all;

use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::ProjectSummary;

/// Largest page Supabase serves.
const PAGE: u32 = 100;
/// Pages in flight at once.
const CONCURRENT_PAGES: usize = 4;
/// Stop after this many pages (10,000 projects) whatever the server's count
/// says, rather than allocate for or request a count that a buggy or hostile
/// endpoint made up.
const MAX_PAGES: u32 = 100;
// Every offset, `page * PAGE` for a page below the cap, fits in a u32.
const _: () = assert!(MAX_PAGES.checked_mul(PAGE).is_some());

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
        connections: &Connections,
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
            projects: fetch_all(connections, id).await?,
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

pub async fn fetch_all(
    connections: &Connections,
    id: &ConnectionId,
) -> Result<Vec<ProjectSummary>, ConnectError> {
    let (mut projects, total) = connections.projects(id, 0, PAGE).await?;
    let claimed_pages = total.div_ceil(u64::from(PAGE));
    if claimed_pages > u64::from(MAX_PAGES) {
        tracing::warn!(
            claimed_pages,
            max_pages = MAX_PAGES,
            "the project count is beyond the page cap; listing the first pages only"
        );
    }
    // At most MAX_PAGES, so the cast and the multiplication cannot overflow.
    let pages = claimed_pages.min(u64::from(MAX_PAGES)) as u32;
    let offsets: Vec<u32> = (1..pages).map(|page| page * PAGE).collect();
    // A short page is the last one, whatever the count said.
    let mut ended = projects.len() < PAGE as usize;
    for batch in offsets.chunks(CONCURRENT_PAGES) {
        if ended {
            break;
        }
        let pages = try_join_all(
            batch
                .iter()
                .map(|&offset| connections.projects(id, offset, PAGE)),
        )
        .await?;
        for (page, _) in pages {
            ended |= page.len() < PAGE as usize;
            projects.extend(page);
        }
    }
    // A project created or deleted between pages can shift offsets: keep one
    // copy of each.
    let mut seen = std::collections::HashSet::new();
    projects.retain(|p| seen.insert(p.reference.clone()));
    Ok(projects)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::manage::test_support::{supabase_answering, Fake};

    async fn fetch_soon(fake: &Fake) -> Vec<ProjectSummary> {
        tokio::time::timeout(
            Duration::from_secs(20),
            fetch_all(fake.connector.connections(), &fake.id),
        )
        .await
        .expect("the listing ends after a bounded number of requests")
        .expect("the listing succeeds")
    }

    #[tokio::test]
    async fn a_count_the_pages_do_not_bear_out_stops_at_the_first_short_page() {
        let fake = supabase_answering(
            r#"{"projects":[],"pagination":{"count":1000000000,"limit":100,"offset":0}}"#,
        )
        .await;
        assert!(fetch_soon(&fake).await.is_empty());
        assert_eq!(
            fake.requests(),
            1,
            "a server claiming a billion projects but sending a short first page is not asked again"
        );
    }

    #[tokio::test]
    async fn a_count_of_u64_max_neither_panics_nor_allocates_for_it() {
        let fake = supabase_answering(
            r#"{"projects":[],"pagination":{"count":18446744073709551615,"limit":100,"offset":0}}"#,
        )
        .await;
        assert!(fetch_soon(&fake).await.is_empty());
        assert_eq!(fake.requests(), 1);
    }

    #[tokio::test]
    async fn full_pages_without_end_stop_at_the_page_cap() {
        let page: &'static str = Box::leak(
            format!(
                r#"{{"projects":[{}],"pagination":{{"count":18446744073709551615,"limit":100,"offset":0}}}}"#,
                vec![r#"{"ref":"abcdefghijklmnopqrst","name":"n","region":"r","status":"ACTIVE_HEALTHY","inserted_at":"t"}"#; PAGE as usize].join(",")
            )
            .into_boxed_str(),
        );
        let fake = supabase_answering(page).await;
        fetch_soon(&fake).await;
        assert_eq!(
            fake.requests(),
            MAX_PAGES as usize,
            "a server that always sends a full page is asked for {MAX_PAGES} pages at most"
        );
    }

    #[tokio::test]
    async fn a_connection_id_that_is_not_an_id_is_refused_before_any_request() {
        let fake = supabase_answering(r#"{}"#).await;
        let cache = ProjectListCache::default();
        for account in [".", "..", "a/b", "acme?x"] {
            let id = ConnectionId::new("supabase", account);
            fake.sign_in(&id).await;
            let err = cache
                .get(fake.connector.connections(), &id, true, 0)
                .await
                .unwrap_err();
            assert_eq!(err.invalid_field(), Some("account"), "{account:?}: {err:?}");
        }
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for an id that is not one"
        );
    }
}
