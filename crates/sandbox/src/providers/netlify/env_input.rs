//! What the env routes accept: request bodies and query filters, checked
//! completely before anything changes, so a refused request (422) leaves
//! the variables as they were.
//!
//! Bodies follow the swagger's parameters of createEnvVars (an array),
//! updateEnvVar and setEnvVarValue; unknown fields are ignored and a value's
//! `id` is never taken from the client. Rules the swagger states: contexts
//! and scopes are its enums, `branch` needs `context_parameter`. Rules from
//! Netlify's secrets policy (docs.netlify.com, "Secrets Controller"): a
//! secret needs explicit scopes, never `post-processing`, and explicit
//! contexts (no `all`); a secret cannot be made non-secret again. Rules of
//! the sandbox's own, which keep the data well-formed: a key is non-empty
//! without whitespace, one value per (context, context_parameter), a
//! `context_parameter` only with `branch`.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::data::{NetlifyEnvValue, NetlifyEnvVar};

/// The `context` enum of `envVar.values`.
pub(super) const CONTEXTS: [&str; 7] = [
    "all",
    "dev",
    "dev-server",
    "branch-deploy",
    "deploy-preview",
    "production",
    "branch",
];
/// The `scopes` enum of `envVar`.
pub(super) const SCOPES: [&str; 4] = ["builds", "functions", "runtime", "post-processing"];

#[derive(Debug, Deserialize)]
pub(super) struct VarBody {
    pub key: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub values: Option<Vec<ValueBody>>,
    pub is_secret: Option<bool>,
}

/// One value of a body; also the whole body of setEnvVarValue.
#[derive(Debug, Deserialize)]
pub(super) struct ValueBody {
    pub value: Option<String>,
    pub context: Option<String>,
    pub context_parameter: Option<String>,
}

/// The JSON body as `T`; the message of a 422 otherwise.
pub(super) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("Invalid request body: {e}"))
}

pub(super) fn key(k: &str) -> Result<String, String> {
    if k.is_empty() || k.chars().any(char::is_whitespace) {
        return Err("key must be non-empty and contain no whitespace".to_owned());
    }
    Ok(k.to_owned())
}

/// Scopes in the enum, deduplicated; `post_processing` (the spelling of
/// getSiteEnvVars' filter) is taken for `post-processing`.
pub(super) fn scopes(given: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for s in given {
        let s = scope(s)?;
        if !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    }
    Ok(out)
}

/// The enum's spelling of scope `s` (`_` for `-` only matters for
/// `post_processing`).
pub(super) fn scope(s: &str) -> Result<&'static str, String> {
    let spelled = s.replace('_', "-");
    let known = SCOPES.iter().copied().find(|x| *x == spelled);
    known.ok_or_else(|| format!("unknown scope {s}"))
}

/// A checked value, its id still to be given (empty).
pub(super) fn value(v: &ValueBody) -> Result<NetlifyEnvValue, String> {
    let context = v.context.as_deref().ok_or("context is required")?;
    if !CONTEXTS.contains(&context) {
        return Err(format!("unknown context {context}"));
    }
    let parameter = v.context_parameter.clone().filter(|p| !p.is_empty());
    match (context, &parameter) {
        ("branch", None) => return Err("context branch needs a context_parameter".to_owned()),
        ("branch", Some(_)) | (_, None) => {}
        (_, Some(_)) => return Err("context_parameter is only used with context branch".to_owned()),
    }
    Ok(NetlifyEnvValue {
        context: context.to_owned(),
        context_parameter: parameter,
        value: v.value.clone().unwrap_or_default(),
        ..NetlifyEnvValue::default()
    })
}

/// Checked values, one per context (and branch).
pub(super) fn values(given: &[ValueBody]) -> Result<Vec<NetlifyEnvValue>, String> {
    let mut out: Vec<NetlifyEnvValue> = Vec::new();
    for v in given {
        let v = value(v)?;
        if out
            .iter()
            .any(|o| o.context == v.context && o.context_parameter == v.context_parameter)
        {
            return Err(format!("more than one value for context {}", v.context));
        }
        out.push(v);
    }
    Ok(out)
}

/// Netlify's secrets policy for a variable as it would be stored.
pub(super) fn secret_policy(scopes: &[String], values: &[NetlifyEnvValue]) -> Result<(), String> {
    if scopes.iter().any(|s| s == "post-processing") {
        return Err("Secret values cannot be used within the post-processing scope".to_owned());
    }
    if values.iter().any(|v| v.context == "all") {
        return Err("Secret values must be set for explicit deploy contexts, not all".to_owned());
    }
    Ok(())
}

/// A createEnvVars item, checked; its owner, value ids and stamp are the
/// handler's to give.
pub(super) fn new_var(b: &VarBody) -> Result<NetlifyEnvVar, String> {
    let key = key(b.key.as_deref().ok_or("key is required")?)?;
    let is_secret = b.is_secret.unwrap_or(false);
    let scopes = match &b.scopes {
        Some(s) => scopes(s)?,
        None if is_secret => return Err("A secret needs explicit scopes".to_owned()),
        None => SCOPES.iter().map(|s| (*s).to_owned()).collect(),
    };
    let values = values(b.values.as_deref().unwrap_or_default())?;
    if is_secret {
        secret_policy(&scopes, &values)?;
    }
    Ok(NetlifyEnvVar {
        key,
        scopes,
        is_secret,
        values,
        ..NetlifyEnvVar::default()
    })
}

/// getEnvVars' `context_name` enum (no `branch`).
pub(super) fn context_filter(c: &str) -> Result<&str, String> {
    if c != "branch" && CONTEXTS.contains(&c) {
        Ok(c)
    } else {
        Err(format!("unknown context_name {c}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(v: serde_json::Value) -> VarBody {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_plain_variable_gets_every_scope_by_default() {
        let v = new_var(&body(serde_json::json!({"key": "A"}))).unwrap();
        assert_eq!(v.scopes, SCOPES);
        assert!(!v.is_secret && v.values.is_empty());
    }

    #[test]
    fn secrets_follow_netlifys_policy() {
        let refused = [
            serde_json::json!({"key": "S", "is_secret": true, "values": []}),
            serde_json::json!({"key": "S", "is_secret": true, "scopes": ["post-processing"]}),
            serde_json::json!({"key": "S", "is_secret": true, "scopes": ["builds"],
                "values": [{"context": "all", "value": "x"}]}),
        ];
        for b in refused {
            assert!(new_var(&body(b.clone())).is_err(), "{b}");
        }
        let ok = serde_json::json!({"key": "S", "is_secret": true, "scopes": ["builds"],
            "values": [{"context": "production", "value": "x"}, {"context": "dev", "value": "y"}]});
        assert!(new_var(&body(ok)).is_ok());
    }

    #[test]
    fn branch_values_name_their_branch_and_contexts_do_not_repeat() {
        let v =
            |c: serde_json::Value| values(&serde_json::from_value::<Vec<ValueBody>>(c).unwrap());
        assert!(v(serde_json::json!([{"context": "branch", "value": "x"}])).is_err());
        assert!(
            v(serde_json::json!([{"context": "production", "context_parameter": "b"}])).is_err()
        );
        assert!(v(
            serde_json::json!([{"context": "branch", "context_parameter": "a"},
            {"context": "branch", "context_parameter": "b"}])
        )
        .is_ok());
        assert!(v(serde_json::json!([{"context": "dev"}, {"context": "dev"}])).is_err());
        assert!(v(serde_json::json!([{"context": "staging"}])).is_err());
    }
}
