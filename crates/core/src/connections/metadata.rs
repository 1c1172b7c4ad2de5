//! Non-secret facts about each connection, in `connections.json` in the
//! app's data directory: provider, organization slug and name, user,
//! connected_at, status. Written atomically (temp file + rename), so a crash
//! never leaves half a file. No token ever goes here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ConnectionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionStatus {
    Connected,
    /// The grant was revoked or expired: tokens are purged, Reconnect is offered.
    NeedsReconnect,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionMeta {
    pub id: ConnectionId,
    pub organization_name: String,
    /// The signed-in user's name or email, when the provider tells.
    pub user: Option<String>,
    /// Unix seconds.
    #[ts(type = "number")]
    pub connected_at: u64,
    pub status: ConnectionStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid connections file ({source}); it was left untouched")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    connections: Vec<ConnectionMeta>,
}

pub struct MetadataStore {
    path: PathBuf,
}

impl MetadataStore {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("connections.json"),
        }
    }

    pub fn list(&self) -> Result<Vec<ConnectionMeta>, MetadataError> {
        Ok(self.read()?.connections)
    }

    pub fn get(&self, id: &ConnectionId) -> Result<Option<ConnectionMeta>, MetadataError> {
        Ok(self.list()?.into_iter().find(|c| &c.id == id))
    }

    /// Inserts or replaces (same provider and organization) a connection.
    pub fn upsert(&self, meta: ConnectionMeta) -> Result<(), MetadataError> {
        let mut file = self.read()?;
        file.connections.retain(|c| c.id != meta.id);
        file.connections.push(meta);
        file.connections.sort_by(|a, b| a.id.cmp(&b.id));
        self.write(&file)
    }

    pub fn set_status(
        &self,
        id: &ConnectionId,
        status: ConnectionStatus,
    ) -> Result<bool, MetadataError> {
        let mut file = self.read()?;
        let Some(meta) = file.connections.iter_mut().find(|c| &c.id == id) else {
            return Ok(false);
        };
        meta.status = status;
        self.write(&file)?;
        Ok(true)
    }

    pub fn remove(&self, id: &ConnectionId) -> Result<bool, MetadataError> {
        let mut file = self.read()?;
        let before = file.connections.len();
        file.connections.retain(|c| &c.id != id);
        let removed = file.connections.len() != before;
        if removed {
            self.write(&file)?;
        }
        Ok(removed)
    }

    fn read(&self) -> Result<File, MetadataError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| MetadataError::Corrupt {
                path: self.path.clone(),
                source,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File {
                version: 1,
                connections: Vec::new(),
            }),
            Err(source) => Err(MetadataError::Io {
                path: self.path.clone(),
                source,
            }),
        }
    }

    fn write(&self, file: &File) -> Result<(), MetadataError> {
        let io = |source| MetadataError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let text = serde_json::to_vec_pretty(file).expect("metadata serializes");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(org: &str, name: &str) -> ConnectionMeta {
        ConnectionMeta {
            id: ConnectionId::new("supabase", org),
            organization_name: name.into(),
            user: Some("dev@example.com".into()),
            connected_at: 1_700_000_000,
            status: ConnectionStatus::Connected,
        }
    }

    #[test]
    fn the_same_organization_twice_replaces_the_old_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = MetadataStore::new(dir.path());
        store.upsert(meta("acme", "Acme")).unwrap();
        store.upsert(meta("beta", "Beta")).unwrap();
        store.upsert(meta("acme", "Acme Inc")).unwrap();
        let all = store.list().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].organization_name, "Acme Inc");
    }

    #[test]
    fn status_changes_and_removal_persist() {
        let dir = tempfile::tempdir().unwrap();
        let store = MetadataStore::new(dir.path());
        let id = ConnectionId::new("supabase", "acme");
        store.upsert(meta("acme", "Acme")).unwrap();
        assert!(store
            .set_status(&id, ConnectionStatus::NeedsReconnect)
            .unwrap());
        let reopened = MetadataStore::new(dir.path());
        assert_eq!(
            reopened.get(&id).unwrap().unwrap().status,
            ConnectionStatus::NeedsReconnect
        );
        assert!(reopened.remove(&id).unwrap());
        assert!(reopened.list().unwrap().is_empty());
    }

    #[test]
    fn a_corrupt_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("connections.json"), b"{not json").unwrap();
        let store = MetadataStore::new(dir.path());
        assert!(matches!(store.list(), Err(MetadataError::Corrupt { .. })));
        assert!(
            store.upsert(meta("acme", "Acme")).is_err(),
            "never overwrite what we cannot read"
        );
        assert_eq!(
            std::fs::read(dir.path().join("connections.json")).unwrap(),
            b"{not json"
        );
    }
}
