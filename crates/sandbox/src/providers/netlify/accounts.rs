//! `GET /netlify/api/v1/user` and `/accounts`: who the caller is and which
//! accounts (teams) they belong to.
//!
//! Shapes follow the open-api definitions `user` and `accountMembership`
//! (no field is required there; the sandbox fills the ones a client reads
//! and never sends a field the definition lacks).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::data::{Data, NetlifyAccount};
use crate::clock::{from_millis, rfc3339};
use crate::state::{App, Auth};

pub(crate) async fn user(State(app): App, Extension(c): Auth) -> Response {
    let data = app.data();
    let s = &data.netlify;
    let Some(u) = s.users.iter().find(|u| u.id == c.user_id) else {
        return super::error(StatusCode::NOT_FOUND, "Not Found");
    };
    let site_count = s.sites.iter().filter(|site| site.user_id == u.id).count();
    let at = rfc3339(from_millis(u.created_at_ms));
    Json(json!({
        "id": u.id,
        "uid": u.id,
        "full_name": u.full_name,
        "avatar_url": "",
        "email": u.email,
        "affiliate_id": "",
        "site_count": site_count,
        "created_at": at,
        "last_login": rfc3339(app.now()),
        "login_providers": ["email"],
    }))
    .into_response()
}

fn account_json(a: &NetlifyAccount, s: &Data) -> Value {
    let at = rfc3339(from_millis(a.created_at_ms));
    let sites = s
        .sites
        .iter()
        .filter(|site| site.account_id == a.id)
        .count();
    json!({
        "id": a.id,
        "name": a.name,
        "slug": a.slug,
        "type": a.type_name.to_lowercase(),
        "capabilities": {
            "sites": { "included": 500, "used": sites },
            "collaborators": { "included": 1, "used": a.members.len() },
        },
        "billing_name": a.name,
        "billing_email": "",
        "billing_details": "",
        "billing_period": "monthly",
        "payment_method_id": "",
        "type_name": a.type_name,
        "type_id": a.type_name.to_lowercase(),
        "owner_ids": a.owner_ids,
        "roles_allowed": ["Owner", "Collaborator"],
        "created_at": at,
        "updated_at": at,
    })
}

pub(crate) async fn accounts(State(app): App, Extension(c): Auth) -> Json<Vec<Value>> {
    let data = app.data();
    let s = &data.netlify;
    Json(
        s.accounts_of(&c.user_id)
            .into_iter()
            .map(|a| account_json(a, s))
            .collect(),
    )
}
