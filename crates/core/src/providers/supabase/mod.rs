//! Supabase: the definition (data) and the Management API calls Latchkey makes.

pub mod api;

use super::ProviderDefinition;

/// Supabase's built-in definition, pointing at api.supabase.com.
pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Supabase definition is valid")
}
