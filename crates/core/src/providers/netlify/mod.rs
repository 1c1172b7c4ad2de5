//! Netlify: the definition (data), the API v1 calls Latchkey makes and the
//! engine's view of them. No management screens yet.

pub mod account;
pub mod api;

use std::sync::Arc;

use super::account_api::AccountApi;
use super::registry::BuiltIn;
use super::ProviderDefinition;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "netlify",
    definition,
    api,
    actions: &[],
    env_file: None,
};

pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Netlify definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::NetlifyApi::new(http, def.api_base_url.clone()))
}
