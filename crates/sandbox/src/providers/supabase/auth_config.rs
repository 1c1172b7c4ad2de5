//! `GET` and `PATCH /v1/projects/{ref}/config/auth`.
//!
//! GET answers the spec's full `AuthConfigResponse` (237 fields, all present,
//! `null` where unset): the defaults of a new Supabase project
//! (`auth_config_defaults.json`) merged with what PATCHes have set.
//!
//! PATCH semantics (documented in docs/sandbox.md):
//! - only the fields present in the body change; absent fields keep their
//!   value (a partial SMTP update touches nothing else);
//! - every field is checked against the spec's `UpdateAuthConfigBody`
//!   (type, nullability, enum, bounds, pattern, email format); the first
//!   problem is a 400 naming the field and nothing is stored;
//! - `smtp_port` is a **string** (as the spec says) holding a port number
//!   1–65535; a JSON number is refused;
//! - an explicit `null` clears a nullable field (e.g. `"smtp_pass": null`
//!   removes the password); for the few fields the response declares
//!   non-nullable, `null` restores the default;
//! - properties the spec does not list for PATCH (read-only ones included)
//!   are ignored, since the schema does not forbid additional properties.
//!
//! `smtp_pass` is write-only: GET and PATCH always answer `null` for it,
//! whether or not one is stored, so a password never travels back out.
//! The admin API can read the stored value for tests.
//!
//! Every PATCH body is recorded verbatim with the status it got (admin
//! `GET /admin/auth-config-patches`), so a test can assert that exactly the
//! submitted fields reached the server.

use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{Map, Value};

use super::model::Project;
use super::spec::spec;
use super::{access::project_for, body};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::oauth_server::grants::Caller as Principal;
use crate::state::{Api, AppState, AuthConfigPatch};

/// Fields never returned in clear.
pub const WRITE_ONLY: [&str; 1] = ["smtp_pass"];

const DEFAULTS_JSON: &str = include_str!("auth_config_defaults.json");

fn defaults() -> &'static Map<String, Value> {
    static DEFAULTS: OnceLock<Map<String, Value>> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        serde_json::from_str(DEFAULTS_JSON).expect("auth_config_defaults.json is a JSON object")
    })
}

/// The stored configuration: defaults merged with the project's overrides,
/// write-only fields included (admin use).
pub(crate) fn stored_config(project: &Project) -> Map<String, Value> {
    let mut config = defaults().clone();
    config.extend(project.auth_config.clone());
    config
}

/// What the API returns: the stored configuration minus write-only values.
fn public_config(project: &Project) -> Map<String, Value> {
    let mut config = stored_config(project);
    config.extend(WRITE_ONLY.map(|k| (k.to_owned(), Value::Null)));
    config
}

pub(crate) async fn get_config(
    Api(app, p): Api,
    Path(reference): Path<String>,
) -> Result<Json<Map<String, Value>>, ApiError> {
    let store = app.store();
    Ok(Json(public_config(project_for(&store, &p, &reference)?)))
}

pub(crate) async fn patch_config(
    Api(app, p): Api,
    Path(reference): Path<String>,
    headers: HeaderMap,
    raw: Bytes,
) -> Result<Json<Map<String, Value>>, ApiError> {
    let result = apply_patch(&app, &p, &reference, &headers, &raw);
    let status = match &result {
        Ok(_) => StatusCode::OK,
        Err(e) => e.status,
    };
    app.record_patch(AuthConfigPatch {
        reference: reference.clone(),
        received_at: rfc3339(app.now()),
        status: status.as_u16(),
        body: serde_json::from_slice(&raw)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&raw).into_owned())),
    });
    result.map(Json)
}

fn apply_patch(
    app: &AppState,
    p: &Principal,
    reference: &str,
    headers: &HeaderMap,
    raw: &[u8],
) -> Result<Map<String, Value>, ApiError> {
    project_for(&app.store(), p, reference)?;
    let patch = body::json_object(headers, raw)?;
    let spec = spec();
    let mut changes: Vec<(String, Option<Value>)> = Vec::new();
    for (k, v) in &patch {
        let Some(rule) = spec.update_auth.get(k) else {
            continue;
        };
        rule.check(k, v).map_err(ApiError::bad_request)?;
        let port = v.as_str().filter(|_| k == "smtp_port");
        if port.is_some_and(|port| !port.parse::<u16>().is_ok_and(|n| n > 0)) {
            return Err(ApiError::bad_request(
                "smtp_port must be a port number (1-65535) as a string",
            ));
        }
        let response_nullable = spec.response_auth_nullable.get(k).copied().unwrap_or(true);
        let value = match v {
            // Integers arrive as 60 or 60.0; store them as integers.
            Value::Number(n) if rule.kind == super::spec::Kind::Integer => Some(
                n.as_i64()
                    .map(Value::from)
                    .unwrap_or_else(|| Value::from(n.as_f64().unwrap_or(0.0) as i64)),
            ),
            Value::Null if !response_nullable => None,
            other => Some(other.clone()),
        };
        changes.push((k.clone(), value));
    }
    app.mutate(|s| {
        let project = s
            .projects
            .get_mut(reference)
            .ok_or_else(|| ApiError::not_found("Project not found"))?;
        for (k, v) in changes {
            match v {
                Some(v) => project.auth_config.insert(k, v),
                None => project.auth_config.remove(&k),
            };
        }
        Ok(public_config(project))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_exactly_the_response_fields_and_valid_values() {
        let d = defaults();
        let s = spec();
        let keys: Vec<&String> = d.keys().collect();
        let spec_keys: Vec<&String> = s.response_auth_nullable.keys().collect();
        assert_eq!(keys, spec_keys);
        for (k, v) in d {
            if let Some(rule) = s.update_auth.get(k) {
                let mut rule = rule.clone();
                rule.nullable = s.response_auth_nullable[k];
                rule.check(k, v)
                    .unwrap_or_else(|e| panic!("default of {k}: {e}"));
            }
        }
    }
}
