//! Who a user-defined provider's grant covers. With a `userinfo_uri`, the
//! user it names (`sub` or `id`); without one, the provider has one
//! connection. There are no groups or projects to list.

use std::any::Any;

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::net::bearer::get_json;
use crate::net::ApiError;
use crate::providers::account_api::{AccountApi, Identity, ProjectSummary};

/// The account of a provider without a `userinfo_uri`: its one connection.
const ONLY_ACCOUNT: &str = "default";

pub struct UserInfoApi {
    http: reqwest::Client,
    userinfo: Option<Url>,
    display_name: String,
}

impl UserInfoApi {
    pub fn new(http: reqwest::Client, userinfo: Option<Url>, display_name: String) -> Self {
        Self {
            http,
            userinfo,
            display_name,
        }
    }
}

/// The usual userinfo fields (OpenID Connect, and GitHub-style `id`).
#[derive(Debug, Deserialize)]
struct UserInfo {
    #[serde(default)]
    sub: Option<serde_json::Value>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// A subject as an account id: kept when it already is one, otherwise a
/// stable digest of it (a subject such as `auth0|5f…` has characters a
/// keychain account and a path segment must not).
fn account_id(subject: &str) -> String {
    if crate::validate::id("account", subject).is_ok() {
        return subject.to_owned();
    }
    // FNV-1a: stable across Rust releases, unlike `DefaultHasher`.
    let digest = subject.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("u-{digest:016x}")
}

fn as_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[async_trait::async_trait]
impl AccountApi for UserInfoApi {
    async fn identify(
        &self,
        token: &SecretString,
        _requested: Option<&str>,
    ) -> Result<Option<Identity>, ApiError> {
        let Some(url) = &self.userinfo else {
            return Ok(Some(Identity {
                account: ONLY_ACCOUNT.into(),
                account_name: self.display_name.clone(),
                user: None,
            }));
        };
        let info: UserInfo = get_json(&self.http, url.clone(), &[], token).await?;
        let subject = info
            .sub
            .as_ref()
            .or(info.id.as_ref())
            .and_then(as_text)
            .ok_or(ApiError::BadResponse)?;
        let name = info
            .name
            .clone()
            .or(info.preferred_username.clone())
            .or(info.email.clone())
            .unwrap_or_else(|| subject.clone());
        Ok(Some(Identity {
            account: account_id(&subject),
            account_name: name,
            user: info.email,
        }))
    }

    async fn groups(&self, _token: &SecretString, _account: &str) -> Result<Vec<String>, ApiError> {
        Ok(Vec::new())
    }

    async fn projects(
        &self,
        _token: &SecretString,
        _account: &str,
        _offset: u32,
        _limit: u32,
    ) -> Result<(Vec<ProjectSummary>, u64), ApiError> {
        Ok((Vec::new(), 0))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::body::test_server::json_server;

    #[test]
    fn a_subject_that_is_not_an_id_becomes_a_stable_one() {
        assert_eq!(account_id("12345"), "12345");
        let odd = account_id("auth0|5f3a/x");
        assert!(odd.starts_with("u-") && odd.len() == 18, "{odd}");
        assert_eq!(
            odd,
            account_id("auth0|5f3a/x"),
            "the same user, the same connection"
        );
        assert_ne!(odd, account_id("auth0|5f3a/y"));
    }

    #[tokio::test]
    async fn the_userinfo_answer_names_the_account() {
        let (url, _) =
            json_server(r#"{"sub":"usr_1","name":"Ada","email":"ada@example.com"}"#).await;
        let api = UserInfoApi::new(crate::net::client(), Some(url), "Acme".into());
        let who = api
            .identify(&SecretString::from("t"), None)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                who.account.as_str(),
                who.account_name.as_str(),
                who.user.as_deref()
            ),
            ("usr_1", "Ada", Some("ada@example.com"))
        );
        let (url, _) = json_server(r#"{"name":"no subject"}"#).await;
        let api = UserInfoApi::new(crate::net::client(), Some(url), "Acme".into());
        assert_eq!(
            api.identify(&SecretString::from("t"), None).await,
            Err(ApiError::BadResponse)
        );
    }

    #[tokio::test]
    async fn without_userinfo_the_provider_has_one_connection() {
        let api = UserInfoApi::new(crate::net::client(), None, "Acme".into());
        let who = api
            .identify(&SecretString::from("t"), None)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (who.account.as_str(), who.account_name.as_str()),
            ("default", "Acme")
        );
    }
}
