//! Non-secret facts about each connection, in `connections.json` in the
//! app's data directory: provider, account id and name, user,
//! connected_at, status. No token ever goes here.
//!
//! Invariants:
//! - **No lost updates.** Every read-modify-write holds the store's mutex and
//!   an advisory lock on `connections.json.lock` (an exclusive `flock` on
//!   Unix), so threads of the app and another process (a future CLI) that
//!   also takes the lock see each other's changes. The lock file is never
//!   deleted: deleting a lock file lets two writers lock different inodes.
//! - **Durable, all-or-nothing writes.** Each write goes to a unique temp file
//!   in the same directory (`connections.json.<random>.tmp`), is `fsync`ed,
//!   renamed over `connections.json`, and the directory is `fsync`ed. A crash
//!   leaves either the old or the new file, never half of one; a temp file a
//!   crashed writer left behind is removed by the next write (under the lock,
//!   so it cannot belong to a live writer).
//! - **Private.** The data directory is set to 0700 and the file to 0600 on
//!   Unix, explicitly, whatever the umask (organization names and e-mail
//!   addresses are nobody else's business).
//! - **A corrupt file never blocks the app and is never deleted.** It is
//!   renamed to `connections.json.corrupt-<unix seconds>` (never overwriting
//!   an earlier copy), a warning without its contents is logged, and the
//!   store carries on with what could be salvaged from it:
//!   - if it is still JSON, each entry of its `connections` array that still
//!     reads as a connection (an entry of the wrong shape is dropped);
//!   - otherwise (truncated, say), the entries of that array up to the first
//!     one that is not complete JSON.
//!
//!   The salvaged list is written back at once. [`MetadataStore::recovered_from_corruption`]
//!   tells the UI what happened; the dropped connections' tokens are still in
//!   the keychain, and connecting that organization again replaces them.
//! - **Readable by older versions.** The file keeps version 1's keys
//!   (`organization`, `organization_name`) through [`stored`], whatever the
//!   names in memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ConnectionId, ConnectionSource};

const FILE_NAME: &str = "connections.json";
const LOCK_NAME: &str = "connections.json.lock";
/// Temp files are `connections.json.<random>.tmp`; before this version the
/// one temp file was `connections.json.tmp`. Both match these.
const TMP_PREFIX: &str = "connections.json.";
const TMP_SUFFIX: &str = ".tmp";

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
    /// The account's name: the organization's, or the user's.
    pub account_name: String,
    /// The signed-in user's name or email, when the provider tells.
    pub user: Option<String>,
    /// Unix seconds.
    #[ts(type = "number")]
    pub connected_at: u64,
    pub status: ConnectionStatus,
    /// Unix seconds when the sign-in ends because nothing can renew it: the
    /// token expires and the provider gave no refresh token. `None` when it
    /// renews itself or never expires.
    #[ts(type = "number | null")]
    pub sign_in_ends_at: Option<u64>,
    /// Where its credential came from.
    pub source: ConnectionSource,
    /// The scopes the provider said it granted at sign-in, where it says
    /// (Neon does; Supabase fixes them on the OAuth app and says nothing).
    pub granted_scopes: Option<Vec<String>>,
    /// The scope a call was last refused for lack of (a 403), until the
    /// next sign-in.
    pub missing_scope: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What happened when `connections.json` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorruptionRecovery {
    /// Where the unreadable file was kept, untouched.
    pub kept_at: PathBuf,
    /// How many connections were salvaged from it.
    pub salvaged: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    #[serde(with = "stored")]
    connections: Vec<ConnectionMeta>,
}

/// `connections.json`'s entries as version 1 wrote them. The keys stay
/// version 1's (`organization` for what is now the account), so a file this
/// version writes is still one an older Latchkey reads.
mod stored {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{ConnectionId, ConnectionMeta, ConnectionSource, ConnectionStatus};

    #[derive(Serialize, Deserialize)]
    struct Id {
        provider: String,
        organization: String,
    }

    #[derive(Serialize, Deserialize)]
    pub(super) struct Entry {
        id: Id,
        organization_name: String,
        user: Option<String>,
        connected_at: u64,
        status: ConnectionStatus,
        /// Added after version 1, which ignores it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sign_in_ends_at: Option<u64>,
        /// Added after version 1, which ignores it; entries without it were
        /// all made with the app's own OAuth app, and such an entry is still
        /// written without it (exactly version 1's keys).
        #[serde(default, skip_serializing_if = "is_oauth_app")]
        source: ConnectionSource,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        granted_scopes: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        missing_scope: Option<String>,
    }

    fn is_oauth_app(source: &ConnectionSource) -> bool {
        *source == ConnectionSource::OauthApp
    }

    impl From<Entry> for ConnectionMeta {
        fn from(e: Entry) -> Self {
            ConnectionMeta {
                id: ConnectionId::new(e.id.provider, e.id.organization),
                account_name: e.organization_name,
                user: e.user,
                connected_at: e.connected_at,
                status: e.status,
                sign_in_ends_at: e.sign_in_ends_at,
                source: e.source,
                granted_scopes: e.granted_scopes,
                missing_scope: e.missing_scope,
            }
        }
    }

    impl From<&ConnectionMeta> for Entry {
        fn from(m: &ConnectionMeta) -> Self {
            Entry {
                id: Id {
                    provider: m.id.provider.clone(),
                    organization: m.id.account.clone(),
                },
                organization_name: m.account_name.clone(),
                user: m.user.clone(),
                connected_at: m.connected_at,
                status: m.status,
                sign_in_ends_at: m.sign_in_ends_at,
                source: m.source,
                granted_scopes: m.granted_scopes.clone(),
                missing_scope: m.missing_scope.clone(),
            }
        }
    }

    pub(super) fn serialize<S: Serializer>(
        list: &[ConnectionMeta],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(list.iter().map(Entry::from))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<ConnectionMeta>, D::Error> {
        Ok(Vec::<Entry>::deserialize(d)?
            .into_iter()
            .map(ConnectionMeta::from)
            .collect())
    }
}

impl File {
    fn empty() -> Self {
        Self {
            version: 1,
            connections: Vec::new(),
        }
    }
}

pub struct MetadataStore {
    dir: PathBuf,
    path: PathBuf,
    /// Held for every operation; it also holds the last recovery, if any.
    state: Mutex<Option<CorruptionRecovery>>,
}

impl MetadataStore {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.to_owned(),
            path: data_dir.join(FILE_NAME),
            state: Mutex::new(None),
        }
    }

    /// `Some` once this store has found `connections.json` unreadable and set
    /// it aside (see the module docs), so the UI can say where the old file
    /// is and that connections missing from the list need connecting again.
    pub fn recovered_from_corruption(&self) -> Option<CorruptionRecovery> {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn list(&self) -> Result<Vec<ConnectionMeta>, MetadataError> {
        self.update(|file| (false, std::mem::take(&mut file.connections)))
    }

    pub fn get(&self, id: &ConnectionId) -> Result<Option<ConnectionMeta>, MetadataError> {
        Ok(self.list()?.into_iter().find(|c| &c.id == id))
    }

    /// Inserts or replaces (same provider and organization) a connection.
    pub fn upsert(&self, meta: ConnectionMeta) -> Result<(), MetadataError> {
        self.update(|file| {
            file.connections.retain(|c| c.id != meta.id);
            file.connections.push(meta);
            file.connections.sort_by(|a, b| a.id.cmp(&b.id));
            (true, ())
        })
    }

    pub fn set_status(
        &self,
        id: &ConnectionId,
        status: ConnectionStatus,
    ) -> Result<bool, MetadataError> {
        self.update(
            |file| match file.connections.iter_mut().find(|c| &c.id == id) {
                Some(meta) => {
                    meta.status = status;
                    (true, true)
                }
                None => (false, false),
            },
        )
    }

    /// Records the scope a call was refused for lack of.
    pub fn set_missing_scope(&self, id: &ConnectionId, scope: &str) -> Result<bool, MetadataError> {
        self.update(
            |file| match file.connections.iter_mut().find(|c| &c.id == id) {
                Some(meta) if meta.missing_scope.as_deref() != Some(scope) => {
                    meta.missing_scope = Some(scope.to_owned());
                    (true, true)
                }
                _ => (false, false),
            },
        )
    }

    pub fn remove(&self, id: &ConnectionId) -> Result<bool, MetadataError> {
        self.update(|file| {
            let before = file.connections.len();
            file.connections.retain(|c| &c.id != id);
            let removed = file.connections.len() != before;
            (removed, removed)
        })
    }

    /// One read-modify-write under both locks. `change` says whether it
    /// changed the file; only then is it written.
    fn update<R>(&self, change: impl FnOnce(&mut File) -> (bool, R)) -> Result<R, MetadataError> {
        let mut recovery = self.state.lock().unwrap_or_else(|p| p.into_inner());
        self.prepare_dir()
            .map_err(|source| self.io(&self.dir, source))?;
        let lock_path = self.dir.join(LOCK_NAME);
        let mut lock = fd_lock::RwLock::new(
            open_lock_file(&lock_path).map_err(|source| self.io(&lock_path, source))?,
        );
        let _held = lock.write().map_err(|source| self.io(&lock_path, source))?;

        let mut file = self.read_locked(&mut recovery)?;
        let (changed, out) = change(&mut file);
        if changed {
            self.write_locked(&file)?;
        }
        Ok(out)
    }

    fn read_locked(
        &self,
        recovery: &mut Option<CorruptionRecovery>,
    ) -> Result<File, MetadataError> {
        match std::fs::read(&self.path) {
            // The parse error is never formatted: it can quote the file.
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(file) => Ok(file),
                Err(_) => self.recover_locked(&bytes, recovery),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::empty()),
            Err(source) => Err(self.io(&self.path, source)),
        }
    }

    /// Sets the unreadable file aside and carries on with what it salvages.
    fn recover_locked(
        &self,
        bytes: &[u8],
        recovery: &mut Option<CorruptionRecovery>,
    ) -> Result<File, MetadataError> {
        let kept_at = self.free_corrupt_name();
        std::fs::rename(&self.path, &kept_at).map_err(|source| self.io(&kept_at, source))?;
        // Best effort: the copy holds the same names and e-mail addresses.
        let _ = set_mode(&kept_at, 0o600);
        sync_dir(&self.dir).map_err(|source| self.io(&self.dir, source))?;

        let mut connections = salvage(bytes);
        connections.sort_by(|a, b| a.id.cmp(&b.id));
        connections.dedup_by(|a, b| a.id == b.id);
        let salvaged = connections.len();
        tracing::warn!(
            kept_at = %kept_at.display(),
            salvaged,
            "connections.json could not be read; kept it aside and carried on with the connections it still held"
        );
        *recovery = Some(CorruptionRecovery { kept_at, salvaged });
        let file = File {
            version: 1,
            connections,
        };
        if salvaged > 0 {
            self.write_locked(&file)?;
        }
        Ok(file)
    }

    /// `connections.json.corrupt-<unix seconds>`, or with `-<n>` appended
    /// when that name is taken: an earlier copy is never overwritten.
    fn free_corrupt_name(&self) -> PathBuf {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let base = format!("{FILE_NAME}.corrupt-{secs}");
        (0u32..)
            .map(|n| match n {
                0 => self.dir.join(&base),
                n => self.dir.join(format!("{base}-{n}")),
            })
            .find(|p| std::fs::symlink_metadata(p).is_err())
            .expect("some suffix is free")
    }

    fn write_locked(&self, file: &File) -> Result<(), MetadataError> {
        let io = |source| self.io(&self.path, source);
        self.remove_leftover_temp_files();
        let text = serde_json::to_vec_pretty(file).expect("metadata serializes");
        let mut tmp = tempfile::Builder::new()
            .prefix(TMP_PREFIX)
            .suffix(TMP_SUFFIX)
            .tempfile_in(&self.dir)
            .map_err(io)?;
        set_file_mode(tmp.as_file(), 0o600).map_err(io)?;
        tmp.write_all(&text).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        sync_dir(&self.dir).map_err(|source| self.io(&self.dir, source))
    }

    /// Temp files of writers that crashed. We hold the lock, so no live
    /// writer has one open.
    fn remove_leftover_temp_files(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Creates the data directory and makes it private, also when an older
    /// version or another program created it with the umask's default.
    fn prepare_dir(&self) -> std::io::Result<()> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.dir)?;
        set_mode(&self.dir, 0o700)
    }

    fn io(&self, path: &Path, source: std::io::Error) -> MetadataError {
        MetadataError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// Opens (creating, owner-only) a lock file; never truncates or deletes it.
pub(super) fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Best-effort salvage of an unreadable file; see the module docs.
fn salvage(bytes: &[u8]) -> Vec<ConnectionMeta> {
    let entry = |value: serde_json::Value| {
        serde_json::from_value::<stored::Entry>(value)
            .ok()
            .map(ConnectionMeta::from)
    };
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(bytes) {
        return match doc {
            serde_json::Value::Object(mut doc) => match doc.remove("connections") {
                Some(serde_json::Value::Array(items)) => {
                    items.into_iter().filter_map(entry).collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
    }
    // Not JSON as a whole: read the array's entries one by one.
    let key = br#""connections""#;
    let Some(at) = bytes.windows(key.len()).position(|w| w == key) else {
        return Vec::new();
    };
    let after_key = &bytes[at + key.len()..];
    let Some(open) = after_key
        .iter()
        .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b':'))
        .filter(|&i| after_key[i] == b'[')
    else {
        return Vec::new();
    };
    let mut rest = &after_key[open + 1..];
    let mut out = Vec::new();
    loop {
        let skip = rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b','))
            .unwrap_or(rest.len());
        rest = &rest[skip..];
        if rest.first() != Some(&b'{') {
            return out;
        }
        let mut stream =
            serde_json::Deserializer::from_slice(rest).into_iter::<serde_json::Value>();
        match stream.next() {
            Some(Ok(value)) => {
                out.extend(entry(value));
                rest = &rest[stream.byte_offset()..];
            }
            _ => return out,
        }
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(unix)]
fn set_file_mode(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

// Elsewhere the user's profile directory is private already, and a
// directory cannot be opened to be synced.
#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn set_file_mode(_: &std::fs::File, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(org: &str, name: &str) -> ConnectionMeta {
        ConnectionMeta {
            id: ConnectionId::new("supabase", org),
            account_name: name.into(),
            user: Some("dev@example.com".into()),
            connected_at: 1_700_000_000,
            status: ConnectionStatus::Connected,
            sign_in_ends_at: None,
            source: ConnectionSource::OauthApp,
            granted_scopes: None,
            missing_scope: None,
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
        assert_eq!(all[0].account_name, "Acme Inc");
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

    /// `n` upserts of distinct connections from each of two threads, each
    /// thread with its own store (like the app and a CLI) or sharing one.
    fn upserts_from_two_writers(shared: bool) {
        let dir = tempfile::tempdir().unwrap();
        let one = std::sync::Arc::new(MetadataStore::new(dir.path()));
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|who| {
                let store = if shared {
                    one.clone()
                } else {
                    std::sync::Arc::new(MetadataStore::new(dir.path()))
                };
                std::thread::spawn(move || {
                    for i in 0..50 {
                        let org = format!("{who}-{i:02}");
                        store
                            .upsert(meta(&org, &org))
                            .expect("a concurrent upsert must never fail");
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let all = one.list().unwrap();
        assert_eq!(
            all.len(),
            100,
            "no writer may lose another's connection (shared store: {shared})"
        );
    }

    #[test]
    fn two_threads_sharing_a_store_lose_no_update() {
        upserts_from_two_writers(true);
    }

    #[test]
    fn two_stores_on_one_file_lose_no_update() {
        upserts_from_two_writers(false);
    }

    fn corrupt_copies(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("connections.json.corrupt-")
            })
            .collect()
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_the_store_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("connections.json"), b"{not json").unwrap();
        let store = MetadataStore::new(dir.path());

        assert_eq!(
            store.list().expect("a corrupt file must not block the app"),
            vec![],
            "nothing in it could be salvaged"
        );
        let copies = corrupt_copies(dir.path());
        assert_eq!(copies.len(), 1, "the bad file is kept, never deleted");
        assert_eq!(std::fs::read(&copies[0]).unwrap(), b"{not json");
        let recovery = store
            .recovered_from_corruption()
            .expect("the UI must be able to say what happened");
        assert_eq!(recovery.kept_at, copies[0]);
        assert_eq!(recovery.salvaged, 0);

        store.upsert(meta("acme", "Acme")).unwrap();
        assert_eq!(store.list().unwrap(), vec![meta("acme", "Acme")]);
        assert_eq!(
            std::fs::read(&copies[0]).unwrap(),
            b"{not json",
            "later writes leave the kept copy alone"
        );
    }

    #[test]
    fn a_truncated_file_keeps_the_entries_that_were_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let whole = serde_json::to_string_pretty(&File {
            version: 1,
            connections: vec![meta("acme", "Acme"), meta("beta", "Beta")],
        })
        .unwrap();
        // Cut inside the second entry, as a power loss mid-write would.
        let cut = whole.find("Beta").unwrap();
        std::fs::write(dir.path().join("connections.json"), &whole[..cut]).unwrap();

        let store = MetadataStore::new(dir.path());
        assert_eq!(store.list().unwrap(), vec![meta("acme", "Acme")]);
        assert_eq!(store.recovered_from_corruption().unwrap().salvaged, 1);
        assert_eq!(
            MetadataStore::new(dir.path()).list().unwrap(),
            vec![meta("acme", "Acme")],
            "the salvaged entries are written back"
        );
    }

    #[test]
    fn an_entry_of_the_wrong_shape_costs_only_that_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = serde_json::to_value(File {
            version: 1,
            connections: vec![meta("acme", "Acme"), meta("beta", "Beta")],
        })
        .unwrap();
        doc["connections"][0]["status"] = "sideways".into();
        std::fs::write(
            dir.path().join("connections.json"),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();

        let store = MetadataStore::new(dir.path());
        assert_eq!(store.list().unwrap(), vec![meta("beta", "Beta")]);
        assert_eq!(corrupt_copies(dir.path()).len(), 1);
    }

    #[test]
    fn a_readable_file_reports_no_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let store = MetadataStore::new(dir.path());
        store.upsert(meta("acme", "Acme")).unwrap();
        assert!(store.list().is_ok());
        assert!(store.recovered_from_corruption().is_none());
        assert!(corrupt_copies(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn the_data_dir_is_private_and_the_file_owner_only_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let parent = tempfile::tempdir().unwrap();
        let data_dir = parent.path().join("dev.latchkey.app");
        // The most permissive umask: whatever we do not set explicitly shows.
        crate::test_util::with_umask(0, || {
            MetadataStore::new(&data_dir).upsert(meta("acme", "Acme"))
        })
        .unwrap();
        assert_eq!(
            mode(&data_dir),
            0o700,
            "other users must not list the data dir"
        );
        assert_eq!(
            mode(&data_dir.join("connections.json")),
            0o600,
            "other users must not read organization names and emails"
        );

        // A directory an older version left at 0755 is tightened too.
        std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        MetadataStore::new(&data_dir)
            .upsert(meta("beta", "Beta"))
            .unwrap();
        assert_eq!(mode(&data_dir), 0o700);
    }

    #[test]
    fn writes_leave_no_temporary_files_behind() {
        let dir = tempfile::tempdir().unwrap();
        // What a writer that crashed mid-write would have left: the old fixed
        // name, and a unique one.
        std::fs::write(dir.path().join("connections.json.tmp"), b"{").unwrap();
        std::fs::write(dir.path().join("connections.json.x1Yz9q.tmp"), b"").unwrap();
        let store = MetadataStore::new(dir.path());
        store.upsert(meta("acme", "Acme")).unwrap();
        store.upsert(meta("beta", "Beta")).unwrap();
        store
            .remove(&ConnectionId::new("supabase", "acme"))
            .unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "temp files are renamed into place or cleaned up: {leftovers:?}"
        );
        assert_eq!(store.list().unwrap(), vec![meta("beta", "Beta")]);
    }
}
