//! Supabase: the definition (data), the Management API calls Latchkey
//! makes, the engine's view of them, and the management screens' operations
//! (`manage/`: project detail, create, Auth SMTP, API keys, the database
//! password).

pub mod account;
pub mod api;
pub mod manage;

use std::sync::Arc;

use futures::future::BoxFuture;

use super::account_api::AccountApi;
use super::facts::ProviderAction;
use super::registry::BuiltIn;
use super::ProviderDefinition;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "supabase",
    definition,
    api,
    actions: &[ProviderAction::CreateProject, ProviderAction::ProjectDetail],
    env_file: Some(env_file),
};

/// `SUPABASE_URL` and the publishable key, the secret key only when asked.
fn env_file<'a>(
    connections: &'a Connections,
    id: &'a ConnectionId,
    project: &'a str,
    with_secret: bool,
) -> BoxFuture<'a, Result<String, ConnectError>> {
    Box::pin(manage::api_keys::env_file(
        connections,
        id,
        project,
        with_secret,
    ))
}

/// Supabase's built-in definition, pointing at api.supabase.com.
pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Supabase definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::SupabaseApi::new(http, def.api_base_url.clone()))
}
