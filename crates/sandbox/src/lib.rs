//! A local, faithful emulator of the OAuth servers and APIs Latchkey talks
//! to: Supabase (at the root), Neon (`/neon`), Netlify (`/netlify`), and a
//! plain RFC 6749 server (`/plain`) standing for providers a user defines.
//!
//! Start one in-process for tests:
//!
//! ```no_run
//! # async fn demo() -> Result<(), latchkey_sandbox::SandboxError> {
//! use latchkey_sandbox::{Sandbox, Seed};
//! let sb = Sandbox::builder().seed(Seed::demo()).admin().start().await?;
//! let api = sb.base_url();          // "http://127.0.0.1:PORT"
//! let client = sb.demo_client();    // id, secret, redirect URIs
//! # let _ = (api, client);
//! sb.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! or as a process: `latchkey-sandbox --port 54321 --admin-port 54322`
//! (see docs/sandbox.md).
//!
//! Layout: `oauth_server/` is the one OAuth server engine; `providers/<id>/`
//! holds each provider's profile of it and its API, and `providers/mod.rs`
//! is the one list of providers; the other modules are shared plumbing.

mod admin;
mod builder;
pub mod clock;
pub mod error;
pub mod faults;
mod ids;
pub mod late_proxy;
pub mod network;
pub mod oauth_server;
mod params;
mod persist;
pub mod providers;
mod rate_limit;
mod sandbox;
mod server;
mod state;

pub use admin::{GrantInfo, PreApprove, SettingsPatch};
pub use builder::SandboxBuilder;
pub use clock::{Clock, ClockError, ManualClock, SystemClock};
pub use error::{ApiError, SandboxError};
pub use faults::{ActiveFault, FaultRule};
pub use oauth_server::model::Decision;
pub use providers::neon::data::{
    NEON_DEMO_API_KEY, NEON_DEMO_CLIENT_ID, NEON_DEMO_USER_ID, NEON_ORG_ENGINES, NEON_ORG_PERSONAL,
    NEON_PERSONAL_PROJECT, NEON_SCOPES,
};
pub use providers::netlify::data::{
    NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_BABBAGE, NETLIFY_ACCOUNT_ENGINES,
    NETLIFY_DEMO_ACCESS_TOKEN, NETLIFY_DEMO_CLIENT_ID, NETLIFY_DEMO_USER_ID,
    NETLIFY_FAILED_DEPLOY_MESSAGE, NETLIFY_SITE_ADA_NOTES, NETLIFY_SITE_BABBAGE,
};
pub use providers::plain::{ClientAuthPlace, PlainConfig, PLAIN_DEMO_CLIENT_ID};
pub use providers::supabase::{model, seed};
pub use providers::Provider;
pub use sandbox::{ClientInfo, Sandbox};
pub use seed::{Seed, SeedAccessToken, SeedProject};
pub use state::{AuthConfigPatch, Settings};
