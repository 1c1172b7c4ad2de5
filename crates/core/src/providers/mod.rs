//! Providers: each one a folder (`supabase/`, `neon/`, `netlify/`) holding
//! its definition (data), its API client, the engine's view of that client
//! ([`account_api::AccountApi`]) and its own management operations. The
//! [`registry`] is the one list that names them.

pub mod access;
pub mod account_api;
pub mod definition;
pub mod facts;
pub mod neon;
pub mod netlify;
pub mod overrides;
pub mod registry;
pub mod supabase;
pub mod user_defined;

pub use access::Access;
pub use account_api::{AccountApi, Identity, ProjectSummary};
pub use definition::{ClientAuth, DefinitionError, ProviderDefinition, RedirectMode, RevokeBody};
pub use facts::{ConnectionCovers, PersonalTokenFacts, ProviderAction, ProviderInfo};
pub use registry::{built_in_definitions, Registry, RegistryError};

/// Every provider of this run: the built-in ones, then the user's from
/// `user_dir` ([`user_defined`]), each as the environment configures it
/// ([`overrides`]); and what was wrong with the user's files that were skipped.
pub fn configured(
    user_dir: &std::path::Path,
    env: impl Fn(&str) -> Option<String>,
) -> (Vec<ProviderDefinition>, Vec<user_defined::Problem>) {
    let built_in = registry::built_in();
    let taken: Vec<&str> = built_in.iter().map(|b| b.id).collect();
    let (users, problems) = user_defined::load_dir(user_dir, &taken);
    let defs = built_in
        .iter()
        .map(|b| (b.definition)())
        .chain(users)
        .map(|def| overrides::apply(def, &env))
        .collect();
    (defs, problems)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_definitions_say_how_each_provider_signs_in() {
        let neon = super::neon::definition();
        assert!(neon.pkce && neon.scope_param().unwrap().contains("offline_access"));
        let netlify = super::netlify::definition();
        assert!(!netlify.pkce && !netlify.refresh && netlify.revoke_url.is_none());
        let supabase = super::supabase::definition();
        assert_eq!(
            supabase.organization_param.as_deref(),
            Some("organization_slug")
        );
        assert!(supabase.pkce && supabase.refresh);
    }
}
