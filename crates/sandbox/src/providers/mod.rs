//! The registry: the one list of emulated providers (only `admin.rs` and
//! `sandbox.rs`, which hold every provider's controls, also name them).
//!
//! Each provider lives in `providers/<id>/`: its profile of the OAuth engine
//! (`oauth.rs`), its API and its demo data. Supabase keeps the root of the listener; every other provider is served under a
//! path prefix, because the real ones live on several hosts (Neon:
//! oauth2.neon.tech and console.neon.tech; Netlify: app.netlify.com and
//! api.netlify.com). One prefix per provider lets a single base URL serve
//! them all: a client points each provider's origin at `<base>/<prefix>`.
//!
//! Invariants: error bodies under a prefix are that provider's shape (the
//! fault layer and the fallbacks ask [`error_for_path`]); each provider has
//! its own OAuth store, so a token of one opens no other's API; only
//! [`PERSISTED`] is written to the state file.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::oauth_server::profile::P;
use crate::oauth_server::store::OAuthStore;
use crate::state::AppState;
use plain::PlainConfig;
use Provider::{Neon, Netlify, Plain, Supabase};

pub mod neon;
pub mod netlify;
pub mod plain;
pub mod supabase;

/// An emulated provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Supabase,
    Neon,
    Netlify,
    /// A plain RFC 6749 server, standing for providers a user defines.
    Plain,
}

/// Every provider, in the order their routes are mounted.
const ALL: [Provider; 4] = [Supabase, Neon, Netlify, Plain];

/// The provider whose records and OAuth store the state file holds.
pub(crate) const PERSISTED: Provider = Supabase;

impl Provider {
    pub(crate) fn profile(self) -> P {
        match self {
            Supabase => &supabase::oauth::PROFILE,
            Neon => &neon::oauth::PROFILE,
            Netlify => &netlify::oauth::PROFILE,
            Plain => &plain::oauth::PROFILE,
        }
    }

    /// The id used in admin paths (`/admin/{id}/...`), e.g. `neon`.
    pub fn id(self) -> &'static str {
        match self {
            Supabase => "supabase",
            Neon => "neon",
            Netlify => "netlify",
            Plain => "plain",
        }
    }

    pub fn from_id(id: &str) -> Option<Provider> {
        ALL.into_iter().find(|p| p.id() == id)
    }

    /// The path prefix, e.g. `/neon`; empty for Supabase.
    pub fn prefix(self) -> &'static str {
        self.profile().meta().prefix
    }

    /// The brand shown on the consent and error pages.
    pub fn brand(self) -> &'static str {
        self.profile().brand()
    }

    /// The prefixed provider whose prefix `path` starts with.
    pub fn of_path(path: &str) -> Option<Provider> {
        ALL.into_iter().find(|p| {
            let rest = path.strip_prefix(p.prefix());
            !p.prefix().is_empty() && rest.is_some_and(|r| r.is_empty() || r.starts_with('/'))
        })
    }
}

/// The other providers' records, in memory only (they start from their
/// demo data at every start).
pub(crate) struct Data {
    pub neon: neon::data::Data,
    pub netlify: netlify::data::Data,
    pub plain: PlainConfig,
}

/// Every non-persisted provider's OAuth store and records, from demo data.
pub(crate) fn demo(now: SystemTime, plain: PlainConfig) -> (HashMap<Provider, OAuthStore>, Data) {
    let (neon_oauth, neon) = neon::data::demo(now);
    let (netlify_oauth, netlify) = netlify::data::demo(now);
    let stores = HashMap::from([
        (Neon, neon_oauth),
        (Netlify, netlify_oauth),
        (Plain, plain::demo()),
    ]);
    let data = Data {
        neon,
        netlify,
        plain,
    };
    (stores, data)
}

/// Every provider's routes.
pub(crate) fn router(app: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .merge(supabase::router(app.clone()))
        .merge(neon::router(app.clone()))
        .merge(netlify::router(app.clone()))
        .merge(plain::router(app))
}

/// An error in the shape of the provider that owns `path` (Supabase's
/// `{"message"}` outside every prefix).
pub(crate) fn error_for_path(path: &str, status: StatusCode, message: &str) -> Response {
    profile_for_path(path).api_error(status, message)
}

/// The profile whose routes hold `path` (Supabase's for the rest).
pub(crate) fn profile_for_path(path: &str) -> P {
    Provider::of_path(path).unwrap_or(PERSISTED).profile()
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
