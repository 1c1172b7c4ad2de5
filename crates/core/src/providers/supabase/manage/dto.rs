//! Plain data for the management screens. The only secret that ever goes to
//! the webview is a database password Latchkey generated, shown once.
//!
//! Every struct with a password field has a hand-written `Debug` that shows
//! `<redacted>` in its place, so a `?request` in a log line leaks nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::providers::ProjectSummary;

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
    /// The direct connection, then the session and transaction poolers
    /// (none while the project is paused), each with `[DB-PASSWORD]` as the
    /// password's placeholder.
    pub endpoints: Vec<super::endpoints::DatabaseEndpointView>,
    /// Why the poolers are missing, when they could not be read (a grant
    /// without `database:read`, say).
    pub pooler_problem: Option<String>,
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

#[derive(Clone, Deserialize, TS)]
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

#[derive(Clone, Serialize, TS)]
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

#[derive(Clone, Deserialize, TS)]
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

/// What `Debug` shows for a secret: only whether there is one.
fn redacted(secret: &Option<String>) -> Option<&'static str> {
    secret.as_ref().map(|_| "<redacted>")
}

impl std::fmt::Debug for CreateProjectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateProjectRequest")
            .field("name", &self.name)
            .field("region_code", &self.region_code)
            .field("region_kind", &self.region_kind)
            .field("instance_size", &self.instance_size)
            .field("db_password", &redacted(&self.db_password))
            .finish()
    }
}

impl std::fmt::Debug for ProjectCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectCreated")
            .field("project", &self.project)
            .field("generated_password", &redacted(&self.generated_password))
            .field("password_saved", &self.password_saved)
            .field("confirmed_by_listing", &self.confirmed_by_listing)
            .finish()
    }
}

impl std::fmt::Debug for SmtpUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpUpdate")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &redacted(&self.password))
            .field("sender_name", &self.sender_name)
            .field("admin_email", &self.admin_email)
            .field("max_frequency", &self.max_frequency)
            .field("rate_limit_email_sent", &self.rate_limit_email_sent)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "hunter2-very-secret";

    fn assert_hidden(shown: String) {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn a_create_request_never_shows_the_database_password_in_debug() {
        assert_hidden(format!(
            "{:?}",
            CreateProjectRequest {
                name: "app".into(),
                region_code: "eu-west-1".into(),
                region_kind: "specific".into(),
                instance_size: None,
                db_password: Some(SECRET.into()),
            }
        ));
    }

    #[test]
    fn a_created_project_never_shows_the_generated_password_in_debug() {
        assert_hidden(format!(
            "{:?}",
            ProjectCreated {
                project: ProjectSummary {
                    reference: "abcdefghijklmnopqrst".into(),
                    name: "app".into(),
                    region: Some("eu-west-1".into()),
                    url: None,
                    status: "ACTIVE_HEALTHY".into(),
                    created_at: "2024-01-01T00:00:00Z".into(),
                    group: None,
                },
                generated_password: Some(SECRET.into()),
                password_saved: true,
                confirmed_by_listing: false,
            }
        ));
    }

    #[test]
    fn an_smtp_update_never_shows_the_password_in_debug() {
        assert_hidden(format!(
            "{:?}",
            SmtpUpdate {
                host: "smtp.example.com".into(),
                port: "587".into(),
                user: "mailer".into(),
                password: Some(SECRET.into()),
                sender_name: "App".into(),
                admin_email: "admin@example.com".into(),
                max_frequency: None,
                rate_limit_email_sent: None,
            }
        ));
    }
}
