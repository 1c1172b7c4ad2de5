//! `GET /neon/api/v2/projects/{project_id}/connection_uri`: the spec's
//! `ConnectionURIResponse`, `{uri}`, for `database_name` and `role_name`
//! (both required), direct or with `pooled=true` (the endpoint's `-pooler`
//! host). A project here has one database and one role (`neondb`,
//! `neondb_owner`, as Neon creates them); a project the caller cannot see,
//! or a database or role it does not have, is 404. The URI carries the
//! role's password, so the scope is `urn:neoncloud:projects:update`, as
//! Neon asks for it (peers.md N3).

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::account::require_scope;
use super::projects::{proxy_host, visible_project};
use super::NeonError;
use crate::params::Params;
use crate::state::{App, Auth};

const DATABASE: &str = "neondb";
const ROLE: &str = "neondb_owner";

pub(crate) async fn get(
    State(app): App,
    Extension(c): Auth,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Json<Value>, NeonError> {
    require_scope(&c, "urn:neoncloud:projects:update")?;
    let q = Params::from_query(&uri);
    let required = |name: &'static str| {
        q.single(name)?
            .map(str::to_owned)
            .ok_or_else(|| NeonError::bad_request(format!("{name} is required")))
    };
    let (database, role) = (required("database_name")?, required("role_name")?);
    let pooled = q.single("pooled")? == Some("true");
    let data = app.data();
    let project = visible_project(&data.neon, &c, &id)?;
    if database != DATABASE {
        return Err(NeonError::new(StatusCode::NOT_FOUND, "database not found"));
    }
    if role != ROLE {
        return Err(NeonError::new(StatusCode::NOT_FOUND, "role not found"));
    }
    let host = format!(
        "{}{}.{}",
        project.endpoint_id,
        if pooled { "-pooler" } else { "" },
        proxy_host(&project.region_id)
    );
    Ok(Json(json!({
        "uri": format!("postgresql://{role}:{}@{host}/{database}?sslmode=require", project.password)
    })))
}
