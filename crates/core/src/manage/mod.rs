//! Managing a connected Supabase organization: project details and health,
//! creating projects, and custom Auth SMTP. Every call goes through the
//! connection's session (fresh token, one retry on 401).

pub mod api_keys;
pub mod create;
pub mod db_password;
pub mod dto;
pub mod neon;
pub mod password;
pub mod project_list;
pub mod smtp;

use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::api::ProviderApi;
use crate::providers::supabase::api::SupabaseApi;

pub use dto::*;

/// The Supabase client of a connection, or a clear "not supported".
pub(crate) fn supabase<'a>(
    connector: &'a Connector,
    id: &ConnectionId,
) -> Result<&'a SupabaseApi, ConnectError> {
    match connector.api(&id.provider)? {
        ProviderApi::Supabase(api) => Ok(api),
        #[allow(unreachable_patterns)]
        _ => Err(ConnectError::Unsupported(
            "This is only available for Supabase organizations.",
        )),
    }
}

/// The OAuth scopes each management action needs (Supabase's names).
pub mod scopes {
    pub const PROJECTS_READ: &str = "projects:read";
    pub const PROJECTS_WRITE: &str = "projects:write";
    pub const SECRETS_READ: &str = "secrets:read";
    pub const AUTH_READ: &str = "auth:read";
    pub const AUTH_WRITE: &str = "auth:write";
}

/// A 403 on a management call means the OAuth app lacks the scope the
/// action needs: say which one.
pub fn needs_scope<T>(
    result: Result<T, ConnectError>,
    scope: &'static str,
) -> Result<T, ConnectError> {
    match result {
        Err(ConnectError::Api(crate::api_error::ApiError::Forbidden { .. })) => {
            Err(ConnectError::MissingScope { scope })
        }
        other => other,
    }
}

/// Supabase's documented connection string form, password left as a placeholder.
pub fn connection_string(reference: &str) -> String {
    format!("postgresql://postgres:[DB-PASSWORD]@db.{reference}.supabase.co:5432/postgres")
}

/// A project's details and the health of its services.
pub async fn project_detail(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
) -> Result<ProjectDetailView, ConnectError> {
    let api = supabase(connector, id)?;
    let project = connector
        .with_token(id, |t| async move { api.project(&t, reference).await })
        .await?;
    // Health is a nicety: a failure shows as "unknown", not as a broken page.
    let health = connector
        .with_token(id, |t| async move { api.health(&t, reference).await })
        .await
        .map(|services| {
            services
                .into_iter()
                .map(|s| ServiceHealthView {
                    name: s.name,
                    healthy: s.healthy,
                    status: s.status,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ProjectDetailView {
        connection_string: connection_string(&project.reference),
        reference: project.reference,
        name: project.name,
        region: project.region,
        status: project.status,
        created_at: project.created_at,
        database_host: project.database.as_ref().map(|d| d.host.clone()),
        database_version: project.database.map(|d| d.version),
        health,
        password_saved: db_password::is_saved(connector, reference)
            .await
            .unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::ApiError;
    use crate::error::{AppError, ErrorCode};

    #[test]
    fn a_403_names_the_missing_scope() {
        let refused: Result<(), ConnectError> = Err(ConnectError::Api(ApiError::Forbidden {
            message: "Forbidden".into(),
        }));
        let err = needs_scope(refused, scopes::PROJECTS_WRITE).unwrap_err();
        let app = AppError::from(err);
        assert_eq!(app.code, ErrorCode::MissingScope);
        assert!(app.message.contains("projects:write"), "{}", app.message);
        let other: Result<(), ConnectError> =
            Err(ConnectError::Api(ApiError::Server { status: 500 }));
        assert!(matches!(
            needs_scope(other, scopes::AUTH_READ),
            Err(ConnectError::Api(ApiError::Server { .. }))
        ));
    }
    #[test]
    fn the_connection_string_has_supabases_documented_form() {
        assert_eq!(
            super::connection_string("abcdefghijklmnopqrst"),
            "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"
        );
    }
}
