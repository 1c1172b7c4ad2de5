//! Writing `KEY=value` lines into a project's `.env` file without losing
//! the user's own lines: keys Latchkey writes are replaced in place, every
//! other line (comments, blank lines, other keys) is kept, new keys go at
//! the end. The file is written whole to a private temporary file and
//! renamed over the old one (mode 0600, whatever the umask), so a crash
//! leaves the old file or the new one. A secret never goes into a file git
//! tracks unless the user insists: committing it is how keys leak.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum EnvFileError {
    #[error("{0} is tracked by git, and this would write a secret key into it. Add it to .gitignore (and untrack it), or pass --force.")]
    TrackedByGit(String),
    #[error("could not write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// `existing` with the keys of `lines` (`KEY=value`) set to their new values.
pub fn merge(existing: &str, lines: &str) -> String {
    let key = |line: &str| -> Option<String> {
        let line = line.trim_start();
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (k, _) = line.split_once('=')?;
        let k = k.trim();
        (!k.is_empty() && !k.starts_with('#')).then(|| k.to_owned())
    };
    let mut pending: Vec<(String, &str)> =
        lines.lines().filter_map(|l| Some((key(l)?, l))).collect();
    let mut out: Vec<String> = existing
        .lines()
        .map(
            |old| match key(old).and_then(|k| pending.iter().position(|(p, _)| *p == k)) {
                Some(i) => pending.remove(i).1.to_owned(),
                None => old.to_owned(),
            },
        )
        .collect();
    out.extend(pending.into_iter().map(|(_, l)| l.to_owned()));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Whether git tracks `path` (false when there is no git or no repository).
pub fn tracked_by_git(path: &Path) -> bool {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = path.file_name() else {
        return false;
    };
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-files", "--error-unmatch", "--"])
        .arg(name)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Merges `lines` into the file at `path` (created if missing). With
/// `has_secret`, refuses a git-tracked file unless `force`.
pub fn write(path: &Path, lines: &str, has_secret: bool, force: bool) -> Result<(), EnvFileError> {
    let shown = path.display().to_string();
    if has_secret && !force && tracked_by_git(path) {
        return Err(EnvFileError::TrackedByGit(shown));
    }
    let io = |source| EnvFileError::Io {
        path: shown.clone(),
        source,
    };
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(e)),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".latchkey-env.")
        .tempfile_in(dir)
        .map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    std::io::Write::write_all(&mut tmp, merge(&existing, lines).as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_lines_stay_and_latchkeys_keys_are_replaced_in_place() {
        let existing =
            "# mine\nPORT=3000\nSUPABASE_URL=https://old.supabase.co\n\nexport DEBUG=1\n";
        let merged = merge(
            existing,
            "SUPABASE_URL=https://new.supabase.co\nSUPABASE_ANON_KEY=sb_publishable_x\n",
        );
        assert_eq!(
            merged,
            "# mine\nPORT=3000\nSUPABASE_URL=https://new.supabase.co\n\nexport DEBUG=1\nSUPABASE_ANON_KEY=sb_publishable_x\n"
        );
        assert_eq!(
            merge(&merged, "SUPABASE_URL=https://new.supabase.co\n"),
            merged,
            "idempotent"
        );
    }

    #[test]
    fn the_file_is_private_and_a_tracked_one_gets_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "PORT=3000\n").unwrap();
        write(&path, "A=1\n", true, false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "PORT=3000\nA=1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .output()
                .unwrap()
        };
        git(&["init", "-q"]);
        git(&["add", ".env"]);
        let err = write(&path, "SECRET=x\n", true, false).unwrap_err();
        assert!(matches!(err, EnvFileError::TrackedByGit(_)), "{err}");
        assert!(!std::fs::read_to_string(&path).unwrap().contains("SECRET"));
        write(&path, "PUBLIC=y\n", false, false).expect("no secret: fine");
        write(&path, "SECRET=x\n", true, true).expect("forced");
    }
}
