//! A branch database's connection strings, from Neon's
//! `GET /projects/{id}/connection_uri`: pooled (through the compute's
//! PgBouncer, `-pooler` host) and direct. They carry the role's password,
//! so the page gets them masked ([`masked`]); the full string goes to the
//! clipboard from Rust, or to the page only when the user reveals it.
//! [`env_text`] writes them as the variables Neon's own integrations use,
//! for "Copy as .env" and `lk env pull`.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use super::neon;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::net::ApiError;
use crate::providers::neon::api::UriChoice;
use crate::providers::Access;
use crate::validate;

/// What stands for the password in a string the page may show.
pub const MASK: &str = "********";
/// Postgres truncates identifiers to 63 bytes.
const MAX_PG_NAME: usize = 63;

/// Which database, as which role, on which branch (`None`: the default).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NeonDatabaseChoice {
    pub branch_id: Option<String>,
    pub database: String,
    pub role: String,
}

impl NeonDatabaseChoice {
    /// The database and role Neon creates with every project, on its
    /// default branch.
    pub fn project_default() -> Self {
        Self {
            branch_id: None,
            database: "neondb".into(),
            role: "neondb_owner".into(),
        }
    }

    fn checked(&self) -> Result<UriChoice<'_>, ConnectError> {
        if let Some(branch) = &self.branch_id {
            validate::id("branch", branch)?;
        }
        pg_name("database", &self.database)?;
        pg_name("role", &self.role)?;
        Ok(UriChoice {
            branch_id: self.branch_id.as_deref(),
            database: &self.database,
            role: &self.role,
            pooled: false,
        })
    }
}

fn pg_name(field: &'static str, name: &str) -> Result<(), ConnectError> {
    if name.is_empty() || name.len() > MAX_PG_NAME || name.chars().any(char::is_control) {
        return Err(ConnectError::Invalid {
            field,
            message: format!("Choose a {field} from the list."),
        });
    }
    Ok(())
}

/// Both strings with the password masked: what the page shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NeonConnectionStrings {
    pub pooled: String,
    pub direct: String,
}

/// One connection string, password and all.
pub async fn connection_string(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    choice: &NeonDatabaseChoice,
    pooled: bool,
) -> Result<SecretString, ConnectError> {
    validate::id("project", project)?;
    let api = neon(connections, id)?;
    let uri = UriChoice {
        pooled,
        ..choice.checked()?
    };
    let uri = &uri;
    connections
        .with_token(id, Access::ReadSecrets, |t| async move {
            api.connection_uri(&t, project, uri).await
        })
        .await
        // Neon's 404 does not say which of the project, branch, database or
        // role is not there: the message names the choice as a whole.
        .map_err(|e| {
            e.not_found_as("project", || format!(
                "Neon found no project {project:?} with that branch, database and role in this account. Reload the project and choose again."
            ))
        })
}

async fn both(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    choice: &NeonDatabaseChoice,
) -> Result<(SecretString, SecretString), ConnectError> {
    let (pooled, direct) = futures::join!(
        connection_string(connections, id, project, choice, true),
        connection_string(connections, id, project, choice, false),
    );
    Ok((pooled?, direct?))
}

/// Both strings, masked for the page.
pub async fn masked(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    choice: &NeonDatabaseChoice,
) -> Result<NeonConnectionStrings, ConnectError> {
    let (pooled, direct) = both(connections, id, project, choice).await?;
    Ok(NeonConnectionStrings {
        pooled: mask(&pooled)?,
        direct: mask(&direct)?,
    })
}

/// `uri` with its password replaced by [`MASK`].
fn mask(uri: &SecretString) -> Result<String, ConnectError> {
    let mut url =
        Url::parse(uri.expose_secret()).map_err(|_| ConnectError::Api(ApiError::BadResponse))?;
    if url.password().is_some() {
        url.set_password(Some(MASK))
            .map_err(|_| ConnectError::Api(ApiError::BadResponse))?;
    }
    Ok(url.to_string())
}

/// The database as environment variables: `PGHOST`, `PGDATABASE` and
/// `PGUSER` (what libpq and most Postgres clients read), and with
/// `with_secret` `DATABASE_URL` (pooled) and `DATABASE_URL_UNPOOLED`
/// (direct), the names Neon's own integrations use.
pub async fn env_text(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    choice: &NeonDatabaseChoice,
    with_secret: bool,
) -> Result<SecretString, ConnectError> {
    let (pooled, direct) = if with_secret {
        let (pooled, direct) = both(connections, id, project, choice).await?;
        (Some(pooled), direct)
    } else {
        let direct = connection_string(connections, id, project, choice, false).await?;
        (None, direct)
    };
    let parsed =
        Url::parse(direct.expose_secret()).map_err(|_| ConnectError::Api(ApiError::BadResponse))?;
    let mut lines = vec![
        format!("PGHOST={}", parsed.host_str().unwrap_or_default()),
        format!("PGDATABASE={}", parsed.path().trim_start_matches('/')),
        format!("PGUSER={}", parsed.username()),
    ];
    if let Some(pooled) = pooled {
        lines.push(format!("DATABASE_URL={}", pooled.expose_secret()));
        lines.push(format!("DATABASE_URL_UNPOOLED={}", direct.expose_secret()));
    }
    Ok(SecretString::from(lines.join("\n") + "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_masked_and_nothing_else_changes() {
        let uri = SecretString::from(
            "postgresql://neondb_owner:npg_s3cr%40t@ep-cool-123-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require",
        );
        let shown = mask(&uri).unwrap();
        assert_eq!(
            shown,
            "postgresql://neondb_owner:********@ep-cool-123-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require"
        );
        assert!(!shown.contains("s3cr"));
    }

    #[test]
    fn a_choice_that_is_not_a_name_is_refused() {
        let choice = |branch: Option<&str>, database: &str, role: &str| NeonDatabaseChoice {
            branch_id: branch.map(str::to_owned),
            database: database.into(),
            role: role.into(),
        };
        let field = |c: NeonDatabaseChoice| c.checked().unwrap_err().invalid_field();
        assert_eq!(field(choice(Some("../x"), "neondb", "r")), Some("branch"));
        assert_eq!(field(choice(None, "", "r")), Some("database"));
        assert_eq!(field(choice(None, "d", &"r".repeat(64))), Some("role"));
        assert_eq!(field(choice(None, "d", "a\nb")), Some("role"));
        assert!(choice(Some("br-a-1"), "neondb", "neondb_owner")
            .checked()
            .is_ok());
    }

    #[tokio::test]
    async fn a_project_that_is_not_an_id_is_refused_before_any_request() {
        let fake =
            crate::manage::test_support::answering(crate::providers::neon::definition(), r#"{}"#)
                .await;
        let id = ConnectionId::new("neon", "u1");
        fake.sign_in(&id).await;
        let err = masked(
            fake.connector.connections(),
            &id,
            "../projects",
            &NeonDatabaseChoice::project_default(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.invalid_field(), Some("project"), "{err:?}");
        assert_eq!(fake.requests(), 0);
    }
}
