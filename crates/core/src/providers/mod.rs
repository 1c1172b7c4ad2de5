//! Providers: each one a folder (`supabase/`, `neon/`, `netlify/`) holding
//! its definition (data), its API client, the engine's view of that client
//! ([`account_api::AccountApi`]) and its own management operations. The
//! [`registry`] is the one list that names them.

pub mod access;
pub mod account_api;
pub mod definition;
pub mod facts;
pub mod neon;
pub mod netlify;
pub mod overrides;
pub mod registry;
pub mod supabase;

pub use access::Access;
pub use account_api::{AccountApi, Identity, ProjectSummary};
pub use definition::{ClientAuth, DefinitionError, ProviderDefinition, RedirectMode, RevokeBody};
pub use facts::{ConnectionCovers, ProviderAction, ProviderInfo};
pub use registry::{built_in_definitions, Registry, RegistryError};

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_definitions_say_how_each_provider_signs_in() {
        let neon = super::neon::definition();
        assert!(neon.pkce && neon.scope_param().unwrap().contains("offline_access"));
        let netlify = super::netlify::definition();
        assert!(!netlify.pkce && !netlify.refresh && netlify.revoke_url.is_none());
        let supabase = super::supabase::definition();
        assert_eq!(
            supabase.organization_param.as_deref(),
            Some("organization_slug")
        );
        assert!(supabase.pkce && supabase.refresh);
    }
}
