//! `lk exec -- CMD ARGS…`: runs a command with the project's variables in
//! its environment only (nothing written to disk), and exits with its code.

use std::path::Path;

use latchkey_core::connect::Connector;
use latchkey_core::error::{AppError, ErrorCode};

use super::env::{variables, Target};
use crate::Exit;

pub async fn run(
    connector: &Connector,
    target: &Target,
    with_secret: bool,
    command: &[String],
    cwd: &Path,
) -> Result<Exit, AppError> {
    let (program, args) = command.split_first().ok_or_else(|| {
        AppError::invalid(
            "command",
            "Say what to run after `--`, e.g. `lk exec -- npm run dev`.",
        )
    })?;
    let lines = variables(connector, target, with_secret, cwd).await?;
    let vars = lines
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let status = tokio::process::Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(vars)
        .status()
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::NotFound,
                format!("could not run {program:?}: {e}"),
            )
        })?;
    // A command killed by a signal has no code: report it as a failure.
    Ok(Exit::Child(
        status.code().map_or(1, |c| c.clamp(0, 255) as u8),
    ))
}
