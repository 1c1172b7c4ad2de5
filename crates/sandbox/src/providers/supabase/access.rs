//! Who may see which organization or project through the Management API.
//!
//! An OAuth token reaches only its grant's organization (anything else is
//! 403); a personal access token reaches its user's organizations; an
//! organization or project the caller cannot know about is 404, and a
//! malformed slug or ref is 400.

use crate::error::ApiError;
use crate::ids;
use crate::oauth_server::grants::Caller as Principal;

use super::model::{Organization, Project};
use super::store::{OrgAccess, Store};

/// The organization `slug`, if `p` may see it.
pub(crate) fn org_for<'s>(
    store: &'s Store,
    p: &Principal,
    slug: &str,
) -> Result<&'s Organization, ApiError> {
    if !ids::is_slug(slug) {
        return Err(ApiError::bad_request(
            "slug must match /^[\\w-]+$/ regular expression",
        ));
    }
    match store.org_access(p, slug) {
        OrgAccess::Allowed => store
            .organizations
            .get(slug)
            .ok_or_else(|| ApiError::not_found("Organization not found")),
        OrgAccess::Forbidden => Err(ApiError::forbidden(format!(
            "This token is not authorized for organization {slug}"
        ))),
        OrgAccess::NotFound => Err(ApiError::not_found("Organization not found")),
    }
}

/// The project `reference`, if `p` may see it.
pub(crate) fn project_for<'s>(
    store: &'s Store,
    p: &Principal,
    reference: &str,
) -> Result<&'s Project, ApiError> {
    if !ids::is_project_ref(reference) {
        return Err(ApiError::bad_request("ref must be 20 lowercase letters"));
    }
    let project = store
        .projects
        .get(reference)
        .ok_or_else(|| ApiError::not_found("Project not found"))?;
    match store.org_access(p, &project.organization_slug) {
        OrgAccess::Allowed => Ok(project),
        OrgAccess::Forbidden => Err(ApiError::forbidden(format!(
            "This token is not authorized for project {reference}"
        ))),
        OrgAccess::NotFound => Err(ApiError::not_found("Project not found")),
    }
}

/// 403 unless the caller's grant carries `scope` (the route's
/// `x-oauth-scope` in the spec).
pub(crate) fn require_scope(p: &Principal, scope: &str) -> Result<(), ApiError> {
    if p.has_scope(scope) {
        return Ok(());
    }
    Err(ApiError::forbidden(format!(
        "Missing required scope: {scope}"
    )))
}
