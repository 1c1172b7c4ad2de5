//! The user's browser, stood in for: $BROWSER is tests/e2e/fake-browser.py,
//! which loads the sandbox's consent page, presses Approve and hands the
//! redirect to the desktop through xdg-open, as a real browser does.

use std::path::PathBuf;

use latchkey_sandbox::Sandbox;

use super::desktop::{Desktop, Keyring};

fn fake_browser() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fake-browser.py")
}

/// A desktop whose app talks to `sb` with the given OAuth client, and whose
/// browser is the fake one.
pub fn desktop_for(name: &str, sb: &Sandbox, client_id: &str, client_secret: &str) -> Desktop {
    let mut desktop = desktop_with_browser(name, sb);
    desktop.set_env("LATCHKEY_SUPABASE_CLIENT_ID", client_id);
    desktop.set_env("LATCHKEY_SUPABASE_CLIENT_SECRET", client_secret);
    desktop
}

/// A desktop whose app talks to `sb` (Supabase; others as the caller
/// sets), with no OAuth client configured, and whose browser is the fake one.
pub fn desktop_with_browser(name: &str, sb: &Sandbox) -> Desktop {
    let mut desktop = Desktop::start(name, Keyring::Unlocked);
    desktop.set_env("LATCHKEY_SUPABASE_API_URL", sb.base_url());
    desktop.set_env("BROWSER", fake_browser().to_string_lossy());
    let log = desktop.path().join("browser.log");
    desktop.set_env("LATCHKEY_E2E_BROWSER_LOG", log.to_string_lossy());
    make_default_browser(&desktop);
    desktop
}

/// Registers the fake browser as this desktop's http(s) handler, the way a
/// browser registers itself, so xdg-open picks it over any browser installed
/// on the machine (whose desktop file would otherwise win over $BROWSER).
fn make_default_browser(desktop: &Desktop) {
    let apps = desktop.data_home().join("applications");
    std::fs::create_dir_all(&apps).unwrap();
    std::fs::write(
        apps.join("latchkey-e2e-browser.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=E2E browser\nExec={} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
            fake_browser().display()
        ),
    )
    .unwrap();
    for scheme in ["http", "https"] {
        let status = desktop
            .command("xdg-mime")
            .args([
                "default",
                "latchkey-e2e-browser.desktop",
                &format!("x-scheme-handler/{scheme}"),
            ])
            .status()
            .expect("xdg-mime");
        assert!(status.success(), "xdg-mime default for {scheme}");
    }
}

pub fn browser_log(desktop: &Desktop) -> String {
    std::fs::read_to_string(desktop.path().join("browser.log")).unwrap_or_default()
}
