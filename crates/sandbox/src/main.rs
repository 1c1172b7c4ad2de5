//! `latchkey-sandbox`: the sandbox as a process.
//!
//! Prints exactly one line on stdout when ready: the API base URL, followed
//! by the admin base URL when the admin listener is on, separated by a
//! space (`read -r base admin` in a shell). Logs go to stderr (`RUST_LOG`
//! filters them; default `info`). Ctrl-C or SIGTERM shut it down gracefully,
//! saving the state file if there is one.

use std::io::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use latchkey_sandbox::seed::parse_generator;
use latchkey_sandbox::{ClientAuthPlace, FaultRule, ManualClock, PlainConfig, Sandbox, Seed};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "latchkey-sandbox",
    version,
    about = "A local emulator of the OAuth servers and APIs of Supabase, Neon, Netlify and a plain RFC 6749 provider"
)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// API port (0 picks a free one).
    #[arg(long, default_value_t = 54321)]
    port: u16,
    /// Turn the admin API on, on this port (0 picks a free one). Off by default.
    #[arg(long)]
    admin_port: Option<u16>,
    /// Seed file (JSON). Default: the built-in demo seed.
    #[arg(long, conflicts_with = "generate")]
    seed: Option<PathBuf>,
    /// Generate ORGSxPROJECTS organizations and projects, e.g. 20x2000.
    #[arg(long, value_name = "ORGSxPROJECTS")]
    generate: Option<String>,
    /// Random seed of the generator (same number, same data).
    #[arg(long, default_value_t = 1)]
    generate_seed: u64,
    /// Keep state in this JSON file across restarts (written atomically).
    #[arg(long)]
    state_file: Option<PathBuf>,
    /// Access-token lifetime in seconds (`expires_in`).
    #[arg(long, default_value_t = 86_400)]
    token_ttl: u64,
    /// How long a new project stays COMING_UP, in milliseconds.
    #[arg(long, default_value_t = 3_000)]
    activation_delay_ms: u64,
    /// Authorization-code lifetime in seconds.
    #[arg(long, default_value_t = 300)]
    code_ttl: u64,
    /// Management API requests per minute per endpoint per org/user.
    #[arg(long, default_value_t = 120)]
    rate_limit: u32,
    /// A fault rule, e.g. 'POST /v1/projects latency=2000ms' (repeatable).
    #[arg(long = "fault", value_name = "RULE")]
    faults: Vec<String>,
    /// Random seed for faults with rate < 1.
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Start with a frozen clock that only the admin API advances.
    #[arg(long)]
    manual_clock: bool,
    /// Print the seed (demo, file or generated) as JSON and exit.
    #[arg(long)]
    dump_seed: bool,
    /// Plain profile: where the client authenticates (default: both).
    #[arg(long, value_name = "headers|body")]
    plain_client_auth: Option<PlainAuth>,
    /// Plain profile: issue no refresh tokens.
    #[arg(long)]
    plain_no_refresh_token: bool,
    /// Plain profile: PKCE optional (default: S256 required).
    #[arg(long)]
    plain_skip_pkce: bool,
    /// Plain profile: an authorize parameter it requires, NAME or NAME=VALUE
    /// (repeatable).
    #[arg(long = "plain-require-param", value_name = "NAME[=VALUE]")]
    plain_required: Vec<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PlainAuth {
    Headers,
    Body,
}

impl Cli {
    fn plain(&self) -> PlainConfig {
        let config = PlainConfig {
            client_auth: self.plain_client_auth.map(|a| match a {
                PlainAuth::Headers => ClientAuthPlace::Headers,
                PlainAuth::Body => ClientAuthPlace::Body,
            }),
            no_refresh_token: self.plain_no_refresh_token,
            skip_pkce: self.plain_skip_pkce,
            ..PlainConfig::default()
        };
        self.plain_required.iter().fold(config, |c, r| c.require(r))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_writer(std::io::stderr);
    logs.with_env_filter(filter).init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latchkey-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let seed = match (&cli.seed, &cli.generate) {
        (Some(path), _) => Seed::from_file(path)?,
        (None, Some(spec)) => {
            let (orgs, projects) = parse_generator(spec)?;
            Seed::generate(orgs, projects, cli.generate_seed)
        }
        (None, None) => Seed::demo(),
    };
    if cli.dump_seed {
        println!("{}", serde_json::to_string_pretty(&seed)?);
        return Ok(());
    }
    let mut builder = Sandbox::builder()
        .seed(seed)
        .bind(cli.host)
        .port(cli.port)
        .token_ttl(Duration::from_secs(cli.token_ttl))
        .activation_delay(Duration::from_millis(cli.activation_delay_ms))
        .code_ttl(Duration::from_secs(cli.code_ttl))
        .rate_limit_per_minute(cli.rate_limit)
        .fault_seed(cli.fault_seed)
        .plain(cli.plain());
    if let Some(port) = cli.admin_port {
        builder = builder.admin_port(port);
    }
    if let Some(path) = &cli.state_file {
        builder = builder.state_file(path);
    }
    if cli.manual_clock {
        builder = builder.clock(ManualClock::starting_now());
    }
    for f in &cli.faults {
        builder = builder.fault(f.parse::<FaultRule>()?);
    }
    let stop = shutdown_signal()?;
    let sandbox = builder.start().await?;
    let (base, admin) = (sandbox.base_url(), sandbox.admin_url());
    tracing::info!("sandbox ready: API {base} admin {}", admin.unwrap_or("off"));
    let (neon, netlify) = (sandbox.neon_base_url(), sandbox.netlify_base_url());
    tracing::info!("also emulating Neon at {neon} and Netlify at {netlify}");
    tracing::info!("plain RFC 6749 server at {}", sandbox.plain_base_url());
    let ready = admin.map_or(base.to_owned(), |admin| format!("{base} {admin}"));
    writeln!(std::io::stdout(), "{ready}")?;
    std::io::stdout().flush()?;
    stop.await;
    tracing::info!("shutting down");
    sandbox.shutdown().await;
    Ok(())
}

/// Installs the SIGINT/SIGTERM handlers *now* (so a signal sent right after
/// the ready line is caught) and returns a future that resolves on either.
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
