//! `lk`: parse the arguments, build the connector the app would, run one
//! command, exit with its code. Logs (never a secret) go to standard error
//! only with `RUST_LOG` set.

use std::process::ExitCode;

use clap::Parser;
use latchkey_cli::{run, setup, Cli, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    let setup = match setup::connector() {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("lk: {message}");
            return ExitCode::from(Exit::Failed.code());
        }
    };
    for problem in &setup.problems {
        eprintln!("lk: skipped a provider file: {problem}");
    }
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    let exit = runtime.block_on(async {
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        run(&cli, &setup.connector, &mut out, &mut err).await
    });
    ExitCode::from(exit.code())
}
