//! `GET /neon/api/v2/users/me`, `/users/me/organizations` and `/regions`.
//!
//! Shapes: the spec's `CurrentUserInfoResponse` (every required field,
//! `billing_account` with its required fields), `OrganizationsResponse`
//! (`Organization`: id, name, handle, created_at, updated_at) and
//! `ActiveRegionsResponse` (`{regions: [{region_id, name, default, geo_lat,
//! geo_long}]}`). Organizations need the `urn:neoncloud:orgs:read` scope
//! when the token came from OAuth (API keys carry every scope).

use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::oauth_server::grants::Caller;

use super::{with_times, Answer, NeonError};
use crate::state::Api;

/// The regions the sandbox offers, with Neon's ids and names.
pub(crate) const REGIONS: [(&str, &str, f64, f64); 6] = [
    ("aws-us-east-1", "AWS US East (N. Virginia)", 38.9, -77.0),
    ("aws-us-east-2", "AWS US East (Ohio)", 39.9, -83.0),
    ("aws-us-west-2", "AWS US West (Oregon)", 45.5, -122.6),
    ("aws-eu-central-1", "AWS Europe (Frankfurt)", 50.1, 8.7),
    (
        "aws-ap-southeast-1",
        "AWS Asia Pacific (Singapore)",
        1.35,
        103.8,
    ),
    ("azure-eastus2", "Azure East US 2 (Virginia)", 36.7, -78.4),
];

/// 403 unless the caller's token has `scope`.
pub(crate) fn require_scope(c: &Caller, scope: &str) -> Result<(), NeonError> {
    if !c.has_scope(scope) {
        let message = format!("the token lacks the {scope} scope");
        return Err(NeonError::new(StatusCode::FORBIDDEN, message));
    }
    Ok(())
}

pub(crate) async fn me(Api(app, c): Api) -> Answer {
    let data = app.data();
    let u = (data.neon.users.iter().find(|u| u.id == c.user_id))
        .ok_or_else(|| NeonError::not_found("user"))?;
    Ok(Json(json!({
        "active_seconds_limit": 360000,
        "billing_account": {
            "payment_source": { "type": "" },
            "subscription_type": "free_v2",
            "quota_reset_at_last": rfc3339(app.now()),
            "email": u.email,
            "address_city": "",
            "address_country": "",
            "address_line1": "",
            "address_line2": "",
            "address_postal_code": "",
            "address_state": "",
        },
        "auth_accounts": [{
            "provider": "github",
            "email": u.email,
            "name": format!("{} {}", u.name, u.last_name),
            "login": u.login,
            "image": "",
        }],
        "email": u.email,
        "id": u.id,
        "image": "",
        "login": u.login,
        "name": u.name,
        "last_name": u.last_name,
        "projects_limit": 100,
        "branches_limit": 5000,
        "max_autoscaling_limit": 8,
        "compute_seconds_limit": 720000,
        "plan": "free_v2",
    })))
}

pub(crate) async fn organizations(Api(app, c): Api) -> Answer {
    require_scope(&c, "urn:neoncloud:orgs:read")?;
    let data = app.data();
    let orgs: Vec<_> = (data.neon.orgs_of(&c.user_id).into_iter())
        .map(|o| {
            let v = json!({ "id": o.id, "name": o.name, "handle": o.handle });
            with_times(v, o.created_at_ms)
        })
        .collect();
    Ok(Json(json!({ "organizations": orgs })))
}

pub(crate) async fn regions() -> Json<Value> {
    let regions: Vec<_> = (REGIONS.iter())
        .map(|(id, name, lat, long)| {
            json!({
                "region_id": id,
                "name": name,
                "default": *id == "aws-us-east-2",
                "geo_lat": lat.to_string(),
                "geo_long": long.to_string(),
            })
        })
        .collect();
    Json(json!({ "regions": regions }))
}
