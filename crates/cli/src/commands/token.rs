//! `lk token CONNECTION`: a fresh access token on standard output, for
//! another program (`PGPASSWORD=…`, `curl -H "Authorization: Bearer …"`).
//! Refreshed first when due. Only this command ever prints a token; errors
//! never carry one.

use std::io::Write;

use latchkey_core::connect::Connector;
use latchkey_core::error::AppError;
use secrecy::ExposeSecret;

use super::{io, resolve};
use crate::Exit;

pub async fn run(connector: &Connector, spec: &str, out: &mut dyn Write) -> Result<Exit, AppError> {
    let connection = resolve(connector, spec)?;
    let token = connector
        .connections()
        .fresh_access_token(&connection.id)
        .await
        .map_err(AppError::from)?;
    writeln!(out, "{}", token.expose_secret()).map_err(io)?;
    Ok(Exit::Ok)
}
