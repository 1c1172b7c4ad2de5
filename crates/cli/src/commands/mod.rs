//! One module per command, each a `run` over the connector.

pub mod connect;
pub mod disconnect;
pub mod env;
pub mod exec;
pub mod link;
pub mod projects;
pub mod status;
pub mod token;

use latchkey_core::connect::Connector;
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

/// The named connection, or the only one there is.
pub(crate) fn resolve_or_only(
    connector: &Connector,
    spec: Option<&str>,
) -> Result<ConnectionMeta, AppError> {
    if let Some(spec) = spec {
        return resolve(connector, spec);
    }
    let mut all = connector.connections().list().map_err(AppError::from)?;
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

/// The error's code as the app names it (`needs_reconnect`, `network`, …),
/// for the JSON outputs.
pub(crate) fn code_name(error: &AppError) -> String {
    serde_json::to_value(error.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn io(err: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("could not write the output: {err}"),
    )
}
