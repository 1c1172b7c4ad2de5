//! `lk disconnect CONNECTION`: revokes the grant at the provider (best
//! effort, as the window does) and forgets it: keychain item and
//! `connections.json` entry. The window shows it gone on its next look.

use std::io::Write;

use latchkey_core::connect::Connector;
use latchkey_core::error::AppError;

use serde::Serialize;

use super::{io, resolve};
use crate::{output, Exit};

/// `lk disconnect --json`.
#[derive(Serialize)]
struct Disconnected<'a> {
    disconnected: String,
    name: &'a str,
}

pub async fn run(
    connector: &Connector,
    spec: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, AppError> {
    let connection = resolve(connector, spec)?;
    connector
        .connections()
        .disconnect(&connection.id)
        .await
        .map_err(AppError::from)?;
    writeln!(
        err,
        "Disconnected {}:{} ({})",
        connection.id.provider, connection.id.account, connection.account_name
    )
    .map_err(io)?;
    if json {
        let gone = Disconnected {
            disconnected: format!("{}:{}", connection.id.provider, connection.id.account),
            name: &connection.account_name,
        };
        output::json(out, &gone).map_err(io)?;
    }
    Ok(Exit::Ok)
}
