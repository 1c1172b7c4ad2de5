//! Managing a connected Supabase organization: project details and health
//! ([`project_detail`]), creating projects ([`create`]), custom Auth SMTP
//! ([`smtp`]), API keys ([`api_keys`]), the database password
//! ([`db_password`]), the ways into the database ([`endpoints`]) and
//! restoring a paused project ([`restore_project`]). Every call goes through the connection (fresh token,
//! one retry on 401, the scope named on 403). Project refs from the webview
//! are checked ([`crate::validate`]) before they reach the keychain or a URL.

pub mod api_keys;
pub mod create;
pub mod db_password;
pub mod dto;
pub mod endpoints;
pub mod password;
pub mod smtp;

use super::api::SupabaseApi;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::Access;
use crate::validate;

pub use dto::*;

/// The Supabase client of a connection, or a clear "not available".
pub(crate) fn supabase<'a>(
    connections: &'a Connections,
    id: &ConnectionId,
) -> Result<&'a SupabaseApi, ConnectError> {
    connections.api_of::<SupabaseApi>(id)
}

/// Wakes a paused project. It reads `RESTORING` until it is up; the
/// detail screen polls it meanwhile.
pub async fn restore_project(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<(), ConnectError> {
    validate::supabase_project_ref(reference)?;
    let api = supabase(connections, id)?;
    connections
        .with_token(id, Access::WriteProjects, |t| async move {
            api.restore(&t, reference).await
        })
        .await
}

/// The project's pooler routes, as its pooler configuration says now
/// (none while it is paused).
pub(crate) async fn pooler_routes(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<Vec<endpoints::DatabaseEndpoint>, ConnectError> {
    let api = supabase(connections, id)?;
    let configs = connections
        .with_token(id, Access::ReadDatabase, |t| async move {
            api.pooler_config(&t, reference).await
        })
        .await?;
    Ok(endpoints::poolers(&configs))
}

/// The direct route, then the poolers. The pooler is a nicety like health:
/// if it cannot be read, the page says why beside the direct route.
async fn database_endpoints(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> (Vec<endpoints::DatabaseEndpointView>, Option<String>) {
    let mut found = vec![endpoints::direct(reference).view()];
    match pooler_routes(connections, id, reference).await {
        Ok(poolers) => {
            found.extend(poolers.iter().map(|e| e.view()));
            (found, None)
        }
        Err(err) => (found, Some(err.to_string())),
    }
}

/// A project's details and the health of its services.
pub async fn project_detail(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<ProjectDetailView, ConnectError> {
    validate::supabase_project_ref(reference)?;
    let api = supabase(connections, id)?;
    let project = connections
        .with_token(id, Access::ReadProjects, |t| async move {
            api.project(&t, reference).await
        })
        .await?;
    // Health is a nicety: a failure shows as "unknown", not as a broken page.
    // It and the pooler are asked at once: neither waits for the other.
    let health = connections.with_token(id, Access::ReadProjects, |t| async move {
        api.health(&t, reference).await
    });
    let (health, (endpoints, pooler_problem)) =
        futures::join!(health, database_endpoints(connections, id, reference));
    let health = health
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
        endpoints,
        pooler_problem,
        reference: project.reference,
        name: project.name,
        region: project.region,
        status: project.status,
        created_at: project.created_at,
        database_host: project.database.as_ref().map(|d| d.host.clone()),
        database_version: project.database.map(|d| d.version),
        health,
        password_saved: db_password::is_saved(connections, reference)
            .await
            .unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn project_detail_refuses_a_reference_that_is_not_a_ref_before_any_request() {
        let fake = crate::manage::test_support::supabase_answering(r#"{}"#).await;
        for reference in [".", "..", "evil.example/x?", "abcdefghijklmnopqrst/x"] {
            let err = project_detail(fake.connector.connections(), &fake.id, reference)
                .await
                .unwrap_err();
            assert_eq!(
                err.invalid_field(),
                Some("reference"),
                "{reference:?}: {err:?}"
            );
        }
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for a ref that is not one"
        );
    }
}
