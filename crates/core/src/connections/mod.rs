//! Connections: one per (provider, account). Secrets (the token pair)
//! live in the keychain; everything else a screen shows lives in a plain JSON
//! file ([`metadata`]). [`session`] hands out fresh access tokens.

pub mod id;
pub mod metadata;
pub mod refresh_lock;
pub mod session;
pub mod source;

pub use id::ConnectionId;
pub use source::ConnectionSource;
