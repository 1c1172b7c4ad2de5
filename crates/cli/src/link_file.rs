//! `.lk.toml`: the file `lk link` writes in a project's folder, naming the
//! connection and the project (never a secret), so `lk env pull` and
//! `lk exec` in that folder or below need no arguments. Found like git finds
//! its repository: the nearest one in the folder or its parents.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = ".lk.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// `provider:account`, as `lk status` prints it.
    pub connection: String,
    /// The project's reference.
    pub project: String,
}

/// The nearest link at or above `dir`, and where it was.
pub fn find(dir: &Path) -> Result<Option<(PathBuf, Link)>, String> {
    for folder in dir.ancestors() {
        let path = folder.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let link = toml::from_str(&text).map_err(|e| {
                    format!("{} is not a link lk wrote: {}", path.display(), e.message())
                })?;
                return Ok(Some((path, link)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("could not read {}: {e}", path.display())),
        }
    }
    Ok(None)
}

pub fn write(dir: &Path, link: &Link) -> std::io::Result<PathBuf> {
    let path = dir.join(FILE_NAME);
    let text = format!(
        "# Written by `lk link`: the project this folder belongs to. No secret here.\n{}",
        toml::to_string(link).expect("a link serializes")
    );
    std::fs::write(&path, text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_found_from_any_folder_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let link = Link {
            connection: "supabase:acme".into(),
            project: "abcdefghijklmnopqrst".into(),
        };
        write(dir.path(), &link).unwrap();
        let deep = dir.path().join("src/app");
        std::fs::create_dir_all(&deep).unwrap();
        let (at, found) = find(&deep).unwrap().unwrap();
        assert_eq!((at, found), (dir.path().join(FILE_NAME), link));
        std::fs::write(dir.path().join(FILE_NAME), "surprise = 1").unwrap();
        assert!(find(&deep).unwrap_err().contains(".lk.toml"));
    }
}
