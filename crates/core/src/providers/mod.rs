//! Provider definitions (data) and the small per-provider pieces that cannot
//! be data (API clients, added with each provider).

pub mod definition;

pub use definition::{ClientAuth, DefinitionError, ProviderDefinition, RedirectMode, RevokeBody};

/// Supabase's built-in definition, pointing at api.supabase.com.
pub fn supabase() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("supabase.toml"))
        .expect("the built-in Supabase definition is valid")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_supabase_definition_loads() {
        let def = super::supabase();
        assert_eq!(def.id, "supabase");
        assert_eq!(def.organization_param.as_deref(), Some("organization_slug"));
        assert!(def.pkce && def.refresh);
    }
}
