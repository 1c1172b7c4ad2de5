//! `GET /v1/projects/{ref}/api-keys[?reveal=true|false]`.
//!
//! Each project has the four keys a new Supabase project has: the legacy
//! `anon` and `service_role` JWTs and a default publishable and secret key,
//! as the spec's `ApiKeyResponse[]`. Keys are derived from the project ref
//! (SHA-256 with a fixed label), so they are stable across restarts without
//! being stored, and obviously fake: the JWT signatures verify against
//! nothing.
//!
//! `reveal`: without `reveal=true` a secret key's `api_key` is masked (its
//! prefix and four characters, then bullets), as on Supabase; publishable
//! and legacy keys are always returned in full.

use axum::extract::Path;
use axum::http::Uri;
use axum::Json;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::access::project_for;
use super::model::Project;
use crate::clock::{from_millis, rfc3339};
use crate::error::ApiError;
use crate::params::Params;
use crate::state::Api;

#[derive(Serialize, Default)]
pub(crate) struct ApiKey {
    api_key: Option<String>,
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    prefix: Option<String>,
    name: &'static str,
    description: Option<&'static str>,
    hash: Option<String>,
    secret_jwt_template: Option<serde_json::Value>,
    inserted_at: Option<String>,
    updated_at: Option<String>,
}

fn derive(reference: &str, label: &str) -> [u8; 32] {
    Sha256::digest(format!("latchkey-sandbox:{label}:{reference}").as_bytes()).into()
}

fn uuid_from(bytes: &[u8; 32]) -> String {
    let half: [u8; 16] = bytes[..16].try_into().expect("16 of 32 bytes");
    // A `Uuid` displays hyphenated.
    uuid::Builder::from_random_bytes(half)
        .into_uuid()
        .to_string()
}

fn legacy_jwt(p: &Project, role: &str) -> String {
    let iat = p.created_at_ms / 1000;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(
        serde_json::json!({"iss": "supabase", "ref": p.reference, "role": role, "iat": iat, "exp": iat + 315_360_000})
            .to_string(),
    );
    let signature = URL_SAFE_NO_PAD.encode(derive(&p.reference, &format!("jwt-{role}")));
    format!("{header}.{payload}.{signature}")
}

/// A new-style key of `kind` (`publishable` or `secret`): the key and its
/// shown prefix (the kind's prefix and four characters).
fn new_key(p: &Project, kind: &str) -> (String, String) {
    let head = format!("sb_{kind}_");
    let encoded = URL_SAFE_NO_PAD.encode(derive(&p.reference, kind));
    let key = format!("{head}{}", &encoded[..31]);
    (key.clone(), key.chars().take(head.len() + 4).collect())
}

fn keys(p: &Project, reveal: bool) -> Vec<ApiKey> {
    let at = Some(rfc3339(from_millis(p.created_at_ms)));
    let legacy = |role: &'static str, description: &'static str| ApiKey {
        api_key: Some(legacy_jwt(p, role)),
        id: Some(role.to_owned()),
        kind: Some("legacy"),
        name: role,
        description: Some(description),
        ..ApiKey::default()
    };
    let (publishable, publishable_prefix) = new_key(p, "publishable");
    let (secret, secret_prefix) = new_key(p, "secret");
    let shown_secret = if reveal {
        secret.clone()
    } else {
        format!("{secret_prefix}{}", "•".repeat(27))
    };
    vec![
        legacy("anon", "Legacy anon API key"),
        legacy("service_role", "Legacy service_role API key"),
        ApiKey {
            api_key: Some(publishable),
            id: Some(uuid_from(&derive(&p.reference, "publishable-id"))),
            kind: Some("publishable"),
            prefix: Some(publishable_prefix),
            name: "default",
            inserted_at: at.clone(),
            updated_at: at.clone(),
            ..ApiKey::default()
        },
        ApiKey {
            api_key: Some(shown_secret),
            id: Some(uuid_from(&derive(&p.reference, "secret-id"))),
            kind: Some("secret"),
            prefix: Some(secret_prefix),
            name: "default",
            hash: Some(STANDARD.encode(Sha256::digest(secret.as_bytes()))),
            secret_jwt_template: Some(serde_json::json!({ "role": "service_role" })),
            inserted_at: at.clone(),
            updated_at: at,
            ..ApiKey::default()
        },
    ]
}

pub(crate) async fn list(
    Api(app, p): Api,
    Path(reference): Path<String>,
    uri: Uri,
) -> Result<Json<Vec<ApiKey>>, ApiError> {
    let reveal = match Params::from_query(&uri).single("reveal")? {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_request("reveal must be a boolean value")),
    };
    let store = app.store();
    Ok(Json(keys(project_for(&store, &p, &reference)?, reveal)))
}
