//! Registers Latchkey as the handler of its URL scheme on Linux desktops.
//!
//! We write the `.desktop` file ourselves rather than through
//! tauri-plugin-deep-link's `register`, for two reasons seen on Debian 12:
//! the plugin always quotes `Exec="<path>" %u`, which plain `xdg-open` in
//! generic mode (xdg-utils 1.1.3, no desktop detected) cannot parse, and it
//! only knows the schemes in `tauri.conf.json`, while each build channel
//! has its own scheme. Here the path is quoted only when the Desktop Entry
//! spec requires it.
//!
//! Invariants:
//! - The file has exactly the keys [`SchemeHandler::render`] writes: no value
//!   can start a new line. An executable path that is not UTF-8 (it would be
//!   mangled) or holds a control character (a line break would inject keys
//!   such as a second `Exec`) is refused: no file is written, and the caller
//!   warns. The application name is escaped per the spec's string rules.
//! - The file is mode 0644, whatever the umask, and replaced atomically.
//!
//! Registration never stops the app: a refusal and each failed step become
//! warnings. A copy installed by a package does not register itself at all
//! (see [`packaged`]): the package's own entry already hands it the links.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod packaged;

#[derive(Debug, Clone)]
pub struct SchemeHandler {
    /// Shown by launchers and "open with" dialogs.
    pub app_name: String,
    /// Absolute path of the executable that receives the link: the binary,
    /// or for an AppImage the image file (`$APPIMAGE`), which outlives the
    /// temporary mount the binary runs from. Also written as `TryExec`, so
    /// a desktop hides the entry once that file is gone.
    pub exec: PathBuf,
    pub scheme: String,
    /// File name under `$XDG_DATA_HOME/applications`.
    pub file_name: String,
}

/// Why no `.desktop` file was written. The caller logs it as a warning;
/// links then do not open Latchkey until it is fixed. No message quotes the
/// path: it may hold the very characters that make it unsafe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DesktopEntryError {
    #[error(
        "Latchkey's path is not valid UTF-8, so a .desktop file cannot name it; \
         move Latchkey to a folder with a plain name for links to open it"
    )]
    PathNotUtf8,
    #[error(
        "Latchkey's path contains a control character (a line break, say), \
         which a .desktop file cannot hold safely; move Latchkey to a folder \
         with a plain name for links to open it"
    )]
    PathHasControlCharacter,
    #[error("the application name contains a control character")]
    NameHasControlCharacter,
    #[error("the link scheme is not a valid URL scheme")]
    BadScheme,
    #[error("the .desktop file name is not a plain file name")]
    BadFileName,
}

#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub desktop_file: Option<PathBuf>,
    /// Steps that failed, in words; empty when everything worked.
    pub warnings: Vec<String>,
}

impl SchemeHandler {
    pub fn mime_type(&self) -> String {
        format!("x-scheme-handler/{}", self.scheme)
    }

    /// The `.desktop` file's text, or why none can be written safely.
    pub fn render(&self) -> Result<String, DesktopEntryError> {
        let exec = self.exec.to_str().ok_or(DesktopEntryError::PathNotUtf8)?;
        if exec.chars().any(char::is_control) {
            return Err(DesktopEntryError::PathHasControlCharacter);
        }
        if !is_scheme(&self.scheme) {
            return Err(DesktopEntryError::BadScheme);
        }
        let name = string_value(&self.app_name)?;
        Ok(format!(
            "[Desktop Entry]\n\
             Type=Application\n\
             Name={name}\n\
             Comment=Opens {scheme}: links in {name}\n\
             Exec={exec} %u\n\
             TryExec={try_exec}\n\
             Terminal=false\n\
             NoDisplay=true\n\
             StartupNotify=false\n\
             MimeType={mime};\n",
            scheme = self.scheme,
            exec = exec_field_program(exec),
            try_exec = string_value(exec)?,
            mime = self.mime_type(),
        ))
    }

    /// Writes the file under `data_home/applications`, refreshes the desktop
    /// database and makes it the default for the scheme (`xdg-mime` writes
    /// `$XDG_CONFIG_HOME/mimeapps.list`).
    ///
    /// Refused, with nothing written, when the file could not be written
    /// safely (see [`DesktopEntryError`]); other failures are warnings.
    pub fn install(&self, data_home: &Path) -> Result<Registration, DesktopEntryError> {
        if !is_file_name(&self.file_name) {
            return Err(DesktopEntryError::BadFileName);
        }
        let text = self.render()?;
        let mut reg = Registration::default();
        let dir = data_home.join("applications");
        match write_atomically(&dir, &self.file_name, &text) {
            Ok(path) => reg.desktop_file = Some(path),
            Err(err) => {
                reg.warnings.push(format!(
                    "could not write {}: {err}",
                    dir.join(&self.file_name).display()
                ));
                return Ok(reg);
            }
        }
        run_step(&mut reg, "update-desktop-database", &[dir.as_os_str()]);
        run_step(
            &mut reg,
            "xdg-mime",
            &[
                "default".as_ref(),
                self.file_name.as_ref(),
                self.mime_type().as_ref(),
            ],
        );
        Ok(reg)
    }
}

impl SchemeHandler {
    /// Removes this handler's file from `data_home/applications`, if there,
    /// and refreshes that folder's desktop database (whose cache would
    /// otherwise still name the file). Used by a packaged copy to retire
    /// what an earlier source or AppImage run wrote. `Ok(false)`: nothing
    /// to remove.
    pub fn uninstall(&self, data_home: &Path) -> Result<bool, String> {
        if !is_file_name(&self.file_name) {
            return Err(DesktopEntryError::BadFileName.to_string());
        }
        let dir = data_home.join("applications");
        match std::fs::remove_file(dir.join(&self.file_name)) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(err) => return Err(format!("could not remove {}: {err}", self.file_name)),
        }
        let mut reg = Registration::default();
        run_step(&mut reg, "update-desktop-database", &[dir.as_os_str()]);
        match reg.warnings.pop() {
            Some(warning) => Err(warning),
            None => Ok(true),
        }
    }
}

/// Quotes the program path as the Desktop Entry spec's Exec key asks, but only
/// when it contains a reserved character: unquoted paths are the ones every
/// launcher, including generic-mode `xdg-open`, can run.
fn exec_field_program(path: &str) -> String {
    const RESERVED: &[char] = &[
        ' ', '\t', '\n', '"', '\'', '\\', '>', '<', '~', '|', '&', ';', '$', '*', '?', '#', '(',
        ')', '`',
    ];
    // A literal '%' must be doubled in any Exec argument.
    let path = path.replace('%', "%%");
    if !path.contains(RESERVED) {
        return path;
    }
    let mut quoted = String::from("\"");
    for ch in path.chars() {
        if matches!(ch, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(ch);
    }
    quoted.push('"');
    // The whole value is then a desktop-file string, where '\' is escaped again.
    quoted.replace('\\', "\\\\")
}

/// RFC 3986 §3.1: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`. Nothing
/// else can reach the `MimeType` list (where `;` separates entries).
fn is_scheme(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// One path component, so the file stays in `applications/`.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// A value of type string/localestring, escaped as the Desktop Entry spec
/// says (`\\`, `\n`, `\t`, `\r`, and `\s` for a leading space, which a
/// parser would otherwise trim). Other control characters have no escape
/// and are refused.
fn string_value(value: &str) -> Result<String, DesktopEntryError> {
    let mut out = String::with_capacity(value.len());
    for (i, ch) in value.chars().enumerate() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' ' if i == 0 => out.push_str("\\s"),
            c if c.is_control() => return Err(DesktopEntryError::NameHasControlCharacter),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A unique temp file, mode 0644 whatever the umask (readable by the
/// desktop, writable by nobody else: whoever can rewrite `Exec` runs code as
/// the user on the next link), synced, then renamed into place.
fn write_atomically(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(target)
}

fn run_step(reg: &mut Registration, program: &str, args: &[&std::ffi::OsStr]) {
    match Command::new(program).args(args).output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => reg.warnings.push(format!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(err) => reg.warnings.push(format!("could not run {program}: {err}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handler(exec: &str) -> SchemeHandler {
        SchemeHandler {
            app_name: "Latchkey".into(),
            exec: exec.into(),
            scheme: "dev.latchkey.debug".into(),
            file_name: "dev.latchkey.app.debug-handler.desktop".into(),
        }
    }

    #[test]
    fn a_plain_path_is_written_unquoted_for_generic_xdg_open() {
        let text = handler("/opt/latchkey/bin/latchkey").render().unwrap();
        assert!(
            text.contains("\nExec=/opt/latchkey/bin/latchkey %u\n"),
            "{text}"
        );
        assert!(text.contains("\nMimeType=x-scheme-handler/dev.latchkey.debug;\n"));
        assert!(
            text.contains("\nTryExec=/opt/latchkey/bin/latchkey\n"),
            "a desktop hides the entry once the binary is gone: {text}"
        );
    }

    #[test]
    fn uninstall_removes_only_its_own_file() {
        let home = tempfile::tempdir().unwrap();
        let apps = home.path().join("applications");
        assert_eq!(handler("/bin/true").uninstall(home.path()), Ok(false));
        handler("/bin/true").install(home.path()).unwrap();
        std::fs::write(apps.join("other.desktop"), "[Desktop Entry]\n").unwrap();
        // The refresh may warn where update-desktop-database is missing.
        let _ = handler("/bin/true").uninstall(home.path());
        assert!(!apps.join("dev.latchkey.app.debug-handler.desktop").exists());
        assert!(apps.join("other.desktop").exists());
    }

    #[test]
    fn a_path_with_reserved_characters_is_quoted_and_escaped_per_the_spec() {
        assert_eq!(
            exec_field_program("/home/a b/latchkey"),
            "\"/home/a b/latchkey\""
        );
        assert_eq!(exec_field_program("/x/$HOME/l"), "\"/x/\\\\$HOME/l\"");
        assert_eq!(exec_field_program("/x/100%/l"), "/x/100%%/l");
    }

    /// The keys of a rendered file, in order: what a launcher would see.
    fn keys(text: &str) -> Vec<&str> {
        text.lines()
            .filter_map(|l| l.split_once('=').map(|(k, _)| k))
            .collect()
    }

    const KEYS: [&str; 9] = [
        "Type",
        "Name",
        "Comment",
        "Exec",
        "TryExec",
        "Terminal",
        "NoDisplay",
        "StartupNotify",
        "MimeType",
    ];

    #[test]
    fn a_path_with_a_line_break_is_refused_so_no_key_can_be_injected() {
        for path in [
            "/tmp/a\nb/latchkey",
            "/opt/x\nExec=/bin/sh -c 'touch /tmp/pwned' %u\nX=/latchkey",
            "/tmp/a\rExec=/bin/sh/latchkey",
            "/tmp/a\tb/latchkey",
            "/tmp/a\u{1b}[2J/latchkey",
            "/tmp/a\u{85}b/latchkey",
        ] {
            assert_eq!(
                handler(path).render(),
                Err(DesktopEntryError::PathHasControlCharacter),
                "{path:?}"
            );
            let home = tempfile::tempdir().unwrap();
            assert!(handler(path).install(home.path()).is_err());
            assert!(
                !home.path().join("applications").exists(),
                "nothing is written for a refused path"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_refused_rather_than_mangled() {
        use std::os::unix::ffi::OsStringExt;
        let mut h = handler("/unused");
        h.exec = std::ffi::OsString::from_vec(b"/opt/caf\xe9/latchkey".to_vec()).into();
        assert_eq!(h.render(), Err(DesktopEntryError::PathNotUtf8));
    }

    #[test]
    fn a_path_with_spaces_and_quotes_is_one_quoted_exec_line() {
        let text = handler("/home/a b/it's \"x\"/latchkey").render().unwrap();
        assert!(
            text.contains("\nExec=\"/home/a b/it's \\\\\"x\\\\\"/latchkey\" %u\n"),
            "{text}"
        );
        assert_eq!(keys(&text), KEYS);
    }

    #[test]
    fn a_name_with_a_line_break_is_escaped_not_injected() {
        let mut h = handler("/opt/latchkey");
        h.app_name = "Latch\nExec=/bin/evil %u\\".into();
        let text = h.render().unwrap();
        assert_eq!(keys(&text), KEYS, "{text}");
        assert!(
            text.contains("\nName=Latch\\nExec=/bin/evil %u\\\\\n"),
            "{text}"
        );
        assert!(text.contains("\nExec=/opt/latchkey %u\n"), "{text}");
    }

    #[test]
    fn a_scheme_or_file_name_that_could_escape_its_place_is_refused() {
        let mut h = handler("/opt/latchkey");
        h.scheme = "dev.latchkey;x-scheme-handler/https".into();
        assert_eq!(h.render(), Err(DesktopEntryError::BadScheme));
        let mut h = handler("/opt/latchkey");
        h.file_name = "../../autostart/x.desktop".into();
        let home = tempfile::tempdir().unwrap();
        assert_eq!(
            h.install(home.path()).unwrap_err(),
            DesktopEntryError::BadFileName
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_written_0644_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        for umask in [0o000, 0o077] {
            let home = tempfile::tempdir().unwrap();
            let reg = crate::test_util::with_umask(umask, || {
                handler("/bin/true").install(home.path()).unwrap()
            });
            let mode = std::fs::metadata(reg.desktop_file.unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o7777,
                0o644,
                "never writable by others (who could rewrite Exec), readable by the desktop (umask {umask:o})"
            );
        }
    }

    #[test]
    fn install_writes_the_file_and_reports_missing_tools_as_warnings() {
        let home = tempfile::tempdir().unwrap();
        let reg = handler("/bin/true").install(home.path()).unwrap();
        let file = reg
            .desktop_file
            .expect("the file is written even if tools fail");
        assert_eq!(
            std::fs::read_to_string(file).unwrap(),
            handler("/bin/true").render().unwrap()
        );
    }
}
