//! Netlify: the definition (data) and the API v1 calls Latchkey makes.

pub mod api;

use super::ProviderDefinition;

pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Netlify definition is valid")
}
