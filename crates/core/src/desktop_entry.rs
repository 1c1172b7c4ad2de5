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
//! Registration never stops the app: each failed step becomes a warning.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone)]
pub struct SchemeHandler {
    /// Shown by launchers and "open with" dialogs.
    pub app_name: String,
    /// Absolute path of the executable that receives the link.
    pub exec: PathBuf,
    pub scheme: String,
    /// File name under `$XDG_DATA_HOME/applications`.
    pub file_name: String,
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

    /// The `.desktop` file's text.
    pub fn render(&self) -> String {
        format!(
            "[Desktop Entry]\n\
             Type=Application\n\
             Name={name}\n\
             Comment=Opens {scheme}: links in {name}\n\
             Exec={exec} %u\n\
             Terminal=false\n\
             NoDisplay=true\n\
             StartupNotify=false\n\
             MimeType={mime};\n",
            name = self.app_name,
            scheme = self.scheme,
            exec = exec_field_program(&self.exec.to_string_lossy()),
            mime = self.mime_type(),
        )
    }

    /// Writes the file under `data_home/applications`, refreshes the desktop
    /// database and makes it the default for the scheme (`xdg-mime` writes
    /// `$XDG_CONFIG_HOME/mimeapps.list`).
    pub fn install(&self, data_home: &Path) -> Registration {
        let mut reg = Registration::default();
        let dir = data_home.join("applications");
        match write_atomically(&dir, &self.file_name, &self.render()) {
            Ok(path) => reg.desktop_file = Some(path),
            Err(err) => {
                reg.warnings.push(format!(
                    "could not write {}: {err}",
                    dir.join(&self.file_name).display()
                ));
                return reg;
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
        reg
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

fn write_atomically(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, &target)?;
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
        let text = handler("/opt/latchkey/bin/latchkey").render();
        assert!(
            text.contains("\nExec=/opt/latchkey/bin/latchkey %u\n"),
            "{text}"
        );
        assert!(text.contains("\nMimeType=x-scheme-handler/dev.latchkey.debug;\n"));
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

    #[test]
    fn install_writes_the_file_and_reports_missing_tools_as_warnings() {
        let home = tempfile::tempdir().unwrap();
        let reg = handler("/bin/true").install(home.path());
        let file = reg
            .desktop_file
            .expect("the file is written even if tools fail");
        assert_eq!(
            std::fs::read_to_string(file).unwrap(),
            handler("/bin/true").render()
        );
    }
}
