//! Latchkey's domain logic, kept free of any window toolkit so every rule here
//! compiles and is tested with plain `cargo test`.
//!
//! - [`connect`]: what a user does: sign in, use a connection, disconnect,
//!   over the provider [`providers::Registry`].
//! - [`providers`]: one folder per provider (definition as data, API client,
//!   its own management screens' operations) and the one registry list;
//!   providers a user defines in TOML.
//! - [`oauth`]: the provider-agnostic engine (PKCE, flows, callbacks, the
//!   token client, the loopback listener).
//! - [`connections`]: connection ids, the metadata file, the session that
//!   hands out fresh tokens with single-flight refresh.
//! - [`manage`]: what every provider's screens share (the project list).
//! - [`net`]: the one HTTP client, bounded bodies, provider API errors.
//! - [`envfile`]: merging variables into a private `.env` file.
//! - [`channel`]: what differs between a release and a debug/test build
//!   (deep-link scheme, app identifier, keychain namespace).
//! - [`deep_link`]: strict parsing of incoming `<scheme>:/…` links.
//! - [`desktop_entry`]: registering the scheme handler on Linux desktops.
//! - [`vault`]: the OS keychain, and nothing but the OS keychain.
//! - [`error`]: the one error shape the UI sees, `{code, message}`.
//! - [`logging`]: the log filter, which keeps dependencies' message bodies
//!   out of the log whatever `RUST_LOG` says.
//! - [`validate`]: the shapes of ids that become URL paths, hosts or
//!   keychain account names.

pub mod channel;
pub mod connect;
pub mod connections;
pub mod deep_link;
pub mod desktop_entry;
pub mod envfile;
pub mod error;
pub mod logging;
pub mod manage;
pub mod net;
pub mod oauth;
pub mod providers;
pub mod status;
pub mod validate;
pub mod vault;

/// Helpers shared by unit tests.
#[cfg(test)]
pub(crate) mod test_util {
    /// Runs `f` with the process umask set to `mask`. The umask is
    /// process-wide, so tests that set it take turns.
    #[cfg(unix)]
    pub(crate) fn with_umask<R>(mask: libc::mode_t, f: impl FnOnce() -> R) -> R {
        static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: umask only swaps the process's mask; it cannot fail.
        let old = unsafe { libc::umask(mask) };
        let out = f();
        unsafe { libc::umask(old) };
        out
    }
}
