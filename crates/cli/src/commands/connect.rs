//! `lk connect PROVIDER`: sign in from a terminal, on a desktop or over SSH.
//!
//! The browser is opened when there is one (else the address is printed),
//! and the answer comes back to the loopback listener; when the browser
//! runs on another machine, the user pastes the address it ended on, which
//! goes through the same strict check as in the window. A countdown shows
//! how long the sign-in stays valid; Ctrl-C cancels it and closes the
//! listener. `--token` connects with a personal token read from standard
//! input instead (never from an argument, which shells keep in history).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use latchkey_core::connect::{client_secrets, Connector};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::connections::ConnectionSource;
use latchkey_core::error::{AppError, ErrorCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use tokio::io::AsyncBufReadExt;

use super::io;
use crate::Exit;
use crate::{feel, output};

/// How long a sign-in waits, as the engine's pending flows do.
const WAIT: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The provider: supabase, neon, netlify, or one you defined.
    pub provider: String,
    /// Connect with a personal token (Supabase access token, Neon API key,
    /// Netlify personal access token) read from standard input.
    #[arg(long)]
    pub token: bool,
    /// Print the sign-in address instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
}

#[derive(Serialize)]
struct Connected {
    connection: String,
    provider: String,
    account: String,
    account_name: String,
    user: Option<String>,
    source: ConnectionSource,
}

#[derive(Serialize)]
struct Report {
    connected: Vec<Connected>,
}

pub async fn run(
    connector: &Connector,
    args: &Args,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, AppError> {
    let connected = if args.token {
        with_token(connector, &args.provider, err).await?
    } else {
        sign_in(connector, args, err).await?
    };
    let report = Report {
        connected: connected
            .into_iter()
            .map(|m| Connected {
                connection: format!("{}:{}", m.id.provider, m.id.account),
                provider: m.id.provider,
                account: m.id.account,
                account_name: m.account_name,
                user: m.user,
                source: m.source,
            })
            .collect(),
    };
    if json {
        output::json(out, &report).map_err(io)?;
    } else {
        for c in &report.connected {
            writeln!(
                out,
                "Connected {} ({}){}",
                c.account_name,
                c.connection,
                c.user
                    .as_deref()
                    .map(|u| format!(", as {u}"))
                    .unwrap_or_default()
            )
            .map_err(io)?;
        }
    }
    Ok(Exit::Ok)
}

async fn with_token(
    connector: &Connector,
    provider: &str,
    err: &mut dyn Write,
) -> Result<Vec<ConnectionMeta>, AppError> {
    let def = connector
        .registry()
        .definition(provider)
        .map_err(|e| AppError::from(latchkey_core::connect::ConnectError::from(e)))?;
    let name = def
        .personal_token
        .as_ref()
        .map_or_else(|| "token".to_owned(), |f| f.name.clone());
    let stdin = std::io::stdin();
    let token = if stdin.is_terminal() {
        write!(
            err,
            "Paste your {} {name} (it is not shown): ",
            def.display_name
        )
        .map_err(io)?;
        err.flush().map_err(io)?;
        rpassword::read_password().map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("could not read the token: {e}"),
            )
        })?
    } else {
        let mut line = String::new();
        stdin.read_line(&mut line).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("could not read the token: {e}"),
            )
        })?;
        line
    };
    let token = SecretString::from(token);
    connector
        .connections()
        .connect_with_token(provider, token.expose_secret())
        .await
        .map_err(AppError::from)
}

async fn sign_in(
    connector: &Connector,
    args: &Args,
    err: &mut dyn Write,
) -> Result<Vec<ConnectionMeta>, AppError> {
    let provider = args.provider.as_str();
    // As the app does: LATCHKEY_<PROVIDER>_CLIENT_SECRET is imported into
    // the keychain once, for an own OAuth app that needs one.
    if let Ok(def) = connector.registry().definition(provider) {
        let var = client_secrets::env_var(&def.id);
        if let Err(e) = connector
            .secrets()
            .import_once(def, std::env::var(&var).ok())
            .await
        {
            tracing::warn!(%e, "could not import the client secret");
        }
    }
    let started = connector
        .sign_in()
        .start(provider, None)
        .await
        .map_err(AppError::from)?;
    let Some(loopback) = started.loopback else {
        connector.sign_in().cancel(provider);
        return Err(AppError::new(
            ErrorCode::NotConfigured,
            format!("{provider} signs in through a link only the window receives; connect it there, or use `lk connect {provider} --token`."),
        ));
    };
    let address = started.authorize_url.to_string();
    let opened = !args.no_browser && has_display() && webbrowser::open(&address).is_ok();
    let verb = if opened {
        "Your browser opened the sign-in page. If it did not, open"
    } else {
        "Open"
    };
    writeln!(err, "{verb} this address in a browser:\n\n  {address}\n").map_err(io)?;
    writeln!(
        err,
        "After you approve, Latchkey finishes here by itself. If the browser runs on\nanother machine (over SSH, say), paste the address it ended on and press Enter."
    )
    .map_err(io)?;

    let answer = tokio::spawn(loopback.received());
    tokio::pin!(answer);
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut stdin_open = true;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let deadline = Instant::now() + WAIT;
    let mut progress = feel::Progress::new();
    let url = loop {
        tokio::select! {
            received = &mut answer => {
                progress.done(err);
                match received {
                    Ok(Ok(url)) => break url,
                    Ok(Err(e)) => return Err(AppError::from(latchkey_core::connect::ConnectError::from(e))),
                    Err(_) => return Err(AppError::new(ErrorCode::Internal, "the sign-in stopped unexpectedly")),
                }
            }
            line = lines.next_line(), if stdin_open => match line {
                Ok(Some(text)) if text.trim().is_empty() => {}
                Ok(Some(text)) => match connector.sign_in().pasted_answer(provider, &text) {
                    Ok(url) => { progress.done(err); break url }
                    Err(e) => {
                        progress.done(err);
                        let e = AppError::from(e);
                        writeln!(err, "lk: {} Paste it again, or press Ctrl-C to give up.", e.message).map_err(io)?;
                    }
                },
                // No terminal to paste into (stdin closed): the browser must come back.
                _ => stdin_open = false,
            },
            _ = tokio::signal::ctrl_c() => {
                connector.sign_in().cancel(provider);
                progress.done(err);
                return Err(AppError::new(ErrorCode::Cancelled, "Cancelled; nothing was connected."));
            }
            _ = tick.tick() => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    connector.sign_in().cancel(provider);
                    progress.done(err);
                    return Err(AppError::new(ErrorCode::Cancelled, "The sign-in expired after 10 minutes without an answer. Run `lk connect` again."));
                }
                let secs = left.as_secs();
                progress.update(err, &format!("  Waiting for the browser… {}:{:02} left ", secs / 60, secs % 60));
            }
        }
    };
    let meta = connector
        .sign_in()
        .complete(provider, &url)
        .await
        .map_err(AppError::from)?;
    Ok(vec![meta])
}

/// Whether a graphical browser can open here. Over SSH on Linux there is no
/// display, and a text browser must not take over the terminal the user
/// pastes into.
fn has_display() -> bool {
    !cfg!(target_os = "linux")
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some()
}
