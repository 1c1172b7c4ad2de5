//! A project's API keys: listed masked, revealed one at a time on request,
//! and copied as a `.env` snippet, the secret/service key only when the user
//! confirmed it (it bypasses Row Level Security).

use super::dto::ApiKeyView;
use super::supabase;
use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::supabase::api::ApiKey;

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

fn hidden(value: Option<&str>) -> String {
    let value = value.unwrap_or_default();
    let shown: String = value.chars().take(8).collect();
    format!("{shown}{}", "•".repeat(12))
}

async fn fetch(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
    reveal: bool,
) -> Result<Vec<ApiKey>, ConnectError> {
    let api = supabase(connector, id)?;
    connector
        .with_token(
            id,
            |t| async move { api.api_keys(&t, reference, reveal).await },
        )
        .await
}

/// The keys with their values hidden.
pub async fn list(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
) -> Result<Vec<ApiKeyView>, ConnectError> {
    Ok(fetch(connector, id, reference, false)
        .await?
        .iter()
        .map(|k| ApiKeyView {
            name: k.name.clone(),
            kind: kind(k).to_owned(),
            hidden: hidden(k.api_key.as_deref()),
        })
        .collect())
}

/// One key's value, asked for explicitly.
pub async fn reveal(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
    name: &str,
) -> Result<String, ConnectError> {
    fetch(connector, id, reference, true)
        .await?
        .into_iter()
        .find(|k| k.name == name)
        .and_then(|k| k.api_key)
        .ok_or_else(|| ConnectError::Invalid {
            field: "name",
            message: format!("The project has no API key named {name}."),
        })
}

/// `SUPABASE_URL` and the publishable (or legacy anon) key; the secret (or
/// service role) key only with `include_secret`.
pub async fn env_file(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
    include_secret: bool,
) -> Result<String, ConnectError> {
    let keys = fetch(connector, id, reference, include_secret).await?;
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
            api_key: Some("sb_secret_abcdef123".into()),
            kind: Some("secret".into()),
        };
        let anon = ApiKey {
            name: "anon".into(),
            api_key: Some("eyJhbGciOi".into()),
            kind: Some("legacy".into()),
        };
        assert_eq!(kind(&secret), "secret");
        assert_eq!(kind(&anon), "publishable");
        assert_eq!(hidden(secret.api_key.as_deref()), "sb_secre••••••••••••");
    }
}
