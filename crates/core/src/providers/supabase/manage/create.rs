//! Creating a project: validate first, POST exactly once, never retry.
//!
//! A timeout after sending leaves it unknown whether Supabase created the
//! project, and retrying could make two. So on a network failure Latchkey
//! lists the organization's projects and looks for the one it sent.
//!
//! Names are not unique in an organization, so "the one it sent" is a
//! project with that name that was not there before the POST (the refs
//! with that name are listed first) and was created after the request left
//! (allowing for clock skew). Exactly one such project → created; none →
//! not created (the user may try again); several → Latchkey does not guess
//! and says so. A saved database password is never overwritten from here:
//! it belongs to another project if one is already saved under that ref.

use secrecy::SecretString;

use super::dto::{CreateProjectRequest, ProjectCreated, RegionChoice};
use super::password;
use super::supabase;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::net::api_error::ApiError;
use crate::providers::supabase::api::{CreateProjectBody, PageQuery, ProjectDetail};
use crate::providers::Access;
use crate::providers::ProjectSummary;

/// Instance sizes the form offers (Supabase's `desired_instance_size` values).
pub const INSTANCE_SIZES: &[&str] = &["micro", "small", "medium", "large", "xlarge", "2xlarge"];

/// Keychain account of a project's database password.
pub fn password_account(reference: &str) -> String {
    format!("db-password:supabase:{reference}")
}

/// Regions for the picker: recommended first, then smart groups, then all.
pub async fn regions(
    connections: &Connections,
    id: &ConnectionId,
) -> Result<Vec<RegionChoice>, ConnectError> {
    let api = supabase(connections, id)?;
    let org = id.account.clone();
    let info = connections
        .with_token(id, Access::ReadProjects, |t| {
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
    connections: &Connections,
    id: &ConnectionId,
    req: CreateProjectRequest,
) -> Result<ProjectCreated, ConnectError> {
    validate(&req)?;
    let api = supabase(connections, id)?;
    // What already carries the name, so the recovery below can tell a new
    // project from an old namesake.
    let existing: Vec<String> = named(connections, id, req.name.trim())
        .await?
        .into_iter()
        .map(|p| p.reference)
        .collect();
    if !existing.is_empty() {
        return Err(name_taken(req.name.trim()));
    }
    let sent_at = connections.now();
    let generated = req.db_password.is_none();
    let db_password = req.db_password.clone().unwrap_or_else(password::generate);
    let body = CreateProjectBody {
        name: req.name.trim().to_owned(),
        organization_slug: id.account.clone(),
        db_pass: SecretString::from(db_password.clone()),
        region_selection: (req.region_kind.clone(), req.region_code.clone()),
        desired_instance_size: req.instance_size.clone(),
    };
    let sent = connections
        .with_token(id, Access::CreateProjects, |t| {
            let body = &body;
            async move { api.create_project(&t, body).await }
        })
        .await;
    let (project, confirmed_by_listing) = match sent {
        Ok(project) => (summary(project), false),
        Err(ConnectError::Api(ApiError::Network(failure))) => {
            tracing::warn!(reason = %failure, "project creation got no answer; checking whether it exists");
            let sent = Sent {
                name: &body.name,
                existing: &existing,
                sent_at,
            };
            match find_after_timeout(connections, id, &sent).await? {
                Recovered::One(project) => (project, true),
                Recovered::None => {
                    return Err(ConnectError::Unconfirmed(
                        "Creating the project timed out, and it has not appeared in the organization since. \
                         It was most likely not created: refresh the project list before trying again.",
                    ));
                }
                Recovered::Several(count) => {
                    return Err(ConnectError::CreateAmbiguous {
                        name: body.name.clone(),
                        count,
                    });
                }
            }
        }
        // Someone created the namesake in between.
        Err(ConnectError::Api(ApiError::Invalid { message, .. }))
            if message.contains("already exists") =>
        {
            return Err(name_taken(&body.name));
        }
        Err(other) => return Err(other),
    };
    let password_saved = save_new_password(connections, &project.reference, &db_password).await;
    Ok(ProjectCreated {
        project,
        generated_password: generated.then_some(db_password),
        password_saved,
        confirmed_by_listing,
    })
}

/// Saves a new project's database password, unless an item for that ref
/// already exists (then it is some other project's, or the user's, and is
/// kept). Whether it was saved; failures are logged, never fatal.
async fn save_new_password(connections: &Connections, reference: &str, password: &str) -> bool {
    let account = password_account(reference);
    let keychain = connections.keychain();
    match keychain.get(&account).await {
        Ok(None) => {}
        Ok(Some(_)) => {
            tracing::warn!("a database password is already saved for this project; it was kept");
            return false;
        }
        Err(err) => {
            tracing::warn!(%err, "the database password could not be saved in the keychain");
            return false;
        }
    }
    keychain
        .set(&account, &SecretString::from(password.to_owned()))
        .await
        .map_err(
            |err| tracing::warn!(%err, "the database password could not be saved in the keychain"),
        )
        .is_ok()
}

/// What was sent, for recognising its project afterwards.
struct Sent<'a> {
    name: &'a str,
    /// Refs that carried the name before the POST.
    existing: &'a [String],
    /// Unix seconds, when the POST left.
    sent_at: u64,
}

/// Server and local clocks disagree by this much at most.
const CLOCK_SKEW_SECS: u64 = 300;

#[derive(Debug, PartialEq)]
enum Recovered {
    None,
    One(ProjectSummary),
    Several(usize),
}

/// The projects that can be the one `sent` made: that name, not there
/// before, and not created before the request left.
fn recognise(sent: &Sent<'_>, listed: Vec<ProjectSummary>) -> Recovered {
    let mut new: Vec<ProjectSummary> = listed
        .into_iter()
        .filter(|p| p.name == sent.name && !sent.existing.contains(&p.reference))
        .filter(|p| {
            // An unreadable time does not exclude: the ref check still holds.
            unix_seconds(&p.created_at).is_none_or(|at| at + CLOCK_SKEW_SECS >= sent.sent_at)
        })
        .collect();
    match new.len() {
        0 => Recovered::None,
        1 => Recovered::One(new.remove(0)),
        n => Recovered::Several(n),
    }
}

fn unix_seconds(rfc3339: &str) -> Option<u64> {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()?;
    u64::try_from(at.unix_timestamp()).ok()
}

/// The server may still be working on the request that timed out, so look a
/// few times, backing off: 0.5 s, 1 s, 2 s, 4 s.
async fn find_after_timeout(
    connections: &Connections,
    id: &ConnectionId,
    sent: &Sent<'_>,
) -> Result<Recovered, ConnectError> {
    let mut wait = std::time::Duration::from_millis(500);
    for _ in 0..4 {
        tokio::time::sleep(wait).await;
        let found = recognise(sent, named(connections, id, sent.name).await?);
        if found != Recovered::None {
            return Ok(found);
        }
        wait *= 2;
    }
    Ok(Recovered::None)
}

/// The organization's projects named exactly `name` (from the first 100
/// search results: more namesakes than that is not a case to design for).
/// The form's error for a name the organization already uses (Supabase
/// refuses a second project of the same name).
fn name_taken(name: &str) -> ConnectError {
    ConnectError::Invalid {
        field: "name",
        message: format!(
            "A project named “{name}” already exists in this organization. Choose another name."
        ),
    }
}

async fn named(
    connections: &Connections,
    id: &ConnectionId,
    name: &str,
) -> Result<Vec<ProjectSummary>, ConnectError> {
    let api = supabase(connections, id)?;
    let page = connections
        .with_token(id, Access::ReadProjects, |t| async move {
            let query = PageQuery {
                offset: 0,
                limit: 100,
                search: Some(name.to_owned()),
                ..Default::default()
            };
            api.organization_projects(&t, &id.account, &query).await
        })
        .await?;
    Ok(page
        .projects
        .into_iter()
        .filter(|p| p.name.trim().eq_ignore_ascii_case(name))
        .map(|p| ProjectSummary {
            reference: p.reference,
            name: p.name,
            region: Some(p.region),
            url: None,
            status: p.status,
            created_at: p.inserted_at,
            group: None,
        })
        .collect())
}

fn summary(p: ProjectDetail) -> ProjectSummary {
    ProjectSummary {
        reference: p.reference,
        name: p.name,
        region: Some(p.region),
        url: None,
        status: p.status,
        created_at: p.created_at,
        group: None,
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

    fn listed(reference: &str, name: &str, created_at: &str) -> ProjectSummary {
        ProjectSummary {
            reference: reference.into(),
            name: name.into(),
            region: Some("eu-west-1".into()),
            url: None,
            status: "COMING_UP".into(),
            created_at: created_at.into(),
            group: None,
        }
    }

    // 2026-12-02T12:00:00Z
    const SENT_AT: u64 = 1_796_212_800;

    #[test]
    fn only_a_namesake_that_is_new_since_the_request_is_adopted() {
        let existing = vec!["oldoldoldoldoldoldol".to_owned()];
        let sent = Sent {
            name: "web",
            existing: &existing,
            sent_at: SENT_AT,
        };
        let old = listed("oldoldoldoldoldoldol", "web", "2026-01-01T00:00:00Z");
        let new = listed("newnewnewnewnewnewne", "web", "2026-12-02T12:00:03Z");
        assert_eq!(
            recognise(&sent, vec![old.clone()]),
            Recovered::None,
            "the old namesake is never taken for the new project"
        );
        assert_eq!(
            recognise(&sent, vec![old.clone(), new.clone()]),
            Recovered::One(new.clone())
        );
        // Not in the snapshot, but created long before the request left
        // (e.g. the snapshot missed it): not ours either.
        let older = listed("otherotherotherother", "web", "2026-11-30T08:00:00Z");
        assert_eq!(recognise(&sent, vec![older]), Recovered::None);
        // Someone else made one at the same time: ask, never guess.
        let twin = listed("twintwintwintwintwin", "web", "2026-12-02T12:00:04Z");
        assert_eq!(recognise(&sent, vec![new, twin]), Recovered::Several(2));
        assert_eq!(
            recognise(
                &sent,
                vec![listed(
                    "xxxxxxxxxxxxxxxxxxxx",
                    "web-2",
                    "2026-12-02T12:00:04Z"
                )]
            ),
            Recovered::None,
            "exact names only"
        );
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
