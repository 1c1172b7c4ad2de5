//! `lk`, Latchkey's command-line companion. It runs on the same core as the
//! app, with the same keychain items, `connections.json` and provider
//! definitions (built-in and the user's TOML files), so what the app
//! connected the terminal can use, and the reverse. It links no webview and
//! no GTK: it runs over SSH and on servers.
//!
//! Each command is a function over an injected [`Connector`] and output
//! writers, so tests run them in-process against the sandbox; `main.rs`
//! only builds the real connector ([`setup`]) and maps the result to the
//! process's exit code ([`exit::Exit`]).

pub mod commands;
pub mod exit;
mod feel;
mod link_file;
mod output;
pub mod setup;

use std::io::Write;

use clap::{Parser, Subcommand};
use latchkey_core::connect::Connector;

pub use exit::Exit;

/// Latchkey in the terminal: your connected platforms, their projects, and
/// tokens for other tools. Connections made in the app appear here, and
/// the reverse.
#[derive(Debug, Parser)]
#[command(name = "lk", version)]
pub struct Cli {
    /// Print JSON instead of text (the shape is documented in the README).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every connection: provider, account, user, expiry, and whether it
    /// still works (one quick authenticated call each).
    Status,
    /// Every project or site of your connections, all pages.
    Projects(commands::projects::Args),
    /// Print a fresh access token for CONNECTION (provider:account, or an
    /// account or provider that names one connection), for other tools.
    Token { connection: String },
    /// Remember in this folder (.lk.toml) which project it belongs to.
    Link {
        project: String,
        #[arg(long)]
        connection: Option<String>,
    },
    /// Run a command with the project's variables in its environment only.
    Exec {
        #[command(flatten)]
        target: commands::env::Target,
        /// Also pass the secret (service role) key.
        #[arg(long)]
        with_secret: bool,
        /// The command and its arguments, after `--`.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
    /// Connect PROVIDER: sign in through a browser (here, or on another
    /// machine: paste the address it ended on), or --token.
    Connect(commands::connect::Args),
    /// Revoke CONNECTION's grant at the provider and forget it here and in the window.
    Disconnect { connection: String },
    /// A project's variables in a .env file.
    #[command(subcommand)]
    Env(commands::env::Env),
    /// Print a completion script: `lk completions bash > ~/.local/share/bash-completion/completions/lk`.
    Completions { shell: clap_complete::Shell },
}

/// Runs one command in the current folder; what it printed went to `out`
/// (results) and `err` (messages for the person at the terminal).
pub async fn run(
    cli: &Cli,
    connector: &Connector,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    run_in(cli, connector, &cwd, out, err).await
}

/// [`run`] as if started in `cwd` (where links and .env files are).
pub async fn run_in(
    cli: &Cli,
    connector: &Connector,
    cwd: &std::path::Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let result = match &cli.command {
        Command::Status => commands::status::run(connector, cli.json, out).await,
        Command::Projects(args) => {
            commands::projects::run(connector, args, cli.json, out, err).await
        }
        Command::Token { connection } => commands::token::run(connector, connection, out).await,
        Command::Connect(args) => commands::connect::run(connector, args, cli.json, out, err).await,
        Command::Disconnect { connection } => {
            commands::disconnect::run(connector, connection, cli.json, out, err).await
        }
        Command::Env(env) => commands::env::run(connector, env, cwd, cli.json, out, err).await,
        Command::Link {
            project,
            connection,
        } => {
            let request = commands::link::Request {
                project,
                connection: connection.as_deref(),
                cwd,
            };
            commands::link::run(connector, request, cli.json, out, err).await
        }
        Command::Exec {
            target,
            with_secret,
            command,
        } => commands::exec::run(connector, target, *with_secret, command, cwd).await,
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "lk", out);
            Ok(Exit::Ok)
        }
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let _ = writeln!(err, "lk: {}", error.message);
            Exit::from_error(&error)
        }
    }
}
