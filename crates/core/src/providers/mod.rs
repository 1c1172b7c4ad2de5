//! Provider definitions (data) and the small per-provider pieces that cannot
//! be data: each provider's API client.

pub mod api;
pub mod definition;
pub mod supabase;

pub use definition::{ClientAuth, DefinitionError, ProviderDefinition, RedirectMode, RevokeBody};

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_supabase_definition_loads() {
        let def = super::supabase::definition();
        assert_eq!(def.id, "supabase");
        assert_eq!(def.organization_param.as_deref(), Some("organization_slug"));
        assert!(def.pkce && def.refresh);
    }
}
