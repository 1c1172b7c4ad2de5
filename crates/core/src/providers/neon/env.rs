//! `lk env pull` for a Neon project: its default branch's `neondb` as
//! `neondb_owner` (the database and role Neon creates with a project), as
//! the variables [`connection::env_text`] writes; the connection strings,
//! which carry the role's password, only with `--with-secret`.

use secrecy::ExposeSecret;

use super::manage::connection::{self, NeonDatabaseChoice};
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;

pub async fn env_file(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    with_secret: bool,
) -> Result<String, ConnectError> {
    let choice = NeonDatabaseChoice::project_default();
    let text = connection::env_text(connections, id, project, &choice, with_secret).await?;
    Ok(text.expose_secret().to_owned())
}
