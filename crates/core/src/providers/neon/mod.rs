//! Neon: the definition (data), the API v2 calls Latchkey makes, the
//! engine's view of them, its screens (`manage`: project creation, a
//! project's branches and connection strings) and a project's variables
//! for `lk env pull` (`env`).

pub mod account;
pub mod api;
pub mod env;
pub mod manage;

use std::sync::Arc;

use super::account_api::{AccountApi, ProjectSummary};
use super::facts::ProviderAction;
use super::registry::BuiltIn;
use super::ProviderDefinition;

pub const BUILT_IN: BuiltIn = BuiltIn {
    id: "neon",
    definition,
    api,
    actions: &[ProviderAction::CreateProject, ProviderAction::ProjectDetail],
    env_file: Some(crate::env_file_fn!(env::env_file)),
};

pub fn definition() -> ProviderDefinition {
    ProviderDefinition::from_toml(include_str!("definition.toml"))
        .expect("the built-in Neon definition is valid")
}

fn api(def: &ProviderDefinition, http: reqwest::Client) -> Arc<dyn AccountApi> {
    Arc::new(api::NeonApi::new(http, def.api_base_url.clone()))
}

/// Where the list puts projects that belong to no organization.
const PERSONAL: &str = "Personal";

/// A Neon project as every screen shows it, in `group` (its organization's
/// name, [`PERSONAL`], or `None` when not known). Neon reports no project
/// state in its list: a listed project is usable.
fn summary(p: api::Project, group: Option<String>) -> ProjectSummary {
    ProjectSummary {
        reference: p.id,
        name: p.name,
        region: Some(p.region_id),
        url: None,
        status: "ACTIVE".into(),
        created_at: p.created_at,
        group,
    }
}
