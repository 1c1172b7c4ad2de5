//! The one list of built-in providers, and the lookup the engine uses.
//!
//! A provider is a definition (data: [`ProviderDefinition`]) plus, for a
//! built-in one, the code data cannot say: its API client and the screens
//! its folder implements ([`BuiltIn`]). Adding a provider is a folder under
//! `providers/` and one line in [`built_in`]. Nothing outside this module
//! pairs a provider id with code: the engine asks the registry for "the
//! API of this connection's provider", and a provider's own management code
//! asks for its client by type ([`Registry::api_of`]).

use std::sync::Arc;

use futures::future::BoxFuture;

use super::account_api::AccountApi;
use super::facts::{ProviderAction, ProviderInfo};
use super::user_defined::UserInfoApi;
use super::{neon, netlify, supabase, ProviderDefinition};
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;

/// Writes a project's variables as `KEY=value` lines, the secret ones only
/// when asked (`lk env pull`).
pub type EnvFileFn = for<'a> fn(
    &'a Connections,
    &'a ConnectionId,
    &'a str,
    bool,
) -> BoxFuture<'a, Result<String, ConnectError>>;

/// An [`EnvFileFn`] from a provider's `async fn(connections, id, project,
/// with_secret) -> Result<String, ConnectError>`: the boxing every provider
/// would otherwise write out.
#[macro_export]
macro_rules! env_file_fn {
    ($f:path) => {{
        fn boxed<'a>(
            connections: &'a $crate::connect::Connections,
            id: &'a $crate::connections::ConnectionId,
            project: &'a str,
            with_secret: bool,
        ) -> futures::future::BoxFuture<'a, Result<String, $crate::connect::ConnectError>> {
            Box::pin($f(connections, id, project, with_secret))
        }
        boxed
    }};
}

/// The code a built-in provider adds to its definition.
pub struct BuiltIn {
    pub id: &'static str,
    pub definition: fn() -> ProviderDefinition,
    /// Its API client, for its definition as configured (endpoints moved).
    pub api: fn(&ProviderDefinition, reqwest::Client) -> Arc<dyn AccountApi>,
    /// The screens beyond the list that its folder implements.
    pub actions: &'static [ProviderAction],
    /// How a project's variables are written, where the provider has them.
    pub env_file: Option<EnvFileFn>,
}

/// Every provider this build knows, in the order the Connect panel shows them.
pub fn built_in() -> Vec<BuiltIn> {
    vec![supabase::BUILT_IN, neon::BUILT_IN, netlify::BUILT_IN]
}

/// Each built-in definition, pointing at the real services.
pub fn built_in_definitions() -> Vec<ProviderDefinition> {
    built_in().iter().map(|b| (b.definition)()).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("Latchkey does not know the provider {0:?}.")]
    Unknown(String),
    #[error("This is not available for {0} connections.")]
    Unsupported(String),
}

/// One configured provider.
pub struct Provider {
    pub definition: ProviderDefinition,
    api: Arc<dyn AccountApi>,
    actions: &'static [ProviderAction],
    env_file: Option<EnvFileFn>,
    user_defined: bool,
}

impl Provider {
    /// Defined by the user as data ([`super::user_defined`]): it connects,
    /// and has no screens beyond its connection.
    pub fn is_user_defined(&self) -> bool {
        self.user_defined
    }

    /// How this provider writes a project's variables, if it can.
    pub fn env_file(&self) -> Option<EnvFileFn> {
        self.env_file
    }

    pub fn info(&self) -> ProviderInfo {
        let def = &self.definition;
        ProviderInfo {
            id: def.id.clone(),
            display_name: def.display_name.clone(),
            blurb: def.words.blurb.clone(),
            featured: def.words.featured,
            covers: def.covers,
            group_noun: def.words.group_noun.clone(),
            item_noun: def.words.item_noun.clone(),
            actions: self.actions.to_vec(),
            user_defined: self.is_user_defined(),
            personal_token: def.personal_token.clone(),
        }
    }
}

/// The providers of this run, each with its API client.
pub struct Registry {
    providers: Vec<Provider>,
}

impl Registry {
    /// Pairs each definition with its built-in code by id; a definition no
    /// built-in claims is a user-defined provider, which learns who a grant
    /// covers from its `userinfo_url`.
    pub fn new(definitions: Vec<ProviderDefinition>, http: reqwest::Client) -> Self {
        let code = built_in();
        let providers = definitions
            .into_iter()
            .map(|definition| {
                let built = code.iter().find(|b| b.id == definition.id);
                let api = match built {
                    Some(b) => (b.api)(&definition, http.clone()),
                    None => Arc::new(UserInfoApi::new(
                        http.clone(),
                        definition.userinfo_url.clone(),
                        definition.display_name.clone(),
                    )),
                };
                Provider {
                    api,
                    actions: built.map_or(&[], |b| b.actions),
                    env_file: built.and_then(|b| b.env_file),
                    user_defined: built.is_none(),
                    definition,
                }
            })
            .collect();
        Self { providers }
    }

    pub fn get(&self, id: &str) -> Result<&Provider, RegistryError> {
        self.providers
            .iter()
            .find(|p| p.definition.id == id)
            .ok_or_else(|| RegistryError::Unknown(id.to_owned()))
    }

    pub fn definition(&self, id: &str) -> Result<&ProviderDefinition, RegistryError> {
        Ok(&self.get(id)?.definition)
    }

    pub fn definitions(&self) -> impl Iterator<Item = &ProviderDefinition> {
        self.providers.iter().map(|p| &p.definition)
    }

    /// What the UI shows about each provider, in the registry's order.
    pub fn infos(&self) -> Vec<ProviderInfo> {
        self.providers.iter().map(Provider::info).collect()
    }

    /// The provider's API as the engine sees it.
    pub fn api(&self, id: &str) -> Result<&dyn AccountApi, RegistryError> {
        Ok(self.get(id)?.api.as_ref())
    }

    /// The provider's own client, by type: how Supabase's management code
    /// reaches `SupabaseApi` without naming an id. Another provider's
    /// connection gets a clear "not available".
    pub fn api_of<T: 'static>(&self, id: &str) -> Result<&T, RegistryError> {
        let unsupported = || {
            RegistryError::Unsupported(
                self.get(id)
                    .map_or_else(|_| id.to_owned(), |p| p.definition.display_name.clone()),
            )
        };
        self.api(id)?
            .as_any()
            .downcast_ref::<T>()
            .ok_or_else(unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::new(built_in_definitions(), crate::net::client())
    }

    #[test]
    fn every_built_in_definition_loads_with_its_own_id() {
        for b in built_in() {
            assert_eq!((b.definition)().id, b.id);
        }
        let ids: Vec<String> = registry().infos().into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["supabase", "neon", "netlify"]);
    }

    #[test]
    fn a_providers_own_client_is_reached_by_type_and_refused_for_another() {
        let r = registry();
        assert!(r.api_of::<supabase::api::SupabaseApi>("supabase").is_ok());
        assert_eq!(
            r.api_of::<supabase::api::SupabaseApi>("neon").err(),
            Some(RegistryError::Unsupported("Neon".into()))
        );
        assert_eq!(
            r.api("nope").err(),
            Some(RegistryError::Unknown("nope".into()))
        );
    }

    #[test]
    fn a_definition_no_built_in_claims_is_user_defined_with_no_screens() {
        let mut def = supabase::definition();
        def.id = "acme-sso".into();
        def.display_name = "Acme SSO".into();
        let r = Registry::new(vec![def], crate::net::client());
        let info = &r.infos()[0];
        assert!(info.user_defined && info.actions.is_empty(), "{info:?}");
        assert_eq!(
            r.api_of::<supabase::api::SupabaseApi>("acme-sso").err(),
            Some(RegistryError::Unsupported("Acme SSO".into())),
            "a copy of a built-in's definition under another id gets none of its code"
        );
    }

    #[test]
    fn the_ui_learns_what_a_connection_covers_and_which_screens_exist() {
        use crate::providers::facts::ConnectionCovers;
        let infos = registry().infos();
        let by = |id: &str| infos.iter().find(|i| i.id == id).unwrap().clone();
        let (supabase, neon, netlify) = (by("supabase"), by("neon"), by("netlify"));
        assert_eq!(supabase.covers, ConnectionCovers::Organization);
        assert_eq!(neon.covers, ConnectionCovers::User);
        assert!(supabase.featured && !neon.featured && !netlify.featured);
        assert_eq!(
            supabase.actions,
            [ProviderAction::CreateProject, ProviderAction::ProjectDetail]
        );
        assert_eq!(
            neon.actions,
            [ProviderAction::CreateProject, ProviderAction::ProjectDetail]
        );
        assert_eq!(netlify.actions, [ProviderAction::ProjectDetail]);
        assert_eq!(netlify.item_noun, ["site", "sites"]);
        assert_eq!(netlify.group_noun, ["account", "accounts"]);
        assert_eq!(neon.group_noun, ["organization", "organizations"]);
        for info in &infos {
            assert!(!info.blurb.is_empty() && !info.user_defined, "{info:?}");
        }
    }
}
