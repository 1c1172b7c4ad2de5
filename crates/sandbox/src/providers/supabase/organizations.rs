//! `GET /v1/organizations`, `GET /v1/organizations/{slug}` and `GET /v1/profile`.
//!
//! The list is the spec's `OrganizationResponseV1[]` (`id`, `slug`, `name`;
//! `id` is the deprecated alias of `slug`, so they are equal). An OAuth token
//! lists only its grant's organization. The single organization is
//! `V1OrganizationSlugResponse`, which has no `slug` field in the spec. The
//! profile is the token's user, as `V1ProfileResponse` (`gotrue_id`,
//! `primary_email`, `username`).

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::access::org_for;
use crate::error::ApiError;
use crate::state::Api;

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

#[derive(Serialize)]
struct Profile<'a> {
    gotrue_id: &'a str,
    primary_email: &'a str,
    username: &'a str,
}

pub(crate) async fn list(Api(app, p): Api) -> Response {
    let store = app.store();
    let items: Vec<OrganizationItem> = (store.visible_orgs(&p).into_iter())
        .map(|o| OrganizationItem {
            id: &o.slug,
            slug: &o.slug,
            name: &o.name,
        })
        .collect();
    Json(items).into_response()
}

pub(crate) async fn get_one(
    Api(app, p): Api,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let store = app.store();
    let o = org_for(&store, &p, &slug)?;
    Ok(Json(OrganizationDetail {
        id: &o.slug,
        name: &o.name,
        plan: &o.plan,
        opt_in_tags: &o.opt_in_tags,
        allowed_release_channels: &o.allowed_release_channels,
    })
    .into_response())
}

pub(crate) async fn profile(Api(app, p): Api) -> Result<Response, ApiError> {
    let store = app.store();
    let u = store
        .users
        .get(&p.user_id)
        .ok_or_else(ApiError::unauthorized)?;
    Ok(Json(Profile {
        gotrue_id: &u.id,
        primary_email: &u.email,
        username: &u.username,
    })
    .into_response())
}
