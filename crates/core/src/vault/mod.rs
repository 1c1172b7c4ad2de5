//! The vault: secrets live in the OS keychain and nowhere else.
//!
//! Invariants:
//! - Every keychain call runs on a blocking thread with a timeout, so a hung
//!   Secret Service (an unanswered unlock prompt, say) never freezes the app.
//! - Calls on one item run one at a time, in the order they were made, each
//!   starting only once the previous one has really finished (a timeout does
//!   not cancel it). So the item always ends up with the last value written;
//!   see [`Keychain`]'s module for the details.
//! - There is no fallback: if the keychain is missing or locked, callers get a
//!   [`KeychainError`] saying so and what to do. Nothing is kept in a plaintext
//!   file or silently in memory instead.
//! - Secret values travel as [`secrecy::SecretString`], whose `Debug` is
//!   redacted, and keyring errors that could carry secret bytes
//!   (`BadEncoding`, `Ambiguous`) are never formatted.

mod classify;
mod keychain;
#[cfg(any(test, feature = "test-support"))]
pub mod memory_store;
mod probe;

pub use classify::KeychainError;
pub use keychain::Keychain;
pub use probe::{KeychainState, KeychainStatus};
