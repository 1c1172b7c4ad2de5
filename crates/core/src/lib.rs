//! Latchkey's domain logic, kept free of any window toolkit so every rule here
//! compiles and is tested with plain `cargo test`.
//!
//! - [`channel`]: what differs between a release and a debug/test build
//!   (deep-link scheme, app identifier, keychain namespace).
//! - [`deep_link`]: strict parsing of incoming `<scheme>:/…` links.
//! - [`desktop_entry`]: registering the scheme handler on Linux desktops.
//! - [`vault`]: the OS keychain, and nothing but the OS keychain.
//! - [`error`]: the one error shape the UI sees, `{code, message}`.
//! - [`validate`]: the shapes of ids that become URL paths, hosts or
//!   keychain account names.

pub mod api_error;
pub mod channel;
pub mod connect;
pub mod connections;
pub mod deep_link;
pub mod desktop_entry;
pub mod error;
pub mod manage;
pub mod oauth;
pub mod providers;
pub mod status;
pub mod validate;
pub mod vault;
