//! `lk link PROJECT`: remembers in this folder which project it belongs to
//! (`.lk.toml`), after checking the project exists in the connection.

use std::io::Write;
use std::path::Path;

use latchkey_core::connect::Connector;
use latchkey_core::error::{AppError, ErrorCode};
use latchkey_core::manage::project_list::fetch_all;

use serde::Serialize;

use super::{io, resolve_or_only};
use crate::link_file::{self, Link};
use crate::{output, Exit};

/// `lk link --json`.
#[derive(Serialize)]
struct Linked<'a> {
    file: String,
    connection: &'a str,
    project: &'a str,
    name: &'a str,
}

/// What `lk link` is told: the project, and where the link goes.
pub struct Request<'a> {
    pub project: &'a str,
    pub connection: Option<&'a str>,
    pub cwd: &'a Path,
}

pub async fn run(
    connector: &Connector,
    request: Request<'_>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, AppError> {
    let Request {
        project,
        connection,
        cwd,
    } = request;
    let connection = resolve_or_only(connector, connection)?;
    let projects = fetch_all(connector.connections(), &connection.id)
        .await
        .map_err(AppError::from)?;
    let named: Vec<_> = projects.iter().filter(|p| p.name == project).collect();
    if named.len() > 1 && !projects.iter().any(|p| p.reference == project) {
        // Names repeat within an organization: never guess.
        let refs: Vec<&str> = named.iter().map(|p| p.reference.as_str()).collect();
        return Err(AppError::invalid(
            "project",
            format!(
                "{} projects are called {project:?}; link one by its reference: {}",
                refs.len(),
                refs.join(", ")
            ),
        ));
    }
    let found = projects
        .iter()
        .find(|p| p.reference == project)
        .or_else(|| named.first().copied())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!(
                    "{}:{} has no project {project:?}. `lk projects` lists them.",
                    connection.id.provider, connection.id.account
                ),
            )
        })?;
    let link = Link {
        connection: format!("{}:{}", connection.id.provider, connection.id.account),
        project: found.reference.clone(),
    };
    let path = link_file::write(cwd, &link).map_err(io)?;
    writeln!(
        err,
        "Linked {} to {} ({})",
        path.display(),
        found.name,
        found.reference
    )
    .map_err(io)?;
    if json {
        let linked = Linked {
            file: path.display().to_string(),
            connection: &link.connection,
            project: &found.reference,
            name: &found.name,
        };
        output::json(out, &linked).map_err(io)?;
    }
    Ok(Exit::Ok)
}
