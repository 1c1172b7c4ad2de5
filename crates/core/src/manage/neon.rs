//! Creating a Neon project: organization (or personal), region, Postgres
//! version. Sent once, like Supabase's, and validated first.

use super::dto::{NeonCreateRequest, NeonOptions};
use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::api::{ProjectSummary, ProviderApi};
use crate::providers::neon::api::NeonApi;

/// Postgres versions Neon offers, newest first.
pub const PG_VERSIONS: &[u32] = &[17, 16, 15, 14];

fn neon<'a>(connector: &'a Connector, id: &ConnectionId) -> Result<&'a NeonApi, ConnectError> {
    match connector.api(&id.provider)? {
        ProviderApi::Neon(api) => Ok(api),
        _ => Err(ConnectError::Unsupported(
            "This is only available for Neon accounts.",
        )),
    }
}

/// What the create form offers: organizations and regions (default first).
pub async fn options(
    connector: &Connector,
    id: &ConnectionId,
) -> Result<NeonOptions, ConnectError> {
    let api = neon(connector, id)?;
    let orgs = connector
        .with_token(id, |t| async move { api.organizations(&t).await })
        .await?;
    let mut regions = connector
        .with_token(id, |t| async move { api.regions(&t).await })
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
    connector: &Connector,
    id: &ConnectionId,
    req: NeonCreateRequest,
) -> Result<ProjectSummary, ConnectError> {
    validate(&req)?;
    let api = neon(connector, id)?;
    let project = connector
        .with_token(id, |t| {
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
    Ok(ProjectSummary {
        reference: project.id,
        name: project.name,
        region: project.region_id,
        status: "ACTIVE".into(),
        created_at: project.created_at,
    })
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
        let err = options(&fake.connector, &id).await.unwrap_err();
        assert_eq!(err.invalid_field(), Some("organization"), "{err:?}");
        let request = NeonCreateRequest {
            name: "p".into(),
            region_id: "aws-us-east-2".into(),
            pg_version: 17,
            org_id: None,
        };
        let err = create_project(&fake.connector, &id, request)
            .await
            .unwrap_err();
        assert_eq!(err.invalid_field(), Some("organization"), "{err:?}");
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for an id that is not one"
        );
    }
}
