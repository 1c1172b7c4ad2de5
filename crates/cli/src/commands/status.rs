//! `lk status`: every connection, as the app's sidebar and connection
//! header show it, plus whether it still works: one quick authenticated
//! call per connection, all at once.

use std::io::Write;

use latchkey_core::connect::Connector;
use latchkey_core::connections::metadata::{ConnectionMeta, ConnectionStatus};
use latchkey_core::connections::ConnectionSource;
use latchkey_core::error::AppError;
use latchkey_core::providers::ConnectionCovers;
use serde::Serialize;

use super::{code_name, io};
use crate::Exit;
use crate::{feel, output};

/// One connection in `lk status --json`.
#[derive(Serialize)]
struct Entry {
    /// `provider:account`, what other commands take.
    connection: String,
    provider: String,
    provider_name: String,
    account: String,
    account_name: String,
    covers: ConnectionCovers,
    user: Option<String>,
    /// Where its credential came from: `oauth_app`, `broker`,
    /// `personal_token` or `user_defined`.
    source: ConnectionSource,
    /// `connected` or `needs_reconnect`, as the app last saw it.
    status: ConnectionStatus,
    connected_at: u64,
    /// When a sign-in nothing can renew ends (Unix seconds), if it does.
    sign_in_ends_at: Option<u64>,
    /// When the access token expires (Unix seconds), if it does, and
    /// whether Latchkey renews it by itself (a refresh token).
    token_expires_at: Option<u64>,
    refreshes: bool,
    /// The check just made.
    health: Health,
}

#[derive(Serialize)]
struct Health {
    ok: bool,
    /// The error's code when not ok (the app's codes: `needs_reconnect`, `network`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Serialize)]
struct Report {
    connections: Vec<Entry>,
}

pub async fn run(connector: &Connector, json: bool, out: &mut dyn Write) -> Result<Exit, AppError> {
    let connections = connector.connections().list().map_err(AppError::from)?;
    // The check first: a renewal it makes shows in the expiry read next.
    let checked = connections.iter().map(|c| async move {
        let result = connector.connections().check(&c.id).await;
        let detail = connector.connections().detail(&c.id).await.ok();
        (result, detail)
    });
    let results = futures::future::join_all(checked).await;
    let entries: Vec<Entry> = connections
        .into_iter()
        .zip(results)
        .map(|(c, (result, detail))| {
            let mut e = entry(connector, c, result.map_err(AppError::from));
            if let Some(d) = detail {
                e.token_expires_at = d.expires_at;
                e.refreshes = d.refreshes;
            }
            e
        })
        .collect();
    let all_ok = entries.iter().all(|e| e.health.ok);
    if json {
        output::json(
            out,
            &Report {
                connections: entries,
            },
        )
        .map_err(io)?;
    } else if entries.is_empty() {
        writeln!(
            out,
            "No connections yet. Connect one in the Latchkey window."
        )
        .map_err(io)?;
    } else {
        let rows: Vec<Vec<String>> = entries.iter().map(row).collect();
        output::table(
            out,
            &["CONNECTION", "PROVIDER", "NAME", "USER", "SOURCE", "STATE"],
            &rows,
        )
        .map_err(io)?;
    }
    Ok(if all_ok { Exit::Ok } else { Exit::Failed })
}

fn entry(connector: &Connector, c: ConnectionMeta, result: Result<(), AppError>) -> Entry {
    let info = connector
        .registry()
        .get(&c.id.provider)
        .ok()
        .map(|p| p.info());
    let health = match result {
        Ok(()) => Health {
            ok: true,
            code: None,
            message: None,
        },
        Err(e) => Health {
            ok: false,
            code: Some(code_name(&e)),
            message: Some(e.message),
        },
    };
    Entry {
        connection: format!("{}:{}", c.id.provider, c.id.account),
        provider_name: info
            .as_ref()
            .map_or_else(|| c.id.provider.clone(), |i| i.display_name.clone()),
        covers: info.map_or(ConnectionCovers::User, |i| i.covers),
        provider: c.id.provider,
        account: c.id.account,
        account_name: c.account_name,
        user: c.user,
        source: c.source,
        status: c.status,
        connected_at: c.connected_at,
        sign_in_ends_at: c.sign_in_ends_at,
        token_expires_at: None,
        refreshes: false,
        health,
    }
}

fn row(e: &Entry) -> Vec<String> {
    // The last column: no padding after it for colour to upset.
    let state = if e.health.ok {
        feel::paint("ok", feel::Tone::Good)
    } else {
        feel::paint(
            &e.health.message.clone().unwrap_or_default(),
            feel::Tone::Bad,
        )
    };
    vec![
        e.connection.clone(),
        e.provider_name.clone(),
        e.account_name.clone(),
        e.user.clone().unwrap_or_default(),
        e.source.label().to_owned(),
        state,
    ]
}
