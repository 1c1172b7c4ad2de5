//! A Neon project as its detail screen shows it: the project, its branches
//! (default first) with the computes serving each, and, for the branch the
//! user picks, its databases and roles. Creating a branch is here too.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::neon;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::neon::api::{Branch, Endpoint};
use crate::providers::Access;
use crate::validate;

/// Neon's limit on a branch name.
const MAX_BRANCH_NAME: usize = 256;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonProjectView {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub pg_version: Option<u32>,
    pub created_at: String,
    /// The default branch first, then the newest.
    pub branches: Vec<NeonBranchView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonBranchView {
    pub id: String,
    pub name: String,
    /// The branch it was made from; `None` for the project's root branch.
    pub parent_id: Option<String>,
    pub is_default: bool,
    pub protected: bool,
    /// Neon's `current_state`: `init`, `ready`, `archived`…
    pub state: String,
    pub created_at: String,
    pub computes: Vec<NeonComputeView>,
}

/// A compute endpoint serving a branch.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonComputeView {
    pub id: String,
    pub host: String,
    /// `read_write` or `read_only`.
    pub kind: String,
    /// `active`, `idle` (scaled to zero) or `init`.
    pub state: String,
    /// Autoscaling bounds in compute units.
    pub min_cu: f64,
    pub max_cu: f64,
    pub pooler_enabled: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonBranchContents {
    pub databases: Vec<NeonDatabaseView>,
    pub roles: Vec<NeonRoleView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonDatabaseView {
    pub name: String,
    pub owner: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonRoleView {
    pub name: String,
    /// Neon's own roles, which cannot be connected as.
    pub protected: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NeonBranchRequest {
    pub name: String,
    /// The branch to copy; the default branch when `None`.
    pub parent_id: Option<String>,
}

/// The project, its branches and their computes: three requests at once.
pub async fn project(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
) -> Result<NeonProjectView, ConnectError> {
    validate::id("project", project)?;
    let api = neon(connections, id)?;
    let (found, branches, endpoints) = futures::join!(
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.project(&t, project).await
        }),
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.branches(&t, project).await
        }),
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.endpoints(&t, project).await
        }),
    );
    let found = found?;
    Ok(NeonProjectView {
        id: found.id,
        name: found.name,
        region_id: found.region_id,
        pg_version: found.pg_version,
        created_at: found.created_at,
        branches: branch_views(branches?, &endpoints?),
    })
}

fn branch_views(mut branches: Vec<Branch>, endpoints: &[Endpoint]) -> Vec<NeonBranchView> {
    branches.sort_by(|a, b| {
        b.default
            .cmp(&a.default)
            .then_with(|| b.created_at.cmp(&a.created_at))
    });
    branches
        .into_iter()
        .map(|b| NeonBranchView {
            computes: endpoints
                .iter()
                .filter(|e| e.branch_id == b.id)
                .map(compute_view)
                .collect(),
            id: b.id,
            name: b.name,
            parent_id: b.parent_id,
            is_default: b.default,
            protected: b.protected,
            state: b.current_state,
            created_at: b.created_at,
        })
        .collect()
}

fn compute_view(e: &Endpoint) -> NeonComputeView {
    NeonComputeView {
        id: e.id.clone(),
        host: e.host.clone(),
        kind: e.kind.clone(),
        state: e.current_state.clone(),
        min_cu: e.autoscaling_limit_min_cu,
        max_cu: e.autoscaling_limit_max_cu,
        pooler_enabled: e.pooler_enabled,
    }
}

/// A branch's databases and roles, asked at once.
pub async fn branch_contents(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    branch: &str,
) -> Result<NeonBranchContents, ConnectError> {
    validate::id("project", project)?;
    validate::id("branch", branch)?;
    let api = neon(connections, id)?;
    let (databases, roles) = futures::join!(
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.databases(&t, project, branch).await
        }),
        connections.with_token(id, Access::ReadProjects, |t| async move {
            api.roles(&t, project, branch).await
        }),
    );
    Ok(NeonBranchContents {
        databases: databases?
            .into_iter()
            .map(|d| NeonDatabaseView {
                name: d.name,
                owner: d.owner_name,
            })
            .collect(),
        roles: roles?
            .into_iter()
            .map(|r| NeonRoleView {
                name: r.name,
                protected: r.protected,
            })
            .collect(),
    })
}

pub fn validate_branch(req: &NeonBranchRequest) -> Result<(), ConnectError> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > MAX_BRANCH_NAME {
        return Err(ConnectError::Invalid {
            field: "name",
            message: format!("Give the branch a name of at most {MAX_BRANCH_NAME} characters."),
        });
    }
    if name.chars().any(char::is_control) {
        return Err(ConnectError::Invalid {
            field: "name",
            message: "A branch name cannot contain a line break or another control character."
                .into(),
        });
    }
    if let Some(parent) = &req.parent_id {
        validate::id("parent", parent)?;
    }
    Ok(())
}

/// Creates a branch with a compute of its own (sent once: a retry could
/// make a second branch).
pub async fn create_branch(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    req: NeonBranchRequest,
) -> Result<NeonBranchView, ConnectError> {
    validate::id("project", project)?;
    validate_branch(&req)?;
    let api = neon(connections, id)?;
    let req = &req;
    let (branch, endpoints) = connections
        .with_token(id, Access::WriteProjects, |t| async move {
            api.create_branch(&t, project, req.name.trim(), req.parent_id.as_deref())
                .await
        })
        .await?;
    Ok(branch_views(vec![branch], &endpoints).remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch(id: &str, default: bool, created_at: &str) -> Branch {
        Branch {
            id: id.into(),
            name: id.into(),
            parent_id: None,
            current_state: "ready".into(),
            default,
            protected: false,
            created_at: created_at.into(),
        }
    }

    #[test]
    fn the_default_branch_comes_first_then_the_newest_each_with_its_own_computes() {
        let endpoint = |id: &str, branch: &str| Endpoint {
            id: id.into(),
            branch_id: branch.into(),
            host: format!("{id}.example"),
            kind: "read_write".into(),
            current_state: "idle".into(),
            autoscaling_limit_min_cu: 0.25,
            autoscaling_limit_max_cu: 2.0,
            pooler_enabled: false,
        };
        let views = branch_views(
            vec![
                branch("br-old", false, "2026-01-01T00:00:00Z"),
                branch("br-main", true, "2025-01-01T00:00:00Z"),
                branch("br-new", false, "2026-06-01T00:00:00Z"),
            ],
            &[endpoint("ep-a", "br-new"), endpoint("ep-b", "br-main")],
        );
        let order: Vec<_> = views.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(order, ["br-main", "br-new", "br-old"]);
        assert_eq!(views[0].computes[0].id, "ep-b");
        assert_eq!(views[1].computes[0].id, "ep-a");
        assert!(views[2].computes.is_empty());
    }

    #[test]
    fn a_branch_name_is_checked_before_anything_is_sent() {
        let named = |name: &str| NeonBranchRequest {
            name: name.into(),
            parent_id: None,
        };
        for bad in ["", "   ", "two\nlines", &"x".repeat(257)] {
            let err = validate_branch(&named(bad)).unwrap_err();
            assert_eq!(err.invalid_field(), Some("name"), "{bad:?}");
        }
        assert!(validate_branch(&named("feature/login")).is_ok());
        let bad_parent = NeonBranchRequest {
            name: "x".into(),
            parent_id: Some("../other".into()),
        };
        assert_eq!(
            validate_branch(&bad_parent).unwrap_err().invalid_field(),
            Some("parent")
        );
    }
}
