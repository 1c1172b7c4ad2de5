//! One refresh at a time per connection across processes: the app and the
//! command-line companion share the keychain items, and a rotating grant
//! (Supabase, Neon) answers a reused refresh token by revoking the chain.
//! Two processes racing would each send the same refresh token; the loser
//! would purge a good connection.
//!
//! The lock is an exclusive OS file lock (`flock` on Unix) on
//! `<data dir>/locks/<provider>_<account>.lock`, taken for the whole of
//! read-keychain → refresh → save-keychain and released when the file is
//! closed, which also happens when a process dies. Lock files are never
//! deleted (deleting one lets two processes lock different inodes).

use std::path::{Path, PathBuf};

use super::ConnectionId;

pub struct RefreshLocks {
    dir: PathBuf,
}

/// Held while one refresh runs; dropping it releases the lock.
pub struct RefreshGuard {
    _file: std::fs::File,
}

impl RefreshLocks {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("locks"),
        }
    }

    /// Waits for the connection's lock. The id was checked
    /// ([`crate::validate::connection_id`]): both halves are safe in a file
    /// name, and `_` cannot occur in a provider id, so names never collide.
    pub async fn hold(&self, id: &ConnectionId) -> std::io::Result<RefreshGuard> {
        let path = self
            .dir
            .join(format!("{}_{}.lock", id.provider, id.account));
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            let file = super::metadata::open_lock_file(&path)?;
            file.lock()?;
            Ok(RefreshGuard { _file: file })
        })
        .await
        .map_err(std::io::Error::other)?
    }
}
