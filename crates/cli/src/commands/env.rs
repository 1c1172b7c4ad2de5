//! `lk env pull`: a project's variables merged into a `.env` file (the
//! user's other lines kept, mode 0600). The secret key only with
//! `--with-secret`, and then never into a file git tracks unless `--force`.
//! Which variables a provider has is its own folder's business (the
//! registry's `env_file`). The project comes from `--project`, or from the
//! folder's link (`lk link`).

use std::io::Write;
use std::path::{Path, PathBuf};

use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::envfile;
use latchkey_core::error::{AppError, ErrorCode};

use super::{io, resolve, resolve_or_only};
use serde::Serialize;

use crate::{link_file, output, Exit};

#[derive(Debug, clap::Subcommand)]
pub enum Env {
    /// Write the project's variables into a .env file.
    Pull(PullArgs),
}

/// Which project: given, or the folder's link.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Target {
    /// The project's reference (`lk projects` lists them); the folder's link when left out.
    #[arg(long)]
    pub project: Option<String>,
    /// The connection the project belongs to; needed only when you have several.
    #[arg(long)]
    pub connection: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub target: Target,
    /// The file to merge into; your other lines in it are kept.
    #[arg(long, default_value = ".env")]
    pub file: PathBuf,
    /// Also write the secret (service role) key, which bypasses Row Level Security.
    #[arg(long)]
    pub with_secret: bool,
    /// Write a secret even into a file git tracks.
    #[arg(long)]
    pub force: bool,
}

/// The project's variables as `KEY=value` lines.
pub async fn variables(
    connector: &Connector,
    target: &Target,
    with_secret: bool,
    cwd: &Path,
) -> Result<String, AppError> {
    let (connection, project) = match &target.project {
        Some(project) => (
            resolve_or_only(connector, target.connection.as_deref())?,
            project.clone(),
        ),
        None => {
            let (_, link) = link_file::find(cwd)
                .map_err(|m| AppError::new(ErrorCode::Internal, m))?
                .ok_or_else(|| {
                    AppError::invalid(
                        "project",
                        "Which project? Pass --project, or run `lk link PROJECT` in this folder first.",
                    )
                })?;
            let spec = target.connection.clone().unwrap_or(link.connection);
            (resolve(connector, &spec)?, link.project)
        }
    };
    let provider = connector
        .registry()
        .get(&connection.id.provider)
        .map_err(|e| AppError::from(ConnectError::from(e)))?;
    let Some(env_file) = provider.env_file() else {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "{} projects have no variables lk can write yet.",
                provider.definition.display_name
            ),
        ));
    };
    env_file(
        connector.connections(),
        &connection.id,
        &project,
        with_secret,
    )
    .await
    .map_err(AppError::from)
}

/// `lk env pull --json`: where, and which variables (names only, never values).
#[derive(Serialize)]
struct Pulled<'a> {
    file: String,
    variables: Vec<&'a str>,
}

pub async fn run(
    connector: &Connector,
    env: &Env,
    cwd: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, AppError> {
    let Env::Pull(args) = env;
    let lines = variables(connector, &args.target, args.with_secret, cwd).await?;
    let file = cwd.join(&args.file);
    envfile::write(&file, &lines, args.with_secret, args.force).map_err(|e| match e {
        envfile::EnvFileError::TrackedByGit(_) => AppError::invalid("file", e.to_string()),
        envfile::EnvFileError::Io { .. } => AppError::new(ErrorCode::Internal, e.to_string()),
    })?;
    let names: Vec<&str> = lines
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k))
        .collect();
    writeln!(err, "Wrote {} to {}", names.join(", "), file.display()).map_err(io)?;
    if json {
        let pulled = Pulled {
            file: file.display().to_string(),
            variables: names,
        };
        output::json(out, &pulled).map_err(io)?;
    }
    Ok(Exit::Ok)
}
