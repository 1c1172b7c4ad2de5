//! The optional state file (`--state-file`), so a demo survives a restart.
//!
//! Writes are atomic: the JSON goes to a temporary file in the same
//! directory, is flushed to disk, then renamed over the old file, so a crash
//! leaves either the old or the new state, never half of one. Saves are
//! coalesced: mutations only mark the state dirty and a background task
//! writes at most every [`DEBOUNCE`]; shutdown writes once more.
//!
//! The file holds token *digests*, never raw tokens, so reading it does not
//! hand out working credentials beyond the seed's own. Nothing here logs
//! file contents.
//!
//! Layout (version 1, unchanged since the first release): Supabase's records
//! and Supabase's OAuth store side by side at the top level. The other
//! providers are not persisted; they start from their demo data.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::oauth_server::store::OAuthStore;
use crate::providers::supabase::store::{Store, STATE_VERSION};
use crate::state::AppState;

/// The file: `File<Store, OAuthStore>` read, `File<&Store, &OAuthStore>` written.
#[derive(Serialize, Deserialize)]
struct File<S, O> {
    #[serde(flatten)]
    store: S,
    #[serde(flatten)]
    oauth: O,
}

const DEBOUNCE: Duration = Duration::from_millis(100);

/// Loads a state file if it exists.
pub(crate) fn load(path: &Path) -> Result<Option<(Store, OAuthStore)>, SandboxError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SandboxError::Read {
                path: path.to_owned(),
                source,
            })
        }
    };
    let File::<Store, OAuthStore> {
        mut store,
        mut oauth,
    } = serde_json::from_str(&text).map_err(|source| SandboxError::Json {
        path: path.to_owned(),
        source,
    })?;
    if store.version != STATE_VERSION {
        return Err(SandboxError::Seed(format!(
            "{} has state version {}, this sandbox writes version {STATE_VERSION}; delete it to start afresh",
            path.display(),
            store.version
        )));
    }
    store.rebuild_indexes();
    oauth.rebuild_indexes();
    Ok(Some((store, oauth)))
}

/// Serialises the persisted state (under the locks; it does no I/O).
pub(crate) fn snapshot(state: &AppState) -> Vec<u8> {
    state.persisted(|store, oauth| {
        serde_json::to_vec(&File { store, oauth }).expect("the store always serialises")
    })
}

/// Writes `bytes` to `path` atomically.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SandboxError> {
    use std::io::Write as _;
    let wrap = |source| SandboxError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = (path.parent()).filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = (path.file_name()).map_or("state".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(wrap)
}

/// Where the state goes, and how the background saver hears that it changed.
pub(crate) struct Persister {
    pub path: PathBuf,
    pub dirty: Arc<Notify>,
}

impl Persister {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            dirty: Arc::new(Notify::new()),
        }
    }
}

/// The background saver: waits for a change, lets changes settle for
/// [`DEBOUNCE`], snapshots under the lock and writes outside it. Ends when
/// `stop` fires.
pub(crate) async fn run_saver(state: Arc<AppState>, mut stop: watch::Receiver<bool>) {
    let Some(p) = &state.persister else { return };
    let (dirty, path) = (p.dirty.clone(), p.path.clone());
    loop {
        tokio::select! {
            _ = dirty.notified() => {}
            _ = stop.changed() => return,
        }
        tokio::time::sleep(DEBOUNCE).await;
        let bytes = snapshot(&state);
        let path = path.clone();
        let result = tokio::task::spawn_blocking(move || write_atomically(&path, &bytes)).await;
        match result {
            Ok(Ok(())) => tracing::debug!("state file saved"),
            Ok(Err(e)) => tracing::warn!("state file not saved: {e}"),
            Err(e) => tracing::warn!("state file saver failed: {e}"),
        }
    }
}

/// A final synchronous save (shutdown).
pub(crate) fn save_now(state: &AppState) -> Result<(), SandboxError> {
    match &state.persister {
        Some(p) => write_atomically(&p.path, &snapshot(state)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::supabase::seed::Seed;

    #[test]
    fn round_trip_keeps_records_and_rebuilds_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert!(load(&path).unwrap().is_none());
        let (store, oauth) = Store::from_seed(Seed::demo(), std::time::SystemTime::now()).unwrap();
        let bytes = serde_json::to_vec(&File {
            store: &store,
            oauth: &oauth,
        })
        .unwrap();
        write_atomically(&path, &bytes).unwrap();
        let (back, back_oauth) = load(&path).unwrap().unwrap();
        assert_eq!(back.projects, store.projects);
        assert_eq!(back_oauth.personal_index, oauth.personal_index);
        assert_eq!(back.projects_by_org.len(), store.projects_by_org.len());
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
