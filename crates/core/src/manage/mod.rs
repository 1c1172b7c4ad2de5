//! Managing a connected Supabase organization: project details and health,
//! creating projects, and custom Auth SMTP. Every call goes through the
//! connection's session (fresh token, one retry on 401). Connection ids and
//! project refs from the webview are checked ([`crate::validate`]) before
//! they reach the keychain or a URL.

pub mod api_keys;
pub mod create;
pub mod db_password;
pub mod dto;
pub mod neon;
pub mod password;
pub mod project_list;
pub mod smtp;

use crate::connect::{ConnectError, Connector};
use crate::connections::ConnectionId;
use crate::providers::api::ProviderApi;
use crate::providers::supabase::api::SupabaseApi;
use crate::validate;

pub use dto::*;

/// The Supabase client of a connection, or a clear "not supported".
pub(crate) fn supabase<'a>(
    connector: &'a Connector,
    id: &ConnectionId,
) -> Result<&'a SupabaseApi, ConnectError> {
    match connector.api(&id.provider)? {
        ProviderApi::Supabase(api) => Ok(api),
        #[allow(unreachable_patterns)]
        _ => Err(ConnectError::Unsupported(
            "This is only available for Supabase organizations.",
        )),
    }
}

/// The OAuth scopes each management action needs (Supabase's names).
pub mod scopes {
    pub const PROJECTS_READ: &str = "projects:read";
    pub const PROJECTS_WRITE: &str = "projects:write";
    pub const SECRETS_READ: &str = "secrets:read";
    pub const AUTH_READ: &str = "auth:read";
    pub const AUTH_WRITE: &str = "auth:write";
}

/// A 403 on a management call means the OAuth app lacks the scope the
/// action needs: say which one.
pub fn needs_scope<T>(
    result: Result<T, ConnectError>,
    scope: &'static str,
) -> Result<T, ConnectError> {
    match result {
        Err(ConnectError::Api(crate::api_error::ApiError::Forbidden { .. })) => {
            Err(ConnectError::MissingScope { scope })
        }
        other => other,
    }
}

/// Supabase's documented connection string form, password left as a placeholder.
pub fn connection_string(reference: &str) -> String {
    format!("postgresql://postgres:[DB-PASSWORD]@db.{reference}.supabase.co:5432/postgres")
}

/// A project's details and the health of its services.
pub async fn project_detail(
    connector: &Connector,
    id: &ConnectionId,
    reference: &str,
) -> Result<ProjectDetailView, ConnectError> {
    validate::supabase_project_ref(reference)?;
    let api = supabase(connector, id)?;
    let project = connector
        .with_token(id, |t| async move { api.project(&t, reference).await })
        .await?;
    // Health is a nicety: a failure shows as "unknown", not as a broken page.
    let health = connector
        .with_token(id, |t| async move { api.health(&t, reference).await })
        .await
        .map(|services| {
            services
                .into_iter()
                .map(|s| ServiceHealthView {
                    name: s.name,
                    healthy: s.healthy,
                    status: s.status,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ProjectDetailView {
        connection_string: connection_string(&project.reference),
        reference: project.reference,
        name: project.name,
        region: project.region,
        status: project.status,
        created_at: project.created_at,
        database_host: project.database.as_ref().map(|d| d.host.clone()),
        database_version: project.database.map(|d| d.version),
        health,
        password_saved: db_password::is_saved(connector, reference)
            .await
            .unwrap_or(false),
    })
}

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
    use crate::net::body::test_server::json_server;
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
        memory_store::install();
        let (url, requests) = json_server(json).await;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::ApiError;
    use crate::error::{AppError, ErrorCode};

    #[test]
    fn a_403_names_the_missing_scope() {
        let refused: Result<(), ConnectError> = Err(ConnectError::Api(ApiError::Forbidden {
            message: "Forbidden".into(),
        }));
        let err = needs_scope(refused, scopes::PROJECTS_WRITE).unwrap_err();
        let app = AppError::from(err);
        assert_eq!(app.code, ErrorCode::MissingScope);
        assert!(app.message.contains("projects:write"), "{}", app.message);
        let other: Result<(), ConnectError> =
            Err(ConnectError::Api(ApiError::Server { status: 500 }));
        assert!(matches!(
            needs_scope(other, scopes::AUTH_READ),
            Err(ConnectError::Api(ApiError::Server { .. }))
        ));
    }
    #[test]
    fn the_connection_string_has_supabases_documented_form() {
        assert_eq!(
            super::connection_string("abcdefghijklmnopqrst"),
            "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"
        );
    }

    #[tokio::test]
    async fn project_detail_refuses_a_reference_that_is_not_a_ref_before_any_request() {
        let fake = test_support::supabase_answering(r#"{}"#).await;
        for reference in [".", "..", "evil.example/x?", "abcdefghijklmnopqrst/x"] {
            let err = project_detail(&fake.connector, &fake.id, reference)
                .await
                .unwrap_err();
            assert_eq!(
                err.invalid_field(),
                Some("reference"),
                "{reference:?}: {err:?}"
            );
        }
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for a ref that is not one"
        );
    }
}
