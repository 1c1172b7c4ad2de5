//! Netlify's screens: a site with where it builds from and its latest
//! deploys ([`site`]), and its environment variables ([`env_vars`]), whose
//! values stay in Rust until the user reveals a plain one.

pub mod env_vars;
pub mod site;

use super::api::NetlifyApi;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;

pub(crate) fn netlify<'a>(
    connections: &'a Connections,
    id: &ConnectionId,
) -> Result<&'a NetlifyApi, ConnectError> {
    connections.api_of::<NetlifyApi>(id)
}
