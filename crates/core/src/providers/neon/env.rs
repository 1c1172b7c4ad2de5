//! `lk env pull` for a Neon project: its default branch's database as the
//! `PG*` variables libpq and most Postgres clients read (`PGHOST`,
//! `PGDATABASE`, `PGUSER`), and with `--with-secret` the connection strings
//! themselves, which carry the role's password: `DATABASE_URL` through
//! Neon's pooler and `DATABASE_URL_UNPOOLED` direct (the names Neon's own
//! integrations use). The database and role are the ones Neon creates with
//! a project (`neondb`, `neondb_owner`).

use secrecy::ExposeSecret;
use url::Url;

use super::api::NeonApi;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::Access;

const DATABASE: &str = "neondb";
const ROLE: &str = "neondb_owner";

pub async fn env_file(
    connections: &Connections,
    id: &ConnectionId,
    project: &str,
    with_secret: bool,
) -> Result<String, ConnectError> {
    crate::validate::id("project", project)?;
    let api = connections.api_of::<NeonApi>(id)?;
    let uri = |pooled: bool| {
        connections.with_token(id, Access::ReadSecrets, move |token| async move {
            api.connection_uri(&token, project, DATABASE, ROLE, pooled)
                .await
        })
    };
    let direct = uri(false).await.map_err(|e| match e {
        ConnectError::Api(crate::net::ApiError::NotFound { .. }) => ConnectError::Invalid {
            field: "project",
            message: format!("No Neon project {project:?} is in this account."),
        },
        other => other,
    })?;
    let parsed = Url::parse(direct.expose_secret())
        .map_err(|_| ConnectError::Api(crate::net::ApiError::BadResponse))?;
    let mut lines = vec![
        format!("PGHOST={}", parsed.host_str().unwrap_or_default()),
        format!("PGDATABASE={}", parsed.path().trim_start_matches('/')),
        format!("PGUSER={}", parsed.username()),
    ];
    if with_secret {
        let pooled = uri(true).await?;
        lines.push(format!("DATABASE_URL={}", pooled.expose_secret()));
        lines.push(format!("DATABASE_URL_UNPOOLED={}", direct.expose_secret()));
    }
    Ok(lines.join("\n") + "\n")
}
