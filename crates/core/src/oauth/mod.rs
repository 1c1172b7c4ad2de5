//! The provider-agnostic OAuth 2 engine: authorization code + PKCE (S256)
//! through the system browser, for any [`ProviderDefinition`].
//!
//! - [`pkce`]: verifier, challenge and `state` generation (oauth2-rs).
//! - [`flow`]: pending flows, in memory only, single-use, expiring.
//! - [`callback`]: strict parsing of the authorization response.
//! - [`authorize`]: the URL the system browser opens.
//! - [`token_client`]: code exchange, refresh and revoke ([`transport`]
//!   sends them through [`crate::net`]).
//! - [`loopback`]: the one-request listener for loopback redirects.
//! - [`tokens`]: the token pair and its one keychain form.
//!
//! [`ProviderDefinition`]: crate::providers::ProviderDefinition

pub mod authorize;
pub mod callback;
pub mod flow;
pub mod loopback;
pub mod pkce;
pub mod token_client;
pub mod tokens;
pub mod transport;
