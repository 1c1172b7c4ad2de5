//! A Netlify site's environment variables. The list the page gets names
//! each variable, whether it is secret and the deploy contexts it has a
//! value for, never a value: a plain variable's values go to the page only
//! when the user reveals them, and a secret one's never (Netlify itself
//! gives back only its `dev` value). Setting is write-only: the page sends
//! a value, Rust creates the variable or sets that context's value.
//!
//! Netlify keeps variables per account, so each call first reads the
//! site's account from Netlify (not from the page).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::netlify;
use super::site;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::net::ApiError;
use crate::providers::netlify::api::{EnvVar, NetlifyApi};
use crate::providers::Access;
use crate::validate;

/// The deploy contexts a value can be set for here (Netlify's `branch`
/// context, which needs a branch name as well, is left to its dashboard).
pub const CONTEXTS: &[&str] = &[
    "all",
    "production",
    "deploy-preview",
    "branch-deploy",
    "dev",
];
/// Where a new secret applies: everywhere Netlify lets a secret go.
const SECRET_SCOPES: &[&str] = &["builds", "functions", "runtime"];
/// The longest key Netlify accepts.
const MAX_KEY: usize = 255;
/// Netlify's limit on a value (5,000 characters).
const MAX_VALUE: usize = 5_000;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EnvVarView {
    pub key: String,
    pub is_secret: bool,
    /// Where it applies: `builds`, `functions`, `runtime`, `post-processing`.
    pub scopes: Vec<String>,
    /// The contexts it has a value for, in Netlify's order.
    pub contexts: Vec<String>,
    pub updated_at: Option<String>,
}

/// One value of a plain variable, shown on request.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EnvValueView {
    pub context: String,
    pub value: String,
}

#[derive(Clone, Deserialize, TS)]
#[ts(export)]
pub struct EnvVarSet {
    pub key: String,
    pub value: String,
    /// One of [`CONTEXTS`].
    pub context: String,
    /// For a new variable: whether Netlify keeps it secret (an existing
    /// variable keeps what it is).
    pub secret: bool,
}

/// The value is never printed: an error report or log line may hold this.
impl std::fmt::Debug for EnvVarSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvVarSet")
            .field("key", &self.key)
            .field("value", &"<hidden>")
            .field("context", &self.context)
            .field("secret", &self.secret)
            .finish()
    }
}

/// A key from the page that goes into a URL path (deleting): one the site
/// could have, never a path of its own (`..`, `/`) or a control character.
/// Looser than [`validate_set`]'s shape, so a variable made elsewhere with
/// a key Latchkey would not create can still be deleted.
fn key_for_path(key: &str) -> Result<&str, ConnectError> {
    let fine = !key.is_empty()
        && key.len() <= MAX_KEY
        && key != "."
        && key != ".."
        && !key.chars().any(|c| c == '/' || c == '\\' || c.is_control());
    if fine {
        Ok(key)
    } else {
        Err(ConnectError::Invalid {
            field: "key",
            message: "That is not a variable of this site.".into(),
        })
    }
}

pub fn validate_set(req: &EnvVarSet) -> Result<(), ConnectError> {
    let invalid = |field, message: String| Err(ConnectError::Invalid { field, message });
    let key = req.key.trim();
    let shaped = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !shaped || key.len() > MAX_KEY {
        return invalid(
            "key",
            format!("A key is letters, digits and \"_\", not starting with a digit, at most {MAX_KEY} characters."),
        );
    }
    if req.value.is_empty() {
        return invalid("value", "Enter a value.".into());
    }
    if req.value.chars().count() > MAX_VALUE {
        return invalid(
            "value",
            format!("Netlify takes values of at most {MAX_VALUE} characters."),
        );
    }
    if !CONTEXTS.contains(&req.context.as_str()) {
        return invalid(
            "context",
            "Choose one of the listed deploy contexts.".into(),
        );
    }
    // Netlify's policy for secrets: a value per context, never one for all.
    if req.secret && req.context == "all" {
        return invalid(
            "context",
            "Netlify keeps a secret value per deploy context: choose Production, Deploy previews, Branch deploys or Local development.".into(),
        );
    }
    Ok(())
}

fn view(var: &EnvVar) -> EnvVarView {
    let mut contexts: Vec<String> = var.values.iter().map(|v| v.context.clone()).collect();
    contexts.sort_by_key(|c| {
        CONTEXTS
            .iter()
            .position(|k| k == c)
            .unwrap_or(CONTEXTS.len())
    });
    contexts.dedup();
    EnvVarView {
        key: var.key.clone(),
        is_secret: var.is_secret,
        scopes: var.scopes.clone(),
        contexts,
        updated_at: var.updated_at.clone(),
    }
}

/// What is said of a variable deleted since the list was read.
fn gone(key: &str) -> String {
    format!("The site has no variable {key:?} any more.")
}

/// The account the site belongs to, as Netlify says now.
async fn account_of(
    connections: &Connections,
    id: &ConnectionId,
    api: &NetlifyApi,
    site: &str,
) -> Result<String, ConnectError> {
    let account = site::fetch(connections, id, api, site)
        .await?
        .account_id
        .ok_or(ConnectError::Api(ApiError::BadResponse))?;
    validate::id("account", &account)?;
    Ok(account)
}

async fn vars(
    connections: &Connections,
    id: &ConnectionId,
    api: &NetlifyApi,
    account: &str,
    site: &str,
) -> Result<Vec<EnvVar>, ConnectError> {
    let mut vars = connections
        .with_token(id, Access::ReadSecrets, |t| async move {
            api.env_vars(&t, account, site).await
        })
        .await?;
    vars.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(vars)
}

/// The site's variables, values left out.
pub async fn list(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
) -> Result<Vec<EnvVarView>, ConnectError> {
    let api = netlify(connections, id)?;
    let account = account_of(connections, id, api, site).await?;
    let found = vars(connections, id, api, &account, site).await?;
    Ok(found.iter().map(view).collect())
}

/// A plain variable's values, on the user's request; a secret one's are
/// refused, so they never reach the page.
pub async fn reveal(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
    key: &str,
) -> Result<Vec<EnvValueView>, ConnectError> {
    let api = netlify(connections, id)?;
    let account = account_of(connections, id, api, site).await?;
    let found = vars(connections, id, api, &account, site).await?;
    let var = found
        .into_iter()
        .find(|v| v.key == key)
        .ok_or_else(|| ConnectError::Invalid {
            field: "key",
            message: gone(key),
        })?;
    if var.is_secret {
        return Err(ConnectError::Invalid {
            field: "key",
            message: "This variable is secret: Netlify gives its values only to builds and functions, so Latchkey does not show them.".into(),
        });
    }
    let mut values: Vec<EnvValueView> = var
        .values
        .into_iter()
        .filter_map(|v| {
            Some(EnvValueView {
                context: v.context,
                value: v.value?,
            })
        })
        .collect();
    values.sort_by_key(|v| {
        CONTEXTS
            .iter()
            .position(|k| *k == v.context)
            .unwrap_or(CONTEXTS.len())
    });
    Ok(values)
}

/// Creates the variable with this one value, or sets its value for the
/// context if it exists; answers the list as it is now.
pub async fn set(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
    req: EnvVarSet,
) -> Result<Vec<EnvVarView>, ConnectError> {
    validate_set(&req)?;
    let api = netlify(connections, id)?;
    let account = account_of(connections, id, api, site).await?;
    let key = req.key.trim();
    let existing = vars(connections, id, api, &account, site).await?;
    let exists = existing.iter().any(|v| v.key == key);
    let account = account.as_str();
    if exists {
        let value = serde_json::json!({ "context": req.context, "value": req.value });
        let value = &value;
        connections
            .with_token(id, Access::WriteSecrets, |t| async move {
                api.set_env_value(&t, account, site, key, value).await
            })
            .await?;
    } else {
        let mut var = serde_json::json!({
            "key": key,
            "is_secret": req.secret,
            "values": [{ "context": req.context, "value": req.value }],
        });
        // A secret must name where it is read, and Netlify never hands one
        // to post-processing (snippet injection would publish it).
        if req.secret {
            var["scopes"] = serde_json::json!(SECRET_SCOPES);
        }
        let var = &var;
        connections
            .with_token(id, Access::WriteSecrets, |t| async move {
                api.create_env_var(&t, account, site, var).await
            })
            .await?;
    }
    let now = vars(connections, id, api, account, site).await?;
    Ok(now.iter().map(view).collect())
}

/// Deletes the variable, every context's value; answers the list as it is now.
pub async fn delete(
    connections: &Connections,
    id: &ConnectionId,
    site: &str,
    key: &str,
) -> Result<Vec<EnvVarView>, ConnectError> {
    let key = key_for_path(key)?;
    let api = netlify(connections, id)?;
    let account = account_of(connections, id, api, site).await?;
    let account = account.as_str();
    connections
        .with_token(id, Access::WriteSecrets, |t| async move {
            api.delete_env_var(&t, account, site, key).await
        })
        .await
        .map_err(|e| e.not_found_as("key", || gone(key)))?;
    let now = vars(connections, id, api, account, site).await?;
    Ok(now.iter().map(view).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::netlify::api::EnvValue;

    fn set_request(key: &str, value: &str, context: &str) -> EnvVarSet {
        EnvVarSet {
            key: key.into(),
            value: value.into(),
            context: context.into(),
            secret: false,
        }
    }

    #[test]
    fn what_is_set_is_checked_first() {
        let field = |r: EnvVarSet| validate_set(&r).unwrap_err().invalid_field();
        assert_eq!(field(set_request("", "v", "all")), Some("key"));
        assert_eq!(field(set_request("1ABC", "v", "all")), Some("key"));
        assert_eq!(field(set_request("A-B", "v", "all")), Some("key"));
        assert_eq!(field(set_request("API_URL", "", "all")), Some("value"));
        assert_eq!(
            field(set_request("API_URL", &"x".repeat(5_001), "all")),
            Some("value")
        );
        assert_eq!(
            field(set_request("API_URL", "v", "staging")),
            Some("context")
        );
        assert!(validate_set(&set_request("_API_URL2", "v", "deploy-preview")).is_ok());
        let secret_for_all = EnvVarSet {
            secret: true,
            ..set_request("STRIPE_KEY", "v", "all")
        };
        assert_eq!(field(secret_for_all), Some("context"));
    }

    #[test]
    fn the_list_names_contexts_in_netlify_order_and_carries_no_value() {
        let value = |context: &str| EnvValue {
            value: Some("s3cret-value".into()),
            context: context.into(),
        };
        let var = EnvVar {
            key: "API".into(),
            scopes: vec!["builds".into()],
            values: vec![value("dev"), value("production"), value("all")],
            is_secret: false,
            updated_at: None,
        };
        let shown = view(&var);
        assert_eq!(shown.contexts, ["all", "production", "dev"]);
        let json = serde_json::to_string(&shown).unwrap();
        assert!(!json.contains("s3cret"), "{json}");
    }

    #[test]
    fn a_key_to_delete_cannot_be_a_path() {
        for bad in ["", ".", "..", "a/b", "..\\x", "A\nB"] {
            assert_eq!(
                key_for_path(bad).unwrap_err().invalid_field(),
                Some("key"),
                "{bad:?}"
            );
        }
        assert!(key_for_path("NEXT_PUBLIC_URL").is_ok());
        assert!(key_for_path("my.key-1").is_ok());
    }

    #[test]
    fn a_value_being_set_is_never_in_debug_output() {
        let shown = format!("{:?}", set_request("API_URL", "s3cret-value", "all"));
        assert!(
            shown.contains("API_URL") && !shown.contains("s3cret"),
            "{shown}"
        );
    }
}
