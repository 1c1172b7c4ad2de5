//! The pieces every E2E test stands on.

mod browser;
mod desktop;
mod session;
mod tools;

pub use browser::{browser_log, desktop_for, desktop_with_browser};
pub use desktop::{Desktop, Keyring};
pub use session::AppSession;
pub use tools::{app_binary, cli_binary, wait_until};
