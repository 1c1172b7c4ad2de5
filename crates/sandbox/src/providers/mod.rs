//! Providers other than Supabase, each served under its own path prefix on
//! the same listener: Neon under [`neon::PREFIX`] (`/neon`), Netlify under
//! [`netlify::PREFIX`] (`/netlify`). Supabase keeps the root.
//!
//! The real providers live on several hosts (Neon: oauth2.neon.tech and
//! console.neon.tech; Netlify: app.netlify.com and api.netlify.com). One
//! prefix per provider lets a single base URL serve them all: a client points
//! each provider's origin at `<base>/<prefix>`.
//!
//! Layout: `store` (their records, not persisted), `grants` (codes, tokens,
//! rotation, revocation), `consent` (the authorize front half shared by
//! both: trusted-target check, consent page, decision, pre-approval),
//! `guard` (bearer authentication and rate limit for their APIs), `admin`
//! (their admin-listener controls), `seed` (demo data), `neon/`,
//! `netlify/` (their wire formats).
//!
//! Why a separate store: Supabase's state file keeps its format, and
//! nothing here needs to survive a restart.
//!
//! Invariants: error bodies follow each provider's documented shape
//! (`{code, message}` with a string code for Neon, an integer code for
//! Netlify); the fault layer picks the shape by path prefix through
//! `fault_error`. Tokens and codes are stored as digests only.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::state::AppState;

pub(crate) mod admin;
pub(crate) mod consent;
pub(crate) mod grants;
pub(crate) mod guard;
pub mod neon;
pub mod netlify;
pub(crate) mod seed;
pub(crate) mod store;

/// A provider hosted under a path prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Neon,
    Netlify,
}

impl Provider {
    /// The path prefix, e.g. `/neon`.
    pub fn prefix(self) -> &'static str {
        match self {
            Provider::Neon => neon::PREFIX,
            Provider::Netlify => netlify::PREFIX,
        }
    }

    /// The brand shown on the consent and error pages.
    pub fn brand(self) -> &'static str {
        match self {
            Provider::Neon => "Neon",
            Provider::Netlify => "Netlify",
        }
    }

    /// The provider whose prefix `path` starts with.
    pub fn of_path(path: &str) -> Option<Provider> {
        [Provider::Neon, Provider::Netlify].into_iter().find(|p| {
            path.strip_prefix(p.prefix())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .merge(neon::router(state.clone()))
        .merge(netlify::router(state))
}

/// The error body a provider's API answers with, for the fault layer and
/// the fallbacks: `None` for paths outside every prefix (Supabase's shape).
pub(crate) fn fault_error(path: &str, status: StatusCode, message: &str) -> Option<Response> {
    match Provider::of_path(path)? {
        Provider::Neon => Some(neon::error::NeonError::new(status, message).response()),
        Provider::Netlify => Some(netlify::error::NetlifyError::new(status, message).response()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments() {
        assert_eq!(
            Provider::of_path("/neon/api/v2/projects"),
            Some(Provider::Neon)
        );
        assert_eq!(Provider::of_path("/neon"), Some(Provider::Neon));
        assert_eq!(Provider::of_path("/neonx/a"), None);
        assert_eq!(
            Provider::of_path("/netlify/authorize"),
            Some(Provider::Netlify)
        );
        assert_eq!(Provider::of_path("/v1/projects"), None);
    }
}
