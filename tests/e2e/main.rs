//! End-to-end tests: the real app binary in a real WebKitGTK window under
//! Xvfb, driven by tauri-driver + WebKitWebDriver, with a private D-Bus
//! session, a throwaway gnome-keyring and fresh XDG directories per test.
//!
//! They are `#[ignore]`d so a bare `cargo test` on a machine without a display
//! stack reports them as ignored rather than failing; `scripts/test` runs them
//! with `--ignored --test-threads=1`, and there a missing dependency fails the
//! test instead of skipping it. One test at a time: each starts a whole
//! desktop, and the vault tests point this process's D-Bus address at it.

mod harness;

mod broker;
mod cli;
mod connect;
mod crash_recovery;
mod deep_links;
mod junk_links;
mod keychain;
mod keychain_locked;
mod manage;
mod manual_answer;
mod networks;
mod personal_tokens;
mod platform_screens;
mod single_flight;
mod user_defined;
mod window;
