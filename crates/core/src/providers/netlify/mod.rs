//! Netlify: the definition (data), the API v1 calls Latchkey makes and the
//! engine's view of them, and a site's variables for `lk env pull`. No
//! management screens yet.

pub mod account;
pub mod api;
pub mod env;

use std::sync::Arc;

use futures::future::BoxFuture;

use super::account_api::AccountApi;
use super::registry::BuiltIn;
use super::ProviderDefinition;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "netlify",
    definition,
    api,
    actions: &[],
    env_file: Some(env_file),
};

fn env_file<'a>(
    connections: &'a Connections,
    id: &'a ConnectionId,
    site: &'a str,
    with_secret: bool,
) -> BoxFuture<'a, Result<String, ConnectError>> {
    Box::pin(env::env_file(connections, id, site, with_secret))
}

pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Netlify definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::NetlifyApi::new(http, def.api_base_url.clone()))
}
