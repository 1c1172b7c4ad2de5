//! `GET /v1/organizations` and `GET /v1/organizations/{slug}`.
//!
//! The list is the spec's `OrganizationResponseV1[]` (`id`, `slug`, `name`;
//! `id` is the deprecated alias of `slug`, so they are equal). An OAuth token
//! lists only its grant's organization. The single organization is
//! `V1OrganizationSlugResponse`, which has no `slug` field in the spec.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;

use super::access::org_for;
use crate::oauth_server::grants::Caller as Principal;
use crate::state::AppState;

#[derive(Serialize)]
struct OrganizationItem<'a> {
    id: &'a str,
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct OrganizationDetail<'a> {
    id: &'a str,
    name: &'a str,
    plan: &'a str,
    opt_in_tags: &'a [String],
    allowed_release_channels: &'a [String],
}

pub(crate) async fn list(
    State(app): State<Arc<AppState>>,
    Extension(p): Extension<Principal>,
) -> Response {
    let store = app.store();
    let items: Vec<OrganizationItem> = store
        .visible_orgs(&p)
        .into_iter()
        .map(|o| OrganizationItem {
            id: &o.slug,
            slug: &o.slug,
            name: &o.name,
        })
        .collect();
    Json(items).into_response()
}

pub(crate) async fn get_one(
    State(app): State<Arc<AppState>>,
    Extension(p): Extension<Principal>,
    Path(slug): Path<String>,
) -> Response {
    let store = app.store();
    match org_for(&store, &p, &slug) {
        Ok(o) => Json(OrganizationDetail {
            id: &o.slug,
            name: &o.name,
            plan: &o.plan,
            opt_in_tags: &o.opt_in_tags,
            allowed_release_channels: &o.allowed_release_channels,
        })
        .into_response(),
        Err(e) => e.into_response(),
    }
}
