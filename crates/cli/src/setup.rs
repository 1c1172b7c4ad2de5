//! The real connector, configured as the app configures its own: the same
//! build channel (a debug `lk` talks to the debug keychain service and data
//! directory, never to an installed release copy's), the same directories
//! (Tauri's `app_data_dir` and `app_config_dir` are the platform data and
//! config directories joined with the app identifier), the same provider
//! definitions and environment overrides.

use std::path::PathBuf;

use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::connections::session::system_clock;
use latchkey_core::providers::user_defined::Problem;
use latchkey_core::vault::Keychain;

pub struct Setup {
    pub connector: Connector,
    /// User-defined provider files that were skipped.
    pub problems: Vec<Problem>,
}

fn app_dir(base: Option<PathBuf>, channel: Channel) -> Result<PathBuf, String> {
    base.map(|b| b.join(channel.identifier()))
        .ok_or_else(|| "lk cannot tell where your home directory is: set HOME.".to_owned())
}

pub fn connector() -> Result<Setup, String> {
    let channel = Channel::current();
    let data_dir = app_dir(dirs::data_dir(), channel)?;
    let config_dir = app_dir(dirs::config_dir(), channel)?;
    let (mut definitions, problems) =
        latchkey_core::providers::configured(&config_dir.join("providers"), |name| {
            std::env::var(name).ok()
        });
    // A terminal receives no deep link (the window would, and ignore it):
    // `lk connect` listens on the loopback redirect instead, where the
    // provider has one.
    for def in &mut definitions {
        if def.loopback_port.is_some() {
            def.redirect_mode = latchkey_core::providers::RedirectMode::Loopback;
        }
    }
    let connector = Connector::new(
        channel,
        definitions,
        Keychain::new(channel.keychain_service()),
        &data_dir,
        // The proxy the app's Settings saved, or the environment's.
        latchkey_core::net::client_for(
            latchkey_core::net::REQUEST_TIMEOUT,
            &latchkey_core::net::NetworkSettings::load(&config_dir),
        ),
        system_clock(),
    );
    Ok(Setup {
        connector,
        problems,
    })
}
