//! Database passwords in the keychain (`db-password:supabase:<ref>`): saved
//! when Latchkey generated one, or when the user pasted one and ticked
//! "remember". A pasted one never silently replaces a saved one (that may
//! be its only copy): the caller must ask with `replace`. The ref must be a
//! Supabase ref ([`validate::supabase_project_ref`]), since it becomes both
//! the keychain account and the host `db.<ref>.supabase.co`, and a project
//! of the connection the caller names: its organization's grant must read
//! it, so the page cannot reach the password of a project it was never
//! shown. The full connection string, for the route the user picked (direct,
//! session or transaction pooler, see [`endpoints`]), is composed here and
//! goes straight to the clipboard, never to the page. The password is
//! percent-encoded in the string's userinfo, so a client reads back exactly
//! the saved password.

use secrecy::SecretString;

use super::create::password_account;
use super::endpoints::{self, DatabaseEndpoint, DatabaseRoute};
use super::supabase;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::Access;
use crate::validate;

/// Refuses `reference` unless it is a project of `id`'s organization.
async fn of_connection(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<(), ConnectError> {
    let api = supabase(connections, id)?;
    let project = connections
        .with_token(id, Access::ReadProjects, |t| async move {
            api.project(&t, reference).await
        })
        .await;
    let not_ours = || ConnectError::Invalid {
        field: "reference",
        message: "This project is not in the connected organization.".into(),
    };
    match project {
        Ok(p) if p.organization_slug == id.account => Ok(()),
        Ok(_) | Err(ConnectError::Api(crate::net::api_error::ApiError::NotFound { .. })) => {
            Err(not_ours())
        }
        Err(other) => Err(other),
    }
}

pub async fn is_saved(connections: &Connections, reference: &str) -> Result<bool, ConnectError> {
    let reference = validate::supabase_project_ref(reference)?;
    Ok(connections
        .keychain()
        .get(&password_account(reference))
        .await?
        .is_some())
}

/// The connection string with the password filled in: the one given, else
/// the saved one. With `remember` the given one is saved first, but over an
/// already saved password only when `replace` says so (otherwise
/// [`ConnectError::Invalid`] on `password`, and nothing changes).
pub async fn connection_string(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    route: DatabaseRoute,
    given: Option<String>,
    remember: bool,
    replace: bool,
) -> Result<SecretString, ConnectError> {
    let reference = validate::supabase_project_ref(reference)?;
    of_connection(connections, id, reference).await?;
    let endpoint = endpoint(connections, id, reference, route).await?;
    let account = password_account(reference);
    let password = match given.filter(|p| !p.is_empty()) {
        Some(password) => {
            let password = SecretString::from(password);
            if remember {
                if !replace && connections.keychain().get(&account).await?.is_some() {
                    return Err(ConnectError::Invalid {
                        field: "password",
                        message: "A database password is already saved for this project. Copy the connection string with the saved one, or choose to replace it.".into(),
                    });
                }
                connections.keychain().set(&account, &password).await?;
            }
            password
        }
        None => connections
            .keychain()
            .get(&account)
            .await?
            .ok_or(ConnectError::Invalid {
                field: "password",
                message: "No database password is saved for this project: paste it first.".into(),
            })?,
    };
    Ok(endpoint.with_password(&password))
}

/// The address of `route`: the direct host, or the pooler as the project's
/// pooler configuration says (asked now, never taken from the page).
async fn endpoint(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    route: DatabaseRoute,
) -> Result<DatabaseEndpoint, ConnectError> {
    if route == DatabaseRoute::Direct {
        return Ok(endpoints::direct(reference));
    }
    super::pooler_routes(connections, id, reference)
        .await?
        .into_iter()
        .find(|e| e.route == route)
        .ok_or(ConnectError::Invalid {
            field: "route",
            message: "This project has no connection pooler right now (a paused project has none): use the direct connection, or restore the project first.".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn any_password_reads_back_exactly_from_the_connection_string() {
        let reference = "abcdefghijklmnopqrst";
        for password in [
            "with space",
            "plus+sign",
            "at@sign:colon/slash%percent",
            "hash#question?amp&eq=semi;",
            "quote\"back\\slash[br]ack{et}`~^|<>'",
            "ünïcödé €",
            "%20 is not a space",
        ] {
            let uri = endpoints::direct(reference).with_password(&SecretString::from(password));
            let parsed = url::Url::parse(uri.expose_secret()).unwrap();
            let read_back = percent_encoding::percent_decode_str(parsed.password().unwrap())
                .decode_utf8()
                .unwrap();
            assert_eq!(
                read_back, password,
                "a client decoding the userinfo must get the password as saved"
            );
            assert_eq!(parsed.username(), "postgres");
            assert_eq!(
                parsed.host_str(),
                Some("db.abcdefghijklmnopqrst.supabase.co"),
                "nothing in the password may change where the string points"
            );
            assert_eq!(parsed.port(), Some(5432));
            assert_eq!(parsed.path(), "/postgres");
        }
    }

    const REF: &str = "abcdefghijklmnopqrst";
    const PROJECT_OF_ACME: &str = r#"{"ref":"abcdefghijklmnopqrst","name":"web","organization_slug":"acme","region":"eu-west-1","status":"ACTIVE_HEALTHY","created_at":"2026-11-01T10:00:00Z"}"#;
    const PROJECT_OF_OTHER: &str = r#"{"ref":"abcdefghijklmnopqrst","name":"web","organization_slug":"other","region":"eu-west-1","status":"ACTIVE_HEALTHY","created_at":"2026-11-01T10:00:00Z"}"#;

    #[tokio::test]
    async fn a_project_of_another_organization_gets_no_password() {
        // L10: the page names the connection; the ref must be one of its
        // organization's projects before any password is read or saved.
        let fake = crate::manage::test_support::supabase_answering(PROJECT_OF_OTHER).await;
        fake.keychain
            .set(&password_account(REF), &SecretString::from("SAVED"))
            .await
            .unwrap();
        for given in [None, Some("NEW".to_owned())] {
            let err = connection_string(
                fake.connector.connections(),
                &fake.id,
                REF,
                DatabaseRoute::Direct,
                given,
                true,
                false,
            )
            .await
            .unwrap_err();
            assert_eq!(err.invalid_field(), Some("reference"), "{err:?}");
        }
        assert_eq!(
            fake.keychain
                .get(&password_account(REF))
                .await
                .unwrap()
                .unwrap()
                .expose_secret(),
            "SAVED"
        );
    }

    #[tokio::test]
    async fn a_reference_that_is_not_a_supabase_ref_never_reaches_the_keychain() {
        let fake = crate::manage::test_support::supabase_answering(PROJECT_OF_ACME).await;
        for reference in ["evil.example/x?", ".", "..", "abcdefghijklmnopqrst:x"] {
            let err = connection_string(
                fake.connector.connections(),
                &fake.id,
                reference,
                DatabaseRoute::Direct,
                Some("pw".into()),
                true,
                false,
            )
            .await
            .unwrap_err();
            assert_eq!(
                err.invalid_field(),
                Some("reference"),
                "{reference:?} must be refused, not turned into a host or an account: {err:?}"
            );
            assert!(
                fake.keychain
                    .get(&password_account(reference))
                    .await
                    .unwrap()
                    .is_none(),
                "nothing is saved under {reference:?}"
            );
            assert!(is_saved(fake.connector.connections(), reference)
                .await
                .is_err());
        }
    }

    #[tokio::test]
    async fn a_pasted_password_never_overwrites_a_saved_one_unless_replace_is_asked() {
        let fake = crate::manage::test_support::supabase_answering(PROJECT_OF_ACME).await;
        let account = password_account(REF);
        fake.keychain
            .set(&account, &SecretString::from("OLD"))
            .await
            .unwrap();
        let saved = || async { fake.keychain.get(&account).await.unwrap().unwrap() };

        let err = connection_string(
            fake.connector.connections(),
            &fake.id,
            REF,
            DatabaseRoute::Direct,
            Some("NEW".into()),
            true,
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.invalid_field(),
            Some("password"),
            "remembering over a saved password without `replace` is refused: {err:?}"
        );
        assert_eq!(
            saved().await.expose_secret(),
            "OLD",
            "the saved password, perhaps its only copy, is untouched"
        );

        // Not remembering only uses the given password, saving nothing.
        let uri = connection_string(
            fake.connector.connections(),
            &fake.id,
            REF,
            DatabaseRoute::Direct,
            Some("NEW".into()),
            false,
            false,
        )
        .await
        .unwrap();
        assert!(uri.expose_secret().contains(":NEW@"));
        assert_eq!(saved().await.expose_secret(), "OLD");

        let uri = connection_string(
            fake.connector.connections(),
            &fake.id,
            REF,
            DatabaseRoute::Direct,
            Some("NEW".into()),
            true,
            true,
        )
        .await
        .unwrap();
        assert!(uri.expose_secret().contains(":NEW@"));
        assert_eq!(
            saved().await.expose_secret(),
            "NEW",
            "an explicit replace saves the new one"
        );
    }

    #[tokio::test]
    async fn a_first_pasted_password_is_saved_when_remembered() {
        let fake = crate::manage::test_support::supabase_answering(PROJECT_OF_ACME).await;
        connection_string(
            fake.connector.connections(),
            &fake.id,
            REF,
            DatabaseRoute::Direct,
            Some("FIRST".into()),
            true,
            false,
        )
        .await
        .unwrap();
        let saved = fake.keychain.get(&password_account(REF)).await.unwrap();
        assert_eq!(saved.unwrap().expose_secret(), "FIRST");
        let uri = connection_string(
            fake.connector.connections(),
            &fake.id,
            REF,
            DatabaseRoute::Direct,
            None,
            false,
            false,
        )
        .await
        .unwrap();
        assert!(
            uri.expose_secret().contains(":FIRST@"),
            "the saved one is used"
        );
    }
}
