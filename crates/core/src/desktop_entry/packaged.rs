//! Is this copy of Latchkey installed by a package that already hands its
//! scheme to it?
//!
//! A `.deb` or `.rpm` installs `/usr/share/applications/Latchkey.desktop`
//! with `MimeType=x-scheme-handler/<scheme>`; the package manager's
//! desktop-database trigger makes links reach the app before it ever starts.
//! Such a copy must not write an entry of its own in the user's data dir:
//! that entry would outrank the package's, outlive `dpkg -r`, and point at a
//! binary the package manager may move. So the app asks this module first,
//! and registers itself only for source and AppImage-style runs.
//!
//! Only the three keys that decide it are read (`MimeType`, `TryExec`,
//! `Exec` of the `[Desktop Entry]` group); a file that cannot be read or
//! parsed is simply not a match.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// What a launcher should start for a copy that registers itself: inside an
/// AppImage the binary runs from a temporary mount that vanishes on exit,
/// so the image (`$APPIMAGE`, set by its runtime, given here) is the path
/// that still works next time; otherwise the binary.
pub fn launcher_path(binary: PathBuf, appimage: Option<&OsStr>) -> PathBuf {
    match appimage.map(PathBuf::from) {
        Some(image) if image.is_absolute() && image.is_file() => image,
        _ => binary,
    }
}

/// `$XDG_DATA_DIRS`, or the spec's default when unset or empty.
pub fn system_data_dirs(xdg_data_dirs: Option<&OsStr>) -> Vec<PathBuf> {
    match xdg_data_dirs.filter(|v| !v.is_empty()) {
        Some(value) => std::env::split_paths(value)
            .filter(|p| p.is_absolute())
            .collect(),
        None => vec!["/usr/local/share".into(), "/usr/share".into()],
    }
}

/// The first `<dir>/applications/*.desktop` among `data_dirs` that declares
/// `x-scheme-handler/<scheme>` and runs `exe` (through `TryExec`, else the
/// program of `Exec`, a bare name being looked up in `path_var`).
pub fn package_entry_for(
    scheme: &str,
    exe: &Path,
    data_dirs: &[PathBuf],
    path_var: Option<&OsStr>,
) -> Option<PathBuf> {
    let exe = std::fs::canonicalize(exe).ok()?;
    let mime = format!("x-scheme-handler/{scheme}");
    data_dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir.join("applications")).ok())
        .flat_map(|entries| entries.filter_map(Result::ok).map(|e| e.path()))
        .filter(|file| file.extension() == Some(OsStr::new("desktop")))
        .find(|file| {
            let Ok(text) = std::fs::read_to_string(file) else {
                return false;
            };
            let keys = EntryKeys::parse(&text);
            keys.handles(&mime)
                && keys
                    .program()
                    .and_then(|program| resolve(program, path_var))
                    .and_then(|path| std::fs::canonicalize(path).ok())
                    .is_some_and(|path| path == exe)
        })
}

/// The keys of the `[Desktop Entry]` group that decide a match.
#[derive(Debug, Default, PartialEq, Eq)]
struct EntryKeys<'a> {
    mime_types: Option<&'a str>,
    try_exec: Option<&'a str>,
    exec: Option<&'a str>,
}

impl<'a> EntryKeys<'a> {
    fn parse(text: &'a str) -> Self {
        let mut keys = EntryKeys::default();
        let mut in_entry = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_entry = line == "[Desktop Entry]";
                continue;
            }
            let Some((key, value)) = line.split_once('=').filter(|_| in_entry) else {
                continue;
            };
            let slot = match key.trim() {
                "MimeType" => &mut keys.mime_types,
                "TryExec" => &mut keys.try_exec,
                "Exec" => &mut keys.exec,
                _ => continue,
            };
            // The spec forbids a repeated key; the first one counts.
            slot.get_or_insert(value.trim());
        }
        keys
    }

    fn handles(&self, mime: &str) -> bool {
        self.mime_types
            .is_some_and(|list| list.split(';').any(|m| m.trim() == mime))
    }

    /// `TryExec` names the binary plainly; `Exec`'s program may be quoted.
    fn program(&self) -> Option<String> {
        if let Some(path) = self.try_exec.filter(|p| !p.is_empty()) {
            return Some(path.to_owned());
        }
        let exec = self.exec?;
        match exec.strip_prefix('"') {
            Some(rest) => {
                let end = rest.find('"')?;
                Some(rest[..end].to_owned())
            }
            None => exec.split_whitespace().next().map(str::to_owned),
        }
    }
}

/// An absolute path as is; a bare name through `PATH`, as launchers do.
fn resolve(program: String, path_var: Option<&OsStr>) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(program.into());
    }
    std::env::split_paths(path_var?)
        .map(|dir| dir.join(&program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEME: &str = "dev.latchkey";

    /// A data dir holding `applications/<name>` with `text`, and a `bin/`
    /// with an executable `latchkey` in it.
    struct Fixture {
        root: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Self {
            let root = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(root.path().join("share/applications")).unwrap();
            std::fs::create_dir_all(root.path().join("bin")).unwrap();
            std::fs::write(root.path().join("bin/latchkey"), "").unwrap();
            Fixture { root }
        }
        fn entry(&self, name: &str, text: &str) {
            std::fs::write(self.root.path().join("share/applications").join(name), text).unwrap();
        }
        fn exe(&self) -> PathBuf {
            self.root.path().join("bin/latchkey")
        }
        fn find(&self, exe: &Path) -> Option<PathBuf> {
            let path = self.root.path().join("bin");
            package_entry_for(
                SCHEME,
                exe,
                &[
                    self.root.path().join("missing"),
                    self.root.path().join("share"),
                ],
                Some(path.as_os_str()),
            )
        }
    }

    const PACKAGE_ENTRY: &str = "[Desktop Entry]\nType=Application\nName=Latchkey\n\
        Exec=latchkey %u\nTryExec=latchkey\nMimeType=x-scheme-handler/dev.latchkey;\n";

    #[test]
    fn the_package_entry_naming_this_binary_on_path_is_found() {
        let f = Fixture::new();
        f.entry("Latchkey.desktop", PACKAGE_ENTRY);
        assert_eq!(
            f.find(&f.exe()),
            Some(f.root.path().join("share/applications/Latchkey.desktop"))
        );
    }

    #[test]
    fn another_binary_of_the_same_name_is_not_this_copy() {
        let f = Fixture::new();
        f.entry("Latchkey.desktop", PACKAGE_ENTRY);
        let elsewhere = f.root.path().join("checkout/latchkey");
        std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
        std::fs::write(&elsewhere, "").unwrap();
        assert_eq!(
            f.find(&elsewhere),
            None,
            "a source run beside an installed package registers itself"
        );
    }

    #[test]
    fn an_entry_for_another_scheme_or_another_group_does_not_count() {
        let f = Fixture::new();
        f.entry(
            "Other.desktop",
            "[Desktop Entry]\nExec=latchkey %u\nMimeType=x-scheme-handler/dev.latchkey.debug;\n",
        );
        f.entry(
            "Action.desktop",
            "[Desktop Entry]\nExec=/bin/true\n[Desktop Action x]\nExec=latchkey %u\n\
             MimeType=x-scheme-handler/dev.latchkey;\n",
        );
        f.entry("Notes.txt", PACKAGE_ENTRY);
        assert_eq!(f.find(&f.exe()), None);
    }

    #[test]
    fn an_absolute_or_quoted_exec_is_resolved_without_path() {
        let f = Fixture::new();
        let exe = f.exe();
        f.entry(
            "Quoted.desktop",
            &format!(
                "[Desktop Entry]\nExec=\"{}\" %u\nMimeType=text/plain;x-scheme-handler/dev.latchkey;\n",
                exe.display()
            ),
        );
        assert!(f.find(&exe).is_some());
    }

    #[test]
    fn xdg_data_dirs_defaults_to_the_specs_and_skips_relative_entries() {
        assert_eq!(
            system_data_dirs(None),
            [
                PathBuf::from("/usr/local/share"),
                PathBuf::from("/usr/share")
            ]
        );
        assert_eq!(
            system_data_dirs(Some(OsStr::new(""))),
            system_data_dirs(None)
        );
        assert_eq!(
            system_data_dirs(Some(OsStr::new("/opt/share:relative:/usr/share"))),
            [PathBuf::from("/opt/share"), PathBuf::from("/usr/share")]
        );
    }

    #[test]
    fn an_appimage_registers_the_image_not_its_temporary_mount() {
        let f = Fixture::new();
        let image = f.root.path().join("Latchkey.AppImage");
        std::fs::write(&image, "").unwrap();
        let mounted = PathBuf::from("/tmp/.mount_LatchkXYZ/usr/bin/latchkey");
        assert_eq!(
            launcher_path(mounted.clone(), Some(image.as_os_str())),
            image
        );
        assert_eq!(launcher_path(mounted.clone(), None), mounted);
        for odd in [
            "relative/Latchkey.AppImage",
            "/nowhere/Latchkey.AppImage",
            "",
        ] {
            assert_eq!(
                launcher_path(mounted.clone(), Some(OsStr::new(odd))),
                mounted,
                "{odd:?} is not an image this copy can name"
            );
        }
    }

    #[test]
    fn the_first_of_a_repeated_key_counts() {
        let keys = EntryKeys::parse("[Desktop Entry]\nExec=/a %u\nExec=/b %u\n");
        assert_eq!(keys.program().as_deref(), Some("/a"));
    }
}
