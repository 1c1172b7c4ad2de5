//! OAuth client secrets, per provider, in the keychain (account
//! `client-secret:<provider>`). Entered once in Settings or imported once
//! from `LATCHKEY_<PROVIDER>_CLIENT_SECRET`. Never compiled in, never sent to
//! the webview. (A desktop app cannot truly keep a secret: anyone with the
//! machine can read it. It stays out of the binary, logs and screens anyway.)

use secrecy::SecretString;

use crate::vault::{Keychain, KeychainError};

#[derive(Clone)]
pub struct ClientSecrets {
    keychain: Keychain,
}

fn account(provider: &str) -> String {
    format!("client-secret:{provider}")
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

    pub async fn get(&self, provider: &str) -> Result<Option<SecretString>, KeychainError> {
        self.keychain.get(&account(provider)).await
    }

    pub async fn set(&self, provider: &str, secret: &SecretString) -> Result<(), KeychainError> {
        self.keychain.set(&account(provider), secret).await
    }

    pub async fn is_set(&self, provider: &str) -> Result<bool, KeychainError> {
        Ok(self.get(provider).await?.is_some())
    }

    /// Stores `value` (from the environment) unless a secret is already
    /// saved; returns whether it imported.
    pub async fn import_once(
        &self,
        provider: &str,
        value: Option<String>,
    ) -> Result<bool, KeychainError> {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) if !self.is_set(provider).await? => {
                self.set(provider, &SecretString::from(v.trim().to_owned()))
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
        assert!(secrets
            .import_once("supabase", Some("first".into()))
            .await
            .unwrap());
        assert!(!secrets
            .import_once("supabase", Some("second".into()))
            .await
            .unwrap());
        assert_eq!(
            secrets
                .get("supabase")
                .await
                .unwrap()
                .unwrap()
                .expose_secret(),
            "first"
        );
        assert_eq!(env_var("supabase"), "LATCHKEY_SUPABASE_CLIENT_SECRET");
    }
}
