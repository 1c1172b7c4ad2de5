//! Managing a connected Supabase organization: project details and health,
//! creating projects, and custom Auth SMTP. Every call goes through the
//! connection's session (fresh token, one retry on 401).

pub mod api_keys;
pub mod create;
pub mod db_password;
pub mod dto;
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
    match connector.api(id)? {
        ProviderApi::Supabase(api) => Ok(api),
        #[allow(unreachable_patterns)]
        _ => Err(ConnectError::Unsupported(
            "This is only available for Supabase organizations.",
        )),
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
    #[test]
    fn the_connection_string_has_supabases_documented_form() {
        assert_eq!(
            super::connection_string("abcdefghijklmnopqrst"),
            "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"
        );
    }
}
