//! The pieces every E2E test stands on.

mod desktop;
mod session;
mod tools;

pub use desktop::{Desktop, Keyring};
pub use session::AppSession;
pub use tools::{app_binary, cli_binary, wait_until};
