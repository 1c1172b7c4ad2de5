//! Neon's screens: creating a project (organization or personal, region,
//! Postgres version; sent once, like Supabase's, and validated first, here),
//! a project's branches and computes ([`detail`]), and the connection
//! strings of a branch's database ([`connection`]).

pub mod connection;
pub mod detail;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::neon::api::NeonApi;
use crate::providers::Access;
use crate::providers::ProjectSummary;

/// Postgres versions Neon offers, newest first.
pub const PG_VERSIONS: &[u32] = &[17, 16, 15, 14];

pub(crate) fn neon<'a>(
    connections: &'a Connections,
    id: &ConnectionId,
) -> Result<&'a NeonApi, ConnectError> {
    connections.api_of::<NeonApi>(id)
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

/// What the create form offers: organizations and regions (default first).
pub async fn options(
    connections: &Connections,
    id: &ConnectionId,
) -> Result<NeonOptions, ConnectError> {
    let api = neon(connections, id)?;
    let orgs = connections
        .with_token(id, Access::ReadGroups, |t| async move {
            api.organizations(&t).await
        })
        .await?;
    let mut regions = connections
        .with_token(id, Access::ReadProjects, |t| async move {
            api.regions(&t).await
        })
        .await?;
    regions.sort_by_key(|r| !r.default);
    Ok(NeonOptions {
        organizations: orgs.into_iter().map(|o| (o.id, o.name)).collect(),
        regions: regions.into_iter().map(|r| (r.region_id, r.name)).collect(),
        pg_versions: PG_VERSIONS.to_vec(),
    })
}

pub fn validate(req: &NeonCreateRequest) -> Result<(), ConnectError> {
    let invalid = |field, message: &str| {
        Err(ConnectError::Invalid {
            field,
            message: message.to_owned(),
        })
    };
    if req.name.trim().is_empty() || req.name.chars().count() > 64 {
        return invalid("name", "Give the project a name of at most 64 characters.");
    }
    if req.region_id.trim().is_empty() {
        return invalid("region", "Choose a region.");
    }
    if !PG_VERSIONS.contains(&req.pg_version) {
        return invalid("pg_version", "Choose one of the listed Postgres versions.");
    }
    Ok(())
}

pub async fn create_project(
    connections: &Connections,
    id: &ConnectionId,
    req: NeonCreateRequest,
) -> Result<ProjectSummary, ConnectError> {
    validate(&req)?;
    let api = neon(connections, id)?;
    let project = connections
        .with_token(id, Access::CreateProjects, |t| {
            let req = &req;
            async move {
                api.create_project(
                    &t,
                    req.name.trim(),
                    &req.region_id,
                    req.pg_version,
                    req.org_id.as_deref(),
                )
                .await
            }
        })
        .await?;
    // The list is read again after a creation, with the organization's name.
    Ok(super::summary(project, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_id_that_is_not_an_id_is_refused_before_any_request() {
        let fake =
            crate::manage::test_support::answering(crate::providers::neon::definition(), r#"{}"#)
                .await;
        let id = ConnectionId::new("neon", "../users/me");
        fake.sign_in(&id).await;
        let err = options(fake.connector.connections(), &id)
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("account"), "{err:?}");
        let request = NeonCreateRequest {
            name: "p".into(),
            region_id: "aws-us-east-2".into(),
            pg_version: 17,
            org_id: None,
        };
        let err = create_project(fake.connector.connections(), &id, request)
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("account"), "{err:?}");
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for an id that is not one"
        );
    }
}
