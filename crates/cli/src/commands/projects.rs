//! `lk projects`: every project or site of the connections (or those the
//! filters name), all pages, connections fetched at once. A connection that
//! fails is reported and the others are still listed; the exit code says
//! something failed.

use std::io::Write;

use futures::stream::{FuturesUnordered, StreamExt};
use latchkey_core::connect::{ConnectError, Connector};
use latchkey_core::connections::metadata::ConnectionMeta;
use latchkey_core::error::AppError;
use latchkey_core::manage::project_list::fetch_all;
use latchkey_core::providers::ProjectSummary;
use serde::Serialize;

use super::{code_name, io};
use crate::Exit;
use crate::{feel, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this provider's connections (supabase, neon, netlify, …).
    #[arg(long)]
    pub provider: Option<String>,
    /// Only this account (an organization slug or user id, or `provider:account`).
    #[arg(long)]
    pub account: Option<String>,
    /// Only projects whose name or reference contains TEXT (any case).
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
}

/// One project in `lk projects --json`.
#[derive(Serialize)]
struct Row {
    connection: String,
    provider: String,
    reference: String,
    name: String,
    region: Option<String>,
    url: Option<String>,
    status: String,
    created_at: String,
}

#[derive(Serialize)]
struct Failure {
    connection: String,
    code: String,
    message: String,
}

#[derive(Serialize)]
struct Report {
    projects: Vec<Row>,
    /// Connections whose projects could not be listed.
    errors: Vec<Failure>,
}

fn wanted(args: &Args, c: &ConnectionMeta) -> bool {
    let full = format!("{}:{}", c.id.provider, c.id.account);
    args.provider.as_ref().is_none_or(|p| p == &c.id.provider)
        && args
            .account
            .as_ref()
            .is_none_or(|a| a == &c.id.account || a == &full)
}

pub async fn run(
    connector: &Connector,
    args: &Args,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit, AppError> {
    let registry = connector.registry();
    let connections: Vec<ConnectionMeta> = connector
        .connections()
        .list()
        .map_err(AppError::from)?
        .into_iter()
        .filter(|c| wanted(args, c))
        // A user-defined provider has no projects to list.
        .filter(|c| {
            registry
                .get(&c.id.provider)
                .is_ok_and(|p| !p.is_user_defined())
        })
        .collect();
    let results = fetch_with_progress(connector, &connections, err).await;
    let needle = args.filter.as_ref().map(|f| f.to_lowercase());
    let mut report = Report {
        projects: Vec::new(),
        errors: Vec::new(),
    };
    for (c, result) in connections.iter().zip(results) {
        let connection = format!("{}:{}", c.id.provider, c.id.account);
        match result {
            Ok(projects) => report.projects.extend(
                projects
                    .into_iter()
                    .filter(|p| {
                        needle.as_ref().is_none_or(|n| {
                            p.name.to_lowercase().contains(n)
                                || p.reference.to_lowercase().contains(n)
                        })
                    })
                    .map(|p| Row {
                        connection: connection.clone(),
                        provider: c.id.provider.clone(),
                        reference: p.reference,
                        name: p.name,
                        region: p.region,
                        url: p.url,
                        status: p.status,
                        created_at: p.created_at,
                    }),
            ),
            Err(e) => {
                let e = AppError::from(e);
                report.errors.push(Failure {
                    connection,
                    code: code_name(&e),
                    message: e.message,
                });
            }
        }
    }
    if json {
        output::json(out, &report).map_err(io)?;
    } else {
        let rows: Vec<Vec<String>> = report
            .projects
            .iter()
            .map(|p| {
                vec![
                    p.connection.clone(),
                    p.name.clone(),
                    p.reference.clone(),
                    p.region.clone().or(p.url.clone()).unwrap_or_default(),
                    // The last column: no padding after it for colour to upset.
                    feel::paint(&p.status, feel::status_tone(&p.status)),
                ]
            })
            .collect();
        output::table(
            out,
            &["CONNECTION", "NAME", "REFERENCE", "REGION/URL", "STATUS"],
            &rows,
        )
        .map_err(io)?;
        for f in &report.errors {
            writeln!(err, "lk: {}: {}", f.connection, f.message).map_err(io)?;
        }
    }
    Ok(if report.errors.is_empty() {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

/// Every connection's projects, all at once, in the connections' order; on
/// a terminal, a progress line while it takes over a second.
async fn fetch_with_progress(
    connector: &Connector,
    connections: &[ConnectionMeta],
    err: &mut dyn Write,
) -> Vec<Result<Vec<ProjectSummary>, ConnectError>> {
    let mut pending: FuturesUnordered<_> = connections
        .iter()
        .enumerate()
        .map(|(i, c)| async move { (i, fetch_all(connector.connections(), &c.id).await) })
        .collect();
    let mut results: Vec<Option<Result<Vec<ProjectSummary>, ConnectError>>> =
        connections.iter().map(|_| None).collect();
    let (mut progress, mut done, mut listed) = (feel::Progress::new(), 0, 0);
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
    while done < connections.len() {
        tokio::select! {
            Some((i, result)) = pending.next() => {
                listed += result.as_ref().map_or(0, Vec::len);
                results[i] = Some(result);
                done += 1;
            }
            _ = tick.tick() => {}
        }
        progress.update(
            err,
            &format!(
                "Listing projects… {done} of {} connections, {listed} projects so far",
                connections.len()
            ),
        );
    }
    progress.done(err);
    results.into_iter().flatten().collect()
}
