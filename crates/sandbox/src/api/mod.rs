//! The emulated Management API (`/v1/...` with a bearer token).
//!
//! Each module serves one resource with the spec's exact wire shapes:
//! `organizations`, `projects` (incl. creation and an organization's paged
//! list), `regions`, `profile`, `health`, `api_keys`, `auth_config`. `guard`
//! authenticates and rate-limits every one of these routes; `body` reads
//! request input with Supabase-style messages.
//!
//! Access rules shared by all: an OAuth token reaches only its grant's
//! organization (anything else is 403); a personal access token reaches its
//! user's organizations; an organization or project the caller cannot know
//! about is 404.

use std::sync::Arc;

use axum::middleware;
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::ids;
use crate::model::{Organization, Project};
use crate::state::AppState;
use crate::store::{OrgAccess, Principal, Store};

pub(crate) mod api_keys;
pub(crate) mod auth_config;
pub(crate) mod body;
pub(crate) mod guard;
pub(crate) mod health;
pub(crate) mod organizations;
pub(crate) mod profile;
pub(crate) mod projects;
pub(crate) mod regions;

pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/organizations", get(organizations::list))
        .route("/v1/organizations/{slug}", get(organizations::get_one))
        .route(
            "/v1/organizations/{slug}/projects",
            get(projects::list_for_org),
        )
        .route("/v1/projects", get(projects::list).post(projects::create))
        .route("/v1/projects/available-regions", get(regions::available))
        .route("/v1/projects/{ref}", get(projects::get_one))
        .route("/v1/projects/{ref}/health", get(health::health))
        .route("/v1/projects/{ref}/api-keys", get(api_keys::list))
        .route(
            "/v1/projects/{ref}/config/auth",
            get(auth_config::get_config).patch(auth_config::patch_config),
        )
        .route("/v1/profile", get(profile::profile))
        .route_layer(middleware::from_fn_with_state(state, guard::guard))
}

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
