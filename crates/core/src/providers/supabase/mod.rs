//! Supabase: the definition (data), the Management API calls Latchkey
//! makes, the engine's view of them, and the management screens' operations
//! (`manage/`: project detail, create, Auth SMTP, API keys, the database
//! password).

pub mod account;
pub mod api;
pub mod manage;

use std::sync::Arc;

use super::account_api::AccountApi;
use super::facts::ProviderAction;
use super::registry::BuiltIn;
use super::ProviderDefinition;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "supabase",
    definition,
    api,
    actions: &[ProviderAction::CreateProject, ProviderAction::ProjectDetail],
    // `SUPABASE_URL` and the publishable key, the secret ones only when asked.
    env_file: Some(crate::env_file_fn!(manage::api_keys::env_file)),
};

/// Supabase's built-in definition, pointing at api.supabase.com.
pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Supabase definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::SupabaseApi::new(http, def.api_base_url.clone()))
}
