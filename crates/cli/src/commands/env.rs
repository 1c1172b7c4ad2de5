//! `lk env pull`: a project's variables merged into a `.env` file (the
//! user's other lines kept, mode 0600). The secret key only with
//! `--with-secret`, and then never into a file git tracks unless `--force`.
//! Which variables a provider has is its own folder's business (the
//! registry's `env_file`).

use std::io::Write;
use std::path::PathBuf;

use latchkey_core::connect::Connector;
use latchkey_core::envfile;
use latchkey_core::error::{AppError, ErrorCode};

use super::{app_error, io, resolve};
use crate::Exit;

#[derive(Debug, clap::Subcommand)]
pub enum Env {
    /// Write the project's variables into a .env file.
    Pull(PullArgs),
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The project's reference (`lk projects` lists them).
    #[arg(long)]
    pub project: String,
    /// The connection the project belongs to; needed only when you have several.
    #[arg(long)]
    pub connection: Option<String>,
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

pub async fn run(connector: &Connector, env: &Env, err: &mut dyn Write) -> Result<Exit, AppError> {
    let Env::Pull(args) = env;
    let connection = match &args.connection {
        Some(spec) => resolve(connector, spec)?,
        None => only_connection(connector)?,
    };
    let provider = connector
        .registry()
        .get(&connection.id.provider)
        .map_err(|e| app_error(e.into()))?;
    let Some(env_file) = provider.env_file() else {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "{} projects have no variables lk can write yet.",
                provider.definition.display_name
            ),
        ));
    };
    let lines = env_file(
        connector.connections(),
        &connection.id,
        &args.project,
        args.with_secret,
    )
    .await
    .map_err(app_error)?;
    envfile::write(&args.file, &lines, args.with_secret, args.force).map_err(|e| match e {
        envfile::EnvFileError::TrackedByGit(_) => AppError::invalid("file", e.to_string()),
        envfile::EnvFileError::Io { .. } => AppError::new(ErrorCode::Internal, e.to_string()),
    })?;
    let names: Vec<&str> = lines
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k))
        .collect();
    writeln!(err, "Wrote {} to {}", names.join(", "), args.file.display()).map_err(io)?;
    Ok(Exit::Ok)
}

fn only_connection(
    connector: &Connector,
) -> Result<latchkey_core::connections::metadata::ConnectionMeta, AppError> {
    let mut all = connector.connections().list().map_err(app_error)?;
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err(AppError::new(
            ErrorCode::NotFound,
            "No connections yet. Connect one in the Latchkey window.",
        )),
        _ => Err(AppError::invalid(
            "connection",
            "You have several connections: say which with --connection (`lk status` lists them).",
        )),
    }
}
