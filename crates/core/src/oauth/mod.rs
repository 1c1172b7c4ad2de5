//! The provider-agnostic OAuth 2 engine: authorization code + PKCE (S256)
//! through the system browser, for any [`ProviderDefinition`].
//!
//! - [`pkce`]: verifier, challenge and `state` generation (oauth2-rs).
//! - [`flow`]: pending flows, in memory only, single-use, expiring.
//! - [`callback`]: strict parsing of the authorization response.
//!
//! [`ProviderDefinition`]: crate::providers::ProviderDefinition

pub mod callback;
pub mod flow;
pub mod pkce;
