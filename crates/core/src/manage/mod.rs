//! Management shared by every provider: the connection's project list,
//! cached for instant re-render ([`project_list`]). Each provider's own
//! screens live in its folder (`providers/<id>/manage`).

pub mod project_list;

/// A connector whose provider API is a fake answering the same JSON to
/// every request, with a connection whose token is valid for a day.
#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use secrecy::SecretString;

    use crate::channel::Channel;
    use crate::connect::Connector;
    use crate::connections::session::system_clock;
    use crate::connections::ConnectionId;
    use crate::net::body::test_server::{json_server, status_server_with};
    use crate::oauth::tokens::TokenSet;
    use crate::providers::ProviderDefinition;
    use crate::vault::{memory_store, Keychain};

    pub(crate) struct Fake {
        pub connector: Connector,
        /// The connected organization, `acme`.
        pub id: ConnectionId,
        pub keychain: Keychain,
        requests: Arc<AtomicUsize>,
        _dir: tempfile::TempDir,
    }

    impl Fake {
        /// Saves a valid token for `id`, as a completed sign-in would.
        pub async fn sign_in(&self, id: &ConnectionId) {
            let tokens = TokenSet {
                access_token: SecretString::from("test-access-token"),
                refresh_token: None,
                expires_at: Some(system_clock()() + 86_400),
                granted_scopes: None,
            };
            self.keychain
                .set(&id.keychain_account(), &tokens.to_keychain_value())
                .await
                .unwrap();
        }

        /// Requests the fake API has answered.
        pub fn requests(&self) -> usize {
            self.requests.load(Ordering::SeqCst)
        }
    }

    pub(crate) async fn supabase_answering(json: &'static str) -> Fake {
        answering(crate::providers::supabase::definition(), json).await
    }

    pub(crate) async fn answering(def: ProviderDefinition, json: &'static str) -> Fake {
        with_server(def, json_server(json).await).await
    }

    /// A fake whose API refuses every call with 403, as a provider does for
    /// a grant without the scope the call needs.
    pub(crate) async fn refusing(def: ProviderDefinition) -> Fake {
        let server = status_server_with("403 Forbidden", |_| r#"{"message":"Forbidden"}"#.into());
        with_server(def, server.await).await
    }

    async fn with_server(
        def: ProviderDefinition,
        (url, requests): (url::Url, Arc<AtomicUsize>),
    ) -> Fake {
        memory_store::install();
        let def = def.with_origin(url.as_str()).unwrap();
        let keychain = Keychain::new(format!("test.manage.{}", url.port().unwrap()));
        let id = ConnectionId::new(&def.id, "acme");
        let dir = tempfile::tempdir().unwrap();
        let connector = Connector::new(
            Channel::Debug,
            vec![def],
            keychain.clone(),
            dir.path(),
            crate::net::client(),
            system_clock(),
        );
        let fake = Fake {
            connector,
            id,
            keychain,
            requests,
            _dir: dir,
        };
        fake.sign_in(&fake.id).await;
        fake
    }
}
