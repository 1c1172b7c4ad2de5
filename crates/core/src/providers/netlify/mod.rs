//! Netlify: the definition (data), the API v1 calls Latchkey makes and the
//! engine's view of them, its screens (`manage`: a site, its deploys and
//! its environment variables) and a site's variables for `lk env pull`.

pub mod account;
pub mod api;
pub mod env;
pub mod manage;

use std::sync::Arc;

use super::account_api::AccountApi;
use super::facts::ProviderAction;
use super::registry::BuiltIn;
use super::ProviderDefinition;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "netlify",
    definition,
    api,
    actions: &[ProviderAction::ProjectDetail],
    env_file: Some(crate::env_file_fn!(env::env_file)),
};

pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Netlify definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::NetlifyApi::new(http, def.api_base_url.clone()))
}
