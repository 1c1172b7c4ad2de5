//! Provider definitions (data) and the small per-provider pieces that cannot
//! be data: each provider's API client.

pub mod api;
mod bearer;
pub mod definition;
pub mod neon;
pub mod netlify;
pub mod supabase;

pub use definition::{ClientAuth, DefinitionError, ProviderDefinition, RedirectMode, RevokeBody};

/// Every provider this build knows, pointing at the real services.
pub fn built_in() -> Vec<ProviderDefinition> {
    vec![
        supabase::definition(),
        neon::definition(),
        netlify::definition(),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_definition_loads_with_its_own_redirect_path() {
        let ids: Vec<String> = super::built_in().into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["supabase", "neon", "netlify"]);
        let neon = super::neon::definition();
        assert!(neon.pkce && neon.scope_param().unwrap().contains("offline_access"));
        let netlify = super::netlify::definition();
        assert!(!netlify.pkce && !netlify.refresh && netlify.revoke_url.is_none());
    }

    #[test]
    fn the_built_in_supabase_definition_loads() {
        let def = super::supabase::definition();
        assert_eq!(def.id, "supabase");
        assert_eq!(def.organization_param.as_deref(), Some("organization_slug"));
        assert!(def.pkce && def.refresh);
    }
}
