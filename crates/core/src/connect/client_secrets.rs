//! OAuth client secrets, per provider and client id, in the keychain
//! (account `client-secret:<provider>:<client_id>`, so the sandbox's demo
//! client and your own OAuth app never overwrite each other). Entered once in Settings or imported once
//! from `LATCHKEY_<PROVIDER>_CLIENT_SECRET`. Never compiled in, never sent to
//! the webview. (A desktop app cannot truly keep a secret: anyone with the
//! machine can read it. It stays out of the binary, logs and screens anyway.)

use secrecy::SecretString;

use crate::providers::ProviderDefinition;
use crate::vault::{Keychain, KeychainError};

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

    pub async fn set(
        &self,
        def: &ProviderDefinition,
        secret: &SecretString,
    ) -> Result<(), KeychainError> {
        self.keychain.set(&account(def), secret).await
    }

    pub async fn is_set(&self, def: &ProviderDefinition) -> Result<bool, KeychainError> {
        Ok(self.get(def).await?.is_some())
    }

    /// Stores `value` (from the environment) unless a secret is already
    /// saved; returns whether it imported.
    pub async fn import_once(
        &self,
        def: &ProviderDefinition,
        value: Option<String>,
    ) -> Result<bool, KeychainError> {
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
