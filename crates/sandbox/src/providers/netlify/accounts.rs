//! `GET /netlify/api/v1/user` and `/accounts`: who the caller is and which
//! accounts (teams) they belong to.
//!
//! Shapes follow the open-api definitions `user` and `accountMembership`
//! (no field is required there; the sandbox fills the ones a client reads
//! and never sends a field the definition lacks).

use axum::Json;
use serde_json::{json, Value};

use super::data::{Data, NetlifyAccount};
use super::{Answer, Call, NetlifyError};
use crate::clock::{from_millis, rfc3339};

pub(crate) async fn user(call: Call) -> Answer<Json<Value>> {
    let data = call.app.data();
    let s = &data.netlify;
    let u = s.user(&call.user_id).ok_or_else(NetlifyError::not_found)?;
    let site_count = s.sites.iter().filter(|site| site.user_id == u.id).count();
    let at = rfc3339(from_millis(u.created_at_ms));
    Ok(Json(json!({
        "id": u.id,
        "uid": u.id,
        "full_name": u.full_name,
        "avatar_url": "",
        "email": u.email,
        "affiliate_id": "",
        "site_count": site_count,
        "created_at": at,
        "last_login": rfc3339(call.app.now()),
        "login_providers": ["email"],
    })))
}

fn account_json(a: &NetlifyAccount, s: &Data) -> Value {
    let at = rfc3339(from_millis(a.created_at_ms));
    let sites = s.sites.iter().filter(|site| site.account_id == a.id);
    json!({
        "id": a.id,
        "name": a.name,
        "slug": a.slug,
        "type": a.type_name.to_lowercase(),
        "capabilities": {
            "sites": { "included": 500, "used": sites.count() },
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

pub(crate) async fn accounts(call: Call) -> Json<Vec<Value>> {
    let data = call.app.data();
    let s = &data.netlify;
    let mine = s.accounts_of(&call.user_id).into_iter();
    Json(mine.map(|a| account_json(a, s)).collect())
}
