//! Which OAuth scope a call needs is the provider's to say, and the engine's
//! to report: a call names the kind of [`Access`] it makes, the provider's
//! definition maps that to its own scope name (`access_scopes`), and a 403
//! on the call becomes "the grant lacks scope X" (`MissingScope`). A
//! provider without scopes (Netlify) maps nothing, and a 403 stays a 403.

use serde::Deserialize;

/// What a call does, in words every provider's scopes can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The organizations or accounts a connection reaches.
    ReadGroups,
    /// Lists, details and what a create form offers.
    ReadProjects,
    CreateProjects,
    /// Changing a project's state (restoring a paused one).
    WriteProjects,
    /// API keys, connection strings with a password, environment variables.
    ReadSecrets,
    /// Setting or deleting environment variables.
    WriteSecrets,
    /// Auth settings such as SMTP.
    ReadAuthConfig,
    WriteAuthConfig,
    /// Database settings such as the connection pooler.
    ReadDatabase,
}
