//! Database passwords in the keychain (`db-password:supabase:<ref>`): saved
//! when Latchkey generated one, or when the user pasted one and ticked
//! "remember". The full connection string is composed here and goes straight
//! to the clipboard, never to the page.

use secrecy::{ExposeSecret, SecretString};

use super::create::password_account;
use crate::connect::{ConnectError, Connector};

pub async fn is_saved(connector: &Connector, reference: &str) -> Result<bool, ConnectError> {
    Ok(connector
        .keychain()
        .get(&password_account(reference))
        .await?
        .is_some())
}

/// The connection string with the password filled in: the one given (saved
/// first when `remember`), else the saved one.
pub async fn connection_string(
    connector: &Connector,
    reference: &str,
    given: Option<String>,
    remember: bool,
) -> Result<SecretString, ConnectError> {
    let password = match given.filter(|p| !p.is_empty()) {
        Some(password) => {
            let password = SecretString::from(password);
            if remember {
                connector
                    .keychain()
                    .set(&password_account(reference), &password)
                    .await?;
            }
            password
        }
        None => connector
            .keychain()
            .get(&password_account(reference))
            .await?
            .ok_or(ConnectError::Invalid {
                field: "password",
                message: "No database password is saved for this project: paste it first.".into(),
            })?,
    };
    // Percent-encode the password: it goes into a URL's userinfo.
    let encoded: String =
        url::form_urlencoded::byte_serialize(password.expose_secret().as_bytes()).collect();
    Ok(SecretString::from(format!(
        "postgresql://postgres:{encoded}@db.{reference}.supabase.co:5432/postgres"
    )))
}
