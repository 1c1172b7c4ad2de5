//! Database passwords in the keychain (`db-password:supabase:<ref>`): saved
//! when Latchkey generated one, or when the user pasted one and ticked
//! "remember". The full connection string is composed here and goes straight
//! to the clipboard, never to the page. The password is percent-encoded in
//! the string's userinfo, so a client reads back exactly the saved password.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
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
    Ok(with_password(reference, &password))
}

/// What stays literal in the password: RFC 3986's unreserved characters.
/// Everything else is percent-encoded, a superset of the WHATWG userinfo set,
/// so both libpq's RFC 3986 parser and URL libraries read the same password.
/// (Form encoding is wrong here: it writes a space as `+`, which userinfo
/// takes literally.)
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Supabase's connection string for `reference` with `password` in its
/// userinfo, percent-encoded so any password reads back exactly.
fn with_password(reference: &str, password: &SecretString) -> SecretString {
    let encoded = utf8_percent_encode(password.expose_secret(), USERINFO);
    SecretString::from(format!(
        "postgresql://postgres:{encoded}@db.{reference}.supabase.co:5432/postgres"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let uri = with_password(reference, &SecretString::from(password));
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
}
