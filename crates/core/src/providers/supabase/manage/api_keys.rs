//! A project's API keys: listed masked, revealed one at a time on request,
//! and copied as a `.env` snippet, the secret/service key only when the user
//! confirmed it (it bypasses Row Level Security).
//!
//! Invariant: a secret key's value never leaves this module except towards
//! the clipboard (the caller writes it there from Rust). [`reveal`], whose
//! answer goes to the webview, refuses secret keys whatever the page asks;
//! [`copy_value`] hands a secret key out only with the user's confirmation,
//! as a [`SecretString`] the Tauri layer writes to the clipboard.

use secrecy::{ExposeSecret, SecretString};

use super::dto::ApiKeyView;
use super::supabase;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::supabase::api::ApiKey;
use crate::providers::Access;

/// Secret keys (`sb_secret_…`, the legacy `service_role`) versus the rest.
fn is_secret(key: &ApiKey) -> bool {
    key.kind.as_deref() == Some("secret") || key.name == "service_role"
}

fn kind(key: &ApiKey) -> &'static str {
    match (key.kind.as_deref(), key.name.as_str()) {
        (Some("secret"), _) | (_, "service_role") => "secret",
        (Some("publishable"), _) | (_, "anon") => "publishable",
        _ => "other",
    }
}

/// The key's handle for the UI: the provider's id, else its name.
fn key_id(key: &ApiKey) -> &str {
    key.id.as_deref().unwrap_or(&key.name)
}

fn hidden(value: Option<&str>) -> String {
    let value = value.unwrap_or_default();
    let shown: String = value.chars().take(8).collect();
    format!("{shown}{}", "•".repeat(12))
}

async fn fetch(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    reveal: bool,
) -> Result<Vec<ApiKey>, ConnectError> {
    let api = supabase(connections, id)?;
    connections
        .with_token(id, Access::ReadSecrets, |t| async move {
            api.api_keys(&t, reference, reveal).await
        })
        .await
}

/// The keys with their values hidden.
pub async fn list(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<Vec<ApiKeyView>, ConnectError> {
    Ok(fetch(connections, id, reference, false)
        .await?
        .iter()
        .map(|k| ApiKeyView {
            id: key_id(k).to_owned(),
            name: k.name.clone(),
            kind: kind(k).to_owned(),
            hidden: hidden(k.api_key.as_deref()),
        })
        .collect())
}

/// The key with handle `key`, its value fetched in full.
async fn find(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    key: &str,
) -> Result<ApiKey, ConnectError> {
    fetch(connections, id, reference, true)
        .await?
        .into_iter()
        .find(|k| key_id(k) == key && k.api_key.is_some())
        .ok_or_else(|| ConnectError::Invalid {
            field: "key",
            message: "The project has no such API key (it may have been deleted). Reload the keys."
                .into(),
        })
}

/// A publishable key's value, for the page to show. Secret keys are refused:
/// they are copied to the clipboard by [`copy_value`], never shown.
pub async fn reveal(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    key: &str,
) -> Result<String, ConnectError> {
    let found = find(connections, id, reference, key).await?;
    if is_secret(&found) {
        return Err(ConnectError::Invalid {
            field: "key",
            message: "Secret keys are never shown on screen. Use Copy: Latchkey puts it on the clipboard after you confirm.".into(),
        });
    }
    Ok(found.api_key.unwrap_or_default())
}

/// A key's value for the clipboard; a secret key only when `confirmed` (the
/// user accepted the warning that it bypasses Row Level Security).
pub async fn copy_value(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    key: &str,
    confirmed: bool,
) -> Result<SecretString, ConnectError> {
    let found = find(connections, id, reference, key).await?;
    if is_secret(&found) && !confirmed {
        return Err(ConnectError::Invalid {
            field: "confirmed",
            message:
                "Copying a secret key needs your confirmation: it bypasses Row Level Security."
                    .into(),
        });
    }
    Ok(SecretString::from(found.api_key.unwrap_or_default()))
}

/// `SUPABASE_URL` and the publishable (or legacy anon) key; the secret (or
/// service role) key only with `include_secret`.
pub async fn env_file(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    include_secret: bool,
) -> Result<String, ConnectError> {
    let keys = fetch(connections, id, reference, include_secret).await?;
    let pick = |wanted: &str, legacy: &str| {
        keys.iter()
            .find(|k| kind(k) == wanted && k.name != legacy)
            .or_else(|| keys.iter().find(|k| k.name == legacy))
            .and_then(|k| k.api_key.clone())
    };
    let mut lines = vec![format!("SUPABASE_URL=https://{reference}.supabase.co")];
    if let Some(key) = pick("publishable", "anon") {
        lines.push(format!("SUPABASE_ANON_KEY={key}"));
    }
    if include_secret {
        match pick("secret", "service_role") {
            Some(key)
                if keys
                    .iter()
                    .any(|k| is_secret(k) && k.api_key.as_deref() == Some(key.as_str())) =>
            {
                lines.push(format!("SUPABASE_SERVICE_ROLE_KEY={key}"));
            }
            _ => {}
        }
        // The database password is a secret too: only with the secret key,
        // and only when one is saved (Supabase never returns it).
        let direct = super::endpoints::DatabaseRoute::Direct;
        let url = super::db_password::connection_string(
            connections,
            id,
            reference,
            direct,
            None,
            false,
            false,
        );
        match url.await {
            Ok(url) => lines.push(format!("DATABASE_URL={}", url.expose_secret())),
            Err(ConnectError::Invalid {
                field: "password", ..
            }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classed_and_hidden() {
        let secret = ApiKey {
            name: "default".into(),
            id: Some("5c1d".into()),
            api_key: Some("sb_secret_abcdef123".into()),
            kind: Some("secret".into()),
        };
        let anon = ApiKey {
            name: "anon".into(),
            id: None,
            api_key: Some("eyJhbGciOi".into()),
            kind: Some("legacy".into()),
        };
        assert_eq!(kind(&secret), "secret");
        assert_eq!(kind(&anon), "publishable");
        assert_eq!(hidden(secret.api_key.as_deref()), "sb_secre••••••••••••");
        assert_eq!(key_id(&secret), "5c1d");
        assert_eq!(key_id(&anon), "anon", "legacy keys are known by name");
        let debug = format!("{secret:?}");
        assert!(
            !debug.contains("abcdef"),
            "Debug never shows a key: {debug}"
        );
    }
}
