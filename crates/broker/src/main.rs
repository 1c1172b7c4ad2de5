//! `latchkey-broker --config broker.toml`: the broker as a process.
//!
//! Prints one line on stdout when ready, its base URL, so a script can wait
//! for it. Logs go to stderr (`RUST_LOG`, default `info`; HTTP libraries
//! stay at `info` whatever it says, so no body is ever logged). SIGINT or
//! SIGTERM stop it gracefully: it stops accepting and finishes the requests
//! in flight.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use latchkey_broker::Config;

#[derive(Debug, Parser)]
#[command(
    name = "latchkey-broker",
    version,
    about = "Exchanges Latchkey's OAuth codes and refresh tokens with a publisher's client secrets"
)]
struct Cli {
    /// The config file (TOML); see deploy/broker.example.toml.
    #[arg(long, env = "LATCHKEY_BROKER_CONFIG")]
    config: PathBuf,
    /// Check the config (and that every secret can be read), then exit.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        latchkey_core::logging::filter_directives(std::env::var("RUST_LOG").ok().as_deref());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .init();
    let config = match Config::load(&cli.config, |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("latchkey-broker: {err}");
            return ExitCode::from(2);
        }
    };
    if cli.check {
        let providers: Vec<&str> = config.providers.keys().map(String::as_str).collect();
        println!("config ok: {} on {}", providers.join(", "), config.listen);
        return ExitCode::SUCCESS;
    }
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime starts");
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("latchkey-broker: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> std::io::Result<()> {
    let stop = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot listen on {}: {e}", config.listen))
        })?;
    let addr = listener.local_addr()?;
    for (id, provider) in &config.providers {
        let upstream = provider.definition.token_url.origin().ascii_serialization();
        tracing::info!(provider = %id, %upstream, redirects = provider.redirect_uris.len(), "serving");
    }
    println!("http://{addr}");
    let _ = std::io::stdout().flush();
    latchkey_broker::serve(listener, config, stop).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Installs the SIGINT/SIGTERM handlers now, so a signal sent right after
/// the ready line is not missed.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
