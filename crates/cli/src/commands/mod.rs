//! One module per command, each a `run` over the connector.

pub mod disconnect;
pub mod env;
pub mod projects;
pub mod status;
pub mod token;

use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::error::{AppError, ErrorCode};

/// The connection `spec` names: `provider:account`, or an account, or a
/// provider, when exactly one connection matches.
pub(crate) fn resolve(connector: &Connector, spec: &str) -> Result<ConnectionMeta, AppError> {
    let all = connector.connections().list().map_err(AppError::from)?;
    let matches: Vec<&ConnectionMeta> = all
        .iter()
        .filter(|c| {
            let full = format!("{}:{}", c.id.provider, c.id.account);
            spec == full || spec == c.id.account || spec == c.id.provider
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(AppError::new(
            ErrorCode::NotFound,
            format!("No connection is called {spec:?}. `lk status` lists them."),
        )),
        many => Err(AppError::invalid(
            "connection",
            format!(
                "{spec:?} names {} connections; say which: {}",
                many.len(),
                many.iter()
                    .map(|c| format!("{}:{}", c.id.provider, c.id.account))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

pub(crate) fn app_error(err: ConnectError) -> AppError {
    AppError::from(err)
}

pub(crate) fn io(err: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("could not write the output: {err}"),
    )
}
