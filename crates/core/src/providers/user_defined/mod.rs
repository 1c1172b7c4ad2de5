//! Providers a user defines as data: one TOML file per provider in
//! `<Latchkey's config directory>/providers/`, named `<id>.toml`. Such a
//! provider connects through the same engine as a built-in one (system
//! browser, deep link or loopback, PKCE unless skipped, refresh unless there
//! is none, keychain), shows as a connection with its status, and can be
//! disconnected. It has no management screens. The format is documented in
//! `docs/adding-a-provider.md`.
//!
//! A bad file never stops the app or the other providers: it is skipped,
//! and [`Problem`] says which file, line and field, and what to change.

mod account;
mod file;

use std::path::Path;

pub use account::UserInfoApi;
pub use file::Problem;

use super::ProviderDefinition;

/// Files larger than this are not provider definitions.
const MAX_FILE_LEN: u64 = 64 * 1024;

/// The user's providers in `dir`, in file-name order, and what was wrong
/// with the files that were skipped. A missing directory is no providers.
/// `taken` are the ids already in use (the built-in providers').
pub fn load_dir(dir: &Path, taken: &[&str]) -> (Vec<ProviderDefinition>, Vec<Problem>) {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(_) => return (Vec::new(), Vec::new()),
    };
    files.sort();
    let (mut defs, mut problems) = (Vec::new(), Vec::new());
    for path in files {
        match load_file(&path, taken, &defs) {
            Ok(def) => defs.push(def),
            Err(problem) => {
                tracing::warn!(%problem, "a user-defined provider was skipped");
                problems.push(problem);
            }
        }
    }
    (defs, problems)
}

fn load_file(
    path: &Path,
    taken: &[&str],
    loaded: &[ProviderDefinition],
) -> Result<ProviderDefinition, Problem> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let problem = |message: String| Problem::whole_file(&name, message);
    let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot be read: {e}")))?;
    if !meta.is_file() || meta.len() > MAX_FILE_LEN {
        return Err(problem(format!(
            "is not a provider definition (not a file of at most {} KiB)",
            MAX_FILE_LEN / 1024
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|_| problem("cannot be read as UTF-8 text".into()))?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::validate::provider_id(&id).is_err() {
        return Err(problem(
            "has a name Latchkey cannot use as a provider id: name it with lowercase letters and dashes, at most 32, then .toml".into(),
        ));
    }
    if taken.contains(&id.as_str()) || loaded.iter().any(|d| d.id == id) {
        return Err(problem(format!(
            "uses the id {id:?}, which another provider has: rename the file"
        )));
    }
    file::parse(&name, &id, &text)
}

#[cfg(test)]
mod tests;
