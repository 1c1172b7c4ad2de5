//! Plain data for the management screens. The only secret that ever goes to
//! the webview is a database password Latchkey generated, shown once.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::providers::api::ProjectSummary;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ServiceHealthView {
    pub name: String,
    pub healthy: bool,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectDetailView {
    pub reference: String,
    pub name: String,
    pub region: String,
    pub status: String,
    pub created_at: String,
    pub database_host: Option<String>,
    pub database_version: Option<String>,
    /// Supabase's documented form with `[DB-PASSWORD]` as the placeholder.
    pub connection_string: String,
    pub health: Vec<ServiceHealthView>,
    /// Whether the database password is in the keychain (never the password).
    pub password_saved: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RegionChoice {
    pub code: String,
    pub name: String,
    /// `specific` or `smartGroup`.
    pub kind: String,
    pub recommended: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CreateProjectRequest {
    pub name: String,
    pub region_code: String,
    /// `specific` or `smartGroup`.
    pub region_kind: String,
    pub instance_size: Option<String>,
    /// The user's own password; `None` asks Latchkey to generate one.
    pub db_password: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectCreated {
    pub project: ProjectSummary,
    /// Set only when Latchkey generated the password: shown once.
    pub generated_password: Option<String>,
    /// Whether the password is in the keychain under the project ref.
    pub password_saved: bool,
    /// The POST timed out and the project was found by listing the
    /// organization's projects instead.
    pub confirmed_by_listing: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SmtpSettings {
    pub enabled: bool,
    pub host: String,
    pub port: String,
    pub user: String,
    pub sender_name: String,
    pub admin_email: String,
    #[ts(type = "number | null")]
    pub max_frequency: Option<i64>,
    #[ts(type = "number | null")]
    pub rate_limit_email_sent: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SmtpUpdate {
    pub host: String,
    pub port: String,
    pub user: String,
    /// `None` keeps the saved password ("unchanged").
    pub password: Option<String>,
    pub sender_name: String,
    pub admin_email: String,
    #[ts(type = "number | null")]
    pub max_frequency: Option<i64>,
    #[ts(type = "number | null")]
    pub rate_limit_email_sent: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiKeyView {
    /// Identifies the key in `api_key_reveal` / `api_key_copy` (names repeat).
    pub id: String,
    pub name: String,
    /// `publishable`, `secret` or `other`.
    pub kind: String,
    /// The first characters, then bullets: the value needs an explicit reveal.
    pub hidden: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonOptions {
    /// (id, name); creating without one makes a personal project.
    pub organizations: Vec<(String, String)>,
    /// (region_id, name), the default first.
    pub regions: Vec<(String, String)>,
    pub pg_versions: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NeonCreateRequest {
    pub name: String,
    pub region_id: String,
    pub pg_version: u32,
    pub org_id: Option<String>,
}
