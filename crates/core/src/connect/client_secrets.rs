//! OAuth client secrets, per provider and client id, in the keychain
//! (account `client-secret:<provider>:<client_id>`, so the sandbox's demo
//! client and your own OAuth app never overwrite each other). Entered once in Settings or imported once
//! from `LATCHKEY_<PROVIDER>_CLIENT_SECRET`. Never compiled in, never sent to
//! the webview. (A desktop app cannot truly keep a secret: anyone with the
//! machine can read it. It stays out of the binary, logs and screens anyway.)
//! One entered in Settings is trimmed and must be 1 to [`MAX_SECRET_LEN`]
//! bytes without control characters.

use secrecy::SecretString;

use super::ConnectError;
use crate::providers::ProviderDefinition;
use crate::vault::{Keychain, KeychainError};

pub use crate::validate::MAX_SECRET_LEN;

#[derive(Clone)]
pub struct ClientSecrets {
    keychain: Keychain,
}

fn account(def: &ProviderDefinition) -> String {
    format!("client-secret:{}:{}", def.id, def.client_id)
}

/// `LATCHKEY_SUPABASE_CLIENT_SECRET` for `supabase`.
pub fn env_var(provider: &str) -> String {
    format!(
        "LATCHKEY_{}_CLIENT_SECRET",
        provider.to_ascii_uppercase().replace('-', "_")
    )
}

impl ClientSecrets {
    pub fn new(keychain: Keychain) -> Self {
        Self { keychain }
    }

    pub async fn get(
        &self,
        def: &ProviderDefinition,
    ) -> Result<Option<SecretString>, KeychainError> {
        self.keychain.get(&account(def)).await
    }

    /// The secret token requests for `def` need: none through a broker or
    /// for a public client (and then the keychain is not even asked).
    pub async fn for_requests(
        &self,
        def: &ProviderDefinition,
    ) -> Result<Option<SecretString>, KeychainError> {
        if !def.needs_client_secret() {
            return Ok(None);
        }
        self.get(def).await
    }

    pub async fn set(
        &self,
        def: &ProviderDefinition,
        secret: &SecretString,
    ) -> Result<(), KeychainError> {
        self.keychain.set(&account(def), secret).await
    }

    /// Saves a secret the user entered (IPC): trimmed, then checked
    /// ([`crate::validate::client_secret`]), so a stray paste never becomes
    /// the secret.
    pub async fn set_entered(
        &self,
        def: &ProviderDefinition,
        entered: &str,
    ) -> Result<(), ConnectError> {
        if def.broker_url.is_some() {
            return Err(ConnectError::Unsupported(format!(
                "{} signs in through its publisher's sign-in service, which holds the client secret: none is needed here",
                def.display_name
            )));
        }
        let secret = crate::validate::client_secret(entered)?;
        Ok(self
            .set(def, &SecretString::from(secret.to_owned()))
            .await?)
    }

    pub async fn is_set(&self, def: &ProviderDefinition) -> Result<bool, KeychainError> {
        Ok(self.get(def).await?.is_some())
    }

    /// Stores `value` (from the environment) unless a secret is already
    /// saved, or none is needed (a broker holds it): returns whether it
    /// imported.
    pub async fn import_once(
        &self,
        def: &ProviderDefinition,
        value: Option<String>,
    ) -> Result<bool, KeychainError> {
        if !def.needs_client_secret() {
            return Ok(false);
        }
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) if !self.is_set(def).await? => {
                self.set(def, &SecretString::from(v.trim().to_owned()))
                    .await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::memory_store;
    use secrecy::ExposeSecret;

    #[tokio::test]
    async fn an_environment_secret_is_imported_once_and_never_overwrites() {
        memory_store::install();
        let secrets = ClientSecrets::new(Keychain::new("test.client-secrets"));
        let def = crate::providers::supabase::definition();
        assert!(secrets
            .import_once(&def, Some("first".into()))
            .await
            .unwrap());
        assert!(!secrets
            .import_once(&def, Some("second".into()))
            .await
            .unwrap());
        let stored = secrets.get(&def).await.unwrap().unwrap();
        assert_eq!(stored.expose_secret(), "first");
        assert_eq!(env_var("supabase"), "LATCHKEY_SUPABASE_CLIENT_SECRET");
    }

    #[tokio::test]
    async fn an_entered_secret_is_trimmed_and_saved() {
        memory_store::install();
        let secrets = ClientSecrets::new(Keychain::new("test.client-secrets.entered"));
        let def = crate::providers::supabase::definition();
        secrets.set_entered(&def, "  sba_pasted \n").await.unwrap();
        let stored = secrets.get(&def).await.unwrap().unwrap();
        assert_eq!(stored.expose_secret(), "sba_pasted");
        let longest = "s".repeat(MAX_SECRET_LEN);
        secrets.set_entered(&def, &longest).await.unwrap();
        assert_eq!(
            secrets.get(&def).await.unwrap().unwrap().expose_secret(),
            longest
        );
    }

    #[tokio::test]
    async fn an_empty_overlong_or_multi_line_secret_is_refused_and_nothing_is_saved() {
        memory_store::install();
        let secrets = ClientSecrets::new(Keychain::new("test.client-secrets.refused"));
        let def = crate::providers::supabase::definition();
        let too_long = "s".repeat(MAX_SECRET_LEN + 1);
        for bad in [
            "",
            "   ",
            too_long.as_str(),
            "sba_one\nsba_two",
            "sba\tsecret",
            "sba\u{0}secret",
            "sba\u{7f}secret",
            "sba\u{85}secret",
        ] {
            let err = secrets.set_entered(&def, bad).await.unwrap_err();
            match &err {
                ConnectError::Invalid { field, message } => {
                    assert_eq!(*field, "secret", "{bad:?}");
                    assert!(
                        !message.contains(bad.trim()) || bad.trim().is_empty(),
                        "{message}"
                    );
                }
                other => panic!("{bad:?}: {other:?}"),
            }
            assert_eq!(
                crate::error::AppError::from(err).code,
                crate::error::ErrorCode::Validation
            );
            assert!(
                secrets.get(&def).await.unwrap().is_none(),
                "{bad:?} was saved"
            );
        }
    }

    #[tokio::test]
    async fn another_client_id_has_its_own_secret() {
        memory_store::install();
        let secrets = ClientSecrets::new(Keychain::new("test.client-secrets.ids"));
        let demo = crate::providers::supabase::definition();
        let mut own = demo.clone();
        own.client_id = "my-own-app".into();
        secrets
            .set(&demo, &SecretString::from("demo"))
            .await
            .unwrap();
        assert!(secrets.get(&own).await.unwrap().is_none());
    }
}
