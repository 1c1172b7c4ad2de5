//! Where a Postgres client connects to a Supabase project: the direct host,
//! or Supavisor's pooler in session or transaction mode.
//!
//! The direct host `db.<ref>.supabase.co:5432` resolves to IPv6 only unless
//! the project has the IPv4 add-on; the pooler's `aws-<n>-<region>.pooler.
//! supabase.com` works on IPv4 networks, and its exact host comes from the
//! pooler configuration endpoint (never guessed). That endpoint describes
//! the primary's transaction pooler (port 6543); session mode is the same
//! host and user on port 5432, as Supabase documents. A paused project has
//! no pooler: the endpoint answers `[]`, and only the direct route remains.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::api::PoolerConfig;

/// The pooler's session mode listens on the standard Postgres port.
const SESSION_PORT: u16 = 5432;

/// Which way into the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DatabaseRoute {
    Direct,
    SessionPooler,
    TransactionPooler,
}

/// A route's address, without a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseEndpoint {
    pub route: DatabaseRoute,
    pub user: String,
    pub host: String,
    pub port: u16,
    pub database: String,
}

/// What the page shows of a route: its address with `[DB-PASSWORD]` in the
/// password's place, and when to use it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DatabaseEndpointView {
    pub route: DatabaseRoute,
    pub label: String,
    pub template: String,
    /// Which networks reach it.
    pub networks: String,
    /// What it suits.
    pub use_for: String,
}

/// The direct connection to `reference`'s database.
pub fn direct(reference: &str) -> DatabaseEndpoint {
    DatabaseEndpoint {
        route: DatabaseRoute::Direct,
        user: "postgres".into(),
        host: format!("db.{reference}.supabase.co"),
        port: 5432,
        database: "postgres".into(),
    }
}

/// The session and transaction poolers of the primary database, from the
/// pooler configuration; none when it lists no primary (a paused project).
pub fn poolers(configs: &[PoolerConfig]) -> Vec<DatabaseEndpoint> {
    let primary = |mode: &str| {
        configs
            .iter()
            .find(|c| c.database_type == "PRIMARY" && c.pool_mode == mode)
    };
    let Some(any) = primary("transaction").or_else(|| primary("session")) else {
        return Vec::new();
    };
    let at = |route, port| DatabaseEndpoint {
        route,
        user: any.db_user.clone(),
        host: any.db_host.clone(),
        port,
        database: any.db_name.clone(),
    };
    let session_port = primary("session").map_or(SESSION_PORT, |c| c.db_port);
    let mut found = vec![at(DatabaseRoute::SessionPooler, session_port)];
    if let Some(transaction) = primary("transaction") {
        found.push(at(DatabaseRoute::TransactionPooler, transaction.db_port));
    }
    found
}

impl DatabaseEndpoint {
    /// The connection string with `password` percent-encoded in its
    /// userinfo, so a client reads back exactly that password.
    pub fn with_password(&self, password: &SecretString) -> SecretString {
        let encoded = utf8_percent_encode(password.expose_secret(), USERINFO);
        SecretString::from(self.uri(&encoded.to_string()))
    }

    pub fn view(&self) -> DatabaseEndpointView {
        let (label, networks, use_for) = match self.route {
            DatabaseRoute::Direct => (
                "Direct connection",
                "IPv6 only, unless the project has the IPv4 add-on",
                "Long-lived servers and migrations, where IPv6 works",
            ),
            DatabaseRoute::SessionPooler => (
                "Session pooler",
                "IPv4 and IPv6",
                "Long-lived servers on IPv4 networks; prepared statements work",
            ),
            DatabaseRoute::TransactionPooler => (
                "Transaction pooler",
                "IPv4 and IPv6",
                "Serverless and edge functions: many short connections; no prepared statements",
            ),
        };
        DatabaseEndpointView {
            route: self.route,
            label: label.into(),
            template: self.uri("[DB-PASSWORD]"),
            networks: networks.into(),
            use_for: use_for.into(),
        }
    }

    fn uri(&self, password: &str) -> String {
        format!(
            "postgresql://{}:{password}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }
}

/// What stays literal in the password: RFC 3986's unreserved characters.
/// Everything else is percent-encoded, a superset of the WHATWG userinfo set,
/// so both libpq's RFC 3986 parser and URL libraries read the same password.
/// (Form encoding is wrong here: it writes a space as `+`, which userinfo
/// takes literally.)
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    fn config(mode: &str, port: u16) -> PoolerConfig {
        PoolerConfig {
            database_type: "PRIMARY".into(),
            db_user: "postgres.abcdefghijklmnopqrst".into(),
            db_host: "aws-0-eu-central-1.pooler.supabase.com".into(),
            db_port: port,
            db_name: "postgres".into(),
            pool_mode: mode.into(),
        }
    }

    #[test]
    fn one_transaction_entry_gives_both_poolers_on_supabases_ports() {
        let found = poolers(&[config("transaction", 6543)]);
        let templates: Vec<String> = found.iter().map(|e| e.view().template).collect();
        assert_eq!(
            templates,
            [
                "postgresql://postgres.abcdefghijklmnopqrst:[DB-PASSWORD]@aws-0-eu-central-1.pooler.supabase.com:5432/postgres",
                "postgresql://postgres.abcdefghijklmnopqrst:[DB-PASSWORD]@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
            ]
        );
    }

    #[test]
    fn a_paused_project_or_a_replica_only_list_has_no_pooler() {
        assert!(poolers(&[]).is_empty());
        let mut replica = config("transaction", 6543);
        replica.database_type = "READ_REPLICA".into();
        assert!(poolers(&[replica]).is_empty());
    }

    #[test]
    fn a_listed_session_port_wins_over_the_documented_one() {
        let found = poolers(&[config("session", 5433), config("transaction", 6543)]);
        assert_eq!(found[0].port, 5433);
        assert_eq!(found[1].route, DatabaseRoute::TransactionPooler);
    }

    #[test]
    fn the_direct_route_is_supabases_documented_host() {
        assert_eq!(
            direct("abcdefghijklmnopqrst").view().template,
            "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"
        );
    }

    #[test]
    fn the_password_is_percent_encoded_in_the_userinfo() {
        let uri = direct("abcdefghijklmnopqrst").with_password(&SecretString::from("a b@c:d/e%"));
        assert_eq!(
            uri.expose_secret(),
            "postgresql://postgres:a%20b%40c%3Ad%2Fe%25@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"
        );
    }
}
