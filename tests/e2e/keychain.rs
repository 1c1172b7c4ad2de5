//! The app's own vault code against a real Secret Service (gnome-keyring on a
//! private bus), checked from outside with `secret-tool`.
//!
//! This is the one E2E test that talks D-Bus from the test process itself,
//! and libdbus reads the session bus address once per process. So it is a
//! single test on a single desktop: first with no Secret Service, then with
//! gnome-keyring started on the same bus.

use std::sync::OnceLock;

use latchkey_core::vault::{Keychain, KeychainError};
use secrecy::{ExposeSecret, SecretString};

use crate::harness::{Desktop, Keyring};

/// Points this process's session bus at `desktop`, once per process.
fn use_bus_of(desktop: &Desktop) {
    static ADDRESS: OnceLock<String> = OnceLock::new();
    let address = desktop
        .env("DBUS_SESSION_BUS_ADDRESS")
        .expect("desktop has a bus");
    let first = ADDRESS.get_or_init(|| {
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address);
        address.to_string()
    });
    assert_eq!(
        first, address,
        "libdbus caches the bus address: only one in-process keychain test per run"
    );
}

fn secret_tool_lookup(desktop: &Desktop, service: &str, account: &str) -> Option<String> {
    let out = desktop
        .command("secret-tool")
        .args(["lookup", "service", service, "username", account])
        .output()
        .expect("run secret-tool");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn vault_says_when_no_secret_service_runs_then_round_trips_through_gnome_keyring() {
    let mut desktop = Desktop::start("vault", Keyring::Absent);
    use_bus_of(&desktop);
    let service = "dev.latchkey.e2e";
    let vault = Keychain::new(service);

    let err = vault
        .set("supabase:acme", &SecretString::from("never stored"))
        .await
        .expect_err("there is nowhere to store it");
    assert_eq!(err, KeychainError::NoSecretService);
    assert!(err.to_string().contains("GNOME Keyring"), "{err}");

    desktop.start_keyring();
    vault
        .set("supabase:acme", &SecretString::from("e2e-secret-value"))
        .await
        .expect("set");
    assert_eq!(
        secret_tool_lookup(&desktop, service, "supabase:acme").as_deref(),
        Some("e2e-secret-value"),
        "the item must really be in gnome-keyring, not in memory"
    );

    let read = vault
        .get("supabase:acme")
        .await
        .expect("get")
        .expect("present");
    assert_eq!(read.expose_secret(), "e2e-secret-value");

    vault.delete("supabase:acme").await.expect("delete");
    assert_eq!(secret_tool_lookup(&desktop, service, "supabase:acme"), None);
    assert!(vault.get("supabase:acme").await.expect("get").is_none());
}
