//! Creating a project: validate first, POST exactly once, never retry.
//!
//! A timeout after sending leaves it unknown whether Supabase created the
//! project, and retrying could make two. So on a network failure Latchkey
//! lists the organization's projects and looks for the name it sent; found
//! means created, not found means not created (and the user may try again).

use secrecy::SecretString;

use super::dto::{CreateProjectRequest, ProjectCreated, RegionChoice};
use super::password;
use super::supabase;
use crate::api_error::ApiError;
use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::api::ProjectSummary;
use crate::providers::supabase::api::{CreateProjectBody, PageQuery, ProjectDetail};

/// Instance sizes the form offers (Supabase's `desired_instance_size` values).
pub const INSTANCE_SIZES: &[&str] = &["micro", "small", "medium", "large", "xlarge", "2xlarge"];

/// Keychain account of a project's database password.
pub fn password_account(reference: &str) -> String {
    format!("db-password:supabase:{reference}")
}

/// Regions for the picker: recommended first, then smart groups, then all.
pub async fn regions(
    connector: &Connector,
    id: &ConnectionId,
) -> Result<Vec<RegionChoice>, ConnectError> {
    let api = supabase(connector, id)?;
    let org = id.organization.clone();
    let info = connector
        .with_token(id, |t| {
            let org = org.clone();
            async move { api.available_regions(&t, &org).await }
        })
        .await?;
    let recommended: Vec<String> = std::iter::once(info.recommendations.smart_group.code.clone())
        .chain(info.recommendations.specific.iter().map(|r| r.code.clone()))
        .collect();
    let choice = |r: &crate::providers::supabase::api::RegionEntry| RegionChoice {
        code: r.code.clone(),
        name: r.name.clone(),
        kind: r.kind.clone(),
        recommended: recommended.contains(&r.code),
    };
    let mut out: Vec<RegionChoice> = info
        .all
        .smart_group
        .iter()
        .chain(info.all.specific.iter())
        .map(choice)
        .collect();
    // Stable: recommended first, then smart groups, then the rest by name.
    out.sort_by(|a, b| {
        (!a.recommended, a.kind != "smartGroup", a.name.clone()).cmp(&(
            !b.recommended,
            b.kind != "smartGroup",
            b.name.clone(),
        ))
    });
    Ok(out)
}

/// Checks the request before anything is sent; names the field at fault.
pub fn validate(req: &CreateProjectRequest) -> Result<(), ConnectError> {
    let invalid = |field, message: &str| {
        Err(ConnectError::Invalid {
            field,
            message: message.to_owned(),
        })
    };
    let name = req.name.trim();
    if name.is_empty() {
        return invalid("name", "Give the project a name.");
    }
    if name.chars().count() > 64 {
        return invalid("name", "Project names have at most 64 characters.");
    }
    if req.region_code.trim().is_empty()
        || !matches!(req.region_kind.as_str(), "specific" | "smartGroup")
    {
        return invalid("region", "Choose a region.");
    }
    if let Some(size) = &req.instance_size {
        if !INSTANCE_SIZES.contains(&size.as_str()) {
            return invalid("instance_size", "Choose one of the listed instance sizes.");
        }
    }
    if let Some(own) = &req.db_password {
        if let Some(why) = password::weakness(own) {
            return invalid(
                "db_password",
                &format!("The database password is too weak. {why}"),
            );
        }
    }
    Ok(())
}

pub async fn create_project(
    connector: &Connector,
    id: &ConnectionId,
    req: CreateProjectRequest,
) -> Result<ProjectCreated, ConnectError> {
    validate(&req)?;
    let api = supabase(connector, id)?;
    let generated = req.db_password.is_none();
    let db_password = req.db_password.clone().unwrap_or_else(password::generate);
    let body = CreateProjectBody {
        name: req.name.trim().to_owned(),
        organization_slug: id.organization.clone(),
        db_pass: SecretString::from(db_password.clone()),
        region_selection: (req.region_kind.clone(), req.region_code.clone()),
        desired_instance_size: req.instance_size.clone(),
    };
    let sent = connector
        .with_token(id, |t| {
            let body = &body;
            async move { api.create_project(&t, body).await }
        })
        .await;
    let (project, confirmed_by_listing) = match sent {
        Ok(project) => (summary(project), false),
        Err(ConnectError::Api(ApiError::Network(failure))) => {
            tracing::warn!(reason = %failure, "project creation got no answer; checking whether it exists");
            match find_after_timeout(connector, id, &body.name).await? {
                Some(project) => (project, true),
                None => {
                    return Err(ConnectError::Unconfirmed(
                        "Creating the project timed out, and it has not appeared in the organization since. \
                         It was most likely not created: refresh the project list before trying again.",
                    ));
                }
            }
        }
        Err(other) => return Err(other),
    };
    let password_saved = connector
        .keychain()
        .set(
            &password_account(&project.reference),
            &SecretString::from(db_password.clone()),
        )
        .await
        .map_err(
            |err| tracing::warn!(%err, "the database password could not be saved in the keychain"),
        )
        .is_ok();
    Ok(ProjectCreated {
        project,
        generated_password: generated.then_some(db_password),
        password_saved,
        confirmed_by_listing,
    })
}

/// The server may still be working on the request that timed out, so look a
/// few times, backing off: 0.5 s, 1 s, 2 s, 4 s.
async fn find_after_timeout(
    connector: &Connector,
    id: &ConnectionId,
    name: &str,
) -> Result<Option<ProjectSummary>, ConnectError> {
    let mut wait = std::time::Duration::from_millis(500);
    for _ in 0..4 {
        tokio::time::sleep(wait).await;
        if let Some(found) = find_by_name(connector, id, name).await? {
            return Ok(Some(found));
        }
        wait *= 2;
    }
    Ok(None)
}

async fn find_by_name(
    connector: &Connector,
    id: &ConnectionId,
    name: &str,
) -> Result<Option<ProjectSummary>, ConnectError> {
    let api = supabase(connector, id)?;
    let page = connector
        .with_token(id, |t| async move {
            let query = PageQuery {
                offset: 0,
                limit: 100,
                search: Some(name.to_owned()),
                ..Default::default()
            };
            api.organization_projects(&t, &id.organization, &query)
                .await
        })
        .await?;
    Ok(page
        .projects
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| ProjectSummary {
            reference: p.reference,
            name: p.name,
            region: p.region,
            status: p.status,
            created_at: p.inserted_at,
        }))
}

fn summary(p: ProjectDetail) -> ProjectSummary {
    ProjectSummary {
        reference: p.reference,
        name: p.name,
        region: p.region,
        status: p.status,
        created_at: p.created_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateProjectRequest {
        CreateProjectRequest {
            name: "web".into(),
            region_code: "eu-west-1".into(),
            region_kind: "specific".into(),
            instance_size: None,
            db_password: None,
        }
    }

    fn field(req: CreateProjectRequest) -> &'static str {
        match validate(&req) {
            Err(ConnectError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_invalid_field_is_named_before_anything_is_sent() {
        assert!(validate(&request()).is_ok());
        assert_eq!(
            field(CreateProjectRequest {
                name: "  ".into(),
                ..request()
            }),
            "name"
        );
        assert_eq!(
            field(CreateProjectRequest {
                region_code: "".into(),
                ..request()
            }),
            "region"
        );
        assert_eq!(
            field(CreateProjectRequest {
                region_kind: "moon".into(),
                ..request()
            }),
            "region"
        );
        assert_eq!(
            field(CreateProjectRequest {
                instance_size: Some("huge".into()),
                ..request()
            }),
            "instance_size"
        );
        assert_eq!(
            field(CreateProjectRequest {
                db_password: Some("weak".into()),
                ..request()
            }),
            "db_password"
        );
    }
}
